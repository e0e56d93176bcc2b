"""Wrong solutions, written the way learners write them: each must get ❌, most must be named.

Each entry is (the wrong code, a phrase the check's output must contain to count as naming the
planted mistake). The wrong code is written here in a learner's style, not taken from the
catalogues in grading/, so a catalogue that drifts from real mistakes makes this test fail.
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import transformer_course as tc

NAMED_AT_LEAST = 0.9


def _verdicts(check, wrong: dict, capsys) -> dict[str, bool]:
    """name → whether the check named the planted mistake; asserts every one got ❌."""
    named = {}
    for label, (solution, phrase) in wrong.items():
        assert not check(solution), f"{label}: a wrong solution passed"
        out = capsys.readouterr().out
        assert out.startswith(("❌", "⏳")), out
        named[label] = phrase in out
    return named


def _assert_named(named: dict[str, bool]):
    share = sum(named.values()) / len(named)
    missed = [label for label, ok in named.items() if not ok]
    assert share >= NAMED_AT_LEAST, f"named {share:.0%}; not named: {missed}"


# ---------------------------------------------------------------- 02: scaled dot-product attention

def _learner_attention(*, scale="sqrt", dim=-1, keep="mask", when="before", nan_to_zero=True,
                       float_mode="add", out="weights", order="output first", transpose="mT"):
    def attention(q, k, v, mask=None):
        kt = k.mT if transpose == "mT" else k.T
        scores = torch.matmul(q, kt)
        if scale == "sqrt":
            scores = scores / math.sqrt(q.size(-1))
        elif scale == "d":
            scores = scores / q.size(-1)
        if mask is not None and when == "before":
            if mask.dtype == torch.bool:
                visible = mask if keep == "mask" else ~mask
                scores = torch.where(visible, scores, torch.full_like(scores, -math.inf))
            else:
                scores = scores + mask if float_mode == "add" else scores * mask
        weights = F.softmax(scores, dim=dim)
        if mask is not None and when == "after" and mask.dtype == torch.bool:
            weights = weights * mask
        if nan_to_zero:
            weights = torch.where(weights.isnan(), torch.zeros_like(weights), weights)
        result = torch.matmul(weights if out == "weights" else scores, v)
        return (result, weights) if order == "output first" else (weights, result)
    return attention


ATTENTION_MISTAKES = {
    "no 1/sqrt(d_k)": (_learner_attention(scale=None), "√d_k se divide nahi kiya"),
    "divided by d_k": (_learner_attention(scale="d"), "d_k se divide kiya"),
    "softmax over dim -2": (_learner_attention(dim=-2), "softmax galat dim par"),
    "softmax over dim 0": (_learner_attention(dim=0), "softmax galat dim par"),
    "inverted bool mask": (_learner_attention(keep="inverted"), "mask ulta"),
    "mask after softmax": (_learner_attention(when="after"), "mask softmax ke baad"),
    "float mask multiplied": (_learner_attention(float_mode="mul"), "multiply kiya"),
    "NaN rows left": (_learner_attention(nan_to_zero=False), "NaN reh gayi"),
    "scores @ v": (_learner_attention(out="scores"), "output = scores @ v"),
    "returns swapped": (_learner_attention(order="weights first"), "ulta return"),
    "k.T on a batch": (_learner_attention(transpose="T"), "`.T` / `.t()` sirf 2-D"),
}


def test_attention_mistakes_all_fail_and_are_named(capsys):
    named = _verdicts(tc.check_scaled_dot_product_attention, ATTENTION_MISTAKES, capsys)
    _assert_named(named)


# ---------------------------------------------------------------- 05: the encoder block

class _LearnerBlock(nn.Module):
    """A learner's EncoderBlock with PyTorch's names; MISTAKE picks one wrong line."""

    MISTAKE = ""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True):
        super().__init__()
        self.self_attn = tc.MultiHeadAttention(d_model, nhead, dropout=dropout,
                                               batch_first=batch_first)
        self.linear1 = nn.Linear(d_model, dim_feedforward)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, d_model)
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.norm_first = norm_first
        self.activation = F.gelu if activation == "gelu" else F.relu
        if self.MISTAKE == "always relu":
            self.activation = F.relu
        if self.MISTAKE == "tanh gelu" and activation == "gelu":
            self.activation = lambda x: F.gelu(x, approximate="tanh")

    def sa(self, x, mask, padding):
        if self.MISTAKE == "no masks":
            mask = padding = None
        x = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=padding)[0]
        return x if self.MISTAKE == "no dropout" else self.dropout1(x)

    def ff(self, x):
        h = self.activation(self.linear1(x))
        if self.MISTAKE not in ("no dropout", "no inner dropout"):
            h = self.dropout(h)
        h = self.linear2(h)
        return h if self.MISTAKE == "no dropout" else self.dropout2(h)

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        if src.shape[-1] != self.linear1.in_features:
            raise ValueError("d_model galat")
        x, m = src, self.MISTAKE
        second_norm = self.norm1 if m == "norm1 twice" else self.norm2
        pre = not self.norm_first if m == "flipped norm_first" else self.norm_first
        if pre:
            x = (0 if m == "no attn residual" else x) + self.sa(self.norm1(x), src_mask,
                                                                src_key_padding_mask)
            x = (0 if m == "no ffn residual" else x) + self.ff(second_norm(x))
        elif m == "norm inside":
            x = x + self.norm1(self.sa(x, src_mask, src_key_padding_mask))
            x = x + second_norm(self.ff(x))
        else:
            attn = self.sa(x, src_mask, src_key_padding_mask)
            x = self.norm1(attn if m == "no attn residual" else x + attn)
            x = second_norm(self.ff(x) if m == "no ffn residual" else x + self.ff(x))
        return x


def _block(mistake: str) -> type:
    return type(f"Block_{mistake.replace(' ', '_')}", (_LearnerBlock,), {"MISTAKE": mistake})


ENCODER_MISTAKES = {
    "no residual after attention": (_block("no attn residual"), "attention ke baad residual"),
    "no residual after the FFN": (_block("no ffn residual"), "FFN ke baad residual"),
    "norm1 used twice": (_block("norm1 twice"), "dono jagah norm1"),
    "norm_first flipped": (_block("flipped norm_first"), "norm_first ulta"),
    "LayerNorm inside the residual": (_block("norm inside"), "LayerNorm sub-layer par"),
    "relu even for gelu": (_block("always relu"), "activation hamesha relu"),
    "tanh gelu": (_block("tanh gelu"), "tanh approximation"),
    "masks dropped": (_block("no masks"), "masks self_attn tak nahi"),
    "no dropout at all": (_block("no dropout"), "kabhi use nahi hue"),
    "no dropout inside the FFN": (_block("no inner dropout"), "self.dropout use nahi hua"),
}


def test_the_learner_style_block_is_right_without_a_mistake(capsys):
    assert tc.check_encoder_block(_LearnerBlock)


def test_encoder_block_mistakes_all_fail_and_are_named(capsys):
    named = _verdicts(tc.check_encoder_block, ENCODER_MISTAKES, capsys)
    _assert_named(named)


@pytest.mark.parametrize("label", ["norm1 used twice", "no dropout at all"])
def test_fresh_pytorch_init_would_have_hidden_these(label):
    """Why the check randomises weights and tests training mode: with PyTorch's initial values
    (LayerNorm γ=1, β=0) in eval mode, these two blocks give PyTorch's numbers exactly."""
    block_cls = ENCODER_MISTAKES[label][0]
    torch.manual_seed(0)
    ref = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True).eval()
    mine = block_cls(16, 4, 32, batch_first=True)
    mine.load_state_dict(ref.state_dict())
    x = torch.randn(2, 5, 16)
    torch.testing.assert_close(mine.eval()(x), ref(x))


