"""Notebook 08: the decoder: causal mask, teacher forcing, cross-attention and two tiny models.

* ``DecoderBlock`` is a twin of nn.TransformerDecoderLayer with PyTorch's parameter names
  (``self_attn``, ``multihead_attn``, ``linear1``, ``linear2``, ``norm1``-``norm3``), so
  ``block.load_state_dict(torch_layer.state_dict())`` copies the weights and, in eval mode,
  the outputs match. Masks follow PyTorch: bool True = blocked, or a float mask added to scores.
* ``CharGenerator`` is decoder-only (GPT-style): no encoder, so no cross-attention; each block
  is self-attention with a causal mask + FFN (an EncoderBlock given the causal mask).
* ``Seq2Seq`` is encoder–decoder: digits in, Hinglish number words out (see number_words.py).
* Sampling: greedy, temperature and top-k, each call seeded by its own torch.Generator.
"""

from __future__ import annotations

import contextlib
import math
import re
from importlib import resources

import matplotlib.pyplot as plt
import torch
from torch import nn

from .attention import causal_mask
from .checks import Case, check
from .encoder import ACTIVATIONS, Encoder, EncoderBlock, count_parameters  # noqa: F401 (tc.decoder.count_parameters)
from .errors import describe, fail, require_positive_int, require_tensor
from .multihead import MultiHeadAttention
from .plotting import COLORS, heatmap, to_numpy
from .positional import PositionalEncoding

CORPUS_FILE = "hinglish_corpus.txt"


# ---------------------------------------------------------------- masks and teacher forcing

def blocked_causal_mask(size: int, device=None) -> torch.Tensor:
    """PyTorch's convention of the causal mask: True where attention is NOT allowed (future)."""
    return ~causal_mask(size, device=device)


def _require_token_ids(name: str, ids, ndim=2) -> torch.Tensor:
    if not isinstance(ids, torch.Tensor) or ids.is_floating_point() or ids.dtype == torch.bool:
        raise fail(f"`{name}`", "integer (torch.long) token ids ka tensor", describe(ids),
                   "token ids hamesha integer hote hain: torch.tensor([[5, 7, 2]]).")
    if ids.dim() != ndim:
        raise fail(f"`{name}`", f"{ndim}-D tensor (batch, seq_len)", f"{ids.dim()}-D, shape {tuple(ids.shape)}",
                   "ek hi sequence ho to `ids[None]` se batch dimension jodiye.")
    return ids


def shift_right(tokens: torch.Tensor, start_id: int) -> torch.Tensor:
    """Teacher forcing input: [start, t0, t1, …, t_{L-2}] for each row of ``tokens`` (B, L).

    The decoder reads this and must predict ``tokens`` itself: at step i it has seen the right
    tokens 0 … i-1 (never its own mistakes, never token i or later).
    """
    _require_token_ids("tokens", tokens)
    if isinstance(start_id, bool) or not isinstance(start_id, int) or start_id < 0:
        raise fail("`start_id`", "ek non-negative int (jaise <bos> ka id)", describe(start_id))
    start = torch.full_like(tokens[:, :1], start_id)
    return torch.cat([start, tokens[:, :-1]], dim=1)


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


def teacher_forcing_table(target_words: list[str], start: str = "<bos>") -> str:
    """Markdown table: at each step, what the decoder has been given and what it must predict."""
    inputs = [start, *target_words[:-1]]
    rows = ["| step | decoder ko input (ab tak ke sahi tokens) | predict karna hai |", "|---|---|---|"]
    for i, wanted in enumerate(target_words):
        rows.append(f"| {i} | {' '.join(inputs[:i + 1])} | **{wanted}** |")
    return "\n".join(rows)


# ---------------------------------------------------------------- the decoder block

def _activation(activation):
    if callable(activation):
        return activation
    if activation not in ACTIVATIONS:
        raise fail("`activation`", "'relu', 'gelu' ya ek function", repr(activation))
    return ACTIVATIONS[activation]


