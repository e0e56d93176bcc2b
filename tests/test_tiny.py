"""Notebook 06: the tiny Transformer, its attention maps, the exercises' checks, a training smoke test.

Oracles: the model's forward pass vs a copy built from PyTorch's own nn.TransformerEncoderLayer
(same weights), and each layer's attention map vs nn.MultiheadAttention's weights on the same
input. Tolerances: float32 atol 1e-5 (measured max |diff| ≈ 7e-7 logits, 2e-7 maps), float64
atol 1e-10 (measured ≈ 1e-15 logits, 4e-16 maps).
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import transformer_course as tc
from transformer_course.data import tasks as T
from transformer_course.model.training import IGNORE_INDEX, fit, sequence_accuracy

TOL = {torch.float32: 1e-5, torch.float64: 1e-10}



def _model(vocab=12, d_model=16, nhead=2, layers=2, ff=32, max_len=10, *, norm_first=True,
           positional="sinusoidal", dtype=torch.float32, seed=0):
    torch.manual_seed(seed)
    return tc.TinyTransformer(vocab, d_model=d_model, nhead=nhead, num_layers=layers,
                             dim_feedforward=ff, max_len=max_len, norm_first=norm_first,
                             positional=positional).to(dtype).eval()


def _tokens(batch, length, vocab=12, seed=1):
    return torch.randint(0, vocab, (batch, length), generator=torch.Generator().manual_seed(seed))


def _torch_twin(model: tc.TinyTransformer):
    """PyTorch's own encoder layers with the model's weights: the oracle."""
    layers = []
    for block in model.encoder.layers:
        ref = nn.TransformerEncoderLayer(model.d_model, block.self_attn.num_heads,
                                         block.linear1.out_features, dropout=0.0, batch_first=True,
                                         norm_first=block.norm_first,
                                         dtype=block.linear1.weight.dtype)
        ref.load_state_dict(block.state_dict())
        layers.append(ref.eval())
    return layers


def _oracle_forward_and_maps(model, tokens):
    x = model.embed_tokens(tokens)
    maps = []
    for ref in _torch_twin(model):
        h = ref.norm1(x) if ref.norm_first else x
        _, w = ref.self_attn(h, h, h, need_weights=True, average_attn_weights=False)
        maps.append(w)
        x = ref(x)
    if model.encoder.norm is not None:
        x = model.encoder.norm(x)
    return model.head(x), torch.stack(maps, dim=1)


# ---------------------------------------------------------------- model vs PyTorch


@settings(max_examples=30, deadline=None)
@given(batch=st.integers(1, 4), length=st.integers(1, 10), nhead=st.sampled_from([1, 2, 4]),
       layers=st.integers(1, 3), norm_first=st.booleans(),
       positional=st.sampled_from(["sinusoidal", "learned"]),
       dtype=st.sampled_from([torch.float32, torch.float64]), seed=st.integers(0, 1000))
def test_forward_and_maps_match_pytorch(batch, length, nhead, layers, norm_first, positional,
                                        dtype, seed):
    model = _model(nhead=nhead, layers=layers, norm_first=norm_first, positional=positional,
                   dtype=dtype, seed=seed)
    tokens = _tokens(batch, length, seed=seed)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's note about its nested-tensor fast path
        logits = model(tokens)
        want_logits, want_maps = _oracle_forward_and_maps(model, tokens)
    maps = tc.attention_maps(model, tokens)
    assert logits.shape == (batch, length, 12) and logits.dtype == dtype
    assert maps.shape == (batch, layers, nhead, length, length) and maps.dtype == dtype
    torch.testing.assert_close(logits, want_logits, atol=TOL[dtype], rtol=0)
    torch.testing.assert_close(maps, want_maps, atol=TOL[dtype], rtol=0)
    torch.testing.assert_close(maps.sum(-1), torch.ones_like(maps.sum(-1)), atol=TOL[dtype], rtol=0)


def test_attention_maps_restores_training_mode():
    model = _model().train()
    tc.attention_maps(model, _tokens(2, 5))
    assert model.training


def test_num_classes_and_parameter_count():
    model = tc.TinyTransformer(10, num_classes=3, d_model=8, nhead=2, num_layers=1,
                              dim_feedforward=16, max_len=4)
    assert model(_tokens(2, 4, vocab=10)).shape == (2, 4, 3)
    assert model.num_layers == 1 and model.nhead == 2
    assert tc.count_parameters(model) == sum(p.numel() for p in model.parameters())
    learned = tc.TinyTransformer(10, d_model=8, nhead=2, num_layers=1, dim_feedforward=16,
                                max_len=4, positional="learned")
    assert tc.count_parameters(learned) == tc.count_parameters(
        tc.TinyTransformer(10, d_model=8, nhead=2, num_layers=1, dim_feedforward=16, max_len=4)) + 4 * 8  # the learned position table


@pytest.mark.parametrize("tokens", [
    torch.zeros(2, 5),                                # float ids
    torch.zeros(5, dtype=torch.long),                 # 1-D
    torch.full((2, 5), 12, dtype=torch.long),         # id == vocab_size
    torch.full((2, 5), -1, dtype=torch.long),         # negative id
    torch.zeros(2, 11, dtype=torch.long),             # longer than max_len
    [[1, 2, 3]],                                      # not a tensor
])
def test_bad_tokens(tokens):
    model = _model()
    with pytest.raises(tc.CourseError):
        model(tokens)
    with pytest.raises(tc.CourseError):
        tc.attention_maps(model, tokens)


@pytest.mark.parametrize("kwargs", [dict(positional="rope"), dict(vocab_size=0),
                                    dict(num_classes=-1), dict(max_len=0), dict(d_model=15)])
def test_bad_model_arguments(kwargs):
    args = dict(vocab_size=10, d_model=16, nhead=2, max_len=8) | kwargs
    with pytest.raises(tc.CourseError):
        tc.TinyTransformer(**args)


def test_attention_maps_needs_a_tiny_transformer():
    with pytest.raises(tc.CourseError):
        tc.attention_maps(nn.Linear(3, 3), _tokens(1, 3))


# ---------------------------------------------------------------- exact match


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(1, 8), length=st.integers(1, 8), vocab=st.integers(2, 6),
       seed=st.integers(0, 1000), dtype=st.sampled_from([torch.float32, torch.float64]))
def test_exact_match_matches_sequence_accuracy(batch, length, vocab, seed, dtype):
    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(batch, length, vocab, generator=gen, dtype=dtype)
    targets = torch.randint(0, vocab, (batch, length), generator=gen)
    targets[torch.rand(batch, length, generator=gen) < 0.2] = IGNORE_INDEX
    # make some rows right, so the accuracy is not always 0
    right = torch.rand(batch, generator=gen) < 0.5
    targets[right] = torch.where(targets[right] == IGNORE_INDEX, IGNORE_INDEX,
                                 logits[right].argmax(-1))
    got = tc.exact_match_accuracy(logits, targets)
    assert isinstance(got, float)
    assert got == pytest.approx(sequence_accuracy(logits, targets), abs=0)


@pytest.mark.parametrize("logits, targets", [
    (torch.zeros(2, 3, 4), torch.zeros(2, 4, dtype=torch.long)),
    (torch.zeros(2, 3), torch.zeros(2, dtype=torch.long)),
    (torch.zeros(2, 3, 4), torch.zeros(2, 3)),
    (torch.zeros(2, 3, 4, dtype=torch.long), torch.zeros(2, 3, dtype=torch.long)),
])
def test_exact_match_bad_inputs(logits, targets):
    with pytest.raises(tc.CourseError):
        tc.exact_match_accuracy(logits, targets)


# ---------------------------------------------------------------- the checks


def _stub(*args, **kwargs):
    raise NotImplementedError("abhi nahi likha")


def _per_sequence_mean(logits, targets):  # token accuracy instead of exact match
    return float((logits.argmax(-1) == targets).float().mean())


def _maps_first_layer_only(model, tokens):  # forgets to move x through the layers
    x = model.embed_tokens(tokens)
    maps = []
    for layer in model.encoder.layers:
        h = layer.norm1(x) if layer.norm_first else x
        maps.append(layer.self_attn(h, h, h, need_weights=True, average_attn_weights=False)[1])
    return torch.stack(maps, dim=1)


def _maps_without_norm(model, tokens):  # gives the attention the un-normalised x
    x = model.embed_tokens(tokens)
    maps = []
    for layer in model.encoder.layers:
        maps.append(layer.self_attn(x, x, x, need_weights=True, average_attn_weights=False)[1])
        x = layer(x)
    return torch.stack(maps, dim=1)


@pytest.mark.parametrize("check, reference, wrongs", [
    (tc.check_exact_match_accuracy, tc.exact_match_accuracy, [_per_sequence_mean]),
    (tc.check_attention_maps, tc.attention_maps, [_maps_first_layer_only, _maps_without_norm]),
])
def test_checks(capsys, check, reference, wrongs):
    assert check(reference) is True
    assert "✅" in capsys.readouterr().out
    for wrong in wrongs:
        assert check(wrong) is False
        assert "❌" in capsys.readouterr().out
    assert check(_stub) is False
    assert "abhi baaki hai" in capsys.readouterr().out


# ---------------------------------------------------------------- modify: a model without positions


class _NoPositions(tc.TinyTransformer):  # the right change
    def embed_tokens(self, tokens):
        return self.embed(tokens)


class _SubtractsPositions(tc.TinyTransformer):  # also right: takes the table back out
    def embed_tokens(self, tokens):
        return super().embed_tokens(tokens) - self.pe[: tokens.shape[1]]


class _Unchanged(tc.TinyTransformer):  # overrides the method but keeps the positions
    def embed_tokens(self, tokens):
        return super().embed_tokens(tokens)


class _KeptPositionsOnly(tc.TinyTransformer):  # removes the wrong half
    def embed_tokens(self, tokens):
        return torch.zeros_like(self.embed(tokens)) + self.pe[: tokens.shape[1]]


class _RemovedEverything(tc.TinyTransformer):  # the model sees nothing at all
    def embed_tokens(self, tokens):
        return self.embed(tokens) * 0


class _StubNoPositions(tc.TinyTransformer):
    def embed_tokens(self, tokens):
        raise NotImplementedError("abhi nahi likha")


@pytest.mark.parametrize("right", [_NoPositions, _SubtractsPositions])
def test_no_position_check_passes_right_changes(capsys, right):
    assert tc.check_no_position_model(right) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, named", [
    (_Unchanged, "positional encoding abhi bhi jud raha hai"),
    (_KeptPositionsOnly, "ulta hata diya"),
    (_RemovedEverything, "sab kuch hata diya"),
])
def test_no_position_check_names_the_mistake(capsys, wrong, named):
    assert tc.check_no_position_model(wrong) is False
    out = capsys.readouterr().out
    assert "❌" in out and f"Lagta hai: {named}" in out, out


def test_no_position_check_stub_and_course_class(capsys):
    assert tc.check_no_position_model(_StubNoPositions) is False
    assert "abhi baaki hai" in capsys.readouterr().out
    assert tc.check_no_position_model(tc.TinyTransformer) is False
    assert "❌" in capsys.readouterr().out


def test_without_positions_the_model_is_permutation_equivariant():
    tc.seed_everything(0)
    model = _NoPositions(10, d_model=16, nhead=2, num_layers=2, dim_feedforward=32, max_len=8).eval()
    tokens = _tokens(4, 8, vocab=10)
    perm = torch.randperm(8, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        torch.testing.assert_close(model(tokens[:, perm]), model(tokens)[:, perm], atol=1e-5, rtol=0)


def test_bag_guess_accuracy():
    inputs = torch.tensor([[1, 1, 1, 2], [3, 4, 3, 4], [5, 6, 7, 8]])
    targets = inputs.flip(1)
    # row 0: the other three digits hold 1 most often → right wherever the target is 1 (3 of 4)
    # row 1: taking out its own digit leaves the other digit the most common → all 4 right
    # row 2: all tied, the smaller digit wins → only position 3 (guess 5, target 5) right
    assert tc.tiny.bag_guess_accuracy(inputs, targets) == pytest.approx((3 / 4 + 4 / 4 + 1 / 4) / 3)
    with pytest.raises(tc.CourseError):
        tc.tiny.bag_guess_accuracy(inputs, targets[:, :3])
    with pytest.raises(tc.CourseError):
        tc.tiny.bag_guess_accuracy(inputs[:, :1], targets[:, :1])


# ---------------------------------------------------------------- "it": attention, blocking, baselines


def _it_model(layers=2):
    tc.seed_everything(0)
    return tc.TinyTransformer(len(T.it_vocab()), d_model=16, nhead=2, num_layers=layers,
                              dim_feedforward=32, max_len=10)


def test_it_summaries_shapes_and_sums():
    vocab = T.it_vocab()
    held = T.it_split()[1]
    sentences = held[:6] + held[-6:]  # both kinds of adjective, both places of "it"
    assert {s.kind for s in sentences} == {"animal", "object"}
    maps = tc.attention_maps(_it_model(), T.encode_it(sentences, vocab)[0])
    summary = tc.tiny.it_attention_summary(maps, sentences)
    assert set(summary) == {"animal", "object"}
    for kind in summary.values():
        assert {k: v.shape for k, v in kind.items()} == {k: (2, 2) for k in ("referent", "other", "adjective")}
    roles = tc.tiny.it_attention_by_role(maps, sentences)
    assert set(roles) == {(layer, kind) for layer in (0, 1) for kind in ("animal", "object")}
    for values in roles.values():
        assert list(values) == list(tc.tiny.ROLES)
        assert sum(values.values()) == pytest.approx(1.0)
        assert min(values.values()) >= -1e-6
    assert "referent noun" in tc.tiny.format_it_roles(roles)
    with pytest.raises(tc.CourseError):
        tc.tiny.it_attention_summary(maps, sentences[:3])


def test_it_summary_reads_the_right_words():
    """A map that puts all of "it"'s attention on one role shows up as 1.0 on that role."""
    sentences = T.it_split()[1][:4]
    for role, where in [("referent", lambda s: s.position(s.referent)),
                        ("adjective", lambda s: s.position(s.adjective))]:
        maps = torch.zeros(len(sentences), 1, 1, 10, 10)
        for i, s in enumerate(sentences):
            maps[i, 0, 0, s.it_position, where(s)] = 1.0
        summary = tc.tiny.it_attention_summary(maps, sentences)
        kind = sentences[0].kind
        assert float(summary[kind][role][0, 0]) == 1.0
        assert float(summary[kind]["other"][0, 0]) == 0.0


