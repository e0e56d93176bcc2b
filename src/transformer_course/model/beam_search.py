"""Beam search for the encoder–decoder ``Seq2Seq`` (notebook 08b).

Greedy decoding keeps one answer and, at every step, its single most likely next token. Beam
search keeps the ``beam_width`` most likely *partial answers* (by the sum of their tokens'
log-probabilities) and extends each of them by every token; a finished answer (``<eos>``)
keeps its score. With ``beam_width=1`` it is greedy decoding.

``sequence_log_prob`` scores a given answer the same way (teacher forcing), so a notebook can
show why beam search picked what it picked.
"""

from __future__ import annotations

import torch

from ..errors import require_positive_int
from .tiny_models import Seq2Seq


@torch.no_grad()
def beam_search(model: Seq2Seq, src: torch.Tensor, bos_id: int, eos_id: int, max_len: int,
                beam_width: int = 4) -> tuple[torch.Tensor, torch.Tensor]:
    """The most likely answer per source row that the beam finds.

    Returns (ids (B, ≤ max_len) without the start token, padded with ``eos_id`` after the
    first ``<eos>`` like ``greedy_decode``; and each answer's total log-probability (B,)).
    """
    require_positive_int("beam_width", beam_width)
    require_positive_int("max_len", max_len)
    model.eval()
    batch, width = src.shape[0], beam_width
    memory, padding = model.encode(src)
    memory = memory.repeat_interleave(width, dim=0)
    padding = padding.repeat_interleave(width, dim=0)
    out = torch.full((batch * width, 1), bos_id, dtype=torch.long, device=src.device)
    scores = torch.full((batch, width), float("-inf"), device=src.device)
    scores[:, 0] = 0.0                           # at the start there is one hypothesis
    finished = torch.zeros(batch * width, dtype=torch.bool, device=src.device)
    for _ in range(max_len):
        log_probs = model.decode(out, memory, padding)[:, -1].float().log_softmax(-1)
        vocab = log_probs.shape[-1]
        # a finished hypothesis may only "write" <eos> again, at no cost
        done = torch.full_like(log_probs, float("-inf"))
        done[:, eos_id] = 0.0
        log_probs = torch.where(finished[:, None], done, log_probs)
        total = (scores.reshape(-1, 1) + log_probs).reshape(batch, width * vocab)
        scores, flat = total.topk(width, dim=-1)   # ties: the lower index, as argmax
        parent = flat // vocab + torch.arange(batch, device=src.device)[:, None] * width
        token = (flat % vocab).reshape(-1, 1)
        out = torch.cat([out[parent.reshape(-1)], token], dim=1)
        finished = finished[parent.reshape(-1)] | (token[:, 0] == eos_id)
        if finished.all():
            break
    best = scores.argmax(-1) + torch.arange(batch, device=src.device) * width
    return out[best, 1:], scores.max(-1).values


@torch.no_grad()
def sequence_log_prob(model: Seq2Seq, src: torch.Tensor, answer: torch.Tensor, bos_id: int
                      ) -> torch.Tensor:
    """Total log-probability (B,) of ``answer`` (B, T) (target ids ending with ``<eos>``, as
    ``NumberTask.encode_words`` makes them), by teacher forcing; negative ids (IGNORE_INDEX,
    padding after ``<eos>``) are not counted."""
    model.eval()
    start = torch.full_like(answer[:, :1], bos_id)
    decoder_input = torch.cat([start, answer[:, :-1].clamp(min=0)], dim=1)
    log_probs = model(src, decoder_input).float().log_softmax(-1)
    picked = log_probs.gather(-1, answer.clamp(min=0)[..., None])[..., 0]
    return picked.masked_fill(answer < 0, 0.0).sum(-1)
