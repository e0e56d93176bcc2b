"""Notebook 06_train_tiny_transformer: the seed's "it → cat" claim judged from a ``tiny_it_seeds`` record.

``tiny`` re-exports everything here. Each function reads the record (several seeds) and writes
its sentences from the numbers: which tests hold in how many seeds, what a wrong answer is when
a word is blocked (the other noun of the sentence, or a noun that is not in it), and which kind
of noun a seed picks when the adjective cannot reach "it" (its default kind)."""

from __future__ import annotations

import numpy as np

from ..errors import fail
from .claims import mean_range
from .tiny_it import ANSWERS, KINDS

LOOK_MARGIN, BIG_DROP = 1.5, 0.3   # "looks at": ≥ 1.5× the other noun and the adjective; "uses": drop ≥ 30%
NAME_SHARE = 0.8                   # "the name comes from here": ≥ 80% of wrong answers are outside nouns


def verdict(hits: int, total: int) -> str:
    """"sach" when every seed supports a sentence, "galat" when none does, else "aadha sach"."""
    if total <= 0 or not 0 <= hits <= total:
        raise fail("`hits`, `total`", "0 ≤ hits ≤ total, total > 0", f"{hits}, {total}")
    return "sach" if hits == total else "galat" if hits == 0 else "aadha sach"


def _seeds(record: dict) -> dict[str, dict]:
    return record["results"]["per_seed"]


# test → (question, counts in the verdict?). (d) and (e) are context: they say where the pattern
# is not, which the seed never claimed, so they do not vote.
STORY_TESTS = {
    "a": ("trained, layer 1: referent noun ≥ {margin}× doosra noun aur adjective", True),
    "b": ("trained, layer 1: referent noun rokne par accuracy ≥ {big_drop:.0%} giri", True),
    "c": ("seed ke apne sentence par, layer 1: referent > adjective", True),
    "d": ("trained, layer 0: (a) wali baat", False),
    "e": ("untrained, layer 1: (a) wali baat", False),
}


def it_story_tests(record: dict, big_drop: float = BIG_DROP, margin: float = LOOK_MARGIN
                   ) -> dict[str, dict[str, int]]:
    """For each test of STORY_TESTS and each adjective kind: in how many seeds it holds.

    "Looks at" = the referent gets ≥ ``margin`` times the attention of the other noun and of
    the adjective (heads averaged, all held-out sentences of that kind); "blocking costs" =
    accuracy falls by ≥ ``big_drop``; (c) = the seed's own sentence of that kind.
    """
    def looks(roles: dict) -> bool:
        return roles["referent noun"] >= margin * max(roles["doosra noun"], roles["adjective"])

    def count(test) -> dict[str, int]:
        return {kind: int(sum(test(r, kind) for r in _seeds(record).values())) for kind in KINDS}

    return {
        "a": count(lambda r, k: looks(r["roles"][f"1/{k}"])),
        "b": count(lambda r, k: r["ablation"]["none"][k] - r["ablation"]["referent"][k] >= big_drop),
        "c": count(lambda r, k: np.mean(r["showcase_layer1"][k]["referent"])
                   > np.mean(r["showcase_layer1"][k]["adjective"])),
        "d": count(lambda r, k: looks(r["roles"][f"0/{k}"])),
        "e": count(lambda r, k: looks(r["untrained_roles"][f"1/{k}"])),
    }


def wrong_answer_shares(record: dict, part: str = "ablation", block: str = "referent") -> dict[str, list]:
    """Per seed, what the wrong answers are when ``block`` is blocked (both kinds pooled):
    {answer: [share per seed]}; seeds without a wrong answer are left out."""
    out = {answer: [] for answer in ANSWERS[1:]}
    for r in _seeds(record).values():
        wrong = r[part][block]["wrong"]
        total = sum(sum(wrong[kind].values()) for kind in KINDS)
        if total:
            for answer in out:
                out[answer].append(sum(wrong[kind][answer] for kind in KINDS) / total)
    return out


