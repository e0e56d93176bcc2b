"""Tests for notebook 03: model.positional_encoding, lessons.positional, grading.positional_checks.

PyTorch has no built-in positional encoding, so the oracle is a straightforward loop written
here from the paper's formula (Python floats, math.sin/cos), plus the properties the notebook
teaches: values in [-1, 1], PE[0] = [0, 1, 0, 1, …], the dot product depends on |p − q| only,
PE(p + k) = M_k PE(p). RoPE is checked against complex multiplication (torch.view_as_complex).
"""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import transformer_course as tc

FAST = settings(max_examples=30, deadline=None)


def loop_pe(max_len: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """Independent oracle: the paper's formula, one number at a time, in float64."""
    table = torch.zeros(max_len, d_model, dtype=torch.float64)
    for pos in range(max_len):
        for i in range(d_model // 2):
            angle = pos / base ** (2 * i / d_model)
            table[pos, 2 * i] = math.sin(angle)
            table[pos, 2 * i + 1] = math.cos(angle)
    return table


# ---------------------------------------------------------------- vs the loop oracle

@pytest.mark.parametrize("max_len, d_model", [(1, 2), (1, 4), (20, 2), (50, 16), (128, 64), (30, 512)])
def test_matches_loop_oracle(max_len, d_model):
    oracle = loop_pe(max_len, d_model)
    pe64 = tc.sinusoidal_positional_encoding(max_len, d_model, dtype=torch.float64)
    pe32 = tc.sinusoidal_positional_encoding(max_len, d_model)
    assert pe32.shape == (max_len, d_model) and pe32.dtype == torch.float32
    assert (pe64 - oracle).abs().max() < 1e-12          # measured: ~1e-15
    assert (pe32.double() - oracle).abs().max() < 1e-7  # float32 rounding only (≤ 6e-8)


@FAST
@given(max_len=st.integers(1, 60), half=st.integers(1, 24),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_matches_loop_oracle_random_sizes(max_len, half, dtype):
    d_model = 2 * half
    pe = tc.sinusoidal_positional_encoding(max_len, d_model, dtype=dtype)
    assert pe.dtype == dtype
    tol = 1e-7 if dtype == torch.float32 else 1e-12
    assert (pe.double() - loop_pe(max_len, d_model)).abs().max() < tol


# ---------------------------------------------------------------- properties

@FAST
@given(max_len=st.integers(1, 300), half=st.integers(1, 64),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_values_bounded_and_first_row(max_len, half, dtype):
    d_model = 2 * half
    pe = tc.sinusoidal_positional_encoding(max_len, d_model, dtype=dtype)
    assert pe.abs().max() <= 1.0
    first = torch.tensor([0.0, 1.0] * half, dtype=dtype)
    assert torch.equal(pe[0], first)
    # each (sin, cos) pair lies on the unit circle, so every row has norm sqrt(d_model / 2)
    norms = pe.double().norm(dim=1)
    assert torch.allclose(norms, torch.full_like(norms, math.sqrt(half)), atol=1e-5)


@FAST
@given(max_len=st.integers(2, 200), half=st.integers(1, 64), k=st.integers(-50, 50),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_rotation_property(max_len, half, k, dtype):
    d_model = 2 * half
    pe = tc.sinusoidal_positional_encoding(max_len, d_model, dtype=dtype)
    M = tc.rotation_matrix(k, d_model, dtype=dtype)
    tol = 1e-5 if dtype == torch.float32 else 1e-10
    if 0 <= k < max_len:
        assert torch.allclose(pe[:max_len - k] @ M.T, pe[k:], atol=tol)
    elif -max_len < k < 0:
        assert torch.allclose(pe[-k:] @ M.T, pe[:max_len + k], atol=tol)
    assert torch.allclose(M @ M.T, torch.eye(d_model, dtype=dtype), atol=tol)


@FAST
@given(half=st.integers(1, 16), k=st.integers(0, 12))
def test_rotation_matrix_is_power_of_one_step(half, k):
    d_model = 2 * half
    M1 = tc.rotation_matrix(1, d_model, dtype=torch.float64)
    Mk = tc.rotation_matrix(k, d_model, dtype=torch.float64)
    assert torch.allclose(torch.linalg.matrix_power(M1, k), Mk, atol=1e-10)
    # block-diagonal: nothing outside the 2×2 blocks
    outside = ~torch.block_diag(*[torch.ones(2, 2)] * half).bool()
    assert torch.all(Mk[outside] == 0)


@FAST
@given(max_len=st.integers(2, 120), half=st.integers(1, 48))
def test_similarity_depends_on_distance_only(max_len, half):
    d_model = 2 * half
    pe = tc.sinusoidal_positional_encoding(max_len, d_model, dtype=torch.float64)
    sim = pe @ pe.T
    for distance in range(max_len):
        diagonal = torch.diagonal(sim, offset=distance)
        assert torch.allclose(diagonal, diagonal[:1].expand_as(diagonal), atol=1e-9)
    assert torch.allclose(sim, sim.T)
    formula = torch.cos(torch.arange(max_len)[:, None] * tc.frequencies(d_model)).sum(1)
    assert torch.allclose(sim[0], formula, atol=1e-9)


# ---------------------------------------------------------------- what PE·PE does not say, and what carries direction

def test_similarity_by_distance_matches_the_table_and_is_not_monotone():
    pe = tc.sinusoidal_positional_encoding(100, 64, dtype=torch.float64)
    sim = tc.positional.similarity_by_distance(64, 99)
    torch.testing.assert_close(sim, pe[0] @ pe.T)
    torch.testing.assert_close(sim[1:41], (pe[40] @ pe[:40].T).flip(0))  # symmetric: Δ and −Δ
    up = tc.positional.rises(sim)
    assert up[0] == 5 and 22 in up and sim[25] > sim[22]  # the Δ = 22 vs 25
    text = tc.positional.monotone_summary(sim)
    assert "0..5" in text and f"{len(up)} par badhta" in text and "ulti jodi" in text


def test_monotone_summary_wording_follows_the_numbers():
    falling = tc.positional.monotone_summary(torch.tensor([3.0, 2.0, 1.0]))
    assert "seedha girna sach" in falling and "Lekin" not in falling
    once = tc.positional.monotone_summary(torch.tensor([3.0, 2.0, 2.2, 1.0]))
    assert "1 par badhta" in once and "Kuch aur" not in once and "ulti jodi" not in once
    big = tc.positional.monotone_summary(torch.tensor([3.0, 1.0, 2.0, 0.5]))
    assert "Δ = 2 (2.00) Δ = 1 (1.00)" in big


@pytest.mark.parametrize("d_model", [2, 8, 64])
def test_before_after_matrix_gives_a_sine_score(d_model):
    pe = tc.sinusoidal_positional_encoding(50, d_model, dtype=torch.float64)
    A = tc.positional.before_after_matrix(d_model)
    score = pe @ A @ pe.T
    p, q = torch.meshgrid(torch.arange(50), torch.arange(50), indexing="ij")
    formula = torch.sin((p - q).double()[..., None] * tc.frequencies(d_model)).sum(-1)
    torch.testing.assert_close(score, formula)
    torch.testing.assert_close(score, -score.T)  # odd: swapping p and q flips the sign
    torch.testing.assert_close(A @ A.T, torch.eye(d_model, dtype=torch.float64))
    with pytest.raises(tc.CourseError):
        tc.positional.before_after_matrix(7)


def test_before_after_sign_holds_on_the_notebook_table():
    pe = tc.sinusoidal_positional_encoding(100, 64, dtype=torch.float64)
    score = pe @ tc.positional.before_after_matrix(64) @ pe.T
    p, q = torch.meshgrid(torch.arange(100), torch.arange(100), indexing="ij")
    off = p != q
    assert torch.equal((score > 0)[off], (q < p)[off]) and score[off].abs().min() > 0.3


@pytest.mark.parametrize(("d_model", "first"), [(16, 17), (32, 54), (64, 131)])
def test_first_sign_failure_is_where_the_sine_sum_first_stops_being_positive(d_model, first):
    assert tc.positional.first_sign_failure(d_model) == first
    omega = tc.frequencies(d_model).double()
    sums = torch.sin(torch.arange(1, first + 1, dtype=torch.float64)[:, None] * omega).sum(-1)
    assert (sums[:-1] > 0).all() and sums[-1] <= 0
    # the notebook's whole table (|Δ| ≤ 99) lies inside the d_model = 64 limit, not the d_model = 32 one
    assert tc.positional.first_sign_failure(64) > 99 > tc.positional.first_sign_failure(32)
    assert tc.positional.first_sign_failure(d_model, limit=first - 1) is None


def test_symmetric_w_has_no_consistent_direction_but_m_k_and_a_do():
    pe = tc.sinusoidal_positional_encoding(100, 64, dtype=torch.float64)
    w_sym = torch.diag(torch.tensor([1.0, 0.0] * 32, dtype=torch.float64))
    sym = pe @ w_sym @ pe.T
    assert sym[40, 37] == pytest.approx(3.98, abs=0.01) and sym[40, 43] == pytest.approx(5.80, abs=0.01)
    ps = torch.arange(3, 97)
    gap = sym[ps, ps - 3] - sym[ps, ps + 3]
    # symmetric: the "before" score at p is the "after" score at p − 3, so the gaps telescope
    after = lambda p: sym[p, p + 3]  # noqa: E731
    torch.testing.assert_close(gap.sum(), sum(after(i) for i in (0, 1, 2)) - sum(after(i) for i in (94, 95, 96)))
    assert gap.min() < 0 < gap.max() and gap.mean().abs() < 0.1 * gap.abs().max()
    m_k = tc.rotation_matrix(5, 64, dtype=torch.float64)
    peak = (pe @ m_k @ pe.T)[5:].argmax(dim=1)
    assert torch.equal(peak, torch.arange(5, 100) - 5)


def test_stripes_summary_numbers():
    text = tc.positional.stripes_summary(64, 100)
    assert "6.3" in text and "47,117.2" in text and "15.915" in text
    assert "32 me se 19 pairs" in text and "cos = 0.9999" in text
    assert "0, 1" in tc.positional.stripes_summary(8, 10, pairs=[0])


def test_plot_direction_runs():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pe = tc.sinusoidal_positional_encoding(60, 16)
    fig = tc.positional.plot_direction(pe, anchor=5, span=10)
    left, right = fig.axes
    assert "|Δ| < 17" in right.get_title() and left.get_ylabel() == "PE·PE" and right.get_ylabel()
    fig = tc.positional.plot_similarity(tc.sinusoidal_positional_encoding(100, 64))
    curves = [line for ax in fig.axes for line in ax.get_lines() if line.get_label().startswith("p = ")]
    looks = {(line.get_linestyle(), line.get_marker(), line.get_linewidth()) for line in curves}
    assert len(curves) == 3 and len(looks) == 3  # they overlap exactly: each must look different
    plt.close("all")


def test_wavelengths():
    lam = tc.wavelengths(64)
    assert lam.shape == (32,)
    assert math.isclose(lam[0].item(), 2 * math.pi)
    assert math.isclose(lam[-1].item(), 2 * math.pi * 10000 ** (62 / 64), rel_tol=1e-12)
    assert (lam[1:] > lam[:-1]).all()


# ---------------------------------------------------------------- adding PE, the module

@FAST
@given(batch=st.integers(1, 3), length=st.integers(1, 20), half=st.integers(1, 16),
       scale=st.booleans(), dtype=st.sampled_from([torch.float32, torch.float64]))
def test_add_positional_encoding(batch, length, half, scale, dtype):
    d_model = 2 * half
    x = torch.randn(batch, length, d_model, dtype=dtype)
    pe = tc.sinusoidal_positional_encoding(32, d_model)
    out = tc.add_positional_encoding(x, pe, scale=scale)
    factor = math.sqrt(d_model) if scale else 1.0
    expected = x * factor + loop_pe(length, d_model).to(dtype)
    assert out.dtype == dtype
    assert torch.allclose(out, expected, atol=1e-6)


def test_positional_encoding_module():
    module = tc.PositionalEncoding(16, max_len=40)
    assert sum(p.numel() for p in module.parameters()) == 0
    assert "pe" not in module.state_dict()            # rebuilt from the formula, never saved
    x = torch.randn(2, 10, 16)
    assert torch.allclose(module(x), x + loop_pe(10, 16).float(), atol=1e-6)
    with pytest.raises(tc.CourseError, match="max_len badhaiye"):
        module(torch.randn(2, 41, 16))
    with pytest.raises(tc.CourseError, match="d_model"):
        module(torch.randn(2, 10, 8))


# ---------------------------------------------------------------- attention ignores order

@FAST
@given(length=st.integers(1, 12), d=st.integers(1, 16), seed=st.integers(0, 10_000),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_self_attention_is_permutation_equivariant(length, d, seed, dtype):
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(length, d, generator=generator, dtype=dtype)
    Wq, Wk, Wv = (torch.randn(d, d, generator=generator, dtype=dtype) for _ in range(3))
    perm = torch.randperm(length, generator=generator)

    def attn(t):
        return tc.scaled_dot_product_attention(t @ Wq, t @ Wk, t @ Wv)[0]

    tol = 1e-4 if dtype == torch.float32 else 1e-10
    assert torch.allclose(attn(x[perm]), attn(x)[perm], atol=tol)


def test_positional_encoding_breaks_the_symmetry():
    torch.manual_seed(0)
    x = torch.randn(3, 8)
    W = torch.randn(8, 8)
    pe = tc.sinusoidal_positional_encoding(3, 8)
    perm = torch.tensor([2, 1, 0])

    def attn(t):
        return tc.scaled_dot_product_attention(t @ W, t @ W, t)[0]

    assert not torch.allclose(attn(x[perm] + pe), attn(x + pe)[perm], atol=1e-3)


# ---------------------------------------------------------------- RoPE

def complex_rope(x: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
    """Oracle: pair (x[2i], x[2i+1]) as a complex number times e^{i·pos·ω_i}."""
    d = x.shape[-1]
    omega = torch.tensor([10000.0 ** (-2 * i / d) for i in range(d // 2)], dtype=torch.float64)
    rotor = torch.polar(torch.ones(len(positions), d // 2, dtype=torch.float64),
                        positions.double()[:, None] * omega)
    z = torch.view_as_complex(x.double().reshape(*x.shape[:-1], d // 2, 2).contiguous())
    return torch.view_as_real(z * rotor).flatten(-2).to(x.dtype)


@FAST
@given(batch=st.integers(1, 3), length=st.integers(1, 12), half=st.integers(1, 16),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_rope_matches_complex_oracle(batch, length, half, dtype):
    x = torch.randn(batch, length, 2 * half, dtype=dtype)
    positions = torch.arange(length)
    got = tc.apply_rotary(x, positions)
    tol = 1e-5 if dtype == torch.float32 else 1e-12
    assert got.dtype == dtype
    assert torch.allclose(got, complex_rope(x, positions), atol=tol)
    assert torch.allclose(got.norm(dim=-1), x.norm(dim=-1), atol=tol * 10)


@FAST
@given(half=st.integers(1, 32), m=st.integers(0, 2000), shift=st.integers(0, 2000),
       distance=st.integers(-50, 50))
def test_rope_score_depends_on_distance_only(half, m, shift, distance):
    torch.manual_seed(half)
    q = torch.randn(1, 2 * half, dtype=torch.float64)
    k = torch.randn(1, 2 * half, dtype=torch.float64)

    def score(a, b):
        return (tc.apply_rotary(q, [a]) @ tc.apply_rotary(k, [b]).T).item()

    n = m + distance
    assert math.isclose(score(m, n), score(m + shift, n + shift), abs_tol=1e-8)


# ---------------------------------------------------------------- bad input → CourseError

@pytest.mark.parametrize("args", [(10, 7), (0, 8), (-3, 8), (10, 0), (10, -4), (2.5, 8),
                                  (10, 8.0), (True, 8), ("10", 8)])
def test_bad_sizes_raise(args):
    with pytest.raises(tc.CourseError, match="expected .* lekin mila"):
        tc.sinusoidal_positional_encoding(*args)


def test_odd_d_model_message_is_helpful():
    with pytest.raises(tc.CourseError, match="even") as info:
        tc.sinusoidal_positional_encoding(10, 7)
    assert "6 ya 8" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_bad_base_and_k():
    with pytest.raises(tc.CourseError):
        tc.sinusoidal_positional_encoding(10, 8, base=1.0)
    with pytest.raises(tc.CourseError):
        tc.rotation_matrix(1.5, 8)
    with pytest.raises(tc.CourseError):
        tc.rotation_matrix(2, 9)


@pytest.mark.parametrize("x, pe, words", [
    ([1.0, 2.0], torch.zeros(4, 2), "torch.Tensor"),
    (torch.zeros(3), torch.zeros(4, 3), "2-D"),
    (torch.zeros(3, 8), torch.zeros(4, 6), "d_model"),
    (torch.zeros(5, 8), torch.zeros(4, 8), "max_len badhaiye"),
    (torch.zeros(3, 8, dtype=torch.long), torch.zeros(4, 8), "float"),
    (torch.zeros(3, 8), torch.zeros(4, 8, 1), "2-D"),
])
def test_add_positional_encoding_bad_input(x, pe, words):
    with pytest.raises(tc.CourseError, match=words):
        tc.add_positional_encoding(x, pe)


@pytest.mark.parametrize("x, positions", [
    (torch.zeros(4, 7), None),                 # odd d
    (torch.zeros(8), None),                    # 1-D
    (torch.zeros(4, 8), [0, 1, 2]),            # wrong number of positions
    (torch.zeros(4, 8), [0.0, 1.0, 2.0, 3.0]),  # float positions
])
def test_rope_bad_input(x, positions):
    with pytest.raises(tc.CourseError):
        tc.apply_rotary(x, positions)


def test_module_rejects_odd_d_model():
    with pytest.raises(tc.CourseError, match="even"):
        tc.PositionalEncoding(7)


# ---------------------------------------------------------------- the exercise check

def _learner_solution(max_len, d_model):
    """What a learner would write (float32 throughout, the PyTorch-tutorial way)."""
    if max_len <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError("bad size")
    position = torch.arange(max_len).unsqueeze(1)
    div = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
    pe = torch.zeros(max_len, d_model)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe


def test_check_passes_reference_and_float32_learner(capsys):
    assert tc.check_sinusoidal_positional_encoding(tc.sinusoidal_positional_encoding)
    assert tc.check_sinusoidal_positional_encoding(_learner_solution)
    assert "✅" in capsys.readouterr().out


def test_check_reports_todo(capsys):
    def stub(max_len, d_model):
        raise NotImplementedError("abhi nahi")

    assert not tc.check_sinusoidal_positional_encoding(stub)
    assert "abhi baaki hai" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [
    lambda L, d: _learner_solution(L, d).flip(-1) if d > 0 and d % 2 == 0 and L > 0 else _learner_solution(L, d),
    lambda L, d: _learner_solution(L, d).double(),                        # float64, not float32
    lambda L, d: torch.sin(torch.arange(L)[:, None] / 10000 ** (torch.arange(d) / d)),  # no cos, no checks
])
def test_check_rejects_wrong_tables(wrong, capsys):
    assert not tc.check_sinusoidal_positional_encoding(wrong)
    assert "❌" in capsys.readouterr().out


def test_check_requires_value_error_for_odd_d_model(capsys):
    def no_validation(max_len, d_model):
        if max_len <= 0 or d_model <= 0:
            raise ValueError("bad size")
        return _learner_solution(max_len, d_model + d_model % 2)[:, :d_model]

    assert not tc.check_sinusoidal_positional_encoding(no_validation)
    out = capsys.readouterr().out
    assert "❌" in out and "ValueError" in out


# ---------------------------------------------------------------- the Modify: PE added to embed()

def _toy_model(seed: int):
    """The notebook's "dog bites man" model, built in the notebook's order."""
    tc.seed_everything(seed)
    d, vocab = 8, {"dog": 0, "bites": 1, "man": 2}
    embedding = torch.nn.Embedding(len(vocab), d)
    w_q, w_k, w_v = (torch.nn.Linear(d, d, bias=False) for _ in range(3))

    def embed(sentence):
        return embedding(torch.tensor([vocab[word] for word in sentence.split()]))

    def self_attention(x):
        return tc.scaled_dot_product_attention(w_q(x), w_k(x), w_v(x))

    return embed, self_attention, d


def _learner_embed_with_position(embed, d):
    table = _learner_solution(16, d)

    def embed_with_position(sentence):
        x = embed(sentence)
        return x + table[: len(x)]
    return embed_with_position


@pytest.mark.parametrize("seed", range(5))
def test_with_pe_all_three_words_change_by_a_clear_margin(seed):
    """The guess "3" holds for every seed: without PE the gaps are rounding, with PE far above 1e-4."""
    embed, self_attention, d = _toy_model(seed)
    with_pe = _learner_embed_with_position(embed, d)
    pairs = [(0, 2), (1, 1), (2, 0)]
    with torch.no_grad():
        for make, low, high in [(embed, 0, 1e-6), (with_pe, 1e-2, math.inf)]:
            a = self_attention(make("dog bites man"))[0]
            b = self_attention(make("man bites dog"))[0]
            gaps = [(a[i] - b[j]).abs().max().item() for i, j in pairs]
            assert all(low <= gap < high for gap in gaps), (seed, gaps)


def test_embed_check_passes_honest_versions_and_reports_a_stub(capsys):
    embed, _, d = _toy_model(0)
    honest = [
        _learner_embed_with_position(embed, d),
        lambda s: tc.add_positional_encoding(embed(s), tc.sinusoidal_positional_encoding(10, d)),
        lambda s: embed(s) + tc.sinusoidal_positional_encoding(len(s.split()), d),
    ]
    for version in honest:
        assert tc.check_embed_with_position(version, embed) is True
    assert capsys.readouterr().out.count("✅") == len(honest)

    def stub(sentence):
        raise NotImplementedError("abhi nahi")

    assert tc.check_embed_with_position(stub, embed) is False
    assert "abhi baaki hai" in capsys.readouterr().out


def _embed_wrong(kind: str):
    """A learner's wrong embed_with_position, written from scratch (not from the catalogue)."""
    embed, _, d = _toy_model(0)
    table = _learner_solution(16, d)

    def embed_with_position(sentence):
        x = embed(sentence)
        n = x.size(0)
        if kind == "first row for all":
            return x + table[0].expand(n, d)
        if kind == "index as position":
            return x + torch.arange(n).float().unsqueeze(-1)
        if kind == "paper scaling":
            return math.sqrt(d) * x + table[:n]
        if kind == "rows reversed":
            return x + torch.flip(table[:n], dims=[0])
        if kind == "multiplied":
            return x * table[:n]
        if kind == "concatenated":
            return torch.hstack([x, table[:n]])
        if kind == "forgot the word":
            return table[:n].clone()
        if kind == "positions from 1":
            return x + table[1:n + 1]
        if kind == "64-wide table cut":
            return x + tc.sinusoidal_positional_encoding(100, 64)[:n, :d]
        raise AssertionError(kind)
    return embed_with_position, embed


EMBED_WRONG = {
    "first row for all": "PE[0]",
    "index as position": "position ka number",
    "paper scaling": "√d_model se guna",
    "rows reversed": "ulti judi",
    "multiplied": "PE se guna kiya",
    "concatenated": "concatenate",
    "forgot the word": "sirf PE return",
    "positions from 1": "positions 1 se shuru",
    "64-wide table cut": "64-columns wali",
}


@pytest.mark.parametrize("kind", EMBED_WRONG)
def test_embed_check_names_each_learner_style_mistake(kind, capsys):
    solution, embed = _embed_wrong(kind)
    assert tc.check_embed_with_position(solution, embed) is False
    out = capsys.readouterr().out
    assert out.startswith("❌") and EMBED_WRONG[kind] in out, out


def test_embed_check_explains_a_table_of_the_wrong_width(capsys):
    embed, _, _ = _toy_model(0)
    wide = tc.sinusoidal_positional_encoding(100, 64)  # the notebook's other table (d_model 64)
    assert not tc.check_embed_with_position(lambda s: embed(s) + wide[: len(s.split())], embed)
    out = capsys.readouterr().out
    assert out.startswith("❌") and "64" in out


# ---------------------------------------------------------------- the Implement's mistake catalogue

def _wrong_table(kind: str):
    """A learner's wrong table, written the tutorial way (not taken from the catalogue)."""
    def table(max_len, d_model):
        if max_len <= 0 or d_model <= 0 or d_model % 2:
            raise ValueError("bad size")
        pos = torch.arange(1 if kind == "from 1" else 0, max_len + (kind == "from 1")).unsqueeze(1)
        if kind == "j per column":
            div = torch.pow(10000.0, torch.arange(d_model) / d_model)
            pe = pos / div
            pe[:, 0::2], pe[:, 1::2] = torch.sin(pe[:, 0::2]), torch.cos(pe[:, 1::2])
            return pe
        i = torch.arange(d_model // 2)
        div = torch.pow(10000.0, (i if kind == "i not 2i" else 2 * i) / d_model)
        pe = torch.zeros(max_len, d_model)
        if kind == "halves":
            return torch.cat([torch.sin(pos / div), torch.cos(pos / div)], dim=1)
        first, second = (torch.cos, torch.sin) if kind == "swapped" else (torch.sin, torch.cos)
        pe[:, 0::2], pe[:, 1::2] = first(pos / div), second(pos / div)
        return pe.double() if kind == "float64" else pe
    return table


TABLE_WRONG = {"swapped": "sin aur cos ulte", "i not 2i": "i/d_model", "j per column": "apni frequency",
               "halves": "do halves", "from 1": "1 se shuru", "float64": "float64"}


@pytest.mark.parametrize("kind", TABLE_WRONG)
def test_table_check_names_each_learner_style_mistake(kind, capsys):
    assert not tc.check_sinusoidal_positional_encoding(_wrong_table(kind))
    out = capsys.readouterr().out
    assert out.startswith("❌") and TABLE_WRONG[kind] in out, out