# ---------------------------------------------------------------- 08: the decoder block

class _LearnerDecoder(nn.Module):
    """A learner's DecoderBlock with PyTorch's names; MISTAKE picks one wrong line."""

    MISTAKE = ""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True):
        super().__init__()
        attn = dict(dropout=dropout, batch_first=batch_first)
        self.self_attn = tc.MultiHeadAttention(d_model, nhead, **attn)
        self.multihead_attn = tc.MultiHeadAttention(d_model, nhead, **attn)
        self.linear1, self.linear2 = nn.Linear(d_model, dim_feedforward), nn.Linear(dim_feedforward, d_model)
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(d_model, eps=layer_norm_eps) for _ in range(3))
        self.dropout, self.dropout1, self.dropout2, self.dropout3 = (nn.Dropout(dropout) for _ in range(4))
        self.norm_first = norm_first
        self.act = F.gelu if activation == "gelu" and self.MISTAKE != "relu" else F.relu

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        m = self.MISTAKE
        drop = (lambda d, y: y) if m == "no dropout" else (lambda d, y: d(y))

        def sa(y):
            mask = None if m == "no tgt_mask" else tgt_mask
            return drop(self.dropout1, self.self_attn(y, y, y, attn_mask=mask,
                                                      key_padding_mask=tgt_key_padding_mask)[0])

        def ca(y):
            kv = y if m == "kv from x" else memory
            mask = None if m in ("no memory_mask", "kv from x") else memory_mask
            pad = None if m in ("no memory padding", "kv from x") else memory_key_padding_mask
            return drop(self.dropout2, self.multihead_attn(y, kv, kv, attn_mask=mask,
                                                           key_padding_mask=pad)[0])

        def ff(y):
            return drop(self.dropout3, self.linear2(self.dropout(self.act(self.linear1(y)))))

        n2, n3 = (self.norm3, self.norm2) if m == "swap norms" else (self.norm2, self.norm3)
        skip = {k: 0 if m == f"no {k} residual" else 1 for k in ("self", "cross", "ffn")}
        x = tgt
        if self.norm_first != (m == "flip"):
            x = skip["self"] * x + sa(self.norm1(x))
            x = skip["cross"] * x + ca(n2(x))
            return skip["ffn"] * x + ff(n3(x))
        x = self.norm1(skip["self"] * x + sa(x))
        x = n2(skip["cross"] * x + ca(x))
        return n3(skip["ffn"] * x + ff(x))


