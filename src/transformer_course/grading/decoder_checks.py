"""Notebook 08's exercise checks: shift_right, the DecoderBlock against nn.TransformerDecoderLayer,
and the Modify exercise "causal mask hatao" (a mask function that blocks nothing, tried inside a
decoder-only CharGenerator)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import require_token_ids
from ..model.decoder_layers import DecoderBlock, shift_right
from ..model.dot_product_attention import blocked_causal_mask, causal_mask
from ..model.tiny_models import CharGenerator
from .checks import Case, check, randomise_parameters
from .hints import first_level, register
from .predictions import explain
from .twins import run_twin

__all__ = ["check_shift_right", "check_decoder_block", "check_no_causal_mask"]  # tc.<name> (see grading/__init__.py)

SHIFT_RIGHT_HINT = register(
    "shift_right",
    idea='Decoder ko har step par sirf pichhle *sahi* tokens dikhte hain: target ko ek kadam daayen khiskaiye aur sabse aage start token rakhiye.',
    shapes='tokens (B, L) → start wala column (B, 1) + tokens ke pehle L - 1 columns (B, L - 1) → (B, L). Input 2-D na ho to ValueError.',
    code='har row ke aage start_id wala column jodiye aur aakhri column hata dijiye: torch.cat([start_column, tokens[:, :-1]], dim=1); 2-D na ho to `raise ValueError(...)`.')


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
                 hint=first_level(SHIFT_RIGHT_HINT))


NAMES_HINT = ("PyTorch wale naam rakhiye: self.self_attn, self.multihead_attn, self.linear1, "
              "self.dropout, self.linear2, self.norm1-3, self.dropout1-3.")
DROPOUTS = ("dropout", "dropout1", "dropout2", "dropout3")


def _block_case(label: str, *, d_model=16, nhead=4, tgt_len=5, src_len=6, batch=3,
                norm_first=False, activation="relu", batch_first=True, dtype=torch.float32,
                float_mask=False, tgt_padding=False, memory_mask=False, unbatched=False, seed=0,
                mode="eval", dropout=0.1, no_tgt_mask=False) -> Case:
    g = torch.Generator().manual_seed(seed)
    config = dict(d_model=d_model, nhead=nhead, dim_feedforward=2 * d_model, dropout=dropout,
                  activation=activation, batch_first=batch_first, norm_first=norm_first)
    if unbatched:
        tgt = torch.randn(tgt_len, d_model, generator=g, dtype=dtype)
        memory = torch.randn(src_len, d_model, generator=g, dtype=dtype)
        masks = {"tgt_mask": blocked_causal_mask(tgt_len)}
        return Case(label, (config, tgt, memory, masks), {"mode": mode})
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
    if memory_mask:  # target position i may not read memory position (i + 1) % src_len
        blocked = torch.zeros(tgt_len, src_len, dtype=torch.bool)
        blocked[torch.arange(tgt_len), (torch.arange(tgt_len) + 1) % src_len] = True
        masks["memory_mask"] = blocked
    if no_tgt_mask:  # the block must not build a causal mask of its own
        del masks["tgt_mask"]
    return Case(label, (config, tgt, memory, masks), {"mode": mode})


def run_block(impl, config: dict, tgt: torch.Tensor, memory: torch.Tensor, masks: dict,
              mode: str = "eval"):
    """nn.TransformerDecoderLayer(**config) with random parameters, copied into
    ``impl(**config)`` and run on (tgt, memory, masks) in ``mode`` (see grading/twins.py)."""
    return run_twin(impl, nn.TransformerDecoderLayer, config,
                    lambda block: block(tgt, memory, **masks), mode=mode, dropouts=DROPOUTS,
                    names_hint=NAMES_HINT, dtype=tgt.dtype)


def decoder_block_cases() -> list[Case]:
    """The cases of check_decoder_block: both norms, relu/gelu, both layouts, every mask,
    float64, training mode."""
    return [
        _block_case("post-norm, relu, batch_first, causal + memory padding"),
        _block_case("pre-norm (norm_first=True), relu", norm_first=True, seed=1),
        _block_case("post-norm, gelu", activation="gelu", seed=2),
        _block_case("pre-norm, gelu, batch_first=False (L, B, D)", norm_first=True,
                    activation="gelu", batch_first=False, seed=3),
        _block_case("float causal mask (-inf) + tgt padding", float_mask=True, tgt_padding=True, seed=4),
        _block_case("memory_mask: har target word ek memory position nahi dekh sakta",
                    memory_mask=True, seed=8),
        _block_case("bina tgt_mask (jaise encoder ke andar): koi causal mask khud mat lagaiye",
                    no_tgt_mask=True, seed=12),
        _block_case("float64, d_model=32, 8 heads", d_model=32, nhead=8, dtype=torch.float64, seed=5),
        _block_case("edge: tgt_len=1 (pehla hi word)", tgt_len=1, seed=6),
        _block_case("unbatched (L, D), sirf causal mask", unbatched=True, seed=7),
        _block_case("training mode, dropout=0: eval jaisa hi output", mode="train", dropout=0.0,
                    norm_first=True, seed=9),
        _block_case("training mode, dropout=0.3: har dropout sahi jagah (fixed scaling se naapa)",
                    mode="placed", dropout=0.3, seed=11),
        _block_case("training mode, dropout=0.3: dropout, dropout1-3 bane aur use hue",
                    mode="dropout", dropout=0.3, seed=10),
    ]


DECODER_BLOCK_HINT = register(
    "DecoderBlock",
    idea='Teen sub-layers: masked self-attention (sirf pichhle words), cross-attention (query decoder se, key/value encoder ki memory se) aur FFN. Har ek ke saath residual + LayerNorm (post- ya pre-norm) aur dropout.',
    shapes='tgt (B, T, d), memory (B, S, d). Self-attention: scores (T, T), tgt_mask (T, T), tgt_key_padding_mask (B, T). Cross-attention: scores (T, S), memory_mask (T, S), memory_key_padding_mask (B, S). Har sub-layer ka output (B, T, d), isliye residual jud sakta hai. Naam (isi kram me): self_attn, multihead_attn, linear1 (d_model → dim_feedforward), dropout, linear2 (wapas d_model), norm1-3 (har ek d_model, eps=layer_norm_eps), dropout1-3.',
    code='__init__: self.self_attn = tc.MultiHeadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first), multihead_attn bhi aise hi; baaki nn.Linear, nn.LayerNorm(d_model, eps=layer_norm_eps), nn.Dropout(dropout); activation ke liye {"relu": F.relu, "gelu": F.gelu}. Post-norm: x = norm(x + sublayer(x)), pre-norm: x = x + sublayer(norm(x)); cross-attention me query x se, key/value memory se aate hain; masks ko attention tak pahunchaiye.')


def _with_mistake(kind: str) -> type:
    """The course's DecoderBlock with one typical mistake built in."""
    class Mistaken(DecoderBlock):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if kind == "relu always":
                self.activation = F.relu

        def _self_attention(self, x, mask, key_padding_mask):
            if kind == "no causal mask":
                mask = None
            out = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=key_padding_mask)[0]
            return out if kind == "no dropout" else self.dropout1(out)

        def _cross_attention(self, x, memory, mask, key_padding_mask):
            if kind == "memory_mask ignored":
                mask = None
            if kind == "memory padding ignored":
                key_padding_mask = None
            source = x if kind == "cross-attention on x" else memory
            out = self.multihead_attn(x, source, source,
                                      attn_mask=None if kind == "cross-attention on x" else mask,
                                      key_padding_mask=None if kind == "cross-attention on x"
                                      else key_padding_mask)[0]
            return out if kind == "no dropout" else self.dropout2(out)

        def _feed_forward(self, x):
            out = self.linear2(self.dropout(self.activation(self.linear1(x))))
            return out if kind == "no dropout" else self.dropout3(out)

        def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                    memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
            keep = {part: float(kind != f"no {part} residual") for part in ("self", "cross", "ffn")}
            norm2, norm3 = (self.norm3, self.norm2) if kind == "norms 2 and 3 swapped" \
                else (self.norm2, self.norm3)
            x = tgt
            if self.norm_first != (kind == "norm placement flipped"):
                x = keep["self"] * x + self._self_attention(self.norm1(x), tgt_mask,
                                                            tgt_key_padding_mask)
                x = keep["cross"] * x + self._cross_attention(norm2(x), memory, memory_mask,
                                                              memory_key_padding_mask)
                return keep["ffn"] * x + self._feed_forward(norm3(x))
            x = self.norm1(keep["self"] * x + self._self_attention(x, tgt_mask,
                                                                   tgt_key_padding_mask))
            x = norm2(keep["cross"] * x + self._cross_attention(x, memory, memory_mask,
                                                                memory_key_padding_mask))
            return norm3(keep["ffn"] * x + self._feed_forward(x))

    return Mistaken


