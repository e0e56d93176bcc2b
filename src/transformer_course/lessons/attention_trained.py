"""Notebook 02_attention (and 04): trained attention on real inputs, from a shipped checkpoint.

02 and 04 build attention by hand and show random layers; here is what *trained* heads do. The
model is notebook 06's "it → noun" resolver (``tiny_it``: same corpus, split, size and training),
trained by ``sweep_trained_attention`` for several seeds (record ``trained_attention``, with each
seed's training log); seed 0's weights ship beside the record as ``trained_attention.pt``
(float32, so reloading reproduces the recorded accuracy exactly). 02 reads one head
(``pick_referent_head``, ``plot_handmade_vs_trained``), 04 every layer × head (``head_summary``,
``plot_layer_head_grid``, ``head_roles_text``)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..data import records as records_data
from ..data.tasks import SHOWCASE, encode_it, it_split, it_vocab
from ..errors import fail, require_tensor
from ..model.probes import attention_maps
from ..model.tiny_models import TinyTransformer
from ..model.training import cross_entropy, token_accuracy
from .claims import mean_range
from .plotting import heatmap, to_numpy
from .tiny_it import BATCH, LR, RESOLVER, STEPS, make_it_resolver, train_it_resolver

RECORD = "trained_attention"
SEEDS = (0, 1, 2, 3, 4)          # seed 0 is the shipped checkpoint
EVAL_EVERY = 25
MAX_BYTES = 1_000_000
# what a head's rows can do (``head_summary``): all rows (every query word) …
ROW_STATS = {"self": "khud", "previous": "pichla word", "next": "agla word", "noun": "koi noun"}
# … and the row of "it" only
IT_STATS = {"referent": "sahi noun", "other": "doosra noun", "adjective": "adjective", "it": '"it" khud'}
# … and, pairwise, whether "it" weighs the right noun above the other one (chance: 50%)
PAIRWISE = "beats_other"
CHANCE = {"self": 0.1, "previous": 0.1, "next": 0.1, "noun": 0.2,
          "referent": 0.1, "other": 0.1, "adjective": 0.1, "it": 0.1,  # a random word of 10
          PAIRWISE: 0.5}                                                # a coin between the nouns

# ---------------------------------------------------------------- the checkpoint


def checkpoint_path() -> Path:
    """Where the sweep writes the checkpoint: beside its record, in the source tree."""
    return Path(records_data.__file__).parent / records_data.RECORDS_DIR / f"{RECORD}.pt"


def save_checkpoint(model: TinyTransformer, vocab, path: Path) -> Path:
    """Config, vocabulary and float32 weights (plain types: ``torch.load(weights_only=True)``)."""
    config = {**RESOLVER, "num_layers": model.num_layers, "vocab_size": len(vocab)}
    state = {key: value.detach().cpu().clone() for key, value in model.state_dict().items()}
    torch.save({"config": config, "words": list(vocab.words), "state_dict": state}, path)
    return path


def model_from_checkpoint(saved: dict):
    """Rebuild ``(model, vocab)`` from what ``save_checkpoint`` wrote; eval mode, on the CPU."""
    vocab = it_vocab()
    if list(saved["words"]) != vocab.words:
        raise fail("checkpoint ki vocab", "aaj ke it corpus jaisi", "alag",
                   f"corpus badla hai: `make sweep NAME={RECORD}` dobara chalaiye.")
    config = dict(saved["config"])
    model = TinyTransformer(config.pop("vocab_size"), num_layers=config.pop("num_layers"), **config)
    model.load_state_dict(saved["state_dict"])
    return model.eval(), vocab


def load_trained(device="cpu"):
    """The shipped trained model (seed 0 of the record) and its vocab."""
    model, vocab = model_from_checkpoint(records_data.load_checkpoint(RECORD))
    return model.to(device), vocab


# ---------------------------------------------------------------- scores


def scores(model: TinyTransformer, sentences, vocab) -> dict[str, float]:
    """Loss and accuracy of the answer at "it" (the only scored position) on ``sentences``."""
    tokens, targets = encode_it(sentences, vocab)
    device = next(model.parameters()).device
    model.eval()
    with torch.no_grad():
        logits = model(tokens.to(device)).cpu()
    return {"loss": float(cross_entropy(logits, targets)), "accuracy": token_accuracy(logits, targets)}


def train_logged(seed: int, steps: int = STEPS):
    """Train notebook 06's resolver with ``seed``; every EVAL_EVERY steps log loss and accuracy
    on the training and the held-out sentences. The held-out set is only watched, never used to
    pick a step: the model kept is the last step's."""
    train, held_out = it_split()
    vocab = it_vocab()
    tokens, targets = encode_it(train, vocab)
    model = make_it_resolver(len(vocab), seed)
    log = {"train_loss": [], "train_accuracy": [], "held_out_loss": [], "held_out_accuracy": []}

    def evaluate(m):
        for name, part in (("train", train), ("held_out", held_out)):
            result = scores(m, part, vocab)
            log[f"{name}_loss"].append(round(result["loss"], 5))
            log[f"{name}_accuracy"].append(round(result["accuracy"], 5))
        return log["held_out_accuracy"][-1]

    history = train_it_resolver(model, tokens, targets, seed=seed, steps=steps, evaluate=evaluate,
                                eval_every=EVAL_EVERY, progress=False)
    log["step"] = list(history.eval_steps)
    return model, vocab, log


