"""Tests for notebook 07 (lessons.vs_rnn and vs_rnn_race, data.tasks recall and its split, model
recall models and probes)."""

from __future__ import annotations

import copy

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import transformer_course as tc
from transformer_course.lessons import vs_rnn_race_record


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
    inputs, targets = tc.tasks.make_recall_batch(32, 5, 16, 12, generator=_gen())
    assert inputs.shape == (32, 6, 2) and inputs.dtype == torch.long
    assert targets.shape == (32,) and targets.dtype == torch.long


def test_recall_batch_is_deterministic_per_seed():
    a = tc.tasks.make_recall_batch(16, 4, generator=_gen(3))
    b = tc.tasks.make_recall_batch(16, 4, generator=_gen(3))
    c = tc.tasks.make_recall_batch(16, 4, generator=_gen(4))
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert not torch.equal(a[0], c[0])


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(1, 20), n_keys=st.integers(1, 20), n_values=st.integers(1, 20),
       data=st.data())
def test_recall_batch_answers_are_right(batch, n_keys, n_values, data):
    n_pairs = data.draw(st.integers(1, min(n_keys, n_values)))
    seed = data.draw(st.integers(0, 1000))
    inputs, targets = tc.tasks.make_recall_batch(batch, n_pairs, n_keys, n_values, generator=_gen(seed))
    keys, values = inputs[:, :-1, 0], inputs[:, :-1, 1]
    for row in range(batch):  # a slow, obvious oracle: a Python dict per row
        table = dict(zip(keys[row].tolist(), values[row].tolist(), strict=True))
        assert len(table) == n_pairs  # distinct keys
        assert len(set(values[row].tolist())) == n_pairs  # distinct values
        assert table[int(inputs[row, -1, 0])] == int(targets[row])
    assert bool((inputs[:, -1, 1] == n_values).all())
    assert int(keys.max()) < n_keys and int(values.max()) < n_values and int(inputs.min()) >= 0
    assert torch.equal(tc.tasks.recall_answer(inputs), targets)


def test_recall_answer_with_a_hand_made_row():
    inputs = torch.tensor([[[2, 5], [0, 1], [3, 4], [0, 6]]])  # 2→5, 0→1, 3→4; query 0
    assert tc.tasks.recall_answer(inputs).tolist() == [1]


def test_chance_levels():
    assert tc.tasks.chance_levels(8, 16) == {"andha guess": 1 / 16, "koi bhi value copy": 1 / 8}


@pytest.mark.parametrize("args", [(4, 9, 8, 16), (4, 5, 16, 4), (0, 2, 4, 4), (4, 0, 4, 4),
                                  (4, 2.0, 4, 4), (True, 2, 4, 4)])
def test_recall_batch_bad_input(args):
    with pytest.raises(tc.CourseError):
        tc.tasks.make_recall_batch(*args)


@pytest.mark.parametrize("bad", [torch.zeros(2, 3, 2), torch.zeros(2, 3, dtype=torch.long),
                                 torch.zeros(2, 1, 2, dtype=torch.long),
                                 torch.zeros(2, 3, 3, dtype=torch.long),
                                 torch.tensor([[[1, 2], [3, 9]]])])  # query key never seen
def test_recall_answer_bad_input(bad):
    with pytest.raises(tc.CourseError):
        tc.tasks.recall_answer(bad)


# ---------------------------------------------------------------- models


@pytest.mark.parametrize("n_pairs", [1, 3, 8])
def test_models_forward_shapes(n_pairs):
    inputs, _ = tc.tasks.make_recall_batch(5, n_pairs, 16, 10, generator=_gen())
    models = tc.vs_rnn.make_recall_models(16, 10, cells=("lstm", "rnn"))
    assert list(models) == ["Transformer", "LSTM", "vanilla RNN"]
    for model in models.values():
        assert model(inputs).shape == (5, 10)


@pytest.mark.parametrize("d_model", [16, 32, 48])
def test_parameter_counts_are_comparable(d_model):
    models = tc.vs_rnn.make_recall_models(16, 16, d_model, cells=("lstm", "rnn"))
    counts = {name: tc.count_parameters(m) for name, m in models.items()}
    for name in ("LSTM", "vanilla RNN"):
        assert abs(counts[name] - counts["Transformer"]) / counts["Transformer"] < 0.2, counts


def test_matched_hidden_size_matches_the_real_count():
    for cell in ("lstm", "rnn"):
        for target in (5_000, 20_000, 70_000):
            hidden = tc.vs_rnn.matched_hidden_size(cell, target)
            real = tc.count_parameters(tc.RecallRNN(16, 16, 32, hidden, cell))
            neighbour = tc.count_parameters(tc.RecallRNN(16, 16, 32, hidden + 1, cell))
            assert abs(real - target) <= abs(neighbour - target)