def test_blocking_changes_only_the_it_row_of_that_layer():
    vocab = T.it_vocab()
    sentences = T.it_split()[1][::50]
    tokens, _ = T.encode_it(sentences, vocab)
    model = _it_model()
    with torch.no_grad():
        plain = model.eval()(tokens)
    assert torch.allclose(tc.tiny.logits_with_block(model, tokens, sentences, "none"), plain, atol=1e-6)
    blocked = tc.tiny.logits_with_block(model, tokens, sentences, "referent", layer=-1)
    rows = torch.arange(len(sentences))
    where = torch.tensor([s.it_position for s in sentences])
    others = torch.ones(tokens.shape, dtype=torch.bool)
    others[rows, where] = False
    # the last layer: only "it" changes; an earlier layer: the change spreads to other words
    assert torch.allclose(blocked[others], plain[others], atol=1e-5)
    assert not torch.allclose(blocked[rows, where], plain[rows, where], atol=1e-4)
    early = tc.tiny.logits_with_block(model, tokens, sentences, "referent+adjective", layer=0)
    assert not torch.allclose(early[others], plain[others], atol=1e-4)
    both = tc.tiny.logits_with_block(model, tokens, sentences, "adjective", layer=(0, 1))
    assert not torch.allclose(both, tc.tiny.logits_with_block(model, tokens, sentences, "adjective", layer=0))
    with pytest.raises(tc.CourseError, match="block"):
        tc.tiny.logits_with_block(model, tokens, sentences, "cat")


