"""Notebook 01b's exercise checks: one BPE merge step (``count_pairs``, ``merge_pair``), the whole
``train_bpe`` loop, and the reasons of its predictions.

COUNT_MISTAKES, MERGE_MISTAKES and TRAIN_MISTAKES are the catalogues of typical mistakes, each one
the reference with that mistake built in; a check names the one whose results equal the learner's.
"""

from __future__ import annotations

from ..data.tokenizers import best_pair, count_pairs, line_counts, merge_pair, train_bpe
from .checks import Case, check
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_count_pairs", "check_merge_pair", "check_train_bpe", "check_line_counts"]  # tc.<name> (see grading/__init__.py)


# ---------------------------------------------------------------- count_pairs

def _count_with(mistake: str):
    def counts_of(counts):
        pairs: dict = {}
        if mistake == "across words":      # all words glued into one long sequence
            symbols = [s for word, n in counts.items() for _ in range(n) for s in word]
            for pair in zip(symbols[:-1], symbols[1:], strict=True):
                pairs[pair] = pairs.get(pair, 0) + 1
            return pairs
        for word, n in counts.items():
            found = list(zip(word[:-1], word[1:], strict=True))
            if mistake == "last pair missed":
                found = found[:-1]
            if mistake == "once per word":
                found = list(dict.fromkeys(found))
            for pair in found:
                pairs[pair] = pairs.get(pair, 0) + (1 if mistake == "unweighted" else n)
        return pairs
    return counts_of


COUNT_MISTAKES = {
    "saare words ko jod kar ek lambi line bana di, isliye ek word ke aakhri aur agle word ke pehle "
    "symbol ka pair bhi gina gaya. Pairs sirf ek word ke andar ginne hain.": _count_with("across words"),
    "word ki count (kitni baar aaya) se guna nahi kiya: har word ne sirf 1 joda.":
        _count_with("unweighted"),
    "word ka aakhri pair chhoot gaya (off-by-one): n symbols me n − 1 pairs hote hain.":
        _count_with("last pair missed"),
    "ek word me ek pair ko sirf ek baar gina (set jaisa). ('t','a','t','a') me ('t','a') do baar "
    "hai, aur ('a','a','a') me ('a','a') bhi do baar (overlap ke saath).": _count_with("once per word"),
}

COUNT_PAIRS_HINT = register(
    "count_pairs",
    idea="Har word ke andar har do padosi symbols ek pair hain. Har pair utni baar gino jitni baar woh word corpus me aaya. Do alag words ke beech koi pair nahi banta.",
    shapes="Input {word_tuple: count}. Ek word (s0, s1, …, s_{n-1}) me n − 1 pairs: (s0, s1), (s1, s2), …, (s_{n-2}, s_{n-1}). Output dict {pair: total}, jahan har pair me word ka count juda.",
    code="pairs = {}; for word, n in counts.items(): for pair in zip(word[:-1], word[1:], strict=True): pairs[pair] = pairs.get(pair, 0) + n; return pairs")


def check_count_pairs(fn) -> bool:
    """Compare the learner's pair counts with the reference (overlaps, boundaries, the last pair)."""
    cases = [
        Case("{('n','a','h','i'): 3, ('h','a','i'): 2}", ({("n", "a", "h", "i"): 3, ("h", "a", "i"): 2},)),
        Case("overlap: {('a','a','a'): 1} → ('a','a') do baar", ({("a", "a", "a"): 1},)),
        Case("ek word me ek pair do baar: {('t','a','t','a'): 2}", ({("t", "a", "t", "a"): 2},)),
        Case("lambe symbols: {('ha','i'): 2, ('k','ha','i'): 1}", ({("ha", "i"): 2, ("k", "ha", "i"): 1},)),
        Case("ek symbol wala word (koi pair nahi): {('a',): 4, ('b','c'): 1}", ({("a",): 4, ("b", "c"): 1},)),
        Case("edge: khaali corpus {}", ({},)),
    ]
    return check("count_pairs", fn, count_pairs, cases, call=lambda impl, c: dict(impl(c)),
                 mistakes=COUNT_MISTAKES, hint=first_level(COUNT_PAIRS_HINT))


# ---------------------------------------------------------------- merge_pair

