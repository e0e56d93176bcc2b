"""Notebook 05: FeedForward, EncoderBlock and Encoder against PyTorch, plus the helpers and check.

Tolerances: float32 atol 1e-5 (measured max |diff| ≈ 5e-7 for blocks, 7e-7 for the seed's
2-layer 512-dim encoder), float64 atol 1e-10 (measured ≈ 1e-15).
"""

from __future__ import annotations

import itertools
import math
import warnings

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import transformer_course as tc

from .conftest import oracle_pair

TOL = {torch.float32: 1e-5, torch.float64: 1e-10}


def _pair(d_model=16, nhead=4, ff=32, *, batch_first=False, **options):
    """A PyTorch layer and ours with the same weights, both in eval mode."""
    return oracle_pair(nn.TransformerEncoderLayer, tc.EncoderBlock, d_model, nhead, ff, batch_first=batch_first, **options)


def _inputs(batch, length, d_model, batch_first, dtype, seed=1):
    gen = torch.Generator().manual_seed(seed)
    shape = (batch, length, d_model) if batch_first else (length, batch, d_model)
    return torch.randn(shape, generator=gen, dtype=dtype)


def _padding(batch, length, seed=2):
    """Random right-padding; every sentence keeps at least one real token."""
    gen = torch.Generator().manual_seed(seed)
    lengths = torch.randint(1, length + 1, (batch,), generator=gen)
    return torch.arange(length)[None, :] >= lengths[:, None]


def _causal(length, as_float, dtype):
    blocked = torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=1)
    if as_float:
        return torch.zeros(length, length, dtype=dtype).masked_fill(blocked, -math.inf)
    return blocked


# ---------------------------------------------------------------- FeedForward