MISTAKES = {
    "masked self-attention ke baad residual nahi joda.": _with_mistake("no self residual"),
    "cross-attention ke baad residual nahi joda.": _with_mistake("no cross residual"),
    "FFN ke baad residual nahi joda.": _with_mistake("no ffn residual"),
    "cross-attention me key/value memory se aane chahiye; aapne x hi liya (self-attention jaisa).":
        _with_mistake("cross-attention on x"),
    "tgt_mask (causal mask) self-attention tak nahi pahuncha: har word aage ke words dekh raha hai.":
        _with_mistake("no causal mask"),
    "memory_mask cross-attention tak nahi pahuncha.": _with_mistake("memory_mask ignored"),
    "memory_key_padding_mask cross-attention tak nahi pahuncha (padding wali memory dikh rahi hai).":
        _with_mistake("memory padding ignored"),
    "norm2 aur norm3 ki jagah ulti: cross-attention ke saath norm2, FFN ke saath norm3.":
        _with_mistake("norms 2 and 3 swapped"),
    "norm_first ulta pad gaya: True par pre-norm, False par post-norm.":
        _with_mistake("norm placement flipped"),
    "activation hamesha relu: config ka activation ('gelu') use kijiye.": _with_mistake("relu always"),
    "dropout1-3 bane par use nahi hue (har sub-layer ke output par lagte hain).":
        _with_mistake("no dropout"),
}