def _merge_with(mistake: str):
    def merged(word, pair):
        if mistake == "string replace":
            return tuple(" ".join(word).replace(" ".join(pair), "".join(pair)).split(" "))
        if mistake == "right to left":
            return _right_to_left(word, pair)
        if mistake == "list":
            return list(merge_pair(word, pair))
        out, i, done = [], 0, False
        last = len(word) - 1 if mistake == "end dropped" else len(word)
        while i < last:
            match = i + 1 < len(word) and (word[i], word[i + 1]) == tuple(pair)
            if match and not (mistake == "first only" and done):
                out.append(word[i] + word[i + 1])
                done = True
                i += 1 if mistake == "no skip" else 2
            else:
                out.append(word[i])
                i += 1
        return tuple(out)
    return merged


def _right_to_left(word, pair):
    out, i = [], len(word) - 1
    while i >= 0:
        if i >= 1 and (word[i - 1], word[i]) == tuple(pair):
            out.append(word[i - 1] + word[i])
            i -= 2
        else:
            out.append(word[i])
            i -= 1
    return tuple(reversed(out))


MERGE_MISTAKES = {
    "merge ke baad agla symbol skip nahi kiya (i += 2 chahiye): pair ka doosra symbol dobara aa gaya.":
        _merge_with("no skip"),
    "loop aakhri symbol se pehle ruk gaya (off-by-one): aakhri symbol gayab ho gaya.":
        _merge_with("end dropped"),
    "sirf pehli jagah merge kiya; har jagah (left se right) merge karna hai.": _merge_with("first only"),
    "string bana kar replace kiya: ('ab', 'c') me pair ('b', 'c') galti se mil gaya. Symbols ko "
    "tuple me ek-ek karke milaiye, string me nahi.": _merge_with("string replace"),
    "right se left merge kiya: ('a','a','a') → ('a','aa') bana; left se right chahiye → ('aa','a').":
        _merge_with("right to left"),
    "list lautayi, tuple nahi: naya word dict ki key banta hai (train_bpe me), aur list dict ki "
    "key nahi ban sakti. Aakhir me `tuple(...)` kijiye.": _merge_with("list"),
}


class _NotATuple:
    """What a merge returned when it was not a tuple: compared by type name and items."""

    def __init__(self, value):
        self.kind, self.items = type(value).__name__, repr(value)

    def __eq__(self, other):
        return isinstance(other, _NotATuple) and (self.kind, self.items) == (other.kind, other.items)

    def __hash__(self):
        return hash((self.kind, self.items))

    def __repr__(self):
        return f"{self.kind} {self.items} (tuple nahi)"


def _as_tuple(result):
    return result if isinstance(result, tuple) else _NotATuple(result)

MERGE_PAIR_HINT = register(
    "merge_pair",
    idea="Word ko left se right padhiye. Jahan pair ke dono symbols saath mile, unhe jod kar ek naya symbol banaiye aur dono ko aage badhaiye; baaki symbols waise hi rahenge.",
    shapes="Input: word tuple (n symbols), pair (a, b). Output: naya tuple, har (a, b) ki jagah ek symbol a + b. ('a','a','a') aur ('a','a') → ('aa','a'): jo 'a' merge me lag gaya woh dobara nahi lagta.",
    code="out, i = [], 0; while i < len(word): if i + 1 < len(word) and word[i] == pair[0] and word[i + 1] == pair[1]: out.append(word[i] + word[i + 1]); i += 2; else: out.append(word[i]); i += 1; return tuple(out)")


def check_merge_pair(fn) -> bool:
    """Compare the learner's merge with the reference (overlaps, the end, multi-letter symbols)."""
    cases = [
        Case("('n','a','h','i') me ('a','h')", (("n", "a", "h", "i"), ("a", "h"))),
        Case("pair aakhir me: ('n','a','h','i') me ('h','i')", (("n", "a", "h", "i"), ("h", "i"))),
        Case("har jagah: ('t','a','t','a') me ('t','a')", (("t", "a", "t", "a"), ("t", "a"))),
        Case("overlap: ('a','a','a') me ('a','a') → ('aa','a')", (("a", "a", "a"), ("a", "a"))),
        Case("overlap: ('a','a','a','a') me ('a','a')", (("a", "a", "a", "a"), ("a", "a"))),
        Case("lambe symbols: ('k','ha','i') me ('ha','i')", (("k", "ha", "i"), ("ha", "i"))),
        Case("jaal: ('ab','c') me ('b','c') (koi merge nahi)", (("ab", "c"), ("b", "c"))),
        Case("pair hai hi nahi: ('h','a','i') me ('x','y')", (("h", "a", "i"), ("x", "y"))),
        Case("edge: ek symbol ('a',) me ('a','a')", (("a",), ("a", "a"))),
    ]
    return check("merge_pair", fn, merge_pair, cases, call=lambda impl, w, p: _as_tuple(impl(w, p)),
                 mistakes=MERGE_MISTAKES, hint=first_level(MERGE_PAIR_HINT))


