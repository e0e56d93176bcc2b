"""Notebook 08_decoder_and_masking, Part A's scorecard (re-exported by ``decoder.py``): how good
the character generator really is. Held-out cross-entropy and accuracy on whole unseen blocks of
the corpus, next to n-gram count baselines fitted on the same training text; the best validation
checkpoint (early stopping without stopping); the sweep that trains several seeds and saves a
small checkpoint beside its record; the plots. (The tables and sentences the notebook prints
from these numbers are in ``decoder.py``.)"""

from __future__ import annotations

import copy
import math
import statistics
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from ..data import records as records_data
from ..data.corpus import CharNGram, CharVocab, char_windows, load_corpus, split_blocks
from ..errors import fail, require_positive_int
from ..model.param_counts import count_parameters
from ..model.tiny_models import CharGenerator
from ..model.training import cross_entropy
from .plotting import COLORS

SPLITS = ("train", "validation", "test")


def corpus_splits(text: str | None = None) -> tuple[CharVocab, dict[str, torch.Tensor]]:
    """The corpus's character vocabulary and the ids of its train / validation / test texts
    (``split_blocks``: whole blocks of lines, no line shared)."""
    text = load_corpus() if text is None else text
    vocab = CharVocab(text)
    parts = split_blocks(text)
    return vocab, {name: vocab.encode(parts[name]) for name in SPLITS}


def _forward_in_chunks(model, windows: torch.Tensor, chunk: int = 256) -> torch.Tensor:
    """model(windows), a few hundred windows at a time (keeps memory well under 1 GB)."""
    return torch.cat([model(windows[i:i + chunk]) for i in range(0, len(windows), chunk)])