@pytest.mark.parametrize("activation", ["relu", "gelu"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_feed_forward_matches_manual_formula(activation, dtype):
    torch.manual_seed(0)
    ffn = tc.FeedForward(8, 24, dropout=0.0, activation=activation).to(dtype)
    x = torch.randn(3, 5, 8, dtype=dtype)
    act = F.relu if activation == "relu" else F.gelu
    manual = act(x @ ffn.linear1.weight.T + ffn.linear1.bias) @ ffn.linear2.weight.T + ffn.linear2.bias
    torch.testing.assert_close(ffn(x), manual, atol=TOL[dtype], rtol=0)


def test_feed_forward_is_position_wise_and_dropout_off_in_eval():
    torch.manual_seed(0)
    ffn = tc.FeedForward(8, 32, dropout=0.5).eval()
    x = torch.randn(7, 8)
    assert tc.encoder.position_wise_gap(ffn, x) < 1e-6
    assert torch.equal(ffn(x), ffn(x))


def test_feed_forward_accepts_a_callable_activation():
    ffn = tc.FeedForward(4, 8, dropout=0.0, activation=torch.tanh)
    x = torch.randn(2, 4)
    expected = ffn.linear2(torch.tanh(ffn.linear1(x)))
    torch.testing.assert_close(ffn(x), expected)


# ---------------------------------------------------------------- EncoderBlock vs PyTorch

COMBOS = list(itertools.product(["relu", "gelu"], [False, True], [False, True],
                                [torch.float32, torch.float64]))
MASKS = ["none", "padding", "bool_causal", "float_causal", "bool_causal+padding",
         "float_causal+padding"]


@pytest.mark.parametrize("activation,norm_first,batch_first,dtype", COMBOS)
@pytest.mark.parametrize("masks", MASKS)
def test_encoder_block_matches_pytorch(activation, norm_first, batch_first, dtype, masks):
    ref, mine = _pair(activation=activation, norm_first=norm_first, batch_first=batch_first,
                      dtype=dtype)
    batch, length = 3, 5
    x = _inputs(batch, length, 16, batch_first, dtype)
    kwargs = {}
    if "padding" in masks:
        kwargs["src_key_padding_mask"] = _padding(batch, length)
    if "causal" in masks:
        kwargs["src_mask"] = _causal(length, masks.startswith("float"), dtype)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # float + bool mask "deprecated" note
        expected, got = ref(x, **kwargs), mine(x, **kwargs)
    torch.testing.assert_close(got, expected, atol=TOL[dtype], rtol=0)


@pytest.mark.parametrize("norm_first", [False, True])
def test_is_causal_is_a_hint_as_in_pytorch(norm_first):
    ref, mine = _pair(norm_first=norm_first, batch_first=True)
    x, mask = _inputs(2, 5, 16, True, torch.float32), _causal(5, False, torch.float32)
    with torch.no_grad():
        torch.testing.assert_close(mine(x, src_mask=mask, is_causal=True),
                                   ref(x, src_mask=mask, is_causal=True), atol=1e-5, rtol=0)
        encoder = tc.Encoder(mine, 2)
        torch.testing.assert_close(encoder(x, mask=mask, is_causal=True), encoder(x, mask=mask))


def test_encoder_stacks_a_learner_block_without_is_causal():
    class Plain(nn.Module):  # a notebook 05 block: forward(src, src_mask, src_key_padding_mask)
        def forward(self, src, src_mask=None, src_key_padding_mask=None):
            return src + 1

    assert torch.equal(tc.Encoder(Plain(), 2)(torch.zeros(2, 3, 4)), torch.full((2, 3, 4), 2.0))


def test_encoder_block_matches_pytorch_with_grad_and_unbatched_input():
    ref, mine = _pair(activation="gelu", norm_first=True)
    x = torch.randn(6, 16, requires_grad=True)      # unbatched (seq, d_model)
    torch.testing.assert_close(mine(x), ref(x), atol=1e-5, rtol=0)


def test_encoder_block_gradients_match_pytorch():
    ref, mine = _pair(norm_first=False)
    x = _inputs(2, 4, 16, False, torch.float32)
    ref(x).sum().backward()
    mine(x).sum().backward()
    for (name, p_ref), (_, p_mine) in zip(ref.named_parameters(), mine.named_parameters(),
                                          strict=True):
        torch.testing.assert_close(p_mine.grad, p_ref.grad, atol=1e-4, rtol=1e-4, msg=name)


def test_encoder_block_state_dict_names_equal_pytorch():
    ref, mine = _pair()
    assert list(ref.state_dict()) == list(mine.state_dict())


def test_encoder_block_dropout_active_in_training_only():
    torch.manual_seed(0)
    block = tc.EncoderBlock(16, 4, 32, dropout=0.5)
    x = torch.randn(5, 2, 16)
    assert not torch.equal(block.train()(x), block(x))
    block.eval()
    assert torch.equal(block(x), block(x))


@settings(max_examples=30, deadline=None)
@given(batch=st.integers(1, 3), length=st.integers(1, 6), nhead=st.sampled_from([1, 2, 4]),
       head_dim=st.integers(1, 4), ff=st.integers(1, 24), activation=st.sampled_from(["relu", "gelu"]),
       norm_first=st.booleans(), batch_first=st.booleans(),
       dtype=st.sampled_from([torch.float32, torch.float64]), pad=st.booleans(),
       mask=st.sampled_from([None, "bool", "float"]), seed=st.integers(0, 10_000))
def test_encoder_block_property(batch, length, nhead, head_dim, ff, activation, norm_first,
                                batch_first, dtype, pad, mask, seed):
    d_model = nhead * head_dim
    ref, mine = _pair(d_model, nhead, ff, activation=activation, norm_first=norm_first,
                      batch_first=batch_first, dtype=dtype, seed=seed)
    x = _inputs(batch, length, d_model, batch_first, dtype, seed=seed + 1)
    kwargs = {}
    if pad:
        kwargs["src_key_padding_mask"] = _padding(batch, length, seed=seed + 2)
    if mask:
        kwargs["src_mask"] = _causal(length, mask == "float", dtype)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        expected, got = ref(x, **kwargs), mine(x, **kwargs)
    assert got.shape == x.shape
    torch.testing.assert_close(got, expected, atol=10 * TOL[dtype], rtol=0)


# ---------------------------------------------------------------- Encoder vs PyTorch

@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("final_norm", [False, True])
def test_encoder_matches_pytorch_without_nested_tensor(norm_first, batch_first, final_norm):
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=batch_first, norm_first=norm_first)
    ref = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(16) if final_norm else None,
                                enable_nested_tensor=False).eval()
    block = tc.EncoderBlock(16, 4, 32, batch_first=batch_first, norm_first=norm_first)
    mine = tc.Encoder(block, 3, norm=nn.LayerNorm(16) if final_norm else None).eval()
    mine.load_state_dict(ref.state_dict())
    x = _inputs(3, 6, 16, batch_first, torch.float32)
    padding = _padding(3, 6)
    with torch.no_grad():
        torch.testing.assert_close(mine(x), ref(x), atol=1e-5, rtol=0)
        torch.testing.assert_close(mine(x, src_key_padding_mask=padding),
                                   ref(x, src_key_padding_mask=padding), atol=1e-5, rtol=0)
        causal = _causal(6, False, torch.float32)
        torch.testing.assert_close(mine(x, mask=causal), ref(x, mask=causal), atol=1e-5, rtol=0)