# ---------------------------------------------------------------- train_bpe

def _train_with(mistake: str):
    def trained(counts, num_merges):
        if mistake == "no update":
            pairs = count_pairs(counts)
            return [best_pair(pairs)] * num_merges if pairs else []
        merges = []
        steps = num_merges + (1 if mistake == "one extra" else -1 if mistake == "one short" else 0)
        for _ in range(max(steps, 0)):
            pairs = count_pairs(counts)
            if not pairs:
                if mistake == "no stop":
                    best_pair(pairs)  # raises ValueError on an empty dict
                break
            pair = max(pairs, key=pairs.get) if mistake == "max tie" else best_pair(pairs)
            merges.append(pair)
            counts = {merge_pair(w, pair): n for w, n in counts.items()}
        return merges
    return trained


TRAIN_MISTAKES = {
    "har step ke baad counts update nahi kiye (merge lagaya hi nahi), isliye har baar wahi pair jeeta.":
        _train_with("no update"),
    "ek merge zyada ho gaya (off-by-one): num_merges jitne hi merges chahiye.": _train_with("one extra"),
    "ek merge kam ho gaya (off-by-one): num_merges jitne merges chahiye.": _train_with("one short"),
    "barabari (tie) me max() ne pehle aaya pair chuna; course ka niyam: tc.tokenizers.best_pair "
    "(tie me jo pair sort order me pehle aaye).": _train_with("max tie"),
    "jab koi pair bacha hi nahi, tab bhi loop chalta raha (khaali dict par error). Pairs khatam "
    "hon to ruk jaiye.": _train_with("no stop"),
}

TRAIN_BPE_HINT = register(
    "train_bpe",
    idea="BPE ek loop hai: pairs gino, sabse zyada wala pair chuno, use har word me merge karo, aur yeh num_merges baar dohraao. Har baar naye (merged) words par dobara gino.",
    shapes="Input {word_tuple: count} aur num_merges. Har step me teen cheezein: (1) abhi ke words ke pairs ka dict {(a, b): total}; khaali ho to loop khatam. (2) usme se ek jeetne wala pair (a, b), jo merges list me judta hai. (3) ek naya {word_tuple: count}, jisme har word me woh pair ek symbol ban gaya aur count wahi. Output: merges ki list [(a, b), …], lambai ≤ num_merges.",
    code="merges = []; for _ in range(num_merges): pairs = count_pairs_fn(counts); if not pairs: break; pair = tc.tokenizers.best_pair(pairs); merges.append(pair); counts = {merge_pair_fn(w, pair): n for w, n in counts.items()}; return merges")


def _corpus_slice() -> dict:
    from ..data.tokenizers import word_counts
    return word_counts("\n".join(_corpus_lines()[:150]))


def check_train_bpe(fn) -> bool:
    """Compare the learner's list of merges with the reference's (ties, running out, updates)."""
    cases = [
        Case("{('n','a','h','i'): 5, ('h','a','i'): 4, ('n','a','h','i','n'): 1}, 3 merges",
             ({("n", "a", "h", "i"): 5, ("h", "a", "i"): 4, ("n", "a", "h", "i", "n"): 1}, 3)),
        Case("tie: {('c','d'): 1, ('a','b'): 1}, 2 merges", ({("c", "d"): 1, ("a", "b"): 1}, 2)),
        Case("pairs khatam: {('a','b','c'): 2}, 5 merges (sirf 2 ho sakte hain)", ({("a", "b", "c"): 2}, 5)),
        Case("overlap: {('a','a','a','a'): 3, ('a','b'): 1}, 3 merges", ({("a", "a", "a", "a"): 3, ("a", "b"): 1}, 3)),
        Case("edge: 0 merges", ({("h", "a", "i"): 2}, 0)),
        Case("corpus ki pehli 150 lines, 40 merges", (_corpus_slice(), 40)),
    ]
    return check("train_bpe", fn, train_bpe, cases,
                 call=lambda impl, c, k: [tuple(p) for p in impl(c, k)],
                 mistakes=TRAIN_MISTAKES, hint=first_level(TRAIN_BPE_HINT))