# ---------------------------------------------------------------- what the heads do


def it_maps(model: TinyTransformer, sentences, vocab) -> torch.Tensor:
    """Attention of every layer and head for ``sentences``: (N, layers, heads, L, L), CPU."""
    tokens, _ = encode_it(sentences, vocab)
    return attention_maps(model, tokens.to(next(model.parameters()).device)).cpu()


def head_summary(maps: torch.Tensor, sentences) -> dict[str, np.ndarray]:
    """Per (layer, head), each a (layers, heads) array:

    * ROW_STATS: share of query rows (every word of every sentence) whose biggest weight is on
      the word itself, the previous word (rows 1…L-1), the next word (rows 0…L-2) or one of the
      two nouns;
    * IT_STATS: share of sentences whose "it" row has its biggest weight on the referent noun,
      the other noun, the adjective or "it" itself;
    * PAIRWISE: share of sentences whose "it" row weighs the referent above the other noun (a
      head that never looks at the adjective's meaning can only reach about 50% here);
    * "sharpness": the mean of every row's biggest weight (1/L = evenly spread, 1 = one word);
    * "referent_weight": mean weight of "it" on the referent noun.
    """
    require_tensor("maps", maps, ndim=5)
    if maps.shape[0] != len(sentences):
        raise fail("maps aur sentences", "barabar gintee", f"{maps.shape[0]} aur {len(sentences)}")
    length = maps.shape[-1]
    top = maps.argmax(-1)                                              # (N, layers, heads, L)
    query = torch.arange(length)
    out = {"self": (top == query).float().mean((0, 3)),
           "previous": (top[..., 1:] == query[1:] - 1).float().mean((0, 3)),
           "next": (top[..., :-1] == query[:-1] + 1).float().mean((0, 3))}
    nouns = torch.tensor([[s.position(s.animal), s.position(s.object)] for s in sentences])
    out["noun"] = (top[..., None] == nouns[:, None, None, None, :]).any(-1).float().mean((0, 3))
    rows = torch.arange(len(sentences))
    it = torch.tensor([s.it_position for s in sentences])
    it_top = top[rows, :, :, it]                                       # (N, layers, heads)
    for role in IT_STATS:
        where = torch.tensor([s.it_position if role == "it" else s.position(getattr(s, role))
                              for s in sentences])
        out[role] = (it_top == where[:, None, None]).float().mean(0)
    out["sharpness"] = maps.amax(-1).mean((0, 3))
    referent = torch.tensor([s.position(s.referent) for s in sentences])
    other = torch.tensor([s.position(s.other) for s in sentences])
    out[PAIRWISE] = (maps[rows, :, :, it, referent] > maps[rows, :, :, it, other]).float().mean(0)
    out["referent_weight"] = maps[rows, :, :, it, referent].mean(0)
    return {key: to_numpy(value) for key, value in out.items()}


