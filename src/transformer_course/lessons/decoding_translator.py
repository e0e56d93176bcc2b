"""Notebook 08b_generation, its translator part: notebook 08's digits → number-words
translator trained the same way (``train_translator``), greedy vs beam search on its held-out
numbers (``beam_report``; the sweep ``sweep_translator`` over seeds, with seed 0's shipped
weights, ``load_translator``), model vs search errors, and every attention map of the
translator drawn per layer and head.

``decoding.py`` (the sampling explorer, the KV-cache timing) re-exports these names, so the
notebook writes ``tc.decoding.<name>``; this module never imports it."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import torch

from ..data import number_words
from ..data import records as records_data
from ..model.beam_search import beam_search, sequence_log_prob
from ..model.decoder_layers import DecoderBlock, shift_right
from ..model.generation import greedy_decode
from ..model.probes import capture_attention
from ..model.tiny_models import Seq2Seq
from ..model.training import IGNORE_INDEX, fit
from .plotting import to_numpy

# ---------------------------------------------------------------- the translator of notebook 08

TRANSLATOR_RECORD = "translator"
TRANSLATOR_CONFIG = {"d_model": 64, "nhead": 4, "num_encoder_layers": 1, "num_decoder_layers": 2,
                     "dim_feedforward": 128, "steps": 300, "batch_size": 128, "lr": 3e-3,
                     "held_out_size": 200, "task_seed": 0}
TRANSLATOR_SEEDS = (0, 1, 2)
BEAM_WIDTHS = (1, 2, 4)


def number_task() -> number_words.NumberTask:
    return number_words.NumberTask(held_out_size=TRANSLATOR_CONFIG["held_out_size"],
                                   seed=TRANSLATOR_CONFIG["task_seed"])


def new_translator(task: number_words.NumberTask, config: dict = TRANSLATOR_CONFIG,
                   block_cls=DecoderBlock) -> Seq2Seq:
    return Seq2Seq(len(task.src_tokens), len(task.tgt_tokens), d_model=config["d_model"],
                   nhead=config["nhead"], num_encoder_layers=config["num_encoder_layers"],
                   num_decoder_layers=config["num_decoder_layers"],
                   dim_feedforward=config["dim_feedforward"], block_cls=block_cls)


def train_translator(seed: int = 0, config: dict = TRANSLATOR_CONFIG, progress: bool = False,
                     steps: int | None = None, evaluate=None, eval_every: int = 50) -> Seq2Seq:
    """Notebook 08's translator, trained the same way: seed, model, batches, lr (``steps``:
    stop earlier; ``evaluate``: called every ``eval_every`` steps, it changes no weights)."""
    task = number_task()
    torch.manual_seed(seed)
    model = new_translator(task, config)
    batches = torch.Generator().manual_seed(seed)

    def number_batch(step):
        src, target = task.batch(config["batch_size"], batches)
        return (src, shift_right(target.clamp(min=0), task.BOS)), target

    fit(model, number_batch, steps=steps or config["steps"], lr=config["lr"],
        desc="digits → words", progress=progress, evaluate=evaluate, eval_every=eval_every)
    return model.eval()


def translate(model: Seq2Seq, task, numbers, beam_width: int | None = None) -> list[str]:
    """Numbers → the model's words: greedy (``beam_width=None``) or beam search."""
    device = next(model.parameters()).device
    src = task.encode_digits(list(numbers)).to(device)
    max_len = number_words.MAX_WORDS + 1
    if beam_width is None:
        out = greedy_decode(model, src, task.BOS, task.EOS, max_len=max_len)
    else:
        out, _ = beam_search(model, src, task.BOS, task.EOS, max_len, beam_width)
    return [task.decode_words(row) for row in out.cpu()]


TIE = 0.01   # |Δ log P| below this: a near-tie, evidence for neither answer