class DecoderBlock(nn.Module):
    """One Transformer decoder layer: masked self-attention, cross-attention, FFN.

    Each sublayer has a residual connection and a LayerNorm:
    post-norm (``norm_first=False``, PyTorch's default): x = norm(x + sublayer(x));
    pre-norm (``norm_first=True``): x = x + sublayer(norm(x)).
    Cross-attention takes its queries from the decoder (x) and keys/values from ``memory``.
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation="relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True):
        super().__init__()
        require_positive_int("dim_feedforward", dim_feedforward)
        self.self_attn = MultiHeadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first)
        self.multihead_attn = MultiHeadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first)
        self.linear1 = nn.Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, d_model, bias=bias)
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm3 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.dropout3 = nn.Dropout(dropout)
        self.activation = _activation(activation)
        self.norm_first = norm_first
        self.d_model = d_model

    def _self_attention(self, x, mask, key_padding_mask):
        out, _ = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=key_padding_mask,
                                need_weights=False)
        return self.dropout1(out)

    def _cross_attention(self, x, memory, mask, key_padding_mask):
        # query = decoder ki apni state; key aur value = encoder ki memory
        out, _ = self.multihead_attn(x, memory, memory, attn_mask=mask,
                                     key_padding_mask=key_padding_mask, need_weights=False)
        return self.dropout2(out)

    def _feed_forward(self, x):
        return self.dropout3(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(self, tgt: torch.Tensor, memory: torch.Tensor, tgt_mask=None, memory_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> torch.Tensor:
        require_tensor("tgt", tgt, ndim=(2, 3))
        require_tensor("memory", memory, ndim=tgt.dim())
        for name, x in (("tgt", tgt), ("memory", memory)):
            if x.shape[-1] != self.d_model:
                raise fail(f"`{name}` ki last dimension", f"d_model = {self.d_model}",
                           f"{x.shape[-1]} (shape {tuple(x.shape)})")
        if tgt_is_causal and tgt_mask is None:  # PyTorch wants the mask itself; we build it
            length = tgt.shape[-2] if tgt.dim() == 2 or self.self_attn.batch_first else tgt.shape[0]
            tgt_mask = blocked_causal_mask(length, device=tgt.device)
        x = tgt
        if self.norm_first:
            x = x + self._self_attention(self.norm1(x), tgt_mask, tgt_key_padding_mask)
            x = x + self._cross_attention(self.norm2(x), memory, memory_mask, memory_key_padding_mask)
            x = x + self._feed_forward(self.norm3(x))
        else:
            x = self.norm1(x + self._self_attention(x, tgt_mask, tgt_key_padding_mask))
            x = self.norm2(x + self._cross_attention(x, memory, memory_mask, memory_key_padding_mask))
            x = self.norm3(x + self._feed_forward(x))
        return x


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


# ---------------------------------------------------------------- looking inside cross-attention

@contextlib.contextmanager
def capture_cross_attention(model: nn.Module):
    """Record the cross-attention weights of every ``multihead_attn`` inside ``model``.

    Yields a list that fills with one (B, heads, T, S) tensor per call, in call order. Works for
    any block that calls ``self.multihead_attn(query, key, value, ...)`` (ours or PyTorch's):
    a forward hook runs the same module again with ``need_weights=True``.
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
               for name, m in model.named_modules() if name.split(".")[-1] == "multihead_attn"]
    if not handles:
        raise fail("`model`", "kam se kam ek `multihead_attn` (cross-attention) wala module",
                   "koi nahi", "decoder-only model me cross-attention hota hi nahi.")
    try:
        yield records
    finally:
        for handle in handles:
            handle.remove()


# ---------------------------------------------------------------- the Hinglish corpus

def load_corpus() -> str:
    """The course's own small Hinglish corpus (lowercase, one everyday sentence per line)."""
    return resources.files(__package__).joinpath(CORPUS_FILE).read_text(encoding="utf-8")


def corpus_words(text: str | None = None) -> set[str]:
    """The set of words in the corpus (letters only)."""
    return set(re.findall(r"[a-z]+", load_corpus() if text is None else text))


class CharVocab:
    """Character-level tokens: one id per distinct character of the text (sorted)."""

    def __init__(self, text: str):
        if not isinstance(text, str) or len(set(text)) < 2:
            raise fail("`text`", "kam se kam 2 alag characters wali string", describe(text))
        self.chars = sorted(set(text))
        self._id = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> torch.Tensor:
        unknown = sorted(set(text) - set(self._id))
        if unknown:
            raise fail("`text`", "sirf corpus ke characters", f"anjaane characters {unknown!r}",
                       "corpus lowercase hai: `.lower()` lagaiye.")
        return torch.tensor([self._id[c] for c in text], dtype=torch.long)

    def decode(self, ids) -> str:
        return "".join(self.chars[i] for i in (ids.tolist() if isinstance(ids, torch.Tensor) else ids))


def split_lines(text: str, held_out_every: int = 10) -> tuple[str, str]:
    """Every ``held_out_every``-th line goes to the held-out text, the rest to training."""
    lines = text.strip("\n").split("\n")
    train = [line for i, line in enumerate(lines) if i % held_out_every != held_out_every - 1]
    held = [line for i, line in enumerate(lines) if i % held_out_every == held_out_every - 1]
    return "\n".join(train) + "\n", "\n".join(held) + "\n"


