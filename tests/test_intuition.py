"""Notebook 01 helpers: parameter formula vs real PyTorch layers, shapes, dependencies, checks."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import transformer_course as tc

FAST = settings(max_examples=40, deadline=None)
QUICK = settings(max_examples=25, deadline=None)



def real_count(d_model, nhead, ff, dtype=torch.float32):
    """Independent oracle: a real layer on the meta device, summed numel."""
    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(d_model, nhead, ff, dtype=dtype)
    return sum(p.numel() for p in layer.parameters())


# ------------------------------------------------------------------ formula vs PyTorch

@pytest.mark.parametrize(("d_model", "nhead", "ff", "expected"), [
    (512, 8, 2048, 3_152_384),   # the seed's layer
    (4, 2, 8, 172),
    (1, 1, 1, 16),
    (768, 12, 3072, 7_087_872),  # BERT-base
])
def test_known_counts(d_model, nhead, ff, expected):
    assert tc.count_encoder_layer_params(d_model, nhead, ff) == expected
    assert real_count(d_model, nhead, ff) == expected
    assert tc.pytorch_encoder_layer_params(d_model, nhead, ff) == expected


@FAST
@given(nhead=st.integers(1, 8), head_dim=st.integers(1, 24), ff=st.integers(1, 96),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_formula_matches_pytorch(nhead, head_dim, ff, dtype):
    d_model = nhead * head_dim
    assert tc.count_encoder_layer_params(d_model, nhead, ff) == real_count(d_model, nhead, ff, dtype)


@FAST
@given(nhead=st.integers(1, 6), head_dim=st.integers(1, 16), ff=st.integers(1, 64))
def test_breakdown_matches_pytorch_groups(nhead, head_dim, ff):
    d_model = nhead * head_dim
    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(d_model, nhead, ff)
    assert tc.param_breakdown(d_model, nhead, ff) == tc.encoder_param_breakdown(layer)


def test_nhead_does_not_change_count():
    counts = {tc.pytorch_encoder_layer_params(512, h, 2048) for h in (1, 2, 4, 8, 16, 32)}
    assert counts == {3_152_384}


@QUICK
@given(batch=st.integers(1, 3), seq_len=st.integers(1, 64), nhead=st.integers(1, 4),
       head_dim=st.integers(1, 16), layers=st.integers(1, 3), ff=st.integers(1, 64))
def test_meta_encoder_keeps_shape(batch, seq_len, nhead, head_dim, layers, ff):
    d_model = nhead * head_dim
    encoder = tc.intuition.build_encoder(d_model, nhead, layers, ff)
    out = encoder(torch.empty(batch, seq_len, d_model, device="meta"))
    assert out.shape == (batch, seq_len, d_model)
    assert sum(p.numel() for p in encoder.parameters()) == layers * real_count(d_model, nhead, ff)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("batch_first", [True, False])
def test_cpu_encoder_shapes(dtype, batch_first):
    torch.manual_seed(0)
    encoder = tc.intuition.build_encoder(8, 2, 2, 16, batch_first=batch_first, device="cpu").to(dtype)
    x = torch.randn((3, 5, 8) if batch_first else (5, 3, 8), dtype=dtype)
    out = encoder(x)
    assert out.shape == x.shape and out.dtype == dtype and torch.isfinite(out).all()


def test_seed_cell_warning_and_batch_first_fix():
    """The seed's layout warns; batch_first=True does not; both compute the same thing."""
    import warnings

    torch.manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(32, 4, 64), num_layers=2)
    assert any("batch_first" in str(w.message) for w in caught)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        encoder_bf = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(32, 4, 64, batch_first=True), num_layers=2)
    assert not caught
    encoder_bf.load_state_dict(encoder.state_dict())
    encoder.eval()
    encoder_bf.eval()
    x = torch.randn(10, 1, 32)
    with torch.no_grad():
        diff = (encoder(x) - encoder_bf(x.transpose(0, 1)).transpose(0, 1)).abs().max().item()
    assert diff < 1e-5  # float32, fast path vs slow path


def test_encoder_param_breakdown_counts_everything():
    encoder = tc.intuition.build_encoder(512, 8, 2)
    parts = tc.encoder_param_breakdown(encoder)
    assert sum(parts.values()) == sum(p.numel() for p in encoder.parameters()) == 6_304_768
    assert parts == {k: 2 * v for k, v in tc.param_breakdown(512, 8, 2048).items()}


# ------------------------------------------------------------------ dependency matrix

