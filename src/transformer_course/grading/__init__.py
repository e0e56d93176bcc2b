"""Grading: the check machinery, each exercise's check, quizzes and explorers.

A notebook calls these through ``tc``: ``tc.check_encoder_block(EncoderBlock)``,
``tc.quiz([...])``, ``tc.explore(draw, controls)``. One module of checks per notebook
(``attention_checks`` for 02, ``encoder_checks`` for 05, …); see docs/ARCHITECTURE.md.
"""

from .attention_checks import check_scaled_dot_product_attention
from .checks import Case, check, choose
from .decoder_checks import check_decoder_block, check_shift_right
from .encoder_checks import check_encoder_block
from .explorers import explore
from .hints import hint
from .intuition_checks import check_count_encoder_layer_params, pytorch_encoder_layer_params
from .multihead_checks import (
    check_merge_heads,
    check_multi_head_attention,
    check_split_heads,
    compare_mha_with_torch,
)
from .positional_checks import check_sinusoidal_positional_encoding
from .quizzes import Question, quiz
from .recap_checks import check_count_gpt2_params
from .shuru_checks import check_warm_up, warm_up
from .tiny_checks import check_attention_maps, check_exact_match_accuracy
from .vs_rnn_checks import check_gradient_norm_per_position, check_make_recall_batch

__all__ = [
    "Case", "check", "choose", "hint", "Question", "quiz", "explore",
    "check_warm_up", "warm_up",
    "check_count_encoder_layer_params", "pytorch_encoder_layer_params",
    "check_scaled_dot_product_attention",
    "check_sinusoidal_positional_encoding",
    "check_split_heads", "check_merge_heads", "check_multi_head_attention",
    "compare_mha_with_torch",
    "check_encoder_block",
    "check_attention_maps", "check_exact_match_accuracy",
    "check_make_recall_batch", "check_gradient_norm_per_position",
    "check_shift_right", "check_decoder_block",
    "check_count_gpt2_params",
]