@torch.no_grad()
def text_scores(model, ids: torch.Tensor, context: int) -> tuple[float, float]:
    """(cross-entropy in nats, next-char accuracy) of ``model`` on a whole text: every character
    after the first is predicted exactly once, from the characters before it (at least
    ``context // 2`` of them, except near the start), the same targets ``CharNGram.scores`` uses.
    """
    require_positive_int("context", context)
    model.eval()
    device = next(model.parameters()).device
    if len(ids) < 2:
        raise fail("`ids`", "kam se kam 2 characters ka text", f"{len(ids)} characters")
    x, y = ids[:-1], ids[1:]
    n, step = len(y), max(context // 2, 1)
    starts = list(range(0, max(n - context, 0) + 1, step))
    if starts[-1] + context < n:
        starts.append(n - context)
    width = min(context, n)
    windows = torch.stack([x[s:s + width] for s in starts]).to(device)
    targets = torch.stack([y[s:s + width] for s in starts]).to(device)
    keep = torch.zeros(targets.shape, dtype=torch.bool, device=device)
    scored_until = 0
    for row, s in enumerate(starts):   # score only the positions the previous window did not
        keep[row, max(scored_until - s, 0):] = True
        scored_until = s + width
    logits = _forward_in_chunks(model, windows)[keep]
    picked = targets[keep]
    return (float(F.cross_entropy(logits, picked)),
            float((logits.argmax(-1) == picked).float().mean()))


NGRAM_ALPHAS = (1, 3, 10, 30, 100)


def ngram_scores(ids: dict[str, torch.Tensor], vocab_size: int, max_order: int = 10,
                 alphas=NGRAM_ALPHAS) -> dict:
    """Unigram … ``max_order``-gram, fitted on the training text only. For each order the
    smoothing α is picked from ``alphas`` by validation cross-entropy (the tuning the
    Transformer's checkpoint also gets); test numbers are reported with that α."""
    model = CharNGram(ids["train"], vocab_size, max_order)
    scored = {name: model.scores(ids[name], list(alphas)) for name in ("validation", "test")}
    by_alpha = {alpha: {name: scored[name][alpha] for name in scored} for alpha in alphas}
    out = {"order": [], "alpha": [], "validation_ce": [], "validation_acc": [], "test_ce": [],
           "test_acc": []}
    for k in range(max_order):
        alpha = min(alphas, key=lambda a: by_alpha[a]["validation"][k][0])
        out["order"].append(k + 1)
        out["alpha"].append(alpha)
        for name in ("validation", "test"):
            ce, acc = by_alpha[alpha][name][k]
            out[f"{name}_ce"].append(round(ce, 4))
            out[f"{name}_acc"].append(round(acc, 4))
    best = min(range(max_order), key=lambda k: out["validation_ce"][k])
    out["best_order"] = best + 1
    return out


def new_generator(config: dict, vocab_size: int, seed: int) -> CharGenerator:
    """The CharGenerator of ``config`` with seed ``seed``'s initial weights."""
    torch.manual_seed(seed)
    return CharGenerator(vocab_size, d_model=config["d_model"], nhead=config["nhead"],
                         num_layers=config["num_layers"], dim_feedforward=config["dim_feedforward"],
                         max_len=config["context"], dropout=config["dropout"])


def learning_rate(config: dict, step: int) -> float:
    """Linear warm-up over ``config["warmup"]`` steps, then a cosine from ``config["lr"]`` down to
    a tenth of it at ``config["steps"]`` (the schedule is fixed by the config, so the first
    steps of a long run and of a short live slice are the same)."""
    warm = min(1.0, step / config["warmup"])
    cosine = 0.55 + 0.45 * math.cos(math.pi * min(step / config["steps"], 1.0))
    return config["lr"] * warm * cosine


def train_char_generator(config: dict, ids: dict[str, torch.Tensor], vocab_size: int, seed: int,
                         steps: int | None = None, progress: bool = False, device="cpu"):
    """Train seed ``seed`` (AdamW, ``learning_rate`` schedule, gradient clipping at 1) for
    ``steps`` steps (default: ``config["steps"]``). Every ``config["eval_every"]`` steps measure
    cross-entropy and accuracy on the validation text and on 6000 characters of the training
    text (12 pieces spread over it), and keep the weights with the lowest validation cross-entropy (early
    stopping without stopping). Returns (model with the best weights, curve dict)."""
    from tqdm.auto import tqdm

    steps = config["steps"] if steps is None else require_positive_int("steps", steps)
    model = new_generator(config, vocab_size, seed).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config["lr"],
                                  weight_decay=config["weight_decay"])
    batches = torch.Generator().manual_seed(seed)
    starts = torch.linspace(0, len(ids["train"]) - 500, 12).long().tolist()
    train_piece = torch.cat([ids["train"][s:s + 500] for s in starts])   # 12 spread-out pieces
    curve = {"step": [], "validation_ce": [], "validation_acc": [], "train_ce": [], "train_acc": []}
    best = {"ce": float("inf"), "step": 0, "weights": None}
    for step in tqdm(range(1, steps + 1), desc=f"seed {seed}", disable=not progress):
        model.train()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(config, step)
        x, y = char_windows(ids["train"], config["context"], config["batch_size"], batches)
        loss = cross_entropy(model(x.to(device)), y.to(device))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % config["eval_every"] and step != steps:
            continue
        scores = [*text_scores(model, ids["validation"], config["context"]),
                  *text_scores(model, train_piece, config["context"])]
        curve["step"].append(step)
        for key, value in zip(list(curve)[1:], scores, strict=True):
            curve[key].append(round(value, 4))
        if scores[0] < best["ce"]:
            best.update(ce=scores[0], step=step, weights=copy.deepcopy(model.state_dict()))
    model.load_state_dict(best["weights"])
    curve["best_step"] = best["step"]
    return model.eval(), curve


GENERATOR_RECORD = "decoder_char_generator"
GENERATOR_CONFIG = {"d_model": 96, "nhead": 4, "num_layers": 3, "dim_feedforward": 192,
                    "context": 64, "batch_size": 32, "lr": 5e-3, "dropout": 0.15,
                    "weight_decay": 0.0, "eval_every": 50, "steps": 3300, "warmup": 100}
HISTORIES = (1, 2, 4, 8, 16, 32, 64)
HISTORY_POSITIONS = 3000   # test targets of the context probe (the ladder uses the whole test text)
GENERATOR_SEEDS = (0, 1, 2)


def checkpoint_path(name: str) -> Path:
    """Where a sweep saves its checkpoint: beside its record, in the source tree."""
    return Path(records_data.__file__).parent / records_data.RECORDS_DIR / f"{name}.pt"


def save_generator(model: CharGenerator, vocab: CharVocab, config: dict, path: Path) -> Path:
    """A small checkpoint: config, characters and float16 weights (plain tensors, strings and
    numbers, so ``torch.load(weights_only=True)`` reads it)."""
    state = {key: value.detach().cpu().to(torch.float16) for key, value in model.state_dict().items()}
    torch.save({"config": dict(config), "chars": "".join(vocab.chars), "state_dict": state}, path)
    return path