def test_block_masks_hit_the_right_keys():
    from transformer_course.lessons.tiny_it import _block_mask
    sentences = T.it_split()[1][::97]
    for block, keys in [("referent", lambda s: {s.position(s.referent)}),
                        ("referent+adjective", lambda s: {s.position(s.referent), s.position(s.adjective)}),
                        ("control", lambda s: {s.it_position + 1}),
                        ("rest", lambda s: set(range(10)) - {s.it_position, s.position(s.referent)}),
                        ("none", lambda s: set())]:
        mask = _block_mask(sentences, block, 10, "cpu")
        for i, s in enumerate(sentences):
            assert set(torch.nonzero(mask[i, s.it_position]).flatten().tolist()) == keys(s), block
            assert mask[i].sum() == len(keys(s))  # only the row of "it"
    assert [s.words[s.it_position + 1] for s in sentences] == ["was"] * len(sentences)


def test_answer_kind():
    s = next(x for x in T.it_split()[1] if (x.animal, x.object, x.adjective) == ("cat", "mat", "tired"))
    assert [tc.tiny.answer_kind(s, w) for w in ("cat", "mat", "cow", "rug", "the")] == list(tc.tiny.ANSWERS)


def test_ablation_and_groups_return_every_key():
    vocab = T.it_vocab()
    train, held = T.it_split()
    model = _it_model()
    sentences = held[::20]
    table = tc.tiny.it_ablation(model, sentences, vocab)
    assert list(table) == list(tc.tiny.BLOCKS)
    counts = {kind: sum(s.kind == kind for s in sentences) for kind in tc.tiny.KINDS}
    for row in table.values():
        assert set(row) == {"animal", "object", "all", "wrong", "mass"}
        assert all(0.0 <= row[k] <= 1.0 for k in ("animal", "object", "all"))
        for kind in tc.tiny.KINDS:  # wrong answers + right answers = all sentences of that kind
            wrong = sum(row["wrong"][kind].values())
            assert wrong == round((1 - row[kind]) * counts[kind])
            assert 0.0 <= row["mass"][kind] <= 1.0 + 1e-6
    assert table["none"]["mass"] == {"animal": 0.0, "object": 0.0}
    both = tc.tiny.it_ablation(model, sentences, vocab, layer=(0, 1), blocks=("none", "adjective"))
    assert list(both) == ["none", "adjective"] and both["adjective"]["mass"]["animal"] > 0
    groups = tc.tiny.it_accuracy_by_group(model, train[::40] + held[::7], vocab)
    assert list(groups) == ["train", *tc.tiny.GROUPS]


