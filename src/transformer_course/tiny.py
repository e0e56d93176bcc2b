"""Notebook 06: a tiny Transformer tagger built from the course's own blocks, and its attention.

``TinyTransformer``: token embedding + positional encoding (notebook 03's sine/cosine table,
or a learned table) → ``num_layers`` × ``EncoderBlock`` (notebook 05) → a Linear head that
gives one prediction per position, shape (batch, seq_len, num_classes).

``attention_maps(model, tokens)`` runs the same layers one at a time and asks each layer's
``MultiHeadAttention`` (notebook 04) for its weights: shape (batch, layers, heads, L, L), with
row i = how much query position i looks at every key position.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

from .checks import Case, check
from .encoder import Encoder, EncoderBlock, count_parameters  # noqa: F401 (tc.tiny.count_parameters)
from .errors import describe, fail, require_positive_int, require_tensor
from .plotting import COLORS, heatmap, to_numpy
from .positional import sinusoidal_positional_encoding
from .training import IGNORE_INDEX

# ---------------------------------------------------------------- the model


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


# ---------------------------------------------------------------- reading the attention


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


def check_attention_maps(fn) -> bool:
    """The learner's extraction vs the reference on small seeded models (pre- and post-norm)."""
    def build(norm_first: bool, layers: int, heads: int) -> TinyTransformer:
        torch.manual_seed(7)
        return TinyTransformer(12, d_model=16, nhead=heads, num_layers=layers,
                               dim_feedforward=32, max_len=10, norm_first=norm_first)

    tokens = torch.randint(0, 12, (3, 6), generator=torch.Generator().manual_seed(1))
    cases = [
        Case("2 layers, 2 heads, batch 3", (build(True, 2, 2), tokens)),
        Case("1 layer, 4 heads", (build(True, 1, 4), tokens[:1])),
        Case("3 layers, post-norm block (norm_first=False)", (build(False, 3, 2), tokens)),
        Case("edge: sequence of 1 token", (build(True, 2, 2), tokens[:, :1])),
        Case("galat: float tokens → ValueError", (build(True, 2, 2), tokens.float())),
    ]
    return check("attention_maps", fn, attention_maps, cases, atol=1e-5, rtol=1e-4,
                 hint="x = model.embed_tokens(tokens); har `layer` in model.encoder.layers ke liye: "
                      "h = layer.norm1(x) agar layer.norm_first, warna x; "
                      "`_, w = layer.self_attn(h, h, h, need_weights=True, average_attn_weights=False)`; "
                      "phir x = layer(x). Aakhir me torch.stack(maps, dim=1).")


def exact_match_accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Share of sequences whose every predicted token (argmax) equals the target.

    logits (B, L, V), targets (B, L); positions with IGNORE_INDEX do not count.
    """
    require_tensor("logits", logits, ndim=3)
    if not isinstance(targets, torch.Tensor) or targets.is_floating_point():
        raise fail("`targets`", "integer tensor (class ids)", describe(targets))
    if logits.shape[:2] != targets.shape:
        raise fail("logits aur targets ke shapes", "logits (B, L, V) aur targets (B, L)",
                   f"logits {tuple(logits.shape)}, targets {tuple(targets.shape)}")
    right = (logits.argmax(dim=-1) == targets) | (targets == IGNORE_INDEX)
    return float(right.all(dim=1).float().mean())


def check_exact_match_accuracy(fn) -> bool:
    """Compare the learner's exact-match accuracy with the reference."""
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(6, 5, 4, generator=g)
    best = logits.argmax(-1)
    one_wrong = best.clone()
    one_wrong[:3, 2] = (one_wrong[:3, 2] + 1) % 4      # rows 0-2 have one wrong token
    ignored = one_wrong.clone()
    ignored[:3, 2] = IGNORE_INDEX                      # … which is ignored here
    cases = [
        Case("sab sahi → 1.0", (logits, best)),
        Case("aadhe sequences me ek token galat → 0.5", (logits, one_wrong)),
        Case("sab galat → 0.0", (logits, (best + 1) % 4)),
        Case("IGNORE_INDEX wali positions nahi ginte", (logits, ignored)),
        Case("edge: batch of 1", (logits[:1], best[:1])),
        Case("galat: shapes mismatch → ValueError", (logits, best[:, :3])),
    ]
    return check("exact_match_accuracy", fn, exact_match_accuracy, cases, atol=1e-6, rtol=0,
                 hint="pred = logits.argmax(dim=-1); ek position sahi hai agar pred == targets "
                      "ya targets == IGNORE_INDEX; sequence tabhi sahi jab .all(dim=1); "
                      "phir .float().mean() ko float(...) banaiye. Shapes alag hon to "
                      "`raise ValueError(...)`.")


