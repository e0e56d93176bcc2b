"""Notebook 04's exercise checks: split/merge heads and the twin of nn.MultiheadAttention.

``compare_mha_with_torch`` runs any class against nn.MultiheadAttention over every setting the
module check uses (masks, layouts, per-head weights), with random weights and biases."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import require_divisible, require_positive_int
from ..model.multi_head_attention import (
    MultiHeadAttention,
    as_additive_mask,
    merge_heads,
    split_heads,
)
from .checks import Case, check
from .hints import first_level, register

__all__ = ["check_split_heads", "check_merge_heads", "check_multi_head_attention", "compare_mha_with_torch"]  # tc.<name> (see grading/__init__.py)

# ---------------------------------------------------------------- comparison with PyTorch

def randomised_torch_mha(embed_dim: int, num_heads: int, batch_first: bool, dtype, seed: int):
    """nn.MultiheadAttention with random weights AND random biases (PyTorch starts biases at 0)."""
    generator = torch.Generator().manual_seed(seed)
    torch_mha = nn.MultiheadAttention(embed_dim, num_heads, batch_first=batch_first).to(dtype)
    with torch.no_grad():
        for parameter in torch_mha.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator, dtype=dtype)
                            / math.sqrt(embed_dim))
    return torch_mha.eval()


def _settings(dtype=torch.float32) -> list[tuple[str, dict, dict]]:
    """(label, constructor kwargs, forward kwargs) for the comparison cases.

    No query has all of its keys blocked: there PyTorch gives NaN and we give zeros.
    """
    g = torch.Generator().manual_seed(4)
    E, H, B, L, S = 16, 4, 3, 5, 7

    def rand(*shape):
        return torch.randn(*shape, generator=g, dtype=dtype)

    x_bf, x_sf = rand(B, L, E), rand(L, B, E)
    kv_bf = rand(B, S, E)
    padding = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] * 4 + [True]])
    causal = torch.ones(L, L, dtype=torch.bool).triu(1)  # True = future word, blocked
    float_mask = rand(L, L)
    per_head = torch.rand(B * H, L, S, generator=g) < 0.5
    per_head[..., 0] = False  # key 0 always visible → no fully blocked row
    first = dict(embed_dim=E, num_heads=H, batch_first=True)
    seq_first = dict(embed_dim=E, num_heads=H, batch_first=False)

    def self_attn(x, **kw):
        return dict(query=x, key=x, value=x, **kw)

    return [
        ("batch_first=True, self-attention", first, self_attn(x_bf)),
        ("batch_first=False (L, B, E)", seq_first, self_attn(x_sf)),
        ("cross-attention (L=5 queries, S=7 keys)", first, dict(query=x_bf, key=kv_bf, value=kv_bf)),
        ("key_padding_mask (bool)", first, self_attn(x_bf, key_padding_mask=padding)),
        ("key_padding_mask (float)", first,
         self_attn(x_bf, key_padding_mask=as_additive_mask(padding, dtype))),
        ("attn_mask bool (causal)", first, self_attn(x_bf, attn_mask=causal)),
        ("attn_mask float (score me joda)", first, self_attn(x_bf, attn_mask=float_mask)),
        ("attn_mask 3-D, har head ka alag (B·H, L, S)", first,
         dict(query=x_bf, key=kv_bf, value=kv_bf, attn_mask=per_head)),
        ("causal + padding saath me", first,
         self_attn(x_bf, attn_mask=causal, key_padding_mask=padding)),
        ("average_attn_weights=False (har head)", first,
         self_attn(x_bf, average_attn_weights=False)),
        ("need_weights=False (weights = None)", first, self_attn(x_bf, need_weights=False)),
        ("unbatched input (L, E)", first, self_attn(x_bf[1], key_padding_mask=padding[1])),
        ("unbatched, har head ke weights", seq_first,
         self_attn(x_bf[2], average_attn_weights=False, attn_mask=causal)),
    ]


def max_difference(a, b, relative: bool = False) -> float:
    """Largest |a − b| over (output, weights) pairs; weights None must match None. ``relative``:
    each tensor's largest |a − b| divided by its largest |a| (the scale the rounding acts on)."""
    worst = 0.0
    for x, y in zip(a, b, strict=True):
        if (x is None) != (y is None):
            return math.inf
        if x is not None:
            if x.shape != y.shape:
                return math.inf
            if x.numel():
                diff = (x - y).abs().max().item()
                scale = x.abs().max().item() if relative else 1.0
                worst = max(worst, diff / scale if scale > 0 else diff)
    return worst


