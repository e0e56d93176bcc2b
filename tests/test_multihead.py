"""Tests for notebook 04 (model.multi_head_attention and its lesson and checks), with
nn.MultiheadAttention as the oracle.

Tolerances: float32 outputs and weights within atol 1e-5 + rtol 1e-4 of PyTorch; float64 within
1e-10. split/merge are pure reshapes and must match exactly.
"""

from __future__ import annotations

import math

import matplotlib
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import transformer_course as tc
from transformer_course.grading import multihead_checks

matplotlib.use("Agg")

TOL = {torch.float32: dict(atol=1e-5, rtol=1e-4), torch.float64: dict(atol=1e-10, rtol=1e-10)}


def twins(embed_dim, num_heads, batch_first=True, dtype=torch.float32, seed=0):
    """nn.MultiheadAttention with random weights and biases, and ours with the same weights."""
    torch_mha = multihead_checks.randomised_torch_mha(embed_dim, num_heads, batch_first, dtype, seed)
    ours = tc.MultiHeadAttention(embed_dim, num_heads, batch_first=batch_first).to(dtype)
    ours.load_state_dict(torch_mha.state_dict())
    return torch_mha, ours.eval()


def assert_same(expected, got, dtype=torch.float32):
    for e, g in zip(expected, got, strict=True):
        if e is None:
            assert g is None
        else:
            assert g.shape == e.shape and g.dtype == e.dtype
            torch.testing.assert_close(g, e, **TOL[dtype])


# ---------------------------------------------------------------- vs nn.MultiheadAttention

def test_constructor_takes_pytorchs_parameters_in_pytorchs_order():
    import inspect
    ours = list(inspect.signature(tc.MultiHeadAttention).parameters)
    assert ours == list(inspect.signature(nn.MultiheadAttention).parameters)
    positional = tc.MultiHeadAttention(8, 2, 0.0, True, False, False, None, None, True)
    assert positional.batch_first and positional.dropout == 0.0
    made = tc.MultiHeadAttention(8, 2, kdim=8, vdim=8, dtype=torch.float64, device="cpu")
    assert made.in_proj_weight.dtype == torch.float64


def test_cpu_autocast_bfloat16_matches_torch():
    torch_mha, ours = twins(16, 4)
    x = torch.randn(2, 5, 16)
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        expected, got = torch_mha(x, x, x), ours(x, x, x)
    for e, g in zip(expected, got, strict=True):
        assert g.dtype == e.dtype
        torch.testing.assert_close(g.float(), e.float(), atol=0.05, rtol=0.05)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_every_setting_matches_torch(dtype):
    rows = tc.compare_mha_with_torch(dtypes=(dtype,))
    assert len(rows) == len(multihead_checks._settings())
    bound = 1e-5 if dtype == torch.float32 else 1e-12
    for label, diff in rows:
        assert diff < bound, label


def test_relative_difference_is_scaled_by_the_tensor():
    x = torch.tensor([100.0, -200.0])
    assert multihead_checks.max_difference((x, None), (x + 2.0, None)) == pytest.approx(2.0)
    assert multihead_checks.max_difference((x, None), (x + 2.0, None), relative=True) == pytest.approx(0.01)
    assert multihead_checks.max_difference((x, None), (x, torch.ones(1)), relative=True) == math.inf
    rows = tc.compare_mha_with_torch(dtypes=(torch.float64,), relative=True)
    assert len(rows) == len(multihead_checks._settings())
    assert all(diff < 100 * torch.finfo(torch.float64).eps for _, diff in rows)


@pytest.mark.parametrize("batch_first", [True, False])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("average", [True, False])
def test_masks_and_layouts(batch_first, dtype, average):
    torch_mha, ours = twins(12, 3, batch_first, dtype)
    g = torch.Generator().manual_seed(1)
    B, L, S = 2, 4, 6
    q = torch.randn((B, L, 12) if batch_first else (L, B, 12), generator=g, dtype=dtype)
    kv = torch.randn((B, S, 12) if batch_first else (S, B, 12), generator=g, dtype=dtype)
    padding = torch.tensor([[False] * 6, [False] * 2 + [True] * 4])
    attn = torch.rand(L, S, generator=g) < 0.4
    attn[:, 0] = False
    kwargs = dict(key_padding_mask=padding, attn_mask=attn, average_attn_weights=average)
    with torch.no_grad():
        assert_same(torch_mha(q, kv, kv, **kwargs), ours(q, kv, kv, **kwargs), dtype)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_unbatched_input(dtype):
    torch_mha, ours = twins(8, 2, batch_first=False, dtype=dtype)
    x = torch.randn(5, 8, dtype=dtype, generator=torch.Generator().manual_seed(2))
    padding = torch.tensor([False, False, False, True, True])
    per_head = torch.zeros(2, 5, 5, dtype=dtype)
    per_head[1, :, 2] = -2.0
    for kwargs in (dict(), dict(key_padding_mask=padding), dict(attn_mask=per_head),
                   dict(average_attn_weights=False), dict(need_weights=False)):
        with torch.no_grad():
            expected, got = torch_mha(x, x, x, **kwargs), ours(x, x, x, **kwargs)
        assert_same(expected, got, dtype)
        assert got[0].shape == (5, 8)