def predict(model: nn.Module, tokens: torch.Tensor) -> torch.Tensor:
    """Argmax predictions (B, L), in eval mode and without gradients."""
    model.eval()
    with torch.no_grad():
        return model(tokens).argmax(dim=-1)


# ---------------------------------------------------------------- "it" → which noun?


def it_attention_summary(maps: torch.Tensor, sentences, it_position: int) -> dict[str, np.ndarray]:
    """Attention of "it" on the noun it means vs the other noun: mean over sentences.

    maps: (N, layers, heads, L, L) for N sentences. Returns arrays of shape (layers, heads):
    ``"referent"`` (e.g. "cat" when it was tired), ``"other"`` (then "mat") and
    ``"share"`` = share of sentences where the referent got more attention than the other noun.
    """
    require_tensor("maps", maps, ndim=5)
    if maps.shape[0] != len(sentences):
        raise fail("maps aur sentences", "barabar gintee", f"{maps.shape[0]} aur {len(sentences)}")
    ref_pos, other_pos = (p.to(maps.device) for p in _noun_positions(sentences))
    rows = maps[:, :, :, it_position, :]                       # (N, layers, heads, L)
    idx = torch.arange(len(sentences), device=maps.device)
    ref = rows[idx, :, :, ref_pos]                             # (N, layers, heads)
    other = rows[idx, :, :, other_pos]
    return {"referent": to_numpy(ref.mean(0)), "other": to_numpy(other.mean(0)),
            "share": to_numpy((ref > other).float().mean(0))}


def _noun_positions(sentences) -> tuple[torch.Tensor, torch.Tensor]:
    ref = [s.position(s.referent) for s in sentences]
    other = [s.position(s.object if s.referent == s.animal else s.animal) for s in sentences]
    return torch.tensor(ref), torch.tensor(other)


# ---------------------------------------------------------------- pictures


def plot_attention_pair(before: torch.Tensor, after: torch.Tensor, labels, *, titles=None,
                        xlabel="key (kis position ko dekha)", ylabel="query (kaun dekh raha hai)"):
    """Two attention maps side by side (e.g. untrained vs trained), same colour scale."""
    titles = titles or ("Untrained (random weights)", "Trained")
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.3))
    top = max(float(before.max()), float(after.max()))
    for ax, w, title in zip(axes, (before, after), titles, strict=True):
        heatmap(w, x_labels=labels, y_labels=labels, ax=ax, title=title, vmax=top,
                annotate=False, xlabel=xlabel, ylabel=ylabel)
        ax.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig


