"""Notebook 08b's exercise checks: the KV-cache step (alone, and inside a CharGenerator against
recomputing) and the top-p (nucleus) filter, with their catalogues of typical mistakes, and the
reasons of its predictions (how many tokens survive top-p, beam width 1 vs greedy)."""

from __future__ import annotations

import torch

from ..model.dot_product_attention import scaled_dot_product_attention
from ..model.generation import top_p_filter
from ..model.kv_cache import cached_logits, kv_cache_step
from ..model.tiny_models import CharGenerator
from .checks import Case, check, randomise_parameters
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_kv_cache_step", "check_top_p_filter"]  # tc.<name> (see grading/__init__.py)

# ---------------------------------------------------------------- KV-cache step

KV_NAMES = ("output", "naya k cache", "naya v cache")
VOCAB, MAX_LEN = 9, 12


def _kv_case(label: str, *, batch=2, heads=2, past=3, head_dim=4, dtype=torch.float32, seed=0):
    g = torch.Generator().manual_seed(seed)
    q, k, v = (torch.randn(batch, heads, 1, head_dim, generator=g, dtype=dtype) for _ in range(3))
    k_cache, v_cache = (torch.randn(batch, heads, past, head_dim, generator=g, dtype=dtype)
                        for _ in range(2))
    return Case(label, (q, k, v, k_cache, v_cache))


def run_kv(impl, *args, model_seed=None, length=6):
    """Call the step directly, or (``model_seed``) inside a small CharGenerator with random
    weights, one token at a time: its logits (1, length, vocab)."""
    if model_seed is None:
        return impl(*args)
    torch.manual_seed(model_seed)
    model = randomise_parameters(CharGenerator(VOCAB, d_model=16, nhead=2, num_layers=2,
                                               dim_feedforward=32, max_len=MAX_LEN),
                                 seed=model_seed).eval()
    ids = torch.randint(0, VOCAB, (1, length), generator=torch.Generator().manual_seed(model_seed))
    return cached_logits(model, ids, step_fn=impl)


KV_CACHE_HINT = register(
    "kv_cache_step",
    idea='Purane tokens ke key/value badalte nahi (causal mask: purana token naye ko dekhta hi nahi), isliye woh cache me rakhe hain. Naye token ko kin-kin tokens ko dekhna chahiye? Aur agle step ke liye cache me kya hona chahiye?',
    shapes='q, k_new, v_new: (B, H, 1, head_dim); k_cache, v_cache: (B, H, P, head_dim). Jodne ke baad cache (B, H, P + 1, head_dim): sequence wali dimension -2 hai. Attention scores (B, H, 1, P + 1), output (B, H, 1, head_dim). Lautaiye (output, naya k cache, naya v cache).',
    code='k_cache = torch.cat([k_cache, k_new], dim=-2); v_cache bhi waise hi; out, _ = tc.scaled_dot_product_attention(q, k_cache, v_cache); return out, k_cache, v_cache')


def _kv_mistake(kind: str):
    def step(q, k_new, v_new, k_cache, v_cache):
        first, second = (k_new, k_cache) if kind == "prepend" else (k_cache, k_new)
        k_all = torch.cat([first, second], dim=-2)
        v_all = torch.cat([v_new, v_cache] if kind == "prepend" else [v_cache, v_new], dim=-2)
        if kind == "new only":
            out, _ = scaled_dot_product_attention(q, k_new, v_new)
        elif kind == "old only":
            out, _ = scaled_dot_product_attention(q, k_cache, v_cache) if k_cache.shape[-2] else \
                (torch.zeros_like(q), None)
        elif kind == "no scale":
            out, _ = scaled_dot_product_attention(q, k_all, v_all, scale=1.0)
        else:
            out, _ = scaled_dot_product_attention(q, k_all, v_all)
        if kind == "cache not grown":
            return out, k_cache, v_cache
        return out, k_all, v_all
    return step


KV_MISTAKES = {
    "attention sirf naye token ke key/value par lagi: purane tokens (cache) ko query ne dekha "
    "hi nahi. Pehle cache me jodiye, phir poore cache par attention.": _kv_mistake("new only"),
    "attention sirf purane cache par lagi: naya token khud ko nahi dekh raha (causal mask me "
    "token khud ko dekhta hai).": _kv_mistake("old only"),
    "naya key/value cache ke *aage* joda: attention ka output to same aata hai, lekin cache ka "
    "kram ulta ho gaya (position t ka key position 0 par). Aakhir me jodiye.": _kv_mistake("prepend"),
    "scores ko √head_dim se divide nahi kiya.": _kv_mistake("no scale"),
    "naya cache lautana tha (P + 1 tokens wala); aapne purana cache hi lauta diya, to agle step "
    "par naya token bhool jaayega.": _kv_mistake("cache not grown"),
}


def check_kv_cache_step(fn) -> bool:
    """The learner's cache step on random tensors (empty, short and long caches, float64), then
    inside a small CharGenerator (random weights): its logits must equal recomputing."""
    cases = [
        _kv_case("B=2, H=2, cache me 3 tokens"),
        _kv_case("edge: khaali cache (pehla token, P = 0)", past=0, seed=1),
        _kv_case("lamba cache (P = 20), 4 heads, head_dim 8", heads=4, past=20, head_dim=8, seed=2),
        _kv_case("float64, batch 1", batch=1, dtype=torch.float64, seed=3),
        Case("CharGenerator (random weights) ke andar: har token cache se = poora recompute",
             (), {"model_seed": 4}),
        Case("CharGenerator, poora context (12 tokens)", (), {"model_seed": 5, "length": MAX_LEN}),
    ]
    return check("kv_cache_step", fn, kv_cache_step, cases, call=run_kv, names=KV_NAMES,
                 mistakes=KV_MISTAKES, atol=1e-5, rtol=1e-4, hint=first_level(KV_CACHE_HINT))


