# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/00_shuru_karein.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/00_shuru_karein.ipynb)
#
# # 00 · Shuru karein

# %%
# Setup: course ka helper package load karein (Colab me pehli baar install bhi hota hai)
import importlib.util, pathlib, subprocess, sys
if importlib.util.find_spec("transformer_course") is None:
    if "google.colab" in sys.modules:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                        "git+https://github.com/hinglish-ai/transformers-intuition@main"], check=True)
    else:  # repo ka clone: src/ folder ko import path par daalein
        root = next((p for p in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
                     if (p / "src" / "transformer_course").is_dir()), None)
        if root is None:
            raise ModuleNotFoundError("transformer_course nahi mila. Ek cell me yeh chalaiye, phir "
                                      "yeh cell dobara: %pip install git+https://github.com/hinglish-ai/transformers-intuition@main")
        sys.path.insert(0, str(root / "src"))
if "google.colab" in sys.modules:  # Colab ko ipywidgets 8 ke liye yeh chahiye
    from google.colab import output
    output.enable_custom_widget_manager()
import transformer_course as tc
device = tc.setup_notebook()

# %% [markdown]
# ## Is notebook me aap kya seekhenge
#
# * Course ko chalana: cell kaise run karte hain, `notebooks/` aur `solutions/` ka fark.
# * Apna setup check karna: `tc.doctor()` har cheez ke liye ek `OK`/`FAIL` line deta hai.
# * Exercise, check aur quiz kaise kaam karte hain, taaki aage ke notebooks me koi surprise na ho.
# * Tensor warm-up: `@`, `transpose(-2, -1)`, broadcasting, `masked_fill` aur `softmax(dim=...)`,
#   jo notebook 02 (attention) me sab kaam aayenge.
# * Poore course ka map: kaunsa notebook kya sikhata hai aur kitna time lega.

# %% [markdown]
# ## Course kaise kaam karta hai
#
# * Har notebook ek kahani hai: pehle **intuition**, phir **formula**, phir **code**, phir ek
#   **picture**, aur phir aapki apni **try** (exercise).
# * Cell chalane ke liye `Shift + Enter` dabaiye. Upar se neeche, ek-ek karke chalaiye.
# * `notebooks/` me aapke exercises hain. `solutions/` me wahi notebooks poore bhare hue hain:
#   atak jaayein to wahan jhaank sakte hain, lekin pehle khud try kijiye!
# * Saara helper code ek package me hai: `transformer_course`, jise hum `tc` bulate hain.
#   Upar wale setup cell ne use load kar diya hai.
# * Sab kuch CPU par chalta hai. GPU ho to `tc.get_device()` use apne aap chun leta hai.

# %% [markdown]
# ## Apna setup check karein
#
# * `tc.doctor()` har zaroori cheez check karta hai: Python, torch aur uska device, har package
#   ka version, aur (course ke clone me) Jupyter kernel aur tests ke tools.
# * Har line `OK` ya `FAIL` hai. `FAIL` ke neeche ek hint hota hai ki kya karna hai.
# * Terminal me yahi check `make doctor` se chalta hai.

# %%
setup_ok = tc.doctor()

# %% [markdown]
# ## Course ka map
#
# Yeh table seedhe package ke course map se banti hai, isliye hamesha sahi rehti hai.

# %% tags=["nbval-check-output"]
from IPython.display import Markdown, display

rows = ["| # | notebook | aap kya seekhenge | minute |", "|---|---|---|---|"]
for item in tc.course_map.LESSONS:
    number = item.stem.split("_", 1)[0]
    rows.append(f"| {number} | {item.title} | {item.outcome} | {item.minutes} |")
total = sum(item.minutes for item in tc.course_map.LESSONS)
rows.append(f"| | **kul** | | **{total}** |")
display(Markdown("\n".join(rows)))

# %% [markdown]
# ## Tensor ka shape padhna: ek chhota explorer
#
# * Poore course me sabse zaroori aadat: **har tensor ka shape padhna**.
# * Transformer me aksar shape hota hai `(batch, seq_len, d_model)`: kitne sentences, har
#   sentence me kitne tokens, aur har token ka vector kitna lamba.
# * Neeche sliders badaliye: har dabba ek number hai, aur upar uska shape likha hai.
# * Jahan widgets nahi chalte (jaise GitHub par), wahan default values ki ek static picture dikhti hai.

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch


def draw_tensor(seq_len, d_model):
    x = torch.arange(seq_len * d_model).reshape(seq_len, d_model)
    fig, ax = plt.subplots(figsize=(0.45 * d_model + 1.5, 0.45 * seq_len + 1))
    ax.imshow(x, cmap="Greens", vmin=-5)
    ax.set_xticks(range(d_model))
    ax.set_yticks(range(seq_len), [f"token {i}" for i in range(seq_len)])
    ax.set_xlabel("d_model (vector ki har dimension)")
    ax.set_title(f"x.shape = {tuple(x.shape)}  →  {seq_len} tokens × {d_model} numbers")
    plt.show()


tc.explore(draw_tensor, {
    "seq_len": widgets.IntSlider(value=4, min=1, max=10, description="seq_len"),
    "d_model": widgets.IntSlider(value=6, min=1, max=12, description="d_model"),
}, title="Shape explorer")

# %% [markdown]
# ## Exercise kaise dikhte hain
#
# *Implement · mushkil ●○○ · lagbhag 3 min*
#
# * Har exercise ek function hai jiske andar `raise NotImplementedError(...)` likha hota hai.
#   Us line ko hata kar apna code likhiye.
# * Uske neeche wala **check** cell aapke function ko course ke reference se kai cases par
#   milata hai (normal aur edge cases, jaise khaali tensor) aur batata hai:
#   * ✅ sab sahi,
#   * ⏳ "abhi baaki hai" (aapne abhi likha nahi),
#   * ❌ kya expected tha, kya mila (shape, dtype, max difference), aur ek hint.
# * Check kabhi error nahi deta, isliye notebook hamesha upar se neeche chal jaata hai.
#
# **Warm-up exercise:** `warm_up(x)` har number ko 2 se guna karke 1 jode, yaani `2·x + 1`.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def warm_up(x):
    """x ke har element ko 2 se guna karke 1 jodiye."""
    ### BEGIN SOLUTION
    ### HINT: yahan `2·x + 1` wala formula poore tensor par lagaiye. Atke to: tc.hint("warm_up").
    return 2 * x + 1
    ### END SOLUTION

# %%
warm_up_ok = tc.check_warm_up(warm_up)

# %% [markdown]
# ### ❌ wala message kaisa dikhta hai?
#
# * Neeche ek jaan-boojh kar galat version hai: woh `+ 1` bhool gaya.
# * Dekhiye check kya batata hai: kaunsa case fail hua, kitna fark tha, aur ek hint.

# %%
def warm_up_with_a_bug(x):
    return 2 * x


tc.check_warm_up(warm_up_with_a_bug, record=False)  # demo: make progress me nahi ginta

# %% [markdown]
# ### Aage ke cells kiska code use karte hain?
#
# * Check pass hua to aage aapka apna function use hota hai; nahi to course ka reference.
#   `tc.choose` yahi chunta hai aur batata bhi hai, taaki exercise adhoora ho tab bhi notebook chale.

# %%
my_warm_up = tc.choose(warm_up, tc.warm_up, warm_up_ok)
print(my_warm_up(torch.tensor([0.0, 1.0, 2.0])))

# %% [markdown]
# ## Tensor warm-up: attention ke chhote auzaar
#
# * Aage ke notebooks me kuch tensor operations baar-baar aayenge. Yahan har ek ko ek chhote
#   exercise me haath lagaiye; har exercise 5 minute se kam ka hai.
# * `a @ b`: matrix multiply. Sirf **aakhri do dims** multiply hoti hain: `(n, d) @ (d, m) → (n, m)`.
#   Usse pehle ki dims **batch** hain: har batch item ka apna alag multiply.
# * `x.transpose(-2, -1)`: **aakhri do dims** ki jagah badalna (rows ↔ columns). Baaki dims waisi hi.
# * **Broadcasting**: do shapes ko **daayein se** milaiye. Jahan ek ka size 1 hai (ya woh dim hai
#   hi nahi), wahan woh khinch kar doosre jaisa ban jaata hai.
# * `x.masked_fill(mask, value)`: jahan `mask` **True** hai, wahan `value` bhar deta hai; baaki x jaisa.
# * `torch.softmax(x, dim=...)`: chuni hui `dim` ke saath numbers ko positive banakar unka jod 1
#   karta hai. `dim` batata hai **kis taraf** jod 1 hoga.
# * Neeche har ek ki chhoti si jhalak, 2-D tensors par:

# %% tags=["nbval-check-output"]
m = torch.tensor([[1.0, 2.0, 3.0],
                  [4.0, 5.0, 6.0]])                     # shape (2, 3)
print("m.shape                       :", tuple(m.shape))
print("(m @ torch.ones(3, 4)).shape  :", tuple((m @ torch.ones(3, 4)).shape), "  ← (2, 3) @ (3, 4)")
print("m.transpose(-2, -1).shape     :", tuple(m.transpose(-2, -1).shape))
print("m + tensor([10, 20, 30])      :", (m + torch.tensor([10.0, 20.0, 30.0])).tolist(),
      "  ← (3,) har row me juda")