def compare_mha_with_torch(cls=MultiHeadAttention, dtypes=(torch.float32, torch.float64),
                           seed: int = 0, relative: bool = False) -> list[tuple[str, float]]:
    """Run ``cls`` and nn.MultiheadAttention (same weights, eval) on every setting.

    Returns [(label, max |difference| over outputs and weights)], one row per setting and dtype;
    ``relative``: each difference divided by the largest |value| of its tensor (``max_difference``).
    """
    rows = []
    for dtype in dtypes:
        for label, init, inputs in _settings(dtype):
            torch_mha = randomised_torch_mha(init["embed_dim"], init["num_heads"],
                                              init["batch_first"], dtype, seed)
            mine = cls(**init).to(dtype)
            mine.load_state_dict(torch_mha.state_dict())
            mine.eval()
            with torch.no_grad():
                expected, got = torch_mha(**inputs), mine(**inputs)
            name = str(dtype).replace("torch.", "")
            rows.append((f"{label} [{name}]", max_difference(expected, got, relative)))
    return rows


# ---------------------------------------------------------------- exercise checks

def _arange(*shape) -> torch.Tensor:
    return torch.arange(math.prod(shape), dtype=torch.float32).reshape(shape)


def _split_with(kind: str):
    def split(x, num_heads):
        batch, length, d_model = x.shape
        size = d_model // num_heads
        if kind == "no transpose":
            return x.reshape(batch, length, num_heads, size)
        if kind == "direct reshape":
            return x.reshape(batch, num_heads, length, size)
        if kind == "interleaved":
            return x.reshape(batch, length, size, num_heads).permute(0, 3, 1, 2)
        return x.reshape(batch, length, num_heads, size).transpose(2, 3)  # "wrong dims"
    return split


def _merge_with(kind: str):
    def merge(x):
        batch, heads, length, size = x.shape
        if kind == "no transpose":
            return x.reshape(batch, length, heads * size)
        if kind == "interleaved":
            return x.permute(0, 2, 3, 1).reshape(batch, length, heads * size)
        return x.transpose(2, 3).reshape(batch, length, heads * size)  # "wrong dims"
    return merge


SPLIT_MISTAKES = {
    "transpose bhool gaye: shape (B, L, H, D/H) reh gaya; L aur H ki jagah badaliye.":
        _split_with("no transpose"),
    "seedha reshape(B, H, L, D/H) kiya: alag tokens ke features ek head me mil gaye. Pehle "
    "(B, L, H, D/H), phir L aur H ki jagah badaliye.": _split_with("direct reshape"),
    "features galat baante: har head ko D/H *lagataar* features milne chahiye, har H-va feature "
    "nahi.": _split_with("interleaved"),
    "transpose galat dims par: L aur H (dims 1, 2) badalne hain.": _split_with("wrong dims"),
}
MERGE_MISTAKES = {
    "transpose bhool gaye: (B, H, L, D/H) ko seedha (B, L, D) banaya, to tokens mix ho gaye. "
    "Pehle H aur L ki jagah badaliye.": _merge_with("no transpose"),
    "heads ke features aapas me guth gaye: har token me pehle head 0 ke *saare* features aane "
    "chahiye, phir head 1 ke.":
        _merge_with("interleaved"),
    "transpose galat dims par: H aur L (dims 1, 2) badalne hain.": _merge_with("wrong dims"),
}


SPLIT_HEADS_HINT = register(
    "split_heads",
    idea='Har token ke D features ko H barabar tukdon me kaatiye (har head ko D/H *lagataar* features), phir heads ko aage laaiye taaki har head ke paas apna (L, D/H) sequence ho.',
    shapes='(B, L, D) → pehle sirf aakhri dim kaatiye: (B, L, H, D/H) → phir L aur H ki jagah badaliye: (B, H, L, D/H). Seedha (B, H, L, D/H) me reshape karne se tokens mix ho jaate hain (upar ka demo). D % H != 0 ya input 3-D na ho to ValueError.',
    code='pehle `x.reshape(B, L, H, D // H)`, phir `.transpose(1, 2)` → (B, H, L, D/H). Seedha `reshape(B, H, L, D // H)` galat hai: tokens aapas me mix ho jaate hain. `D % H != 0` ya `x.dim() != 3` par `raise ValueError(...)`.')


def check_split_heads(fn) -> bool:
    """(B, L, D) → (B, H, L, D/H); D not divisible by H, or a 4-D input, must raise ValueError."""
    cases = [
        Case("B=2, L=3, D=8, H=2", (_arange(2, 3, 8), 2)),
        Case("B=1, L=4, D=12, H=3", (_arange(1, 4, 12), 3)),
        Case("edge: H=1 (ek hi head, saare features)", (_arange(2, 3, 6), 1)),
        Case("edge: H=D (har head ko 1 feature)", (_arange(1, 2, 4), 4)),
        Case("random numbers, B=3, L=5, D=16, H=4",
             (torch.randn(3, 5, 16, generator=torch.Generator().manual_seed(0)), 4)),
        Case("galat: D=10, H=3 → ValueError", (_arange(1, 2, 10), 3)),
        Case("galat: 4-D input → ValueError", (_arange(1, 2, 3, 4), 2)),
    ]
    return check("split_heads", fn, split_heads, cases, atol=0.0, rtol=0.0, mistakes=SPLIT_MISTAKES,
                 hint=first_level(SPLIT_HEADS_HINT))


