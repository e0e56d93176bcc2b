"""Bad-input sweep: every public helper answers wrong input with the course's own error.

Each row is one call that must raise ``tc.CourseError`` (a ValueError with a Hinglish message
naming what was expected and what came), never a bare PyTorch traceback or a silent result.
"""

from __future__ import annotations

import pytest
import torch

import transformer_course as tc
from transformer_course import (
    attention,
    compare,
    decoder,
    encoder,
    intuition,
    multihead,
    number_words,
    positional,
    recap,
    start,
    tasks,
    teaching,
    tiny,
    training,
)

f32, i64 = torch.float32, torch.int64
x3 = torch.randn(2, 5, 8)
mha = multihead.MultiHeadAttention(8, 2, batch_first=True)
block = encoder.EncoderBlock(8, 2, 16, batch_first=True)

CASES = {
    # 00 / infrastructure
    "warm_up: int tensor": lambda: start.warm_up(torch.tensor([1, 2])),
    "warm_up: list": lambda: start.warm_up([1.0, 2.0]),
    "Question: one option": lambda: tc.Question("?", ["a"], answer=0, explanation="."),
    "Question: answer out of range": lambda: tc.Question("?", ["a", "b"], answer=5, explanation="."),
    "lesson: unknown stem": lambda: tc.course.lesson("99_nothing"),
    "hub link: no scheme": lambda: teaching.nbgitpuller_link("hub.example.org"),
    "heatmap: 3-D": lambda: tc.plotting.heatmap(torch.rand(2, 3, 3)),
    # 02 attention
    "sdpa: int q": lambda: attention.scaled_dot_product_attention(torch.ones(3, 4, dtype=i64), torch.ones(3, 4), torch.ones(3, 4)),
    "sdpa: 1-D q": lambda: attention.scaled_dot_product_attention(torch.ones(4), torch.ones(3, 4), torch.ones(3, 4)),
    "sdpa: d_k mismatch": lambda: attention.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 5), torch.ones(3, 5)),
    "sdpa: k/v length mismatch": lambda: attention.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(2, 4)),
    "sdpa: dtype mix": lambda: attention.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4).double(), torch.ones(3, 4)),
    "sdpa: batch dims clash": lambda: attention.scaled_dot_product_attention(torch.ones(2, 3, 4), torch.ones(3, 3, 4), torch.ones(3, 3, 4)),
    "sdpa: mask cannot broadcast": lambda: attention.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 4), torch.ones(2, 2, dtype=torch.bool)),
    "sdpa: int mask": lambda: attention.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 3, dtype=i64)),
    "sdpa: mask is a list": lambda: attention.scaled_dot_product_attention(torch.ones(3, 4), torch.ones(3, 4), torch.ones(3, 4), [[True] * 3] * 3),
    "sdpa: tensor is a list": lambda: attention.scaled_dot_product_attention([[1.0]], torch.ones(1, 1), torch.ones(1, 1)),
    "causal_mask: zero": lambda: attention.causal_mask(0),
    "causal_mask: float": lambda: attention.causal_mask(2.5),
    "padding_mask: negative": lambda: attention.padding_mask([2, -1]),
    "padding_mask: too short max_len": lambda: attention.padding_mask([2, 5], max_len=3),
    "padding_mask: float lengths": lambda: attention.padding_mask(torch.tensor([1.5])),
    # 03 positional
    "PE: odd d_model": lambda: positional.sinusoidal_positional_encoding(10, 7),
    "PE: zero max_len": lambda: positional.sinusoidal_positional_encoding(0, 8),
    "PE: negative d_model": lambda: positional.sinusoidal_positional_encoding(4, -2),
    "PE: float size": lambda: positional.sinusoidal_positional_encoding(4.0, 8),
    "rotation_matrix: odd d_model": lambda: positional.rotation_matrix(1, 5),
    "add PE: too long": lambda: positional.add_positional_encoding(torch.randn(1, 20, 8), positional.sinusoidal_positional_encoding(10, 8)),
    "add PE: d_model mismatch": lambda: positional.add_positional_encoding(torch.randn(1, 5, 6), positional.sinusoidal_positional_encoding(10, 8)),
    "rotary: odd dim": lambda: positional.apply_rotary(torch.randn(4, 5)),
    # 04 multi-head
    "MHA: not divisible": lambda: multihead.MultiHeadAttention(10, 3),
    "MHA: zero heads": lambda: multihead.MultiHeadAttention(8, 0),
    "MHA: wrong last dim": lambda: mha(torch.randn(2, 5, 6), torch.randn(2, 5, 6), torch.randn(2, 5, 6)),
    "MHA: int input": lambda: mha(torch.ones(2, 5, 8, dtype=i64), torch.ones(2, 5, 8, dtype=i64), torch.ones(2, 5, 8, dtype=i64)),
    "MHA: 4-D input": lambda: mha(torch.randn(1, 2, 5, 8), torch.randn(1, 2, 5, 8), torch.randn(1, 2, 5, 8)),
    "MHA: attn_mask shape": lambda: mha(x3, x3, x3, attn_mask=torch.zeros(4, 4, dtype=torch.bool)),
    "MHA: padding mask shape": lambda: mha(x3, x3, x3, key_padding_mask=torch.zeros(2, 4, dtype=torch.bool)),
    "MHA: int mask": lambda: mha(x3, x3, x3, attn_mask=torch.zeros(5, 5, dtype=i64)),
    "MHA: key/value lengths": lambda: mha(x3, torch.randn(2, 5, 8), torch.randn(2, 4, 8)),
    "split_heads: not divisible": lambda: multihead.split_heads(torch.randn(2, 5, 8), 3),
    "split_heads: 2-D": lambda: multihead.split_heads(torch.randn(5, 8), 2),
    "merge_heads: 3-D": lambda: multihead.merge_heads(torch.randn(2, 5, 8)),
    # 05 encoder
    "FFN: zero width": lambda: encoder.FeedForward(8, 0),
    "FFN: wrong d_model": lambda: encoder.FeedForward(8, 16)(torch.randn(2, 5, 6)),
    "FFN: int input": lambda: encoder.FeedForward(8, 16)(torch.ones(2, 5, 8, dtype=i64)),
    "block: unknown activation": lambda: encoder.EncoderBlock(8, 2, 16, activation="tanhh"),
    "block: not divisible": lambda: encoder.EncoderBlock(10, 3, 16),
    "block: dropout > 1": lambda: encoder.EncoderBlock(8, 2, 16, dropout=1.5),
    "block: wrong d_model": lambda: block(torch.randn(2, 5, 6)),
    "block: 1-D input": lambda: block(torch.randn(8)),
    "Encoder: zero layers": lambda: encoder.Encoder(block, 0),
    # 01 intuition
    "layer params: nhead 0": lambda: intuition.count_encoder_layer_params(8, 0, 16),
    "layer params: not divisible": lambda: intuition.count_encoder_layer_params(10, 3, 16),
    "layer params: negative ff": lambda: intuition.count_encoder_layer_params(8, 2, -1),
    # 06 tiny / tasks, training
    "cross_entropy: shapes": lambda: training.cross_entropy(torch.randn(2, 5, 10), torch.zeros(2, 4, dtype=i64)),
    "fit: zero steps": lambda: training.fit(torch.nn.Linear(2, 2), lambda s: None, steps=0),
    "plot_history: bad axis": lambda: training.plot_history({}, x="epoch"),
    "reversal_batch: zero batch": lambda: tasks.reversal_batch(0),
    "exact_match: shapes": lambda: tiny.exact_match_accuracy(torch.randn(2, 5, 10), torch.zeros(3, 5, dtype=i64)),
    # 07 compare
    "recall batch: zero pairs": lambda: compare.make_recall_batch(4, 0),
    "recall batch: more pairs than keys": lambda: compare.make_recall_batch(4, 20, n_keys=16),
    "gradient per position: 2-D": lambda: compare.gradient_norm_per_position(torch.nn.Identity(), torch.randn(5, 4)),
    # 08 decoder
    "shift_right: 1-D": lambda: decoder.shift_right(torch.tensor([1, 2, 3]), 0),
    "shift_right: float tokens": lambda: decoder.shift_right(torch.ones(2, 3), 0),
    "decoder block: not divisible": lambda: decoder.DecoderBlock(10, 3, 16),
    "sampling: negative temperature": lambda: decoder.sampling_probabilities(torch.randn(10), temperature=-1.0),
    "sampling: top_k above vocab": lambda: decoder.sampling_probabilities(torch.randn(10), top_k=11),
    "sampling: 3-D logits": lambda: decoder.sampling_probabilities(torch.randn(2, 3, 10)),
    "sampling: top_k zero": lambda: decoder.sampling_probabilities(torch.randn(10), top_k=0),
    "number words: negative": lambda: number_words.number_to_words(-5),
    "number words: float": lambda: number_words.number_to_words(3.5),
    "number words: unknown word": lambda: number_words.words_to_number("do sau kuchbhi"),
    # 09 recap
    "gpt2 params: zero layers": lambda: recap.count_gpt2_params(0, 768, 50257, 1024),
    "gpt2 params: float d_model": lambda: recap.count_gpt2_params(12, 768.0, 50257, 1024),
}


@pytest.mark.parametrize("call", CASES.values(), ids=CASES.keys())
def test_bad_input_gets_a_course_error(call):
    with pytest.raises(tc.CourseError) as error:
        call()
    message = str(error.value)
    assert "expected" in message or "chahiye" in message or "hona" in message, message


def test_sweep_size():
    assert len(CASES) >= 70