def _manual_dependency(fn, x):
    """Oracle: one backward per (output row, output feature) with torch.autograd.grad."""
    x = x.clone().requires_grad_(True)
    out = fn(x)
    dep = torch.zeros(out.shape[0], x.shape[0], dtype=x.dtype)
    for i in range(out.shape[0]):
        rows = []
        for k in range(out.shape[1]):
            (g,) = torch.autograd.grad(out[i, k], x, retain_graph=True)
            rows.append(g)
        dep[i] = torch.stack(rows).pow(2).sum(dim=(0, 2)).sqrt()
    return dep


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_dependency_matrix_rnn_vs_encoder(dtype):
    torch.manual_seed(0)
    seq_len, d = 7, 6
    x = torch.randn(seq_len, d, dtype=dtype)
    rnn = nn.RNN(d, d).to(dtype)
    layer = nn.TransformerEncoderLayer(d, 2, 12, dropout=0.0, batch_first=True).to(dtype).eval()

    def rnn_fn(s):
        return rnn(s.unsqueeze(1))[0].squeeze(1)

    def enc_fn(s):
        return layer(s.unsqueeze(0)).squeeze(0)

    rnn_dep = tc.dependency_matrix(rnn_fn, x)
    enc_dep = tc.dependency_matrix(enc_fn, x)
    assert torch.equal(rnn_dep > 0, torch.ones(seq_len, seq_len).tril().bool())
    assert (enc_dep > 0).all()
    tol = 1e-5 if dtype == torch.float32 else 1e-10
    for fn, dep in ((rnn_fn, rnn_dep), (enc_fn, enc_dep)):
        assert torch.allclose(dep, _manual_dependency(fn, x), atol=tol, rtol=tol)


@FAST
@given(seq_len=st.integers(1, 8), d=st.integers(1, 5), seed=st.integers(0, 10_000))
def test_dependency_matrix_of_linear_map_is_diagonal(seq_len, d, seed):
    """A per-token Linear only sees its own token: a diagonal dependency matrix."""
    torch.manual_seed(seed)
    linear = nn.Linear(d, 3).double()
    dep = tc.dependency_matrix(linear, torch.randn(seq_len, d, dtype=torch.float64))
    weight_norm = linear.weight.detach().norm()
    assert torch.allclose(dep, torch.eye(seq_len, dtype=torch.float64) * weight_norm)


# ------------------------------------------------------------------ cost table, explorer, figures

def test_format_bytes():
    assert tc.intuition.format_bytes(3200) == "3.2 KB"
    assert tc.intuition.format_bytes(999) == "999 B"
    assert tc.intuition.format_bytes(320_000_000_000) == "320 GB"
    assert tc.intuition.format_bytes(1536) == "1.54 KB"
    assert tc.intuition.format_bytes(301_989_888) == "302 MB"
    assert tc.intuition.format_bytes(999_600) == "1 MB"  # rounding never prints "1e+03 KB"


# ------------------------------------------------------------------ FLOPs: hand counts, PyTorch's counter

def test_encoder_layer_flops_hand_count():
    # n=2, d=4, f=8 by hand: QKᵀ (2×4)·(4×2) = 2·2·4·2 = 32; AV (2×2)·(2×4) = 32;
    # 4 projections 4 · 2·(2·4·4) = 256; FFN 2·(2·4·8) + 2·(2·8·4) = 256
    assert tc.intuition.encoder_layer_flops(2, 4, 8) == {
        "QKᵀ scores": 32, "AV weighted sum": 32, "Q, K, V, out projections": 256, "FFN": 256}
    # the seed's layer, n=10: 4·n²·d = 204,800 and 8·n·d² + 4·n·d·f = 62,914,560
    assert tc.intuition.flops_split(10, 512, 2048) == (204_800, 62_914_560)
    assert tc.intuition.flops_split(10, 512) == (204_800, 62_914_560)  # f defaults to 4d
    assert tc.intuition.flops_split(10, 512, ffn=False) == (204_800, 20_971_520)


@pytest.mark.parametrize(("n", "d_model", "nhead", "ff"), [
    (10, 512, 8, 2048), (1, 8, 2, 16), (37, 24, 3, 40), (300, 64, 4, 256), (5, 16, 16, 8)])
def test_flops_match_pytorch_flop_counter(n, d_model, nhead, ff):
    counted = tc.intuition.pytorch_encoder_layer_flops(n, d_model, nhead, ff)
    assert counted["other"] == 0
    assert (counted["quadratic"], counted["linear"]) == tc.intuition.flops_split(n, d_model, ff)