MERGE_HEADS_HINT = register(
    "merge_heads",
    idea='split_heads ka ulta: heads ko wapas har token ke andar laaiye aur unke features ek line me jodiye.',
    shapes='(B, H, L, D/H) → pehle H aur L ki jagah badaliye: (B, L, H, D/H) → phir aakhri do dims ek: (B, L, D). Transpose ke baad `.view` nahi chalta, `.reshape` lijiye. Input 4-D na ho to ValueError.',
    code='pehle `.transpose(1, 2)` → (B, L, H, D/H), phir `.reshape(B, L, H * (D/H))`. Input 4-D na ho to `raise ValueError(...)`.')


def check_merge_heads(fn) -> bool:
    """(B, H, L, D/H) → (B, L, D), the exact inverse of split_heads; 3-D input → ValueError."""
    cases = [
        Case("B=2, H=2, L=3, D/H=4", (_arange(2, 2, 3, 4),)),
        Case("B=1, H=3, L=4, D/H=4", (_arange(1, 3, 4, 4),)),
        Case("edge: H=1", (_arange(2, 1, 3, 6),)),
        Case("edge: D/H=1", (_arange(1, 4, 2, 1),)),
        Case("split_heads ka output wapas", (split_heads(_arange(3, 5, 16), 4),)),
        Case("galat: 3-D input → ValueError", (_arange(2, 3, 8),)),
    ]
    return check("merge_heads", fn, merge_heads, cases, atol=0.0, rtol=0.0, mistakes=MERGE_MISTAKES,
                 hint=first_level(MERGE_HEADS_HINT))


def _torch_twin(embed_dim, num_heads, batch_first=False):
    """The oracle of the module check: PyTorch's own layer (bad sizes → ValueError, like ours)."""
    require_positive_int("embed_dim", embed_dim)
    require_positive_int("num_heads", num_heads)
    require_divisible("embed_dim", embed_dim, "num_heads", num_heads)
    return nn.MultiheadAttention(embed_dim, num_heads, batch_first=batch_first)


def _run_module(cls, init: dict, inputs: dict | None = None, seed: int = 0):
    """Build ``cls(**init)``, copy a random nn.MultiheadAttention's weights in, eval, run.

    Without ``inputs`` it returns the parameter count instead of running forward.
    """
    module = cls(init["embed_dim"], init["num_heads"], batch_first=init["batch_first"])
    if inputs is None:
        return sum(p.numel() for p in module.parameters())
    source = randomised_torch_mha(init["embed_dim"], init["num_heads"], init["batch_first"],
                                   torch.float32, seed)
    module.load_state_dict(source.state_dict())
    module.eval()
    with torch.no_grad():
        output = module(**inputs)
    return tuple(output) if isinstance(output, (tuple, list)) else output


MULTI_HEAD_ATTENTION_HINT = register(
    "MultiHeadAttention",
    idea='Ek badi projection se Q, K, V; heads me baantiye; har head par scaled dot-product attention (masks ke saath); heads wapas jodiye; aakhir me out_proj. Layout aur mask ka convention PyTorch wala (bool mask me True ka matlab BLOCK).',
    shapes='in_proj_weight (3E, E) ke teen hisse upar se W_q, W_k, W_v (har ek (E, E)). q/k/v (B, L, E) → heads (B, H, L, E/H); scores (B, H, L, S) / √(E/H). attn_mask (L, S) ya (B·H, L, S) → (B, H, L, S); key_padding_mask (B, S) → (B, 1, 1, S). batch_first=False par input (L, B, E); 2-D input par batch dim khud jodiye. weights: average_attn_weights=True par (B, L, S), warna (B, H, L, S).',
    code='parameters ke naam PyTorch wale rakhiye (`in_proj_weight` (3·E, E), `in_proj_bias` (3·E), `out_proj = nn.Linear(E, E)`). PyTorch ke mask me True = BLOCK; bool mask ko float (-inf) me badal kar jodiye. batch_first=False par input (L, B, E) hai; 2-D input par batch ka dim khud jodiye.')