print("m.masked_fill(m > 4, 0.0)     :", m.masked_fill(m > 4, 0.0).tolist(), "  ← jahan m > 4 True tha")
print("softmax(m, dim=0).sum(dim=0)  :", torch.softmax(m, dim=0).sum(dim=0).tolist(),
      "  ← dim=0: har column ka jod 1")

# %% [markdown]
# ### Pehle andaaza: teen shapes
#
# *Predict · mushkil ●○○ · lagbhag 3 min*
#
# Code chalane se pehle sochiye, aur har shape ek tuple me likhiye (jaise `(2, 3)`):
#
# 1. `a = torch.randn(4, 3, 5)`, `b = torch.randn(5, 2)` (b me batch dim nahi!): `(a @ b).shape` kya hoga?
# 2. `x = torch.randn(2, 6, 7)`: `x.transpose(-2, -1).shape` kya hoga?
# 3. `col = torch.randn(3, 1)`, `row = torch.randn(4)`: `(col + row).shape` kya hoga?

# %%
# ✏️ exercise cell: teeno andaaze likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: har andaaza ek tuple likhiye, jaise (2, 3) ya (1, 2, 3).
matmul_guess = (4, 3, 2)
transpose_guess = (2, 7, 6)
broadcast_guess = (3, 4)
### END SOLUTION

# %%
a, b = torch.randn(4, 3, 5), torch.randn(5, 2)
x = torch.randn(2, 6, 7)
col, row = torch.randn(3, 1), torch.randn(4)
tc.check_prediction("matmul_shape", matmul_guess, (a @ b).shape)
tc.check_prediction("transpose_shape", transpose_guess, x.transpose(-2, -1).shape)
tc.check_prediction("broadcast_shape", broadcast_guess, (col + row).shape)

# %% [markdown]
# ### `row_softmax(x)`: har row ka jod 1
#
# *Implement · mushkil ●○○ · lagbhag 3 min*
#
# * Attention me har word ke weights ek **row** me hote hain, aur har row ka jod 1 hona chahiye.
# * `row_softmax(x)` likhiye: softmax aisi dim par, ki **har row ka jod 1** ho.
# * `x` 1-D, 2-D ya batch wala 3-D kuch bhi ho sakta hai: aisi dim chuniye jo har shape me
#   "aakhri" ho.
# * Check in par chalta hai: vector, matrix, batch `(2, 3, 4)`, ek column, `-inf` wala number,
#   bade numbers (1000) aur float64.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def row_softmax(x):
    """x ki aakhri dim par softmax: har row ka jod 1."""
    ### BEGIN SOLUTION
    ### HINT: softmax lagaiye, aur sochiye kaunsi dim 1-D, 2-D aur 3-D teeno me "aakhri" hai.
    ### HINT: Atke to: tc.hint("row_softmax").
    return torch.softmax(x, dim=-1)
    ### END SOLUTION

# %%
row_softmax_ok = tc.check_row_softmax(row_softmax)

# %% [markdown]
# ### `hide(x, mask)`: jo chhupana hai, use `-inf`
#
# *Implement · mushkil ●○○ · lagbhag 4 min*
#
# * Course ka mask convention: `True` = "yeh dikh sakta hai", `False` = "yeh chhupa do".
# * `hide(x, mask)` likhiye: jahan `mask` **False** hai wahan `float("-inf")`, baaki `x` jaisa.
#   Nayi tensor lautaiye; input `x` ko mat badaliye.
# * Sochiye: `masked_fill` kis jagah bharta hai, aur hume kis jagah bharna hai? Dono ko milaiye.
# * `mask` chhota bhi ho sakta hai: ek `(3, 3)` mask poore `(2, 3, 3)` batch par (broadcasting).
# * `-inf` kyun? Softmax me $e^{-\infty} = 0$: chhupi cheez ko weight bilkul 0 milta hai (notebook 02).

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def hide(x, mask):
    """Jahan mask False hai wahan -inf, baaki x jaisa (nayi tensor)."""
    ### BEGIN SOLUTION
    ### HINT: masked_fill se -inf bhariye, lekin sirf un jagahon par jahan mask False hai.
    ### HINT: Atke to: tc.hint("hide").
    return x.masked_fill(~mask, float("-inf"))
    ### END SOLUTION

# %%
hide_ok = tc.check_hide(hide)