def format_wrong_answers(ablation: dict, blocks=("referent",), title: str = "roka") -> str:
    """One ``it_ablation`` result as a table: per block and adjective kind, the accuracy and
    how many wrong answers were the other noun, a noun outside the sentence (same kind /
    other kind) or not a noun."""
    short = ("doosra noun", "bahar, wahi kism", "bahar, doosri kism", "koi aur word")
    lines = [f"{title:<18} | {'adjective':<9} | {'accuracy':>8} | " + " | ".join(f"{h:>18}" for h in short)]
    for block in blocks:
        for kind in KINDS:
            wrong = ablation[block]["wrong"][kind]
            lines.append(f"{block:<18} | {kind:<9} | {ablation[block][kind]:>8.3f} | "
                         + " | ".join(f"{wrong[a]:>18}" for a in ANSWERS[1:]))
    return "\n".join(lines)


def name_not_kind(record: dict, share: float = NAME_SHARE) -> str:
    """The sentence on what layer 1's look at the referent brings: the noun's name (wrong
    answers are outside nouns of the same kind) or also its kind."""
    shares = wrong_answer_shares(record)
    same, other = shares[ANSWERS[2]], shares[ANSWERS[1]]
    if not same:
        return "referent rokne par kisi seed me koi jawab galat nahi hua: yahan se kuch nahi pata chalta."
    head = (f"layer 1 me referent noun roka: galat jawabon me {mean_range(same)} sentence ke bahar ka "
            f"WAHI kism ka noun, sirf {mean_range(other)} sentence ka doosra noun")
    if min(same) >= share:
        return (head + " → naam yahin se copy hota hai; animal hai ya object, yeh faisla is nazar "
                "ke bina ho jaata hai.")
    return head + " → is record me naam aur kism ka faisla alag-alag nahi dikhte."


def mass_control_line(record: dict) -> str:
    """The control "referent ke siwa sab" next to blocking the referent: how much attention
    each took away and how much accuracy each cost (all seeds, both kinds)."""
    cases = [(r["ablation"], kind) for r in _seeds(record).values() for kind in KINDS]

    def took(block):
        return [a[block]["mass"][k] for a, k in cases]

    def cost(block):
        return [a["none"][k] - a[block][k] for a, k in cases]

    bigger = sum(m >= r for m, r in zip(took("rest"), took("referent"), strict=True))
    return (f"(average [range], {len(cases)} seed × kism) referent roka: {_span(took('referent'))} attention "
            f"hataya, accuracy {_span(cost('referent'))} giri | referent ke siwa sab roka: {_span(took('rest'))} "
            f"hataya, accuracy max {max(cost('rest')):.3f} giri; {bigger}/{len(cases)} me control ne referent "
            "jitna ya zyada hataya.")


def default_kind(drops: dict[str, float], big: float = BIG_DROP, factor: float = 3.0) -> str | None:
    """The kind a model keeps answering when the adjective cannot reach "it": the kind that
    loses little while the other loses ≥ ``big`` and ≥ ``factor`` times as much (else None)."""
    kept, lost = sorted(drops, key=drops.get)
    if drops[lost] >= big and drops[lost] >= factor * max(drops[kept], 0.0):
        return kept
    return None