def _mha_with(kind: str) -> type:
    """The course's MultiHeadAttention with one typical mistake built in (a compact forward)."""
    class Mistaken(MultiHeadAttention):
        def forward(self, query, key, value, key_padding_mask=None, need_weights=True,
                    attn_mask=None, average_attn_weights=True, is_causal=False):
            unbatched = query.dim() == 2
            if unbatched:
                query, key, value = (x.unsqueeze(0) for x in (query, key, value))
            elif not self.batch_first and kind != "batch_first ignored":
                query, key, value = (x.transpose(0, 1) for x in (query, key, value))
            heads, size = self.num_heads, self.head_dim
            chunks = list(zip(self.in_proj_weight.chunk(3), self.in_proj_bias.chunk(3), strict=True))
            if kind == "q and k swapped":
                chunks[0], chunks[1] = chunks[1], chunks[0]
            q, k, v = (F.linear(x, w, b) for x, (w, b) in zip((query, key, value), chunks, strict=True))
            split = _split_with("direct reshape") if kind == "split without transpose" else split_heads
            q, k, v = split(q, heads), split(k, heads), split(v, heads)
            scores = q @ k.transpose(-2, -1) / math.sqrt(self.embed_dim if kind == "scale by E" else size)
            batch, length, source = q.shape[0], q.shape[2], k.shape[2]
            if attn_mask is not None:
                mask = ~attn_mask if kind == "bool mask inverted" and attn_mask.dtype == torch.bool \
                    else attn_mask
                mask = as_additive_mask(mask, scores.dtype)
                scores = scores + (mask.reshape(batch, heads, length, source) if mask.dim() == 3 else mask)
            if key_padding_mask is not None and kind != "padding ignored":
                scores = scores + as_additive_mask(key_padding_mask, scores.dtype).reshape(batch, 1, 1, source)
            weights = torch.softmax(scores, dim=-1)
            merged = weights @ v
            merged = _merge_with("no transpose")(merged) if kind == "merge without transpose" \
                else merge_heads(merged)
            output = merged if kind == "no out_proj" else self.out_proj(merged)
            if unbatched:
                output, weights = output.squeeze(0), weights.squeeze(0)
            elif not self.batch_first and kind != "batch_first ignored":
                output = output.transpose(0, 1)
            if not need_weights:
                return output, None
            average = not average_attn_weights if kind == "average flag flipped" else average_attn_weights
            return output, (weights.mean(dim=-3) if average else weights)

    return Mistaken


MHA_MISTAKES = {
    "out_proj lagana reh gaya: heads jodne ke baad `self.out_proj(...)` chahiye (isiliye weights "
    "sahi, output galat).": _mha_with("no out_proj"),
    "scores ko √E (poore embed_dim) se divide kiya; har head ka d_k = E / num_heads hai, "
    "√(E/H) se divide kijiye.": _mha_with("scale by E"),
    "heads me baante waqt transpose nahi: (B, L, H, D/H) → (B, H, L, D/H) banaiye.":
        _mha_with("split without transpose"),
    "heads jodte waqt transpose nahi: pehle (B, H, L, D/H) → (B, L, H, D/H), phir reshape.":
        _mha_with("merge without transpose"),
    "in_proj_weight ke teen hisson ka kram galat: upar se pehla W_q, phir W_k, phir W_v.":
        _mha_with("q and k swapped"),
    "bool attn_mask ka matlab ulta liya: PyTorch me True = BLOCK (dekh nahi sakta).":
        _mha_with("bool mask inverted"),
    "key_padding_mask scores tak nahi pahuncha: padding wale tokens bhi dekhe ja rahe hain.":
        _mha_with("padding ignored"),
    "batch_first=False par input (L, B, E) hota hai; shuru me (B, L, E) banaiye aur output "
    "wapas (L, B, E).": _mha_with("batch_first ignored"),
    "average_attn_weights ulta: True par heads ka average, False par har head ke weights alag.":
        _mha_with("average flag flipped"),
}


def check_multi_head_attention(cls) -> bool:
    """Build the learner's class and nn.MultiheadAttention with the same weights; compare.

    Covers batch_first True/False, cross-attention, padding and attention masks (bool, float,
    per head), averaged and per-head weights, need_weights=False, unbatched input, the
    parameter count 4·d² + 4·d, and embed_dim not divisible by num_heads (→ ValueError).
    """
    cases = [Case(label, kwargs=dict(init=init, inputs=inputs))
             for label, init, inputs in _settings()]
    cases += [
        Case("parameter count, embed_dim=32 (4·d² + 4·d = 4224)",
             kwargs=dict(init=dict(embed_dim=32, num_heads=4, batch_first=True))),
        Case("galat: embed_dim=10, num_heads=3 → ValueError",
             kwargs=dict(init=dict(embed_dim=10, num_heads=3, batch_first=True))),
    ]
    return check("MultiHeadAttention", cls, _torch_twin, cases, call=_run_module,
                 mistakes=MHA_MISTAKES, names=("output", "weights"), atol=1e-5, rtol=1e-4,
                 hint=first_level(MULTI_HEAD_ATTENTION_HINT))
