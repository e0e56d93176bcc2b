"""The course's tiny models, each built from the blocks above (notebooks 06-08).

* ``TinyTransformer`` (06): token embedding + positions → encoder blocks → a Linear head with
  one prediction per position, shape (batch, seq_len, num_classes).
* ``RecallTransformer`` and ``RecallRNN`` (07): the same pair embedding, then attention or an
  LSTM / vanilla RNN, for the associative-recall race; ``RecurrentLayer`` wraps nn.RNN/LSTM as
  a plain (B, L, d) → (B, L, hidden) layer.
* ``CharGenerator`` (08): decoder-only (GPT-style): causal self-attention + FFN, no encoder.
* ``Seq2Seq`` (08): encoder–decoder, digits in, Hinglish number words out."""

from __future__ import annotations

import torch
from torch import nn

from ..errors import describe, fail, require_positive_int, require_recall_inputs, require_token_ids
from .decoder_layers import DecoderBlock
from .dot_product_attention import blocked_causal_mask
from .encoder_layers import Encoder, EncoderBlock
from .positional_encoding import PositionalEncoding, sinusoidal_positional_encoding

# ---------------------------------------------------------------- TinyTransformer (notebook 06)

class TinyTransformer(nn.Module):
    """Embedding + positions → encoder blocks → Linear head: logits (B, L, num_classes)."""

    def __init__(self, vocab_size: int, num_classes: int | None = None, *, d_model: int = 64,
                 nhead: int = 4, num_layers: int = 2, dim_feedforward: int = 128,
                 max_len: int = 32, dropout: float = 0.0, positional: str = "sinusoidal",
                 norm_first: bool = True):
        super().__init__()
        require_positive_int("vocab_size", vocab_size)
        num_classes = vocab_size if num_classes is None else num_classes
        require_positive_int("num_classes", num_classes)
        require_positive_int("max_len", max_len)
        if positional not in ("sinusoidal", "learned"):
            raise fail("`positional`", "'sinusoidal' ya 'learned'", repr(positional))
        self.vocab_size, self.d_model, self.max_len = vocab_size, d_model, max_len
        self.positional = positional
        self.embed = nn.Embedding(vocab_size, d_model)
        if positional == "sinusoidal":
            self.register_buffer("pe", sinusoidal_positional_encoding(max_len, d_model),
                                 persistent=False)
        else:
            self.pos = nn.Embedding(max_len, d_model)
        block = EncoderBlock(d_model, nhead, dim_feedforward, dropout, batch_first=True,
                             norm_first=norm_first)
        # pre-norm stacks end with one more LayerNorm (as in GPT-2 / ViT)
        self.encoder = Encoder(block, num_layers, norm=nn.LayerNorm(d_model) if norm_first else None)
        self.head = nn.Linear(d_model, num_classes)

    @property
    def num_layers(self) -> int:
        return len(self.encoder.layers)

    @property
    def nhead(self) -> int:
        return self.encoder.layers[0].self_attn.num_heads

    def embed_tokens(self, tokens: torch.Tensor) -> torch.Tensor:
        """Token ids (B, L) → vectors (B, L, d_model): embedding + position.

        (No √d_model factor here: nn.Embedding starts at N(0, 1), already as big as the
        position table; scaling it up would drown the positions.)
        """
        _require_tokens(tokens, self.vocab_size, self.max_len)
        x = self.embed(tokens)
        length = tokens.shape[1]
        if self.positional == "sinusoidal":
            return x + self.pe[:length]
        return x + self.pos(torch.arange(length, device=tokens.device))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(self.embed_tokens(tokens)))


def _require_tokens(tokens, vocab_size: int, max_len: int) -> None:
    if not isinstance(tokens, torch.Tensor):
        raise fail("`tokens`", "token ids ka torch.Tensor (batch, seq_len)", describe(tokens))
    if tokens.dim() != 2:
        raise fail("`tokens`", "2-D tensor (batch, seq_len)", f"{tokens.dim()}-D, shape {tuple(tokens.shape)}",
                   "ek hi sentence ho to `tokens[None]` se batch banaiye.")
    if tokens.dtype != torch.long:
        raise fail("`tokens` ka dtype", "torch.long (token ids)", str(tokens.dtype),
                   "embedding ko integer ids chahiye: `tokens.long()`.")
    if tokens.shape[1] > max_len:
        raise fail("sequence ki lambai", f"max_len ({max_len}) tak", str(tokens.shape[1]))
    if tokens.numel() and (int(tokens.min()) < 0 or int(tokens.max()) >= vocab_size):
        raise fail("token ids", f"0 se {vocab_size - 1} tak",
                   f"{int(tokens.min())} se {int(tokens.max())} tak")