# %% [markdown]
# ### `pair_scores(a, b)`: har row ka har row se dot product
#
# *Implement · mushkil ●●○ · lagbhag 5 min*
#
# * `a` me $n$ rows hain, `b` me $m$ rows, har row $d$ numbers ki: `a` `(n, d)`, `b` `(m, d)`.
# * `pair_scores(a, b)` ek `(n, m)` table lautaye: entry `[i, j]` = `a` ki row `i` aur `b` ki
#   row `j` ka dot product. Yaani **har jode ka ek score**.
# * Batch bhi ho sakta hai: `a` `(B, n, d)`, `b` `(B, m, d)` → `(B, n, m)`, har batch item alag.
# * Loop ke bina, upar ke auzaaron se. Sochiye: kise palatna hai, taaki multiply me shapes mel khaayein?
# * Notebook 02 me yahi "har word ka har word se score" banega.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def pair_scores(a, b):
    """[..., i, j] = a ki row i aur b ki row j ka dot product."""
    ### BEGIN SOLUTION
    ### HINT: ek matrix multiply kaafi hai; b ki aakhri do dims palatni padengi (batch wali nahi).
    ### HINT: Atke to: tc.hint("pair_scores").
    return a @ b.transpose(-2, -1)
    ### END SOLUTION

# %%
pair_scores_ok = tc.check_pair_scores(pair_scores)

# %% [markdown]
# * Teeno alag-alag auzaar hain. Notebook 02 me aap inhe jod kar **attention** khud likhenge.
# * Koi ❌ aaya? Message ki "Lagta hai" wali line padhiye: woh aksar galti ka naam batati hai.
#   Phir `tc.hint("row_softmax")` (ya `"hide"`, `"pair_scores"`) se ek-ek level madad lijiye.

# %% [markdown]
# ## Quiz kaise kaam karta hai
#
# * Option chuniye, feedback turant aata hai. Galat ho to ek hint milta hai; dobara try kijiye.
# * Jahan widgets nahi chalte, wahan sawaal aur "Jawab dekhein" wala hissa static dikhta hai.

# %%
tc.quiz([
    tc.Question(
        "Exercise ka code likhne ke baad kya karna chahiye?",
        ["Aage ke cells chala dein: woh error na dein to code sahi hai",
         "Check wala cell chalayein aur uska message padhein",
         "solutions/ folder ka notebook copy kar lein"],
        answer=1,
        explanation="Check aapke code ko reference se kai cases par milata hai. ✅ aane tak sudhariye.",
        nudge="tc.choose wala cell yaad kijiye: check pass na ho to aage ke cells kiska code "
              "chalate hain?"),
    tc.Question(
        "Check cell '⏳ abhi baaki hai' kab kehta hai?",
        ["Jab function abhi bhi NotImplementedError raise karta hai",
         "Jab code bahut slow ho",
         "Jab answer galat ho"],
        answer=0,
        explanation="NotImplementedError ka matlab hai ki exercise abhi likha nahi gaya.",
        nudge="✅, ⏳ aur ❌ teeno ka matlab 'Exercise kaise dikhte hain' wale hisse me dobara "
              "padhiye; galat answer par kaunsa nishaan aata hai?"),
    tc.Question(
        "x.shape = (2, 5, 8) hai, layout (batch, seq_len, d_model). Kul kitne token vectors hain, "
        "aur har vector me kitne numbers?",
        ["10 token vectors, har ek me 8 numbers",
         "5 token vectors, har ek me 8 numbers",
         "2 token vectors, har ek me 40 numbers",
         "8 token vectors, har ek me 10 numbers"],
        answer=0,
        explanation="2 sentences × 5 tokens = 10 token vectors, aur har token d_model = 8 numbers "
                    "ka vector hai. x.reshape(-1, 8).shape bhi (10, 8) deta hai.",
        nudge="har dim ka naam padhiye: batch kitne sentences, seq_len har sentence me kitne "
              "tokens, aur d_model kya naapta hai?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Cells upar se neeche chalaiye; `tc` course ka helper package hai.
# * `tc.doctor()` (ya `make doctor`) se setup check hota hai.
# * Exercise me `raise NotImplementedError` hata kar code likhiye; check ✅/⏳/❌ batata hai.
# * Har tensor ka shape padhiye: Transformer me aksar `(batch, seq_len, d_model)`.
# * `@` aakhri do dims multiply karta hai (aage ki dims batch); `transpose(-2, -1)` aakhri do
#   palatta hai; broadcasting daayein se milata hai; `masked_fill` **True** wali jagah bharta hai;
#   `softmax(dim=-1)` har row ka jod 1 karta hai.

# %% [markdown]
# **Agla notebook:** [01 · Transformer intuition](01_transformer_intuition.ipynb) →