def it_layer0_report(record: dict) -> str:
    """Table and sentences: "it" may not look at the adjective in layer 0, or in both layers.

    With both layers blocked no direct look at the adjective is left: the kind that survives
    is the seed's default kind (``default_kind``), and the wrong answers of the other kind say
    whether the model swaps to the other noun. Layer 0 alone shows whether layer 1's own look
    at the adjective can stand in for it."""
    lines = [f"{'':>4} | {'layer 0 me adjective roka':^25} | {'dono layers me roka':^25} | default | galat jawab =",
             f"{'seed':>4} | {'animal':>12}{'object':>13} | {'animal':>12}{'object':>13} | kism    | doosra noun"]
    defaults, shares, alone, left = {}, [], {}, []
    for seed, r in _seeds(record).items():
        l0, both = r["ablation_layer0"], r["ablation_both"]
        drops = {k: both["none"][k] - both["adjective"][k] for k in KINDS}
        kind = default_kind(drops)
        share = "-"
        if kind is not None:
            lost = next(k for k in KINDS if k != kind)
            wrong = both["adjective"]["wrong"][lost]
            shares.append(wrong[ANSWERS[1]] / max(1, sum(wrong.values())))
            share = f"{shares[-1]:.0%}"
            defaults[seed] = kind
            alone[seed] = (l0["none"][lost] - l0["adjective"][lost]) / drops[lost]
            left.append(both["adjective"][lost])
        lines.append(f"{seed:>4} | {l0['adjective']['animal']:>12.3f}{l0['adjective']['object']:>13.3f} | "
                     f"{both['adjective']['animal']:>12.3f}{both['adjective']['object']:>13.3f} | "
                     f"{kind or '-':<7} | {share}")
    n = len(_seeds(record))
    if not defaults:
        lines.append("Kisi seed me adjective rokne par ek hi kism nahi tootti: default kism ki baat yahan sach nahi.")
        return "\n".join(lines)
    lines.append(f"{len(defaults)}/{n} seeds: adjective 'it' tak seedha (layer 0 ya 1 ke attention se) na pahunche "
                 f"to ek kism zyaadatar bachi rehti hai, doosri girti hai, aur uske galat jawabon me {mean_range(shares)} "
                 "sentence ka DOOSRA noun hai. Yani model ki ek default kism hai ("
                 + ", ".join(f"seed {s}: {k}" for s, k in defaults.items())
                 + "); adjective sirf default se hatne ke liye chahiye.")
    only0 = [s for s, f in alone.items() if f >= 0.8]
    both_paths = [s for s, f in alone.items() if f < 0.8]
    if only0:
        lines.append(f"Seed {', '.join(only0)}: akele layer 0 me rokna lagbhag utna hi girata hai (≥ 80%): "
                     "adjective layer 0 se hi aata hai.")
    if both_paths:
        lines.append(f"Seed {', '.join(both_paths)}: akele layer 0 me rokne par kam girta hai: layer 1 ka apna "
                     "attention bhi adjective laata hai; ek raasta band ho to doosra kuch had tak kaam karta hai.")
    if max(left) > 0.1:
        lines.append(f"Dono band karke bhi tooti kism ke kuch sentences sahi rehte hain (max {max(left):.0%}): "
                     "thodi khabar kisi aur raaste bhi aati hai; kaunsa, yeh yahan naapa nahi.")
    return "\n".join(lines)


def it_story(record: dict, big_drop: float = BIG_DROP, margin: float = LOOK_MARGIN) -> str:
    """The verdict table (one row per test, seeds that pass per adjective kind) and the
    reasoned verdict: which parts of the seed's claim hold everywhere, in some seeds, nowhere."""
    n = len(_seeds(record))
    tests = it_story_tests(record, big_drop, margin)
    lines = [f"{'sawaal (har seed par alag)':<70} | {'animal adj':>10} | {'object adj':>10} | faisle me?"]
    for key, (question, votes) in STORY_TESTS.items():
        label = f"({key}) " + question.format(margin=margin, big_drop=big_drop)
        cells = " | ".join(f"{tests[key][kind]}/{n}".rjust(10) for kind in KINDS)
        lines.append(f"{label:<70} | {cells} | {'haan' if votes else 'nahi (sandarbh)'}")
    votes = [(key, kind) for key, (_, counted) in STORY_TESTS.items() if counted for kind in KINDS]
    groups = {"har seed me": [], "kuch seeds me": [], "kisi seed me nahi": []}
    for key, kind in votes:
        hits = tests[key][kind]
        where = "har seed me" if hits == n else "kisi seed me nahi" if hits == 0 else "kuch seeds me"
        groups[where].append(f"({key}) {kind} {hits}/{n}")
    overall = verdict(sum(tests[k][kind] for k, kind in votes), len(votes) * n)
    lines.append(f'Seed ki baat ("it" ka attention referent par jaata hai aur jawab wahin se aata hai), '
                 f"sirf (a)–(c) gin kar: {overall.upper()}")
    lines += [f"  {where}: {', '.join(items)}" for where, items in groups.items() if items]
    lines.append("  " + name_not_kind(record))
    return "\n".join(lines)