# ---------------------------------------------------------------- associative recall (notebook 07)


class PairEmbedding(nn.Module):
    """(B, L, 2) key/value ids → (B, L, d_model): key embedding + value embedding."""

    def __init__(self, n_keys: int, n_values: int, d_model: int):
        super().__init__()
        self.n_keys, self.n_values = require_positive_int("n_keys", n_keys), require_positive_int("n_values", n_values)
        self.keys = nn.Embedding(n_keys, d_model)
        self.values = nn.Embedding(n_values + 1, d_model)  # + the blank "?" of the query

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        require_recall_inputs(inputs)
        if int(inputs[..., 0].max()) >= self.n_keys or int(inputs[..., 1].max()) > self.n_values \
                or int(inputs.min()) < 0:
            raise fail("`inputs` ki ids", f"keys 0..{self.n_keys - 1}, values 0..{self.n_values}",
                       f"keys {int(inputs[..., 0].min())}..{int(inputs[..., 0].max())}, "
                       f"values {int(inputs[..., 1].min())}..{int(inputs[..., 1].max())}",
                       "model aur task ke n_keys / n_values barabar rakhiye.")
        return self.keys(inputs[..., 0]) + self.values(inputs[..., 1])


class RecallTransformer(nn.Module):
    """Pair embedding + sine/cosine positions → pre-norm EncoderBlocks → LayerNorm → logits.

    The answer is read at the last position (the query), as (B, n_values) logits.
    """

    def __init__(self, n_keys: int = 16, n_values: int = 16, d_model: int = 32, nhead: int = 2,
                 num_layers: int = 2, dim_feedforward: int = 64, max_len: int = 256):
        super().__init__()
        self.embed = PairEmbedding(n_keys, n_values, d_model)
        self.positions = PositionalEncoding(d_model, max_len=max_len)
        block = EncoderBlock(d_model, nhead, dim_feedforward, dropout=0.0, batch_first=True,
                             norm_first=True)
        self.encoder = Encoder(block, num_layers)
        self.norm = nn.LayerNorm(d_model)  # pre-norm blocks leave the last output un-normalised
        self.head = nn.Linear(d_model, n_values)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        h = self.encoder(self.positions(self.embed(inputs)))
        return self.head(self.norm(h[:, -1]))


class RecallRNN(nn.Module):
    """Pair embedding → LSTM or vanilla (tanh) RNN → logits from the last hidden state."""

    CELLS = {"lstm": nn.LSTM, "rnn": nn.RNN}

    def __init__(self, n_keys: int = 16, n_values: int = 16, d_model: int = 32,
                 hidden_size: int = 50, cell: str = "lstm", num_layers: int = 1):
        super().__init__()
        if cell not in self.CELLS:
            raise fail("`cell`", "'lstm' ya 'rnn'", repr(cell))
        require_positive_int("hidden_size", hidden_size)
        self.embed = PairEmbedding(n_keys, n_values, d_model)
        self.rnn = self.CELLS[cell](d_model, hidden_size, num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, n_values)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        outputs, _ = self.rnn(self.embed(inputs))
        return self.head(outputs[:, -1])


class RecurrentLayer(nn.Module):
    """nn.RNN / nn.LSTM as a plain (B, L, d) → (B, L, hidden) layer (outputs only)."""

    def __init__(self, cell: str, d_model: int, hidden_size: int | None = None):
        super().__init__()
        if cell not in RecallRNN.CELLS:
            raise fail("`cell`", "'lstm' ya 'rnn'", repr(cell))
        self.rnn = RecallRNN.CELLS[cell](d_model, hidden_size or d_model, batch_first=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.rnn(x)[0]


# ---------------------------------------------------------------- writing (notebook 08)

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
        require_token_ids("ids", ids)
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
        require_token_ids("src", src)
        padding = src == self.src_pad_id
        memory = self.encoder(self.position(self.src_embed(src)), src_key_padding_mask=padding)
        return memory, padding

    def decode(self, tgt_in: torch.Tensor, memory: torch.Tensor, memory_padding: torch.Tensor
               ) -> torch.Tensor:
        """Decoder input ids (B, T) + memory → logits (B, T, tgt_vocab), causally masked."""
        require_token_ids("tgt_in", tgt_in)
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
