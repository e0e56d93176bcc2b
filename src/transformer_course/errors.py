"""The course's own error and the input checks every helper runs first.

Every public helper validates its inputs with these functions, so a learner sees a short
Hinglish message ("expected … , mila …") instead of a deep PyTorch traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


class CourseError(ValueError):
    """Galat input par course ke helpers yeh error dete hain (Hinglish message ke saath)."""


def fail(what: str, expected: str, got: str, hint: str | None = None) -> CourseError:
    """Build a CourseError that names what was expected and what came."""
    message = f"{what}: expected {expected}, lekin mila {got}."
    if hint:
        message += f" Hint: {hint}"
    return CourseError(message)


def describe(x) -> str:
    """Short description of a value for error messages: shape and dtype for tensors."""
    if isinstance(x, torch.Tensor):
        return f"tensor shape {tuple(x.shape)}, dtype {x.dtype}"
    return f"{type(x).__name__} ({x!r:.60})"


def require_tensor(name: str, x, *, ndim: int | Sequence[int] | None = None,
                   floating: bool = True) -> torch.Tensor:
    """Check that ``x`` is a tensor with the right number of dims and a float dtype."""
    if not isinstance(x, torch.Tensor):
        raise fail(f"`{name}`", "ek torch.Tensor", describe(x),
                   "torch.tensor(...) ya torch.randn(...) se tensor banaiye.")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if x.dim() not in allowed:
            want = " ya ".join(f"{d}-D" for d in allowed)
            raise fail(f"`{name}`", f"{want} tensor", f"{x.dim()}-D tensor, shape {tuple(x.shape)}")
    if floating and not x.is_floating_point():
        raise fail(f"`{name}`", "float tensor (float32 ya float64)", f"dtype {x.dtype}",
                   "integer tensor par softmax/matmul nahi chalta; `.float()` lagaiye.")
    return x


def require_positive_int(name: str, value) -> int:
    """Check that ``value`` is a positive Python int (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(f"`{name}`", "ek positive int", describe(value))
    if value <= 0:
        raise fail(f"`{name}`", "positive int (> 0)", str(value))
    return value


def require_divisible(name: str, value: int, by_name: str, by: int) -> None:
    """Check that ``value`` splits evenly into ``by`` parts (e.g. d_model into heads)."""
    if value % by != 0:
        raise fail(f"`{name}` ({value})", f"`{by_name}` ({by}) se poora divisible",
                   f"remainder {value % by}",
                   f"har head ko {name} // {by_name} dimensions milte hain, isliye poora bantna zaroori hai.")


def require_same(name: str, a, b, what: str) -> None:
    """Check that two sizes agree, e.g. the last dims of query and key."""
    if a != b:
        raise fail(name, f"{what} barabar", f"{a} aur {b}")


def require_probability(name: str, p) -> float:
    """A dropout-like probability in [0, 1]."""
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 <= p <= 1.0:
        raise fail(f"`{name}`", "0 aur 1 ke beech ek probability (jaise 0.1)", describe(p))
    return float(p)


def require_layer_norm_eps(value) -> float:
    """LayerNorm's epsilon: a small positive number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise fail("`layer_norm_eps`", "ek chhota positive number (jaise 1e-5)", describe(value))
    return float(value)


def require_dtype_of(name: str, x: torch.Tensor, weight: torch.Tensor) -> None:
    """``x`` has the module's weight dtype, unless autocast (CUDA or CPU) casts for us."""
    if x.dtype == weight.dtype or autocast_on(x.device.type):
        return
    raise fail(f"`{name}` ka dtype", f"module ke weights jaisa ({weight.dtype})", str(x.dtype),
               "input par `.to(dtype)` kijiye, ya module par `.double()`/`.float()`.")


def autocast_on(device_type: str) -> bool:
    """Is autocast on for this device type? (torch ≥ 2.4 asks per device; older: CUDA only.)"""
    try:
        return torch.is_autocast_enabled(device_type)
    except TypeError:
        return torch.is_autocast_enabled() if device_type == "cuda" else torch.is_autocast_cpu_enabled()


def require_src(name: str, src, d_model: int) -> torch.Tensor:
    """A float tensor (seq, d_model), (seq, batch, d_model) or (batch, seq, d_model)."""
    require_tensor(name, src, ndim=(2, 3))
    if src.shape[-1] != d_model:
        raise fail(f"`{name}` ki last dimension", f"d_model = {d_model}",
                   f"{src.shape[-1]} (shape {tuple(src.shape)})",
                   "har token ka vector d_model lamba hona chahiye.")
    return src


def require_token_ids(name: str, ids, ndim=2) -> torch.Tensor:
    """Integer token ids with ``ndim`` dimensions (batch, seq_len by default)."""
    if not isinstance(ids, torch.Tensor) or ids.is_floating_point() or ids.dtype == torch.bool:
        raise fail(f"`{name}`", "integer (torch.long) token ids ka tensor", describe(ids),
                   "token ids hamesha integer hote hain: torch.tensor([[5, 7, 2]]).")
    if ids.dim() != ndim:
        raise fail(f"`{name}`", f"{ndim}-D tensor (batch, seq_len)", f"{ids.dim()}-D, shape {tuple(ids.shape)}",
                   "ek hi sequence ho to `ids[None]` se batch dimension jodiye.")
    return ids


def require_layer_sizes(d_model, nhead, dim_feedforward) -> None:
    """Positive sizes, and d_model splits evenly into nhead heads."""
    require_positive_int("d_model", d_model)
    require_positive_int("nhead", nhead)
    require_positive_int("dim_feedforward", dim_feedforward)
    require_divisible("d_model", d_model, "nhead", nhead)


def require_recall_inputs(inputs) -> torch.Tensor:
    """Associative-recall inputs: integer ids, shape (batch, n_pairs + 1, 2)."""
    require_tensor("inputs", inputs, ndim=3, floating=False)
    if inputs.is_floating_point() or inputs.is_complex() or inputs.dtype == torch.bool:
        raise fail("`inputs` ka dtype", "integer ids (torch.long)", f"dtype {inputs.dtype}",
                   "ids ginti hain: `.long()` lagaiye.")
    if inputs.shape[-1] != 2 or inputs.shape[1] < 2:
        raise fail("`inputs` ka shape", "(batch, n_pairs + 1, 2) jisme n_pairs ≥ 1",
                   str(tuple(inputs.shape)), "[..., 0] keys hain, [..., 1] values.")
    return inputs


def broadcast_shape(*shapes) -> tuple[int, ...] | None:
    """NumPy-style broadcast of shapes (right-aligned); None when they cannot broadcast.

    Plain Python on purpose: torch.broadcast_shapes costs ~0.7 s on its first call.
    """
    result: list[int] = []
    for dims in zip(*(reversed((1,) * (max(map(len, shapes)) - len(s)) + tuple(s)) for s in shapes),
                    strict=True):
        sizes = {d for d in dims if d != 1}
        if len(sizes) > 1:
            return None
        result.append(sizes.pop() if sizes else 1)
    return tuple(reversed(result))

