"""Notebook 03's exercise checks: the sine/cosine table, and the "PE jod kar dekhiye" modification
(word vectors + PE[:L], checked against the notebook's own ``embed``).

TABLE_MISTAKES and EMBED_MISTAKES are the catalogues of typical mistakes, each one the reference
with that mistake built in; a check names the one whose results equal the learner's.
"""

from __future__ import annotations

import math

import torch

from ..model.positional_encoding import sinusoidal_positional_encoding
from .checks import Case, check
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_sinusoidal_positional_encoding", "check_embed_with_position"]  # tc.<name> (see grading/__init__.py)

SINUSOIDAL_POSITIONAL_ENCODING_HINT = register(
    "sinusoidal_positional_encoding",
    idea='Har position ko ek vector milta hai jisme sine aur cosine ki lehrein hain, har pair ki apni raftaar: pehle dims tez ghoomte hain, baad wale dheere.',
    shapes='Table (max_len, d_model). positions (max_len, 1) × frequencies (d_model/2,) → angles (max_len, d_model/2), jahan frequency_i = 1 / 10000^(2i/d_model). Even columns (0, 2, 4, …) me sin(angles), odd (1, 3, 5, …) me cos(angles). d_model odd ho ya size ≤ 0 to ValueError.',
    code='angle = position / 10000 ** (2i / d_model); even columns (0::2) me sin, odd columns (1::2) me cos; output float32, shape (max_len, d_model); odd d_model ya size <= 0 par `raise ValueError(...)`.')


def _table_with(mistake: str):
    """The learner's ``sinusoidal_positional_encoding`` with one typical mistake built in."""
    def table(max_len, d_model):
        if max_len <= 0 or d_model <= 0 or d_model % 2:
            raise ValueError("galat size")
        position = torch.arange(max_len, dtype=torch.float64)[:, None]
        start = 1 if mistake == "positions from 1" else 0
        position = position + start
        if mistake == "own frequency per column":
            columns = torch.arange(d_model, dtype=torch.float64)
            angle = position / 10000 ** (columns / d_model)                    # (L, d_model)
            pe = torch.where(columns.long() % 2 == 0, angle.sin(), angle.cos())
            return pe.float()
        exponent = torch.arange(0, d_model, 2, dtype=torch.float64) / d_model   # 2i / d_model
        if mistake == "exponent i/d":
            exponent = exponent / 2
        angle = position / 10000 ** exponent                                    # (L, d_model/2)
        sin, cos = angle.sin(), angle.cos()
        if mistake == "sin cos swapped":
            sin, cos = cos, sin
        if mistake == "halves":
            pe = torch.cat([sin, cos], dim=-1)
        else:
            pe = torch.stack([sin, cos], dim=-1).reshape(max_len, d_model)
        return pe if mistake == "float64" else pe.float()
    return table


TABLE_MISTAKES = {
    "sin aur cos ulte: even columns (0, 2, …) me sin, odd (1, 3, …) me cos chahiye.":
        _table_with("sin cos swapped"),
    "frequency ke exponent me 2i/d_model ki jagah i/d_model (i = pair ka number): isse aakhri "
    "pairs bhi tez ghoomte hain.": _table_with("exponent i/d"),
    "har column ko apni frequency mili (exponent j/d_model, j = column); ek pair ke dono columns "
    "(2i aur 2i+1) ki frequency same honi chahiye.": _table_with("own frequency per column"),
    "pehle saare sin, phir saare cos (do halves) rakhe; sin aur cos columns baari-baari "
    "(interleaved) chahiye: 0::2 me sin, 1::2 me cos.": _table_with("halves"),
    "positions 1 se shuru ki; pehli position 0 hai (PE[0] = [0, 1, 0, 1, …]).":
        _table_with("positions from 1"),
    "table float64 me lauta; aakhir me float32 (`.float()`) kijiye.": _table_with("float64"),
}


def check_sinusoidal_positional_encoding(fn) -> bool:
    """Compare the learner's table with the reference; wrong sizes must raise ValueError."""
    cases = [
        Case("max_len=10, d_model=8", (10, 8)),
        Case("max_len=50, d_model=16", (50, 16)),
        Case("max_len=128, d_model=64", (128, 64)),
        Case("edge: max_len=1 (sirf position 0)", (1, 4)),
        Case("edge: d_model=2 (sirf ek sin/cos pair)", (20, 2)),
        Case("galat: odd d_model=7 → ValueError", (10, 7)),
        Case("galat: max_len=0 → ValueError", (0, 8)),
        Case("galat: d_model=-4 → ValueError", (10, -4)),
    ]
    return check("sinusoidal_positional_encoding", fn, sinusoidal_positional_encoding, cases,
                 atol=1e-4, rtol=1e-4, mistakes=TABLE_MISTAKES,
                 hint=first_level(SINUSOIDAL_POSITIONAL_ENCODING_HINT))


# ---------------------------------------------------------------- Modify: add PE to the embeddings

def _table_for(x: torch.Tensor) -> torch.Tensor:
    """The sine/cosine rows for the L words of x (L, d): PE[:L], in x's dtype."""
    return sinusoidal_positional_encoding(x.shape[-2], x.shape[-1], dtype=x.dtype)