def test_models_are_seeded():
    a = tc.vs_rnn.make_recall_models(seed=3)["Transformer"]
    b = tc.vs_rnn.make_recall_models(seed=3)["Transformer"]
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)


def test_transformer_uses_the_course_encoder_block():
    model = tc.RecallTransformer()
    assert all(isinstance(layer, tc.EncoderBlock) for layer in model.encoder.layers)
    assert all(layer.norm_first for layer in model.encoder.layers)


def test_model_bad_inputs():
    model = tc.RecallTransformer(n_keys=4, n_values=4)
    with pytest.raises(tc.CourseError):
        model(torch.tensor([[[5, 0], [5, 4]]]))  # key 5 outside 0..3
    with pytest.raises(tc.CourseError):
        model(torch.zeros(2, 3, 2))  # float ids
    with pytest.raises(tc.CourseError):
        tc.RecallRNN(cell="gru")


# ---------------------------------------------------------------- gradient flow


def _oracle_gradient_norms(layer, x):
    """Loop over positions with torch.autograd.functional.jacobian: slow but independent."""
    jac = torch.autograd.functional.jacobian(lambda inp: layer(inp)[:, -1].sum(), x)
    return jac.norm(dim=-1).mean(dim=0)


@pytest.mark.parametrize("name", ["vanilla RNN", "LSTM", "Transformer"])
def test_gradient_norms_match_the_jacobian_oracle(name):
    layer = tc.flow_layers(d_model=8, seed=1)[name]
    x = torch.randn(3, 10, 8, generator=_gen(2))
    got = tc.gradient_norm_per_position(layer, x)
    assert got.shape == (10,)
    torch.testing.assert_close(got, _oracle_gradient_norms(layer, x), atol=1e-6, rtol=1e-5)


@settings(max_examples=25, deadline=None)
@given(batch=st.integers(1, 4), length=st.integers(1, 16),
       dtype=st.sampled_from([torch.float32, torch.float64]))
def test_gradient_norms_one_per_position(batch, length, dtype):
    layer = tc.flow_layers(d_model=8, seed=0)["LSTM"].to(dtype)
    x = torch.randn(batch, length, 8, generator=_gen(length), dtype=dtype)
    norms = tc.gradient_norm_per_position(layer, x)
    assert norms.shape == (length,) and norms.dtype == dtype
    assert bool((norms >= 0).all()) and bool(norms[-1] > 0)
    torch.testing.assert_close(norms, _oracle_gradient_norms(layer, x))


def test_gradient_flow_shapes_and_the_story():
    norms = tc.vs_rnn.gradient_flow(tc.flow_layers(), seq_len=48)
    assert set(norms) == {"vanilla RNN", "LSTM", "Transformer"}
    assert all(v.shape == (48,) for v in norms.values())
    rnn, attention = norms["vanilla RNN"], norms["Transformer"]
    assert rnn[0] / rnn[-1] < 1e-6  # vanishes with distance
    far = attention[:-1]
    assert far.max() / far.min() < 10  # attention: no decay with distance


def test_position_wise_layer_only_feels_the_last_position():
    norms = tc.gradient_norm_per_position(nn.Linear(4, 4), torch.randn(2, 5, 4))
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
        tc.gradient_norm_per_position(layer, x)


def test_flow_layers_weight_scale():
    base, scaled = tc.flow_layers(seed=0), tc.flow_layers(seed=0, weight_scale=2.0)
    torch.testing.assert_close(scaled["LSTM"].rnn.weight_hh_l0, 2 * base["LSTM"].rnn.weight_hh_l0)
    torch.testing.assert_close(scaled["LSTM"].rnn.weight_ih_l0, base["LSTM"].rnn.weight_ih_l0)


# ---------------------------------------------------------------- timing (no timing assertions)


def test_time_forward_backward_is_positive():
    seconds = tc.vs_rnn.time_forward_backward(nn.Linear(4, 4), torch.randn(2, 3, 4), repeats=2)
    assert seconds > 0
    with pytest.raises(tc.CourseError):
        tc.vs_rnn.time_forward_backward(nn.Linear(4, 4), [1, 2, 3])


def test_speed_comparison_and_attention_cost_are_positive():
    speed = tc.vs_rnn.speed_comparison(lengths=(4, 8), d_model=8, nhead=2, batch_size=2, repeats=1)
    assert len(speed["LSTM"]) == len(speed["Transformer"]) == len(speed["ratio"]) == 2
    assert all(t > 0 for t in speed["LSTM"] + speed["Transformer"] + speed["ratio"])
    cost = tc.vs_rnn.attention_cost(lengths=(8, 16), d_model=8, nhead=2, batch_size=3, repeats=1)
    assert all(t > 0 for t in cost["seconds"])
    assert cost["weight_bytes"] == [3 * 2 * n * n * 4 for n in (8, 16)]  # B·H·n·n float32
    assert cost["lstm_state_bytes"] == 2 * 8 * 3 * 4