# ---------------------------------------------------------------- Modify: no word boundaries

def _lines_with(mistake: str):
    def counts_of(text):
        if mistake == "words":
            from ..data.tokenizers import word_counts
            return word_counts(text)
        counts: dict = {}
        for line in text.splitlines():
            if mistake != "no strip":
                line = line.strip()
            if not line and mistake != "empty kept":
                continue
            word = tuple(line if mistake == "space kept" else line.replace(" ", "_"))
            counts[word] = 1 if mistake == "no counting" else counts.get(word, 0) + 1
        return counts
    return counts_of


LINE_MISTAKES = {
    "space ko '_' nahi banaya: har space ki jagah '_' symbol chahiye (taaki merges me dikhe).":
        _lines_with("space kept"),
    "khaali lines bhi 'word' ban gayi (khaali tuple); unhe chhod dijiye.": _lines_with("empty kept"),
    "ek jaisi lines ko gina nahi: har baar count 1 ho gaya; dobara aayi line ka count badhaiye.":
        _lines_with("no counting"),
    "line ke shuru/aakhir ke spaces nahi hataye (`.strip()`): woh bhi '_' ban gaye.":
        _lines_with("no strip"),
    "yeh to purana word_counts hi hai: is baar poori line ek 'word' honi chahiye.": _lines_with("words"),
}

LINE_COUNTS_HINT = register(
    "line_counts",
    idea="Word boundary hata dijiye: poori line ek lambi 'word' hai, aur space bhi ek symbol ('_') ban jaata hai. Ek jaisi lines ek saath gini jaati hain.",
    shapes="Input text (kai lines). Output {line_tuple: count}: har khaali nahi line, .strip() ke baad, characters ka tuple, jisme ' ' ki jagah '_'. Jaise 'chai garam hai' → ('c','h','a','i','_','g', …).",
    code="counts = {}; for line in text.splitlines(): line = line.strip(); if line: word = tuple(line.replace(' ', '_')); counts[word] = counts.get(word, 0) + 1; return counts")


def check_line_counts(fn) -> bool:
    """The learner's line-level counts vs the reference (spaces, empty lines, repeats)."""
    cases = [
        Case("'chai garam hai'", ("chai garam hai",)),
        Case("do lines, ek dobara: 'haan ji\\nnahi\\nhaan ji\\n'", ("haan ji\nnahi\nhaan ji\n",)),
        Case("khaali line aur spaces: '  chai  \\n\\nmaa ne kaha, chalo.\\n'",
             ("  chai  \n\nmaa ne kaha, chalo.\n",)),
        Case("corpus ki pehli 30 lines", ("\n".join(_corpus_lines()[:30]),)),
    ]
    return check("line_counts", fn, line_counts, cases, call=lambda impl, t: dict(impl(t)),
                 mistakes=LINE_MISTAKES, hint=first_level(LINE_COUNTS_HINT))


def _corpus_lines() -> list[str]:
    from ..data.corpus import load_corpus
    return load_corpus().splitlines()


# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("bpe_unknown_heldout",
        "Word view me held-out ke saare tokens (punctuation bhi) me se {word_unk:.1%} `<unk>` bane; "
        "sirf words gine to {word_share:.1%} (train me kabhi nahi dikhe). BPE me {bpe_unk} `<unk>`: anjaana word bhi chhote pieces me toot jaata hai, aur aakhir me har "
        "character train ki alphabet me hai. Fallback = characters.",
        choices=["koi nahi", "kuch (10% se kam)", "bahut (10% ya zyada)"])
explain("one_hot_shape",
        "Har token (row) ke liye vocab ke size jitna lamba ek vector jisme sirf ek 1 hai: "
        "(tokens, vocab) = {shape}. Isko (vocab, d) matrix se guna karke (tokens, d) milta hai.")
explain("space_merges",
        "Space ('_') har do words ke beech aata hai, isliye bahut aam symbol hai: pehle 50 merges me se "
        "{with_space} me '_' aaya, aur kuch tukde do words ko chipka dete hain (jaise {example!r}). "
        "Tab ek hi word alag-alag padosiyon ke saath alag tokens banta hai; isliye asli tokenizers "
        "pehle text ko words me todte hain (pre-tokenization).",
        choices=["koi nahi", "kuch (1 se 10)", "bahut (10 se zyada)"])