def char_windows(ids: torch.Tensor, context: int, batch_size: int, generator: torch.Generator
                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """Random windows of ``context`` characters and the same windows shifted by one (the targets)."""
    require_positive_int("context", context)
    if ids.numel() <= context:
        raise fail("text ki lambai", f"context ({context}) se zyada characters", str(ids.numel()))
    starts = torch.randint(ids.numel() - context, (batch_size,), generator=generator)
    offsets = torch.arange(context)
    x = ids[starts[:, None] + offsets]
    y = ids[starts[:, None] + offsets + 1]
    return x, y


# ---------------------------------------------------------------- the two models

class CharGenerator(nn.Module):
    """Decoder-only character model: embedding + sine/cosine positions + causal blocks + head.

    No encoder, hence no cross-attention: each block is masked self-attention + FFN (pre-norm),
    which is exactly an EncoderBlock given the causal mask, as in GPT.
    """

    def __init__(self, vocab_size: int, d_model: int = 64, nhead: int = 4, num_layers: int = 2,
                 dim_feedforward: int = 256, max_len: int = 128, dropout: float = 0.0):
        super().__init__()
        require_positive_int("vocab_size", vocab_size)
        self.max_len = require_positive_int("max_len", max_len)
        self.embed = nn.Embedding(vocab_size, d_model)
        self.position = PositionalEncoding(d_model, max_len)
        block = EncoderBlock(d_model, nhead, dim_feedforward, dropout, activation="gelu",
                             batch_first=True, norm_first=True)
        self.blocks = Encoder(block, num_layers)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """(B, L) token ids → (B, L, vocab) logits; position i sees positions 0 … i only."""
        _require_token_ids("ids", ids)
        if ids.shape[1] > self.max_len:
            raise fail("sequence ki lambai", f"max_len ({self.max_len}) tak", str(ids.shape[1]),
                       "sirf aakhri max_len tokens model ko dijiye.")
        if ids.numel() and (ids.min() < 0 or ids.max() >= self.embed.num_embeddings):
            raise fail("token ids", f"0 se {self.embed.num_embeddings - 1} tak",
                       f"{int(ids.min())} … {int(ids.max())}")
        x = self.position(self.embed(ids))
        x = self.blocks(x, mask=blocked_causal_mask(ids.shape[1], device=ids.device))
        return self.head(self.norm(x))


class Seq2Seq(nn.Module):
    """Encoder–decoder Transformer: the encoder reads the source, the decoder writes the target.

    ``block_cls`` builds each decoder layer (the learner's DecoderBlock or the course's); it is
    called as ``block_cls(d_model=…, nhead=…, dim_feedforward=…, dropout=…, batch_first=True)``.
    """

    def __init__(self, src_vocab: int, tgt_vocab: int, d_model: int = 64, nhead: int = 4,
                 num_encoder_layers: int = 2, num_decoder_layers: int = 2,
                 dim_feedforward: int = 128, dropout: float = 0.0, max_len: int = 32,
                 src_pad_id: int = 0, block_cls=DecoderBlock):
        super().__init__()
        require_positive_int("src_vocab", src_vocab)
        require_positive_int("tgt_vocab", tgt_vocab)
        require_positive_int("num_decoder_layers", num_decoder_layers)
        self.src_pad_id = src_pad_id
        self.src_embed = nn.Embedding(src_vocab, d_model)
        self.tgt_embed = nn.Embedding(tgt_vocab, d_model)
        self.position = PositionalEncoding(d_model, max_len)
        self.encoder = Encoder(EncoderBlock(d_model, nhead, dim_feedforward, dropout,
                                            batch_first=True), num_encoder_layers)
        self.decoder = nn.ModuleList(
            block_cls(d_model=d_model, nhead=nhead, dim_feedforward=dim_feedforward,
                      dropout=dropout, batch_first=True)
            for _ in range(num_decoder_layers))
        self.head = nn.Linear(d_model, tgt_vocab)

    def encode(self, src: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Source ids (B, S) → memory (B, S, d_model) and its padding mask (True = padding)."""
        _require_token_ids("src", src)
        padding = src == self.src_pad_id
        memory = self.encoder(self.position(self.src_embed(src)), src_key_padding_mask=padding)
        return memory, padding

    def decode(self, tgt_in: torch.Tensor, memory: torch.Tensor, memory_padding: torch.Tensor
               ) -> torch.Tensor:
        """Decoder input ids (B, T) + memory → logits (B, T, tgt_vocab), causally masked."""
        _require_token_ids("tgt_in", tgt_in)
        x = self.position(self.tgt_embed(tgt_in))
        mask = blocked_causal_mask(tgt_in.shape[1], device=tgt_in.device)
        for layer in self.decoder:
            x = layer(x, memory, tgt_mask=mask, memory_key_padding_mask=memory_padding)
        return self.head(x)

    def forward(self, src, tgt_in=None) -> torch.Tensor:
        """Teacher forcing: logits for every target position. ``src`` may be the pair (src, tgt_in)."""
        if tgt_in is None and isinstance(src, (tuple, list)) and len(src) == 2:
            src, tgt_in = src
        memory, padding = self.encode(src)
        return self.decode(tgt_in, memory, padding)


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


def sampling_probabilities(logits: torch.Tensor, temperature: float = 1.0,
                           top_k: int | None = None) -> torch.Tensor:
    """The distribution the next token is drawn from: softmax(logits / T) over the top k only.

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
    return torch.softmax(logits / temperature, dim=-1)


def next_token(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
               generator: torch.Generator | None = None) -> torch.Tensor:
    """Pick the next token id(s) from ``logits`` (V,) or (B, V): greedy when temperature is 0."""
    probs = sampling_probabilities(logits, temperature, top_k)
    if temperature == 0:
        return probs.argmax(-1)
    flat = probs.reshape(-1, probs.shape[-1]).cpu()
    picked = torch.multinomial(flat, 1, generator=generator).squeeze(-1)
    return picked.reshape(probs.shape[:-1]).to(logits.device)


@torch.no_grad()
def generate(model: CharGenerator, vocab: CharVocab, prompt: str, length: int = 120,
             temperature: float = 1.0, top_k: int | None = None, seed: int = 0) -> str:
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
        ids = torch.cat([ids, next_token(logits, temperature, top_k, generator)[None]])
    return vocab.decode(ids.cpu())


def real_word_fraction(text: str, words: set[str]) -> float:
    """Share of the complete words in ``text`` that are real corpus words (last word dropped if cut)."""
    found = re.findall(r"[a-z]+", text)
    if text and text[-1].isalpha():
        found = found[:-1]
    return sum(w in words for w in found) / len(found) if found else float("nan")


# ---------------------------------------------------------------- pictures

def plot_causal_mask(size: int, labels=None, ax=None):
    """The causal mask as a picture: green = may look (past and itself), grey = blocked (future)."""
    mask = causal_mask(size).float()
    if ax is None:
        _, ax = plt.subplots(figsize=(0.5 * size + 2, 0.45 * size + 1.2))
    labels = list(labels) if labels is not None else [str(i) for i in range(size)]
    heatmap(mask, labels, labels, ax=ax, cmap="Greens", vmin=0, vmax=1.3,
            title="Causal mask: 1 = dekh sakta hai, 0 = future (blocked)",
            xlabel="key (kis position ko dekhe)", ylabel="query (kaun likh raha hai)")
    return ax


def plot_masked_attention(weights_full, weights_causal, labels):
    """Attention weights without and with the causal mask, side by side."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    heatmap(weights_full, labels, labels, ax=axes[0], title="Bina mask: future bhi dikhta hai")
    heatmap(weights_causal, labels, labels, ax=axes[1], title="Causal mask ke saath: sirf past")
    fig.tight_layout()
    return axes


def plot_cross_attention(weights, digit_labels, word_labels, ax=None, title=None):
    """Cross-attention (T words × S digits): which digit the decoder looks at for each word."""
    if ax is None:
        _, ax = plt.subplots(figsize=(0.9 * len(digit_labels) + 2.5, 0.55 * len(word_labels) + 1.5))
    heatmap(weights, digit_labels, word_labels, ax=ax, title=title, vmin=0, vmax=1,
            xlabel="encoder memory (input digit)", ylabel="decoder likh raha hai")
    return ax


def plot_next_char(logits, vocab: CharVocab, temperature: float, top_k, ax=None, show: int = 15):
    """Bar chart of the next-character probabilities for the given temperature and top-k."""
    probs = to_numpy(sampling_probabilities(logits, temperature, top_k))
    order = probs.argsort()[::-1][:show]
    names = [repr(vocab.chars[i])[1:-1] if vocab.chars[i].strip() else
             ("␣" if vocab.chars[i] == " " else "\\n") for i in order]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    colors = [COLORS["transformer"] if probs[i] > 0 else COLORS["muted"] for i in order]
    ax.bar(range(len(order)), probs[order], color=colors)
    ax.set_xticks(range(len(order)), names)
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_xlabel("agla character (top 15)")
    k_text = "sab" if top_k is None else str(top_k)
    ax.set_title(f"temperature = {temperature:g}, top_k = {k_text}")
    return ax


def draw_sampling(model: CharGenerator, vocab: CharVocab, prompt: str, temperature: float,
                  top_k: int | None, seed: int = 0, length: int = 100):
    """Explorer view: the next-character distribution after ``prompt`` and one seeded sample."""
    with torch.no_grad():
        model.eval()
        device = next(model.parameters()).device
        logits = model(vocab.encode(prompt)[None].to(device))[0, -1].cpu()
    plot_next_char(logits, vocab, temperature, top_k)
    plt.show()
    text = generate(model, vocab, prompt, length, temperature, top_k, seed=seed)
    print(f"seed {seed}: {text!r}")
