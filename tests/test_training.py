"""The training loop's pieces (model.training) against PyTorch and by hand."""

from __future__ import annotations

import torch
import torch.nn.functional as F

import transformer_course as tc


def _logits_and_targets():
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(3, 4, 5, generator=g)
    targets = torch.randint(5, (3, 4), generator=g)
    targets[0, -1] = tc.IGNORE_INDEX
    return logits, targets


def test_cross_entropy_matches_pytorch_with_ignored_targets():
    logits, targets = _logits_and_targets()
    expected = F.cross_entropy(logits.permute(0, 2, 1), targets, ignore_index=-100)
    torch.testing.assert_close(tc.cross_entropy(logits, targets), expected)
    torch.testing.assert_close(tc.cross_entropy(logits[:, 0], targets[:, 1]),
                               F.cross_entropy(logits[:, 0], targets[:, 1]))


def test_accuracies_skip_ignored_positions():
    logits, targets = _logits_and_targets()
    predicted = logits.argmax(-1)
    keep = targets != tc.IGNORE_INDEX
    assert tc.token_accuracy(logits, targets) == float((predicted[keep] == targets[keep]).float().mean())
    right = torch.where(keep, predicted == targets, torch.ones_like(keep))
    assert tc.sequence_accuracy(logits, targets) == float(right.all(-1).float().mean())
    perfect = F.one_hot(targets.clamp_min(0), 5).float()
    assert tc.token_accuracy(perfect, targets) == 1.0 == tc.sequence_accuracy(perfect, targets)
    assert torch.isnan(torch.tensor(tc.token_accuracy(logits, torch.full_like(targets, -100))))


def test_predict_is_argmax_in_eval_mode_without_gradients():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Dropout(0.5)).train()
    x = torch.randn(2, 5, 4)
    out = tc.predict(model, x)
    assert not model.training and not out.requires_grad
    assert torch.equal(out, model[0](x).argmax(-1))


def test_history_final_accuracy():
    history = tc.History()
    assert torch.isnan(torch.tensor(history.final_accuracy))
    history.accuracies += [0.5, 0.75]
    assert history.final_accuracy == 0.75