def test_baselines_on_the_split():
    vocab = T.it_vocab()
    train, held = T.it_split()
    pairs = T.held_out_pairs()
    tests = {g: [s for s in held if T.it_novelty(s, pairs) == g] for g in T.GROUPS}
    base = tc.tiny.it_baselines(train, tests, vocab)
    for group in tests:
        assert base[group]["pehla noun"] == 0.5            # by construction
        assert base[group]["kism wala noun (haath ka rule)"] == 1.0  # the task's rule needs no order
    assert base["aadha naya jodaa"]["bag of words (linear)"] >= 0.95  # the other noun met the adjective
    assert base["poora naya jodaa"]["bag of words (linear)"] < 0.5     # nobody did: a linear model fails
    assert base["poora naya jodaa"]["sirf adjective"] == 0.0           # the referent never met it


def test_make_and_train_resolver_are_seeded():
    vocab = T.it_vocab()
    tokens, targets = T.encode_it(T.it_split()[0], vocab)
    a, b = tc.tiny.make_it_resolver(len(vocab), seed=3), tc.tiny.make_it_resolver(len(vocab), seed=3)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ha = tc.tiny.train_it_resolver(a, tokens, targets, seed=3, steps=5, progress=False)
        hb = tc.tiny.train_it_resolver(b, tokens, targets, seed=3, steps=5, progress=False)
    assert ha.losses == hb.losses


