"""Notebook 02's exercise check: scaled dot-product attention against F.scaled_dot_product_attention."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ..model.dot_product_attention import causal_mask, scaled_dot_product_attention
from .checks import Case, check


def _oracle(q, k, v, mask=None):
    """What the learner's function must return: F.sdpa's output and the reference weights."""
    _, weights = scaled_dot_product_attention(q, k, v, mask)  # also raises on bad input
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask), weights


def check_scaled_dot_product_attention(fn) -> bool:
    """Check ``fn(q, k, v, mask=None) -> (output, weights)`` on shapes, masks and edge cases."""
    g = torch.Generator().manual_seed(2)

    def rand(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=dtype)

    bool_mask = torch.tensor([[True, True, True, False, False]] * 3 + [[True] * 5] * 2)
    float_mask = torch.zeros(4, 6)
    float_mask[:, 0] = 1.5
    float_mask[:, 4:] = float("-inf")
    float_mask[2, 1] = -2.0
    blocked_row = torch.ones(4, 5, dtype=torch.bool)
    blocked_row[1] = False
    cases = [
        Case("ek sentence, 2-D: q, k, v (4, 8)", (rand(4, 8), rand(4, 8), rand(4, 8))),
        Case("batched 3-D, L_q ≠ L_k, d_v ≠ d_k: q (2, 3, 8), k (2, 6, 8), v (2, 6, 5)",
             (rand(2, 3, 8), rand(2, 6, 8), rand(2, 6, 5))),
        Case("4-D (batch, heads, seq, d_k): (2, 3, 5, 4)",
             (rand(2, 3, 5, 4), rand(2, 3, 5, 4), rand(2, 3, 5, 4))),
        Case("float64 inputs", (rand(3, 4, dtype=torch.float64), rand(5, 4, dtype=torch.float64),
                                rand(5, 2, dtype=torch.float64))),
        Case("bool mask (5, 5): True = dekh sakta hai", (rand(2, 5, 4), rand(2, 5, 4), rand(2, 5, 4),
                                                         bool_mask)),
        Case("additive float mask (4, 6): score me jodiye (0, 1.5, -2, -inf)",
             (rand(4, 8), rand(6, 8), rand(6, 3), float_mask)),
        Case("causal mask (6, 6)", (rand(1, 6, 4), rand(1, 6, 4), rand(1, 6, 4), causal_mask(6))),
        Case("ek query ki poori row blocked → weights aur output 0",
             (rand(4, 4), rand(5, 4), rand(5, 3), blocked_row)),
        Case("galat input: q ka d_k 8, k ka d_k 6 → ValueError", (rand(3, 8), rand(3, 6), rand(3, 8))),
    ]
    return check("scaled_dot_product_attention", fn, _oracle, cases,
                 hint="(output, weights) return kijiye. scores = q @ k.transpose(-2, -1) / "
                      "math.sqrt(d_k); bool mask: scores.masked_fill(~mask, float('-inf')); float "
                      "mask: scores + mask; softmax(dim=-1); jis row me sab -inf ho uske weights 0; "
                      "output = weights @ v. d_k alag ho to ValueError raise kijiye.")