def test_seed_encoder_rebuilt_exactly():
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = nn.TransformerEncoder(nn.TransformerEncoderLayer(512, 8), num_layers=2).eval()
    mine = tc.Encoder(tc.EncoderBlock(512, 8), 2).eval()
    mine.load_state_dict(ref.state_dict())
    x = torch.randn(10, 1, 512)
    with torch.no_grad():
        out = mine(x)
        torch.testing.assert_close(out, ref(x), atol=1e-5, rtol=0)
    assert out.shape == (10, 1, 512)


def test_default_nested_tensor_fast_path_zeroes_padding_only():
    """Documents PyTorch's behaviour the notebook explains: real tokens agree, pads are 0.0."""
    torch.manual_seed(1)
    layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = nn.TransformerEncoder(layer, 2).eval()
        mine = tc.Encoder(tc.EncoderBlock(16, 4, 32, batch_first=True), 2).eval()
        mine.load_state_dict(fast.state_dict())
        x = torch.randn(2, 5, 16)
        padding = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
        with torch.no_grad():
            a, b = fast(x, src_key_padding_mask=padding), mine(x, src_key_padding_mask=padding)
    torch.testing.assert_close(b[~padding], a[~padding], atol=1e-5, rtol=0)
    assert (a[padding] == 0).all() and not (b[padding] == 0).all()


def test_encoder_layers_are_independent_copies():
    mine = tc.Encoder(tc.EncoderBlock(8, 2, 16), 3)
    first, second = mine.layers[0].linear1.weight, mine.layers[1].linear1.weight
    assert torch.equal(first, second) and first.data_ptr() != second.data_ptr()


# ---------------------------------------------------------------- bad inputs → CourseError

@pytest.mark.parametrize("make", [
    lambda: tc.EncoderBlock(16, 4, activation="tanh"),
    lambda: tc.EncoderBlock(0, 1),
    lambda: tc.EncoderBlock(16, 0),
    lambda: tc.EncoderBlock(16, -4),
    lambda: tc.EncoderBlock(16, 4, dim_feedforward=0),
    lambda: tc.EncoderBlock(16, 3),                   # 16 % 3 != 0
    lambda: tc.EncoderBlock(16, 4, dropout=1.5),
    lambda: tc.EncoderBlock(16, 4, dropout="0.1"),
    lambda: tc.EncoderBlock(16, 4, layer_norm_eps=0),
    lambda: tc.EncoderBlock(16.0, 4),
    lambda: tc.FeedForward(0),
    lambda: tc.FeedForward(8, -1),
    lambda: tc.FeedForward(8, 16, activation="swish"),
    lambda: tc.Encoder(tc.EncoderBlock(8, 2), 0),
    lambda: tc.Encoder("block", 2),
    lambda: tc.Encoder(tc.EncoderBlock(8, 2), 2, norm="layernorm"),
])
def test_bad_construction_raises_course_error(make):
    with pytest.raises(tc.CourseError):
        make()


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("src", [
    torch.randn(5, 2, 12),                              # wrong d_model
    torch.randint(0, 5, (5, 2, 16)),                    # integer input
    torch.randn(16),                                    # 1-D
    torch.randn(2, 5, 2, 16),                           # 4-D
    [[0.0] * 16],                                       # not a tensor
])
def test_bad_input_raises_course_error(norm_first, src):
    block = tc.EncoderBlock(16, 4, 32, norm_first=norm_first)
    with pytest.raises(tc.CourseError):
        block(src)
    with pytest.raises(tc.CourseError):
        tc.Encoder(block, 2)(src)


def test_bad_masks_raise_course_error():
    block = tc.EncoderBlock(16, 4, 32)
    x = torch.randn(5, 2, 16)
    with pytest.raises(tc.CourseError):
        block(x, src_key_padding_mask=torch.zeros(2, 4, dtype=torch.bool))   # wrong length
    with pytest.raises(tc.CourseError):
        block(x, src_mask=torch.zeros(5, 5, dtype=torch.long))               # int mask


def test_feed_forward_bad_input():
    ffn = tc.FeedForward(8, 16)
    for bad in (torch.randn(3, 7), torch.ones(3, 8, dtype=torch.long), "x", torch.tensor(1.0)):
        with pytest.raises(tc.CourseError):
            ffn(bad)