def generator_from_checkpoint(saved: dict) -> tuple[CharGenerator, CharVocab]:
    """Rebuild the model and vocab from what ``save_generator`` wrote (weights back to float32)."""
    vocab = CharVocab(saved["chars"])
    model = new_generator(saved["config"], len(vocab), seed=0)
    model.load_state_dict({key: value.float() for key, value in saved["state_dict"].items()})
    return model.eval(), vocab


def load_generator(name: str = GENERATOR_RECORD, device="cpu") -> tuple[CharGenerator, CharVocab]:
    """The generator a sweep trained and shipped (its best validation checkpoint), and its vocab."""
    model, vocab = generator_from_checkpoint(records_data.load_checkpoint(name))
    return model.to(device), vocab


def sweep_char_generator(quick: bool = False) -> dict:
    """The character generator on the course corpus, several seeds, against n-gram baselines.

    For each seed: the validation (and training-piece) cross-entropy and accuracy every
    ``eval_every`` steps, the step of the best validation cross-entropy, the test scores of
    that checkpoint and its ``history_scores`` on the test text. The n-grams (orders 1-10, α
    picked on validation) are fitted on the same training text. Seed 0's best checkpoint is
    saved beside the record (not in quick mode).
    """
    config, seeds, histories = dict(GENERATOR_CONFIG), list(GENERATOR_SEEDS), HISTORIES
    orders, positions = 10, HISTORY_POSITIONS
    if quick:
        config.update(d_model=16, nhead=2, num_layers=1, dim_feedforward=32, context=16,
                      steps=20, eval_every=10, warmup=5)
        seeds, histories, orders, positions = seeds[:1], (1, 4, 16), 4, 300
    vocab, ids = corpus_splits()
    ngram = ngram_scores(ids, len(vocab), max_order=orders)
    counts = CharNGram(ids["train"], len(vocab), len(ngram["order"]),
                       alpha=ngram["alpha"][ngram["best_order"] - 1])
    runs = []
    for seed in seeds:
        model, curve = train_char_generator(config, ids, len(vocab), seed)
        test_ce, test_acc = text_scores(model, ids["test"], config["context"])
        probe = history_scores(model, counts if seed == seeds[0] else None, ids["test"],
                               histories, positions)
        if seed == seeds[0]:
            history = {**probe, "transformer": []}
            params = count_parameters(model)
            if not quick:
                save_generator(model, vocab, config, checkpoint_path(GENERATOR_RECORD))
        history["transformer"].append(probe["transformer"])
        runs.append({"seed": seed, **curve, "test_ce": round(test_ce, 4),
                     "test_acc": round(test_acc, 4)})
    results = {"runs": runs, "ngram": ngram, "history": history, "parameters": params,
               "characters": {name: len(part) for name, part in ids.items()}}
    return {"results": results, "seeds": seeds, "config": config}


def seed_band(runs: list[dict], key: str) -> tuple[list[int], list[float], list[float], list[float]]:
    """Steps, mean, min and max of ``key`` over the runs (seeds) of a record."""
    values = list(zip(*(run[key] for run in runs), strict=True))
    return (runs[0]["step"], [statistics.fmean(v) for v in values], [min(v) for v in values],
            [max(v) for v in values])


def plot_generator_record(results: dict, live: dict | None = None, orders=(3, 4)):
    """Validation cross-entropy and accuracy against steps (mean line, min–max band over seeds),
    the training piece's cross-entropy (dashed), the n-grams as horizontal lines (the orders in
    ``orders`` and the best one) and the live slice's points."""
    runs, ngram = results["runs"], results["ngram"]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    best = ngram["best_order"]
    for ax, key, title in ((axes[0], "ce", "Validation cross-entropy (kam = behtar)"),
                           (axes[1], "acc", "Validation: agla character sahi (zyada = behtar)")):
        steps, mean, lo, hi = seed_band(runs, f"validation_{key}")
        ax.fill_between(steps, lo, hi, color=COLORS["transformer"], alpha=0.25)
        ax.plot(steps, mean, color=COLORS["transformer"], label=f"Transformer ({len(runs)} seeds)")
        if key == "ce":
            steps, mean, lo, hi = seed_band(runs, "train_ce")
            ax.fill_between(steps, lo, hi, color=COLORS["muted"], alpha=0.2)
            ax.plot(steps, mean, "--", color=COLORS["muted"],
                    label="Transformer, training text (6000 characters)")
        styles = iter([(COLORS["muted"], ":"), (COLORS["accent"], "-.")])
        for order in sorted({*orders, best}):
            color, style = (COLORS["lstm"], "-") if order == best else next(styles)
            ax.axhline(ngram[f"validation_{key}"][order - 1], color=color, linestyle=style,
                       linewidth=1.4,
                       label=f"{order}-gram" + (" (sabse achha n-gram)" if order == best else ""))
        if live is not None:
            ax.plot(live["step"], live[f"validation_{key}"], "o", color="black", markersize=5,
                    label="live slice (is notebook me)")
        ax.set_xlabel("training step")
        ax.set_title(title)
        ax.legend(fontsize=8)
    axes[0].set_ylabel("nats per character")
    axes[1].set_ylabel("accuracy")
    fig.tight_layout()
    return axes


