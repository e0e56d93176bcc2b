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
        root = next(p for p in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
                    if (p / "src" / "transformer_course").is_dir())
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
#   ka version, aur Jupyter kernel.
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

# %% [markdown]
# **Agla notebook:** [01 · Transformer intuition](01_transformer_intuition.ipynb) →