def _fake_record(looks: bool, uses: bool, own: bool, layer0: bool, untrained: bool, seeds=3,
                 name_share=1.0, default_drop=0.9):
    """A tiny_it_seeds-shaped record whose story tests come out as asked (both kinds alike);
    ``name_share`` of the wrong answers are outside nouns, ``default_drop`` is what the object
    kind loses when the adjective is blocked in both layers (the animal kind loses nothing)."""
    def roles(yes):
        return {"referent noun": 0.6 if yes else 0.2, "doosra noun": 0.1, "adjective": 0.2 if yes else 0.5,
                "baaki words": 0.1}

    def wrong(count):
        outside = round(count * name_share)
        return {"doosra noun": count - outside, "bahar ka noun, wahi kism": outside,
                "bahar ka noun, doosri kism": 0, "koi aur word": 0}

    def ablation(drop, blocks=tc.tiny.BLOCKS, hit=("referent", "referent+adjective")):
        out = {}
        for b in blocks:
            d = drop if b in hit else 0.0
            out[b] = {"animal": 1.0 - d, "object": 1.0 - d, "all": 1.0 - d,
                      "wrong": {k: wrong(round(100 * d)) for k in tc.tiny.KINDS},
                      "mass": {k: 0.0 if b == "none" else 0.4 for k in tc.tiny.KINDS}}
        return out

    both = ablation(0.0, ("none", "adjective"))
    both["adjective"]["object"] = 1.0 - default_drop
    both["adjective"]["wrong"]["object"] = {"doosra noun": round(100 * default_drop), "bahar ka noun, wahi kism": 0,
                                            "bahar ka noun, doosri kism": 0, "koi aur word": 0}
    shown = {"referent": [0.9 if own else 0.1], "adjective": [0.05 if own else 0.8], "other": [0.0]}
    one = {"accuracy": {g: 1.0 for g in tc.tiny.GROUPS}, "one_layer_accuracy": {g: 0.9 for g in tc.tiny.GROUPS},
           "roles": {f"{layer}/{k}": roles(looks if layer else layer0) for layer in (0, 1) for k in tc.tiny.KINDS},
           "untrained_roles": {f"1/{k}": roles(untrained) for k in tc.tiny.KINDS},
           "ablation": ablation(0.6 if uses else 0.01), "ablation_layer0": ablation(0.0), "ablation_both": both,
           "showcase_layer1": {k: shown for k in tc.tiny.KINDS}}
    return {"results": {"per_seed": {str(s): one for s in range(seeds)}}}