def record_summary(record: dict, seed: int = 0) -> dict[str, np.ndarray]:
    """``head_summary`` of one seed on the held-out sentences, as the record stored it."""
    return {key: np.array(value) for key, value in record["results"]["per_seed"][str(seed)]["heads"].items()}


def summary_matches(live: dict[str, np.ndarray], recorded: dict[str, np.ndarray], atol: float = 1e-3) -> bool:
    """Whether a live ``head_summary`` agrees with the record's, number by number."""
    return all(np.allclose(live[key], recorded[key], atol=atol) for key in recorded)


def pick_referent_head(summary: dict[str, np.ndarray]) -> tuple[int, int]:
    """(layer, head) whose "it" row most often has its top weight on the referent noun."""
    layer, head = np.unravel_index(np.argmax(summary["referent"]), summary["referent"].shape)
    return int(layer), int(head)


def format_head_table(summary: dict[str, np.ndarray]) -> str:
    """One line per (layer, head): the shares of ``head_summary`` in percent, and sharpness;
    the last line is what a head that picks a random word would get (CHANCE)."""
    names = {"self": "khud", "previous": "pichla", "next": "agla", "noun": "koi noun",
             "referent": "it→sahi", "other": "it→doosra", "adjective": "it→adj", "it": "it→it",
             PAIRWISE: "sahi>doosra"}
    columns = [*ROW_STATS, *IT_STATS, PAIRWISE]
    width = {c: 12 if c == PAIRWISE else 10 for c in columns}
    lines = [f"{'':<6}|" + "".join(f"{names[c]:>{width[c]}}" for c in columns) + f" |{'nukilapan':>10}"]
    layers, heads = summary["self"].shape
    for layer in range(layers):
        for head in range(heads):
            cells = "".join(f"{summary[c][layer, head]:>{width[c]}.0%}" for c in columns)
            lines.append(f"{f'L{layer} H{head}':<6}|{cells} |{summary['sharpness'][layer, head]:>10.2f}")
    lines.append(f"{'chance':<6}|" + "".join(f"{CHANCE[c]:>{width[c]}.0%}" for c in columns)
                 + f" |{0.1:>10.2f}")
    return "\n".join(lines)


def head_roles_text(summary: dict[str, np.ndarray], at_least: float = 0.5) -> str:
    """A line per head, from the numbers: each pattern that holds for ≥ ``at_least`` of its
    rows (all-row patterns over all rows; for the "it" row: a noun, split into right and other,
    the adjective, "it" itself), or that none does."""
    lines = []
    layers, heads = summary["self"].shape
    for layer in range(layers):
        for head in range(heads):
            share = {key: float(value[layer, head]) for key, value in summary.items()}
            found = [f"{label} ({share[k]:.0%} rows)" for k, label in ROW_STATS.items() if share[k] >= at_least]
            if share["referent"] + share["other"] >= at_least:
                found.append(f'"it" → ek noun ({share["referent"] + share["other"]:.0%} sentences: '
                             f'sahi {share["referent"]:.0%}, doosra {share["other"]:.0%})')
            found += [f'"it" → {IT_STATS[k]} ({share[k]:.0%} sentences)' for k in ("adjective", "it")
                      if share[k] >= at_least]
            if not found:  # the biggest share, one decimal (the table rounds 49.7% to 50%)
                biggest = max([*ROW_STATS, *IT_STATS], key=lambda k: share[k])
                label = ROW_STATS.get(biggest) or f'"it" → {IT_STATS[biggest]}'
                found = [f"har pattern {at_least:.0%} se kam rows me (sabse zyada: {label}, "
                         f"{share[biggest]:.1%})"]
            text = "; ".join(found)
            lines.append(f"layer {layer} head {head}: {text}")
    return "\n".join(lines)


def showcase_sentences(held_out):
    """The seed's own sentences ("the cat sat on the mat because it was tired / soft"), held out."""
    chosen = [next(s for s in held_out if s.template == 0 and (s.animal, s.object, s.adjective) == case)
              for case in SHOWCASE]
    return chosen