# ---------------------------------------------------------------- top-p filter

TOP_P_HINT = register(
    "top_p_filter",
    idea='Sabse likely token se shuru karke tokens jodte jaaiye jab tak unki probability ka jod top_p tak na pahunch jaaye: jis token se jod top_p par pahunchta ya paar karta hai, woh bhi rakhiye. Baaki sab 0, phir bache hue ka jod 1 banaiye.',
    shapes='probs (V,) ya (B, V) → wahi shape. Pehle har row ko bade se chhote kram me sort kijiye (values aur unke indices), sorted par cumsum; "isse pehle ka jod" = cumsum − apni probability; rakhiye jahan woh top_p se kam ho. Phir yeh keep-mask wapas asli kram me (indices se) le jaaiye.',
    code='sorted_p, order = probs.sort(dim=-1, descending=True); keep_sorted = (sorted_p.cumsum(-1) - sorted_p) < top_p; keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted); kept = probs.masked_fill(~keep, 0.0); return kept / kept.sum(-1, keepdim=True)')


def _top_p_mistake(kind: str):
    def fn(probs, top_p):
        if kind == "unsorted":
            sorted_p, order = probs, torch.arange(probs.shape[-1]).expand_as(probs)
        else:
            sorted_p, order = probs.sort(dim=-1, descending=kind != "ascending")
        cum = sorted_p.cumsum(-1)
        keep_sorted = {"drop crossing": cum < top_p, "one extra": cum - sorted_p <= top_p,
                       "<= p": cum <= top_p}.get(kind, cum - sorted_p < top_p)
        keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
        kept = probs.masked_fill(~keep, 0.0)
        return kept if kind == "no renorm" else kept / kept.sum(-1, keepdim=True)
    return fn


TOP_P_MISTAKES = {
    "jis token se jod top_p paar karta hai, use aapne hata diya (cumsum < top_p). Woh token "
    "rakhna hai: sawaal hai 'isse *pehle* ka jod top_p se kam hai?'": _top_p_mistake("drop crossing"),
    "cumsum <= top_p: jod top_p ke paar jaate hi woh token hat jaata hai, jab ki woh rakhna "
    "hai (aur sabse bada token akela top_p se bada ho to kuch bhi nahi bachta).":
        _top_p_mistake("<= p"),
    "ek token zyada rakh liya: jab pehle ka jod theek top_p ke barabar ho, tab bas ho chuka "
    "(isse pehle ka jod < top_p, <= nahi).": _top_p_mistake("one extra"),
    "probabilities ko sort kiye bina cumsum liya: top-p sabse *likely* tokens rakhta hai, "
    "vocab ke kram wale pehle tokens nahi.": _top_p_mistake("unsorted"),
    "chhote se bade kram me sort kiya: sabse kam likely tokens rakh liye.":
        _top_p_mistake("ascending"),
    "bache hue tokens ka jod 1 nahi kiya (renormalise): probabilities ka jod 1 hona chahiye.":
        _top_p_mistake("no renorm"),
}


def check_top_p_filter(fn) -> bool:
    """The learner's nucleus filter on small distributions chosen so that each typical mistake
    (the crossing token, sorting, renormalising) gives a different answer."""
    halves = torch.tensor([0.5, 0.25, 0.125, 0.125])
    shuffled = torch.tensor([0.1, 0.4, 0.05, 0.3, 0.15])
    cases = [
        Case("[0.5, 0.25, 0.125, 0.125], top_p 0.6: 0.25 wala token jod ko 0.6 ke paar le jaata hai",
             (halves, 0.6)),
        Case("wahi, top_p 0.75: jod theek 0.75 par pahunchta hai", (halves, 0.75)),
        Case("bina kram ki probabilities [0.1, 0.4, 0.05, 0.3, 0.15], top_p 0.65", (shuffled, 0.65)),
        Case("sabse bada token akela top_p se bada: [0.7, 0.2, 0.1], top_p 0.5",
             (torch.tensor([0.7, 0.2, 0.1]), 0.5)),
        Case("top_p 1.0: sab tokens bachte hain", (shuffled, 1.0)),
        Case("batch (2, 5): har row apna hisaab", (torch.stack([shuffled, shuffled.flip(0)]), 0.65)),
        Case("float64, softmax wali distribution (V = 30)",
             (torch.softmax(torch.randn(30, generator=torch.Generator().manual_seed(0),
                                        dtype=torch.float64), -1), 0.9)),
    ]
    return check("top_p_filter", fn, top_p_filter, cases, mistakes=TOP_P_MISTAKES, atol=1e-6,
                 rtol=1e-5, hint=first_level(TOP_P_HINT))


# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("top_p_survivors",
        "sorted probabilities ka jod: {running}. Jis token par jod pehli baar {top_p} ya usse upar "
        "jaata hai (woh bhi rakha jaata hai), wahan ruk jaate hain: {kept} tokens bachte hain, baaki "
        "{dropped} ki probability 0.")
explain("beam1_equals_greedy",
        "beam width 1 har step par sirf ek partial jawab rakhta hai: uska sabse likely agla token. "
        "Yahi greedy hai. {same}/{total} held-out numbers par dono ka jawab hoo-ba-hoo same tha.",
        choices=["haan", "nahi"])
