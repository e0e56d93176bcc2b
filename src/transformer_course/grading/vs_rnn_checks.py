"""Notebook 07's exercise checks: the recall batch generator, gradient norm per position, and
the LSTM forget-gate bias (a modify exercise; its reference ``set_forget_bias`` lives here)."""

from __future__ import annotations

import torch
from torch import nn

from ..data.tasks import make_recall_batch, recall_answer
from ..errors import describe
from ..model.probes import flow_layers, gradient_norm_per_position
from .checks import Case, check, randomise_parameters
from .hints import first_level, register
from .predictions import explain

__all__ = ["check_make_recall_batch", "check_gradient_norm_per_position",
           "check_set_forget_bias"]  # tc.<name> (see grading/__init__.py)


def _recall_summary(fn, batch_size, n_pairs, n_keys, n_values, seed=0) -> list[str]:
    """What a correct generator guarantees, as short readable lines (used by the check)."""
    out = fn(batch_size, n_pairs, n_keys, n_values, generator=torch.Generator().manual_seed(seed))
    if not (isinstance(out, tuple) and len(out) == 2
            and all(isinstance(t, torch.Tensor) for t in out)):
        return [f"output: (inputs, targets) tensors ka tuple nahi, mila {describe(out)}"]
    inputs, targets = out
    again = fn(batch_size, n_pairs, n_keys, n_values, generator=torch.Generator().manual_seed(seed))
    lines = [f"inputs shape {tuple(inputs.shape)}", f"targets shape {tuple(targets.shape)}",
             f"dtypes {inputs.dtype}, {targets.dtype}"]
    if inputs.shape != (batch_size, n_pairs + 1, 2) or targets.shape != (batch_size,):
        return lines
    keys, values = inputs[:, :-1, 0], inputs[:, :-1, 1]
    sorted_keys, sorted_values = keys.sort(dim=1).values, values.sort(dim=1).values
    lines += [
        f"keys 0..n_keys-1 me: {bool(((inputs[..., 0] >= 0) & (inputs[..., 0] < n_keys)).all())}",
        f"values 0..n_values-1 me: {bool(((values >= 0) & (values < n_values)).all())}",
        f"query ki value = blank (n_values): {bool((inputs[:, -1, 1] == n_values).all())}",
        f"har row me keys alag: {bool((sorted_keys[:, 1:] != sorted_keys[:, :-1]).all())}",
        f"har row me values alag: {bool((sorted_values[:, 1:] != sorted_values[:, :-1]).all())}",
        f"query pehle aayi key hai: {bool((keys == inputs[:, -1:, 0]).any(dim=1).all())}",
    ]
    if lines[-1].endswith("True"):
        lines.append(f"target = query ki value: {bool(torch.equal(recall_answer(inputs), targets))}")
    same = (isinstance(again, tuple) and len(again) == 2
            and torch.equal(again[0], inputs) and torch.equal(again[1], targets))
    lines.append(f"same seed → same batch: {same}")
    return lines


MAKE_RECALL_BATCH_HINT = register(
    "make_recall_batch",
    idea='Har row ek chhota dictionary hai: n_pairs alag keys, har key ki alag value; aakhir me unhi me se ek key dobara (query), jiska jawab uski value. Saari randomness diye gaye generator se, taaki same seed → same batch.',
    shapes='keys aur values: (B, n_pairs), har row me alag-alag ids (ek random permutation ke pehle n_pairs). query: (B, 1), unhi keys me se. inputs (B, n_pairs + 1, 2): [..., 0] keys aur aakhir me query, [..., 1] values aur aakhir me blank id n_values. targets (B,). n_pairs > n_keys ya > n_values ho to ValueError.',
    code='har row ke liye `torch.rand(B, n_keys, generator=generator).argsort(dim=1)` ek random permutation deta hai; uske pehle n_pairs le lijiye (values ke liye bhi yahi). Query: `torch.randint(n_pairs, (B, 1), generator=generator)` se ek pair chuniye aur `gather` kijiye. n_pairs > n_keys ya n_values par ValueError.')