def noun_ratio(maps: torch.Tensor, sentences, layer: int) -> torch.Tensor:
    """(N, heads): in ``layer``, the weight of "it" on the animal ÷ its weight on the object."""
    require_tensor("maps", maps, ndim=5)
    rows = torch.arange(len(sentences))
    it = torch.tensor([s.it_position for s in sentences])
    animal = torch.tensor([s.position(s.animal) for s in sentences])
    obj = torch.tensor([s.position(s.object) for s in sentences])
    it_rows = maps[rows, layer, :, it]                                  # (N, heads, L)
    return it_rows[rows, :, animal] / it_rows[rows, :, obj]


def ratio_verdict(ratio_a: torch.Tensor, ratio_b: torch.Tensor, rel: float = 1e-3) -> str:
    """"barabar" when every head's ratio is the same in both sentences (within ``rel``), else
    which sentence gives the animal more (heads averaged, on a log scale)."""
    gap = (ratio_a.log() - ratio_b.log())
    if float(gap.abs().max()) <= rel:
        return "barabar"
    return "tired me zyada" if float(gap.mean()) > 0 else "soft me zyada"


def seed_lines(record: dict) -> list[str]:
    """Per seed of the record: held-out accuracy and, per layer, the share of sentences in which
    "it" weighs the right noun above the other one (PAIRWISE, chance 50%): heads' mean and best."""
    lines, firsts, lasts = [], [], []
    for seed, result in record["results"]["per_seed"].items():
        pair = np.array(result["heads"][PAIRWISE])                      # (layers, heads)
        parts = [f"layer {layer}: average {pair[layer].mean():.0%}, best head {pair[layer].max():.0%}"
                 for layer in range(pair.shape[0])]
        lines.append(f"seed {seed}: held-out accuracy {result['held_out']['accuracy']:.1%} | "
                     + " | ".join(parts))
        firsts.append(float(pair[0].max()))
        lasts.append(float(pair[-1].max()))
    lines.append(f"best head, pehli layer: {mean_range(firsts, spec='.0%')}; aakhri layer: "
                 f"{mean_range(lasts, spec='.0%')}  (chance {CHANCE[PAIRWISE]:.0%})")
    return lines


def referent_head_lines(summary: dict[str, np.ndarray], layer: int, head: int, record: dict) -> list[str]:
    """02's facts about the chosen head on the held-out set, against a baseline that cannot know
    the answer (layer 0's best head, and chance), and the same head choice per seed."""
    cell = {key: float(value[layer, head]) for key, value in summary.items()}
    best0 = float(summary["referent"][0].max())                       # layer 0, top weight
    runs = record["results"]["per_seed"].values()
    picked = [r["heads"][PAIRWISE][r["referent_head"][0]][r["referent_head"][1]] for r in runs]
    chosen = ", ".join(f"L{r['referent_head'][0]} H{r['referent_head'][1]}" for r in runs)
    return [f'layer {layer} head {head}, held-out sentences me "it" ki row:',
            f"  sahi noun ka weight doosre noun se zyada: {cell[PAIRWISE]:.0%} sentences me "
            f"(sikka: {CHANCE[PAIRWISE]:.0%})",
            f"  sabse bada weight: sahi noun par {cell['referent']:.0%}, doosre noun par {cell['other']:.0%}, "
            f"adjective par {cell['adjective']:.0%}, baaki words par "
            f"{1 - cell['referent'] - cell['other'] - cell['adjective']:.0%}",
            f"  sahi noun ka average weight: {cell['referent_weight']:.2f}",
            f"  (tulna ke liye, layer 0 ka sabse accha head: sabse bada weight sahi noun par {best0:.0%})",
            "Har seed ka apna model, head training sentences par chuna, naapa held-out par: sahi > doosra "
            + mean_range(picked, spec=".0%"),
            f"  har seed ka chuna hua head: {chosen}"]