@torch.no_grad()
def history_scores(model, ngram: CharNGram | None, ids: torch.Tensor, histories=HISTORIES,
                   positions: int = HISTORY_POSITIONS) -> dict:
    """Cross-entropy when exactly ``h`` previous characters are visible, on the same
    ``positions`` evenly spaced targets of ``ids``: the Transformer gets a window of h
    characters and predicts at its last position; the n-gram (if given) of order h + 1 for
    h < its max_order, with the share of targets whose h-character context occurs in training."""
    model.eval()
    device = next(model.parameters()).device
    targets = torch.linspace(max(histories), len(ids) - 1, positions).long().unique()
    out = {"history": list(histories), "transformer": []}
    for h in histories:
        windows = torch.stack([ids[t - h:t] for t in targets.tolist()]).to(device)
        logits = _forward_in_chunks(model, windows)[:, -1]
        out["transformer"].append(round(float(F.cross_entropy(logits, ids[targets].to(device))), 4))
    if ngram is None:
        return out
    probs = ngram.probabilities(ids[:-1])
    out.update(ngram_history=list(range(ngram.max_order)), ngram=[], ngram_seen=[])
    for h in out["ngram_history"]:
        out["ngram"].append(round(float(-probs[h][targets - 1, ids[targets]].log().mean()), 4))
        seen = [tuple(ids[t - h:t].tolist()) in ngram.tables[h][0] for t in targets.tolist()]
        out["ngram_seen"].append(round(sum(seen) / len(seen), 4))
    return out


def plot_history_scores(history: dict):
    """Cross-entropy against the number of visible previous characters: the n-gram, and the
    Transformer (mean line, min–max band over the seeds in ``history["transformer"]``); the
    right panel zooms into h ≥ 4, where the two are close."""
    per_seed = list(zip(*history["transformer"], strict=True))
    hs, ngram_hs = history["history"], [max(h, 0.5) for h in history["ngram_history"]]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    for ax, low in zip(axes, (0, 4), strict=True):
        keep = [i for i, h in enumerate(hs) if h >= low]
        keep_n = [i for i, h in enumerate(history["ngram_history"]) if h >= low]
        ax.plot([ngram_hs[i] for i in keep_n], [history["ngram"][i] for i in keep_n], "s-",
                color=COLORS["lstm"], label="n-gram (order = h + 1)")
        ax.fill_between([hs[i] for i in keep], [min(per_seed[i]) for i in keep],
                        [max(per_seed[i]) for i in keep], color=COLORS["transformer"], alpha=0.25)
        ax.plot([hs[i] for i in keep], [statistics.fmean(per_seed[i]) for i in keep], "o-",
                color=COLORS["transformer"],
                label=f"Transformer, sirf aakhri h characters ({len(per_seed[0])} seeds)")
        ax.set_xscale("log", base=2)
        ticks = sorted({*(hs[i] for i in keep), *(ngram_hs[i] for i in keep_n if ngram_hs[i] in
                                                 (0.5, 1, 2, 4, 8))})
        ax.set_xticks(ticks, ["0" if t == 0.5 else str(int(t)) for t in ticks])
        ax.set_xlabel("kitne pichhle characters dikhe (h)")
        ax.set_ylabel(f"CE, {history.get('positions', HISTORY_POSITIONS)} test positions par (nats)")
        ax.legend(fontsize=8)
    axes[0].set_title("Lamba context: kiske kaam aata hai?")
    axes[1].set_title("Zoom: h ≥ 4")
    fig.tight_layout()
    return axes