@torch.no_grad()
def answer_log_prob(model: Seq2Seq, task, number: int, answer: str) -> float:
    """Total log P of the words ``answer`` (then ``<eos>``) for ``number``, by teacher forcing."""
    device = next(model.parameters()).device
    ids = [task.tgt_tokens.index(w) for w in answer.split()] + [task.EOS]
    target = torch.tensor([ids + [IGNORE_INDEX] * (number_words.MAX_WORDS + 1 - len(ids))])
    src = task.encode_digits([number]).to(device)
    return float(sequence_log_prob(model, src, target.to(device), task.BOS)[0])


@torch.no_grad()
def step_probs(model: Seq2Seq, task, number: int, answer: str) -> list[tuple[str, float]]:
    """Each word of ``answer`` (then ``<eos>``) with the probability the model gave it at its
    step, given the words before it (teacher forcing)."""
    model.eval()
    device = next(model.parameters()).device
    words = answer.split()
    ids = [task.tgt_tokens.index(w) for w in words] + [task.EOS]
    src = task.encode_digits([number]).to(device)
    probs = model(src, torch.tensor([[task.BOS, *ids[:-1]]], device=device)).float().softmax(-1)[0]
    return [(w, float(probs[i, t])) for i, (w, t) in enumerate(zip([*words, "<eos>"], ids, strict=True))]


def beam_report(model: Seq2Seq, task, numbers, widths=BEAM_WIDTHS, ties: bool = False) -> dict:
    """Exact match of greedy and of each beam width on ``numbers``, and which numbers each
    width fixes (greedy wrong, beam right) or breaks (greedy right, beam wrong). ``ties``: also
    list the fixed/broken numbers where |log P(beam's answer) − log P(greedy's)| < TIE."""
    answers = [number_words.number_to_words(n) for n in numbers]
    greedy = translate(model, task, numbers)
    greedy_ok = [g == a for g, a in zip(greedy, answers, strict=True)]
    report = {"greedy": {"exact_match": sum(greedy_ok) / len(numbers),
                         "wrong": [n for n, ok in zip(numbers, greedy_ok, strict=True) if not ok]}}
    for width in widths:
        beam = translate(model, task, numbers, width)
        ok = [b == a for b, a in zip(beam, answers, strict=True)]
        rows = list(zip(numbers, greedy_ok, ok, greedy, beam, strict=True))
        report[f"beam {width}"] = entry = {
            "exact_match": sum(ok) / len(numbers),
            "fixed": [n for n, g, b, *_ in rows if b and not g],
            "broken": [n for n, g, b, *_ in rows if g and not b],
            "same_as_greedy": sum(x == y for x, y in zip(beam, greedy, strict=True)),
        }
        if ties:
            entry["ties"] = [n for n, g, b, gw, bw in rows if g != b and abs(
                answer_log_prob(model, task, n, bw) - answer_log_prob(model, task, n, gw)) < TIE]
    return report


def save_translator(model: Seq2Seq, path: Path) -> Path:
    """float32 weights and the config (plain tensors and numbers: weights_only loads it)."""
    state = {key: value.detach().cpu() for key, value in model.state_dict().items()}
    torch.save({"config": dict(TRANSLATOR_CONFIG), "state_dict": state}, path)
    return path


def load_translator(device="cpu") -> tuple[Seq2Seq, number_words.NumberTask]:
    """Seed 0's translator as the sweep trained and shipped it, and its task."""
    saved = records_data.load_checkpoint(TRANSLATOR_RECORD)
    task = number_task()
    model = new_translator(task, saved["config"])
    model.load_state_dict(saved["state_dict"])
    return model.to(device).eval(), task


EARLY_STEPS = (50, 100)   # half-trained checkpoints, where greedy still errs often