@pytest.mark.parametrize("flags, overall", [
    ((True,) * 5, "SACH"),
    ((False,) * 5, "GALAT"),
    ((True, True, False, False, False), "AADHA SACH"),
    ((False, False, False, True, True), "GALAT"),  # (d) and (e) are context: they never vote
])
def test_story_wording_follows_the_numbers(flags, overall):
    record = _fake_record(*flags)
    tests = tc.tiny.it_story_tests(record)
    assert [tests[k] for k in "abcde"] == [{"animal": 3 * f, "object": 3 * f} for f in flags]
    text = tc.tiny.it_story(record)
    assert next(line for line in text.splitlines() if "gin kar:" in line).endswith(f": {overall}")
    for key, (_, votes) in tc.tiny.STORY_TESTS.items():
        line = next(line for line in text.splitlines() if line.startswith(f"({key})"))
        assert line.endswith("haan" if votes else "nahi (sandarbh)")
    if flags[0] and not flags[2]:
        assert "har seed me: (a) animal 3/3" in text and "kisi seed me nahi: (c) animal 0/3" in text


@pytest.mark.parametrize("share, says", [(1.0, "naam yahin se copy hota hai"), (0.5, "alag-alag nahi dikhte")])
def test_name_not_kind_follows_the_wrong_answers(share, says):
    record = _fake_record(True, True, True, False, False, name_share=share)
    assert says in tc.tiny.name_not_kind(record)
    assert tc.tiny.wrong_answer_shares(record)["bahar ka noun, wahi kism"] == [share] * 3
    record["results"]["per_seed"]["0"]["ablation"]["referent"]["wrong"] = {
        k: dict.fromkeys(tc.tiny.ANSWERS[1:], 0) for k in tc.tiny.KINDS}  # (all seeds share one dict)
    assert "koi jawab galat nahi hua" in tc.tiny.name_not_kind(record)


