"""Writing with a trained model: greedy decoding, temperature, top-k and top-p sampling (08, 08b).

Every sampling call is seeded by its own torch.Generator, so a notebook prints the same text
on every run."""

from __future__ import annotations

import math

import torch

from ..errors import describe, fail, require_positive_int, require_tensor
from .tiny_models import CharGenerator, Seq2Seq


@torch.no_grad()
def greedy_decode(model: Seq2Seq, src: torch.Tensor, bos_id: int, eos_id: int, max_len: int
                  ) -> torch.Tensor:
    """Write the target one token at a time, always taking the most likely next token.

    Returns (B, ≤ max_len) ids without the start token; rows stop growing after ``<eos>``.
    """
    model.eval()
    memory, padding = model.encode(src)
    out = torch.full((src.shape[0], 1), bos_id, dtype=torch.long, device=src.device)
    finished = torch.zeros(src.shape[0], dtype=torch.bool, device=src.device)
    for _ in range(max_len):
        next_id = model.decode(out, memory, padding)[:, -1].argmax(-1)
        next_id = next_id.masked_fill(finished, eos_id)
        out = torch.cat([out, next_id[:, None]], dim=1)
        finished |= next_id == eos_id
        if finished.all():
            break
    return out[:, 1:]


# ---------------------------------------------------------------- sampling

def _require_temperature(temperature) -> float:
    if (isinstance(temperature, bool) or not isinstance(temperature, (int, float))
            or not math.isfinite(temperature) or temperature < 0):
        raise fail("`temperature`", "0 ya usse bada finite number (0 = greedy)", describe(temperature),
                   "1.0 = model ki asli probabilities; kam = zyada confident, zyada = zyada random.")
    return float(temperature)


def top_p_filter(probs: torch.Tensor, top_p: float) -> torch.Tensor:
    """Nucleus (top-p) filter: keep the fewest most likely tokens whose probability adds up to
    at least ``top_p`` (the token that crosses ``top_p`` stays), zero the rest, renormalise.

    ``probs`` (V,) or (B, V), each row summing to 1; ``top_p`` in (0, 1].
    """
    require_tensor("probs", probs, ndim=(1, 2))
    if (isinstance(top_p, bool) or not isinstance(top_p, (int, float)) or not math.isfinite(top_p)
            or not 0 < top_p <= 1):
        raise fail("`top_p`", "0 se bada aur 1 tak ka number", describe(top_p),
                   "0.9 = sabse likely tokens jab tak unka jod 0.9 tak na pahunch jaaye.")
    if top_p >= 1:  # keep every token (a float32 running sum can reach 1 before the tail does)
        return probs / probs.sum(-1, keepdim=True)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    before = sorted_probs.cumsum(-1) - sorted_probs   # mass of the more likely tokens
    keep_sorted = before < top_p                      # the first token always stays
    keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
    kept = probs.masked_fill(~keep, 0.0)
    return kept / kept.sum(-1, keepdim=True)


def sampling_probabilities(logits: torch.Tensor, temperature: float = 1.0,
                           top_k: int | None = None, top_p: float | None = None) -> torch.Tensor:
    """The distribution the next token is drawn from: softmax(logits / T) over the top k only,
    then the top-p filter (``top_p=None``: no filter).

    ``temperature=0`` is greedy: all probability on the largest logit.
    """
    require_tensor("logits", logits, ndim=(1, 2))
    temperature = _require_temperature(temperature)
    vocab = logits.shape[-1]
    if top_k is not None:
        require_positive_int("top_k", top_k)
        if top_k > vocab:
            raise fail("`top_k`", f"1 se vocab size ({vocab}) tak", str(top_k))
    logits = logits.detach().float()
    if temperature == 0:
        return torch.nn.functional.one_hot(logits.argmax(-1), vocab).float()
    if top_k is not None:
        kth = logits.topk(top_k, dim=-1).values[..., -1:]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits / temperature, dim=-1)
    return probs if top_p is None else top_p_filter(probs, top_p)


def next_token(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
               generator: torch.Generator | None = None, top_p: float | None = None
               ) -> torch.Tensor:
    """Pick the next token id(s) from ``logits`` (V,) or (B, V): greedy when temperature is 0."""
    probs = sampling_probabilities(logits, temperature, top_k, top_p)
    if temperature == 0:
        return probs.argmax(-1)
    flat = probs.reshape(-1, probs.shape[-1]).cpu()
    picked = torch.multinomial(flat, 1, generator=generator).squeeze(-1)
    return picked.reshape(probs.shape[:-1]).to(logits.device)


@torch.no_grad()
def generate(model: CharGenerator, vocab, prompt: str, length: int = 120,
             temperature: float = 1.0, top_k: int | None = None, seed: int = 0,
             top_p: float | None = None) -> str:
    """Continue ``prompt`` by ``length`` characters. Each call is seeded, so it is repeatable."""
    require_positive_int("length", length)
    _require_temperature(temperature)
    if not isinstance(prompt, str) or not prompt:
        raise fail("`prompt`", "kam se kam ek character ki string", describe(prompt))
    model.eval()
    device = next(model.parameters()).device
    generator = torch.Generator().manual_seed(seed)
    ids = vocab.encode(prompt).to(device)
    for _ in range(length):
        logits = model(ids[-model.max_len:][None])[0, -1]
        ids = torch.cat([ids, next_token(logits, temperature, top_k, generator, top_p)[None]])
    return vocab.decode(ids.cpu())