def sweep_translator(quick: bool = False) -> dict:
    """Notebook 08's translator for several seeds: held-out exact match of greedy and of beam
    search (widths 1, 2, 4), with the numbers each width fixes and breaks, after 300 steps and
    at the early steps. Seed 0's final weights are saved beside the record (not in quick mode)."""
    config, seeds = dict(TRANSLATOR_CONFIG), list(TRANSLATOR_SEEDS)
    if quick:
        config["steps"], seeds = 5, seeds[:1]
    task, runs = number_task(), []
    for seed in seeds:
        early, step = {}, [0]

        def evaluate(model, early=early, step=step):  # fit calls it every 50 steps, and at the end
            step[0] += 50
            if step[0] in EARLY_STEPS and step[0] <= config["steps"]:  # (quick: 5 steps, none)
                early[str(step[0])] = beam_report(model, task, task.held_out_numbers, ties=True)
            return 0.0

        model = train_translator(seed, config, evaluate=evaluate, eval_every=50)
        runs.append({"seed": seed, **beam_report(model, task, task.held_out_numbers, ties=True),
                     "early": early})
        if seed == 0 and not quick:
            path = Path(records_data.__file__).parent / records_data.RECORDS_DIR
            save_translator(model, path / f"{TRANSLATOR_RECORD}.pt")
    return {"results": {"runs": runs, "widths": list(BEAM_WIDTHS), "early_steps": list(EARLY_STEPS)},
            "seeds": seeds, "config": config}


def _changes(width: str, entry: dict) -> str:
    if not entry["fixed"] and not entry["broken"]:
        return f"{width}: koi nahi"
    ties = entry.get("ties", [])
    tie_note = f" (lagbhag tie: {ties})" if ties else ""
    return f"{width}: +{entry['fixed'] or '–'} / −{entry['broken'] or '–'}{tie_note}"


def beam_table(runs: list[dict], step: int | None = None) -> str:
    """Markdown: held-out exact match per seed, greedy and each beam width, fixed and broken
    (``step``: one of the early checkpoints instead of the final model)."""
    reports = [(run["seed"], run if step is None else run["early"][str(step)]) for run in runs]
    widths = [k for k in reports[0][1] if k.startswith("beam")]
    rows = ["| seed | greedy | " + " | ".join(widths) + " | beam ne theek kiye (+) / bigaade (−) |",
            "|---|---|" + "---|" * len(widths) + "---|"]
    for seed, report in reports:
        cells = [f"{report[w]['exact_match']:.1%}" for w in widths]
        changes = "; ".join(_changes(w, report[w]) for w in widths if w != "beam 1")
        rows.append(f"| {seed} | {report['greedy']['exact_match']:.1%} | "
                    + " | ".join(cells) + f" | {changes} |")
    return "\n".join(rows)


def beam_sentence(runs: list[dict], step: int | None = None) -> str:
    """Over all seeds: how many held-out numbers beam search fixed and broke, per width."""
    reports = [run if step is None else run["early"][str(step)] for run in runs]
    where = "300 steps ke baad" if step is None else f"sirf {step} steps ke baad"
    parts = []
    for width in [k for k in reports[0] if k.startswith("beam") and k != "beam 1"]:
        fixed, broken, tied = (sum(len(r[width].get(key, [])) for r in reports)
                               for key in ("fixed", "broken", "ties"))
        parts.append(f"{width}: {fixed} theek, {broken} bigaade"
                     + (f" (in {fixed + broken} me se {tied} lagbhag tie, |Δ log P| < {TIE}: "
                        "saboot nahi)" if tied else ""))
    greedy_wrong = sum(len(r["greedy"]["wrong"]) for r in reports)
    return (f"{where}, {len(reports)} seeds × 200 held-out numbers: greedy ki kul {greedy_wrong} "
            f"galtiyan; " + "; ".join(parts))


@torch.no_grad()
def model_or_search_error(model: Seq2Seq, task, numbers) -> list[dict]:
    """For each number greedy gets wrong: the total log-probability of greedy's answer and of
    the right answer. Right answer more likely → a search error (a wider beam can find it);
    greedy's answer more likely → a model error (no search fixes it)."""
    rows = []
    for n, guess in zip(numbers, translate(model, task, numbers), strict=True):
        right = number_words.number_to_words(n)
        if guess != right:
            rows.append({"number": n, "greedy": guess, "right": right,
                         "greedy_logp": answer_log_prob(model, task, n, guess),
                         "right_logp": answer_log_prob(model, task, n, right)})
    return rows