def test_flops_do_not_depend_on_nhead():
    counts = {tuple(tc.intuition.pytorch_encoder_layer_flops(20, 64, h, 128).values())
              for h in (1, 2, 4, 8, 16)}
    assert counts == {(*tc.intuition.flops_split(20, 64, 128), 0)}


@pytest.mark.parametrize(("d_model", "ff"), [(512, 2048), (64, 256), (1, 1), (7, 3), (100, None)])
def test_crossover_matches_the_algebra(d_model, ff):
    f = 4 * d_model if ff is None else ff
    whole = tc.intuition.crossover_length(d_model, ff)
    alone = tc.intuition.crossover_length(d_model, ff, ffn=False)
    assert whole == 2 * d_model + f and alone == 2 * d_model  # 4n²d ≥ 8nd² (+ 4ndf)
    for n, ffn in ((whole, True), (alone, False)):
        quadratic, linear = tc.intuition.flops_split(n, d_model, ff, ffn=ffn)
        assert quadratic >= linear
        if n > 1:
            quadratic, linear = tc.intuition.flops_split(n - 1, d_model, ff, ffn=ffn)
            assert quadratic < linear


def test_cost_rows():
    rows = tc.intuition.cost_rows([10, 3072], d_model=512, nhead=8)
    assert rows[0] == {"n": 10, "quadratic": 204_800, "linear": 62_914_560,
                       "quadratic_share": 204_800 / 63_119_360, "scores_bytes": 3200}
    assert rows[1]["quadratic"] == rows[1]["linear"] and rows[1]["quadratic_share"] == 0.5
    assert tc.intuition.cost_rows([100_000], 512)[0]["scores_bytes"] == 320_000_000_000


def test_cost_sentence_follows_the_numbers():
    short = tc.intuition.cost_sentence(10, 512)
    assert "linear hissa (projections + FFN) n² hissa (QKᵀ, AV) se 307.2× zyada" in short
    long = tc.intuition.cost_sentence(10_000, 64)
    assert "kam FLOPs karta" in long and "zyada" not in long
    assert "lagbhag barabar" in tc.intuition.cost_sentence(3072, 512)


def test_recurrent_layer_flops_hand_count():
    # n=3, d=2: per step each gate does W·x and U·h, 2·(2·2·2) = 16 FLOPs; 3 steps
    assert tc.intuition.recurrent_layer_flops(3, 2, "RNN") == 48
    assert tc.intuition.recurrent_layer_flops(3, 2, "GRU") == 144
    assert tc.intuition.recurrent_layer_flops(3, 2, "LSTM") == 192
    # the notebook's comparison at the seed's size: RNN < attention sub-layer < LSTM
    attention = sum(tc.intuition.flops_split(10, 512, ffn=False))
    assert (tc.intuition.recurrent_layer_flops(10, 512, "RNN") < attention
            < tc.intuition.recurrent_layer_flops(10, 512, "LSTM"))


def test_draw_flops_vs_length():
    fig = tc.intuition.draw_flops_vs_length((64, 512))
    assert len(fig.axes) == 2
    plt.close(fig)


def test_draw_encoder_summary_prints_shapes(capsys):
    tc.intuition.draw_encoder_summary(64, 4, 3, 20, 256)
    text = capsys.readouterr().out
    assert "(1, 20, 64)" in text and "16 dimensions" in text and "149,952" in text
    quadratic, linear = tc.intuition.flops_split(20, 64, 256)
    assert f"n² hissa (QKᵀ, AV) {quadratic:,} + linear hissa (proj, FFN) {linear:,}" in text
    assert len(plt.get_fignums()) == 1
    plt.close("all")


def test_draw_encoder_summary_friendly_message(capsys):
    tc.intuition.draw_encoder_summary(10, 3)
    text = capsys.readouterr().out
    assert "barabar nahi baant sakte" in text and "[1, 2, 5, 10]" in text
    assert not plt.get_fignums()


@pytest.mark.parametrize("draw, n_axes", [
    (tc.intuition.draw_rnn_vs_transformer, 2),
    (tc.intuition.draw_encoder_decoder, 1),
    (lambda: tc.intuition.draw_dependencies(torch.ones(10, 10).tril(), torch.ones(10, 10)), 2),
])
def test_figures_draw(draw, n_axes):
    fig = draw()
    assert len(fig.axes) == n_axes
    plt.close(fig)