def test_default_kind_and_layer0_report():
    assert tc.tiny.default_kind({"animal": 0.0, "object": 0.9}) == "animal"
    assert tc.tiny.default_kind({"animal": 0.6, "object": 0.1}) == "object"
    assert tc.tiny.default_kind({"animal": 0.5, "object": 0.4}) is None   # both break
    assert tc.tiny.default_kind({"animal": 0.1, "object": 0.05}) is None  # neither breaks
    text = tc.tiny.it_layer0_report(_fake_record(True, True, True, False, False))
    assert "3/3 seeds" in text and "seed 0: animal" in text and "default kism" in text
    assert "layer 1 ka apna attention" in text  # layer 0 alone breaks nothing in the fake record
    text = tc.tiny.it_layer0_report(_fake_record(True, True, True, False, False, default_drop=0.1))
    assert "sach nahi" in text


def test_mass_control_and_accuracy_report():
    record = _fake_record(True, True, True, False, False)
    line = tc.tiny.mass_control_line(record)
    assert "6/6 me control ne referent jitna ya zyada hataya" in line
    base = {g: {"pehla noun": 0.5, "bag of words (linear)": 0.3, "kism wala noun (haath ka rule)": 1.0}
            for g in tc.tiny.GROUPS}
    live = {g: 1.0 for g in tc.tiny.GROUPS}
    text = tc.tiny.it_accuracy_report(record, live, base, tc.tiny.GROUPS)
    assert "(usse bhi kam)" in text and "3/3 seeds me bag of words se upar" in text
    for g in tc.tiny.GROUPS:
        base[g]["bag of words (linear)"] = 0.95
    text = tc.tiny.it_accuracy_report(record, live, base, tc.tiny.GROUPS)
    assert "(usse upar)" in text and "1 layer 0.900 [0.900–0.900]: 0/3 seeds me" in text


def test_verdict_and_over_seeds():
    assert [tc.tiny.verdict(h, 5) for h in (0, 3, 5)] == ["galat", "aadha sach", "sach"]
    for hits, total in [(6, 5), (-1, 5), (0, 0)]:
        with pytest.raises(tc.CourseError):
            tc.tiny.verdict(hits, total)
    record = {"results": {"per_seed": {"0": {"a": {"b": 0.25}}, "1": {"a": {"b": 0.5}}}}}
    assert tc.tiny.over_seeds(record, "a", "b") == [0.25, 0.5]
    assert tc.tiny.strongest_adjective_head(_fake_record(True, True, False, False, False)) == ("0", 0, 0.8, 0.1)


