"""Notebook 04_multi_head_attention, speed: where the time of one self-attention forward goes.

A timed module (the learner's, or the course's reference), a FIXED chain of by-hand ways (from
what the challenge's solution does inside, one piece removed per step, down to PyTorch's fused
kernel) and PyTorch's own layer: timed in interleaved, rotating rounds on one thread's CPU clock,
profiled for ops and memory, and put into words by code from the numbers. ``multihead.py``
re-exports these names as ``tc.multihead.<name>``."""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import fail, require_positive_int
from ..grading.multihead_checks import randomised_torch_mha
from ..model.dot_product_attention import scaled_dot_product_attention
from ..model.multi_head_attention import MultiHeadAttention, merge_heads, split_heads
from .claims import ratio

# ---------------------------------------------------------------- timing


def _timing_clock() -> Callable[[], float]:
    """This thread's CPU time where that clock is fine-grained, else wall time. With PyTorch on one
    thread it is the call's own work: time other programs hold the core does not count."""
    return time.thread_time if time.get_clock_info("thread_time").resolution <= 1e-6 else time.perf_counter


def _calls_per_block(fn: Callable[[], object], min_time: float, clock) -> int:
    """How many calls of ``fn`` last at least ``min_time`` seconds (doubling)."""
    number = 1
    while True:
        start = clock()
        for _ in range(number):
            fn()
        if clock() - start >= min_time or number >= 1 << 16:
            return number
        number *= 2


def median_seconds(ways: dict[str, Callable[[], object]], repeats: int = 11, min_time: float = 0.01,
                   clock: Callable[[], float] = time.perf_counter, samples: dict | None = None
                   ) -> dict[str, float]:
    """Median seconds per call of each function in ``ways`` (warm them up first), by ``clock``.
    The ways take turns, one block each per round, and each round starts one way later (A B C,
    B C A, C A B, …): a burst of other work slows all alike, and no way always runs first or
    after the same neighbour. ``samples`` receives {way: [s per round]}."""
    require_positive_int("repeats", repeats)
    numbers = {name: _calls_per_block(fn, min_time, clock) for name, fn in ways.items()}
    times: dict[str, list[float]] = {name: [] for name in ways}
    names = list(ways)
    for round_ in range(repeats):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            start = clock()
            for _ in range(numbers[name]):
                ways[name]()
            times[name].append((clock() - start) / numbers[name])
    if samples is not None:
        samples.update(times)
    return {name: statistics.median(values) for name, values in times.items()}


# ---------------------------------------------------------------- the ways


def _heads(module: nn.Module, x: torch.Tensor):
    """q, k, v (B, H, L, D/H) from ``module``'s stacked weights (nn.MultiheadAttention's names)."""
    q, k, v = F.linear(x, module.in_proj_weight, module.in_proj_bias).chunk(3, dim=-1)
    return (split_heads(t, module.num_heads) for t in (q, k, v))


