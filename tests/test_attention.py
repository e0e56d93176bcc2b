"""Tests for notebook 02: model.dot_product_attention, lessons.attention, grading.attention_checks.

Oracle: torch.nn.functional.scaled_dot_product_attention (outputs). Its weights are not
returned, so weights are checked against softmax(q·kᵀ/√d_k) and by their properties.
Tolerances: float32 atol 1e-5 / rtol 1e-4, float64 atol 1e-10 / rtol 1e-8.
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import transformer_course as tc

TOL = {torch.float32: dict(atol=1e-5, rtol=1e-4), torch.float64: dict(atol=1e-10, rtol=1e-8)}


def _qkv(*batch, lq=4, lk=5, dk=8, dv=6, dtype=torch.float32, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(*batch, lq, dk, generator=g, dtype=dtype),
            torch.randn(*batch, lk, dk, generator=g, dtype=dtype),
            torch.randn(*batch, lk, dv, generator=g, dtype=dtype))


# ---------------------------------------------------------------- reference vs PyTorch

@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("batch", [(), (3,), (2, 4)])
def test_matches_torch_without_mask(dtype, batch):
    q, k, v = _qkv(*batch, dtype=dtype)
    out, weights = tc.scaled_dot_product_attention(q, k, v)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v), **TOL[dtype])
    expected = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    torch.testing.assert_close(weights, expected, **TOL[dtype])
    assert out.shape == (*batch, 4, 6) and weights.shape == (*batch, 4, 5)
    assert out.dtype == weights.dtype == dtype


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_matches_torch_with_bool_and_float_masks(dtype):
    q, k, v = _qkv(2, dtype=dtype, seed=1)
    bool_mask = torch.tensor([[True, False, True, True, False]] * 4)
    out, weights = tc.scaled_dot_product_attention(q, k, v, bool_mask)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, attn_mask=bool_mask),
                               **TOL[dtype])
    assert torch.all(weights[..., ~bool_mask[0]] == 0)
    float_mask = torch.zeros(4, 5, dtype=dtype).masked_fill(~bool_mask, float("-inf"))
    float_mask[:, 0] = 0.7  # a finite bias is simply added
    out_f, _ = tc.scaled_dot_product_attention(q, k, v, float_mask)
    torch.testing.assert_close(out_f, F.scaled_dot_product_attention(q, k, v, attn_mask=float_mask),
                               **TOL[dtype])


def test_bool_mask_equals_its_float_version():
    q, k, v = _qkv(seed=2)
    mask = torch.rand(4, 5, generator=torch.Generator().manual_seed(0)) > 0.4
    mask[:, 0] = True
    as_float = torch.zeros(4, 5).masked_fill(~mask, float("-inf"))
    for a, b in zip(tc.scaled_dot_product_attention(q, k, v, mask),
                    tc.scaled_dot_product_attention(q, k, v, as_float), strict=True):
        torch.testing.assert_close(a, b)


def test_explicit_scale_matches_torch():
    q, k, v = _qkv(2, seed=3)
    out, _ = tc.scaled_dot_product_attention(q, k, v, scale=0.3)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, scale=0.3), **TOL[torch.float32])
    torch.testing.assert_close(tc.attention_scores(q, k, scale=0.3), 0.3 * q @ k.transpose(-2, -1))
    torch.testing.assert_close(tc.attention_scores(q, k), q @ k.transpose(-2, -1) / math.sqrt(8))


def test_causal_mask_matches_torch_is_causal():
    q, k, v = _qkv(2, lq=6, lk=6, seed=4)
    out, weights = tc.scaled_dot_product_attention(q, k, v, tc.causal_mask(6))
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, is_causal=True), **TOL[torch.float32])
    assert torch.all(weights.triu(diagonal=1) == 0)
    assert torch.all(weights[..., 0, 0] == 1)


TORCH_2_5 = tc.attention.torch_minor_version(torch.__version__) >= (2, 5)


@pytest.mark.parametrize("kind", ["bool", "float"])
def test_fully_blocked_row_is_defined_by_the_course_on_any_torch_version(kind):
    """The blocked row's zeros (weights, output, gradients) come from our code, not from PyTorch:
    the expectation is written out here, and F.sdpa is only used on the rows that see a key."""
    q, k, v = _qkv(lq=3, seed=5)
    q.requires_grad_(True)
    allowed = torch.ones(3, 5, dtype=torch.bool)
    allowed[1] = False
    mask = allowed if kind == "bool" else torch.zeros(3, 5).masked_fill(~allowed, float("-inf"))
    out, weights = tc.scaled_dot_product_attention(q, k, v, mask)
    assert torch.all(weights[1] == 0) and torch.all(out[1] == 0)
    live = torch.tensor([0, 2])
    expected = torch.softmax(q[live] @ k.T / math.sqrt(8), dim=-1)
    torch.testing.assert_close(weights[live], expected)
    torch.testing.assert_close(out[live], expected @ v)
    torch.testing.assert_close(out[live], F.scaled_dot_product_attention(q, k, v, attn_mask=mask)[live])
    out.sum().backward()
    assert torch.isfinite(q.grad).all() and torch.all(q.grad[1] == 0)


@pytest.mark.skipif(not TORCH_2_5, reason="F.sdpa zeros a fully blocked row only from torch 2.5 on")
def test_torch_2_5_sdpa_agrees_on_a_fully_blocked_row():
    q, k, v = _qkv(lq=3, seed=5)
    allowed = torch.ones(3, 5, dtype=torch.bool)
    allowed[1] = False
    out, _ = tc.scaled_dot_product_attention(q, k, v, allowed)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, attn_mask=allowed))


_TORCH_SDPA = F.scaled_dot_product_attention


def _old_torch_sdpa(q, k, v, attn_mask=None, **kwargs):
    """F.sdpa as torch < 2.5 behaves: a fully blocked row comes out NaN."""
    out = _TORCH_SDPA(q, k, v, attn_mask=attn_mask, **kwargs)
    if attn_mask is None:
        return out
    allowed = attn_mask if attn_mask.dtype == torch.bool else ~torch.isneginf(attn_mask)
    blocked = ~allowed.any(dim=-1, keepdim=True)
    return out.masked_fill(blocked.expand(*out.shape[:-1], 1), float("nan"))


def test_check_does_not_depend_on_how_torch_treats_blocked_rows(monkeypatch, capsys):
    from transformer_course.grading import attention_checks

    monkeypatch.setattr(attention_checks.F, "scaled_dot_product_attention", _old_torch_sdpa)
    q, k, v = _qkv(lq=3, seed=5)
    allowed = torch.ones(3, 5, dtype=torch.bool)
    allowed[1] = False
    assert attention_checks.F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)[1].isnan().all()
    assert tc.check_scaled_dot_product_attention(tc.scaled_dot_product_attention) is True
    assert tc.check_scaled_dot_product_attention(_learner_solution) is True
    capsys.readouterr()


@pytest.mark.parametrize(("version", "state", "words"), [
    ("2.13.0+cpu", "0", "jaisa is version se ummeed thi"),
    ("2.5.1", "NaN", "ummeed '0' ki thi"),
    ("2.3.1", "NaN", "jaisa is version se ummeed thi"),
    ("2.1.0", "0", "ummeed 'NaN' ki thi"),
])
def test_sdpa_blocked_row_sentence_follows_version_and_measurement(version, state, words):
    sentence = tc.attention.sdpa_blocked_row_sentence(version, state)
    assert words in sentence and f"'{state}'" in sentence


def test_row_state_and_version_parsing():
    assert tc.attention.row_state(torch.zeros(3)) == "0"
    assert tc.attention.row_state(torch.tensor([0.0, float("nan")])) == "NaN"
    assert tc.attention.row_state(torch.tensor([0.0, 0.5])) == "kuch aur"
    assert tc.attention.torch_minor_version("2.13.0+cpu") == (2, 13)
    assert tc.attention.torch_minor_version("10.0") == (10, 0)
    with pytest.raises(tc.CourseError):
        tc.attention.torch_minor_version("nightly")


def test_multihead_attention_weights_match_reference_on_projected_inputs():
    """nn.MultiheadAttention (1 head) = our attention on its own q, k, v projections."""
    torch.manual_seed(0)
    attn = torch.nn.MultiheadAttention(embed_dim=16, num_heads=1)
    x = torch.randn(7, 1, 16)
    out, weights = attn(x, x, x)
    w_q, w_k, w_v = attn.in_proj_weight.chunk(3)
    b_q, b_k, b_v = attn.in_proj_bias.chunk(3)
    xs = x[:, 0]
    ours_out, ours_w = tc.scaled_dot_product_attention(xs @ w_q.T + b_q, xs @ w_k.T + b_k, xs @ w_v.T + b_v)
    torch.testing.assert_close(ours_w, weights[0].detach(), atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(attn.out_proj(ours_out), out[:, 0].detach(), atol=1e-6, rtol=1e-5)


# ---------------------------------------------------------------- property tests

@st.composite
def attention_inputs(draw):
    batch = tuple(draw(st.lists(st.integers(1, 3), min_size=0, max_size=2)))
    lq, lk = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    dk, dv = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    seed = draw(st.integers(0, 2**16))
    mask_kind = draw(st.sampled_from(["none", "bool", "float"]))
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(*batch, lq, dk, generator=g, dtype=dtype)
    k = torch.randn(*batch, lk, dk, generator=g, dtype=dtype)
    v = torch.randn(*batch, lk, dv, generator=g, dtype=dtype)
    mask = None
    if mask_kind != "none":
        # a random mask, (lq, lk) broadcast over the batch or one per batch item; some rows may
        # end up fully blocked
        shape = (*batch, lq, lk) if draw(st.booleans()) else (lq, lk)
        allowed = torch.rand(shape, generator=g) > draw(st.sampled_from([0.2, 0.5, 0.9]))
        mask = allowed if mask_kind == "bool" else (
            torch.randn(shape, generator=g, dtype=dtype).masked_fill(~allowed, float("-inf")))
    return q, k, v, mask


def _allowed(mask):
    return mask if mask.dtype == torch.bool else ~torch.isneginf(mask)


@settings(max_examples=40, deadline=None)
@given(attention_inputs())
def test_property_matches_torch_and_rows_sum_to_one(inputs):
    q, k, v, mask = inputs
    out, weights = tc.scaled_dot_product_attention(q, k, v, mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    tol = TOL[q.dtype]
    sums = weights.sum(dim=-1)
    if mask is None:
        torch.testing.assert_close(out, expected, **tol)
        torch.testing.assert_close(sums, torch.ones_like(sums), **tol)
        return
    allowed = _allowed(mask).expand(weights.shape)
    blocked = ~allowed.any(dim=-1)                 # (..., lq): rows with nothing to look at
    live = ~blocked
    torch.testing.assert_close(out[live], expected[live], **tol)
    torch.testing.assert_close(sums[live], torch.ones_like(sums[live]), **tol)
    assert torch.all(out[blocked] == 0) and torch.all(weights[blocked] == 0)
    assert torch.all(weights[~allowed] == 0) and torch.all(weights >= 0)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 7), min_size=1, max_size=4), st.integers(0, 3))
def test_property_padding_mask(lengths, extra):
    max_len = max(lengths) + extra
    mask = tc.padding_mask(lengths, max_len)
    assert mask.shape == (len(lengths), 1, max_len) and mask.dtype == torch.bool
    assert mask.sum(dim=-1).flatten().tolist() == lengths
    for row, n in zip(mask[:, 0], lengths, strict=True):
        assert row[:n].all() and not row[n:].any()


def test_padding_mask_hides_pad_keys_in_attention():
    q, k, v = _qkv(2, lq=4, lk=4, seed=6)
    mask = tc.padding_mask([4, 2])
    _, weights = tc.scaled_dot_product_attention(q, k, v, mask)
    assert torch.all(weights[1, :, 2:] == 0)
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 4))
    assert tc.padding_mask(torch.tensor([3, 1])).shape == (2, 1, 3)


@pytest.mark.parametrize("size", [1, 2, 5])
def test_causal_mask(size):
    mask = tc.causal_mask(size)
    assert mask.dtype == torch.bool and mask.shape == (size, size)
    for i in range(size):
        assert mask[i, : i + 1].all() and not mask[i, i + 1:].any()


# ---------------------------------------------------------------- bad inputs → CourseError

def _good():
    return _qkv(seed=7)


BAD_CALLS = {
    "integer q": lambda q, k, v: tc.scaled_dot_product_attention(q.long(), k.long(), v.long()),
    "1-D q": lambda q, k, v: tc.scaled_dot_product_attention(q[0], k, v),
    "not a tensor": lambda q, k, v: tc.scaled_dot_product_attention(q.tolist(), k, v),
    "mixed dtypes": lambda q, k, v: tc.scaled_dot_product_attention(q.double(), k, v),
    "mismatched d_k": lambda q, k, v: tc.scaled_dot_product_attention(q, k[..., :3], v),
    "mismatched k/v lengths": lambda q, k, v: tc.scaled_dot_product_attention(q, k, v[:3]),
    "batch dims cannot broadcast": lambda q, k, v: tc.scaled_dot_product_attention(
        q.expand(2, 4, 8), k.expand(3, 5, 8), v.expand(3, 5, 6)),
    "mask cannot broadcast": lambda q, k, v: tc.scaled_dot_product_attention(
        q, k, v, torch.ones(4, 3, dtype=torch.bool)),
    "mask would grow the output": lambda q, k, v: tc.scaled_dot_product_attention(
        q, k, v, torch.ones(2, 4, 5, dtype=torch.bool)),
    "int mask": lambda q, k, v: tc.scaled_dot_product_attention(q, k, v, torch.ones(4, 5, dtype=torch.int64)),
    "mask not a tensor": lambda q, k, v: tc.scaled_dot_product_attention(q, k, v, [[1] * 5] * 4),
    "bad scale": lambda q, k, v: tc.scaled_dot_product_attention(q, k, v, scale="big"),
    "nan scale": lambda q, k, v: tc.attention_scores(q, k, scale=float("nan")),
    "causal size 0": lambda q, k, v: tc.causal_mask(0),
    "causal size float": lambda q, k, v: tc.causal_mask(3.0),
    "padding float lengths": lambda q, k, v: tc.padding_mask([2.5, 1.0]),
    "padding negative": lambda q, k, v: tc.padding_mask([2, -1]),
    "padding 2-D lengths": lambda q, k, v: tc.padding_mask([[1, 2]]),
    "padding max_len too short": lambda q, k, v: tc.padding_mask([4, 2], max_len=3),
    "padding max_len not int": lambda q, k, v: tc.padding_mask([4, 2], max_len=4.0),
    "padding bool lengths": lambda q, k, v: tc.padding_mask([True, False]),
    "unknown toy word": lambda q, k, v: tc.attention.toy_word_vectors(["dog"]),
    "toy words as one string": lambda q, k, v: tc.attention.toy_word_vectors("the cat"),
    "format_table wrong shape": lambda q, k, v: tc.attention.format_table(torch.zeros(2, 3), ["a"], ["b"]),
    "bars wrong length": lambda q, k, v: tc.attention.draw_weight_bars(torch.ones(3), ["a", "b"], "a"),
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_inputs_raise_course_error(name):
    with pytest.raises(tc.CourseError) as info:
        BAD_CALLS[name](*_good())
    assert "expected" in str(info.value) and "mila" in str(info.value)


# ---------------------------------------------------------------- toy vectors and experiments

def test_toy_story_it_looks_at_cat():
    q, k, v = tc.attention.toy_qkv()
    out, weights = tc.scaled_dot_product_attention(q, k, v)
    words = list(tc.attention.TOY_SENTENCE)
    it, cat, mat = words.index("it"), words.index("cat"), words.index("mat")
    assert weights[it].argmax() == cat and weights[it, cat] > 0.6
    assert weights[it, mat] == sorted(weights[it].tolist())[-2]  # "mat" is the runner-up
    jaandar = tc.attention.TOY_FEATURES.index("jaandar")
    assert tc.attention.toy_word_vectors(["it"])[0, jaandar] == 0 and out[it, jaandar] > 0.6
    torch.testing.assert_close(tc.attention.toy_word_vectors([tc.attention.PAD]), torch.zeros(1, 6))
    torch.testing.assert_close(tc.attention.toy_word_vectors(["The"]), tc.attention.toy_word_vectors(["the"]))


def test_softmax_saturation_trends():
    stats = tc.attention.softmax_saturation(d_ks=(1, 16, 256), trials=300, seeds=(0, 1))
    for d_k, var in zip(stats["d_k"], stats["dot_var"], strict=True):
        assert 0.8 * d_k < var < 1.2 * d_k  # Var(q·k) ≈ d_k
    unscaled, scaled = stats["unscaled"], stats["scaled"]
    assert unscaled["max_weight"][-1] > 0.9 and unscaled["entropy"][-1] < 0.3
    assert max(scaled["max_weight"]) - min(scaled["max_weight"]) < 0.1
    assert unscaled["jacobian_trace"][-1] < 0.2 < 0.7 < scaled["jacobian_trace"][-1]
    # the measured gradient: the typical (median) draw collapses without scaling, the mean does not
    assert unscaled["grad_median"][-1] < 0.1 * scaled["grad_median"][-1]
    assert unscaled["grad_mean"][-1] > 0.5 * scaled["grad_mean"][-1]
    assert unscaled["grad_tiny_share"][-1] > 0.3 > scaled["grad_tiny_share"][-1]
    assert all(len(m) == 2 for m in unscaled["grad_median_by_seed"])
    # softmax's own share (‖∂L/∂s‖): here the mean falls too, the saturation is real
    assert unscaled["score_grad_mean"][-1] < 0.5 * scaled["score_grad_mean"][-1]
    assert unscaled["score_grad_median"][-1] < 0.01 * scaled["score_grad_median"][-1]
    assert unscaled["score_grad_mean"][0] == pytest.approx(scaled["score_grad_mean"][0])
    assert all(lo <= med <= hi for lo, med, hi in zip(scaled["grad_p10"], scaled["grad_median"],
                                                       scaled["grad_p90"], strict=True))
    # d_k = 1: √d_k = 1, both versions are the same computation
    assert unscaled["grad_median"][0] == pytest.approx(scaled["grad_median"][0])
    assert tc.attention.softmax_saturation(d_ks=(4,), trials=10) == tc.attention.softmax_saturation(d_ks=(4,), trials=10)
    with pytest.raises(tc.CourseError):
        tc.attention.softmax_saturation(d_ks=(4,), seeds=())


def test_jacobian_trace_is_the_trace_of_softmax_jacobian():
    s = torch.tensor([1.0, -0.5, 2.0, 0.3], dtype=torch.float64)
    p = torch.softmax(s, -1)
    jacobian = torch.autograd.functional.jacobian(lambda x: torch.softmax(x, -1), s)
    assert torch.trace(jacobian).item() == pytest.approx((1 - (p ** 2).sum()).item())


def _fake_stats(un_median, sc_median, un_mean, sc_mean, score_means=None):
    row = lambda med, mean: {"grad_median": [med], "grad_mean": [mean], "grad_tiny_share": [0.5],  # noqa: E731
                             "grad_median_by_seed": [[med, med]]}
    stats = {"d_k": [512], "seeds": [0, 1], "trials": 10,
             "unscaled": row(un_median, un_mean), "scaled": row(sc_median, sc_mean)}
    if score_means is not None:
        for kind, mean in zip(("unscaled", "scaled"), score_means, strict=True):
            stats[kind].update(score_grad_mean=[mean], score_grad_median=[mean / 2])
    return stats


@pytest.mark.parametrize(("score_means", "fell"), [((0.06, 0.3), True), ((0.3, 0.3), False)])
def test_gradient_summary_score_line_follows_the_numbers(score_means, fell):
    text = tc.attention.gradient_summary(_fake_stats(0.002, 0.3, 1.2, 0.3, score_means))
    assert "Sirf softmax ka hissa" in text
    assert ("Score tak mean bhi gira" in text) is fell
    assert ("5.0× chhota" if fell else "lagbhag barabar") in text


def _onset_stats(un_median, un_p10, un_p90, d_ks=(16, 64, 256)):
    n = len(d_ks)
    return {"d_k": list(d_ks),
            "unscaled": {"grad_median": list(un_median), "grad_p10": list(un_p10), "grad_p90": list(un_p90)},
            "scaled": {"grad_median": [0.3] * n, "grad_p10": [0.15] * n, "grad_p90": [0.5] * n}}


def test_gradient_onsets_and_summary_follow_the_numbers():
    late = _onset_stats([0.5, 0.4, 0.01], [0.1, 0.001, 1e-6], [1.0, 2.0, 4.0])
    assert tc.attention.gradient_onsets(late) == {"below": 256, "far": 256, "wide": 64,
                                                   "factor": 10.0, "spread": 100.0}
    text = tc.attention.gradient_onset_summary(late)
    assert "chhota pehli baar d_k = 256" in text and "d_k = 64 par bina scaling 0.400" in text
    assert "Pehle band chauda" in text
    early = _onset_stats([0.01, 0.01, 0.01], [0.005, 0.005, 1e-5], [0.02, 0.02, 0.02])
    on = tc.attention.gradient_onsets(early)
    assert on["far"] == 16 and on["wide"] == 256
    text = tc.attention.gradient_onset_summary(early)
    assert "Median pehle gira" in text and "Usse pehle" not in text
    never = _onset_stats([0.5, 0.5, 0.5], [0.2, 0.2, 0.2], [1.0, 1.0, 1.0])
    assert tc.attention.gradient_onsets(never)["below"] is None
    assert "kabhi nahi" in tc.attention.gradient_onset_summary(never)


@pytest.mark.parametrize(("states", "words"), [
    (("NaN", "0"), "apna plain softmax"),
    (("0", "0"), "dono raaste '0'"),
    (("NaN", "NaN"), "dono raaste 'NaN'"),
    (("0", "NaN"), "khud check kijiye"),
])
def test_mha_blocked_row_sentence_follows_the_measurement(states, words):
    text = tc.attention.mha_blocked_row_sentence("2.13.0", *states)
    assert words in text and f"need_weights=True (default): output '{states[0]}'" in text


def test_mha_two_paths_on_this_torch():
    q, k, v = tc.attention.toy_qkv()
    tc.seed_everything(0)
    mha = torch.nn.MultiheadAttention(embed_dim=6, num_heads=1, batch_first=True)
    all_pad = torch.ones(1, 10, dtype=torch.bool)
    with_w, without_w = (tc.attention.row_state(mha(v[None], v[None], v[None], key_padding_mask=all_pad,
                                                    need_weights=need)[0][0]) for need in (True, False))
    assert with_w == "NaN"  # MHA's own softmax, every torch version
    if tc.attention.torch_minor_version(torch.__version__) >= (2, 5):
        assert without_w == "0"


@pytest.mark.parametrize(("numbers", "words"), [
    ((0.002, 0.3, 1.2, 0.3), ["chhota", "bada", "Aadha sach"]),
    ((0.002, 0.3, 0.01, 0.3), ["Typical aur average, dono"]),
    ((0.3, 0.3, 0.3, 0.3), ["lagbhag barabar", "10× se zyada chhota nahi hua"]),
    ((0.9, 0.3, 0.9, 0.3), ["3.0× bada", "nahi hua"]),
])
def test_gradient_summary_wording_follows_the_numbers(numbers, words):
    text = tc.attention.gradient_summary(_fake_stats(*numbers))
    for word in words:
        assert word in text


def test_format_table_and_pictures_run():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    text = tc.attention.format_table(torch.tensor([[1.0, -0.0001]]), ["row"], ["a", "b"], corner="x")
    assert "1.00" in text and "-0.00" not in text and text.splitlines()[0].startswith("x")
    q, k, v = tc.attention.toy_qkv()
    _, weights = tc.scaled_dot_product_attention(q, k, v)
    tc.attention.draw_attention(weights, list(tc.attention.TOY_SENTENCE), 7)
    tc.attention.draw_saturation(tc.attention.softmax_saturation(d_ks=(1, 4), trials=5))
    plt.close("all")


# ---------------------------------------------------------------- the exercise check

def _learner_solution(q, k, v, mask=None):
    if q.shape[-1] != k.shape[-1]:
        raise ValueError("d_k alag")
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    blocked = torch.isneginf(scores).all(-1, keepdim=True)
    weights = torch.softmax(scores.masked_fill(blocked, 0), -1).masked_fill(blocked, 0)
    return weights @ v, weights


def test_check_passes_reference_and_a_correct_learner(capsys):
    assert tc.check_scaled_dot_product_attention(tc.scaled_dot_product_attention) is True
    assert tc.check_scaled_dot_product_attention(_learner_solution) is True
    assert "✅" in capsys.readouterr().out


def test_check_reports_a_stub_as_todo(capsys):
    def stub(q, k, v, mask=None):
        raise NotImplementedError("abhi nahi")

    assert tc.check_scaled_dot_product_attention(stub) is False
    assert "abhi baaki hai" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [
    lambda q, k, v, mask=None: tc.scaled_dot_product_attention(q, k, v, mask, scale=1.0),  # no √d_k
    lambda q, k, v, mask=None: tc.scaled_dot_product_attention(q, k, v),                   # ignores mask
    lambda q, k, v, mask=None: F.scaled_dot_product_attention(q, k, v, attn_mask=mask),  # no weights
    lambda q, k, v, mask=None: _learner_solution(q, k, v, None if mask is None else ~mask  # flipped
                                                 if mask.dtype == torch.bool else mask),
])
def test_check_rejects_wrong_versions(wrong, capsys):
    assert tc.check_scaled_dot_product_attention(wrong) is False
    assert "❌" in capsys.readouterr().out


def test_check_wants_zeros_for_blocked_rows_and_an_error_for_bad_d_k(capsys):
    def nan_rows(q, k, v, mask=None):
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
        weights = torch.softmax(scores, -1)
        return weights @ v, weights

    assert tc.check_scaled_dot_product_attention(nan_rows) is False
    assert "blocked" in capsys.readouterr().out

    def never_raises(q, k, v, mask=None):
        if q.shape[-1] != k.shape[-1]:
            return torch.zeros(1), torch.zeros(1)
        return _learner_solution(q, k, v, mask)

    assert tc.check_scaled_dot_product_attention(never_raises) is False
    assert "ValueError" in capsys.readouterr().out


# ---------------------------------------------------------------- the Predict: "warm" and "The" rows

def test_predict_warm_ties_cat_and_mat_and_the_row_is_flat():
    q, k, v = tc.attention.toy_qkv()
    _, weights = tc.scaled_dot_product_attention(q, k, v)
    words = list(tc.attention.TOY_SENTENCE)
    warm, cat, mat = words.index("warm"), words.index("cat"), words.index("mat")
    assert weights[warm, cat] == weights[warm, mat]          # the guess "barabar" holds exactly
    torch.testing.assert_close(weights[0], torch.full((10,), 0.1))  # "The": a zero query


# ---------------------------------------------------------------- the Modify: attention without √d_k

@pytest.mark.parametrize("seed", range(5))
def test_unscaled_peak_is_one_hot_and_scaled_stays_in_between_for_every_seed(seed):
    unscaled = tc.attention.mean_max_weight(
        lambda q, k, v: tc.scaled_dot_product_attention(q, k, v, scale=1.0), 512, seed=seed)
    scaled = tc.attention.mean_max_weight(tc.scaled_dot_product_attention, 512, seed=seed)
    assert unscaled > 0.93 and tc.attention.peak_kind(unscaled) == "one-hot"  # margin over 0.9
    assert 0.25 < scaled < 0.4 and tc.attention.peak_kind(scaled) == "beech me"
    assert tc.attention.peak_kind(0.1) == "flat"


def _learner_unscaled(q, k, v):
    scores = torch.matmul(q, k.transpose(-1, -2))
    weights = torch.softmax(scores, dim=-1)
    return torch.matmul(weights, v), weights


def test_unscaled_check_passes_every_honest_route(capsys):
    routes = [
        _learner_unscaled,
        lambda q, k, v: tc.scaled_dot_product_attention(q, k, v, scale=1.0),
        lambda q, k, v: tc.scaled_dot_product_attention(q * math.sqrt(q.shape[-1]), k, v),
    ]
    for route in routes:
        assert tc.check_unscaled_attention(route) is True
    assert capsys.readouterr().out.count("✅") == len(routes)

    def stub(q, k, v):
        raise NotImplementedError("abhi nahi")

    assert tc.check_unscaled_attention(stub) is False
    assert "abhi baaki hai" in capsys.readouterr().out


def _unscaled_learner_style(*, factor=lambda d: 1.0, dim=-1, softmax=True, swap=False,
                            transpose="mT"):
    def unscaled_attention(q, k, v):
        scores = torch.matmul(q, k.T if transpose == "T" else k.mT) * factor(q.size(-1))
        weights = F.softmax(scores, dim=dim) if softmax else scores
        out = torch.matmul(weights, v)
        return (weights, out) if swap else (out, weights)
    return unscaled_attention


UNSCALED_WRONG = {
    "left as it was": (lambda q, k, v: tc.scaled_dot_product_attention(q, k, v), "kuch badla hi nahi"),
    "divided by d_k": (_unscaled_learner_style(factor=lambda d: 1 / d), "d_k se divide kiya"),
    "times √d_k": (_unscaled_learner_style(factor=math.sqrt), "√d_k se guna kiya"),
    "scale=0": (lambda q, k, v: tc.scaled_dot_product_attention(q, k, v, scale=0.0), "scale 0"),
    "softmax dropped too": (_unscaled_learner_style(softmax=False), "softmax bhi hata diya"),
    "softmax over dim -2": (_unscaled_learner_style(dim=-2), "softmax galat dim par"),
    "softmax over dim 0": (_unscaled_learner_style(dim=0), "softmax dim=0"),
    "returns swapped": (_unscaled_learner_style(swap=True), "ulta return"),
    "k.T on a batch": (_unscaled_learner_style(transpose="T"), "`.T` / `.t()` sirf 2-D"),
}


@pytest.mark.parametrize("label", UNSCALED_WRONG)
def test_unscaled_check_names_each_learner_style_mistake(label, capsys):
    solution, phrase = UNSCALED_WRONG[label]
    assert tc.check_unscaled_attention(solution) is False
    out = capsys.readouterr().out
    assert out.startswith("❌") and phrase in out, out