def check_decoder_block(cls) -> bool:
    """Compare the learner's block class with nn.TransformerDecoderLayer (random weights, eval
    and training mode)."""
    return check("DecoderBlock", cls, nn.TransformerDecoderLayer, decoder_block_cases(),
                 call=run_block, mistakes=MISTAKES, atol=1e-5, rtol=1e-4,
                 hint=first_level(DECODER_BLOCK_HINT))


# ---------------------------------------------------------------- Modify: the causal mask removed

class CharGeneratorWithMask(CharGenerator):
    """CharGenerator whose self-attention mask is ``mask_fn(size, device=...)`` (PyTorch
    convention: True = block). The default, ``blocked_causal_mask``, is CharGenerator itself;
    notebook 08 passes the learner's "no mask" function to see what the mask was for."""

    def __init__(self, *args, mask_fn=blocked_causal_mask, **kwargs):
        super().__init__(*args, **kwargs)
        self.mask_fn = mask_fn

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        require_token_ids("ids", ids)
        if ids.shape[1] > self.max_len or (ids.numel() and (
                ids.min() < 0 or ids.max() >= self.embed.num_embeddings)):
            return super().forward(ids)  # raises CharGenerator's Hinglish error
        x = self.position(self.embed(ids))
        x = self.blocks(x, mask=self.mask_fn(ids.shape[1], device=ids.device))
        return self.head(self.norm(x))


def no_causal_mask(size: int, device=None) -> torch.Tensor:
    """Reference: a (size, size) mask that blocks nothing (PyTorch convention, all False)."""
    return torch.zeros(size, size, dtype=torch.bool, device=device)


VOCAB, MAX_LEN = 11, 12


def run_generator_with_mask(mask_fn, size: int, batch: int = 2, seed: int = 0,
                            on_device: bool = False):
    """A small CharGeneratorWithMask (random weights) using ``mask_fn``: does position 0 change
    when only the later tokens change, and the logits (B, size, vocab). ``on_device``: only ask
    whether a mask made for the ``meta`` device lands there (on a GPU a CPU mask would fail)."""
    if on_device:
        mask = mask_fn(size, device=torch.device("meta"))
        return mask is None or (isinstance(mask, torch.Tensor) and mask.device.type == "meta"), None
    torch.manual_seed(seed)  # the same initial weights for learner and reference
    model = randomise_parameters(CharGeneratorWithMask(VOCAB, d_model=16, nhead=2, num_layers=2,
                                                       dim_feedforward=32, max_len=MAX_LEN,
                                                       mask_fn=mask_fn), seed=seed).eval()
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, VOCAB, (batch, size), generator=g)
    later = ids.clone()
    later[:, 1:] = (ids[:, 1:] + 1 + torch.randint(0, VOCAB - 1, (batch, size - 1), generator=g)) % VOCAB
    with torch.no_grad():
        logits, changed = model(ids), model(later)
    sees_future = bool(((logits[:, 0] - changed[:, 0]).abs() > 1e-5).any())
    return sees_future, logits


