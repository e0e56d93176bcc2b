"""What a check says to a learner: errors explained in Hinglish, tuple items by their names.

PyTorch's own messages are precise but English and terse; for the errors a learner can act on
(parameter names that don't match, shapes that don't multiply, ``.T`` on a batch) the check
says what went wrong and what to do, and keeps PyTorch's text below it for reference.
"""

from __future__ import annotations

import re

ORDINALS = ("pehli", "doosri", "teesri", "chauthi", "paanchvi")
MAX_LINES = 8  # of an error's own text; a long traceback message is cut after this


def item_name(index: int, names: tuple[str, ...] | None) -> str:
    """'pehli cheez (output)' for index 0 of ("output", "weights"); 'output[3]' without names."""
    if names and index < len(names):
        ordinal = ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}vi"
        return f"{ordinal} cheez ({names[index]})"
    return f"output[{index}]"


def _keys(text: str) -> str:
    return ", ".join(re.findall(r'"([^"]+)"', text)) or "-"


def _state_dict(text: str) -> str | None:
    missing = re.search(r"Missing key\(s\) in state_dict: ([^\n]*?)(?:\. |\.$|$)", text)
    extra = re.search(r"Unexpected key\(s\) in state_dict: ([^\n]*?)(?:\. |\.$|$)", text)
    shape = re.findall(r"size mismatch for ([\w.]+): copying a param with shape (torch\.Size\([^)]*\))"
                       r" from checkpoint, the shape in current model is (torch\.Size\([^)]*\))", text)
    if not (missing or extra or shape):
        return None
    parts = []
    if missing:
        parts.append(f"yeh parameters aapki class me nahi mile: {_keys(missing.group(1))}")
    if extra:
        parts.append(f"yeh parameters aapki class me faltu hain (PyTorch me nahi): {_keys(extra.group(1))}")
    for name, theirs, yours in shape:
        parts.append(f"`{name}` ka shape PyTorch me {theirs[11:-1]} hai, aapke yahan {yours[11:-1]}")
    return ("weights copy nahi ho paaye: " + "; ".join(parts)
            + ". Parameter names aur shapes PyTorch wale hi rakhiye.")


PATTERNS = [  # (regex on PyTorch's message, Hinglish explanation; groups fill the {}s)
    (r"_forward_unimplemented", "class me `forward` method nahi mila: naam ki spelling dekhiye "
     "(`def forward(self, ...)`)."),
    (r"before Module\.__init__\(\) call", "`__init__` ke shuru me `super().__init__()` likhna "
     "bhool gaye."),
    (r"must be Tensor, not tuple", "ek tensor ki jagah tuple aaya: attention `(output, weights)` "
     "lautata hai, `out, _ = ...` se sirf output lijiye."),
    (r"Boolean value of Tensor with more than one", "tensor ko `if` ya `and/or` me use kiya, ya "
     "masks galat argument me pahunche: keyword se dijiye (`attn_mask=...`)."),
    (r"Expected all tensors to be on the same device", "tensors alag devices par hain (CPU aur "
     "GPU): naye tensors `device=x.device` ke saath banaiye."),
    (r"t\(\) expects a tensor with <= 2 dimensions|The use of `x\.T` on tensors of dimension other "
     r"than 2",
     "`.T` / `.t()` sirf 2-D matrix ke liye hai; batch (3-D ya 4-D) par aakhri do dimensions "
     "`transpose(-2, -1)` se badaliye."),
    (r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)",
     "matrix multiply ke shapes mel nahi khaate: ({0}×{1}) @ ({2}×{3}). `A @ B` me A ki last "
     "dimension aur B ki pehli barabar honi chahiye."),
    (r"The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) at non-singleton "
     r"dimension (\d+)",
     "do tensors ke shapes broadcast nahi hote: dimension {2} par ek ka size {0}, doosre ka {1}. "
     "Shapes print karke dekhiye."),
    (r"view size is not compatible with input tensor's size and stride",
     "`.view` transpose ke baad kaam nahi karta (memory me kram badal gaya): `.reshape` lijiye "
     "(ya `.contiguous().view`)."),
    (r"Dimension out of range \(expected to be in range of \[(-?\d+), (-?\d+)\], but got (-?\d+)\)",
     "dim {2} is tensor me nahi hai (sirf {0} se {1} tak). Tensor ka `.shape` dekhiye."),
    (r"shape '\[([^\]]*)\]' is invalid for input of size (\d+)",
     "reshape nahi ho sakta: [{0}] ka size {1} elements se mel nahi khaata. Kuch dimension galat hai."),
    (r"got an unexpected keyword argument '(\w+)'",
     "yeh function/class `{0}` naam ka argument nahi leta: spelling dekhiye, ya woh argument kisi "
     "aur cheez (jaise encoder ki jagah layer) ko dena tha."),
    (r"a leaf Variable that requires grad is being used in an in-place operation",
     "parameter (jaise `bias` ya `weight`) ko seedha badla, jabki PyTorch uska gradient track kar "
     "raha hai: yeh badlaav `with torch.no_grad():` ke andar kijiye."),
    (r"expected scalar type (\w+) but found (\w+)|expected m1 and m2 to have the same dtype",
     "do tensors ke dtype alag hain (jaise float32 aur float64). Naye tensors input jaisa dtype "
     "lein (`dtype=x.dtype`)."),
]


def explain_error(error: BaseException, warned: str = "") -> str:
    """The learner's exception as Hinglish help, with its own (trimmed) text after it.

    ``warned``: the warnings the learner's code raised before the error (PyTorch warns about
    ``x.T`` on a batch, then fails later with a shape error: the warning names the cause).
    """
    text = str(error).strip()
    lines = text.splitlines()
    own = "\n      ".join(line[:300] for line in lines[:MAX_LINES])
    own += "\n      …" if len(lines) > MAX_LINES else ""
    head = f"{type(error).__name__}: {own}" if own else type(error).__name__
    explanation = _state_dict(text)
    for pattern, hinglish in PATTERNS:
        if explanation:
            break
        match = re.search(pattern, f"{warned}\n{text}")
        if match:
            explanation = hinglish.format(*match.groups())
    return f"{explanation}\n   (Python ka error: {head})" if explanation else head