def strongest_adjective_head(record: dict) -> tuple[str, int, float, float]:
    """(seed, head, weight on "tired", weight on "cat"): the layer-1 head of the record that
    looks hardest at the adjective in the seed's own animal sentence (for the quiz)."""
    best = max(((seed, head, w, r["showcase_layer1"]["animal"]["referent"][head])
                for seed, r in _seeds(record).items()
                for head, w in enumerate(r["showcase_layer1"]["animal"]["adjective"])),
               key=lambda t: t[2])
    return best


# ---------------------------------------------------------------- held-out accuracy vs baselines

STRICT, HALF = "poora naya jodaa", "aadha naya jodaa"
BOW, FIRST, HAND = "bag of words (linear)", "pehla noun", "kism wala noun (haath ka rule)"


def _values(record: dict, part: str, group: str) -> list[float]:
    return [float(r[part][group]) for r in _seeds(record).values()]


def _span(values) -> str:
    """``0.983 [0.950–1.000]``: mean and range with three digits (0.995 never prints as 1.00)."""
    return f"{np.mean(values):.3f} [{min(values):.3f}–{max(values):.3f}]"


def it_accuracy_report(record: dict, live: dict[str, float], baselines: dict, groups) -> str:
    """Two tables (models; baselines) per held-out group, then the sentences the numbers allow.

    ``live``: this run's accuracy by group; ``baselines``: ``it_baselines`` on the same groups;
    the record gives 2-layer and 1-layer models over its seeds."""
    n = len(_seeds(record))
    lines = [f"{'held-out group':<32} | {'seed 0 (live)':>13} | {f'2 layers, {n} seeds':>21} | "
             f"{f'1 layer, {n} seeds':>21}"]
    for g in groups:
        lines.append(f"{g:<32} | {live[g]:>13.3f} | {_span(_values(record, 'accuracy', g)):>21} | "
                     f"{_span(_values(record, 'one_layer_accuracy', g)):>21}")
    rules = list(baselines[groups[0]])
    lines += ["", f"{'baselines (koi attention nahi)':<32} | " + " | ".join(f"{r[:14]:>14}" for r in rules)]
    for g in groups:
        lines.append(f"{g:<32} | " + " | ".join(f"{baselines[g][r]:>14.3f}" for r in rules))
    model, one = _values(record, "accuracy", STRICT), _values(record, "one_layer_accuracy", STRICT)
    bow, first = baselines[STRICT][BOW], baselines[STRICT][FIRST]
    lines += ["", f"{HALF}: bag of words {baselines[HALF][BOW]:.3f}; {STRICT}: bag of words {bow:.3f}, "
              f"'{FIRST}' {first:.3f} ({'usse bhi kam' if bow < first else 'usse upar'})."]
    above = sum(v > bow for v in model)
    lines.append(f"{STRICT}: Transformer, 2 layers {_span(model)}: {above}/{n} seeds me bag of words se upar; "
                 f"1 layer {_span(one)}: {sum(v > bow for v in one)}/{n} seeds me.")
    hand = min(baselines[g][HAND] for g in groups)
    lines.append(f"'{HAND}' (bina kram, bina seekhe) har group me ≥ {hand:.3f}.")
    for g in groups[2:]:
        values = _values(record, "accuracy", g)
        lines.append(f"{g}: 2 layers {_span(values)} → "
                     + ("har seed me ≥ 0.95" if min(values) >= 0.95 else "kuch seeds me 0.95 se neeche"))
    return "\n".join(lines)
