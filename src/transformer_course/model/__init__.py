"""The from-scratch Transformer: torch only, small enough to read, usable after the course.

Every public piece is tested against PyTorch's own layer as an oracle (tests/). Import it as
``from transformer_course.model import MultiHeadAttention`` or use ``tc.MultiHeadAttention``.
"""

from .beam_search import beam_search, sequence_log_prob
from .decoder_layers import DecoderBlock, shift_right
from .dot_product_attention import (
    attention_scores,
    blocked_causal_mask,
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
)
from .encoder_layers import Encoder, EncoderBlock, FeedForward
from .generation import generate, greedy_decode, next_token, sampling_probabilities, top_p_filter
from .kv_cache import cached_logits, generate_ids, kv_cache_step
from .multi_head_attention import (
    MultiHeadAttention,
    SelfAttention,
    merge_heads,
    multihead_parameter_count,
    split_heads,
)
from .param_counts import (
    PAPER_BASE,
    PAPER_VOCAB,
    count_encoder_layer_params,
    count_gpt2_params,
    count_parameters,
    embedding_parameters,
    encoder_param_breakdown,
    param_breakdown,
    transformer_parameter_groups,
)
from .positional_encoding import (
    PositionalEncoding,
    add_positional_encoding,
    apply_rotary,
    frequencies,
    rotation_matrix,
    sinusoidal_positional_encoding,
    wavelengths,
)
from .probes import (
    attention_maps,
    capture_attention,
    capture_cross_attention,
    dependency_matrix,
    flow_layers,
    gradient_norm_per_position,
)
from .tiny_models import (
    CharGenerator,
    PairEmbedding,
    RecallRNN,
    RecallTransformer,
    RecurrentLayer,
    Seq2Seq,
    TinyTransformer,
)
from .training import (
    IGNORE_INDEX,
    History,
    cross_entropy,
    exact_match_accuracy,
    fit,
    lr_at,
    predict,
    sequence_accuracy,
    token_accuracy,
)

__all__ = [
    "DecoderBlock", "shift_right",
    "attention_scores", "blocked_causal_mask", "causal_mask", "padding_mask",
    "scaled_dot_product_attention",
    "Encoder", "EncoderBlock", "FeedForward",
    "generate", "greedy_decode", "next_token", "sampling_probabilities", "top_p_filter",
    "beam_search", "sequence_log_prob", "cached_logits", "generate_ids", "kv_cache_step",
    "MultiHeadAttention", "SelfAttention", "merge_heads", "multihead_parameter_count", "split_heads",
    "count_encoder_layer_params", "count_gpt2_params", "count_parameters", "param_breakdown",
    "PAPER_BASE", "PAPER_VOCAB", "embedding_parameters",
    "encoder_param_breakdown", "transformer_parameter_groups",
    "PositionalEncoding", "add_positional_encoding", "apply_rotary", "frequencies",
    "rotation_matrix", "sinusoidal_positional_encoding", "wavelengths",
    "attention_maps", "capture_attention", "capture_cross_attention", "dependency_matrix", "flow_layers",
    "gradient_norm_per_position",
    "CharGenerator", "PairEmbedding", "RecallRNN", "RecallTransformer", "RecurrentLayer",
    "Seq2Seq", "TinyTransformer",
    "IGNORE_INDEX", "History", "cross_entropy", "exact_match_accuracy", "fit", "lr_at", "predict",
    "sequence_accuracy", "token_accuracy",
]