def _decoder(mistake: str) -> type:
    return type(f"Decoder_{mistake.replace(' ', '_')}", (_LearnerDecoder,), {"MISTAKE": mistake})


DECODER_MISTAKES = {
    "no residual after self-attention": (_decoder("no self residual"), "masked self-attention ke baad residual"),
    "no residual after cross-attention": (_decoder("no cross residual"), "cross-attention ke baad residual"),
    "no residual after the FFN": (_decoder("no ffn residual"), "FFN ke baad residual"),
    "keys/values from x": (_decoder("kv from x"), "key/value memory se"),
    "causal mask dropped": (_decoder("no tgt_mask"), "tgt_mask (causal mask)"),
    "memory_mask dropped": (_decoder("no memory_mask"), "memory_mask cross-attention"),
    "memory padding dropped": (_decoder("no memory padding"), "memory_key_padding_mask"),
    "norm2/norm3 swapped": (_decoder("swap norms"), "norm2 aur norm3"),
    "norm_first flipped": (_decoder("flip"), "norm_first ulta"),
    "relu for gelu": (_decoder("relu"), "activation hamesha relu"),
    "dropouts unused": (_decoder("no dropout"), "dropout1-3"),
}


def test_the_learner_style_decoder_is_right_without_a_mistake(capsys):
    assert tc.check_decoder_block(_LearnerDecoder)


def test_decoder_block_mistakes_all_fail_and_are_named(capsys):
    _assert_named(_verdicts(tc.check_decoder_block, DECODER_MISTAKES, capsys))


# ---------------------------------------------------------------- 04: heads, and the whole module

