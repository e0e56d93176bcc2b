"""Tests for notebook 07 (transformer_course.compare): task, models, gradient flow, timing."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import transformer_course as tc
from transformer_course import compare as C


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny models run faster (and far steadier on a busy machine) on one thread."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


# ---------------------------------------------------------------- the recall task


def _gen(seed=0):
    return torch.Generator().manual_seed(seed)


def test_recall_batch_shapes_and_dtypes():
    inputs, targets = C.make_recall_batch(32, 5, 16, 12, generator=_gen())
    assert inputs.shape == (32, 6, 2) and inputs.dtype == torch.long
    assert targets.shape == (32,) and targets.dtype == torch.long


def test_recall_batch_is_deterministic_per_seed():
    a = C.make_recall_batch(16, 4, generator=_gen(3))
    b = C.make_recall_batch(16, 4, generator=_gen(3))
    c = C.make_recall_batch(16, 4, generator=_gen(4))
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert not torch.equal(a[0], c[0])


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(1, 20), n_keys=st.integers(1, 20), n_values=st.integers(1, 20),
       data=st.data())
def test_recall_batch_answers_are_right(batch, n_keys, n_values, data):
    n_pairs = data.draw(st.integers(1, min(n_keys, n_values)))
    seed = data.draw(st.integers(0, 1000))
    inputs, targets = C.make_recall_batch(batch, n_pairs, n_keys, n_values, generator=_gen(seed))
    keys, values = inputs[:, :-1, 0], inputs[:, :-1, 1]
    for row in range(batch):  # a slow, obvious oracle: a Python dict per row
        table = dict(zip(keys[row].tolist(), values[row].tolist(), strict=True))
        assert len(table) == n_pairs  # distinct keys
        assert len(set(values[row].tolist())) == n_pairs  # distinct values
        assert table[int(inputs[row, -1, 0])] == int(targets[row])
    assert bool((inputs[:, -1, 1] == n_values).all())
    assert int(keys.max()) < n_keys and int(values.max()) < n_values and int(inputs.min()) >= 0
    assert torch.equal(C.recall_answer(inputs), targets)


def test_recall_answer_with_a_hand_made_row():
    inputs = torch.tensor([[[2, 5], [0, 1], [3, 4], [0, 6]]])  # 2→5, 0→1, 3→4; query 0
    assert C.recall_answer(inputs).tolist() == [1]


def test_chance_levels():
    assert C.chance_levels(8, 16) == {"andha guess": 1 / 16, "koi bhi value copy": 1 / 8}


@pytest.mark.parametrize("args", [(4, 9, 8, 16), (4, 5, 16, 4), (0, 2, 4, 4), (4, 0, 4, 4),
                                  (4, 2.0, 4, 4), (True, 2, 4, 4)])
def test_recall_batch_bad_input(args):
    with pytest.raises(tc.CourseError):
        C.make_recall_batch(*args)


@pytest.mark.parametrize("bad", [torch.zeros(2, 3, 2), torch.zeros(2, 3, dtype=torch.long),
                                 torch.zeros(2, 1, 2, dtype=torch.long),
                                 torch.zeros(2, 3, 3, dtype=torch.long),
                                 torch.tensor([[[1, 2], [3, 9]]])])  # query key never seen
def test_recall_answer_bad_input(bad):
    with pytest.raises(tc.CourseError):
        C.recall_answer(bad)


# ---------------------------------------------------------------- models


@pytest.mark.parametrize("n_pairs", [1, 3, 8])
def test_models_forward_shapes(n_pairs):
    inputs, _ = C.make_recall_batch(5, n_pairs, 16, 10, generator=_gen())
    models = C.make_recall_models(16, 10, cells=("lstm", "rnn"))
    assert list(models) == ["Transformer", "LSTM", "vanilla RNN"]
    for model in models.values():
        assert model(inputs).shape == (5, 10)


@pytest.mark.parametrize("d_model", [16, 32, 48])
def test_parameter_counts_are_comparable(d_model):
    models = C.make_recall_models(16, 16, d_model, cells=("lstm", "rnn"))
    counts = {name: C.count_parameters(m) for name, m in models.items()}
    for name in ("LSTM", "vanilla RNN"):
        assert abs(counts[name] - counts["Transformer"]) / counts["Transformer"] < 0.2, counts


def test_matched_hidden_size_matches_the_real_count():
    for cell in ("lstm", "rnn"):
        for target in (5_000, 20_000, 70_000):
            hidden = C.matched_hidden_size(cell, target)
            real = C.count_parameters(C.RecallRNN(16, 16, 32, hidden, cell))
            neighbour = C.count_parameters(C.RecallRNN(16, 16, 32, hidden + 1, cell))
            assert abs(real - target) <= abs(neighbour - target)


def test_models_are_seeded():
    a = C.make_recall_models(seed=3)["Transformer"]
    b = C.make_recall_models(seed=3)["Transformer"]
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)


def test_transformer_uses_the_course_encoder_block():
    model = C.RecallTransformer()
    assert all(isinstance(layer, tc.encoder.EncoderBlock) for layer in model.encoder.layers)
    assert all(layer.norm_first for layer in model.encoder.layers)


def test_model_bad_inputs():
    model = C.RecallTransformer(n_keys=4, n_values=4)
    with pytest.raises(tc.CourseError):
        model(torch.tensor([[[5, 0], [5, 4]]]))  # key 5 outside 0..3
    with pytest.raises(tc.CourseError):
        model(torch.zeros(2, 3, 2))  # float ids
    with pytest.raises(tc.CourseError):
        C.RecallRNN(cell="gru")


def test_recall_race_trains_and_records_time():
    torch.manual_seed(0)
    model = C.make_recall_models(8, 8, d_model=16)["Transformer"]
    history = C.recall_race(model, 2, n_keys=8, n_values=8, time_budget_s=600.0, max_steps=30,
                            eval_size=64, progress=False)
    assert len(history.steps) == 30 and history.eval_times == sorted(history.eval_times)
    assert all(0.0 <= a <= 1.0 for a in history.accuracies)
    with pytest.raises(tc.CourseError):
        C.recall_race(model, 2, time_budget_s=0)


# ---------------------------------------------------------------- gradient flow


def _oracle_gradient_norms(layer, x):
    """Loop over positions with torch.autograd.functional.jacobian: slow but independent."""
    jac = torch.autograd.functional.jacobian(lambda inp: layer(inp)[:, -1].sum(), x)
    return jac.norm(dim=-1).mean(dim=0)


@pytest.mark.parametrize("name", ["vanilla RNN", "LSTM", "Transformer"])
def test_gradient_norms_match_the_jacobian_oracle(name):
    layer = C.flow_layers(d_model=8, seed=1)[name]
    x = torch.randn(3, 10, 8, generator=_gen(2))
    got = C.gradient_norm_per_position(layer, x)
    assert got.shape == (10,)
    torch.testing.assert_close(got, _oracle_gradient_norms(layer, x), atol=1e-6, rtol=1e-5)


@settings(max_examples=25, deadline=None)
@given(batch=st.integers(1, 4), length=st.integers(1, 16),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_gradient_norms_one_per_position(batch, length, dtype):
    layer = C.flow_layers(d_model=8, seed=0)["LSTM"].to(dtype)
    x = torch.randn(batch, length, 8, generator=_gen(length), dtype=dtype)
    norms = C.gradient_norm_per_position(layer, x)
    assert norms.shape == (length,) and norms.dtype == dtype
    assert bool((norms >= 0).all()) and bool(norms[-1] > 0)
    torch.testing.assert_close(norms, _oracle_gradient_norms(layer, x))


def test_gradient_flow_shapes_and_the_story():
    norms = C.gradient_flow(C.flow_layers(), seq_len=48)
    assert set(norms) == {"vanilla RNN", "LSTM", "Transformer"}
    assert all(v.shape == (48,) for v in norms.values())
    rnn, attention = norms["vanilla RNN"], norms["Transformer"]
    assert rnn[0] / rnn[-1] < 1e-6  # vanishes with distance
    far = attention[:-1]
    assert far.max() / far.min() < 10  # attention: no decay with distance


def test_position_wise_layer_only_feels_the_last_position():
    norms = C.gradient_norm_per_position(nn.Linear(4, 4), torch.randn(2, 5, 4))
    assert bool((norms[:-1] == 0).all()) and bool(norms[-1] > 0)


@pytest.mark.parametrize("layer, x", [
    (nn.Linear(4, 4), torch.randn(5, 4)),  # 2-D
    (nn.Linear(4, 4), torch.zeros(2, 3, 4, dtype=torch.long)),  # not float
    ("not a layer", torch.randn(2, 3, 4)),
    (nn.Linear(4, 4), torch.randn(2, 0, 4)),  # empty sequence
    (lambda x: x.sum(dim=1), torch.randn(2, 3, 4)),  # output has no positions
])
def test_gradient_norms_bad_input(layer, x):
    with pytest.raises(tc.CourseError):
        C.gradient_norm_per_position(layer, x)


def test_flow_layers_weight_scale():
    base, scaled = C.flow_layers(seed=0), C.flow_layers(seed=0, weight_scale=2.0)
    torch.testing.assert_close(scaled["LSTM"].rnn.weight_hh_l0, 2 * base["LSTM"].rnn.weight_hh_l0)
    torch.testing.assert_close(scaled["LSTM"].rnn.weight_ih_l0, base["LSTM"].rnn.weight_ih_l0)


# ---------------------------------------------------------------- timing (no timing assertions)


def test_time_forward_backward_is_positive():
    seconds = C.time_forward_backward(nn.Linear(4, 4), torch.randn(2, 3, 4), repeats=2)
    assert seconds > 0
    with pytest.raises(tc.CourseError):
        C.time_forward_backward(nn.Linear(4, 4), [1, 2, 3])


def test_speed_comparison_and_attention_cost_are_positive():
    speed = C.speed_comparison(lengths=(4, 8), d_model=8, nhead=2, batch_size=2, repeats=1)
    assert len(speed["LSTM"]) == len(speed["Transformer"]) == len(speed["ratio"]) == 2
    assert all(t > 0 for t in speed["LSTM"] + speed["Transformer"] + speed["ratio"])
    cost = C.attention_cost(lengths=(8, 16), d_model=8, nhead=2, batch_size=3, repeats=1)
    assert all(t > 0 for t in cost["seconds"])
    assert cost["weight_bytes"] == [3 * 2 * n * n * 4 for n in (8, 16)]  # B·H·n·n float32
    assert cost["lstm_state_bytes"] == 2 * 8 * 3 * 4


def test_plots_draw(monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    model = C.make_recall_models(8, 8, d_model=16)
    results = {2: {name: C.recall_race(m, 2, n_keys=8, n_values=8, time_budget_s=30.0,
                                       max_steps=2, eval_size=16, progress=False)
                   for name, m in model.items()}}
    C.plot_race(results, n_values=8)
    C.plot_sweep(results, n_values=8)
    C.plot_gradient_flow(C.gradient_flow(C.flow_layers(), seq_len=8))
    C.plot_speed(C.speed_comparison(lengths=(4, 8), d_model=8, nhead=2, repeats=1))
    C.plot_attention_cost(C.attention_cost(lengths=(8, 16), d_model=8, repeats=1))
    monkeypatch.setattr(plt, "show", lambda: None)
    C.draw_gradient_explorer("LSTM", 1.5, seq_len=8)
    plt.close("all")


# ---------------------------------------------------------------- the learner checks


def _stub(*args, **kwargs):
    raise NotImplementedError("abhi likhna hai")


def test_check_make_recall_batch(capsys):
    assert C.check_make_recall_batch(C.make_recall_batch)
    assert "✅" in capsys.readouterr().out

    def other_but_valid(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        # Different random draws, same guarantees: the check must accept it.
        if n_pairs > min(n_keys, n_values):
            raise ValueError("too many pairs")
        keys = torch.stack([torch.randperm(n_keys, generator=generator)[:n_pairs]
                            for _ in range(batch_size)])
        values = torch.stack([torch.randperm(n_values, generator=generator)[:n_pairs]
                              for _ in range(batch_size)])
        pick = torch.randint(n_pairs, (batch_size,), generator=generator)
        rows = torch.arange(batch_size)
        query = torch.stack([keys[rows, pick], torch.full((batch_size,), n_values)], -1)
        inputs = torch.cat([torch.stack([keys, values], -1), query[:, None]], 1)
        return inputs, values[rows, pick]

    assert C.check_make_recall_batch(other_but_valid)
    capsys.readouterr()

    def repeats_keys(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        if n_pairs > min(n_keys, n_values):
            raise ValueError("too many pairs")
        keys = torch.randint(n_keys, (batch_size, n_pairs), generator=generator)
        values = torch.rand(batch_size, n_values, generator=generator).argsort(1)[:, :n_pairs]
        inputs = torch.stack([torch.cat([keys, keys[:, :1]], 1),
                              torch.cat([values, torch.full_like(keys[:, :1], n_values)], 1)], -1)
        return inputs, values[:, 0]

    assert not C.check_make_recall_batch(repeats_keys)
    assert "❌" in capsys.readouterr().out

    def no_error(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        return C.make_recall_batch(batch_size, min(n_pairs, n_keys), n_keys,
                                   max(n_values, n_pairs), generator)

    assert not C.check_make_recall_batch(no_error)
    assert "ValueError" in capsys.readouterr().out

    assert not C.check_make_recall_batch(_stub)
    assert "abhi baaki hai" in capsys.readouterr().out


def test_check_gradient_norm_per_position(capsys):
    assert C.check_gradient_norm_per_position(C.gradient_norm_per_position)
    assert "✅" in capsys.readouterr().out

    def sum_over_batch(layer, x):  # forgets the batch mean
        x = x.detach().clone().requires_grad_(True)
        if x.dim() != 3:
            raise ValueError("3-D chahiye")
        (grad,) = torch.autograd.grad(layer(x)[:, -1].sum(), x)
        return grad.norm(dim=-1).sum(dim=0)

    assert not C.check_gradient_norm_per_position(sum_over_batch)
    assert "❌" in capsys.readouterr().out

    def whole_output_loss(layer, x):  # loss over every position, not only the last
        if x.dim() != 3:
            raise ValueError("3-D chahiye")
        x = x.detach().clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(layer(x).sum(), x)
        return grad.norm(dim=-1).mean(dim=0)

    assert not C.check_gradient_norm_per_position(whole_output_loss)
    assert "❌" in capsys.readouterr().out

    assert not C.check_gradient_norm_per_position(_stub)
    assert "abhi baaki hai" in capsys.readouterr().out