NO_MASK_NAMES = ("position 0 aage ke tokens dekhti hai?", "generator ke logits")

NO_CAUSAL_MASK_HINT = register(
    "no_causal_mask",
    idea='CharGenerator ka mask PyTorch ke convention me hai: True ka matlab block (dekhna mana). Causal mask future block karta hai; aapko aisa mask chahiye jo kuch bhi block na kare, taaki har position poora sentence dekhe.',
    shapes='size → (size, size) bool mask, har entry False (koi block nahi). tc.blocked_causal_mask(size) me upar ka triangle True hai; aapke mask me ek bhi True nahi. None lautana bhi "koi mask nahi" hai.',
    code='return torch.zeros(size, size, dtype=torch.bool, device=device)  # sab False = kuch block nahi')

NO_MASK_MISTAKES = {
    "yeh abhi bhi causal mask hai (upar ka triangle True = block): position 0 ab bhi future "
    "nahi dekhti. Mask ko hatana tha, yaani kuch bhi block na ho.": blocked_causal_mask,
    "sab entries True: PyTorch convention me True = block, to har position sab kuch block kar "
    "rahi hai (attention ko kuch nahi milta). 'Koi parda nahi' = sab False.":
        lambda size, device=None: torch.ones(size, size, dtype=torch.bool, device=device),
    "yeh course ka convention hai (tc.causal_mask: True = dekh sakta hai). CharGenerator PyTorch "
    "ka convention maanta hai (True = block), to ab har position sirf future dekhti hai.": causal_mask,
}


def check_no_causal_mask(fn) -> bool:
    """The learner's mask function inside a small decoder-only generator (random weights): it
    must block nothing, so the logits equal full attention and position 0 depends on later tokens."""
    cases = [
        Case("size 5: position 0 ab future dekhe", (5,), {"seed": 0}),
        Case("size 12 (generator ka poora context), batch 3", (MAX_LEN,), {"batch": 3, "seed": 1}),
        Case("size 2", (2,), {"seed": 2}),
        Case("edge: size 1 (dekhne ko aage kuch hai hi nahi)", (1,), {"seed": 3}),
        Case("mask `device` par banna chahiye (Colab GPU par CPU mask error deta hai): "
             "torch.zeros(..., device=device)", (3,), {"on_device": True}),
    ]
    return check("no_causal_mask", fn, no_causal_mask, cases, call=run_generator_with_mask,
                 names=NO_MASK_NAMES, mistakes=NO_MASK_MISTAKES, atol=1e-5, rtol=1e-4,
                 hint=first_level(NO_CAUSAL_MASK_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("causal_mask_allowed",
        "row i (position i) sirf 0 … i dekhti hai, yaani i + 1 keys: 1 + 2 + … + {n} = "
        "{n}·{n_plus_1}/2 = {allowed}. Baaki {blocked} entries (diagonal ke upar ka triangle) future "
        "hain, jo block hoti hain.")
explain("no_mask_training_loss",
        "bina mask position i ko input me hi position i + 1 dikhti hai, aur wahi uska target hai. "
        "Model agla character seedha copy karna seekh leta hai, isliye loss jaldi girta hai: yeh "
        "seekhna nahi, nakal hai.",
        choices=["kam", "barabar", "zyada"])
explain("no_mask_writing",
        "likhte waqt agla character abhi bana hi nahi: dekhne ko future hai hi nahi. Model ne "
        "training me nakal par bharosa kiya tha, isliye sirf pichhle characters se andaaza lagana "
        "bahut kam seekha.",
        choices=["behtar", "barabar", "bura"])