def test_explorer_has_static_fallback():
    import ipywidgets as widgets

    shown = tc.explore(tc.intuition.draw_encoder_summary, {
        "d_model": widgets.Dropdown(options=[64, 512], value=512),
        "nhead": widgets.Dropdown(options=[3, 8], value=8),
    })
    html = shown.static_html
    assert "3,152,384" in html and "data:image/png;base64" in html
    plt.close("all")


# ------------------------------------------------------------------ bad inputs

@pytest.mark.parametrize("args", [
    (10, 3, 20),          # 10 % 3 != 0
    (0, 1, 8),
    (8, -2, 8),
    (8, 2, 0),
    (8.0, 2, 8),
    (True, 1, 8),
])
def test_bad_sizes_raise_course_error(args):
    with pytest.raises(tc.CourseError):
        tc.count_encoder_layer_params(*args)
    with pytest.raises(tc.CourseError):
        tc.pytorch_encoder_layer_params(*args)
    with pytest.raises(tc.CourseError):
        tc.intuition.build_encoder(*args)


def test_other_bad_inputs_raise_course_error():
    with pytest.raises(tc.CourseError, match="num_layers"):
        tc.intuition.build_encoder(8, 2, 0)
    with pytest.raises(tc.CourseError, match="nn.Module"):
        tc.encoder_param_breakdown("encoder")
    with pytest.raises(tc.CourseError, match="2-D"):
        tc.dependency_matrix(lambda s: s, torch.randn(3))
    with pytest.raises(tc.CourseError, match="float"):
        tc.dependency_matrix(lambda s: s, torch.ones(3, 2, dtype=torch.long))
    with pytest.raises(tc.CourseError, match="output"):
        tc.dependency_matrix(lambda s: s.sum(0), torch.randn(3, 2))
    with pytest.raises(tc.CourseError, match="shape"):
        tc.intuition.draw_dependencies(torch.ones(3, 3), torch.ones(10, 10))
    with pytest.raises(tc.CourseError):
        tc.intuition.draw_rnn_vs_transformer(source=5, target=2)
    with pytest.raises(tc.CourseError):
        tc.intuition.cost_rows([10, 0], 512)
    with pytest.raises(tc.CourseError):
        tc.intuition.cost_rows([10], 512, nhead=3)
    for bad in ((0, 512), (10, 0), (10, 512.0), (True, 8)):
        with pytest.raises(tc.CourseError):
            tc.intuition.encoder_layer_flops(*bad)
    with pytest.raises(tc.CourseError):
        tc.intuition.encoder_layer_flops(10, 512, 0)
    with pytest.raises(tc.CourseError):
        tc.intuition.pytorch_encoder_layer_flops(10, 10, 3)
    with pytest.raises(tc.CourseError, match="LSTM"):
        tc.intuition.recurrent_layer_flops(10, 512, "Transformer")
    with pytest.raises(tc.CourseError):
        tc.intuition.recurrent_layer_flops(0, 512)
    with pytest.raises(tc.CourseError):
        tc.intuition.draw_flops_vs_length(())
    with pytest.raises(tc.CourseError):
        tc.intuition.draw_encoder_summary(512, 0)


# ------------------------------------------------------------------ the exercise check

def test_check_passes_reference(capsys):
    assert tc.check_count_encoder_layer_params(tc.count_encoder_layer_params) is True
    assert "✅" in capsys.readouterr().out


def test_check_passes_a_learner_style_solution(capsys):
    def mine(d_model, nhead, dim_feedforward):
        if d_model % nhead:
            raise ValueError("not divisible")
        d, f = d_model, dim_feedforward
        return 4 * (d * d + d) + (d * f + f) + (f * d + d) + 4 * d

    assert tc.check_count_encoder_layer_params(mine) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [
    lambda d, h, f: 4 * d * d + 2 * d * f,                  # forgot every bias and LayerNorm
    lambda d, h, f: 4 * d * d + 4 * d + 2 * d * f + f + 5 * d,  # one LayerNorm only
    lambda d, h, f: h * (4 * d * d + 4 * d) + 2 * d * f + f + 5 * d,  # heads multiply attention
    lambda d, h, f: 4 * d * d + 2 * d * f + f + 9 * d,      # right formula, but never raises
])
def test_check_rejects_wrong_formula(wrong, capsys):
    assert tc.check_count_encoder_layer_params(wrong) is False
    assert "❌" in capsys.readouterr().out


