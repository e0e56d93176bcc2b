"""Bad-input sweep: every public helper answers wrong input with the course's own error.

Each row is one call that must raise ``tc.CourseError`` (a ValueError with a Hinglish message
naming what was expected and what came), never a bare PyTorch traceback or a silent result.
"""

from __future__ import annotations

import pytest
import torch

import transformer_course as tc
from transformer_course.data import number_words, tasks
from transformer_course.tools import teaching

f32, i64 = torch.float32, torch.int64
x3 = torch.randn(2, 5, 8)
mha = tc.MultiHeadAttention(8, 2, batch_first=True)
block = tc.EncoderBlock(8, 2, 16, batch_first=True)

CASES = {
    # 00 / infrastructure
    "warm_up: int tensor": lambda: tc.warm_up(torch.tensor([1, 2])),
    "warm_up: list": lambda: tc.warm_up([1.0, 2.0]),
    "Question: one option": lambda: tc.Question("?", ["a"], answer=0, explanation="."),
    "Question: answer out of range": lambda: tc.Question("?", ["a", "b"], answer=5, explanation="."),
    "lesson: unknown stem": lambda: tc.course_map.lesson("99_nothing"),
    "hub link: no scheme": lambda: teaching.nbgitpuller_link("hub.example.org"),
    "heatmap: 3-D": lambda: tc.plotting.heatmap(torch.rand(2, 3, 3)),
    # 02 attention
    "sdpa: int q": lambda: tc.scaled_dot_product_attention(torch.ones(3, 4, dtype=i64), torch.ones(3, 4), torch.ones(3, 4)),
    "sdpa: 1-D q": lambda: tc.scaled_dot_product_attention(torch.ones(4), torch.ones(3, 4), torch.ones(3, 4)),
    "sdpa: d_k mismatch": lambda: tc.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 5), torch.ones(3, 5)),
    "sdpa: k/v length mismatch": lambda: tc.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(2, 4)),
    "sdpa: dtype mix": lambda: tc.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4).double(), torch.ones(3, 4)),
    "sdpa: batch dims clash": lambda: tc.scaled_dot_product_attention(torch.ones(2, 3, 4), torch.ones(3, 3, 4), torch.ones(3, 3, 4)),
    "sdpa: mask cannot broadcast": lambda: tc.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 4), torch.ones(2, 2, dtype=torch.bool)),
    "sdpa: int mask": lambda: tc.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 3, dtype=i64)),
    "sdpa: mask is a list": lambda: tc.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 4), [[True] * 3] * 3),
    "sdpa: tensor is a list": lambda: tc.scaled_dot_product_attention([[1.0]], torch.ones(1, 1), torch.ones(1, 1)),
    "causal_mask: zero": lambda: tc.causal_mask(0),
    "causal_mask: float": lambda: tc.causal_mask(2.5),
    "padding_mask: negative": lambda: tc.padding_mask([2, -1]),
    "padding_mask: too short max_len": lambda: tc.padding_mask([2, 5], max_len=3),
    "padding_mask: float lengths": lambda: tc.padding_mask(torch.tensor([1.5])),
    # 03 positional
    "PE: odd d_model": lambda: tc.sinusoidal_positional_encoding(10, 7),
    "PE: zero max_len": lambda: tc.sinusoidal_positional_encoding(0, 8),
    "PE: negative d_model": lambda: tc.sinusoidal_positional_encoding(4, -2),
    "PE: float size": lambda: tc.sinusoidal_positional_encoding(4.0, 8),
    "rotation_matrix: odd d_model": lambda: tc.rotation_matrix(1, 5),
    "add PE: too long": lambda: tc.add_positional_encoding(torch.randn(1, 20, 8), tc.sinusoidal_positional_encoding(10, 8)),
    "add PE: d_model mismatch": lambda: tc.add_positional_encoding(torch.randn(1, 5, 6), tc.sinusoidal_positional_encoding(10, 8)),
    "rotary: odd dim": lambda: tc.apply_rotary(torch.randn(4, 5)),
    # 04 multi-head
    "MHA: not divisible": lambda: tc.MultiHeadAttention(10, 3),
    "MHA: zero heads": lambda: tc.MultiHeadAttention(8, 0),
    "MHA: wrong last dim": lambda: mha(torch.randn(2, 5, 6), torch.randn(2, 5, 6), torch.randn(2, 5, 6)),
    "MHA: int input": lambda: mha(torch.ones(2, 5, 8, dtype=i64), torch.ones(2, 5, 8, dtype=i64), torch.ones(2, 5, 8, dtype=i64)),
    "MHA: 4-D input": lambda: mha(torch.randn(1, 2, 5, 8), torch.randn(1, 2, 5, 8), torch.randn(1, 2, 5, 8)),
    "MHA: attn_mask shape": lambda: mha(x3, x3, x3, attn_mask=torch.zeros(4, 4, dtype=torch.bool)),
    "MHA: padding mask shape": lambda: mha(x3, x3, x3, key_padding_mask=torch.zeros(2, 4, dtype=torch.bool)),
    "MHA: int mask": lambda: mha(x3, x3, x3, attn_mask=torch.zeros(5, 5, dtype=i64)),
    "MHA: key/value lengths": lambda: mha(x3, torch.randn(2, 5, 8), torch.randn(2, 4, 8)),
    "MHA: dropout 1.5": lambda: tc.MultiHeadAttention(8, 2, dropout=1.5),
    "MHA: dropout negative": lambda: tc.MultiHeadAttention(8, 2, dropout=-0.1),
    "MHA: dropout as text": lambda: tc.MultiHeadAttention(8, 2, dropout="0.1"),
    "MHA: add_bias_kv": lambda: tc.MultiHeadAttention(8, 2, 0.0, True, True),
    "MHA: add_zero_attn": lambda: tc.MultiHeadAttention(8, 2, add_zero_attn=True),
    "MHA: kdim differs": lambda: tc.MultiHeadAttention(8, 2, kdim=4),
    "MHA: float64 input": lambda: mha(x3.double(), x3.double(), x3.double()),
    "MHA: is_causal without mask": lambda: mha(x3, x3, x3, is_causal=True),
    "split_heads: not divisible": lambda: tc.split_heads(torch.randn(2, 5, 8), 3),
    "split_heads: 2-D": lambda: tc.split_heads(torch.randn(5, 8), 2),
    "merge_heads: 3-D": lambda: tc.merge_heads(torch.randn(2, 5, 8)),
    # 05 encoder
    "FFN: zero width": lambda: tc.FeedForward(8, 0),
    "FFN: wrong d_model": lambda: tc.FeedForward(8, 16)(torch.randn(2, 5, 6)),
    "FFN: int input": lambda: tc.FeedForward(8, 16)(torch.ones(2, 5, 8, dtype=i64)),
    "block: unknown activation": lambda: tc.EncoderBlock(8, 2, 16, activation="tanhh"),
    "block: not divisible": lambda: tc.EncoderBlock(10, 3, 16),
    "block: dropout > 1": lambda: tc.EncoderBlock(8, 2, 16, dropout=1.5),
    "block: wrong d_model": lambda: block(torch.randn(2, 5, 6)),
    "block: 1-D input": lambda: block(torch.randn(8)),
    "Encoder: zero layers": lambda: tc.Encoder(block, 0),
    "FFN: float64 input": lambda: tc.FeedForward(8, 16)(torch.randn(2, 5, 8, dtype=torch.float64)),
    "pre-norm block: float64 input": lambda: tc.EncoderBlock(8, 2, 16, batch_first=True, norm_first=True)(x3.double()),
    "block: layer_norm_eps 0": lambda: tc.EncoderBlock(8, 2, 16, layer_norm_eps=0),
    "block: is_causal without mask": lambda: block(x3, is_causal=True),
    # 01 intuition
    "layer params: nhead 0": lambda: tc.count_encoder_layer_params(8, 0, 16),
    "layer params: not divisible": lambda: tc.count_encoder_layer_params(10, 3, 16),
    "layer params: negative ff": lambda: tc.count_encoder_layer_params(8, 2, -1),
    # 06 tiny / tasks, training
    "cross_entropy: shapes": lambda: tc.cross_entropy(torch.randn(2, 5, 10), torch.zeros(2, 4, dtype=i64)),
    "fit: zero steps": lambda: tc.fit(torch.nn.Linear(2, 2), lambda s: None, steps=0),
    "plot_history: bad axis": lambda: tc.plotting.plot_history({}, x="epoch"),
    "reversal_batch: zero batch": lambda: tasks.reversal_batch(0),
    "exact_match: shapes": lambda: tc.exact_match_accuracy(torch.randn(2, 5, 10), torch.zeros(3, 5, dtype=i64)),
    # 07 compare
    "recall batch: zero pairs": lambda: tc.tasks.make_recall_batch(4, 0),
    "recall batch: more pairs than keys": lambda: tc.tasks.make_recall_batch(4, 20, n_keys=16),
    "gradient per position: 2-D": lambda: tc.gradient_norm_per_position(torch.nn.Identity(), torch.randn(5, 4)),
    # 08 decoder
    "shift_right: 1-D": lambda: tc.shift_right(torch.tensor([1, 2, 3]), 0),
    "shift_right: float tokens": lambda: tc.shift_right(torch.ones(2, 3), 0),
    "decoder block: not divisible": lambda: tc.DecoderBlock(10, 3, 16),
    "decoder block: layer_norm_eps 0": lambda: tc.DecoderBlock(8, 2, 16, layer_norm_eps=0),
    "decoder block: layer_norm_eps negative": lambda: tc.DecoderBlock(8, 2, 16, layer_norm_eps=-1e-5),
    "decoder block: dropout 1.5": lambda: tc.DecoderBlock(8, 2, 16, dropout=1.5),
    "decoder block: float64 tgt": lambda: tc.DecoderBlock(8, 2, 16, batch_first=True, norm_first=True)(x3.double(), x3.double()),
    "decoder block: memory_is_causal without mask": lambda: tc.DecoderBlock(8, 2, 16, batch_first=True)(x3, x3, memory_is_causal=True),
    "sampling: negative temperature": lambda: tc.sampling_probabilities(torch.randn(10), temperature=-1.0),
    "sampling: top_k above vocab": lambda: tc.sampling_probabilities(torch.randn(10), top_k=11),
    "sampling: 3-D logits": lambda: tc.sampling_probabilities(torch.randn(2, 3, 10)),
    "sampling: top_k zero": lambda: tc.sampling_probabilities(torch.randn(10), top_k=0),
    "number words: negative": lambda: number_words.number_to_words(-5),
    "number words: float": lambda: number_words.number_to_words(3.5),
    "number words: unknown word": lambda: number_words.words_to_number("do sau kuchbhi"),
    # 09 recap
    "gpt2 params: zero layers": lambda: tc.count_gpt2_params(0, 768, 50257, 1024),
    "gpt2 params: float d_model": lambda: tc.count_gpt2_params(12, 768.0, 50257, 1024),
}


@pytest.mark.parametrize("call", CASES.values(), ids=CASES.keys())
def test_bad_input_gets_a_course_error(call):
    with pytest.raises(tc.CourseError) as error:
        call()
    message = str(error.value)
    assert "expected" in message or "chahiye" in message or "hona" in message, message


def test_sweep_size():
    assert len(CASES) >= 70
