"""A KV cache for the decoder-only CharGenerator (notebook 08b).

Writing token t by recomputing runs the model on all t tokens again, although the keys and
values of tokens 0 … t-1 have not changed (the causal mask means an old token never sees a new
one). A KV cache keeps every layer's keys and values and, per step, computes only the new
token's query, key and value:

* ``kv_cache_step(q, k_new, v_new, k_cache, v_cache)``: append the new key/value to the cache
  and let the new query attend over all of it (the step notebook 08b's exercise asks for);
* ``cached_logits(model, ids)``: the logits of every position, one token at a time through
  the cache (equal to ``model(ids)``, the oracle in the tests);
* ``generate_ids(model, prompt_ids, new_tokens, use_cache)``: greedy writing, with or without
  the cache (same tokens; only the time differs).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from ..errors import fail, require_positive_int, require_token_ids
from .dot_product_attention import scaled_dot_product_attention
from .multi_head_attention import merge_heads, split_heads
from .tiny_models import CharGenerator

StepFn = Callable[..., tuple[torch.Tensor, torch.Tensor, torch.Tensor]]


def kv_cache_step(q: torch.Tensor, k_new: torch.Tensor, v_new: torch.Tensor,
                  k_cache: torch.Tensor, v_cache: torch.Tensor
                  ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One attention step with a cache. All tensors are (B, H, length, head_dim): ``q``,
    ``k_new``, ``v_new`` hold the new token(s), the caches the P tokens before them.

    Returns (output (B, H, T_new, head_dim), the grown k cache, the grown v cache). New token i
    sees every cached token and the new tokens 0 … i (causal), so T_new > 1 works too.
    """
    k_all = torch.cat([k_cache, k_new], dim=-2)
    v_all = torch.cat([v_cache, v_new], dim=-2)
    past, new = k_cache.shape[-2], q.shape[-2]
    allowed = torch.ones(new, past + new, dtype=torch.bool, device=q.device).tril(past)
    out, _ = scaled_dot_product_attention(q, k_all, v_all, mask=allowed)
    return out, k_all, v_all


def _require_generator(model) -> CharGenerator:
    if not isinstance(model, CharGenerator):
        raise fail("`model`", "ek CharGenerator (decoder-only)", type(model).__name__)
    return model


def empty_cache(model: CharGenerator, batch: int = 1) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """One (k, v) pair per layer, each (batch, heads, 0, head_dim): nothing cached yet."""
    attn = model.blocks.layers[0].self_attn
    weight = attn.in_proj_weight
    empty = torch.zeros(batch, attn.num_heads, 0, attn.head_dim, dtype=weight.dtype,
                        device=weight.device)
    return [(empty, empty) for _ in model.blocks.layers]


def _cached_attention(attn, h: torch.Tensor, cache, step_fn: StepFn):
    w_q, w_k, w_v = attn.in_proj_weight.chunk(3)
    b_q, b_k, b_v = attn.in_proj_bias.chunk(3) if attn.in_proj_bias is not None else (None,) * 3
    heads = attn.num_heads
    q, k, v = (split_heads(F.linear(h, w, b), heads)
               for w, b in ((w_q, b_q), (w_k, b_k), (w_v, b_v)))
    out, k_cache, v_cache = step_fn(q, k, v, *cache)
    return attn.out_proj(merge_heads(out)), (k_cache, v_cache)


@torch.no_grad()
def cached_step(model: CharGenerator, new_ids: torch.Tensor, cache: list,
                step_fn: StepFn = kv_cache_step) -> tuple[torch.Tensor, list]:
    """Logits (B, T_new, vocab) of ``new_ids`` (B, T_new), the tokens after the cached ones,
    and the grown cache. Eval mode: the same sums as ``model.forward``, without recomputing."""
    _require_generator(model)
    require_token_ids("new_ids", new_ids)
    start = cache[0][0].shape[-2]
    if start + new_ids.shape[1] > model.max_len:
        raise fail("cache + naye tokens", f"max_len ({model.max_len}) tak",
                   str(start + new_ids.shape[1]), "bada max_len wala model banaiye.")
    x = model.embed(new_ids) + model.position.pe[start:start + new_ids.shape[1]].to(
        model.embed.weight.dtype)
    grown = []
    for layer, layer_cache in zip(model.blocks.layers, cache, strict=True):
        if layer.norm_first:
            out, layer_cache = _cached_attention(layer.self_attn, layer.norm1(x), layer_cache, step_fn)
            x = x + out
            x = x + layer._feed_forward(layer.norm2(x))
        else:
            out, layer_cache = _cached_attention(layer.self_attn, x, layer_cache, step_fn)
            x = layer.norm1(x + out)
            x = layer.norm2(x + layer._feed_forward(x))
        grown.append(layer_cache)
    if model.blocks.norm is not None:
        x = model.blocks.norm(x)
    return model.head(model.norm(x)), grown


@torch.no_grad()
def cached_logits(model: CharGenerator, ids: torch.Tensor, step_fn: StepFn = kv_cache_step
                  ) -> torch.Tensor:
    """Logits (B, L, vocab) of every position, fed one token at a time through the cache."""
    model.eval()
    cache, rows = empty_cache(model, ids.shape[0]), []
    for t in range(ids.shape[1]):
        logits, cache = cached_step(model, ids[:, t:t + 1], cache, step_fn)
        rows.append(logits)
    return torch.cat(rows, dim=1)


@torch.no_grad()
def generate_ids(model: CharGenerator, prompt_ids: torch.Tensor, new_tokens: int,
                 use_cache: bool = True, step_fn: StepFn = kv_cache_step
                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """Greedy writing of ``new_tokens`` after ``prompt_ids`` (1-D). Returns (all ids (L,), the
    logits that chose each new token (new_tokens, vocab)). Without the cache every step runs
    the model on the whole text so far (no sliding window: prompt + new tokens ≤ max_len)."""
    model.eval()
    require_positive_int("new_tokens", new_tokens)
    prompt_ids = require_token_ids("prompt_ids", prompt_ids, ndim=1)
    if prompt_ids.numel() == 0:
        raise fail("`prompt_ids`", "kam se kam ek token ka prompt", "khaali tensor")
    ids = prompt_ids.reshape(1, -1)
    picked = []
    if use_cache:
        cache = empty_cache(model)
        for t in range(ids.shape[1]):   # the prompt, token by token (the step takes T_new = 1)
            logits, cache = cached_step(model, ids[:, t:t + 1], cache, step_fn)
    for _ in range(new_tokens):
        last = logits[:, -1] if use_cache else model(ids)[:, -1]
        picked.append(last[0])
        next_id = last.argmax(-1, keepdim=True)
        ids = torch.cat([ids, next_id], dim=1)
        if use_cache and len(picked) < new_tokens:
            logits, cache = cached_step(model, next_id, cache, step_fn)
    return ids[0], torch.stack(picked)