def test_training_mode_gradients_match_torch():
    """Without dropout, train mode gives the same outputs and the same gradients."""
    torch_mha, ours = twins(16, 4)
    torch_mha.train()
    ours.train()
    x = torch.randn(3, 5, 16, generator=torch.Generator().manual_seed(3))
    causal = torch.ones(5, 5, dtype=torch.bool).triu(1)
    (torch_mha(x, x, x, attn_mask=causal)[0] ** 2).sum().backward()
    (ours(x, x, x, attn_mask=causal)[0] ** 2).sum().backward()
    for (name, p), (_, q) in zip(torch_mha.named_parameters(), ours.named_parameters(), strict=True):
        torch.testing.assert_close(q.grad, p.grad, atol=1e-5, rtol=1e-4, msg=name)


def test_dropout_in_training_changes_output_but_eval_does_not():
    ours = tc.MultiHeadAttention(8, 2, dropout=0.5, batch_first=True)
    x = torch.randn(2, 6, 8)
    ours.train()
    torch.manual_seed(0)
    a = ours(x, x, x)[0]
    b = ours(x, x, x)[0]
    assert not torch.allclose(a, b)
    ours.eval()
    torch.testing.assert_close(ours(x, x, x)[0], ours(x, x, x)[0])


def test_fully_blocked_query_gives_zeros_not_nan():
    _, ours = twins(8, 2)
    x = torch.randn(2, 3, 8)
    padding = torch.tensor([[False, False, True], [True, True, True]])
    with torch.no_grad():
        out, weights = ours(x, x, x, key_padding_mask=padding, average_attn_weights=False)
    assert not out.isnan().any()
    assert torch.equal(weights[1], torch.zeros(2, 3, 3))
    torch.testing.assert_close(out[1], ours.out_proj.bias.expand(3, 8))


@pytest.mark.parametrize("embed_dim,heads", [(8, 1), (8, 8), (64, 4), (512, 8)])
def test_parameter_count(embed_dim, heads):
    expected = 4 * embed_dim ** 2 + 4 * embed_dim
    assert tc.multihead_parameter_count(embed_dim) == expected
    assert sum(p.numel() for p in nn.MultiheadAttention(embed_dim, heads).parameters()) == expected
    assert sum(p.numel() for p in tc.MultiHeadAttention(embed_dim, heads).parameters()) == expected


def test_state_dict_names_match_torch():
    assert (list(tc.MultiHeadAttention(16, 4).state_dict())
            == list(nn.MultiheadAttention(16, 4).state_dict()))


# ---------------------------------------------------------------- property tests

@st.composite
def attention_problem(draw):
    heads = draw(st.sampled_from([1, 2, 4]))
    head_dim = draw(st.integers(1, 4))
    batch, target, source = draw(st.integers(1, 3)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    return dict(heads=heads, embed_dim=heads * head_dim, batch=batch, target=target, source=source,
                batch_first=draw(st.booleans()),
                dtype=draw(st.sampled_from([torch.float32, torch.float64])),
                padding=draw(st.booleans()), attn=draw(st.sampled_from([None, "bool", "float", "3d"])),
                average=draw(st.booleans()), seed=draw(st.integers(0, 10_000)))


@settings(max_examples=40, deadline=None)
@given(attention_problem())
def test_random_problems_match_torch(p):
    """Random sizes, layouts and masks. Key 0 is never blocked, so no row is fully masked."""
    dtype, g = p["dtype"], torch.Generator().manual_seed(p["seed"])
    torch_mha, ours = twins(p["embed_dim"], p["heads"], p["batch_first"], dtype, p["seed"])
    B, L, S, E = p["batch"], p["target"], p["source"], p["embed_dim"]

    def tensor(length):
        shape = (B, length, E) if p["batch_first"] else (length, B, E)
        return torch.randn(shape, generator=g, dtype=dtype)

    query, memory = tensor(L), tensor(S)
    kwargs = dict(average_attn_weights=p["average"])
    if p["padding"]:
        lengths = torch.randint(1, S + 1, (B,), generator=g)
        kwargs["key_padding_mask"] = torch.arange(S) >= lengths[:, None]
    if p["attn"] == "bool":
        mask = torch.rand(L, S, generator=g) < 0.5
        mask[:, 0] = False
        kwargs["attn_mask"] = mask
    elif p["attn"] == "float":
        kwargs["attn_mask"] = torch.randn(L, S, generator=g, dtype=dtype)
    elif p["attn"] == "3d":
        mask = torch.rand(B * p["heads"], L, S, generator=g) < 0.5
        mask[..., 0] = False
        kwargs["attn_mask"] = mask
    with torch.no_grad():
        expected = torch_mha(query, memory, memory, **kwargs)
        got = ours(query, memory, memory, **kwargs)
    assert_same(expected, got, dtype)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(0, 5), st.sampled_from([1, 2, 3, 4]), st.integers(1, 4),
       st.sampled_from([torch.float32, torch.float64]))