def test_helpers_validate():
    with pytest.raises(tc.CourseError):
        tc.encoder_depth.residual_gradient_norms(0)
    with pytest.raises(tc.CourseError):
        tc.encoder_depth.residual_gradient_norms(4, "sideways")
    with pytest.raises(tc.CourseError):
        tc.encoder_depth.FFNStack(4, "residual", init="xavier")
    with pytest.raises(tc.CourseError):
        tc.encoder_depth.per_layer_factor([1.0])
    with pytest.raises(tc.CourseError):
        tc.encoder.dropout_stats(-0.1)
    with pytest.raises(tc.CourseError):
        tc.count_parameters("model")
    with pytest.raises(tc.CourseError):
        tc.transformer_parameter_groups(nn.Linear(2, 2))
    with pytest.raises(tc.CourseError):
        tc.embedding_parameters(0)


# ---------------------------------------------------------------- experiments and counts

def test_paper_base_parameter_counts():
    groups = tc.transformer_parameter_groups()
    assert sum(groups.values()) == 44_140_544
    assert groups["encoder: FFN"] == 6 * (2 * 512 * 2048 + 2048 + 512)
    assert groups["encoder: self-attention"] == 6 * (4 * 512 * 512 + 4 * 512)
    assert groups["decoder: cross-attention"] == groups["decoder: self-attention"]
    assert tc.embedding_parameters() == tc.PAPER_VOCAB * 512 == 37_000 * 512
    assert tc.PAPER_BASE == {"d_model": 512, "nhead": 8, "dim_feedforward": 2048,
                             "num_encoder_layers": 6, "num_decoder_layers": 6}
    with torch.device("meta"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's batch_first=False fast-path note
        assert tc.count_parameters(nn.Transformer()) == 44_140_544


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_residual_gradient_story(seed):
    depth = tc.encoder_depth
    curves = {v: depth.residual_gradient_norms(32, v, seed=seed) for v in depth.RESIDUAL_VARIANTS}
    assert all(len(c) == 32 and torch.isfinite(c).all() for c in curves.values())
    assert curves["plain"][0] < 1e-10 * curves["plain"][-1]          # vanishes (default init)
    for variant in ("residual", "pre-norm", "post-norm", "layernorm"):
        assert curves[variant][0] > 0.05 * curves[variant][-1]         # survives
    torch.testing.assert_close(depth.residual_gradient_norms(8, "residual", seed=3),
                               depth.residual_gradient_norms(8, "residual", seed=3))
    # the vanishing is the init's doing: ~0.24× per layer by default, ~1× with He init
    he = depth.residual_gradient_norms(32, "plain", init="he", seed=seed)
    assert 0.15 < depth.per_layer_factor(curves["plain"]) < 0.35
    assert 0.8 < depth.per_layer_factor(he) < 1.25 and he.min() > 1
    # He init + residual without any norm: every branch doubles the variance, the gradient explodes
    assert depth.residual_gradient_norms(32, "residual", init="he", seed=seed)[0] > 1e4 * he[0]


def test_he_init_keeps_the_variance_of_one_ffn():
    ffn = tc.encoder_depth.he_init_(tc.FeedForward(256, 1024, dropout=0.0))
    x = torch.randn(4096, 256)
    with torch.no_grad():
        gain = float(ffn(x).pow(2).mean() / x.pow(2).mean())
    assert 0.8 < gain < 1.25 and not ffn.linear1.bias.detach().any()


def test_norm_padding_demo_and_batchnorm_error():
    demo = tc.encoder.norm_padding_demo()
    assert demo["layernorm_gap"] < 1e-6 < demo["batchnorm_gap"]
    assert demo["pad_shift"] > 0
    assert "Expected more than 1 value per channel" in tc.encoder.batchnorm_single_token_error()


@pytest.mark.parametrize("p", [0.0, 0.1, 0.5])
def test_dropout_stats_keep_the_mean(p):
    s = tc.encoder.dropout_stats(p, n=50_000, seed=0)
    assert abs(s["zero_fraction"] - p) < 0.01
    assert abs(s["train_mean"] - 1) < 0.02
    assert s["eval_unchanged"] and s["eval_mean"] == 1.0
    assert math.isclose(s["kept_value"], 1 / (1 - p), rel_tol=1e-6)


def test_stack_gradient_norms_shapes():
    enc = tc.Encoder(tc.EncoderBlock(8, 2, 16, dropout=0.0, batch_first=True), 4)
    grads, out = tc.encoder.stack_gradient_norms(list(enc.layers), torch.randn(2, 3, 8))
    assert grads.shape == (4,) and out.shape == (2, 3, 8) and (grads > 0).all()


def test_pictures_draw(monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    monkeypatch.setattr(plt, "show", lambda: None)
    tc.encoder.plot_activations()
    tc.encoder_depth.plot_gradient_norms({"plain": torch.tensor([1e-3, 1.0]), "residual": torch.ones(2)})
    tc.encoder.plot_init_comparison({"default": {"plain": torch.tensor([1e-3, 1.0])},
                                     "he": {"plain": torch.ones(2)}})
    runs = _ffn_results(0.5, 1.0)["runs"]
    tc.encoder.plot_lr_grid_and_curves(runs, [("a", {"variant": "plain"}, "red", "-"),
                                              ("b", {"variant": "residual"}, "blue", "--")],
                                       {"mean": 1.0}, "loss")
    tc.encoder.plot_lr_grid_and_curves(runs, [("a", {"variant": "plain"}, "red", "-")], {}, "loss",
                                       curve_lr=1e-3)
    tc.encoder.plot_gradient_profiles({"post-norm": [{"activation": [1, 2], "parameters": [3, 4]}],
                                       "pre-norm": [{"activation": [2, 1], "parameters": [4, 3]}]})
    tc.encoder.draw_norm_axes()
    tc.encoder.draw_post_vs_pre_norm()
    tc.encoder.plot_parameter_breakdown(tc.transformer_parameter_groups(), {"embedding": 10})
    tc.encoder.draw_encoder_explorer(2, 2, True, "gelu")
    tc.encoder.draw_encoder_explorer(1, 1, False, "relu")
    plt.close("all")


# ---------------------------------------------------------------- the exercise check

class _PostNormOnly(tc.EncoderBlock):
    """A typical bug: ignores norm_first (always post-norm)."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        x = self.norm1(src + self._attention(src, src_mask, src_key_padding_mask))
        return self.norm2(x + self._feed_forward(x))


class _NoResidual(tc.EncoderBlock):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        x = self.norm1(self._attention(src, src_mask, src_key_padding_mask))
        return self.norm2(self._feed_forward(x))


class _TanhGelu(tc.EncoderBlock):
    def __init__(self, *args, activation="relu", **kwargs):
        super().__init__(*args, activation=activation, **kwargs)
        if activation == "gelu":
            self.activation = lambda x: F.gelu(x, approximate="tanh")


class _WrongNames(nn.Module):
    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False):
        super().__init__()
        self.attention = tc.MultiHeadAttention(d_model, nhead, batch_first=batch_first)
        self.ff1 = nn.Linear(d_model, dim_feedforward)
        self.ff2 = nn.Linear(dim_feedforward, d_model)

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        return src


class _Stub(nn.Module):
    def __init__(self, *args, **kwargs):
        super().__init__()
        raise NotImplementedError("abhi likhna hai")


def test_check_passes_for_the_reference(capsys):
    assert tc.check_encoder_block(tc.EncoderBlock) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [_PostNormOnly, _NoResidual, _TanhGelu, _WrongNames])
def test_check_fails_for_wrong_blocks(wrong, capsys):
    assert tc.check_encoder_block(wrong) is False
    assert "❌" in capsys.readouterr().out


def test_check_names_the_missing_parameters(capsys):
    tc.check_encoder_block(_WrongNames)
    out = capsys.readouterr().out
    assert "parameter names" in out and "self_attn" in out


def test_check_reports_a_stub_as_still_to_do(capsys):
    assert tc.check_encoder_block(_Stub) is False
    assert "abhi baaki hai" in capsys.readouterr().out


def test_check_refuses_a_non_class(capsys):
    assert tc.check_encoder_block("EncoderBlock") is False
    assert "❌" in capsys.readouterr().out


# ---------------------------------------------------------------- Predict: which outputs change

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_token_changes_every_output_but_a_pad_only_its_own(seed):
    """The notebook's Predict exercise: 6 of 6 without a mask, 1 of 6 when the pad is changed."""
    tc.seed_everything(seed)
    block = tc.EncoderBlock(16, 4, 32, dropout=0.0, batch_first=True).eval()
    x = torch.randn(1, 6, 16)
    pad = torch.tensor([[False] * 5 + [True]])
    assert tc.encoder.changed_outputs(block, x, token=2) == [True] * 6
    assert tc.encoder.changed_outputs(block, x, token=5, padding=pad) == [False] * 5 + [True]
    ffn = tc.FeedForward(16, 32, dropout=0.0)
    with torch.no_grad():
        moved = x.clone()
        moved[0, 2] += 10.0
        assert ((ffn(moved) - ffn(x)).abs().amax(-1)[0] > 1e-6).tolist() == [False, False, True,
                                                                              False, False, False]


# ---------------------------------------------------------------- Modify: the residuals removed

class _NoResidualRight(nn.TransformerEncoderLayer):
    """What a learner writes: the encoder layer, both residuals gone, the norms in place."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        if self.norm_first:
            h = self._sa_block(self.norm1(src), src_mask, src_key_padding_mask)
            return self._ff_block(self.norm2(h))
        h = self.norm1(self._sa_block(src, src_mask, src_key_padding_mask))
        return self.norm2(self._ff_block(h))


class _KeptAttentionResidual(nn.TransformerEncoderLayer):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask)
            return self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask))
        return self.norm2(self._ff_block(x))


class _KeptFfnResidual(nn.TransformerEncoderLayer):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        if self.norm_first:
            x = self._sa_block(self.norm1(src), src_mask, src_key_padding_mask)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(self._sa_block(src, src_mask, src_key_padding_mask))
        return self.norm2(x + self._ff_block(x))


class _NormsGoneToo(nn.TransformerEncoderLayer):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        return self._ff_block(self._sa_block(src, src_mask, src_key_padding_mask))


class _PostNormAlways(nn.TransformerEncoderLayer):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        out = self.norm1(self._sa_block(src, src_mask, src_key_padding_mask))
        return self.norm2(self._ff_block(out))


class _PreNormAlways(nn.TransformerEncoderLayer):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        out = self._sa_block(self.norm1(src), src_mask, src_key_padding_mask)
        return self._ff_block(self.norm2(out))


class _FfnOnSrc(nn.TransformerEncoderLayer):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        if self.norm_first:
            self._sa_block(self.norm1(src), src_mask, src_key_padding_mask)
            return self._ff_block(self.norm2(src))
        self.norm1(self._sa_block(src, src_mask, src_key_padding_mask))
        return self.norm2(self._ff_block(src))


class _MasksForgotten(_NoResidualRight):
    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        return super().forward(src)


class _LayersCalledDirectly(nn.TransformerEncoderLayer):
    """Skips the helpers, and with them dropout1, dropout and dropout2."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        def attention(h):
            return self.self_attn(h, h, h, attn_mask=src_mask, key_padding_mask=src_key_padding_mask,
                                  need_weights=False)[0]

        def ffn(h):
            return self.linear2(self.activation(self.linear1(h)))

        if self.norm_first:
            return ffn(self.norm2(attention(self.norm1(src))))
        return self.norm2(ffn(self.norm1(attention(src))))


class _PreNormBranchForgotten(nn.TransformerEncoderLayer):
    """Residuals removed in the post-norm branch only (the pre-norm branch left as PyTorch's)."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        if self.norm_first:
            x = src + self._sa_block(self.norm1(src), src_mask, src_key_padding_mask)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(self._sa_block(src, src_mask, src_key_padding_mask))
        return self.norm2(self._ff_block(x))


class _PostNormBranchForgotten(nn.TransformerEncoderLayer):
    """Residuals removed in the pre-norm branch only."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        if self.norm_first:
            x = self._sa_block(self.norm1(src), src_mask, src_key_padding_mask)
            return self._ff_block(self.norm2(x))
        x = self.norm1(src + self._sa_block(src, src_mask, src_key_padding_mask))
        return self.norm2(x + self._ff_block(x))


NO_RESIDUAL_WRONG = {
    "pre-norm branch unchanged": (_PreNormBranchForgotten, "pre-norm (norm_first=True) wale raaste"),
    "post-norm branch unchanged": (_PostNormBranchForgotten, "post-norm (default) wale raaste"),
    "nothing changed (PyTorch's layer)": (nn.TransformerEncoderLayer, "residual abhi bhi hai"),
    "attention residual kept": (_KeptAttentionResidual, "attention ke baad wala residual"),
    "FFN residual kept": (_KeptFfnResidual, "FFN ke baad wala residual"),
    "LayerNorms removed too": (_NormsGoneToo, "LayerNorm bhi hata diya"),
    "always post-norm": (_PostNormAlways, "pre-norm me LayerNorm sub-layer se pehle"),
    "always pre-norm": (_PreNormAlways, "post-norm (default, norm_first=False)"),
    "FFN on the original src": (_FfnOnSrc, "original src mila"),
    "masks forgotten": (_MasksForgotten, "masks self._sa_block tak nahi"),
    "layers called directly, no dropout": (_LayersCalledDirectly, "dropout2 chhoot gaye"),
}


def test_no_residual_check_passes_a_learner_style_solution(capsys):
    assert tc.check_no_residual_block(_NoResidualRight) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("label", list(NO_RESIDUAL_WRONG))
def test_no_residual_check_fails_and_names_each_mistake(label, capsys):
    wrong, phrase = NO_RESIDUAL_WRONG[label]
    assert tc.check_no_residual_block(wrong) is False
    out = capsys.readouterr().out
    assert out.startswith("❌") and phrase in out, out


def test_no_residual_check_sees_a_weakened_residual_and_a_stub(capsys):
    class HalfResidual(nn.TransformerEncoderLayer):   # 0.5·x is still a path for x
        def forward(self, src, src_mask=None, src_key_padding_mask=None):
            x = self.norm1(0.5 * src + self._sa_block(src, src_mask, src_key_padding_mask))
            return self.norm2(0.5 * x + self._ff_block(x))

    class Stub(nn.TransformerEncoderLayer):
        def forward(self, src, src_mask=None, src_key_padding_mask=None):
            raise NotImplementedError("abhi likhna hai")

    assert tc.check_no_residual_block(HalfResidual) is False
    out = capsys.readouterr().out
    assert out.startswith("❌ NoResidualBlock: 0 / 12 cases sahi")   # the zeroed cases too
    assert tc.check_no_residual_block(Stub) is False
    assert capsys.readouterr().out.startswith("⏳")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_without_residuals_the_tokens_collapse_but_the_gradient_survives(seed):
    """The Modify exercise's measurement, robust across seeds: a margin of 1e4 or more."""
    result = tc.encoder.residual_ablation(_NoResidualRight, depth=6, seed=seed)
    with_res, without = result["residual"], result["no residual"]
    assert len(with_res["spread"]) == 7 and len(without["grads"]) == 6
    assert without["spread"][-1] < 1e-5 and with_res["spread"][-1] > 0.5
    assert without["spread"][0] == with_res["spread"][0] > 0.8          # the same random input
    assert 0.1 < with_res["grads"][0] / without["grads"][0] < 10


def test_token_spread_and_helper_inputs():
    assert tc.encoder.token_spread(torch.ones(2, 5, 8)) == 0.0
    assert tc.encoder.token_spread(torch.eye(4)[None]) > 0.5
    with pytest.raises(tc.CourseError):
        tc.encoder.residual_ablation(_NoResidualRight, depth=0)
    with pytest.raises(tc.CourseError):
        tc.encoder.changed_outputs(tc.EncoderBlock(8, 2, 16), torch.randn(6, 8), token=1)


# ---------------------------------------------------------------- deep stacks (lessons/encoder_depth.py)

def test_depth_sweep_quick_has_the_record_shape():
    import json
    out = tc.encoder_depth.sweep_depth(quick=True)
    assert set(out) == {"results", "seeds", "config"} and out["seeds"] == [0]
    ffn, warm = out["results"]["residual_training"], out["results"]["warmup"]
    assert {(r["depth"], r["variant"]) for r in ffn["runs"]} == {(2, "plain"), (2, "residual"),
                                                                 (1, "plain")}
    assert {(r["norm"], r["warmup"] > 0) for r in warm["runs"]} == set(
        itertools.product(("post-norm", "pre-norm"), (False, True)))
    assert all(len(r["steps"]) == len(r["loss"]) for r in ffn["runs"] + warm["runs"])
    assert set(ffn["baselines"]) == {"mean", "linear"} and warm["chance_loss"] == math.log(10)
    json.dumps(out)


def test_a_shorter_training_run_is_an_exact_prefix():
    """The notebook's live slices run a record's first steps only."""
    depth = tc.encoder_depth
    long, short = (depth.train_ffn_stack(3, "residual", "default", 1e-3, 0, steps=n, eval_every=2)
                   for n in (4, 2))
    assert long["loss"][:2] == short["loss"] and long["steps"] == [0, 2, 4]
    long, short = (depth.train_reversal(False, 1e-2, 0, 0, num_layers=2, steps=n, checkpoints=(2, 4))
                   for n in (4, 2))
    assert long["loss"][:1] == short["loss"] and 0 <= long["accuracy"][-1] <= 1


def test_no_linear_model_beats_the_mean_on_the_product_task():
    base = tc.encoder_depth.product_baselines()
    assert abs(base["linear"] - base["mean"]) < 0.05 * base["mean"]


def test_layer_gradient_profile_has_one_number_per_layer():
    for norm_first in (False, True):
        p = tc.encoder_depth.layer_gradient_profile(3, norm_first, seed=0)
        assert len(p["activation"]) == len(p["parameters"]) == 3 and min(p["activation"]) > 0


def _ffn_results(residual_loss, plain_loss):
    runs = [{"depth": 32, "variant": variant, "init": init, "lr": lr, "seed": seed,
             "steps": [0, 10], "loss": [1.0, loss * (1 + seed / 10) * (1 if lr == 1e-3 else 1.5)]}
            for variant, loss in (("plain", plain_loss), ("residual", residual_loss))
            for init in ("default", "he") for lr in (1e-3, 1e-2) for seed in (0, 1)]
    return {"runs": runs, "baselines": {"mean": 1.0, "linear": 1.0}}


def test_lr_grid_describe_and_verdict():
    depth = tc.encoder_depth
    grid = depth.lr_grid(_ffn_results(0.5, 1.0)["runs"], variant="residual", init="he")
    assert grid["best_lr"] == 1e-3 and grid["values"] == [0.5, 0.55]
    assert depth.at_step({"steps": [0, 5], "loss": [1.0, None]}, 5) == math.inf
    assert depth.describe([0.5, 0.7]) == "0.60 (0.50–0.70, 2 seeds)"
    assert depth.describe([3e4, 5e4]) == "4.0e+04 (3.0e+04–5.0e+04, 2 seeds)"
    assert depth.describe([math.inf, 1.0]) == "diverge (inf/NaN)"
    assert depth.verdict([0.5], 1.0) == "baseline se neeche: kuch seekha"
    assert depth.verdict([1.05], 1.0) == "baseline ke barabar: kuch khaas nahi seekha"
    assert depth.verdict([3.0], 1.0) == "baseline se bhi upar: training bigdi"
    with pytest.raises(tc.CourseError):
        depth.lr_grid([], variant="plain")


@pytest.mark.parametrize(("residual", "plain", "words"), [(0.5, 1.0, "2.0× kam loss par"),
                                                          (2.0, 1.0, "2.0× zyada loss par")])
def test_residual_sentences_follow_the_numbers(residual, plain, words):
    lines = tc.encoder_depth.ffn_training_lines(_ffn_results(residual, plain))
    assert lines[0].startswith("baseline: training ka mean → MSE 1.00")
    comparison = [line for line in lines if "residual wala stack bina residual wala se" in line]
    assert len(comparison) == 2 and all(f"{words} hai (seeds ki range alag-alag)" in line
                                        for line in comparison)


@pytest.mark.parametrize(("none", "warm", "words"), [(2.3, 0.5, "4.6× zyada loss par"),
                                                     (0.5, 2.3, "4.6× kam loss par")])
def test_warmup_sentences_follow_the_numbers(none, warm, words):
    runs = [{"norm": norm, "warmup": w, "lr": 1e-2, "seed": seed, "steps": [5], "loss": [loss],
             "accuracy": [0.5]}
            for norm in ("post-norm", "pre-norm") for w, loss in ((0, none), (50, warm))
            for seed in (0, 1)]
    lines = tc.encoder_depth.warmup_lines({"runs": runs, "chance_loss": math.log(10)})
    assert sum(f"'bina warmup' 'warmup ke saath' se {words} hai (seeds ki range alag-alag)" in line
               for line in lines) == 2
    verdicts = [line for line in lines if "bina warmup:" in line]
    expected = "kuch khaas nahi seekha" if none > 2 else "kuch seekha"
    assert len(verdicts) == 2 and all(line.endswith(expected) for line in verdicts)


def test_profile_sentences_follow_the_numbers():
    lines = tc.encoder_depth.profile_lines({
        "post-norm": [{"activation": [1.0, 2.0, 4.0], "parameters": [1.0, 1.0, 1.0]}],
        "pre-norm": [{"activation": [4.0, 2.0, 1.0], "parameters": [1.0, 1.0, 1.1]}]})
    assert "layer 1 layer 3 se 4.0× chhota hai" in lines[0] and "= 0.25" in lines[0]
    assert "barabar" in lines[1] and "layer 1 layer 3 se 4.0× bada hai" in lines[2]


def test_warmup_sentences_count_seeds_and_flag_overlapping_ranges():
    runs = [{"norm": norm, "warmup": w, "lr": 1e-2, "seed": seed, "steps": [5], "loss": [loss],
             "accuracy": [0.5]}
            for norm in ("post-norm", "pre-norm")
            for w, losses in ((0, (2.3, 0.1)), (50, (0.5, 0.6))) for seed, loss in enumerate(losses)]
    lines = tc.encoder_depth.warmup_lines({"runs": runs, "chance_loss": math.log(10)})
    assert sum("bina warmup: " in line and "1/2 seeds ne seekha" in line for line in lines) == 2
    assert sum("2/2 seeds ne seekha" in line for line in lines) == 2
    assert sum("overlap karti hai" in line for line in lines) == 2
    same = [{**run, "loss": [1.0]} for run in runs]
    lines = tc.encoder_depth.warmup_lines({"runs": same, "chance_loss": math.log(10)})
    assert sum(line.endswith("lagbhag barabar hain (1.00×)") for line in lines) == 2