def plot_it_summary(summaries: dict[str, dict], layer: int):
    """Bars: attention of "it" on the meant noun vs the other, per head, for each model."""
    fig, axes = plt.subplots(1, len(summaries), figsize=(5.2 * len(summaries), 3.4), sharey=True)
    for ax, (name, s) in zip(np.atleast_1d(axes), summaries.items(), strict=True):
        heads = s["referent"].shape[1]
        x = np.arange(heads + 1)
        ref = np.append(s["referent"][layer], s["referent"][layer].mean())
        other = np.append(s["other"][layer], s["other"][layer].mean())
        ax.bar(x - 0.2, ref, 0.4, color=COLORS["accent"], label='jis noun ki baat hai ("tired" → cat)')
        ax.bar(x + 0.2, other, 0.4, color=COLORS["muted"], label='doosra noun ("tired" → mat)')
        ax.set_xticks(x, [f"head {h}" for h in range(heads)] + ["average"])
        ax.set_title(f"{name}: layer {layer}")
        ax.set_ylabel('"it" ka attention weight')
    np.atleast_1d(axes)[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_it_row(weights, words, referent: str, ax=None, title=None):
    """Bar chart of one attention row: how much "it" looks at every word of the sentence."""
    w = to_numpy(weights)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    last = len(words) - 1  # the adjective closes every sentence of the corpus
    colors = [COLORS["accent"] if word == referent else COLORS["rnn"] if word == "it" else
              COLORS["lstm"] if i == last else COLORS["transformer"] for i, word in enumerate(words)]
    ax.bar(np.arange(len(words)), w, color=colors)
    ax.set_xticks(np.arange(len(words)), list(words), rotation=45, ha="right")
    ax.set_ylim(0, 1.0)
    ax.set_ylabel('"it" ka attention')
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_it_pair(maps_fn, model: nn.Module, sentences, vocab, suptitle: str):
    """Rows = layers, columns = sentences: the head-averaged attention row of "it", as bars."""
    from .tasks import IT_POSITION, encode_it

    tokens, _ = encode_it(sentences, vocab)
    tokens = tokens.to(_device_of(model))
    maps = maps_fn(model, tokens)                            # (N, layers, heads, L, L)
    preds = predict(model, tokens)[:, IT_POSITION]
    layers = maps.shape[1]
    fig, axes = plt.subplots(layers, len(sentences), figsize=(5.6 * len(sentences), 2.9 * layers),
                             sharey=True, squeeze=False)
    for col, (s, m, p) in enumerate(zip(sentences, maps, preds, strict=True)):
        for layer in range(layers):
            row = m[layer, :, IT_POSITION].mean(dim=0)
            title = f'layer {layer}: "...it was {s.adjective}"'
            if layer == 0:
                title += f"  (model: it → {vocab.words[int(p)]})"
            plot_it_row(row, s.words, s.referent, ax=axes[layer, col], title=title)
    fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


ROLES = ("jis noun ki baat hai", "doosra noun", "adjective", "baaki words")


def it_attention_by_role(maps: torch.Tensor, sentences, it_position: int) -> dict:
    """Mean attention of "it" (heads averaged) on each role, per layer and adjective kind.

    Returns {(layer, "animal" | "object"): {role: weight}} with the ROLES above; the four
    weights of one entry add up to 1.
    """
    from .tasks import ANIMAL_ADJECTIVES

    require_tensor("maps", maps, ndim=5)
    if maps.shape[0] != len(sentences):
        raise fail("maps aur sentences", "barabar gintee", f"{maps.shape[0]} aur {len(sentences)}")
    rows = maps[:, :, :, it_position, :].mean(dim=2)           # (N, layers, L)
    ref_pos, other_pos = (p.to(maps.device) for p in _noun_positions(sentences))
    adj_pos = torch.tensor([len(s.words) - 1 for s in sentences], device=maps.device)
    idx = torch.arange(len(sentences), device=maps.device)
    ref, other, adj = rows[idx, :, ref_pos], rows[idx, :, other_pos], rows[idx, :, adj_pos]
    kinds = np.array(["animal" if s.adjective in ANIMAL_ADJECTIVES else "object" for s in sentences])
    out = {}
    for layer in range(maps.shape[1]):
        for kind in ("animal", "object"):
            keep = torch.from_numpy(kinds == kind).to(maps.device)
            values = [float(t[keep, layer].mean()) for t in (ref, other, adj)]
            out[(layer, kind)] = dict(zip(ROLES, [*values, 1.0 - sum(values)], strict=True))
    return out


def format_it_roles(table: dict) -> str:
    """The table of ``it_attention_by_role`` as aligned text."""
    lines = [f"{'layer':>5} | {'adjective kiska?':<17} | " + " | ".join(f"{r:>20}" for r in ROLES)]
    for (layer, kind), values in table.items():
        label = "animal (tired...)" if kind == "animal" else "object (soft...)"
        lines.append(f"{layer:>5} | {label:<17} | " + " | ".join(f"{v:>20.2f}" for v in values.values()))
    return "\n".join(lines)


def draw_it_explorer(model: nn.Module, maps_fn, sentence, vocab, layer: int):
    """Explorer picture: the model's answer for one sentence and where "it" looks, per head."""
    from .tasks import IT_POSITION, encode_it

    tokens, _ = encode_it([sentence], vocab)
    tokens = tokens.to(_device_of(model))
    probs = torch.softmax(_logits(model, tokens)[0, IT_POSITION], dim=-1)
    guess = vocab.words[int(probs.argmax())]
    rows = maps_fn(model, tokens)[0, layer, :, IT_POSITION]  # (heads, L)
    verdict = "✅ sahi" if guess == sentence.referent else f"❌ galat (sahi: {sentence.referent})"
    print(f'Sentence: "{sentence.text}"')
    print(f"Model ka jawab: it → {guess} ({float(probs.max()):.0%} confidence)  {verdict}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.4), gridspec_kw={"width_ratios": [1, 1.25]})
    plot_it_row(rows.mean(dim=0), sentence.words, sentence.referent, ax=left,
                title=f"layer {layer}: heads ka average")
    heatmap(rows, x_labels=sentence.words, y_labels=[f"head {h}" for h in range(rows.shape[0])],
            ax=right, vmax=1.0, title=f'layer {layer}: har head me "it" ki row',
            xlabel="word (key)", ylabel="head")
    fig.tight_layout()
    plt.show()


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def _logits(model: nn.Module, tokens: torch.Tensor) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(tokens)