def _embed_with(embed, mistake: str = ""):
    """``embed_with_position(sentence)``: embed(sentence) + PE[:L], or with one mistake built in."""
    def embed_with_position(sentence):
        x = embed(sentence)
        pe = _table_for(x)
        if mistake == "same row everywhere":
            return x + pe[0]
        if mistake == "position number":
            return x + torch.arange(x.shape[-2], dtype=x.dtype)[:, None]
        if mistake == "scaled":
            return x * math.sqrt(x.shape[-1]) + pe
        if mistake == "reversed":
            return x + pe.flip(0)
        if mistake == "multiplied":
            return x * pe
        if mistake == "concatenated":
            return torch.cat([x, pe], dim=-1)
        if mistake == "pe only":
            return pe.clone()
        length, size = x.shape[-2:]
        if mistake == "off by one":
            return x + sinusoidal_positional_encoding(length + 1, size, dtype=x.dtype)[1:]
        if mistake == "columns of a wider table":  # the notebook's 64-wide `pe`, cut to d columns
            return x + sinusoidal_positional_encoding(length, 64, dtype=x.dtype)[:, :size]
        return x + pe
    return embed_with_position


EMBED_MISTAKES = {
    "har word me ek hi PE row (PE[0]) judi: sab positions ko same vector mila, to order ki "
    "jaankari ab bhi nahi. Har position p ko table ki apni row p chahiye.": "same row everywhere",
    "position ka number (0, 1, 2, …) seedha joda. Number jitna bada, vector utna khisakta hai; "
    "sinusoidal table ki rows jodiye.": "position number",
    "word vectors ko √d_model se guna kiya: yahan sirf x + PE[:L] chahiye (scaling wali baat "
    "neeche ke note me hai).": "scaled",
    "PE ki rows ulti judi (aakhri word ko PE[0]); pehle word ko PE[0], doosre ko PE[1], … "
    "milna chahiye.": "reversed",
    "PE se guna kiya; PE word vector me *joda* jaata hai.": "multiplied",
    "PE ko concatenate kiya (d dugna ho gaya); jodiye, taaki d_model wahi rahe.": "concatenated",
    "sirf PE return kiya: word ka apna vector bhi chahiye, x + PE.": "pe only",
    "positions 1 se shuru ki (PE[1:L+1]): pehle word ki position 0 hai, use PE[0] milna chahiye.":
        "off by one",
    "notebook ki 64-columns wali `pe` table ke pehle d columns liye: frequencies d_model se bante "
    "hain, to d columns wali nayi table banaiye (pe_fn(L, d)).": "columns of a wider table",
}

EMBED_WITH_POSITION_HINT = register(
    "embed_with_position",
    idea="Har word ke vector me uski position ka vector jodiye: pehle word me table ki pehli row, doosre me doosri, aur aise hi. Word ka apna vector bhi rehna chahiye, aur size wahi.",
    shapes="embed(sentence) → x (L, d). Sine/cosine table kam se kam L rows aur d columns ki; uski pehli L rows (L, d) x me jodiye → output (L, d). Concatenate nahi: d wahi rehta hai.",
    code="x = embed(sentence); pe = pe_fn(x.shape[0], x.shape[1]); return x + pe. (Bada table pehle se ho to: x + pe[:x.shape[0]].)")


def check_embed_with_position(fn, embed) -> bool:
    """Check ``fn(sentence)`` = ``embed(sentence) + PE[:L]``: every position its own row, in order."""
    cases = [
        Case("'dog bites man' (3 words)", ("dog bites man",)),
        Case("'man bites dog': wahi words, ulta order", ("man bites dog",)),
        Case("edge: ek word 'dog' (sirf position 0: PE[0] = [0, 1, 0, 1, …])", ("dog",)),
        Case("'dog dog dog': same word, teeno positions ke vectors alag hone chahiye",
             ("dog dog dog",)),
        Case("lamba: 'man bites dog dog bites man man dog' (8 words)",
             ("man bites dog dog bites man man dog",)),
    ]
    mistakes = {diagnosis: _embed_with(embed, kind) for diagnosis, kind in EMBED_MISTAKES.items()}
    return check("embed_with_position", fn, _embed_with(embed), cases, mistakes=mistakes,
                 atol=1e-5, rtol=1e-4, hint=first_level(EMBED_WITH_POSITION_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("pe_similarity_shift",
        "PE(10)·PE(13) = {near:.4f} aur PE(70)·PE(73) = {far:.4f}. 3 positions aage jaane par pair "
        "i ki sui hamesha 3·ω_i ghoomti hai, chahe shuruaat 10 se ho ya 70 se; dot product sirf "
        "suiyon ke beech ke angle par depend karta hai.",
        choices=["kam", "barabar", "zyada"])
explain("words_changed_with_pe",
        "Ab har input vector = word + uski position. 'bites' khud position 1 par hi hai, lekin uska "
        "output baaki words ki values ka weighted mix hai, aur woh badal gaye ('dog' + PE[0] ki "
        "jagah 'man' + PE[0]). Isliye teeno badle.",
        choices=[0, 1, 2, 3])