def test_split_merge_round_trip(batch, length, heads, head_dim, dtype):
    x = torch.randn(batch, length, heads * head_dim, dtype=dtype)
    split = tc.split_heads(x, heads)
    assert split.shape == (batch, heads, length, head_dim)
    for h in range(heads):  # head h holds features h·d … (h+1)·d − 1 of every token
        assert torch.equal(split[:, h], x[..., h * head_dim:(h + 1) * head_dim])
    assert torch.equal(tc.merge_heads(split), x)


# ---------------------------------------------------------------- bad inputs

def test_bad_module_sizes_raise_course_error():
    with pytest.raises(tc.CourseError, match="divisible"):
        tc.MultiHeadAttention(10, 3)
    with pytest.raises(tc.CourseError):
        tc.MultiHeadAttention(0, 1)
    with pytest.raises(tc.CourseError):
        tc.MultiHeadAttention(8, 2.0)


@pytest.mark.parametrize("make_call", [
    pytest.param(lambda m, x: m(x[..., :6], x[..., :6], x[..., :6]), id="wrong last dim"),
    pytest.param(lambda m, x: m(x.long(), x.long(), x.long()), id="integer tensors"),
    pytest.param(lambda m, x: m(x[0, 0], x[0, 0], x[0, 0]), id="1-D input"),
    pytest.param(lambda m, x: m(x, x[0], x[0]), id="mixed batched and unbatched"),
    pytest.param(lambda m, x: m(x, x.double(), x.double()), id="mixed dtypes"),
    pytest.param(lambda m, x: m(x.double(), x.double(), x.double()), id="dtype not the module's"),
    pytest.param(lambda m, x: m(x, x, x, attn_mask=torch.zeros(3, 3, dtype=torch.bool)),
                 id="attn_mask wrong shape"),
    pytest.param(lambda m, x: m(x, x, x, attn_mask=torch.zeros(4, 4, dtype=torch.long)),
                 id="attn_mask integer dtype"),
    pytest.param(lambda m, x: m(x, x, x, key_padding_mask=torch.zeros(2, 3, dtype=torch.bool)),
                 id="key_padding_mask wrong shape"),
    pytest.param(lambda m, x: m(x, x, x, key_padding_mask=torch.zeros(2, 4, dtype=torch.int32)),
                 id="key_padding_mask integer dtype"),
    pytest.param(lambda m, x: m(x, x, x, key_padding_mask=[[0, 0, 0, 1]] * 2), id="mask as list"),
    pytest.param(lambda m, x: m(x, x[:1], x[:1]), id="batch sizes differ"),
    pytest.param(lambda m, x: m(x, x, x[:, :2]), id="key and value lengths differ"),
    pytest.param(lambda m, x: m(x, x, x, is_causal=True), id="is_causal without mask"),
])
def test_bad_forward_inputs_raise_course_error(make_call):
    module = tc.MultiHeadAttention(8, 2, batch_first=True)
    x = torch.randn(2, 4, 8)
    with pytest.raises(tc.CourseError):
        make_call(module, x)


def test_bad_split_merge_inputs_raise_course_error():
    with pytest.raises(tc.CourseError, match="divisible"):
        tc.split_heads(torch.zeros(1, 2, 10), 3)
    with pytest.raises(tc.CourseError):
        tc.split_heads(torch.zeros(2, 10), 2)
    with pytest.raises(tc.CourseError):
        tc.split_heads(torch.zeros(1, 2, 8), 0)
    with pytest.raises(tc.CourseError):
        tc.merge_heads(torch.zeros(2, 3, 8))
    with pytest.raises(tc.CourseError):
        tc.merge_heads([[1.0]])


def test_bad_picture_inputs_raise_course_error():
    with pytest.raises(tc.CourseError):
        tc.multihead.draw_head_split(4, 10, 3)
    with pytest.raises(tc.CourseError):
        tc.multihead.draw_head_split(4, 64, 4)
    with pytest.raises(tc.CourseError):
        tc.multihead.plot_heads(torch.rand(2, 3, 3), ["a", "b"])
    with pytest.raises(tc.CourseError):
        tc.multihead.plot_heads(torch.rand(3, 3), ["a", "b", "c"])


# ---------------------------------------------------------------- checks

def test_checks_pass_for_the_reference(capsys):
    assert tc.check_split_heads(tc.split_heads)
    assert tc.check_merge_heads(tc.merge_heads)
    assert tc.check_multi_head_attention(tc.MultiHeadAttention)
    assert capsys.readouterr().out.count("✅") == 3


