"""Notebook 04's exercise checks: the core exercise, batch-first SelfAttention with a padding mask.

(``multihead_checks`` holds split/merge heads and the ⭐ challenge, the twin of
nn.MultiheadAttention; this topic file never imports it.) The oracle is PyTorch's own
multi-head attention, ``F.multi_head_attention_forward`` (the function inside
nn.MultiheadAttention), behind SelfAttention's four Linear layers, with random weights and
biases. MISTAKES holds the course's SelfAttention with one typical mistake built in, so the
check can name the learner's.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ..model.dot_product_attention import scaled_dot_product_attention
from ..model.multi_head_attention import SelfAttention
from .checks import Case, check
from .hints import first_level, register
from .predictions import explain
from .twins import run_twin

__all__ = ["check_self_attention"]  # tc.<name> (see grading/__init__.py)

NAMES_HINT = ("naam yahi rakhiye: self.q_proj, self.k_proj, self.v_proj, self.out_proj "
              "(har ek nn.Linear(embed_dim, embed_dim), bias ke saath).")


class _PyTorchOracle(SelfAttention):
    """SelfAttention's layers (and input checks), computed by PyTorch's own function: the oracle."""

    def forward(self, x, key_padding_mask=None):
        seq_first = x.transpose(0, 1)  # PyTorch's function wants (L, B, E)
        bias = torch.cat([self.q_proj.bias, self.k_proj.bias, self.v_proj.bias])
        output, weights = F.multi_head_attention_forward(
            seq_first, seq_first, seq_first, self.embed_dim, self.num_heads, None, bias, None, None,
            False, 0.0, self.out_proj.weight, self.out_proj.bias, training=False,
            key_padding_mask=key_padding_mask, need_weights=True, average_attn_weights=False,
            use_separate_proj_weight=True, q_proj_weight=self.q_proj.weight,
            k_proj_weight=self.k_proj.weight, v_proj_weight=self.v_proj.weight)
        return output.transpose(0, 1), weights


def _run(impl, config: dict, inputs: dict | None = None):
    """Build ``impl(**config)``; with ``inputs``, copy random weights of the oracle in and run it.

    Without ``inputs`` it returns the parameter count (and a bad size must raise in __init__).
    """
    if inputs is None:
        return sum(p.numel() for p in impl(**config).parameters())
    x, rest = inputs["x"], {k: v for k, v in inputs.items() if k != "x"}
    return run_twin(impl, _PyTorchOracle, config, lambda module: module(x, **rest),
                    names_hint=NAMES_HINT)


def _case(label: str, batch: int, length: int, embed_dim: int, heads: int, lengths=None,
          seed: int = 0) -> Case:
    """x (B, L, E) from a fixed generator; ``lengths`` → a bool padding mask (True = padding)."""
    x = torch.randn(batch, length, embed_dim, generator=torch.Generator().manual_seed(seed))
    inputs = {"x": x}
    if lengths is not None:
        inputs["key_padding_mask"] = torch.arange(length) >= torch.tensor(lengths)[:, None]
    return Case(label, kwargs=dict(config=dict(embed_dim=embed_dim, num_heads=heads),
                                   inputs=inputs))


def _with_mistake(kind: str, fill: str = "-inf") -> type:
    """The course's SelfAttention with one typical mistake built in (a compact forward).

    ``fill`` is how the learner blocks: "-inf" or "-1e9" with masked_fill, or "sdpa" (notebook
    02's function, True = may look). They differ only where a row is fully blocked.
    """
    class Mistaken(SelfAttention):
        def forward(self, x, key_padding_mask=None):
            batch, length, dim = x.shape
            heads = self.num_heads
            size = dim // heads

            def split(t):
                if kind == "split no transpose":
                    return t.reshape(batch, length, heads, size)
                if kind == "split direct reshape":
                    return t.reshape(batch, heads, length, size)
                return t.reshape(batch, length, heads, size).transpose(1, 2)

            q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))
            pad = key_padding_mask if kind != "mask ignored" else None
            if kind == "mask inverted" and pad is not None:
                pad = ~pad
            where = None if pad is None else (pad[:, None, :, None] if kind == "mask on queries"
                                               else pad[:, None, None, :])
            if fill == "sdpa":  # notebook 02's function: True = may look
                context, weights = scaled_dot_product_attention(q, k, v, None if where is None else ~where)
            else:
                scale = {"scale by E": math.sqrt(dim), "no scale": 1.0}.get(kind, math.sqrt(size))
                scores = q @ k.transpose(-2, -1) / scale
                if where is not None and kind != "mask after softmax":
                    scores = scores.masked_fill(where, float(fill))
                weights = torch.softmax(scores, dim=-2 if kind == "softmax over queries" else -1)
                if where is not None and kind == "mask after softmax":
                    weights = weights.masked_fill(where, 0.0)
                context = weights @ v
            if kind == "merge no transpose":
                merged = context.reshape(batch, length, dim)
            else:
                merged = context.transpose(1, 2).reshape(batch, length, dim)
            output = merged if kind == "no out_proj" else self.out_proj(merged)
            return output, (weights.mean(dim=1) if kind == "averaged over heads" else weights)

    return Mistaken


INVERTED = ("padding mask ulta pad gaya: key_padding_mask me True = padding = BLOCK, lekin aapne "
            "padding ko dekha aur asli tokens ko block kiya")
QUERY_AXIS = ("mask query ke axis par laga (padding ki apni rows block hui): padding token ko KEY "
              "ki tarah koi na dekhe, yaani mask columns par, shape (B, 1, 1, L)")
MISTAKES = {
    "split me reshape ke baad transpose bhool gaye: q/k/v (B, L, H, d_k) reh gaye, to "
    "attention tokens ki jagah heads par chal gaya. (B, H, L, d_k) chahiye.":
        _with_mistake("split no transpose"),
    "seedha reshape(B, H, L, d_k) kiya: shape sahi dikhta hai par alag tokens ke features ek "
    "head me mil gaye. Pehle (B, L, H, d_k), phir L aur H ki jagah badaliye.":
        _with_mistake("split direct reshape"),
    "heads jodte waqt transpose nahi kiya: context (B, H, L, d_k) ko seedha (B, L, E) banaya, "
    "to tokens mix ho gaye. Pehle (B, L, H, d_k), phir reshape.": _with_mistake("merge no transpose"),
    "scores ko √E (poore embed_dim) se divide kiya; har head ka d_k = E / num_heads hai, "
    "√d_k se divide kijiye.": _with_mistake("scale by E"),
    "scores ko √d_k se divide karna reh gaya (scaled dot-product ka 'scaled').":
        _with_mistake("no scale"),
    "out_proj lagana reh gaya: heads jodne ke baad `self.out_proj(...)` chahiye (isiliye "
    "weights sahi, output galat).": _with_mistake("no out_proj"),
    f"{INVERTED} (bina padding wale sentence ki rows poori block hui, isliye NaN).":
        _with_mistake("mask inverted"),
    f"{INVERTED} (bina padding wale sentence ki rows -1e9 se barabar bikhar gayi).":
        _with_mistake("mask inverted", "-1e9"),
    f"{INVERTED}. tc.scaled_dot_product_attention me bool True = 'dekh sakta hai', isliye "
    "dene se pehle mask ulta (~) kijiye.": _with_mistake("mask inverted", "sdpa"),
    f"{QUERY_AXIS}. (Woh rows -inf se NaN ho gayi.)": _with_mistake("mask on queries"),
    f"{QUERY_AXIS}. (Woh rows -1e9 se barabar bikhar gayi.)": _with_mistake("mask on queries", "-1e9"),
    f"{QUERY_AXIS}. (tc.scaled_dot_product_attention ne woh rows zero kar di.)":
        _with_mistake("mask on queries", "sdpa"),
    "mask softmax ke BAAD lagaya: padding ke weights 0 kiye, par baaki row ka total ab 1 nahi. "
    "Mask scores par (-inf) softmax se pehle lagaiye.": _with_mistake("mask after softmax"),
    "key_padding_mask kabhi use hi nahi hua: padding wale tokens ko bhi weight mil raha hai.":
        _with_mistake("mask ignored"),
    "softmax galat dim par (query wala axis): har query ki row (aakhri dim, keys par) ka total "
    "1 hona chahiye.": _with_mistake("softmax over queries"),
    "weights heads par average kar diye (B, L, L): yahan har head ke apne weights "
    "(B, H, L, L) lautaiye.": _with_mistake("averaged over heads"),
}


SELF_ATTENTION_HINT = register(
    "SelfAttention",
    idea='Teen Linear layers se har token ki query, key aur value banaiye, unhe heads me baantiye, har head me scaled dot-product attention chalaiye (padding tokens ko KEY ki tarah koi na dekhe), heads wapas jodiye, aur aakhir me out_proj. Weights har head ke alag lautaiye.',
    shapes='x (B, L, E) → q, k, v (B, L, E) → split (B, H, L, d_k), d_k = E/H → scores (B, H, L, L) / √d_k. key_padding_mask (B, L), True = padding → (B, 1, 1, L): har head aur har query ke liye wahi columns block. weights (B, H, L, L) @ v → (B, H, L, d_k) → merge (B, L, E) → out_proj (B, L, E). E % H != 0 par ValueError.',
    code='`q = split_fn(self.q_proj(x), H)` (k, v bhi); `scores = q @ k.transpose(-2, -1) / math.sqrt(E // H)`; `scores = scores.masked_fill(key_padding_mask[:, None, None, :], float("-inf"))`; `weights = scores.softmax(dim=-1)`; `return self.out_proj(merge_fn(weights @ v)), weights`. Ya `tc.scaled_dot_product_attention(q, k, v, ~key_padding_mask[:, None, None, :])` (wahan True = dekh sakta hai).')


def check_self_attention(cls) -> bool:
    """The learner's SelfAttention vs PyTorch's multi-head attention, same random weights.

    Covers no mask, padding masks with a different length per sentence (one of length 1, an
    all-False mask), H = 1, H = E, B = 1, L = 1, odd sizes, per-head weights (B, H, L, L), the
    parameter count 4·E² + 4·E, and embed_dim not divisible by num_heads (→ ValueError).
    """
    cases = [
        _case("B=2, L=5, E=16, H=4, koi mask nahi", 2, 5, 16, 4),
        _case("padding: B=3, L=5, lambaiyan 5, 3, 4", 3, 5, 16, 4, lengths=[5, 3, 4], seed=1),
        _case("padding: ek sentence me sirf 1 asli token (lambaiyan 1, 6)", 2, 6, 12, 3,
              lengths=[1, 6], seed=2),
        _case("mask saare False (koi padding nahi) = bina mask jaisa", 2, 4, 8, 2, lengths=[4, 4],
              seed=3),
        _case("edge: H=1 (ek hi head), padding", 2, 5, 8, 1, lengths=[5, 2], seed=4),
        _case("edge: H=E (har head ka d_k = 1), padding", 2, 5, 6, 6, lengths=[3, 5], seed=5),
        _case("edge: B=1, padding", 1, 6, 16, 4, lengths=[4], seed=6),
        _case("edge: L=1 (sirf ek token)", 3, 1, 8, 2, seed=7),
        _case("odd sizes: B=3, L=7, E=15, H=5, padding", 3, 7, 15, 5, lengths=[7, 2, 5], seed=8),
        Case("parameter count, E=32 (4·E² + 4·E = 4224, H ka koi asar nahi)",
             kwargs=dict(config=dict(embed_dim=32, num_heads=8))),
        Case("galat: embed_dim=10, num_heads=3 → ValueError",
             kwargs=dict(config=dict(embed_dim=10, num_heads=3))),
    ]
    return check("SelfAttention", cls, _PyTorchOracle, cases, call=_run, mistakes=MISTAKES,
                 names=("output", "weights"), atol=1e-5, rtol=1e-4,
                 hint=first_level(SELF_ATTENTION_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("heads_weights_shape",
        "har head har sentence ke liye apna L × L map banata hai (har query word ki ek softmax "
        "row, saare L keys par), to (B, H, L, L). Features (64) scores ke dot product me kha liye "
        "jaate hain.")