def test_check_reports_stub(capsys):
    def stub(d_model, nhead, dim_feedforward):
        raise NotImplementedError("todo")

    assert tc.check_count_encoder_layer_params(stub) is False
    assert "abhi baaki hai" in capsys.readouterr().out


# ------------------------------------------------------------------ the batch_first Modify exercise

def _small_encoder(batch_first):
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(16, 2, 32, batch_first=batch_first)
    return nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)


@pytest.mark.parametrize(("shape", "seed_layout", "batch_first"), [
    ((1, 10, 16), 1, 10),   # the notebook's x: 10 sentences of 1 token vs 1 sentence of 10 tokens
    ((3, 7, 16), 3, 7),
    ((2, 1, 16), 2, 1),
])
def test_inputs_seen_reads_the_layout(shape, seed_layout, batch_first):
    x = torch.randn(shape)
    assert tc.intuition.inputs_seen(_small_encoder(False), x) == seed_layout
    model = _small_encoder(True).train()
    assert tc.intuition.inputs_seen(model, x) == batch_first
    assert model.training  # the mode it came in with


def test_inputs_seen_bad_input():
    with pytest.raises(tc.CourseError, match="3-D"):
        tc.intuition.inputs_seen(_small_encoder(True), torch.randn(10, 16))
    with pytest.raises(tc.CourseError, match="nn.Module"):
        tc.intuition.inputs_seen("encoder", torch.randn(1, 10, 16))


def test_seed_encoder_reference_has_the_seed_sizes_and_no_warning():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        encoder = tc.build_seed_encoder()
        out = encoder(torch.randn(1, 10, 512))
    assert not caught and out.shape == (1, 10, 512)
    assert len(encoder.layers) == 2 and encoder.layers[0].self_attn.batch_first
    assert sum(p.numel() for p in encoder.parameters()) == 6_304_768


def _learner_fixed():
    encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)
    return nn.TransformerEncoder(encoder_layer, num_layers=2, enable_nested_tensor=False)


def test_build_seed_encoder_check_passes_a_learner_solution(capsys):
    assert tc.check_build_seed_encoder(_learner_fixed)
    assert capsys.readouterr().out.startswith("✅")


def test_build_seed_encoder_check_reports_stub(capsys):
    def stub():
        raise NotImplementedError("todo")

    assert not tc.check_build_seed_encoder(stub)
    assert "abhi baaki hai" in capsys.readouterr().out


def _unchanged():
    encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8)
    return nn.TransformerEncoder(encoder_layer, num_layers=2)


def _warnings_ignored():
    import warnings

    warnings.filterwarnings("ignore")
    return _unchanged()


def _flag_on_the_encoder():
    encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8)
    return nn.TransformerEncoder(encoder_layer, num_layers=2, batch_first=True)


def _layer_only():
    return nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)


def _no_return():
    encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)
    nn.TransformerEncoder(encoder_layer, num_layers=2)


def _also_norm_first():
    layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True, norm_first=True)
    return nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)


def _also_gelu():
    layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True, activation="gelu")
    return nn.TransformerEncoder(layer, num_layers=2)


def _one_layer():
    layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)
    return nn.TransformerEncoder(layer, num_layers=1)


@pytest.mark.parametrize(("wrong", "phrase"), [
    (_unchanged, "batch_first badla hi nahi"),
    (_warnings_ignored, "warning sirf chhupayi"),
    (_flag_on_the_encoder, "unexpected keyword argument 'batch_first'"),
    (_layer_only, "sirf ek layer return ki"),
    (_no_return, "`return` kijiye"),
    (_also_norm_first, "output (seed ke weights ke saath)"),
    (_also_gelu, "output (seed ke weights ke saath)"),
    (_one_layer, "expected 2, lekin mila 1"),
])
def test_build_seed_encoder_check_names_the_wrong_change(wrong, phrase, capsys):
    """Learner-style wrong modifications: each gets ❌ and the output names what is wrong."""
    assert not tc.check_build_seed_encoder(wrong)
    out = capsys.readouterr().out
    assert out.startswith("❌") and phrase in out, out


@pytest.mark.parametrize("d", [8, 64, 512])
def test_attention_vs_recurrent_crossover_matches_the_algebra(d):
    # 4n²d + 8nd² < gates·4nd²  ⇔  n < (gates − 2)·d
    assert tc.intuition.cheaper_than_recurrent_below(d, "LSTM") == 2 * d
    assert tc.intuition.cheaper_than_recurrent_below(d, "GRU") == d
    assert tc.intuition.cheaper_than_recurrent_below(d, "RNN") is None
