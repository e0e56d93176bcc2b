"""Notebook 08's exercise checks: shift_right and the DecoderBlock against nn.TransformerDecoderLayer."""

from __future__ import annotations

import torch
from torch import nn

from ..model.decoder_layers import shift_right
from ..model.dot_product_attention import blocked_causal_mask
from .checks import Case, check


def check_shift_right(fn) -> bool:
    """Compare the learner's shift_right with the reference; a 1-D input must raise ValueError."""
    cases = [
        Case("'do sau teen <eos>' (ids [5, 3, 6, 2]), start 1", (torch.tensor([[5, 3, 6, 2]]), 1)),
        Case("batch of 3 sequences", (torch.arange(12).reshape(3, 4) + 3, 1)),
        Case("edge: seq_len 1 → sirf start token", (torch.tensor([[9], [4]]), 0)),
        Case("edge: khaali batch (0, 4)", (torch.zeros(0, 4, dtype=torch.long), 1)),
        Case("galat: 1-D tensor → ValueError", (torch.tensor([5, 3, 6]), 1)),
    ]
    return check("shift_right", fn, shift_right, cases,
                 hint="har row ke aage start_id wala column jodiye aur aakhri column hata dijiye: "
                      "torch.cat([start_column, tokens[:, :-1]], dim=1); 2-D na ho to "
                      "`raise ValueError(...)`.")


def _block_case(label: str, *, d_model=16, nhead=4, tgt_len=5, src_len=6, batch=3,
                norm_first=False, activation="relu", batch_first=True, dtype=torch.float32,
                float_mask=False, tgt_padding=False, unbatched=False, seed=0) -> Case:
    g = torch.Generator().manual_seed(seed)
    config = dict(d_model=d_model, nhead=nhead, dim_feedforward=2 * d_model, dropout=0.1,
                  activation=activation, batch_first=batch_first, norm_first=norm_first)
    if unbatched:
        tgt = torch.randn(tgt_len, d_model, generator=g, dtype=dtype)
        memory = torch.randn(src_len, d_model, generator=g, dtype=dtype)
        masks = {"tgt_mask": blocked_causal_mask(tgt_len)}
        return Case(label, (config, tgt, memory, masks))
    shape_t = (batch, tgt_len, d_model) if batch_first else (tgt_len, batch, d_model)
    shape_m = (batch, src_len, d_model) if batch_first else (src_len, batch, d_model)
    tgt = torch.randn(*shape_t, generator=g, dtype=dtype)
    memory = torch.randn(*shape_m, generator=g, dtype=dtype)
    if float_mask:
        tgt_mask = nn.Transformer.generate_square_subsequent_mask(tgt_len, dtype=dtype)
    else:
        tgt_mask = blocked_causal_mask(tgt_len)
    # memory padding: sequence b has its last b positions padded (every row keeps real keys)
    lengths = torch.tensor([src_len - b % src_len for b in range(batch)])
    masks = {"tgt_mask": tgt_mask,
             "memory_key_padding_mask": torch.arange(src_len)[None, :] >= lengths[:, None]}
    if tgt_padding:  # the last target position is padding (same mask type as tgt_mask)
        padded = (torch.arange(tgt_len)[None, :] >= (tgt_len - 1)).expand(batch, -1).clone()
        if float_mask:
            padded = torch.zeros(padded.shape, dtype=dtype).masked_fill(padded, float("-inf"))
        masks["tgt_key_padding_mask"] = padded
    return Case(label, (config, tgt, memory, masks))


def run_block(impl, config: dict, tgt: torch.Tensor, memory: torch.Tensor, masks: dict):
    """Build nn.TransformerDecoderLayer(**config) with a fixed seed, copy its weights into
    ``impl(**config)``, switch to eval mode and run it on (tgt, memory, masks)."""
    torch.manual_seed(0)
    oracle = nn.TransformerDecoderLayer(**config)
    block = impl(**config)
    block.load_state_dict(oracle.state_dict())
    block = block.to(tgt.dtype).eval()
    with torch.no_grad():
        return block(tgt, memory, **masks)


def decoder_block_cases() -> list[Case]:
    """The cases of check_decoder_block: both norms, relu/gelu, both layouts, masks, float64."""
    return [
        _block_case("post-norm, relu, batch_first, causal + memory padding"),
        _block_case("pre-norm (norm_first=True), relu", norm_first=True, seed=1),
        _block_case("post-norm, gelu", activation="gelu", seed=2),
        _block_case("pre-norm, gelu, batch_first=False (L, B, D)", norm_first=True,
                    activation="gelu", batch_first=False, seed=3),
        _block_case("float causal mask (-inf) + tgt padding", float_mask=True, tgt_padding=True, seed=4),
        _block_case("float64, d_model=32, 8 heads", d_model=32, nhead=8, dtype=torch.float64, seed=5),
        _block_case("edge: tgt_len=1 (pehla hi word)", tgt_len=1, seed=6),
        _block_case("unbatched (L, D), sirf causal mask", unbatched=True, seed=7),
    ]


def check_decoder_block(cls) -> bool:
    """Compare the learner's block class with nn.TransformerDecoderLayer (eval mode, copied weights)."""
    return check("DecoderBlock", cls, nn.TransformerDecoderLayer, decoder_block_cases(),
                 call=run_block, atol=1e-5, rtol=1e-4,
                 hint="naam PyTorch wale rakhiye (self_attn, multihead_attn, linear1, linear2, "
                      "norm1-3, dropout, dropout1-3); post-norm: x = norm(x + sublayer(x)), "
                      "pre-norm: x = x + sublayer(norm(x)); cross-attention me query x se, "
                      "key/value memory se aate hain; masks ko attention tak pahunchaiye.")