def test_plots_draw(monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tc.vs_rnn.plot_gradient_flow(tc.vs_rnn.gradient_flow(tc.flow_layers(), seq_len=8))
    tc.vs_rnn.plot_speed(tc.vs_rnn.speed_comparison(lengths=(4, 8), d_model=8, nhead=2, repeats=1))
    tc.vs_rnn.plot_attention_cost(tc.vs_rnn.attention_cost(lengths=(8, 16), d_model=8, repeats=1))
    monkeypatch.setattr(plt, "show", lambda: None)
    tc.vs_rnn.draw_gradient_explorer("LSTM", 1.5, seq_len=8)
    plt.close("all")


# ---------------------------------------------------------------- the learner checks


def _stub(*args, **kwargs):
    raise NotImplementedError("abhi likhna hai")


def test_check_make_recall_batch(capsys):
    assert tc.check_make_recall_batch(tc.tasks.make_recall_batch)
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

    assert tc.check_make_recall_batch(other_but_valid)
    capsys.readouterr()

    def repeats_keys(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        if n_pairs > min(n_keys, n_values):
            raise ValueError("too many pairs")
        keys = torch.randint(n_keys, (batch_size, n_pairs), generator=generator)
        values = torch.rand(batch_size, n_values, generator=generator).argsort(1)[:, :n_pairs]
        inputs = torch.stack([torch.cat([keys, keys[:, :1]], 1),
                              torch.cat([values, torch.full_like(keys[:, :1], n_values)], 1)], -1)
        return inputs, values[:, 0]

    assert not tc.check_make_recall_batch(repeats_keys)
    assert "❌" in capsys.readouterr().out

    def no_error(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        return tc.tasks.make_recall_batch(batch_size, min(n_pairs, n_keys), n_keys,
                                   max(n_values, n_pairs), generator)

    assert not tc.check_make_recall_batch(no_error)
    assert "ValueError" in capsys.readouterr().out

    assert not tc.check_make_recall_batch(_stub)
    assert "abhi baaki hai" in capsys.readouterr().out


def test_check_gradient_norm_per_position(capsys):
    assert tc.check_gradient_norm_per_position(tc.gradient_norm_per_position)
    assert "✅" in capsys.readouterr().out

    def sum_over_batch(layer, x):  # forgets the batch mean
        x = x.detach().clone().requires_grad_(True)
        if x.dim() != 3:
            raise ValueError("3-D chahiye")
        (grad,) = torch.autograd.grad(layer(x)[:, -1].sum(), x)
        return grad.norm(dim=-1).sum(dim=0)

    assert not tc.check_gradient_norm_per_position(sum_over_batch)
    assert "❌" in capsys.readouterr().out

    def whole_output_loss(layer, x):  # loss over every position, not only the last
        if x.dim() != 3:
            raise ValueError("3-D chahiye")
        x = x.detach().clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(layer(x).sum(), x)
        return grad.norm(dim=-1).mean(dim=0)

    assert not tc.check_gradient_norm_per_position(whole_output_loss)
    assert "❌" in capsys.readouterr().out

    assert not tc.check_gradient_norm_per_position(_stub)
    assert "abhi baaki hai" in capsys.readouterr().out


def test_pair_embedding_is_key_embedding_plus_value_embedding():
    torch.manual_seed(0)
    embed = tc.PairEmbedding(n_keys=5, n_values=4, d_model=6)
    inputs = torch.tensor([[[0, 3], [4, 1], [2, 4]]])  # the last value id 4 is the query's blank
    expected = embed.keys.weight[inputs[..., 0]] + embed.values.weight[inputs[..., 1]]
    torch.testing.assert_close(embed(inputs), expected)
    with pytest.raises(tc.CourseError):
        embed(torch.tensor([[[5, 0], [1, 1]]]))  # key id 5 with n_keys=5


@pytest.mark.parametrize("cell, torch_cls", [("rnn", nn.RNN), ("lstm", nn.LSTM)])
def test_recurrent_layer_is_pytorch_rnn_outputs(cell, torch_cls):
    torch.manual_seed(0)
    layer = tc.RecurrentLayer(cell, d_model=6, hidden_size=5)
    oracle = torch_cls(6, 5, batch_first=True)
    oracle.load_state_dict(layer.rnn.state_dict())
    x = torch.randn(2, 7, 6)
    torch.testing.assert_close(layer(x), oracle(x)[0])
    with pytest.raises(tc.CourseError):
        tc.RecurrentLayer("gru", 4)


# ---------------------------------------------------------------- exercises 3 and 4: predictions, forget gate


@pytest.mark.parametrize("ratio, big, word", [
    (1e-20, None, "kam"), (0.099, None, "kam"), (0.1, None, "barabar"), (1.0, None, "barabar"),
    (10.0, None, "barabar"), (10.5, None, "zyada"), (10.5, 1000, "thoda zyada"),
    (1000.0, 1000, "thoda zyada"), (2e13, 1000, "bahut zyada"), (0.01, 1000, "kam")])
def test_ratio_word(ratio, big, word):
    assert tc.vs_rnn.ratio_word(ratio, big=big) == word


@pytest.mark.parametrize("seed", range(4))
def test_the_predicted_directions_hold_for_every_seed(seed):
    """Exercises 3 and 4 predict directions: they must hold, with the notebook's margins, for any seed."""
    from transformer_course.grading.vs_rnn_checks import set_forget_bias

    layers = tc.flow_layers(d_model=32, nhead=2, seed=seed)
    norms = tc.vs_rnn.gradient_flow(layers, seq_len=64, batch_size=8, d_model=32, seed=seed)
    far_vs_near = {name: float(v[0] / v[-2]) for name, v in norms.items()}
    assert far_vs_near["LSTM"] < 1e-3 and 0.2 < far_vs_near["Transformer"] < 5
    opened = tc.flow_layers(d_model=32, nhead=2, seed=seed)["LSTM"]
    set_forget_bias(opened.rnn, 3.0)
    open_norms = tc.vs_rnn.gradient_flow({"open": opened}, seq_len=64, batch_size=8, d_model=32,
                                         seed=seed)["open"]
    assert float(open_norms[0] / norms["LSTM"][0]) > 1e6
    far_vs_last = float(open_norms[0] / open_norms[-1])
    attention = norms["Transformer"]
    assert far_vs_last > 0.1 and far_vs_last > 10 * float(attention[0] / attention[-1])


def _forget_bias_reference_passes(capsys):
    from transformer_course.grading.vs_rnn_checks import set_forget_bias

    assert tc.check_set_forget_bias(set_forget_bias)
    assert "✅" in capsys.readouterr().out


def _learner_forget_bias(*, part="forget", hh="zero", layers="all", op="set", no_grad=True,
                         returns="same"):
    """A learner's set_forget_bias, with one choice per typical slip."""
    def set_forget_bias(lstm, value):
        size = lstm.input_size if part == "input size" else lstm.hidden_size
        start = {"forget": size, "input size": size, "input gate": 0, "output gate": 3 * size,
                 "all": 0}[part]
        stop = 4 * size if part == "all" else start + size
        if returns == "copy":
            lstm = copy.deepcopy(lstm)
        for k in range(lstm.num_layers if layers == "all" else 1):
            b_ih, b_hh = getattr(lstm, f"bias_ih_l{k}"), getattr(lstm, f"bias_hh_l{k}")
            target_ih = b_ih if not no_grad else b_ih.data
            if op == "add":
                target_ih[start:stop] += value
            else:
                target_ih[start:stop] = value
            if hh == "zero":
                b_hh.data[start:stop] = 0.0
            elif hh == "value":
                b_hh.data[start:stop] = value
        return None if returns == "none" else lstm
    return set_forget_bias


FORGET_BIAS_MISTAKES = {
    "input gate slice": (_learner_forget_bias(part="input gate"), "input gate"),
    "output gate slice": (_learner_forget_bias(part="output gate"), "output gate"),
    "bias_hh left as it was": (_learner_forget_bias(hh="keep"), "sirf bias_ih badla"),
    "value in both biases": (_learner_forget_bias(hh="value"), "2 × value"),
    "added, not set": (_learner_forget_bias(op="add", hh="keep"), "value jod di"),
    "first layer only": (_learner_forget_bias(layers="first"), "sirf pehli layer"),
    "every gate": (_learner_forget_bias(part="all"), "poora bias"),
    "sliced by input_size": (_learner_forget_bias(part="input size"), "input_size se kaate"),
    "a new copy returned": (_learner_forget_bias(returns="copy"), "naya copy"),
    "no torch.no_grad": (_learner_forget_bias(no_grad=False), "torch.no_grad()"),
}


def test_check_set_forget_bias(capsys):
    _forget_bias_reference_passes(capsys)
    for label, right in {"in place, returns None": _learner_forget_bias(returns="none"),
                         "returns the lstm": _learner_forget_bias()}.items():
        assert tc.check_set_forget_bias(right), label
        capsys.readouterr()

    def hh_carries_the_value(lstm, value):  # another right way: b_hh = value - b_ih
        size = lstm.hidden_size
        with torch.no_grad():
            for name, p in lstm.named_parameters():
                if name.startswith("bias_hh"):
                    p[size:2 * size] = value - getattr(lstm, name.replace("hh", "ih"))[size:2 * size]
        return lstm

    assert tc.check_set_forget_bias(hh_carries_the_value)
    capsys.readouterr()
    for label, (wrong, phrase) in FORGET_BIAS_MISTAKES.items():
        assert not tc.check_set_forget_bias(wrong), f"{label}: a wrong solution passed"
        out = capsys.readouterr().out
        assert out.startswith("❌") and phrase in out, f"{label}: {out}"
    assert not tc.check_set_forget_bias(_stub)
    assert "abhi baaki hai" in capsys.readouterr().out


def test_the_older_checks_name_their_mistakes(capsys):
    def shows_the_answer(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        inputs, targets = tc.tasks.make_recall_batch(batch_size, n_pairs, n_keys, n_values,
                                                     generator=generator)
        inputs[:, -1, 1] = targets  # "the query's value": the answer itself
        return inputs, targets

    def forgets_the_generator(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        if n_pairs > min(n_keys, n_values):
            raise ValueError("too many pairs")
        keys = torch.stack([torch.randperm(n_keys)[:n_pairs] for _ in range(batch_size)])
        values = torch.stack([torch.randperm(n_values)[:n_pairs] for _ in range(batch_size)])
        pick = torch.randint(n_pairs, (batch_size,))
        rows = torch.arange(batch_size)
        query = torch.stack([keys[rows, pick], torch.full((batch_size,), n_values)], -1)
        return torch.cat([torch.stack([keys, values], -1), query[:, None]], 1), values[rows, pick]

    for wrong, phrase in [(shows_the_answer, "asli jawab"), (forgets_the_generator, "generator")]:
        assert not tc.check_make_recall_batch(wrong)
        out = capsys.readouterr().out
        assert out.startswith("❌") and "Lagta hai: " in out and phrase in out, out

    def learner_gradient(*, loss="last", reduce="mean", squared=False):
        def gradient_norm_per_position(layer, x):
            if x.dim() != 3:
                raise ValueError("3-D chahiye")
            x = x.detach().clone().requires_grad_(True)
            out = layer(x)
            picked = {"last": out[:, -1], "first": out[:, 0], "all": out}[loss]
            picked.sum().backward()
            norms = (x.grad ** 2).sum(-1) if squared else x.grad.norm(dim=-1)
            return norms.sum(0) if reduce == "sum" else norms.mean(0)
        return gradient_norm_per_position

    for wrong, phrase in [(learner_gradient(reduce="sum"), "mean ki jagah sum"),
                          (learner_gradient(loss="all"), "saari positions"),
                          (learner_gradient(loss="first"), "pehli position"),
                          (learner_gradient(squared=True), "squared norm")]:
        assert not tc.check_gradient_norm_per_position(wrong)
        out = capsys.readouterr().out
        assert out.startswith("❌") and phrase in out, out


# ---------------------------------------------------------------- the split of the recall task


def _key_sets(inputs, n_pairs):
    return {frozenset(row) for row in inputs[:, :n_pairs, 0].tolist()}


@pytest.mark.parametrize("n_pairs", [2, 3, 8])
def test_recall_splits_never_share_a_key_set(n_pairs):
    batches = {split: tc.tasks.recall_split_batch(400, n_pairs, split=split, generator=_gen(n_pairs))
               for split in ("train", "validation", "test")}
    sets = {split: _key_sets(inputs, n_pairs) for split, (inputs, _) in batches.items()}
    assert not sets["train"] & sets["test"] and not sets["train"] & sets["validation"]
    assert not sets["validation"] & sets["test"]
    for split, (inputs, targets) in batches.items():
        ids = tc.tasks.recall_split_ids(inputs, 16)
        assert set(ids.tolist()) <= set(tc.tasks.RECALL_SPLITS[split])
        assert torch.equal(tc.tasks.recall_answer(inputs), targets)
    # every key still appears in training (only combinations are held out)
    assert set(batches["train"][0][:, :n_pairs, 0].flatten().tolist()) == set(range(16))


def test_recall_split_filler_rows_sit_between_the_pairs_and_the_query():
    plain = tc.tasks.recall_split_batch(6, 3, split="test", generator=_gen(5))
    padded = tc.tasks.recall_split_batch(6, 3, split="test", filler=4, generator=_gen(5))
    inputs, targets = padded
    assert inputs.shape == (6, 3 + 4 + 1, 2) and torch.equal(targets, plain[1])
    assert torch.equal(inputs[:, :3], plain[0][:, :3]) and torch.equal(inputs[:, -1], plain[0][:, -1])
    assert bool((inputs[:, 3:7, 0] == 16).all()) and bool((inputs[:, 3:7, 1] == 16).all())
    assert torch.equal(tc.tasks.recall_answer(inputs), targets)
    assert torch.equal(tc.tasks.recall_split_ids(inputs, 16), tc.tasks.recall_split_ids(plain[0], 16))


def test_recall_split_uses_the_given_generator_function():
    calls = []

    def learner(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        calls.append(batch_size)
        return tc.tasks.make_recall_batch(batch_size, n_pairs, n_keys, n_values, generator)

    a = tc.tasks.recall_split_batch(8, 2, generator=_gen(1), make_batch=learner)
    b = tc.tasks.recall_split_batch(8, 2, generator=_gen(1))
    assert calls and torch.equal(a[0], b[0])


@pytest.mark.parametrize("kwargs", [dict(split="held_out"), dict(n_pairs=1), dict(n_pairs=16),
                                    dict(filler=-1), dict(filler=2.0), dict(filler=True),
                                    dict(generator=3)])
def test_recall_split_bad_input(kwargs):
    args = dict(batch_size=4, n_pairs=2) | kwargs
    with pytest.raises(tc.CourseError):
        tc.tasks.recall_split_batch(**args)


# ---------------------------------------------------------------- the race (lessons.vs_rnn_race)


def test_race_models_match_in_size_and_read_the_filler_key():
    models = {name: tc.vs_rnn_race.race_model(name) for name in ("Transformer", "LSTM")}
    counts = {name: tc.count_parameters(m) for name, m in models.items()}
    assert abs(counts["LSTM"] - counts["Transformer"]) / counts["Transformer"] < 0.01, counts
    inputs, _ = tc.tasks.recall_split_batch(3, 2, filler=5, generator=_gen())
    for model in models.values():
        assert model(inputs).shape == (3, 16)
    lstm = models["LSTM"].rnn
    size = lstm.hidden_size
    forget = lstm.bias_ih_l0[size:2 * size] + lstm.bias_hh_l0[size:2 * size]
    torch.testing.assert_close(forget, torch.ones(size))
    with pytest.raises(tc.CourseError):
        tc.vs_rnn_race.race_model("GRU")


def test_train_recall_curves_and_determinism():
    kwargs = dict(lr=1e-2, seed=3, max_steps=60, eval_size=32, batch_size=16)
    a = tc.vs_rnn_race.train_recall("LSTM", 2, filler=2, **kwargs)
    b = tc.vs_rnn_race.train_recall("LSTM", 2, filler=2, **kwargs)
    assert a == b
    assert a["steps"] == [25, 50, 60] and len(a["validation"]) == len(a["test"]) == 3
    assert all(0 <= v <= 1 for v in a["validation"] + a["test"] + [a["train"]])
    assert a["converged_step"] is None or a["converged_step"] in a["steps"]


def test_tune_and_run_picks_by_validation_and_breaks_ties_by_steps(monkeypatch):
    finals = {(1e-3, 0): (0.50, 100), (3e-3, 0): (0.99, 75), (1e-2, 0): (1.0, 50)}

    def fake(name, n_pairs, *, lr, seed, max_steps, filler=0, **kwargs):
        val, steps = finals.get((lr, seed), (0.9, max_steps))
        return {"steps": [steps], "validation": [val], "test": [val], "lr": lr, "seed": seed}

    monkeypatch.setattr(tc.vs_rnn_race, "train_recall", fake)
    out = tc.vs_rnn_race.tune_and_run("LSTM", 2, lrs=[1e-3, 3e-3, 1e-2], seeds=[0, 1, 2],
                                      max_steps=100)
    assert out["best_lr"] == 1e-2  # both converged: the faster one wins
    assert [run["seed"] for run in out["runs"]] == [0, 1, 2]
    assert all(run["lr"] == 1e-2 for run in out["runs"])
    assert out["grid"]["0.001"] == {"validation": 0.5, "steps": 100}


def test_sweep_quick_runs_and_is_json():
    import json

    out = tc.vs_rnn_race.sweep_recall(quick=True)
    assert set(out) == {"results", "seeds", "config"}
    results = out["results"]
    assert set(results) == {"params", "pairs", "distance", "open_gate"}
    for section in ("pairs", "distance"):
        for setting in results[section].values():
            assert set(setting) == {"Transformer", "LSTM"}
            assert len(setting["LSTM"]["runs"]) == len(out["seeds"])
    assert list(results["open_gate"]) == list(results["distance"])
    assert all(set(gate) == {"LSTM"} for gate in results["open_gate"].values())
    json.dumps(out)
    lines = tc.vs_rnn_race.summary_lines(results, "pairs") + tc.vs_rnn_race.lr_lines(results)
    assert any("Transformer" in line for line in lines)
    assert any("LSTM bias 3" in line for line in tc.vs_rnn_race.open_gate_lines(results))


def test_open_gate_runs_with_forget_bias_3(monkeypatch):
    biases = []
    real = tc.vs_rnn_race.train_recall

    def spy(*args, **kwargs):
        biases.append((args[0], kwargs["filler"], kwargs["forget_bias"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(tc.vs_rnn_race, "train_recall", spy)
    tc.vs_rnn_race.sweep_recall(quick=True)
    distance = [b for b in biases if b[1] > 0]
    assert {b for b in distance if b[0] == "LSTM"} == {("LSTM", 3, 1.0), ("LSTM", 3, 3.0)}
    assert {b[2] for b in biases if b[0] == "Transformer"} == {1.0}  # ignored by the Transformer


def _run(steps, test, converged=None, max_steps=None):
    return {"steps": steps, "validation": test, "test": test, "train": test[-1],
            "converged_step": converged, "max_steps": max_steps or steps[-1]}


def _setting(transformer_runs, lstm_runs):
    return {"Transformer": {"best_lr": 3e-3, "runs": transformer_runs},
            "LSTM": {"best_lr": 1e-3, "runs": lstm_runs}}


def test_held_curve_holds_the_last_value():
    run = _run([25, 50], [0.5, 1.0], converged=50, max_steps=1000)
    assert tc.vs_rnn_race.held_curve(run, [10, 25, 49, 50, 1000]).tolist() == [0.5, 0.5, 0.5, 1.0, 1.0]


@pytest.mark.parametrize("a, b, words", [
    ([0.9, 0.95, 1.0], [0.5, 0.6, 0.7], "Transformer har seed par aage"),
    ([0.5, 0.6, 0.7], [0.9, 0.95, 1.0], "LSTM har seed par aage"),
    ([0.5, 0.8, 0.9], [0.6, 0.7, 0.95], "saaf fark nahi")])
def test_compare_words_follow_the_numbers(a, b, words):
    assert words in tc.vs_rnn_race.compare_words("Transformer", a, "LSTM", b)


def test_summary_lines_follow_the_numbers():
    rising = [_run([100, 800, 1000], [0.1, 0.25, 0.35]) for _ in range(3)]
    flat = [_run([100, 800, 1000], [0.06, 0.06, 0.06]) for _ in range(3)]
    done = [_run([25, 50], [0.9, 1.0], converged=50, max_steps=1000) for _ in range(3)]
    results = {"pairs": {"2": _setting(done, rising)}, "distance": {"128": _setting(done, flat)}}
    pairs = "\n".join(tc.vs_rnn_race.summary_lines(results, "pairs"))
    assert "99% validation par 50" in pairs and "abhi bhi badh rahi thi" in pairs
    assert "andhe guess se upar" in pairs and "Transformer har seed par aage" in pairs
    distance = "\n".join(tc.vs_rnn_race.summary_lines(results, "distance"))
    assert "andhe guess jitna" in distance and "har seed par nahi badh rahi thi" in distance
    results["pairs"]["2"] = _setting(rising, done)  # the other direction
    assert "LSTM har seed par aage" in "\n".join(tc.vs_rnn_race.summary_lines(results, "pairs"))


def test_record_plots_and_live_slice(monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = tc.vs_rnn_race.sweep_recall(quick=True)["results"]
    live = tc.vs_rnn_race.live_slice(results, n_pairs=2, max_steps=5, eval_size=16)
    assert live["key"] == ("pairs", "2") and set(live["runs"]) == {"Transformer", "LSTM"}
    tc.vs_rnn_race.plot_recall_curves(results, "pairs", live=live)
    tc.vs_rnn_race.plot_recall_curves(results, "distance")
    tc.vs_rnn_race.plot_recall_final(results)
    plt.close("all")


@pytest.mark.parametrize("lstm, encoder, words", [
    ([1.0, 1.0], [2.0, 8.0], ["LSTM encoder layer se 2.0× tez", "LSTM ki taraf"]),
    ([4.0, 16.0], [1.0, 2.0], ["LSTM encoder layer se 4.0× slow", "encoder ki taraf"]),
    ([1.0, 2.0], [1.0, 2.0], ["lagbhag barabar", "lagbhag wahi"])])
def test_speed_lines_follow_the_numbers(lstm, encoder, words):
    result = {"lengths": [16, 512], "LSTM": lstm, "Transformer": encoder,
              "ratio": [a / b for a, b in zip(lstm, encoder, strict=True)], "device": "cpu"}
    text = "\n".join(tc.vs_rnn.speed_lines(result))
    assert all(word in text for word in words), text


def _race_results(lstm_far=0.06, lstm_final=0.6, rising=True, train_gap=0.1):
    done = [_run([25, 50], [0.9, 1.0], converged=50, max_steps=1000) for _ in range(3)]
    end = 0.5 if rising else lstm_final
    lstm = [_run([100, 800, 1000], [0.2, end, lstm_final]) for _ in range(3)]
    few = [dict(_run([100, 800, 1000], [0.2, 0.5, 0.6]), train=0.6 + train_gap) for _ in range(3)]
    far = [_run([100, 800, 1000], [lstm_far] * 3) for _ in range(3)]
    return {"pairs": {"2": _setting(done, few), "8": _setting(done, lstm)},
            "distance": {"0": _setting(done, few), "128": _setting(done, far)}}


def test_race_facts_follow_the_numbers():
    assert all(tc.vs_rnn_race.race_facts(_race_results()).values())
    facts = tc.vs_rnn_race.race_facts(_race_results(lstm_far=0.4, rising=False, train_gap=0.0))
    assert [k for k, v in facts.items() if not v] == [
        "LSTM (forget bias 1), sabse zyada filler: andhe guess jitna (mean ≤ 1/16 + 0.03)",
        "LSTM (forget bias 1), sabse zyada pairs: aakhri 20% steps me har seed badh raha tha (> +0.02)",
        "LSTM (forget bias 1), sabse kam pairs: train-split accuracy test se 0.05+ zyada (key-sets ka ratta)"]
    beaten = tc.vs_rnn_race.race_facts(_race_results(lstm_final=1.0))
    assert not beaten["LSTM (forget bias 1): har setting me har seed Transformer ke har seed se peeche"]
    line = tc.vs_rnn.step_budget_line(_race_results())
    assert "sabse zyada 50 steps lage, LSTM ko 1000 mile (×20)" in line


def test_plateau_and_transformer_distance_lines_follow_the_numbers():
    results = _race_results()
    lines = tc.vs_rnn.plateau_lines(results)
    assert any("pairs" in line and "step (seeds) 800, 800, 800" in line for line in lines)
    assert any("filler 128" in line and "kabhi nahi" in line for line in lines)
    assert "final accuracy par fark nahi" in tc.vs_rnn.transformer_distance_line(results)
    slow = [_run([25, 200], [0.5, 1.0], converged=200, max_steps=1000) for _ in range(3)]
    results["distance"]["128"]["Transformer"]["runs"] = slow
    assert "seekhne me ~4.0× steps" in tc.vs_rnn.transformer_distance_line(results)
    results["distance"]["128"]["Transformer"]["runs"] = [
        _run([25, 50], [0.9, 1.0], converged=50, max_steps=1000) for _ in range(3)]
    assert "lagbhag utne hi steps" in tc.vs_rnn.transformer_distance_line(results)


def test_still_rising_needs_every_seed():
    runs = [_run([100, 800, 1000], [0.1, 0.2, end]) for end in (0.4, 0.4, 0.2)]
    setting = _setting(runs, runs)
    assert [round(r, 2) for r in tc.vs_rnn_race.late_rise(setting, "LSTM")] == [0.2, 0.2, 0.0]
    assert "har seed par nahi badh rahi thi" in vs_rnn_race_record._trend_words(setting, "LSTM")


def test_open_gate_facts_follow_the_numbers():
    results = _race_results()
    gate = lambda values: {"LSTM": {"best_lr": 3e-3, "runs": [_run([100, 1000], [v, v]) for v in values]}}  # noqa: E731
    results["open_gate"] = {"0": gate([0.6, 0.7, 0.9]), "128": gate([0.05, 0.1, 0.2])}
    facts = tc.vs_rnn_race.open_gate_facts(results)
    assert all(facts.values()), facts
    results["open_gate"]["128"] = gate([0.6, 0.6, 0.6])  # bias 3 clearly better, above copy level
    facts = tc.vs_rnn_race.open_gate_facts(results)
    assert [k for k, v in facts.items() if not v] == [
        "forget bias 3 vs 1: har filler par seeds ke ranges milte hain (saaf fark nahi)",
        "LSTM (forget bias 3), sabse zyada filler: har seed 'koi bhi value copy' (1/pairs) se neeche"]
    results["open_gate"]["0"] = gate([1.0, 1.0, 1.0])  # reaches the Transformer's worst seed
    assert not tc.vs_rnn_race.open_gate_facts(results)[
        "LSTM (forget bias 3): har filler par har seed Transformer ke har seed se peeche"]
