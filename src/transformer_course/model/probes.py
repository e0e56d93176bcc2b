"""Looking inside a model: attention maps, cross-attention, dependencies and gradient flow.

* ``attention_maps(model, tokens)`` runs a TinyTransformer's layers one at a time and asks
  each layer's attention for its weights: (batch, layers, heads, L, L).
* ``capture_cross_attention(model)`` records every cross-attention call of a decoder.
* ``dependency_matrix(fn, x)``: which output position depends on which input (01).
* ``gradient_norm_per_position(layer, x)`` and ``flow_layers``: how much the last position's
  output feels each input position (07)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import torch
from torch import nn

from ..errors import describe, fail, require_positive_int, require_tensor
from .encoder_layers import EncoderBlock
from .tiny_models import RecurrentLayer, TinyTransformer

# ---------------------------------------------------------------- reading the attention (notebook 06)

def _require_model(model) -> None:
    if not isinstance(model, TinyTransformer):
        raise fail("`model`", "ek TinyTransformer", describe(model))


@torch.no_grad()
def attention_maps(model: TinyTransformer, tokens: torch.Tensor) -> torch.Tensor:
    """Every layer's attention weights, per head: (batch, layers, heads, L, L).

    The layers run one by one, exactly as in ``model.forward``; before each layer we ask its
    self-attention for the weights, with the input that layer's attention really sees
    (``norm1(x)`` in a pre-norm block, ``x`` in a post-norm block). Runs in eval mode.
    """
    _require_model(model)
    was_training = model.training
    model.eval()
    x = model.embed_tokens(tokens)
    maps = []
    for layer in model.encoder.layers:
        h = layer.norm1(x) if layer.norm_first else x
        _, weights = layer.self_attn(h, h, h, need_weights=True, average_attn_weights=False)
        maps.append(weights)                        # (B, H, L, L)
        x = layer(x)
    model.train(was_training)
    return torch.stack(maps, dim=1)


# ---------------------------------------------------------------- looking inside attention modules (08, 08b)

@contextlib.contextmanager
def capture_attention(model: nn.Module, name: str):
    """Record the weights of every attention sub-module called ``name`` inside ``model``
    (``"self_attn"``, ``"multihead_attn"``).

    Yields a list that fills with one (B, heads, T, S) tensor per call, in call order. Works for
    any block that calls ``self.<name>(query, key, value, ...)`` (ours or PyTorch's): a forward
    hook runs the same module again with ``need_weights=True``.
    """
    records: list[torch.Tensor] = []
    busy: set[int] = set()

    def hook(module, args, kwargs, output):
        if id(module) in busy:
            return
        busy.add(id(module))
        try:
            again = {**kwargs, "need_weights": True, "average_attn_weights": False}
            with torch.no_grad():
                _, weights = module(*args, **again)
            if weights.dim() == 3:  # unbatched: (heads, T, S)
                weights = weights.unsqueeze(0)
            records.append(weights.detach().cpu())
        finally:
            busy.discard(id(module))

    handles = [m.register_forward_hook(hook, with_kwargs=True)
               for path, m in model.named_modules() if path.split(".")[-1] == name]
    if not handles:
        hint = "decoder-only model me cross-attention hota hi nahi." if name == "multihead_attn" else None
        raise fail("`model`", f"kam se kam ek `{name}` wala attention module", "koi nahi", hint)
    try:
        yield records
    finally:
        for handle in handles:
            handle.remove()


def capture_cross_attention(model: nn.Module):
    """Record the cross-attention weights of every ``multihead_attn`` inside ``model`` (08)."""
    return capture_attention(model, "multihead_attn")


# ---------------------------------------------------------------- who depends on whom (notebook 01)

def dependency_matrix(fn: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Entry [i, j] = ‖∂ out[i] / ∂ x[j]‖: how much output position i depends on input j.

    ``fn`` maps a (seq_len, d) tensor to a (seq_len, d_out) tensor. Zero means "position i
    cannot see position j at all" (the architecture forbids it, whatever the weights).
    """
    require_tensor("x", x, ndim=2)
    out = fn(x)
    if not isinstance(out, torch.Tensor) or out.dim() != 2 or out.shape[0] != x.shape[0]:
        raise fail("fn(x) ka output", f"(seq_len={x.shape[0]}, d) shape ka tensor", describe(out),
                   "fn ko ek (seq_len, d) tensor lekar (seq_len, d_out) tensor lautana chahiye.")
    jac = torch.autograd.functional.jacobian(fn, x)  # (seq, d_out, seq, d_in)
    return jac.pow(2).sum(dim=(1, 3)).sqrt()


# ---------------------------------------------------------------- gradient flow (notebook 07)

def flow_layers(d_model: int = 32, nhead: int = 2, seed: int = 0, weight_scale: float = 1.0
                ) -> dict[str, nn.Module]:
    """Freshly initialised layers (B, L, d) → (B, L, d) for the gradient-flow experiment.

    ``weight_scale`` multiplies the recurrent weights (RNN, LSTM) and the query/key weights
    (attention): > 1 means bigger steps through time, or sharper attention.
    """
    require_positive_int("d_model", d_model)
    layers: dict[str, nn.Module] = {}
    torch.manual_seed(seed)
    layers["vanilla RNN"] = RecurrentLayer("rnn", d_model)
    torch.manual_seed(seed)
    layers["LSTM"] = RecurrentLayer("lstm", d_model)
    torch.manual_seed(seed)
    layers["Transformer"] = EncoderBlock(d_model, nhead, 2 * d_model, dropout=0.0,
                                         batch_first=True, norm_first=True)
    with torch.no_grad():
        layers["vanilla RNN"].rnn.weight_hh_l0.mul_(weight_scale)
        layers["LSTM"].rnn.weight_hh_l0.mul_(weight_scale)
        layers["Transformer"].self_attn.in_proj_weight[: 2 * d_model].mul_(weight_scale)
    for layer in layers.values():
        layer.eval()
    return layers


def _require_flow_inputs(layer, x) -> None:
    if not callable(layer):
        raise fail("`layer`", "ek nn.Module (ya function) jo (B, L, d) leta hai", describe(layer))
    require_tensor("x", x, ndim=3)
    if x.shape[1] == 0:
        raise fail("`x` ki seq_len", "kam se kam 1 position", "0")


def gradient_norm_per_position(layer: Callable, x: torch.Tensor) -> torch.Tensor:
    """(L,) tensor: ‖∂ loss / ∂ x[:, t]‖ for each position t, averaged over the batch.

    loss = layer(x)[:, -1].sum(), i.e. the last position's output. The norm is over the
    feature axis d; position t sits at distance L - 1 - t from the last position.
    """
    _require_flow_inputs(layer, x)
    x = x.detach().clone().requires_grad_(True)
    out = layer(x)
    if not isinstance(out, torch.Tensor) or out.dim() != 3 or out.shape[:2] != x.shape[:2]:
        raise fail("layer(x) ka output", f"(B, L, ·) = {tuple(x.shape[:2])} + features",
                   describe(out))
    (grad,) = torch.autograd.grad(out[:, -1].sum(), x)
    return grad.norm(dim=-1).mean(dim=0)
