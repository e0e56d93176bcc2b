"""Notebook 01_transformer_intuition, the cost of attention: matmul FLOPs of one encoder layer.

Counting only (no drawing): the n² part (QKᵀ, AV) against the linear part (projections, FFN),
where one overtakes the other, and a recurrent layer's count for the paper's Table 1.
``intuition.py`` draws with these and re-exports them as ``tc.intuition.<name>``."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import fail, require_layer_sizes, require_positive_int
from .claims import ratio

# One encoder layer's four kinds of matmul, for one sentence of n tokens (a matmul (a×b)·(b×c)
# costs 2·a·b·c FLOPs: one multiply and one add). Two grow with n², two with n.
QUADRATIC_PARTS = ("QKᵀ scores", "AV weighted sum")
LINEAR_PARTS = ("Q, K, V, out projections", "FFN")


def encoder_layer_flops(n: int, d_model: int, dim_feedforward: int | None = None) -> dict[str, int]:
    """Matmul FLOPs of one ``nn.TransformerEncoderLayer`` on one sentence of ``n`` tokens.

    QKᵀ: h heads × (n×d/h)·(d/h×n) = 2·n²·d; AV the same; the four d→d projections 8·n·d²;
    the FFN (d→f→d) 4·n·d·f (f defaults to 4·d). nhead never appears: the heads only split d.
    Softmax, biases, ReLU and LayerNorm (element-wise work) are not counted.
    """
    require_positive_int("n", n)
    require_positive_int("d_model", d_model)
    f = 4 * d_model if dim_feedforward is None else require_positive_int("dim_feedforward",
                                                                         dim_feedforward)
    d = d_model
    return {"QKᵀ scores": 2 * n * n * d, "AV weighted sum": 2 * n * n * d,
            "Q, K, V, out projections": 8 * n * d * d, "FFN": 4 * n * d * f}


def flops_split(n: int, d_model: int, dim_feedforward: int | None = None, *,
                ffn: bool = True) -> tuple[int, int]:
    """(n² part, linear part) of one layer's FLOPs; ``ffn=False``: the attention sub-layer alone."""
    parts = encoder_layer_flops(n, d_model, dim_feedforward)
    linear = parts["Q, K, V, out projections"] + (parts["FFN"] if ffn else 0)
    return sum(parts[k] for k in QUADRATIC_PARTS), linear


def crossover_length(d_model: int, dim_feedforward: int | None = None, *, ffn: bool = True) -> int:
    """The smallest n at which the n² part costs at least as much as the linear part.

    Found by search over ``flops_split`` (doubling, then bisection), not by a formula, so a test
    can hold it against the hand algebra: 4n²d ≥ 8nd² + 4ndf ⇔ n ≥ 2d + f.
    """
    def quadratic_wins(n: int) -> bool:
        quadratic, linear = flops_split(n, d_model, dim_feedforward, ffn=ffn)
        return quadratic >= linear

    hi = 1
    while not quadratic_wins(hi):
        hi *= 2
    lo = hi // 2  # quadratic_wins(lo) is False (or lo == 0)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if quadratic_wins(mid) else (mid, hi)
    return hi


def cost_rows(lengths: Sequence[int], d_model: int, nhead: int = 8,
              dim_feedforward: int | None = None) -> list[dict]:
    """One row per n: FLOPs of both parts, the n² part's share, and the bytes of the nhead·n²
    float32 attention weights if they are stored (FlashAttention-style kernels do not store them)."""
    require_layer_sizes(d_model, nhead, dim_feedforward or 4 * d_model)
    rows = []
    for n in lengths:
        quadratic, linear = flops_split(n, d_model, dim_feedforward)
        rows.append({"n": n, "quadratic": quadratic, "linear": linear,
                     "quadratic_share": quadratic / (quadratic + linear),
                     "scores_bytes": 4 * nhead * n * n})
    return rows


def cost_sentence(n: int, d_model: int, dim_feedforward: int | None = None) -> str:
    """Which part of one layer does more matmul work at this n, worded from the counts."""
    quadratic, linear = flops_split(n, d_model, dim_feedforward)
    return (f"n={n}, d={d_model}: " + ratio("linear hissa (projections + FFN)", linear,
                                            "n² hissa (QKᵀ, AV)", quadratic, "zyada FLOPs karta",
                                            "kam FLOPs karta"))


def recurrent_layer_flops(n: int, d_model: int, kind: str = "LSTM") -> int:
    """Matmul FLOPs of one recurrent layer (hidden size = input size = d) over n steps.

    Per step each gate does W·x and U·h, two d×d matmuls: 4·d² FLOPs per gate; a plain RNN
    has 1 gate, a GRU 3, an LSTM 4. The n steps run one after another."""
    require_positive_int("n", n)
    require_positive_int("d_model", d_model)
    gates = {"RNN": 1, "GRU": 3, "LSTM": 4}
    if kind not in gates:
        raise fail("`kind`", "'RNN', 'GRU' ya 'LSTM'", repr(kind))
    return gates[kind] * 4 * n * d_model * d_model


def cheaper_than_recurrent_below(d_model: int, kind: str = "LSTM") -> int | None:
    """Self-attention sub-layer vs a recurrent layer: the smallest n where attention is no longer
    cheaper in matmul FLOPs (None: never cheaper). 4n²d + 8nd² < gates·4nd² ⇔ n < (gates − 2)·d."""
    def attention_cheaper(n: int) -> bool:
        return sum(flops_split(n, d_model, ffn=False)) < recurrent_layer_flops(n, d_model, kind)
    if not attention_cheaper(1):
        return None
    n = 1
    while attention_cheaper(n):
        n += 1
    return n