def sdpa_by_hand(module: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Self-attention with ``module``'s weights (batch_first x): projections by hand, attention by
    F.scaled_dot_product_attention (PyTorch's fused kernel where one fits)."""
    q, k, v = _heads(module, x)
    return module.out_proj(merge_heads(F.scaled_dot_product_attention(q, k, v)))


def explicit_by_hand(module: nn.Module, x: torch.Tensor, full_mask: bool = False,
                     course_attention: bool = False) -> torch.Tensor:
    """The same self-attention written out: scores, /√d, softmax, ``weights @ v`` (the (B, H, L, L)
    weights are stored). ``full_mask``: add a zero float mask of that shape, as the challenge's
    solution does on every call. ``course_attention``: use notebook 02's
    ``tc.scaled_dot_product_attention`` (its checks, its passes for fully blocked rows)."""
    q, k, v = _heads(module, x)
    mask = torch.zeros(*q.shape[:-1], k.shape[-2], dtype=q.dtype) if full_mask else None
    if course_attention:
        context, _ = scaled_dot_product_attention(q, k, v, mask)
    else:
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
        context = torch.softmax(scores if mask is None else scores + mask, dim=-1) @ v
    return module.out_proj(merge_heads(context))


# The timed module (its name is in result["module_name"]), the fixed chain (each way one piece
# simpler than the one above it, from what the challenge's solution does inside down to the fused
# kernel), and PyTorch's own layer.
MODULE = "module"
CHAIN = ("02 ka attention + zero mask", "explicit + zero mask", "explicit", "F.sdpa (fused)")
EXPLICIT, FUSED = CHAIN[2], CHAIN[3]
TORCH_WEIGHTS, TORCH_FAST = "nn.MHA(need_weights=True)", "nn.MHA(need_weights=False)"
WAYS = (MODULE, *CHAIN, TORCH_WEIGHTS, TORCH_FAST)
# (from, to, what the step removes): the pieces of the gap from CHAIN[0] to the fused kernel.
PIECES = ((CHAIN[0], CHAIN[1], "02 ke function ki checks + blocked-row passes"),
          (CHAIN[1], CHAIN[2], "zero float mask (B, H, L, L) banana + jodna"),
          (CHAIN[2], CHAIN[3], "weights ki poori matrix (scores, /√d, softmax)"))
REFERENCE_NAME = "course ka tc.MultiHeadAttention"


def module_name(cls) -> str:
    """How the notebook names the timed class: the course's reference, or the learner's own."""
    return REFERENCE_NAME if cls is MultiHeadAttention else f"aapka {cls.__name__}"


def _ways(mine: nn.Module, torch_mha: nn.Module, x: torch.Tensor) -> dict[str, Callable]:
    """The ``WAYS`` as functions of no arguments, all with ``torch_mha``'s weights and input x."""
    return dict(zip(WAYS, (
        lambda: mine(x, x, x, need_weights=False)[0],
        lambda: explicit_by_hand(torch_mha, x, full_mask=True, course_attention=True),
        lambda: explicit_by_hand(torch_mha, x, full_mask=True),
        lambda: explicit_by_hand(torch_mha, x),
        lambda: sdpa_by_hand(torch_mha, x),
        lambda: torch_mha(x, x, x, need_weights=True, average_attn_weights=False)[0],
        lambda: torch_mha(x, x, x, need_weights=False)[0]), strict=True))


def profile_call(fn: Callable[[], object]) -> dict:
    """One call of ``fn`` under PyTorch's profiler (CPU tensors): what it allocates and runs.
    Returns ``ops`` (PyTorch ops called from Python), ``nested`` (every op that ran, those inside
    included), ``names`` (their names), ``total`` (bytes of all new memory, summed over ops:
    q, k, v, outputs and temporaries, freed or not), ``kernel`` (the fused attention op that ran,
    "softmax (poori matrix)" when the weights were built with a softmax, else "?") and ``output``."""
    from torch.autograd import profiler as autograd_profiler
    saved, quiet = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)  # the profiler's C++ side logs start/stop lines to stderr: hide them
    try:
        with autograd_profiler.profile(use_kineto=False, profile_memory=True) as prof:
            output = fn()
    finally:
        os.dup2(saved, 2), os.close(saved), os.close(quiet)
    events = [e for e in prof.function_events if not e.name.startswith("[")]
    sizes = [e.self_cpu_memory_usage for e in events if e.self_cpu_memory_usage > 0]
    names = {e.name.removeprefix("aten::") for e in events}
    fused = sorted(n for n in names if n.startswith("_scaled_dot_product") and "math" not in n)
    softmax = names & {"_softmax", "softmax", "_masked_softmax", "_safe_softmax"}
    kernel = fused[0] if fused else ("softmax (poori matrix)" if softmax else "?")
    return {"ops": sum(e.cpu_parent is None for e in events), "nested": len(events),
            "names": sorted(names), "total": sum(sizes), "kernel": kernel, "output": output}


def measure_attention_ways(cls, sizes: dict[str, dict], repeats: int = 11, min_time: float = 0.005,
                           threads: int | None = 1) -> dict:
    """Time and profile the seven ``WAYS`` of one self-attention forward at each of ``sizes``
    ({label: dict(batch, seq_len, embed_dim, num_heads)}): same random weights (``cls`` has
    nn.MultiheadAttention's names) and input, eval, no_grad, outputs checked to agree first.
    Timing: ``repeats`` interleaved, rotating rounds (``median_seconds``), by this thread's CPU
    clock with one PyTorch thread, else wall time. Returns {label: {"seconds": {way: median s},
    "samples": {way: [s per round]}, "profile": {way: profile_call}, "matrix_bytes": one
    (B, H, L, L) float32 tensor's bytes, "clock": "cpu" or "wall", "module_name": module_name(cls)}}."""
    previous_threads = torch.get_num_threads()
    if threads is not None:
        require_positive_int("threads", threads)
        torch.set_num_threads(threads)
    clock = _timing_clock() if threads == 1 else time.perf_counter
    results = {}
    try:
        with torch.no_grad():
            for label, size in sizes.items():
                batch, seq_len = size["batch"], size["seq_len"]
                embed_dim, num_heads = size["embed_dim"], size["num_heads"]
                torch_mha = randomised_torch_mha(embed_dim, num_heads, True, torch.float32, seed=0)
                mine = cls(embed_dim, num_heads, batch_first=True)
                mine.load_state_dict(torch_mha.state_dict())
                mine.eval()
                x = torch.randn(batch, seq_len, embed_dim, generator=torch.Generator().manual_seed(1))
                ways = _ways(mine, torch_mha, x)
                for fn in ways.values():
                    fn()  # warm-up: the first call of a way pays one-time costs
                profiles = {name: profile_call(fn) for name, fn in ways.items()}
                reference = profiles[TORCH_FAST]["output"]
                for name, p in profiles.items():
                    out = p.pop("output")
                    if not torch.allclose(out, reference, atol=1e-4, rtol=1e-4):
                        raise fail(f"benchmark: `{name}` ka output", "nn.MultiheadAttention jaisa",
                                   f"max fark {(out - reference).abs().max().item():.3g}")
                samples: dict[str, list[float]] = {}
                results[label] = {
                    "profile": profiles, "samples": samples,
                    "seconds": median_seconds(ways, repeats, min_time, clock, samples),
                    "matrix_bytes": batch * num_heads * seq_len * seq_len * 4,
                    "clock": "cpu" if clock is time.thread_time else "wall",
                    "module_name": module_name(cls)}
    finally:
        torch.set_num_threads(previous_threads)
    return results


# ---------------------------------------------------------------- the numbers in words


def _duration(seconds: float) -> str:
    return f"{seconds * 1e3:,.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:,.0f} µs"


def _size(num_bytes: float) -> str:
    return f"{num_bytes / 2**20:.1f} MB" if abs(num_bytes) >= 2**17 else f"{num_bytes / 2**10:.1f} KB"


def _name(result: dict, way: str) -> str:
    return result.get("module_name", "aapka module") if way == MODULE else way


def round_ratios(result: dict, a: str, b: str) -> list[float]:
    """``a``'s time ÷ ``b``'s in each round (both measured in that same round)."""
    return [x / y for x, y in zip(result["samples"][a], result["samples"][b], strict=True)]


def enough_rounds(count: int, total: int) -> bool:
    """Whether ``count`` of ``total`` rounds agreeing is enough to trust a direction: all of them,
    or all but one from 10 rounds on (11 of 11 or 10 of 11)."""
    return count >= total - total // 10


def compare_ways(result: dict, a: str, b: str, name_a: str | None = None,
                 name_b: str | None = None) -> str:
    """``tc.claims.ratio``'s sentence for ways ``a`` and ``b``, by the median of the per-round
    ratios (one number), with how many rounds took that side and the rounds' range; too few
    (``enough_rounds``) → "shor ke andar ho sakta hai"."""
    runs = round_ratios(result, a, b)
    r = statistics.median(runs)
    words = ratio(name_a or _name(result, a), r, name_b or _name(result, b), 1.0, "slow", "fast")
    spread = f"rounds me {min(runs):.1f}–{max(runs):.1f}×"
    if abs(r - 1) <= 0.1:  # ratio's "lagbhag barabar": no direction to back
        return f"{words}; {spread}"
    same_side = sum((x > 1) == (r > 1) for x in runs)
    noise = "" if enough_rounds(same_side, len(runs)) else ": shor ke andar ho sakta hai"
    return f"{words} ({same_side}/{len(runs)} rounds me isi taraf{noise}; {spread})"


def _piece_words(result: dict, slower: str, faster: str) -> str:
    """"is tukde ke saath 1.6× slow (11/11 rounds)": the way with a piece against the way without."""
    runs = round_ratios(result, slower, faster)
    r = statistics.median(runs)
    if abs(r - 1) <= 0.1:
        return f"is tukde ke saath/bina lagbhag barabar ({r:.2f}×)"
    same_side = sum((x > 1) == (r > 1) for x in runs)
    noise = ", shor ke andar ho sakta hai" if not enough_rounds(same_side, len(runs)) else ""
    words = f"{r:.1f}× slow" if r > 1 else f"{1 / r:.1f}× fast"
    return f"is tukde ke saath {words} ({same_side}/{len(runs)} rounds{noise})"


def piece_rounds(result: dict) -> dict[str, list[float]]:
    """Seconds each of the ``PIECES`` adds, round by round (the way with it − the way without)."""
    s = result["samples"]
    return {piece: [x - y for x, y in zip(s[slower], s[faster], strict=True)]
            for slower, faster, piece in PIECES}


def chain_gap(result: dict) -> float:
    """Median over rounds of CHAIN[0] − F.sdpa: the whole gap the pieces split ("F.sdpa tak")."""
    s = result["samples"]
    return statistics.median(x - y for x, y in zip(s[CHAIN[0]], s[FUSED], strict=True))


def _share(added: float, gap: float) -> str:
    return f"{added / gap:.0%}" if 0 < added <= gap else "–"


def cost_pieces(result: dict) -> list[str]:
    """One line per step of ``PIECES``: the time it adds (median over rounds, and its share of
    ``chain_gap``), the memory it adds (KB/MB) and ``_piece_words``."""
    profiles, gap = result["profile"], chain_gap(result)
    lines = []
    for (slower, faster, piece), added in zip(PIECES, piece_rounds(result).values(), strict=True):
        t = statistics.median(added)
        memory = profiles[slower]["total"] - profiles[faster]["total"]
        lines.append(f"{piece:<47} {'+' if t >= 0 else '−'}{_duration(abs(t)):<9} "
                     f"{'(' + _share(t, gap) + ')':<6} {'+' if memory >= 0 else '−'}{_size(abs(memory)):<9} "
                     f"{_piece_words(result, slower, faster)}")
    return lines


def biggest_piece(result: dict, tie_within: float = 0.15, most: float = 0.75) -> str:
    """Which of the ``PIECES`` added the most time (median over rounds) and its share of the gap
    F.sdpa tak. No winner when the runner-up is within ``tie_within`` of it, or when it was the
    biggest in fewer than ``most`` of the rounds (the rounds disagree)."""
    rounds = piece_rounds(result)
    added = {piece: statistics.median(runs) for piece, runs in rounds.items()}
    top, second = sorted(added, key=added.get, reverse=True)[:2]
    if added[top] <= 0:
        return "kisi tukde ne time nahi badhaya: yahan fark shor ke andar hai"
    n = len(rounds[top])
    wins = sum(max(rounds, key=lambda piece: rounds[piece][i]) == top for i in range(n))
    pair = f"'{top}' (+{_duration(added[top])}) aur '{second}' (+{_duration(added[second])})"
    if added[second] >= (1 - tie_within) * added[top]:
        return f"sabse bada tukda: koi saaf nahi: {pair} ek doosre ke {tie_within:.0%} ke andar (shor jitna)"
    if wins < most * n:
        return f"sabse bada tukda: koi saaf nahi: median me {pair}, par pehla sirf {wins}/{n} rounds me sabse bada tha"
    gap = chain_gap(result)
    share = _share(added[top], gap)
    share = f", F.sdpa tak ke poore fark ({_duration(gap)}) ka {share}" if share != "–" else ""
    return f"sabse bada tukda: {top} (+{_duration(added[top])}{share}; {wins}/{n} rounds me sabse bada)"


def _median_gap(result: dict, a: str, b: str) -> float:
    """Median over rounds of ``a``'s time − ``b``'s (seconds)."""
    s = result["samples"]
    return statistics.median(x - y for x, y in zip(s[a], s[b], strict=True))


def python_vs_cpp(result: dict, small: dict | None = None) -> str:
    """explicit (many ops from Python) vs nn.MHA(need_weights=True) (one op from Python): both
    build the full weights. Their op counts (from Python, and all nested), their new memory, and
    what the time says, in the direction it took. ``small``: the same ways at a tiny size, where
    the matrix passes cost almost nothing, so explicit − nn.MHA there bounds what Python's extra
    ops cost (a fixed cost per op, the same at every size)."""
    p, matrix = result["profile"], result["matrix_bytes"]
    e, t = p[EXPLICIT], p[TORCH_WEIGHTS]
    extra = e["ops"] - t["ops"]
    words = [f"{EXPLICIT}: Python se {e['ops']} ops (andar mila ke {e['nested']}); {TORCH_WEIGHTS}: "
             f"Python se {t['ops']} op, par uske andar {t['nested']} ops chale."]
    memory = f"Nayi memory {_size(e['total'])} vs {_size(t['total'])}"
    if e["total"] - t["total"] >= 0.5 * matrix:
        prescaled = "_transform_bias_rescale_qkv" in t["names"]
        why = (" (ek wajah: PyTorch q ko matmul se pehle hi scale karta hai, /√d ka alag (B, H, L, L) pass nahi)"
               if prescaled else "")
        words.append(f"{memory}, yaani PyTorch ke layer me matrix par passes kam{why}.")
    else:
        words.append(f"{memory}.")
    runs = round_ratios(result, EXPLICIT, TORCH_WEIGHTS)
    r = statistics.median(runs)
    same_side = sum((x > 1) == (r > 1) for x in runs)
    counted = f"{same_side}/{len(runs)} rounds"
    if abs(r - 1) <= 0.1:
        words.append(f"Time: lagbhag barabar ({r:.2f}×): {extra} zyada ops Python se bulane ka kharcha "
                     "yahan shor me kho gaya.")
    elif not enough_rounds(same_side, len(runs)):
        words.append(f"Time: explicit {max(r, 1 / r):.1f}× {'slow' if r > 1 else 'fast'}, par sirf {counted} "
                     f"me: shor ke andar ho sakta hai, yaani {extra} zyada Python ops ka kharcha yahan shor "
                     "se alag nahi dikha.")
    elif r < 1:
        words.append(f"Time: explicit {1 / r:.1f}× fast ({counted}): ek C++ op hone ka fayda yahan nahi dikha.")
    else:
        gap = _median_gap(result, EXPLICIT, TORCH_WEIGHTS)
        words.append(f"Time: explicit {r:.1f}× slow (+{_duration(gap)}, {counted}).")
        overhead = _median_gap(small, EXPLICIT, TORCH_WEIGHTS) if small is not None else None
        if overhead is not None and overhead <= 0.25 * gap:
            words.append(f"Python ke {extra} extra ops ka kharcha har size par ek jaisa hai, aur chhote size par "
                         f"(jahan matrix ke passes lagbhag muft hain) poora fark {'+' if overhead >= 0 else '−'}"
                         f"{_duration(abs(overhead))} tha: yaani yahan fark zyadatar matrix passes ka hai, "
                         f"Python ke extra ops uska zyada se zyada ~{max(overhead, 0) / gap:.0%}.")
        else:
            words.append("Python ke extra ops aur extra matrix passes, dono ka hissa ho sakta hai.")
    return " ".join(words)


def size_line(label: str, result: dict) -> str:
    """One line for a size: the timed module against nn.MHA(need_weights=False)."""
    return f"{label}: " + compare_ways(result, MODULE, TORCH_FAST)


def speed_report(label: str, result: dict) -> str:
    """One size of ``measure_attention_ways`` in full: a table of the ways, then the pieces."""
    seconds, profiles, matrix = result["seconds"], result["profile"], result["matrix_bytes"]
    clock = "CPU time" if result["clock"] == "cpu" else "wall time"
    rounds = len(result["samples"][MODULE])
    lines = [f"{label} · timed module: {_name(result, MODULE)}",
             f"ek (B, H, L, L) float32 matrix = {_size(matrix)} · {clock}, {rounds} rounds ka median",
             f"  {'tarika':<33}{'time/call':>10}{'max÷min':>9}{'ops: Python/kul':>17}"
             f"{'nayi memory':>13}  attention kaise"]
    for name in WAYS:
        p, runs = profiles[name], result["samples"][name]
        lines.append(f"  {_name(result, name):<33}{_duration(seconds[name]):>10}{max(runs) / min(runs):>8.2f}×"
                     f"{p['ops']:>10} / {p['nested']:<4}{_size(p['total']):>11}  {p['kernel']}")
    lines.append(f"  Tukdon me: '{CHAIN[0]}' se F.sdpa tak ({_duration(chain_gap(result))}), "
                 "har step ek cheez hatata hai:")
    lines += [f"    {line}" for line in cost_pieces(result)]
    return "\n".join(lines)