def format_ratio_powers(ratios: torch.Tensor) -> str:
    """Per-head ratios as powers of ten, easier to compare: "10^12.1, 10^-0.3, …"."""
    return ", ".join(f"10^{float(r.log10()):.1f}" for r in ratios)


# ---------------------------------------------------------------- pictures


def plot_handmade_vs_trained(hand_weights, hand_words, trained_weights, sentence, layer: int, head: int):
    """Two heatmaps side by side: 02's hand-made weights and one trained head on a real input."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.2))
    heatmap(hand_weights, hand_words, hand_words, ax=left, vmax=1.0, title="Haath se banaye vectors (02)")
    heatmap(trained_weights, sentence.words, sentence.words, ax=right, vmax=1.0,
            title=f"Trained model, layer {layer} head {head} (held-out sentence)")
    fig.tight_layout()
    return fig


def plot_layer_head_grid(maps: torch.Tensor, sentences, title: str | None = None):
    """Rows = (sentence, layer), columns = heads: every trained attention map, no numbers inside.
    Word labels only at the left and under each sentence's last layer (fewer ticks: faster)."""
    require_tensor("maps", maps, ndim=5)
    n, layers, heads = maps.shape[:3]
    fig, axes = plt.subplots(n * layers, heads, figsize=(2.9 * heads, 2.9 * n * layers), squeeze=False)
    for i, sentence in enumerate(sentences):
        for layer in range(layers):
            for head in range(heads):
                ax = axes[i * layers + layer, head]
                label = f'"...it was {sentence.adjective}"\nlayer {layer}' if head == 0 else ""
                heatmap(maps[i, layer, head], sentence.words if layer == layers - 1 else None,
                        sentence.words if head == 0 else None, ax=ax, vmax=1.0, annotate=False,
                        xlabel="", ylabel=label, title=f"layer {layer}, head {head}", colorbar=False)
                if layer != layers - 1:
                    ax.set_xticks([])
                if head != 0:
                    ax.set_yticks([])
                ax.tick_params(labelsize=7)
    if title:
        fig.suptitle(title)
    fig.subplots_adjust(left=0.1, right=0.9, bottom=0.06, top=0.94, wspace=0.08, hspace=0.45)
    fig.colorbar(axes[0, 0].images[0], cax=fig.add_axes((0.92, 0.35, 0.015, 0.3)), label="weight")
    return fig


# ---------------------------------------------------------------- the sweep


def sweep_trained_attention(quick: bool = False) -> dict:
    """Notebook 06's resolver, SEEDS seeds: each seed's training log, final scores and what its
    heads do (``head_summary`` on the held-out sentences; the "it" head picked on the training
    sentences). Seed 0's weights are saved beside the record (not in quick mode) and its numbers
    are measured on the reloaded checkpoint."""
    seeds = [0] if quick else list(SEEDS)
    steps = 10 if quick else STEPS
    train, held_out = it_split()
    per_seed, checkpoint = {}, None
    for seed in seeds:
        model, vocab, log = train_logged(seed, steps)
        if seed == 0 and not quick:
            path = save_checkpoint(model, vocab, checkpoint_path())
            model, vocab = model_from_checkpoint(torch.load(path, weights_only=True))
            checkpoint = {"seed": 0, "file": path.name, "bytes": path.stat().st_size,
                          "parameters": sum(p.numel() for p in model.parameters())}
        summary = head_summary(it_maps(model, held_out, vocab), held_out)
        per_seed[str(seed)] = {
            "log": log, "train": scores(model, train, vocab), "held_out": scores(model, held_out, vocab),
            "referent_head": list(pick_referent_head(head_summary(it_maps(model, train, vocab), train))),
            "heads": {key: np.round(value, 5).tolist() for key, value in summary.items()}}
    config = {"steps": steps, "lr": LR, "batch": BATCH, **RESOLVER, "num_layers": 2,
              "eval_every": EVAL_EVERY, "split": "it_split(seed=0)", "kept": "last step (no selection)",
              "train_sentences": len(train), "held_out_sentences": len(held_out)}
    return {"results": {"per_seed": per_seed, "checkpoint": checkpoint}, "seeds": seeds, "config": config}