def check_make_recall_batch(fn) -> bool:
    """Check a learner's recall generator by its guarantees (not its exact random draws)."""
    cases = [
        Case("batch 64, 4 pairs, 16 keys/values", (64, 4, 16, 16)),
        Case("batch 32, 8 pairs, 8 keys (har key use hogi)", (32, 8, 8, 12)),
        Case("1 pair (edge case)", (5, 1, 3, 3)),
        Case("batch 1", (1, 6, 10, 7)),
        Case("galat input: n_pairs > n_keys (ValueError chahiye)", (4, 9, 8, 16)),
    ]
    return check("make_recall_batch", fn, make_recall_batch, cases,
                 call=lambda impl, *args: _recall_summary(impl, *args), mistakes=_recall_mistakes(),
                 hint=first_level(MAKE_RECALL_BATCH_HINT))


def _recall_mistakes() -> dict:
    def answer_shown(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        inputs, targets = make_recall_batch(batch_size, n_pairs, n_keys, n_values, generator)
        inputs[:, -1, 1] = targets
        return inputs, targets

    def global_random(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
        return make_recall_batch(batch_size, n_pairs, n_keys, n_values)

    return {"query ki value ki jagah asli jawab rakh diya (model ko jawab dikh jaata); wahan "
            "blank id n_values chahiye": answer_shown,
            "generator use nahi hua (torch ka global random), isliye same seed par alag batch: "
            "har random call ko generator=generator dijiye": global_random}


GRADIENT_NORM_PER_POSITION_HINT = register(
    "gradient_norm_per_position",
    idea='Gradient batata hai ki aakhri position ka output har input position se kitna badalta hai: aakhri output se ek loss banaiye aur input ke liye uska gradient nikaliye.',
    shapes="x (B, L, d) ki ek detached copy jo gradient maange; layer(x) (B, L, d'); loss = aakhri position ka output jod (ek number). ∂loss/∂x (B, L, d) → features par norm (B, L) → batch par mean → (L,). x 3-D na ho to ValueError.",
    code='x ki detached copy par `requires_grad_(True)` lagaiye, `loss = layer(x)[:, -1].sum()`, `torch.autograd.grad(loss, x)` se gradient (B, L, d) lijiye, phir `.norm(dim=-1).mean(dim=0)`. x 3-D na ho to ValueError raise kijiye.')


def check_gradient_norm_per_position(fn) -> bool:
    """Check the learner's gradient-per-position on RNN, LSTM, attention, edge and bad inputs."""
    torch.manual_seed(0)
    layers = flow_layers(d_model=8, nhead=2, seed=0)
    position_wise = nn.Linear(8, 8)  # every position on its own: only the last one gets gradient
    g = torch.Generator().manual_seed(1)
    x = torch.randn(3, 12, 8, generator=g)
    cases = [
        Case("vanilla RNN, B=3, L=12", (layers["vanilla RNN"], x)),
        Case("LSTM, B=3, L=12", (layers["LSTM"], x)),
        Case("Transformer encoder layer, B=3, L=12", (layers["Transformer"], x)),
        Case("position-wise Linear (sirf last position ko gradient)", (position_wise, x)),
        Case("batch 1, L=1 (edge case)", (layers["LSTM"], torch.randn(1, 1, 8, generator=g))),
        Case("galat input: x 2-D hai (ValueError chahiye)", (layers["LSTM"], x[0])),
    ]
    return check("gradient_norm_per_position", fn, gradient_norm_per_position, cases,
                 atol=1e-6, rtol=1e-4, mistakes=_gradient_mistakes(),
                 hint=first_level(GRADIENT_NORM_PER_POSITION_HINT))


def _gradient_mistake(position=-1, whole=False, power=1, batch="mean"):
    def wrong(layer, x):
        if x.dim() != 3:
            raise ValueError("x 3-D chahiye")
        x = x.detach().clone().requires_grad_(True)
        out = layer(x)
        (grad,) = torch.autograd.grad(out.sum() if whole else out[:, position].sum(), x)
        norms = grad.norm(dim=-1) ** power
        return norms.sum(dim=0) if batch == "sum" else norms.mean(dim=0)
    return wrong


def _gradient_mistakes() -> dict:
    return {
        "batch par mean ki jagah sum kiya (jawab batch size se guna ho gaya)":
            _gradient_mistake(batch="sum"),
        "loss me saari positions ka output jod diya; sirf last position ka chahiye":
            _gradient_mistake(whole=True),
        "loss pehli position ke output se banaya; last position ka chahiye":
            _gradient_mistake(position=0),
        "norm ki jagah squared norm (‖·‖²) liya": _gradient_mistake(power=2),
    }


# ---------------------------------------------------------------- modify: open the forget gate


def set_forget_bias(lstm: nn.LSTM, value: float, *, gate: int = 1, first_layer_only: bool = False,
                    how: str = "set") -> nn.LSTM:
    """Make the forget gate's bias (bias_ih + bias_hh, slice [H:2H]) equal ``value`` in every layer.

    The keyword arguments build the mistakes of the catalogue (another gate, only layer 0, and
    ``how``: "ih only", "both", "add", "all gates", "input size"); the defaults are right.
    """
    size = lstm.input_size if how == "input size" else lstm.hidden_size
    part = slice(0, 4 * size) if how == "all gates" else slice(gate * size, (gate + 1) * size)
    with torch.no_grad():
        for k in range(1 if first_layer_only else lstm.num_layers):
            ih, hh = getattr(lstm, f"bias_ih_l{k}"), getattr(lstm, f"bias_hh_l{k}")
            if how == "add":
                ih[part] += value
            else:
                ih[part] = value
                if how != "ih only":
                    hh[part] = value if how == "both" else 0.0
    return lstm


def _lstm_summary(fn, lstm, value, x):
    """The learner's change, seen from outside: gate biases (b_ih + b_hh), weights, output."""
    try:
        returned = fn(lstm, value)
    except RuntimeError as error:  # PyTorch's own text names no fix
        if "leaf Variable" not in str(error):
            raise
        raise RuntimeError("parameter ko seedha badalna autograd ko pasand nahi: badlaav "
                           "`with torch.no_grad():` ke andar kijiye") from error
    if returned is not None and returned is not lstm:  # the experiment changes the LSTM it hands in
        return ("naya copy mila: wahi lstm in-place badal kar lautaiye" if isinstance(returned, nn.LSTM)
                else f"nn.LSTM chahiye tha, mila {type(returned).__name__}")
    module = lstm
    size = module.hidden_size
    total = torch.stack([getattr(module, f"bias_ih_l{k}") + getattr(module, f"bias_hh_l{k}")
                         for k in range(module.num_layers)])
    weights = torch.cat([p.flatten() for name, p in module.named_parameters() if "weight" in name])
    with torch.no_grad():
        out, _ = module(x)
    others = torch.cat([total[:, :size], total[:, 2 * size:]], dim=1)
    return total[:, size:2 * size].detach(), others.detach(), weights.detach(), out


def _forget_case(label, input_size, hidden_size, value, num_layers=1, seed=0):
    torch.manual_seed(seed)
    lstm = randomise_parameters(nn.LSTM(input_size, hidden_size, num_layers, batch_first=True), seed)
    x = torch.randn(2, 5, input_size, generator=torch.Generator().manual_seed(seed))
    return Case(label, (lstm, value, x))


SET_FORGET_BIAS_HINT = register(
    "set_forget_bias",
    idea='Forget gate ka bias bada ho to gate khula (lagbhag 1) rehta hai aur cell state har step par kam ghatti hai. Sirf wahi ek hissa badalna hai: doosre gates ke bias aur saare weights waise hi rahein, aur LSTM ki har layer me.',
    shapes='Har layer k ke do bias hain, bias_ih_lk aur bias_hh_lk, dono (4 × hidden_size,), aur gate me dono ka jod lagta hai. Hisse ka order i, f, g, o: forget gate = [hidden_size : 2 × hidden_size] (input_size nahi). Jod value ho, isliye ek me value aur doosre me 0.',
    code='`H = lstm.hidden_size`; `with torch.no_grad():` ke andar `for k in range(lstm.num_layers):` aur `getattr(lstm, f"bias_ih_l{k}")[H:2 * H] = value`, `getattr(lstm, f"bias_hh_l{k}")[H:2 * H] = 0.0`; aakhir me `return lstm`.')


def _forget_mistakes() -> dict:
    return {
        "galat gate: PyTorch me order i, f, g, o hai; aapne pehla hissa (input gate) badla, "
        "forget gate doosra hissa [H:2H] hai": lambda m, v: set_forget_bias(m, v, gate=0),
        "galat gate: aapne aakhri hissa (output gate) badla; forget gate doosra hissa [H:2H] "
        "hai": lambda m, v: set_forget_bias(m, v, gate=3),
        "sirf bias_ih badla: PyTorch gate me bias_ih + bias_hh jodta hai, to bias_hh ka forget "
        "hissa bhi 0 kijiye": lambda m, v: set_forget_bias(m, v, how="ih only"),
        "dono biases (ih aur hh) me value daal di: unka jod 2 × value ho gaya; ek me value, "
        "doosre me 0": lambda m, v: set_forget_bias(m, v, how="both"),
        "value jod di (+=), set nahi ki: purana bias bhi saath reh gaya":
            lambda m, v: set_forget_bias(m, v, how="add"),
        "sirf pehli layer badli: num_layers > 1 ho to har layer (l0, l1, …) ka bias badaliye":
            lambda m, v: set_forget_bias(m, v, first_layer_only=True),
        "poora bias (chaaron gates) badal diya; sirf forget wala hissa badalna tha":
            lambda m, v: set_forget_bias(m, v, how="all gates"),
        "hisse input_size se kaate; gates hidden_size lambe hain":
            lambda m, v: set_forget_bias(m, v, how="input size"),
    }


def check_set_forget_bias(fn) -> bool:
    """Check the learner's forget-gate change: that bias, nothing else, in every layer."""
    cases = [
        _forget_case("nn.LSTM(8 → hidden 6), value 3.0", 8, 6, 3.0),
        _forget_case("2 layers (dono layers badalni hain), value 1.0", 4, 5, 1.0, num_layers=2,
                     seed=1),
        _forget_case("value 0.0 (gate ≈ σ(0) = 0.5)", 6, 4, 0.0, seed=2),
        _forget_case("value -2.0 (gate band karna bhi ek badlaav hai)", 3, 7, -2.0, seed=3),
        _forget_case("hidden_size 1 (edge case)", 2, 1, 5.0, seed=4),
    ]
    return check("set_forget_bias", fn, set_forget_bias, cases,
                 call=lambda impl, *args: _lstm_summary(impl, *args),
                 names=("forget gate ka bias (bias_ih + bias_hh), har layer",
                        "baaki gates (i, g, o) ka bias", "LSTM ke weights", "LSTM ka output"),
                 mistakes=_forget_mistakes(), atol=1e-6, rtol=1e-5,
                 hint=first_level(SET_FORGET_BIAS_HINT))

# ---------------------------------------------------------------- predictions (reasons shown after the guess)

explain("lstm_far_gradient",
        "Init par LSTM ka gradient bhi har step par ek factor (jaise forget gate, jo 0.5 ke "
        "aas-paas hai) se guna hota hai; 62 guna ke baad lagbhag zero. LSTM ka fayda training ke "
        "dauraan aa sakta hai (agar forget gate ≈ 1 seekh le).",
        choices=["kam", "barabar", "zyada"])
explain("transformer_far_gradient",
        "Attention me last position har position se seedha (ek step me) judi hai: doori 1 ho ya "
        "63, raasta utna hi lamba, guna-guna ki koi chain nahi.",
        choices=["kam", "barabar", "zyada"])
explain("forget_bias_gain",
        "Forget gate ≈ σ(bias): σ(0) = 0.5, σ(3) ≈ 0.95. Mota hisaab: 63 steps ka product ~0.5^63 se "
        "~0.95^63 ≈ 0.05 ho jaata hai (asli LSTM me aur raaste bhi hain, isliye sahi number alag). "
        "Naapa hua: ek bias ne door ka gradient {gain:.0e} guna kar diya.",
        choices=["kam", "barabar", "thoda zyada", "bahut zyada"])