def _learner_split(kind):
    def split_heads(x, num_heads):
        if x.ndim != 3 or x.size(-1) % num_heads != 0:
            raise ValueError("shape galat")
        b, n, d = x.size()
        if kind == "no transpose":
            return x.view(b, n, num_heads, d // num_heads)
        if kind == "direct view":
            return x.view(b, num_heads, n, d // num_heads)
        if kind == "heads last":
            return x.view(b, n, d // num_heads, num_heads).permute(0, 3, 1, 2)
        if kind == "swap 2 3":
            return x.view(b, n, num_heads, d // num_heads).transpose(2, 3)
        return x.view(b, n, num_heads, d // num_heads).permute(0, 2, 1, 3)  # right
    return split_heads


def _learner_merge(kind):
    def merge_heads(x):
        if x.ndim != 4:
            raise ValueError("4-D chahiye")
        b, h, n, s = x.size()
        if kind == "no transpose":
            return x.reshape(b, n, h * s)
        if kind == "interleave":
            return x.permute(0, 2, 3, 1).reshape(b, n, h * s)
        if kind == "view after transpose":
            return x.transpose(1, 2).view(b, n, h * s)
        return x.transpose(2, 3).reshape(b, n, h * s)  # "swap 2 3"
    return merge_heads


HEADS_MISTAKES = {
    "split: no transpose": (tc.check_split_heads, _learner_split("no transpose"), "transpose bhool gaye"),
    "split: direct view": (tc.check_split_heads, _learner_split("direct view"), "seedha reshape"),
    "split: heads last": (tc.check_split_heads, _learner_split("heads last"), "features galat baante"),
    "split: transpose(2, 3)": (tc.check_split_heads, _learner_split("swap 2 3"), "transpose galat dims"),
    "merge: no transpose": (tc.check_merge_heads, _learner_merge("no transpose"), "transpose bhool gaye"),
    "merge: interleaved": (tc.check_merge_heads, _learner_merge("interleave"), "guth gaye"),
    "merge: view after transpose": (tc.check_merge_heads, _learner_merge("view after transpose"),
                                    "`.view` transpose ke baad"),
    "merge: transpose(2, 3)": (tc.check_merge_heads, _learner_merge("swap 2 3"), "transpose galat dims"),
}


def test_heads_mistakes_all_fail_and_are_named(capsys):
    named = {}
    for label, (check, solution, phrase) in HEADS_MISTAKES.items():
        named |= _verdicts(check, {label: (solution, phrase)}, capsys)
    _assert_named(named)


def test_split_heads_without_its_own_value_error_is_told_to_raise_it(capsys):
    def split_heads(x, num_heads):
        b, n, d = x.shape  # 4-D input: Python's own unpacking ValueError, fine
        return x.reshape(b, n, num_heads, d // num_heads).transpose(1, 2)
    assert not tc.check_split_heads(split_heads)
    assert "raise ValueError(...)" in capsys.readouterr().out


class _LearnerMHA(nn.Module):
    """A learner's nn.MultiheadAttention twin; MISTAKE picks one wrong line."""

    MISTAKE = ""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, batch_first=False):
        super().__init__()
        if embed_dim % num_heads:
            raise ValueError("embed_dim % num_heads != 0")
        self.h, self.e, self.batch_first = num_heads, embed_dim, batch_first
        self.in_proj_weight = nn.Parameter(torch.randn(3 * embed_dim, embed_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed_dim))
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True,
                attn_mask=None, average_attn_weights=True, is_causal=False):
        m, single = self.MISTAKE, query.dim() == 2
        if single:
            query, key, value = query[None], key[None], value[None]
        elif not self.batch_first and m != "layout":
            query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
        wq, wk, wv = self.in_proj_weight.chunk(3)
        bq, bk, bv = self.in_proj_bias.chunk(3)
        if m == "kqv":
            wq, wk, bq, bk = wk, wq, bk, bq
        b, n, s, h = query.size(0), query.size(1), key.size(1), self.h

        def heads(t):
            if m == "split":
                return t.reshape(b, h, -1, self.e // h)
            return t.reshape(b, -1, h, self.e // h).transpose(1, 2)

        q, k, v = heads(query @ wq.T + bq), heads(key @ wk.T + bk), heads(value @ wv.T + bv)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.e if m == "scale" else self.e // h)
        if attn_mask is not None:
            if attn_mask.dtype == torch.bool:
                blocked = ~attn_mask if m == "mask" else attn_mask
                attn_mask = torch.zeros(blocked.shape).masked_fill(blocked, -math.inf)
            scores = scores + (attn_mask.view(b, h, n, s) if attn_mask.dim() == 3 else attn_mask)
        if key_padding_mask is not None and m != "padding":
            pad = key_padding_mask.view(b, 1, 1, s)
            scores = scores.masked_fill(pad, -math.inf) if pad.dtype == torch.bool else scores + pad
        w = scores.softmax(-1)
        ctx = w @ v
        ctx = ctx.reshape(b, n, self.e) if m == "merge" else ctx.transpose(1, 2).reshape(b, n, self.e)
        out = ctx if m == "no out_proj" else self.out_proj(ctx)
        if single:
            out, w = out[0], w[0]
        elif not self.batch_first and m != "layout":
            out = out.transpose(0, 1)
        if not need_weights:
            return out, None
        mean = average_attn_weights != (m == "average")
        return out, (w.mean(-3) if mean else w)


def _mha(mistake: str) -> type:
    return type(f"MHA_{mistake.replace(' ', '_')}", (_LearnerMHA,), {"MISTAKE": mistake})


MHA_MISTAKES = {
    "no out_proj": (_mha("no out_proj"), "out_proj lagana reh gaya"),
    "1/sqrt(E)": (_mha("scale"), "√E (poore embed_dim)"),
    "split without transpose": (_mha("split"), "baante waqt transpose nahi"),
    "merge without transpose": (_mha("merge"), "jodte waqt transpose nahi"),
    "q and k weights swapped": (_mha("kqv"), "teen hisson ka kram"),
    "bool mask read as 'allowed'": (_mha("mask"), "True = BLOCK"),
    "padding mask dropped": (_mha("padding"), "key_padding_mask scores tak"),
    "batch_first ignored": (_mha("layout"), "batch_first=False"),
    "average flag flipped": (_mha("average"), "average_attn_weights ulta"),
}


def test_the_learner_style_mha_is_right_without_a_mistake(capsys):
    assert tc.check_multi_head_attention(_LearnerMHA)


def test_mha_mistakes_all_fail_and_are_named(capsys):
    _assert_named(_verdicts(tc.check_multi_head_attention, MHA_MISTAKES, capsys))


def test_the_oracle_tests_now_see_a_swapped_norm():
    """tests/conftest.oracle_pair randomises every parameter the way the checks do."""
    from .conftest import oracle_pair
    ref, mine = oracle_pair(nn.TransformerEncoderLayer, ENCODER_MISTAKES["norm1 used twice"][0],
                            batch_first=True)
    x = torch.randn(2, 5, 16)
    assert not torch.allclose(mine(x), ref(x), atol=1e-4)


# ---------------------------------------------------------------- false passes a reviewer found

class _DropoutOnTheSum(_LearnerBlock):
    """Dropout on the residual sum instead of on the sub-layer's output."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        def attention(h):
            return self.self_attn(h, h, h, attn_mask=src_mask,
                                  key_padding_mask=src_key_padding_mask)[0]

        def ffn(h):
            return self.linear2(self.dropout(self.activation(self.linear1(h))))

        x = src
        if self.norm_first:
            x = self.dropout1(x + attention(self.norm1(x)))
            return self.dropout2(x + ffn(self.norm2(x)))
        x = self.norm1(self.dropout1(x + attention(x)))
        return self.norm2(self.dropout2(x + ffn(x)))


class _AttentionWithoutDropout(_LearnerBlock):
    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, **kwargs):
        super().__init__(d_model, nhead, dim_feedforward, dropout, **kwargs)
        self.self_attn = tc.MultiHeadAttention(d_model, nhead,
                                               batch_first=kwargs.get("batch_first", False))


class _OwnCausalMask(_LearnerDecoder):
    def forward(self, tgt, memory, tgt_mask=None, **masks):
        length = tgt.shape[-2] if tgt.dim() == 2 or self.self_attn.batch_first else tgt.shape[0]
        return super().forward(tgt, memory, tc.blocked_causal_mask(length), **masks)


def _in_place_attention(q, k, v, mask=None):
    result = tc.scaled_dot_product_attention(q, k, v, mask)
    q.mul_(0)  # "cleaning up" the caller's tensor
    return result


@pytest.mark.parametrize("check, wrong, phrase", [
    (tc.check_encoder_block, _DropoutOnTheSum, "sahi jagah"),
    (tc.check_encoder_block, _AttentionWithoutDropout, "self_attn ka dropout"),
    (tc.check_decoder_block, _OwnCausalMask, "bina tgt_mask"),
    (tc.check_scaled_dot_product_attention, _in_place_attention, "input tensor hi badal diya"),
])
def test_subtle_mistakes_do_not_pass(check, wrong, phrase, capsys):
    assert not check(wrong)
    assert phrase in capsys.readouterr().out


# ---------------------------------------------------------------- 01b: one BPE merge step and the loop

def _learner_count_pairs(kind):
    def count_pairs(counts):
        pairs = {}
        if kind == "glued":
            symbols = []
            for word, n in counts.items():
                symbols += [s for _ in range(n) for s in word]
            for i in range(len(symbols) - 1):
                pairs[(symbols[i], symbols[i + 1])] = pairs.get((symbols[i], symbols[i + 1]), 0) + 1
            return pairs
        for word, n in counts.items():
            stop = len(word) - 2 if kind == "short" else len(word) - 1
            seen = set()
            for i in range(stop):
                pair = (word[i], word[i + 1])
                if kind == "set" and pair in seen:
                    continue
                seen.add(pair)
                pairs[pair] = pairs.get(pair, 0) + (1 if kind == "unweighted" else n)
        return pairs
    return count_pairs


def _learner_merge_pair(kind):
    def merge_pair(word, pair):
        if kind == "replace":
            return tuple(" ".join(word).replace(pair[0] + " " + pair[1], pair[0] + pair[1]).split())
        if kind == "list":
            out, i = [], 0
            while i < len(word):
                if word[i:i + 2] == tuple(pair):
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            return out  # forgot tuple(...)
        out, i, merged = [], 0, False
        while i < (len(word) - 1 if kind == "end" else len(word)):
            if i + 1 < len(word) and word[i] == pair[0] and word[i + 1] == pair[1] \
                    and not (kind == "first" and merged):
                out.append(word[i] + word[i + 1])
                merged = True
                i += 1 if kind == "no skip" else 2
            else:
                out.append(word[i])
                i += 1
        return tuple(out)
    return merge_pair


def _learner_train_bpe(kind):
    def train_bpe(counts, num_merges):
        merges = []
        for _ in range(num_merges - 1 if kind == "short" else num_merges):
            pairs = tc.tokenizers.count_pairs(counts)
            if not pairs and kind != "no stop":
                break
            pair = max(pairs, key=pairs.get) if kind == "max" else tc.tokenizers.best_pair(pairs)
            merges.append(pair)
            if kind != "stale":
                counts = {tc.tokenizers.merge_pair(w, pair): n for w, n in counts.items()}
        return merges
    return train_bpe


def test_bpe_mistakes_all_fail_and_are_named(capsys):
    named = {}
    named |= _verdicts(tc.check_count_pairs, {
        "glued": (_learner_count_pairs("glued"), "ek lambi line"),
        "unweighted": (_learner_count_pairs("unweighted"), "count (kitni baar aaya)"),
        "short": (_learner_count_pairs("short"), "aakhri pair chhoot"),
        "set": (_learner_count_pairs("set"), "sirf ek baar gina"),
    }, capsys)
    named |= _verdicts(tc.check_merge_pair, {
        "replace": (_learner_merge_pair("replace"), "string bana kar replace"),
        "end": (_learner_merge_pair("end"), "aakhri symbol gayab"),
        "first": (_learner_merge_pair("first"), "sirf pehli jagah"),
        "no skip": (_learner_merge_pair("no skip"), "skip nahi kiya"),
        "list": (_learner_merge_pair("list"), "list lautayi"),
    }, capsys)
    named |= _verdicts(tc.check_train_bpe, {
        "stale": (_learner_train_bpe("stale"), "update nahi kiye"),
        "short": (_learner_train_bpe("short"), "ek merge kam"),
        "max": (_learner_train_bpe("max"), "barabari (tie)"),
        "no stop": (_learner_train_bpe("no stop"), "pair bacha hi nahi"),
    }, capsys)
    _assert_named(named)


# ---------------------------------------------------------------- 08b: KV-cache step and top-p filter

def _kv_step(mistake: str = ""):
    def kv_cache_step(q, k_new, v_new, k_cache, v_cache):
        if mistake == "prepend":
            k_cache, v_cache = torch.cat([k_new, k_cache], dim=2), torch.cat([v_new, v_cache], dim=2)
        else:
            k_cache, v_cache = torch.cat([k_cache, k_new], dim=2), torch.cat([v_cache, v_new], dim=2)
        keys, values = (k_new, v_new) if mistake == "new only" else (k_cache, v_cache)
        scale = 1.0 if mistake == "no scale" else math.sqrt(q.shape[-1])
        out = torch.softmax(q @ keys.transpose(-1, -2) / scale, dim=-1) @ values
        if mistake == "not grown":
            return out, k_cache[:, :, :-1], v_cache[:, :, :-1]
        return out, k_cache, v_cache
    return kv_cache_step


KV_MISTAKES = {
    "attends over the new token only": (_kv_step("new only"), "sirf naye token"),
    "new key put in front": (_kv_step("prepend"), "aage* joda"),
    "no 1/sqrt(d)": (_kv_step("no scale"), "√head_dim"),
    "old cache returned": (_kv_step("not grown"), "purana cache hi lauta"),
}


def _top_p(mistake: str = ""):
    def top_p_filter(probs, top_p):
        if mistake == "unsorted":
            values, order = probs, torch.arange(probs.shape[-1]).expand_as(probs)
        else:
            values, order = torch.sort(probs, dim=-1, descending=True)
        running = torch.cumsum(values, dim=-1)
        if mistake == "drops crossing":
            keep = running < top_p
        elif mistake == "one extra":
            keep = running - values <= top_p
        else:
            keep = running - values < top_p
        mask = torch.zeros_like(keep)
        mask.scatter_(-1, order, keep)
        out = torch.where(mask, probs, torch.zeros_like(probs))
        return out if mistake == "no renorm" else out / out.sum(dim=-1, keepdim=True)
    return top_p_filter


TOP_P_MISTAKES = {
    "drops the token that crosses p": (_top_p("drops crossing"), "paar karta hai"),
    "keeps one token too many": (_top_p("one extra"), "ek token zyada"),
    "cumsum without sorting": (_top_p("unsorted"), "sort kiye bina"),
    "no renormalising": (_top_p("no renorm"), "jod 1 nahi"),
}


def test_the_learner_style_kv_step_and_top_p_are_right(capsys):
    assert tc.check_kv_cache_step(_kv_step())
    assert tc.check_top_p_filter(_top_p())


def test_kv_cache_mistakes_all_fail_and_are_named(capsys):
    _assert_named(_verdicts(tc.check_kv_cache_step, KV_MISTAKES, capsys))


def test_top_p_mistakes_all_fail_and_are_named(capsys):
    _assert_named(_verdicts(tc.check_top_p_filter, TOP_P_MISTAKES, capsys))


# ---------------------------------------------------------------- 06b: lr_at and clip_grad_norm

def _learner_lr_at(kind):
    def lr_at(step, warmup, total, peak):
        if step < 0 or warmup < 0 or warmup >= total or peak <= 0:
            raise ValueError("galat input")
        if step < warmup:
            return peak * (step + 1 if kind == "step + 1" else step) / warmup
        done = (step - warmup) / (total - warmup) if kind != "over total" else step / total
        if kind != "no clamp":
            done = min(1.0, done)
        if kind == "linear":
            return peak * (1 - done)
        return peak * 0.5 * (1 + math.cos(math.pi * done))
    return lr_at


LR_AT_MISTAKES = {
    "warmup from step + 1": (_learner_lr_at("step + 1"), "(step + 1) / warmup"),
    "linear decay": (_learner_lr_at("linear"), "linear"),
    "progress over total": (_learner_lr_at("over total"), "step / total"),
    "no clamp after total": (_learner_lr_at("no clamp"), "progress 1 par roka nahi"),
}


def test_lr_at_mistakes_all_fail_and_are_named(capsys):
    _assert_named(_verdicts(tc.check_lr_at, LR_AT_MISTAKES, capsys))


def _learner_clip(kind):
    def clip_grad_norm(parameters, max_norm):
        grads = [p.grad for p in parameters if p.grad is not None]
        if kind == "per tensor":
            total = torch.sqrt(sum(g.norm() ** 2 for g in grads))
            for g in grads:
                g *= min(1.0, max_norm / (float(g.norm()) + 1e-6))
            return total
        total = sum(float((g ** 2).sum()) for g in grads)
        total = total if kind == "no sqrt" else math.sqrt(total)
        factor = max_norm / (total + 1e-6)
        if kind != "always":
            factor = min(1.0, factor)
        for g in grads:
            if kind == "copy":
                g = g * factor  # noqa: PLW2901 (the mistake: a new tensor, p.grad unchanged)
            else:
                g.mul_(factor)
        return torch.tensor(total)
    return clip_grad_norm


CLIP_MISTAKES = {
    "clips each tensor alone": (_learner_clip("per tensor"), "alag-alag clip"),
    "scales small gradients up": (_learner_clip("always"), "factor ko 1 par roka nahi"),
    "sum of squares, no sqrt": (_learner_clip("no sqrt"), "square root bhool gaye"),
    "new tensor, p.grad unchanged": (_learner_clip("copy"), "gradients badle hi nahi"),
}


def test_clip_grad_norm_mistakes_all_fail_and_are_named(capsys):
    _assert_named(_verdicts(tc.check_clip_grad_norm, CLIP_MISTAKES, capsys))


# ---------------------------------------------------------------- 06b: schedule_without_warmup (Modify)

def _learner_no_warmup(kind, total=100, peak=3e-2):
    def schedule_without_warmup(step):
        if kind == "still warming":
            return peak * min(1.0, step / 25) if step < 25 else peak * 0.5 * (1 + math.cos(math.pi * step / total))
        if kind == "constant":
            return peak
        done = step / total if kind == "no clamp" else min(1.0, step / total)
        if kind == "linear":
            return peak * (1 - done)
        if kind == "no half":
            return peak * math.cos(math.pi * done)
        return peak * 0.5 * (1 + math.cos(math.pi * done))
    return schedule_without_warmup


NO_WARMUP_MISTAKES = {
    "warmup still there": (_learner_no_warmup("still warming"), "step 0"),
    "decay removed too": (_learner_no_warmup("constant"), "decay bhi hata di"),
    "linear decay": (_learner_no_warmup("linear"), "linear"),
    "cos without the half": (_learner_no_warmup("no half"), "½ · (1 + …) bhool gaye"),
    "no clamp after total": (_learner_no_warmup("no clamp"), "progress 1 par roka nahi"),
}


def test_no_warmup_mistakes_all_fail_and_are_named(capsys):
    assert tc.check_schedule_without_warmup(_learner_no_warmup("right"), 100, 3e-2)
    capsys.readouterr()
    _assert_named(_verdicts(lambda fn: tc.check_schedule_without_warmup(fn, 100, 3e-2), NO_WARMUP_MISTAKES,
                            capsys))