def beam_break_rows(model: Seq2Seq, task, numbers, width: int = 2) -> list[dict]:
    """For numbers beam search gets wrong (e.g. the ones it broke): log P of the beam's
    answer and of the right one. The beam's answer more likely → the raw model's error."""
    rows = []
    for n, beam in zip(numbers, translate(model, task, numbers, width), strict=True):
        right = number_words.number_to_words(n)
        rows.append({"number": n, "beam": beam, "right": right,
                     "beam_logp": answer_log_prob(model, task, n, beam),
                     "right_logp": answer_log_prob(model, task, n, right)})
    return rows


def error_kind(delta: float) -> str:
    """Δ = log P(right) − log P(the wrong answer): whose error it is."""
    if abs(delta) < TIE:
        return "lagbhag barabar (tie)"
    return "search (sahi jawab zyada likely)" if delta > 0 else "model (galat jawab zyada likely)"


# ---------------------------------------------------------------- every attention of the translator

@torch.no_grad()
def translator_attention(model: Seq2Seq, task, number: int) -> dict:
    """Every attention map of the translator while it reads ``number`` and its own (greedy)
    answer: encoder self-attention, decoder self-attention (causal) and cross-attention."""
    model.eval()
    device = next(model.parameters()).device
    src = task.encode_digits([number]).to(device)
    words = translate(model, task, [number])[0].split()
    ids = [task.BOS] + [task.tgt_tokens.index(w) for w in words]
    with capture_attention(model, "self_attn") as selfs, \
            capture_attention(model, "multihead_attn") as crosses:
        model(src, torch.tensor([ids], device=device))
    n_enc = len(model.encoder.layers)
    return {"digits": task.digits_of(number), "inputs": ["<bos>", *words],
            "writes": [*words, "<eos>"], "encoder": selfs[:n_enc], "decoder": selfs[n_enc:],
            "cross": crosses}


def plot_translator_attention(maps: dict):
    """One small map per layer and head (rows: encoder self-attention, decoder self-attention
    (causal), cross-attention; columns: heads), one shared colour scale 0-1."""
    rows_dec = [f"{i} → {w}" for i, w in zip(maps["inputs"], maps["writes"], strict=True)]
    groups = [("encoder self-attn", maps["encoder"], maps["digits"], maps["digits"],
               "digit (query)", "kise dekha (key: digit)"),
              ("decoder self-attn", maps["decoder"], maps["inputs"], rows_dec,
               "input → likh raha (query)", "kise dekha (key: input)"),
              ("cross-attn", maps["cross"], maps["digits"], rows_dec,
               "input → likh raha (query)", "kise dekha (key: digit)")]
    rows = [(title, layer, w[0], x, y, side, bottom) for title, ws, x, y, side, bottom in groups
            for layer, w in enumerate(ws)]
    heads = rows[0][2].shape[0]
    fig, axes = plt.subplots(len(rows), heads, figsize=(2.4 * heads + 2, 2.1 * len(rows)))
    for r, (title, layer, weights, x, y, side, bottom) in enumerate(rows):
        for h in range(heads):
            ax = axes[r, h]
            image = ax.imshow(to_numpy(weights[h]), cmap="Blues", vmin=0, vmax=1, aspect="auto")
            ax.set_xticks(range(len(x)), x, rotation=45, ha="right", fontsize=7)
            ax.set_yticks(range(len(y)), y if h == 0 else [""] * len(y), fontsize=7)
            ax.set_title(f"{title} L{layer + 1} · head {h + 1}", fontsize=8)
            ax.set_xlabel(bottom, fontsize=7)
            if h == 0:
                ax.set_ylabel(side, fontsize=7)
    fig.tight_layout(rect=(0, 0, 0.9, 1))
    fig.colorbar(image, cax=fig.add_axes((0.915, 0.3, 0.015, 0.4)), label="attention weight")
    return fig