def test_split_check_catches_the_direct_reshape_bug(capsys):
    def wrong(x, num_heads):
        batch, length, dim = x.shape
        if dim % num_heads:
            raise ValueError("not divisible")
        return x.reshape(batch, num_heads, length, dim // num_heads)

    assert not tc.check_split_heads(wrong)
    assert "❌" in capsys.readouterr().out


def test_split_check_wants_value_error_for_bad_sizes(capsys):
    def no_validation(x, num_heads):
        b, length, d = x.shape
        return x.reshape(b, length, num_heads, d // num_heads).transpose(1, 2)

    assert not tc.check_split_heads(no_validation)
    assert "ValueError" in capsys.readouterr().out


def test_merge_check_catches_missing_transpose(capsys):
    def wrong(x):
        if x.dim() != 4:
            raise ValueError("4-D chahiye")
        b, h, length, d = x.shape
        return x.reshape(b, length, h * d)

    assert not tc.check_merge_heads(wrong)
    assert "❌" in capsys.readouterr().out


class _MaskFlipped(tc.MultiHeadAttention):
    """A typical bug: PyTorch's bool masks passed on as if True meant 'may look'."""

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True,
                attn_mask=None, average_attn_weights=True):
        if attn_mask is not None and attn_mask.dtype == torch.bool:
            attn_mask = ~attn_mask
        return super().forward(query, key, value, key_padding_mask, need_weights, attn_mask,
                               average_attn_weights)


class _SeqFirstIgnored(tc.MultiHeadAttention):
    """Another: batch_first=False treated like batch_first=True."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, batch_first=False):
        super().__init__(embed_dim, num_heads, dropout, bias, batch_first=True)


class _Stub(nn.Module):
    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, batch_first=False):
        super().__init__()
        raise NotImplementedError("apna code yahan")


@pytest.mark.parametrize("wrong", [_MaskFlipped, _SeqFirstIgnored])
def test_module_check_catches_bugs(wrong, capsys):
    assert not tc.check_multi_head_attention(wrong)
    assert "❌" in capsys.readouterr().out


def test_module_check_reports_a_stub_as_todo(capsys):
    assert not tc.check_multi_head_attention(_Stub)
    assert "abhi baaki hai" in capsys.readouterr().out
    assert not tc.check_split_heads(lambda x, h: (_ for _ in ()).throw(NotImplementedError()))
    assert "abhi baaki hai" in capsys.readouterr().out


# ---------------------------------------------------------------- demo, pictures, timing

def test_handmade_heads_look_where_they_were_set():
    module, x = tc.multihead.handmade_heads()
    with torch.no_grad():
        _, weights = module(x, x, x, average_attn_weights=False)
    for h, targets in enumerate(tc.multihead.DEMO_HEADS.values()):
        if targets is None:
            torch.testing.assert_close(weights[0, h], torch.full((10, 10), 0.1))
        else:
            assert weights[0, h].argmax(-1).tolist() == targets
            assert weights[0, h].max(-1).values.min() > 0.8


def test_pictures_draw():
    import matplotlib.pyplot as plt
    fig = tc.multihead.draw_head_split(3, 8, 4)
    assert len(fig.axes) == 1
    fig = tc.multihead.plot_heads(torch.softmax(torch.randn(3, 4, 4), -1), "a b c d".split(),
                        head_names=["x", "y", "z"])
    assert sum(ax.get_title() in {"x", "y", "z"} for ax in fig.axes) == 3
    plt.close("all")


def test_speed_measurement_runs_profiles_and_restores_threads():
    mh = tc.multihead
    threads = torch.get_num_threads()
    size = dict(batch=1, seq_len=16, embed_dim=8, num_heads=2)
    result = mh.measure_attention_ways(tc.MultiHeadAttention, {"tiny": size}, repeats=2, min_time=0.0)["tiny"]
    assert torch.get_num_threads() == threads
    assert tuple(result["seconds"]) == tuple(result["profile"]) == mh.WAYS
    assert all(t > 0 and math.isfinite(t) for t in result["seconds"].values())
    assert result["matrix_bytes"] == 1 * 2 * 16 * 16 * 4
    assert result["module_name"] == mh.REFERENCE_NAME == "course ka tc.MultiHeadAttention"
    profile = result["profile"]
    assert profile["explicit"]["kernel"] == "softmax (poori matrix)"
    assert profile["F.sdpa (fused)"]["kernel"].startswith("_scaled_dot_product")  # torch's CPU flash kernel
    # memory is measured, not timed: every piece removed stores less, the fused kernel least
    totals = [profile[name]["total"] for name in mh.CHAIN]
    assert totals == sorted(totals, reverse=True) and totals[-1] < totals[-2] - result["matrix_bytes"]
    # PyTorch's layer: one op from Python, many inside it
    assert profile[mh.TORCH_FAST]["ops"] == 1 < profile[mh.TORCH_FAST]["nested"]
    assert profile[mh.MODULE]["ops"] > 5 and profile[mh.MODULE]["nested"] >= profile[mh.MODULE]["ops"]
    assert all(len(runs) == 2 for runs in result["samples"].values())
    report = mh.speed_report("tiny", result)
    assert "tiny · timed module: course ka tc.MultiHeadAttention" in report
    assert "matrix = 2.0 KB" in report and "max÷min" in report and "F.sdpa tak" in report
    assert report.count("\n") == 3 + len(mh.WAYS) + 1 + len(mh.PIECES) - 1
    assert mh.python_vs_cpp(result).startswith(f"explicit: Python se {profile['explicit']['ops']} ops")


def test_the_timed_module_is_named_by_its_class():
    class MultiHeadAttention(tc.MultiHeadAttention):  # a learner's class, same name as the reference
        pass

    assert tc.multihead.module_name(MultiHeadAttention) == "aapka MultiHeadAttention"
    assert tc.multihead.module_name(tc.MultiHeadAttention) == "course ka tc.MultiHeadAttention"


def test_by_hand_ways_match_torch():
    torch_mha, _ = twins(16, 4)
    x = torch.randn(2, 5, 16)
    with torch.no_grad():
        expected = torch_mha(x, x, x, need_weights=False)[0]
        for got in (tc.multihead.sdpa_by_hand(torch_mha, x), tc.multihead.explicit_by_hand(torch_mha, x),
                    tc.multihead.explicit_by_hand(torch_mha, x, full_mask=True),
                    tc.multihead.explicit_by_hand(torch_mha, x, full_mask=True, course_attention=True)):
            torch.testing.assert_close(got, expected, atol=1e-5, rtol=1e-4)


def test_median_seconds_rotates_the_order_and_takes_the_median():
    now, order = [0.0], []

    def way(name, cost):
        def fn():
            order.append(name)
            now[0] += cost
        return fn

    samples = {}
    times = tc.multihead.median_seconds({"a": way("a", 2.0), "b": way("b", 1.0), "c": way("c", 3.0)},
                                        repeats=4, min_time=0.0, clock=lambda: now[0], samples=samples)
    assert times == {"a": 2.0, "b": 1.0, "c": 3.0}
    assert samples == {"a": [2.0] * 4, "b": [1.0] * 4, "c": [3.0] * 4}
    # after one calibration call each, every round starts one way later
    assert order[3:] == ["a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c"]


def _result(rounds: dict[int, list[float]], module_name="aapka X"):
    """A fake ``measure_attention_ways`` result from per-round times (ms) of some WAYS (by index);
    every other way takes 1 ms in each round."""
    mh = tc.multihead
    n = len(next(iter(rounds.values())))
    samples = {w: [t * 1e-3 for t in rounds.get(i, [1.0] * n)] for i, w in enumerate(mh.WAYS)}
    profile = {name: {"total": 4096, "ops": 1, "nested": 3, "names": [], "kernel": "?"} for name in mh.WAYS}
    return {"seconds": {w: sorted(v)[len(v) // 2] for w, v in samples.items()}, "samples": samples,
            "profile": profile, "matrix_bytes": 1024, "module_name": module_name}


def _chain(*ms, n=11):
    """The chain's ways (WAYS[1:5]) at steady times ``ms``, n rounds each."""
    return {1 + i: [t] * n for i, t in enumerate(ms)}


def test_compare_ways_takes_the_median_of_the_per_round_ratios():
    mh = tc.multihead
    # module: rounds 2, 3, 4, 5, 6 ms against nn.MHA's 1 ms → one number, 4.0×, all 5 on that side
    result = _result({0: [2.0, 3.0, 4.0, 5.0, 6.0]})
    assert mh.compare_ways(result, mh.MODULE, mh.TORCH_FAST) == \
        f"aapka X {mh.TORCH_FAST} se 4.0× slow hai (5/5 rounds me isi taraf; rounds me 2.0–6.0×)"
    # the other direction, and rounds that disagree
    assert mh.compare_ways(_result({0: [0.5] * 5}), mh.MODULE, mh.TORCH_FAST, "A", "B") == \
        "A B se 2.0× fast hai (5/5 rounds me isi taraf; rounds me 0.5–0.5×)"
    words = mh.compare_ways(_result({0: [0.5, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.5, 0.5]}),
                            mh.MODULE, mh.TORCH_FAST, "A", "B")
    assert words == "A B se 2.0× slow hai (8/11 rounds me isi taraf: shor ke andar ho sakta hai; rounds me 0.5–2.0×)"
    # 10 of 11 is enough, 4 of 5 is not
    assert "(10/11 rounds me isi taraf;" in mh.compare_ways(_result({0: [2.0] * 10 + [0.9]}), mh.MODULE, mh.TORCH_FAST)
    assert "shor ke andar" in mh.compare_ways(_result({0: [2.0] * 4 + [0.9]}), mh.MODULE, mh.TORCH_FAST)
    assert mh.compare_ways(_result({0: [1.05] * 3}), mh.MODULE, mh.TORCH_FAST, "A", "B") == \
        "A aur B lagbhag barabar hain (1.05×); rounds me 1.1–1.1×"


@pytest.mark.parametrize("ms,words", [
    ((5, 4, 3, 1), ["is tukde ke saath 1.2× slow (11/11 rounds)", "is tukde ke saath 1.3× slow",
                    "is tukde ke saath 3.0× slow (11/11 rounds)"]),
    ((5, 4, 5, 1), ["is tukde ke saath 1.2× fast (11/11 rounds)"]),
    ((5, 4, 3.9, 1), ["is tukde ke saath/bina lagbhag barabar (1.03×)"]),
])
def test_cost_pieces_word_the_direction_the_numbers_took(ms, words):
    mh = tc.multihead
    lines = mh.cost_pieces(_result(_chain(*ms)))
    assert len(lines) == len(mh.PIECES)
    text = "\n".join(lines)
    assert all(w in text for w in words), text
    assert all("+0.0 KB" in line for line in lines)


def test_cost_pieces_share_the_gap_up_to_f_sdpa():
    mh = tc.multihead
    lines = mh.cost_pieces(_result(_chain(5, 4, 3, 1)))  # gap F.sdpa tak: 4 ms = 1 + 1 + 2
    assert ["(25%)" in lines[0], "(25%)" in lines[1], "(50%)" in lines[2]] == [True] * 3
    assert mh.chain_gap(_result(_chain(5, 4, 3, 1))) == pytest.approx(4e-3)


def test_biggest_piece_follows_the_numbers_and_reports_ties():
    mh = tc.multihead
    # pieces +1, +1, +2 ms: the fused step wins in every round, half of the 4 ms gap F.sdpa tak
    assert mh.biggest_piece(_result(_chain(5, 4, 3, 1))) == \
        f"sabse bada tukda: {mh.PIECES[2][2]} (+2.00 ms, F.sdpa tak ke poore fark (4.00 ms) ka 50%; 11/11 rounds me sabse bada)"
    # +5.44 against +5.38 ms: inside the noise, no winner
    tie = mh.biggest_piece(_result(_chain(12.82, 7.38, 2.0, 1.0)))
    assert tie.startswith("sabse bada tukda: koi saaf nahi:") and "15% ke andar" in tie
    # clearly bigger by the median, but the biggest in only 6 of 11 rounds
    first = [5, 9, 5, 9, 5, 9, 5, 9, 5, 9, 9]   # piece 1 = first − 4, piece 3 = 3 − 1 = 2 ms
    wobbly = mh.biggest_piece(_result({1: first, 2: [4.0] * 11, 3: [3.0] * 11, 4: [1.0] * 11}))
    assert "koi saaf nahi: median me" in wobbly and "sirf 6/11 rounds" in wobbly
    backwards = _result(_chain(1, 2, 3, 4))
    assert "shor" in mh.biggest_piece(backwards)


def test_python_vs_cpp_words_follow_the_numbers():
    mh = tc.multihead
    result = _result({3: [1.05] * 11})  # explicit vs nn.MHA(need_weights=True): inside 10%
    result["profile"][mh.EXPLICIT].update(ops=16, nested=40, total=3.2 * 1024)
    result["profile"][mh.TORCH_WEIGHTS].update(ops=1, nested=58, total=1.2 * 1024,
                                               names=["_transform_bias_rescale_qkv"])
    words = mh.python_vs_cpp(result)
    assert "Python se 16 ops (andar mila ke 40)" in words and "Python se 1 op, par uske andar 58 ops" in words
    assert "/√d ka alag (B, H, L, L) pass nahi" in words and "shor me kho gaya" in words
    result["samples"][mh.EXPLICIT] = [2e-3] * 11
    assert "Time: explicit 2.0× slow (+1.00 ms, 11/11 rounds). Python ke extra ops aur extra matrix " \
        "passes, dono ka hissa" in mh.python_vs_cpp(result)
    small = _result({3: [1.1] * 11})  # at a tiny size explicit costs +0.1 ms: Python's share is small
    words = mh.python_vs_cpp(result, small=small)
    assert "chhote size par (jahan matrix ke passes lagbhag muft hain) poora fark +100 µs tha" in words
    assert "zyadatar matrix passes ka hai, Python ke extra ops uska zyada se zyada ~10%." in words
    small = _result({3: [1.5] * 11})  # +0.5 ms of the 1 ms could be Python's: no such claim
    assert "dono ka hissa ho sakta hai" in mh.python_vs_cpp(result, small=small)
    result["samples"][mh.EXPLICIT] = [1.15e-3] * 9 + [0.9e-3] * 2  # 1.15×, but only 9 of 11 rounds
    assert "Time: explicit 1.1× slow, par sirf 9/11 rounds me: shor ke andar" in mh.python_vs_cpp(result)
    result["samples"][mh.EXPLICIT] = [0.5e-3] * 11
    assert "Time: explicit 2.0× fast" in mh.python_vs_cpp(result)
    result["profile"][mh.TORCH_WEIGHTS].update(total=3.2 * 1024)  # no fewer passes: no such claim
    assert "passes kam" not in mh.python_vs_cpp(result)


# ---------------------------------------------------------------- the core exercise: SelfAttention

@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("embed_dim,heads,lengths", [(16, 4, [5, 3, 4]), (15, 5, [2, 7]),
                                                     (8, 1, [4]), (6, 6, [1, 6]), (8, 2, None)])
def test_self_attention_matches_torch(dtype, embed_dim, heads, lengths):
    """The oracle: nn.MultiheadAttention(batch_first=True), random weights and biases, per-head weights."""
    torch_mha = multihead_checks.randomised_torch_mha(embed_dim, heads, True, dtype, seed=3)
    ours = tc.multihead.SelfAttention.from_torch(torch_mha).eval()
    g = torch.Generator().manual_seed(5)
    batch, length = (len(lengths), max(lengths)) if lengths else (2, 3)
    x = torch.randn(batch, length, embed_dim, generator=g, dtype=dtype)
    padding = torch.arange(length) >= torch.tensor(lengths)[:, None] if lengths else None
    with torch.no_grad():
        expected = torch_mha(x, x, x, key_padding_mask=padding, average_attn_weights=False)
        got = ours(x, key_padding_mask=padding)
    assert_same(expected, got, dtype)
    assert got[1].shape == (batch, heads, length, length)
    if padding is not None:  # padding keys get exactly zero weight, from every head and query
        assert torch.equal(got[1].masked_select(padding[:, None, None, :]),
                           torch.zeros(int(padding.sum()) * heads * length, dtype=dtype))


def test_self_attention_gradients_match_torch():
    torch_mha, _ = twins(12, 3)
    torch_mha.train()
    ours = tc.multihead.SelfAttention.from_torch(torch_mha)
    x = torch.randn(2, 4, 12, generator=torch.Generator().manual_seed(6))
    padding = torch.tensor([[False] * 4, [False, False, True, True]])
    (torch_mha(x, x, x, key_padding_mask=padding)[0] ** 2).sum().backward()
    (ours(x, key_padding_mask=padding)[0] ** 2).sum().backward()
    expected = dict(zip(("q_proj.weight", "k_proj.weight", "v_proj.weight"),
                        torch_mha.in_proj_weight.grad.chunk(3), strict=True))
    expected |= dict(zip(("q_proj.bias", "k_proj.bias", "v_proj.bias"),
                         torch_mha.in_proj_bias.grad.chunk(3), strict=True))
    expected |= {"out_proj.weight": torch_mha.out_proj.weight.grad,
                 "out_proj.bias": torch_mha.out_proj.bias.grad}
    for name, p in ours.named_parameters():
        torch.testing.assert_close(p.grad, expected[name], atol=1e-5, rtol=1e-4, msg=name)


def test_self_attention_state_from_torch_and_parameter_count():
    state = nn.MultiheadAttention(16, 4).state_dict()
    split = tc.multihead.SelfAttention.state_from_torch(state)
    assert set(split) == set(tc.multihead.SelfAttention(16, 4).state_dict())
    assert torch.equal(split["k_proj.weight"], state["in_proj_weight"][16:32])
    for heads in (1, 4, 16):
        assert sum(p.numel() for p in tc.multihead.SelfAttention(16, heads).parameters()) \
            == tc.multihead_parameter_count(16)


def test_self_attention_bad_inputs_raise_course_error():
    with pytest.raises(tc.CourseError, match="divisible"):
        tc.multihead.SelfAttention(10, 3)
    module = tc.multihead.SelfAttention(8, 2)
    x = torch.randn(2, 4, 8)
    for call in (lambda: module(x[0]), lambda: module(x[..., :6]),
                 lambda: module(x, key_padding_mask=torch.zeros(2, 4)),
                 lambda: module(x, key_padding_mask=torch.zeros(2, 3, dtype=torch.bool)),
                 lambda: tc.multihead.SelfAttention.state_from_torch({"in_proj_weight": 1})):
        with pytest.raises(tc.CourseError):
            call()


def test_handmade_self_attention_matches_the_handmade_heads():
    module, x = tc.multihead.handmade_self_attention()
    reference, x_ref = tc.multihead.handmade_heads()
    with torch.no_grad():
        _, weights = module(x)
        _, expected = reference(x_ref, x_ref, x_ref, average_attn_weights=False)
    torch.testing.assert_close(weights, expected)


class _LearnerSelfAttention(nn.Module):
    """A learner's SelfAttention, written the way learners write it; MISTAKE picks one wrong line."""

    MISTAKE = ""

    def __init__(self, embed_dim, num_heads):
        super().__init__()
        if embed_dim % num_heads:
            raise ValueError("embed_dim num_heads se divide nahi hota")
        self.h, self.d = num_heads, embed_dim // num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, x, key_padding_mask=None):
        m = self.MISTAKE
        b, n, e = x.size()

        def heads(t):
            if m == "split":
                return t.view(b, n, self.h, self.d)
            if m == "direct view":
                return t.view(b, self.h, n, self.d)
            return t.view(b, n, self.h, self.d).permute(0, 2, 1, 3)

        q, k, v = heads(self.q_proj(x)), heads(self.k_proj(x)), heads(self.v_proj(x))
        pad = None if key_padding_mask is None or m == "ignored" else key_padding_mask
        if m.startswith("sdpa"):  # notebook 02's function: its bool True means "may look"
            mask = None
            if pad is not None:
                keep = pad if m == "sdpa as is" else ~pad
                mask = keep.unsqueeze(1).unsqueeze(-1) if m == "sdpa rows" else keep[:, None, None]
            ctx, w = tc.scaled_dot_product_attention(q, k, v, mask)
        else:
            scale = {"scale E": e ** 0.5, "no scale": 1}.get(m, self.d ** 0.5)
            scores = torch.matmul(q, k.transpose(2, 3)) / scale
            fill = -1e9 if m.endswith("1e9") else float("-inf")
            if pad is not None and m != "after":
                if m.startswith("mask == 0"):       # Annotated-Transformer habit: mask = keep
                    scores = scores.masked_fill(pad.unsqueeze(1).unsqueeze(2) == 0, fill)
                elif m.startswith("rows"):
                    scores = scores.masked_fill(pad.unsqueeze(1).unsqueeze(-1), fill)
                else:
                    scores = scores.masked_fill(pad.unsqueeze(1).unsqueeze(2), fill)
            w = F.softmax(scores, dim=2 if m == "dim 2" else -1)
            if pad is not None and m == "after":
                w = w * (~pad).float().unsqueeze(1).unsqueeze(2)
            ctx = torch.matmul(w, v)
        ctx = ctx.reshape(b, n, e) if m == "merge" else ctx.permute(0, 2, 1, 3).reshape(b, n, e)
        out = ctx if m == "no out_proj" else self.out_proj(ctx)
        return out, (w.mean(dim=1) if m == "mean" else w)


def _learner_sa(mistake: str) -> type:
    return type(f"SA_{mistake.replace(' ', '_')}", (_LearnerSelfAttention,), {"MISTAKE": mistake})


SELF_ATTENTION_MISTAKES = {
    "split: view without transpose": (_learner_sa("split"), "transpose bhool gaye"),
    "split: direct view (B, H, L, d)": (_learner_sa("direct view"), "seedha reshape(B, H, L, d_k)"),
    "merge without transpose": (_learner_sa("merge"), "heads jodte waqt transpose nahi"),
    "1/sqrt(E)": (_learner_sa("scale E"), "√E (poore embed_dim)"),
    "no scaling": (_learner_sa("no scale"), "√d_k se divide karna reh gaya"),
    "no out_proj": (_learner_sa("no out_proj"), "out_proj lagana reh gaya"),
    "masked_fill(mask == 0, -inf)": (_learner_sa("mask == 0"), "padding mask ulta"),
    "masked_fill(mask == 0, -1e9)": (_learner_sa("mask == 0 1e9"), "padding mask ulta"),
    "padding mask given to tc.sdpa as is": (_learner_sa("sdpa as is"), "mask ulta (~)"),
    "mask on the query axis (-inf)": (_learner_sa("rows"), "query ke axis par"),
    "mask on the query axis (-1e9)": (_learner_sa("rows 1e9"), "query ke axis par"),
    "mask on the query axis (tc.sdpa)": (_learner_sa("sdpa rows"), "query ke axis par"),
    "mask after softmax": (_learner_sa("after"), "softmax ke BAAD"),
    "mask ignored": (_learner_sa("ignored"), "kabhi use hi nahi"),
    "softmax over dim 2 (queries)": (_learner_sa("dim 2"), "softmax galat dim"),
    "weights averaged over heads": (_learner_sa("mean"), "average kar diye"),
}


@pytest.mark.parametrize("right", ["", "sdpa", "1e9"])
def test_the_learner_style_self_attention_is_right_without_a_mistake(right, capsys):
    """Right in three styles: masked_fill with -inf, with -1e9, or through tc.scaled_dot_product_attention."""
    assert tc.check_self_attention(_learner_sa(right))
    assert capsys.readouterr().out.startswith("✅")


def test_self_attention_mistakes_all_fail_and_are_named(capsys):
    named = {}
    for label, (solution, phrase) in SELF_ATTENTION_MISTAKES.items():
        assert not tc.check_self_attention(solution), f"{label}: a wrong solution passed"
        out = capsys.readouterr().out
        assert out.startswith("❌"), out
        named[label] = phrase in out
    missed = [label for label, ok in named.items() if not ok]
    assert sum(named.values()) / len(named) >= 0.9, f"not named: {missed}"


def test_self_attention_check_wants_value_error_names_and_reports_a_stub(capsys):
    class NoValidation(_LearnerSelfAttention):
        def __init__(self, embed_dim, num_heads):
            nn.Module.__init__(self)
            self.h, self.d = num_heads, embed_dim // num_heads
            self.q_proj, self.k_proj, self.v_proj, self.out_proj = (
                nn.Linear(embed_dim, embed_dim) for _ in range(4))

    class FusedProjection(nn.Module):  # one in-projection: not the names the check copies into
        def __init__(self, embed_dim, num_heads):
            super().__init__()
            self.qkv = nn.Linear(embed_dim, 3 * embed_dim)
            self.out_proj = nn.Linear(embed_dim, embed_dim)

        def forward(self, x, key_padding_mask=None):
            return self.out_proj(x), None

    class Stub(nn.Module):
        def __init__(self, embed_dim, num_heads):
            super().__init__()
            raise NotImplementedError("apna code yahan")

    assert not tc.check_self_attention(NoValidation)
    assert "ValueError" in capsys.readouterr().out
    assert not tc.check_self_attention(FusedProjection)
    assert "q_proj" in capsys.readouterr().out
    assert not tc.check_self_attention(Stub)
    assert "abhi baaki hai" in capsys.readouterr().out


def test_self_attention_check_passes_for_the_reference(capsys):
    assert tc.check_self_attention(tc.multihead.SelfAttention)
    assert capsys.readouterr().out.startswith("✅")