def test_reversal_sets_and_anti_diagonal():
    (val_x, val_y), (test_x, test_y) = tc.tiny.reversal_sets()
    assert val_x.shape == (500, 8) and test_x.shape == (1000, 8)
    assert not T.is_reversal_held_out(val_x).any() and T.is_reversal_held_out(test_x).all()
    assert torch.equal(val_y, val_x.flip(1)) and torch.equal(test_y, test_x.flip(1))
    maps = torch.zeros(2, 1, 1, 8, 8)
    maps[:, 0, 0, torch.arange(8), torch.arange(8).flip(0)] = 1.0
    assert tc.tiny.anti_diagonal_mass(maps) == 1.0
    assert tc.tiny.anti_diagonal_mass(torch.full((2, 1, 1, 8, 8), 1 / 8)) == pytest.approx(1 / 8)


def test_sweep_quick_runs_and_has_the_record_keys():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = tc.tiny.sweep_it(quick=True)
    assert set(out) == {"results", "seeds", "config"} and out["seeds"] == [0]
    seed = out["results"]["per_seed"]["0"]
    assert {"accuracy", "ablation", "ablation_layer0", "ablation_both", "roles", "showcase_layer1",
            "untrained_roles", "reversal"} <= set(seed)
    assert set(seed["reversal"]) == {"steps", "test_exact", "anti_diagonal"}
    assert set(out["results"]["baselines"]) == set(tc.tiny.GROUPS)
    import json
    json.dumps(out)  # a record must be JSON


def test_shipped_record_tells_the_notebooks_story():
    record = tc.records.load_record("tiny_it_seeds")
    assert len(record["seeds"]) >= 3
    n = len(record["seeds"])
    tests = tc.tiny.it_story_tests(record)
    assert tests["a"]["animal"] == tests["b"]["animal"] == n and tests["e"] == {"animal": 0, "object": 0}
    assert "gin kar: AADHA SACH" in tc.tiny.it_story(record)
    assert min(tc.tiny.wrong_answer_shares(record)["bahar ka noun, wahi kism"]) >= 0.8


def test_pictures_draw(capsys):
    vocab = T.it_vocab()
    held = T.it_split()[1]
    sentences = held[:2] + held[-2:]
    model = _it_model()
    maps = tc.attention_maps(model, T.encode_it(sentences, vocab)[0])
    tc.tiny.plot_attention_pair(maps[0, 0, 0], maps[1, 0, 0], list("abcdefghij"))
    summary = tc.tiny.it_attention_summary(maps, sentences)
    tc.tiny.plot_it_summary({"a": summary, "b": summary}, layer=1)
    tc.tiny.plot_it_pair(tc.attention_maps, model, sentences[:2], vocab, suptitle="t")
    tc.tiny.draw_it_explorer(model, tc.attention_maps, held[-1], vocab, layer=0)
    assert "Model ka jawab: it →" in capsys.readouterr().out
    record = _fake_record(True, True, True, False, False)
    tc.tiny.plot_it_ablation(record, record["results"]["per_seed"]["0"]["ablation"])
    plt.close("all")


# ---------------------------------------------------------------- training smoke tests


def test_reversal_training_loss_goes_down():
    tc.seed_everything(0)
    model = tc.TinyTransformer(10, d_model=64, nhead=1, num_layers=1, dim_feedforward=128, max_len=8)
    gen = torch.Generator().manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        history = fit(model, lambda step: T.reversal_batch(64, generator=gen), steps=40,
                      progress=False)
    first, last = sum(history.losses[:5]) / 5, sum(history.losses[-5:]) / 5
    assert last < 0.7 * first


def test_it_training_loss_goes_down():
    tc.seed_everything(0)
    vocab = T.it_vocab()
    tokens, targets = T.encode_it(T.it_split()[0], vocab)
    model = tc.TinyTransformer(len(vocab), d_model=32, nhead=2, num_layers=2, dim_feedforward=64,
                              max_len=10)
    gen = torch.Generator().manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        history = fit(model, lambda step: T.sample_batch(tokens, targets, 64, generator=gen),
                      steps=30, progress=False)
    assert sum(history.losses[-5:]) < 0.7 * sum(history.losses[:5])
