# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/04_multi_head_attention.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/04_multi_head_attention.ipynb)
#
# # 04 · Multi-head attention

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
# * Ek attention head kaafi kyun nahi, aur **kai heads** (multi-head) kya alag dekhte hain.
# * Features ko heads me kaatna: `(B, L, D) → (B, H, L, D/H)`, ek rangeen picture ke saath.
# * Apne haath se `split_heads` / `merge_heads`, aur unse ek **batch-first `SelfAttention`** module
#   (padding mask ke saath) likhna, jo PyTorch ke multi-head attention se **exact match** kare.
# * Pehle andaaza, phir code: multi-head me attention weights ka shape kya hota hai.
# * Parameter count `4·d² + 4·d`, aur yeh heads ki ginti par depend kyun nahi karta.
# * Har head ka heatmap padhna, aur imaandari se yeh maanna ki untrained heads random hote hain.
# * ⭐ Challenge (optional): poora `nn.MultiheadAttention` twin (saare masks, layouts, unbatched input).
# * Speed naapna aur samajhna: aapka module vs `nn.MultiheadAttention` vs fused
#   `F.scaled_dot_product_attention`, aur profiler se yeh ki fark kahan se aata hai.

# %% [markdown]
# ## Ek head kaafi kyun nahi?
#
# * Seed ki line: "Ek attention ek cheez dekhega, multiple heads multiple relationships dekhte hain."
# * Notebook 02 yaad kijiye: ek head me har query word ki **ek** softmax row hoti hai, jiska total 1 hai.
# * Sentence lijiye: **"the small dog that chased the black cat was hungry"**. Word "dog" ko ek
#   saath do cheezein chahiye: apna adjective "small" (paas) aur "hungry" (door). Ek hi row dono me
#   weight baantegi, aur dono ki information aapas me ghul jaayegi (average ho jaayegi).
# * Multi-head ka idea: **H chhote attention parallel me**, har ek ke apne `W_q, W_k, W_v`.
#   Seed ke examples jaise:
#   * ek head syntax dekhe (jaise pichla word),
#   * ek head noun–adjective relation ("dog" ↔ "small"),
#   * ek head long range dependency ("hungry" → "dog").
# * "Sab combine hoke deep understanding milti hai": combine = saare heads ke outputs ko **side by
#   side jodna** (concat), phir ek Linear layer `W_o` unhe aapas me mix karti hai.
# * **Imaandari wali baat:** koi head ko "tum syntax dekho" nahi bolta. Heads training me khud alag
#   patterns seekhte hain; kuch samajh me aane layak hote hain, bahut se nahi. Untrained heads ka
#   koi matlab nahi hota: neeche heatmaps me yeh khud dekhenge.

# %% [markdown]
# ## Formula
#
# Har head `i` apna attention karta hai, apne chhote projections ke saath:
#
# $$\text{head}_i = \text{Attention}(Q W_i^Q,\; K W_i^K,\; V W_i^V), \qquad W_i^Q, W_i^K, W_i^V \in \mathbb{R}^{D \times D/H}$$
#
# $$\text{MultiHead}(Q, K, V) = \text{Concat}(\text{head}_1, \dots, \text{head}_H)\; W^O, \qquad W^O \in \mathbb{R}^{D \times D}$$
#
# * `D` = embed_dim (d_model), `H` = num_heads, har head ka size `d_k = D/H`. Scale bhi `1/√(D/H)` hota hai.
# * **Trick:** H alag chhoti matrices rakhne ki jagah ek badi `W^Q` (D×D) rakhte hain. Uske output ke
#   H tukde = H heads ke `Q W_i^Q`. Yaani: pehle poora projection, phir features ko H slices me kaato.
#   Yahi kaam `split_heads` karta hai.
# * Cost: H heads × `D/H` features = wahi `D`. Isliye parameters bilkul utne hi, aur matmuls ka kaam
#   (`Q Kᵀ`: H × L² × D/H = L² × D) bhi utna hi jitna ek badi head ka. Jo badhta hai: attention
#   weights. Har head ka apna L × L map, yaani H guna weights (aur H guna softmax), neeche gin kar dekhenge.

# %% [markdown]
# ## Picture: features heads me kaise kat-te hain
#
# * Ek sentence: 4 tokens, har token ke 12 features (`D = 12`), 3 heads. Har dabbe me feature ka number likha hai.
# * Har head ko **har token ke** features ka ek lagaatar (continuous) tukda milta hai: head 0 → features 0–3,
#   head 1 → 4–7, head 2 → 8–11. Rang se follow kijiye.
# * Shapes: `(B, L, D)` → `(B, H, L, D/H)`. Ab H ek batch jaisa dimension hai, aur attention ka matmul
#   aakhri do dims `(L, D/H)` par har head ke liye alag chalta hai. Code me yeh kaise banta hai, woh
#   Exercise 1 me aap khud dhundhenge.
# * `merge_heads` ulta karta hai: `(B, H, L, D/H)` → `(B, L, D)`, yaani heads wapas side by side (concat).

# %%
import matplotlib.pyplot as plt

tc.multihead.draw_head_split(seq_len=4, d_model=12, num_heads=3)
plt.show()

# %% [markdown]
# ### Sabse common galti: seedha `reshape(B, H, L, D/H)`
#
# * Shape wahi aata hai, lekin values galat! `reshape` memory me numbers ki line ko bas naye dabbon
#   me bharta hai, isliye "head 0" me token 0 ke **saare** features aa jaate hain, token 1 ke nahi.
# * Neeche chhota example: 2 tokens, 6 features, 2 heads. Token 0 ke features 0–5, token 1 ke 6–11.

# %% tags=["nbval-check-output"]
import torch
import torch.nn.functional as F
from torch import nn

x = torch.arange(12).reshape(1, 2, 6)            # (B=1, L=2, D=6)
wrong = x.reshape(1, 2, 2, 3)                    # seedha (B, H, L, D/H): shape same, matlab galat
wanted = [x[0, 0, :3].tolist(), x[0, 1, :3].tolist()]
print("galat head 0:", wrong[0, 0].tolist(), "  ← dono rows token 0 ki!")
print("sahi head 0 :", wanted, "  ← har token ke pehle 3 features (token 0: 0-2, token 1: 6-8)")
assert tc.split_heads(x, 2)[0, 0].tolist() == wanted

# %% [markdown]
# ## Exercise 1: `split_heads` aur `merge_heads`
#
# * `split_heads(x, num_heads)`: `(B, L, D)` → `(B, H, L, D/H)`. Agar `D` ko `H` poora divide na
#   kare, ya `x` 3-D na ho, to `raise ValueError(...)` (ek saaf message ke saath).
# * `merge_heads(x)`: `(B, H, L, D/H)` → `(B, L, D)`. 4-D na ho to `ValueError`.
# * Dono ek doosre ke ulte hain: `merge_heads(split_heads(x, H))` = `x`.
# * Upar ke demo ka "sahi head 0" aapka target hai: sirf `reshape` kaafi nahi, dimensions ka
#   kram bhi badalna padega. Kaunsa? Pehle kaagaz par shapes likhiye. Atke to `tc.hint("split_heads")`.
#
# *Implement · mushkil ●●○ · lagbhag 15 min*

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def split_heads(x, num_heads):
    """(B, L, D) → (B, H, L, D/H): har head ko har token ke features ka apna tukda."""
    ### BEGIN SOLUTION
    ### HINT: har token ke features ko num_heads tukdon me baantiye aur heads ko aage laaiye (upar
    ### HINT: ka demo: seedha reshape galat hai). Galat input par ValueError. Atke to:
    ### HINT: tc.hint("split_heads").
    if x.dim() != 3:
        raise ValueError(f"x 3-D (B, L, D) hona chahiye, lekin mila shape {tuple(x.shape)}")
    batch, length, dim = x.shape
    if dim % num_heads != 0:
        raise ValueError(f"D ({dim}) ko num_heads ({num_heads}) poora divide nahi karta")
    return x.reshape(batch, length, num_heads, dim // num_heads).transpose(1, 2)
    ### END SOLUTION


def merge_heads(x):
    """(B, H, L, D/H) → (B, L, D): heads ke outputs wapas side by side."""
    ### BEGIN SOLUTION
    ### HINT: split_heads ka ulta kijiye; 4-D na ho to ValueError. Atke to: tc.hint("merge_heads").
    if x.dim() != 4:
        raise ValueError(f"x 4-D (B, H, L, D/H) hona chahiye, lekin mila shape {tuple(x.shape)}")
    batch, heads, length, head_dim = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * head_dim)
    ### END SOLUTION

# %%
split_ok = tc.check_split_heads(split_heads)
merge_ok = tc.check_merge_heads(merge_heads)

# %%
split_fn = tc.choose(split_heads, tc.split_heads, split_ok)
merge_fn = tc.choose(merge_heads, tc.merge_heads, merge_ok)

# %% [markdown]
# * **Recipe (check ke baad):** `split_heads` = `x.reshape(B, L, H, D/H)` (har token ke features H
#   tukdon me), phir `.transpose(1, 2)` → `(B, H, L, D/H)`. `merge_heads` ulta: `transpose(1, 2)`
#   phir `reshape(B, L, D)`.
# * Seed ke encoder jaisa size lijiye: `d_model = 512`, `nhead = 8`. Har head ko `512 / 8 = 64` features milte hain.

# %% tags=["nbval-check-output"]
x = torch.randn(2, 10, 512)                        # (B=2 sentences, L=10 tokens, D=512)
heads = tc.split_heads(x, 8)
back = tc.merge_heads(heads)
print("x:          ", tuple(x.shape), "  (B, L, D)")
print("split_heads:", tuple(heads.shape), "(B, H, L, D/H)")
print("merge_heads:", tuple(back.shape), "  wapas wahi, aur bilkul same values:", torch.equal(back, x))

# %% [markdown]
# ## Exercise 2: pehle andaaza, phir code (har head ke weights)
#
# * Upar wale `heads` (shape `(2, 8, 10, 64)`) ko q, k aur v teeno bana kar (projections abhi chhod
#   dete hain, sirf shapes dekhne hain) notebook 02 ka attention chalate hain:
#   `_, weights = tc.scaled_dot_product_attention(heads, heads, heads)`.
# * Yaad kijiye: matmul aakhri do dims par chalta hai, aage ke dims batch jaise rehte hain.
# * **`weights` ka shape kya hoga?** Kaagaz par sochiye: ek head ek sentence ke liye kya banata hai,
#   aur aise kitne hain? Tuple likhiye, jaise `(5, 6)`.
#
# *Predict · mushkil ●○○ · lagbhag 4 min*

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: ek tuple likhiye, jaise (5, 6): weights ka poora shape.
heads_weights_guess = (2, 8, 10, 10)
### END SOLUTION

# %%
_, head_weights = tc.scaled_dot_product_attention(heads, heads, heads)
tc.check_prediction("heads_weights_shape", heads_weights_guess, head_weights.shape)

# %% [markdown]
# * Heads badhane se features nahi badhte (wahi D baant-te hain), lekin **attention maps** badhte hain:
#   har head ke paas apna L × L map, yaani apne relationships dekhne ki jagah. Neeche gin kar dekhiye:

# %%
for num_heads in (1, 8, 64):
    per_head = tc.split_heads(x, num_heads)
    _, w = tc.scaled_dot_product_attention(per_head, per_head, per_head)
    print(f"H={num_heads:>2}: har head {512 // num_heads:>3} features | weights {tuple(w.shape)} "
          f"→ har sentence ke {w[0].numel():>5,} weights")

# %% [markdown]
# ## Padding: ek batch, alag lambai ke sentences
#
# * Notebook 02 yaad kijiye: batch me sentences alag lambai ke hote hain, to chhote sentences ke aakhir
#   me `[PAD]` bhar dete hain. `[PAD]` asli word nahi: **koi bhi query use na dekhe**, yaani har
#   `[PAD]` ki **key wala column** block (weight 0). `[PAD]` ki apni query row ka output bekaar hai,
#   par nuksaan nahi: baad me use ignore kar dete hain.
# * Ab do nayi baatein:
#   * PyTorch ka convention: **`key_padding_mask` shape `(B, L)`, `True` = padding = BLOCK.**
#     Notebook 02 ke `tc.padding_mask` aur `tc.scaled_dot_product_attention` me bool `True` =
#     "dekh sakta hai". Bilkul ulta!
#   * Scores ab 4-D hain (har head ke alag). Mask **har head** aur **har query** ke liye wahi columns
#     block kare, to use scores par broadcast hone layak shape dena padega.
# * Lambaiyan `[5, 3]` (L = 5) ka mask aise banta hai:

# %% tags=["nbval-check-output"]
lengths = torch.tensor([5, 3])
padding = torch.arange(5) >= lengths[:, None]    # (B, L): True = padding
print("key_padding_mask", tuple(padding.shape), "(True = padding):")
print(padding)

# %% [markdown]
# ## Exercise 3: apna `SelfAttention` (batch-first, padding mask ke saath)
#
# * Ab sab jodiye: projections, heads, attention, padding mask, heads wapas, `W_o`. Yahi multi-head
#   attention ka asli dil hai; PyTorch ka `nn.MultiheadAttention` isi ke upar API ki parat hai.
# * Check aapke class ko PyTorch ke apne multi-head attention (`F.multi_head_attention_forward`, jo
#   `nn.MultiheadAttention` ke andar chalta hai) se milata hai: **random** weights aur biases aapke
#   chaar Linear layers me copy karke, 11 cases par (padding, H=1, H=E, B=1, L=1, odd sizes, …).
#
# **`__init__(embed_dim, num_heads)`**
# 1. `embed_dim` ko `num_heads` poora divide na kare to `raise ValueError(...)`.
# 2. Chaar `nn.Linear(embed_dim, embed_dim)`, naam bilkul yahi: `self.q_proj`, `self.k_proj`,
#    `self.v_proj`, `self.out_proj`.
#
# **`forward(x, key_padding_mask=None)`**: x `(B, L, E)`, mask `(B, L)` bool, `True` = padding
# 1. x se q, k, v banaiye aur `split_fn` se heads me kaatiye.
# 2. Har head ke scores, scale ke saath. Kis number ka √? (Notebook 02 me d_k = ek query vector
#    ki lambai thi. Ek head ke andar woh kitna hai?)
# 3. Mask diya ho to: padding tokens ke **key columns** har head aur har query ke liye block
#    (softmax se **pehle**, `-inf`).
# 4. Softmax (kis dim par? har query ki row ka total 1), weights se values ka mix, `merge_fn`, phir
#    `self.out_proj`.
# 5. `return output, weights`: output `(B, L, E)`, aur weights **har head ke alag**, average nahi
#    (shape aapne Exercise 2 me socha tha).
#
# Notebook 02 ka `tc.scaled_dot_product_attention(q, k, v, mask)` bhi use kar sakte hain (4-D par
# chalta hai), par yaad rakhiye: uska bool mask ulta hai. Atke to `tc.hint("SelfAttention")`.
#
# *Implement · mushkil ●●○ · lagbhag 35 min*

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
import math


class SelfAttention(nn.Module):
    """Batch-first multi-head self-attention: x (B, L, E) → (output (B, L, E), har head ke weights)."""

    def __init__(self, embed_dim, num_heads):
        super().__init__()
        ### BEGIN SOLUTION
        ### HINT: embed_dim % num_heads != 0 par ValueError; sizes save kijiye; chaar
        ### HINT: nn.Linear(embed_dim, embed_dim): q_proj, k_proj, v_proj, out_proj (naam yahi).
        if embed_dim % num_heads != 0:
            raise ValueError(f"embed_dim ({embed_dim}) ko num_heads ({num_heads}) poora divide nahi karta")
        self.embed_dim, self.num_heads = embed_dim, num_heads
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.out_proj = nn.Linear(embed_dim, embed_dim)
        ### END SOLUTION

    def forward(self, x, key_padding_mask=None):
        ### BEGIN SOLUTION
        ### HINT: q, k, v → heads; scores ko √(ek head ke features) se scale; padding KEYS ko
        ### HINT: softmax se pehle block; softmax keys par; heads jodiye; out_proj. Weights har head
        ### HINT: ke alag lautaiye. Atke to: tc.hint("SelfAttention").
        heads = self.num_heads
        q = split_fn(self.q_proj(x), heads)                          # (B, H, L, d_k)
        k = split_fn(self.k_proj(x), heads)
        v = split_fn(self.v_proj(x), heads)
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])   # (B, H, L, L), d_k = E/H
        if key_padding_mask is not None:   # (B, L) → (B, 1, 1, L): har head, har query, wahi columns
            scores = scores.masked_fill(key_padding_mask[:, None, None, :], float("-inf"))
        weights = torch.softmax(scores, dim=-1)                      # har query ki row keys par
        output = self.out_proj(merge_fn(weights @ v))                # (B, L, E)
        return output, weights
        ### END SOLUTION

# %%
sa_ok = tc.check_self_attention(SelfAttention)

# %%
SA = tc.choose(SelfAttention, tc.SelfAttention, sa_ok, name="SelfAttention")

# %% [markdown]
# ### Padding sach me ignore hua?
#
# * Upar wala mask (lambaiyan 5 aur 3) lekar do baatein naapte hain:
#   * doosre sentence (lambai 3) ke padding columns (keys 3, 4) ka weight, har head aur har query ke liye,
#   * padding tokens ke vectors me kachra (bade random numbers) bhar dein, to asli tokens ka output badla?

# %%
tc.seed_everything(0)
x_batch = torch.randn(2, 5, 16)
x_junk = x_batch.clone()
x_junk[1, 3:] = 100 * torch.randn(2, 16)          # sirf padding tokens me kachra
attention = SA(16, 4).eval()
with torch.no_grad():
    out_clean, w_clean = attention(x_batch, key_padding_mask=padding)
    out_junk, _ = attention(x_junk, key_padding_mask=padding)
pad_weight = w_clean[1, :, :, 3:].max().item()
row_sums = w_clean.sum(dim=-1)
real_change = (out_junk[1, :3] - out_clean[1, :3]).abs().max().item()
assert pad_weight < 1e-6 and torch.allclose(row_sums, torch.ones_like(row_sums)) and real_change < 1e-4
print("weights:", tuple(w_clean.shape), "| har row ka total 1:", torch.allclose(row_sums, torch.ones_like(row_sums)))
print(f"padding keys ka sabse bada weight (4 heads × 5 queries): {pad_weight:.1g}")
print(f"padding me kachra bharne par asli 3 tokens ka output kitna badla: {real_change:.1g} (yaani kuch nahi)")

# %% [markdown]
# ## Har head kya dekhta hai? Pehle imaandari: untrained heads
#
# * Ek fresh (untrained) `SelfAttention` lete hain (aapka, check pass hua ho to; warna course ka
#   reference), 4 heads, aur sentence ke 10 words ke liye random embeddings.
# * Har head ka apna heatmap: row = query word, column = key word, rang = weight.
# * Dhyaan se dekhiye: patterns **random** hain, kyunki `W_q, W_k` abhi random hain; koi head
#   "noun–adjective" nahi dekh raha.
# * Kitne bikhre hue? Yeh init aur **input ke scale** par depend karta hai. Cell har query row ka sabse
#   bada weight naapta hai (10 words par bilkul barabar = 0.1, ek hi word par poora = 1.0): random input
#   (har number ~1) par, aur wahi input ×√D par (paper embeddings ko ×√d_model karta hai).
# * Seed ki "ek head syntax, ek head adjective" wali baat **training ke baad** hoti hai, apne aap nahi.

# %%
tokens = tc.multihead.DEMO_TOKENS
tc.seed_everything(0)
embed_dim = 4 * len(tokens)                      # 40 = 4 heads × 10
x_random = torch.randn(1, len(tokens), embed_dim)  # random embeddings: abhi kuch seekha nahi
untrained = SA(embed_dim, 4).eval()
with torch.no_grad():
    _, w_untrained = untrained(x_random)         # (1, 4, 10, 10): har head ke apne weights
tc.multihead.plot_heads(w_untrained[0], tokens, title="Untrained module: har head random dekhta hai")
plt.show()
with torch.no_grad():
    _, w_scaled = untrained(x_random * embed_dim ** 0.5)   # wahi module, wahi input ×√D
row_max = w_untrained[0].amax(dim=-1)              # har head, har query: sabse bada weight
row_max_scaled = w_scaled[0].amax(dim=-1)
assert row_max_scaled.mean() > row_max.mean()      # quiz ka jawab isi par tika hai: bada input, nukile weights
print(f"har row ka sabse bada weight (sab barabar = {1 / len(tokens):.2f}, ek hi word par poora = 1.00):")
print(f"  random input (~1):  average {row_max.mean():.2f}, sabse zyada {row_max.max():.2f}")
print(f"  wahi input ×√D (×{embed_dim ** 0.5:.1f}): average {row_max_scaled.mean():.2f}, "
      f"sabse zyada {row_max_scaled.max():.2f}")
print(tc.claims.ratio("input ~1 par row ka sabse bada weight (average)", row_max.mean().item(),
                      "barabar baant (1/L)", 1 / len(tokens), "zyada", "kam"))
print(tc.claims.ratio("input ×√D par", row_max_scaled.mean().item(), "input ~1 par",
                      row_max.mean().item(), "zyada", "kam"))

# %% [markdown]
# ### Ab ek haath se banaya hua example (trained nahi!)
#
# * Yeh dikhane ke liye ki heads alag cheezein **dekh sakte hain**, humne ek module ke weights
#   **haath se set kiye hain**: har token ka vector uski position ka one-hot hai, aur har head ki `W_q`
#   aise chuni hai ki query apne chune hue word ki key se milti hai
#   (`tc.multihead.handmade_self_attention`, wahi weights aapke `SelfAttention` me).
# * Yeh sirf isi sentence ke liye kaam karta hai: ek demo hai, seekha hua model nahi. Trained model aise
#   patterns data se khud seekhta hai: neeche ek trained checkpoint ke heads dekhenge, aur notebook 06
#   me khud ek chhota Transformer train karenge.
# * Chaar heads:
#   * head 0: har word **pichle word** ko dekhta hai (order / syntax jaisa),
#   * head 1: **adjective ↔ noun** ("small" ↔ "dog", "black" ↔ "cat"),
#   * head 2: **long range**: "that", "chased", "was", "hungry" sab "dog" ko (kaun hungry hai? dog!),
#   * head 3: sab words par **thoda-thoda** (ek broad, averaging head; trained BERT me bhi aise "broad"
#     heads paaye gaye hain: Clark et al. 2019, *What Does BERT Look At?*).

# %%
handmade, x_hand = tc.multihead.handmade_self_attention(SA)
with torch.no_grad():
    _, w_hand = handmade(x_hand)
tc.multihead.plot_heads(w_hand[0], tokens, head_names=list(tc.multihead.DEMO_HEADS),
                        title="Haath se set kiye heads: har head alag relation dekhta hai")
plt.show()

# %% tags=["nbval-check-output"]
for h, name in enumerate(list(tc.multihead.DEMO_HEADS)[:3]):
    looks_at = w_hand[0, h].argmax(dim=-1)
    pairs = [f"{tokens[i]}→{tokens[j]}" for i, j in enumerate(looks_at.tolist()) if i != j]
    print(f"{name:<34} {', '.join(pairs)}")
hungry_avg = w_hand[0].mean(dim=0)[tokens.index("hungry")]   # average_attn_weights=True jaisa
print("\nHeads ka average, 'hungry' ki row:",
      ", ".join(f"{t} {v:.2f}" for t, v in zip(tokens, hungry_avg.tolist(), strict=True) if v > 0.1))

# %% [markdown]
# * Aakhri line dekhiye: heads ka **average** lene par "hungry" ki row me "dog", "was" aur "hungry"
#   teeno barabar (~0.25) hain. Kaunsa head kya dekh raha tha, average me pata hi nahi chalta.
#   PyTorch ka `nn.MultiheadAttention` default me (`average_attn_weights=True`) yahi average lautaata
#   hai; isiliye aapke `SelfAttention` ne har head ke weights alag lautaye.
# * Neeche explorer me head chuniye, aur "untrained" / "haath se set" ke beech switch karke fark dekhiye.

# %%
import ipywidgets as widgets

sources = {"haath se set": w_hand[0], "untrained (random)": w_untrained[0]}
head_names = list(tc.multihead.DEMO_HEADS)


def show_head(head, source):
    fig, ax = plt.subplots(figsize=(6.4, 5.0))
    name = head_names[head] if source == "haath se set" else f"head {head} (untrained)"
    tc.plotting.heatmap(sources[source][head], tokens, tokens, ax=ax, vmax=1.0, title=name)
    plt.show()


tc.explore(show_head, {
    "head": widgets.Dropdown(options=[(n, h) for h, n in enumerate(head_names)], value=2,
                             description="head"),
    "source": widgets.ToggleButtons(options=list(sources), description="weights"),
}, title="Head explorer: ek head chuniye")

# %% [markdown]
# ## Trained heads: har layer, har head, asli inputs par
#
# * Upar ke dono examples trained nahi the: ek random, ek haath se set. Ab ek **trained** model:
#   notebook 02 wala checkpoint (notebook 06 ka "it → noun" model, 2 layers × 4 heads, fixed seed se
#   train kiya). Task: "...because it was tired" → it = cat, "...because it was soft" → it = mat.
# * Grid me do **held-out** sentences (training me kabhi nahi aaye): har row ek (sentence, layer),
#   har column ek head. `tc.attention_maps(model, tokens)` sab ek saath deta hai, shape
#   `(sentences, layers, heads, query, key)`.
# * Query words (rows) har map ke left me likhe hain. Key words (columns) sirf har sentence ki
#   **layer 1 wali row ke neeche** likhe hain; layer 0 ke map ke columns bhi wahi words hain, usi kram me.
# * Grid ke baad ek table: saare held-out sentences par, har head ki rows ka sabse bada weight kahan
#   gira, kitni baar:
#   * har word ki row: **khud** par, **pichle** word par, **agle** word par, ya kisi **noun** par;
#   * sirf "it" ki row: **sahi** noun, **doosra** noun, **adj**ective, ya "it" khud;
#   * **sahi>doosra**: kitne sentences me "it" ka weight sahi noun par doosre noun se zyada hai.
#     Yeh jodi wala number hai: sikka uchhaalne wala head bhi 50% paata hai. "Sabse bada weight kahan"
#     akele dhokha de sakta hai (neeche dekhiye), isliye heads ko is column se parakhiye;
#   * **nukilapan**: har row ke sabse bade weight ka average (0.10 = 10 words me barabar baant,
#     1.00 = ek hi word par sab);
#   * aakhri line (chance): random word chunne wala head kitna paata.
# * Kaunsa head kya karega, yeh humne nahi chuna, training ne chuna. Table ke neeche ki lines code
#   numbers se likhta hai.

# %%
trained, it_vocab = tc.attention_trained.load_trained()
_, held_its = tc.tasks.it_split()
tired, soft = tc.attention_trained.showcase_sentences(held_its)
show_tokens, _ = tc.tasks.encode_it([tired, soft], it_vocab)
show_maps = tc.attention_maps(trained, show_tokens)
print("show_maps.shape =", tuple(show_maps.shape), "= (sentences, layers, heads, query, key)")
tc.attention_trained.plot_layer_head_grid(show_maps, [tired, soft],
                                          title="Trained model: har layer × har head, do held-out sentences")
plt.show()

# %%
held_summary = tc.attention_trained.head_summary(
    tc.attention_trained.it_maps(trained, held_its, it_vocab), held_its)
record = tc.records.load_record("trained_attention")
recorded = tc.attention_trained.record_summary(record)   # sweep ne yahi checkpoint naapa tha
assert tc.attention_trained.summary_matches(held_summary, recorded)
print(f"{len(held_its)} held-out sentences: har head ki rows ka sabse bada weight kahan gira (kitni baar)\n")
print(tc.attention_trained.format_head_table(held_summary))
print()
print(tc.attention_trained.head_roles_text(held_summary))
order_max = max(held_summary[key].max() for key in ("self", "previous", "next"))
print(f"\nkhud / pichla / agla word: kisi bhi head me zyada se zyada {order_max:.0%} rows (chance 10%)")
pairwise = held_summary["beats_other"]                   # (layers, heads): sahi > doosra
for i, row in enumerate(pairwise):
    print(f"sahi>doosra, layer {i}: heads {row.min():.0%} se {row.max():.0%} tak (chance 50%)")
assert abs(pairwise[0] - 0.5).max() < 0.1            # neeche ka text: layer 0 sikke ke paas
assert pairwise[-1].max() > pairwise[0].max() + 0.2  # … aur sabse accha head aakhri layer me

# %% [markdown]
# * Layer 0 me "it" ki query aur nouns ki keys ko adjective ka pata nahi (notebook 02 ka exercise:
#   layer 0 me "cat" ÷ "mat" ka ratio "tired" aur "soft" me same rehta hai). Adjective ka apna
#   weight badal sakta hai, do nouns ka ratio nahi.
# * Isliye layer 0 sabse bada weight **noun aur adjective ke beech** khiska sakta hai, **do nouns ke
#   beech kabhi nahi**.
# * Misaal: layer 0 ka ek head dono sentences me "cat" ko "mat" se zyada dekhe, aur "soft" wale
#   sentence me adjective "soft" top weight le jaaye. Tab "tired" me top = cat (sahi), "soft" me top
#   = soft (adjective, "doosra" nahi gina): table me "it→sahi" bada aur "it→doosra" chhota dikhta
#   hai, jabki head do nouns me farq karta hi nahi. "sahi>doosra" yeh dhokha pakadta hai: layer 0 me
#   sikke (50%) ke paas, upar code ne print kiya.
# * Layer 1 me kya hua, neeche 5 seeds par (har seed ek alag model).
# * Heads ke number ka koi matlab nahi: training shuru hone par sab heads ek jaise banaye jaate hain
#   (sirf random alag), to doosre seed me wahi kaam kisi aur number ka head kar sakta hai.

# %%
print(tc.records.describe_record(record))
print('\n"it" ki row me sahi noun ka weight doosre se zyada, kitne held-out sentences me (sahi>doosra):')
print("\n".join(tc.attention_trained.seed_lines(record)))
sharp = held_summary["sharpness"].mean(axis=1)
print("\nIs checkpoint ka nukilapan, heads ka average: "
      + ", ".join(f"layer {i} {value:.2f}" for i, value in enumerate(sharp)) + " (barabar baant = 0.10)")

# %% [markdown]
# ## `nn.MultiheadAttention` ke andar kya hai?
#
# * PyTorch ke layer ke paas sirf chaar cheezein hain:
#   * `in_proj_weight`, shape `(3·D, D)`: `W_q`, `W_k`, `W_v` upar-neeche ek matrix me (har ek D×D),
#   * `in_proj_bias`, shape `(3·D,)`: teeno ke bias,
#   * `out_proj`: ek `nn.Linear(D, D)`, yaani `W_o` aur uska bias.
# * Aapke `SelfAttention` ke `q_proj`, `k_proj`, `v_proj` = `in_proj_weight` ke teen tukde (upar se),
#   bias bhi waise hi. Check ne inhi tukdon ko copy karke aapka module PyTorch se milaya tha.
# * Isliye parameters = `3·D² + 3·D` (Q, K, V) `+ D² + D` (out) = **`4·D² + 4·D`**.
# * Heads ki ginti formula me hai hi nahi: heads wahi D features aapas me baant lete hain.

# %% tags=["nbval-check-output"]
for name, p in nn.MultiheadAttention(512, 8).named_parameters():
    print(f"{name:<18} {str(tuple(p.shape)):<12} {p.numel():>9,}")
for num_heads in (1, 8, 16):
    count = sum(p.numel() for p in nn.MultiheadAttention(512, num_heads).parameters())
    assert count == tc.multihead_parameter_count(512) == 4 * 512**2 + 4 * 512
    print(f"nn.MultiheadAttention(512, num_heads={num_heads:>2}): {count:,} parameters = 4·d² + 4·d ✅")

tc.seed_everything(0)                              # wahi weights, do layout: PyTorch vs SelfAttention
torch_mha = nn.MultiheadAttention(16, 4, batch_first=True).eval()
reference = tc.SelfAttention.from_torch(torch_mha).eval()   # in_proj ke teen tukde
with torch.no_grad():
    expected = torch_mha(x_batch, x_batch, x_batch, key_padding_mask=padding, average_attn_weights=False)
    got = reference(x_batch, key_padding_mask=padding)
print("\nSelfAttention.from_torch(nn.MultiheadAttention): output aur per-head weights same?",
      all(torch.allclose(e, g, atol=1e-6) for e, g in zip(expected, got, strict=True)))

# %% [markdown]
# ## ⭐ Challenge (optional): poora `nn.MultiheadAttention` twin
#
# * Multi-head attention ka idea aap Exercise 3 me bana chuke hain. Yeh challenge **optional** hai:
#   PyTorch ke layer ka **poora API** (cross-attention, `attn_mask`, `batch_first=False`, unbatched
#   input, averaged weights, NaN wali rows). Chhod denge to bhi sab aage chalega: neeche ke cells
#   (aur notebook 05) course ka reference `tc.MultiHeadAttention` le lenge.
#
# ### Masks: PyTorch ka poora convention
#
# * `nn.MultiheadAttention` me **bool mask ka `True` = BLOCK** ("is key ko mat dekho"), dono masks me.
# * Sabse safe tareeka: bool mask ko **float** me badliye (blocked → `-inf`, allowed → `0`) aur
#   scores me jodiye. Float mask dono conventions me ek hi matlab rakhta hai.
# * Do tarah ke masks:
#   * `attn_mask`: shape `(L, S)` (har sentence aur head par same, jaise causal mask), ya
#     `(B·H, L, S)` (har sentence aur har head ka alag).
#   * `key_padding_mask`: shape `(B, S)`; padding wale keys `True` (Exercise 3 jaisa). Yeh saare heads
#     aur queries par broadcast hota hai.
# * **Ek khaas case:** agar kisi query ke *saare* keys block ho jaayein, softmax ke paas kuch bachta
#   hi nahi. PyTorch ka `nn.MultiheadAttention` wahan `NaN` deta hai; hamara module us row ko zero
#   weights deta hai (context = 0, output = sirf `out_proj` ka bias). Isliye comparisons me aisi rows
#   nahi rakhte. Neeche dekhiye (NaN wala hissa aapke PyTorch version par depend kar sakta hai):

# %%
tc.seed_everything(0)
torch_mha = nn.MultiheadAttention(8, 2, batch_first=True).eval()
ours = tc.MultiHeadAttention(8, 2, batch_first=True).eval()
ours.load_state_dict(torch_mha.state_dict())      # same naam, same shapes → weights copy ho gaye
x = torch.randn(2, 3, 8)
padding = torch.tensor([[False, False, True],      # sentence 0: aakhri token padding
                        [True, True, True]])       # sentence 1: SAB padding (poori row block)
with torch.no_grad():
    out_torch, _ = torch_mha(x, x, x, key_padding_mask=padding)
    out_ours, _ = ours(x, x, x, key_padding_mask=padding)
print("sentence 0 dono me same?  ", torch.allclose(out_torch[0], out_ours[0], atol=1e-6))
print("sentence 1 me NaN? PyTorch:", out_torch[1].isnan().any().item(), "| hamara:", out_ours[1].isnan().any().item())

# %% [markdown]
# ### ⭐ Challenge: apna `MultiHeadAttention` (nn.MultiheadAttention ka twin)
#
# * Exercise 3 ka `SelfAttention` hi andar ka dil hai; yahan uske upar PyTorch ki poori API.
# * Check aapke class ko aur `nn.MultiheadAttention` ko banata hai, PyTorch wale weights aapke module
#   me `load_state_dict` se copy karta hai, dono ko `eval()` karta hai, aur 15 cases par outputs aur
#   weights milata hai. Isliye **parameters ke naam aur shapes PyTorch jaise** hone chahiye.
#
# **`__init__`**
# 1. `embed_dim % num_heads != 0` ho to `raise ValueError(...)`.
# 2. `self.embed_dim`, `self.num_heads`, `self.batch_first` save kijiye.
# 3. `self.in_proj_weight = nn.Parameter(torch.empty(3 * E, E))` (phir `nn.init.xavier_uniform_`),
#    `self.in_proj_bias = nn.Parameter(torch.zeros(3 * E))`, `self.out_proj = nn.Linear(E, E)`.
#
# **`forward(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights)`**
# 1. Layout: 2-D input `(L, E)` (unbatched) → `unsqueeze(0)`; `batch_first=False` par input
#    `(L, B, E)` hai → `transpose(0, 1)`. Ab sab `(B, L, E)`.
# 2. `w_q, w_k, w_v = self.in_proj_weight.chunk(3)` (bias bhi), `F.linear(query, w_q, b_q)`, phir `split_fn(..., H)`.
# 3. Masks → ek float mask jo `(B, H, L, S)` par broadcast ho (upar wala section).
# 4. `tc.scaled_dot_product_attention(q, k, v, mask)` saare heads par ek saath chalta hai.
# 5. `merge_fn(context)`, phir `self.out_proj(...)`.
# 6. Output ko wapas input ke layout me laiye. Weights: `need_weights=False` → `None`;
#    `average_attn_weights=True` → heads ka mean `(B, L, S)`, warna har head `(B, H, L, S)`.
#    (Unbatched me batch wala dim hata dijiye.)
#
# Dropout ko abhi chhod sakte hain: check `eval()` mode me chalta hai, jahan dropout band hota hai.
#
# *⭐ Challenge (implement) · mushkil ●●● · lagbhag 40 min*

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
class MultiHeadAttention(nn.Module):
    """Apna multi-head attention: nn.MultiheadAttention jaise naam, arguments aur outputs."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, batch_first=False):
        super().__init__()
        ### BEGIN SOLUTION
        ### HINT: upar ke __init__ wale 3 steps: ValueError; sizes save; in_proj_weight (3E, E),
        ### HINT: in_proj_bias (3E), out_proj = nn.Linear(E, E). Naam bilkul yahi rakhiye.
        if embed_dim % num_heads != 0:
            raise ValueError(f"embed_dim ({embed_dim}) ko num_heads ({num_heads}) poora divide nahi karta")
        self.embed_dim, self.num_heads, self.batch_first = embed_dim, num_heads, batch_first
        self.in_proj_weight = nn.Parameter(torch.empty(3 * embed_dim, embed_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed_dim))
        self.out_proj = nn.Linear(embed_dim, embed_dim)
        nn.init.xavier_uniform_(self.in_proj_weight)
        ### END SOLUTION

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True,
                attn_mask=None, average_attn_weights=True):
        ### BEGIN SOLUTION
        ### HINT: upar ke forward wale steps follow kijiye. Yaad rakhiye: PyTorch ke bool mask me
        ### HINT: True = block, use -inf wale float mask me badaliye; key_padding_mask har head aur
        ### HINT: har query par lagta hai. Atke to: tc.hint("MultiHeadAttention").
        unbatched = query.dim() == 2
        if unbatched:                                   # (L, E) → (1, L, E)
            query, key, value = query.unsqueeze(0), key.unsqueeze(0), value.unsqueeze(0)
        elif not self.batch_first:                      # (L, B, E) → (B, L, E)
            query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
        B, L, S, H = query.shape[0], query.shape[1], key.shape[1], self.num_heads

        # 1) projections (W_q, W_k, W_v ek matrix me), 2) heads me kaatna
        w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        b_q, b_k, b_v = self.in_proj_bias.chunk(3)
        q = split_fn(F.linear(query, w_q, b_q), H)     # (B, H, L, E/H)
        k = split_fn(F.linear(key, w_k, b_k), H)       # (B, H, S, E/H)
        v = split_fn(F.linear(value, w_v, b_v), H)     # (B, H, S, E/H)

        # 3) saare masks → ek float mask (0 = dekho, -inf = block), (B, H, L, S) par broadcast
        def to_float(m):
            if m.dtype == torch.bool:
                return torch.zeros(m.shape, dtype=q.dtype, device=q.device).masked_fill(m, float("-inf"))
            return m.to(q.dtype)

        mask = torch.zeros(B, H, L, S, dtype=q.dtype, device=q.device)
        if attn_mask is not None:
            m = to_float(attn_mask)
            mask = mask + (m.reshape(B, H, L, S) if m.dim() == 3 else m)
        if key_padding_mask is not None:
            mask = mask + to_float(key_padding_mask).reshape(B, 1, 1, S)

        # 4) har head ka attention (ek saath), 5) heads jodna + W_o
        context, weights = tc.scaled_dot_product_attention(q, k, v, mask)
        output = self.out_proj(merge_fn(context))       # (B, L, E)

        # 6) wapas input ke layout me
        if unbatched:
            output, weights = output[0], weights[0]
        elif not self.batch_first:
            output = output.transpose(0, 1)
        if not need_weights:
            return output, None
        return output, (weights.mean(dim=-3) if average_attn_weights else weights)
        ### END SOLUTION

# %%
mha_ok = tc.check_multi_head_attention(MultiHeadAttention)

# %%
MHA = tc.choose(MultiHeadAttention, tc.MultiHeadAttention, mha_ok, name="MultiHeadAttention")

# %% [markdown]
# ## Pakka karein: course ka module vs `nn.MultiheadAttention`
#
# * Course ka reference `tc.MultiHeadAttention` (jo notebook 05 ka `EncoderBlock` bhi use karta hai) har
#   setting me PyTorch se milaate hain: random weights **aur random biases** (PyTorch biases 0 se
#   shuru karta hai, to bias ki galti chhup sakti thi), float32 aur float64 dono.
# * Neeche har setting ke liye sirf `OK` / `FAIL` print hota hai (bound: max |fark| < 1e-5). Uske neeche
#   wala cell har dtype me sabse bada **relative** fark print karta hai (|fark| ÷ us tensor ka sabse bada
#   |value|), us dtype ke rounding step `eps` ki units me (`eps` = 1 aur uske agle number ka fark, yaani
#   relative rounding; isliye relative fark se milate hain).

# %% tags=["nbval-check-output"]
rows = tc.compare_mha_with_torch(tc.MultiHeadAttention)
for label, diff in rows:
    print(f"{label:<58} {'OK' if diff < 1e-5 else 'FAIL'}")
assert all(diff < 1e-5 for _, diff in rows)
print(f"\n✅ {len(rows)} settings: output aur weights me max |fark| < 1e-5 (output, averaged aur per-head weights)")

# %%
relative = tc.compare_mha_with_torch(tc.MultiHeadAttention, relative=True)
for dtype in (torch.float32, torch.float64):
    worst = max(diff for label, diff in relative if label.endswith(f"[{str(dtype).removeprefix('torch.')}]"))
    eps = torch.finfo(dtype).eps
    print(f"{str(dtype):<14} sabse bada relative fark {worst:.1e} = {worst / eps:.1f} × eps ({eps:.1e})",
          "→ rounding jitna" if worst <= 100 * eps else "→ rounding se zyada, dhyaan dijiye")

# %% [markdown]
# ## Speed: fark kahan se aata hai?
#
# * Outputs ek jaise hain (upar verify kiya). Ab do sawaal: time kitna lagta hai, aur **kis tukde me** jaata hai?
# * Saat tareeke, **same weights**, same input (pehle check hota hai ki saaton ke output same hain):
#   * **Timed module**: aapka ⭐ challenge module (check pass hua ho to), warna course ka
#     `tc.MultiHeadAttention`. Kaunsa chala, cell print karta hai. (Challenge ka solution har call par
#     zero mask banata hai; course ka module mask na diya ho to nahi banata, par inputs check karta hai.)
#   * **Ek fixed chain** (yeh hamesha wahi code hai, aapka module nahi); har line upar wali se ek cheez hatati hai:
#     1. `02 ka attention + zero mask`: challenge ka solution andar yahi karta hai: har call par `(B, H, L, L)`
#        ka zero float mask, phir notebook 02 ka `tc.scaled_dot_product_attention` (jo inputs check karta hai,
#        aur poori tarah block rows ko 0 karne ke liye matrix par extra passes chalata hai).
#     2. `explicit + zero mask`: seedhi lines `softmax(q·kᵀ/√d + mask) @ v`.
#     3. `explicit`: wahi, bina mask. Weights ki poori matrix phir bhi banti hai: scores, `/√d`, softmax.
#     4. `F.sdpa (fused)`: `F.scaled_dot_product_attention`. Fused kernel lag sake to woh yeh sab chhote
#        blocks me saath-saath karta hai, poori matrix memory me rakhe bina.
#   * **PyTorch ka layer**: `nn.MHA(need_weights=True)` aur `nn.MHA(need_weights=False)`. `eval()` +
#     `no_grad()` me yeh Python se ek hi op (`torch._native_multi_head_attention`) bula sakta hai; bulaya
#     ya nahi, aur uske andar kitne ops chale, profiler batata hai.
# * Naapne ka tareeka: 1 CPU thread, **is thread ka CPU time** (doosre programs ka waqt nahi ginta), 11 rounds:
#   har round me har tareeka ek baar, aur har round pichhle se ek tareeka aage se shuru hota hai. Phir median.
#   Numbers har run aur machine par hilte hain, isliye nateeje **code numbers se likhta hai**.
# * Teen size; poori table sirf lambe size (B=1, L=512, D=64, H=4) ki, baaki do ki ek-ek line.

# %%
mh = tc.multihead
sizes = {"chhota (B=1, L=8, D=32, H=4)": dict(batch=1, seq_len=8, embed_dim=32, num_heads=4),
         "beech (B=1, L=128, D=64, H=4)": dict(batch=1, seq_len=128, embed_dim=64, num_heads=4),
         "lamba (B=1, L=512, D=64, H=4)": dict(batch=1, seq_len=512, embed_dim=64, num_heads=4)}
speed = mh.measure_attention_ways(MHA, sizes, repeats=11, min_time=0.003)
*others, big = speed
for label in others:
    print(mh.size_line(label, speed[label]))
print()
print(mh.speed_report(big, speed[big]))

# %% [markdown]
# ### Table kaise padhein
#
# * **time/call**: 11 rounds ka median. **max÷min**: sabse dheema round ÷ sabse tez, yaani shor kitna
#   tha (1.5× shor ho to 1.1× ke fark par bharosa mat kijiye).
# * **ops: Python/kul**: Python se kitne PyTorch ops bulaye gaye / unke andar mila ke kul kitne chale.
#   Python se har op bulane ka ek chhota fixed kharcha hai, tensor chahe kitna bhi chhota ho.
# * **nayi memory**: ek call me saare ops ne milkar kitni nayi memory li (q, k, v, output aur beech ke
#   tensors; baad me free hui ho to bhi). Is size par ek `(B, H, L, L)` float32 matrix 4 MB ki hai, to
#   har poori matrix ~4 MB jodti hai. Yeh timing ki tarah hilti nahi.
# * **Tukdon me**: fixed chain ka har step kitna time bachata hai (bracket me: `F.sdpa` tak ke poore fark
#   ka hissa) aur kitni memory. 11 me se kam se kam 10 rounds me wahi taraf na ho, to line khud
#   "shor ke andar" kehti hai.
#
# ### Nateeje (lambe size ke numbers se, code ne likhe)
#
# * Har sentence `tc.claims.ratio` jaisa numbers se banta hai: numbers ulte aayein to sentence bhi ulta;
#   10% ke andar = "lagbhag barabar". Do tareekon ka ek hi number: har round me dono ka ratio, un 11 ka median.
# * Teesri line ek sawaal naapti hai: kya PyTorch sirf isliye tez hai ki Python se ek op bulata hai?
#   `explicit` aur `nn.MHA(need_weights=True)` dono poori weights matrix banate hain; fark ops me hai aur
#   matrix par passes me. Python se op bulane ka kharcha har size par ek jaisa hai, to chhote size ka
#   fark (jahan 1 KB ki matrix ke passes lagbhag muft hain) batata hai ki woh kharcha kitna hai.

# %%
result = speed[big]
print(big)
print("  •", mh.compare_ways(result, mh.MODULE, mh.TORCH_FAST))
print("  •", mh.biggest_piece(result))
print("  •", mh.python_vs_cpp(result, small=speed[others[0]]))

# %% [markdown]
# * Hamare code ke "extra" tukde, **hamesha poora mask banana** (challenge solution) aur **blocked rows ko
#   0 karna** (notebook 02), saaf code aur safety ki keemat hain, attention ki maths ki nahi (jaise: mask
#   sirf tab banaiye jab diya ho). Fused kernel poori matrix store hi nahi karta: `nayi memory` column dekhiye.
# * Sabak: seekhne ke liye apna code, chalane ke liye PyTorch ka. Outputs ek jaise hain (upar verify kiya),
#   fark speed aur memory ka hai, aur woh kahan se aata hai yeh profiler dikha deta hai.

# %%
tc.quiz([
    tc.Question(
        "embed_dim = 512 aur num_heads = 8 ho to har head ke q, k, v vectors kitne lambe hote hain?",
        ["512", "64", "8", "4096"],
        answer=1,
        explanation="Har head ko D/H = 512/8 = 64 features milte hain; heads D ko aapas me baant lete hain.",
        nudge="heads D features ko barabar tukdon me baant-te hain: H heads × har head ke "
              "features kitna hona chahiye?"),
    tc.Question(
        "nn.MultiheadAttention(512, 1) aur nn.MultiheadAttention(512, 16): parameters?",
        ["16 heads wale me 16 guna zyada", "Dono me barabar: 4·d² + 4·d = 1,050,624",
         "1 head wale me zyada"],
        answer=1,
        explanation="Parameter count sirf D par depend karta hai: W_q, W_k, W_v, W_o (D×D) + 4 bias. Heads wahi features baant lete hain.",
        nudge="in_proj_weight, in_proj_bias aur out_proj ke shapes dobara dekhiye: unme num_heads "
              "kahin aata hai?"),
    tc.Question(
        "nn.MultiheadAttention me bool key_padding_mask ka True kya matlab rakhta hai?",
        ["Yeh key dekh sakte hain", "Yeh key BLOCK hai (padding), isko mat dekho",
         "Yeh query output me nahi aayegi"],
        answer=1,
        explanation="PyTorch ke nn.MultiheadAttention me True = block. Notebook 02 ke function me bool True = dekh sakta hai, isliye float (-inf) mask sabse safe hai.",
        nudge="'Padding: ek batch, alag lambai ke sentences' wala section padhiye: PyTorch ka "
              "convention kiske muqable ulta hai?"),
    tc.Question(
        "split_heads me reshape(B, L, H, D/H) ke baad transpose(1, 2) kyun?",
        ["Speed ke liye, warna zaroori nahi",
         "Taaki H batch jaisa aage aaye aur matmul har head ke (L, D/H) par alag chale",
         "Transpose ki zaroorat nahi: seedha reshape(B, H, L, D/H) bhi wahi values deta hai"],
        answer=1,
        explanation="Matmul aakhri do dims par chalta hai; (B, H, L, D/H) me har head ka apna (L, D/H) hai. Seedha reshape(B, H, L, D/H) tokens ko mix kar deta.",
        nudge="'Sabse common galti' wale demo me seedhe reshape ka head 0 kaisa tha? Aur matmul "
              "tensor ke kaunse dims par chalta hai?"),
    tc.Question(
        "Padding mask (B, L) ko scores (B, H, L, L) par kis shape me lagate hain, aur kyun?",
        ["(B, 1, L, 1): padding token ki apni query row block karni hai",
         "(B, 1, 1, L): padding token ko KEY ki tarah koi na dekhe, har head aur har query ke liye",
         "(B, H, L, L): har head ke liye alag mask banana zaroori hai"],
        answer=1,
        explanation="Padding ko koi query na dekhe, yaani uska key column block. 1 wale dims har head aur "
                    "har query par broadcast ho jaate hain; padding ki apni row ka output baad me ignore hota hai.",
        nudge="Exercise 3 ka 'Padding sach me ignore hua?' cell: kaunse weights 0 hone chahiye the, "
              "rows ya columns?"),
    tc.Question(
        "B=2, H=4, L=512 par ek (B, H, L, L) float32 weights matrix 8 MB ki hai. Baaki sab same, L = 1024 par?",
        ["16 MB", "32 MB", "8 MB: L par depend nahi karta", "64 MB"],
        answer=1,
        explanation="Matrix me B·H·L·L numbers hain: L dugna → L² chaar guna → 32 MB. Isiliye lambe "
                    "sequences par poori matrix banana (aur uski copies) mehenga padta hai.",
        nudge="matrix me kitne numbers hain? Har dimension likhiye aur dekhiye L kitni baar aata hai."),
    tc.Question(
        "Untrained multi-head attention ke heatmaps kaise dikhte hain?",
        ["Har head ek saaf relation dikhata hai (syntax, adjective...)",
         "Random: koi saaf relation nahi; kitne bikhre, yeh init aur input ke scale par depend karta hai",
         "Saare heads bilkul ek jaise"],
        answer=1,
        explanation="W_q, W_k random hain, to scores bhi random hain: koi head koi relation nahi dekhta. "
                    "Kitne bikhre, yeh scale par hai: wahi module wahi input ×√D par zyada nukile "
                    "weights deta hai (upar cell ne dono naap kar print kiye). Heads ki specialisation training me seekhi jaati hai.",
        nudge="untrained module ke W_q, W_k kahan se aaye, aur kya unhe data se kuch seekhne ka "
              "mauka mila?"),
    tc.Question(
        'Trained model ke layer 0 ka ek head "it" ka sabse bada weight 50% sentences me sahi noun par '
        'rakhta hai (random word: 10%). Uska "sahi>doosra" kitne ke aas-paas hoga?',
        ["Lagbhag 50%: layer 0 me cat ÷ mat ka ratio adjective se nahi badalta, to jodi me sikka",
         "Lagbhag 100%: top weight chance se 5 guna hai, to head sahi noun pehchaanta hai",
         "Lagbhag 10%: random word jitna"],
        answer=0,
        explanation='Layer 0 me "it" ki query aur nouns ki keys adjective se nahi badalti, to dono nouns me '
                    "se jise head zyada dekhe, woh tired aur soft me same rehta hai: sahi>doosra ≈ 50%. "
                    '"it→sahi" bada isliye dikhta hai ki adjective kabhi-kabhi top weight le jaata hai '
                    "(upar table ne dono columns naape).",
        nudge='Table me layer 0 ke "sahi>doosra" column aur uski chance line dekhiye; notebook 02 ka '
              'layer 0 wala exercise bhi yaad kijiye.'),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Multi-head = H chhote attention parallel me; har head `D/H` features par, apne `W_q, W_k, W_v` ke saath.
#   Outputs concat hote hain, phir `W_o` unhe mix karta hai ("sab combine hoke").
# * Shape ki kahani: `(B, L, D)` → reshape `(B, L, H, D/H)` → transpose `(B, H, L, D/H)` → attention
#   → wapas `(B, L, D)`. Seedha `reshape(B, H, L, D/H)` galat hai.
# * Har head ka apna L × L attention map: weights `(B, H, L, L)`. Zyada heads = zyada maps, features wahi D.
# * `SelfAttention` ki kahani: `q_proj, k_proj, v_proj` → heads → scores `/ √(D/H)` → padding keys
#   `-inf` (softmax se pehle) → softmax keys par → heads jodna → `out_proj`.
# * Padding mask **key** ke axis par: `(B, L)` → `(B, 1, 1, L)`, har head aur har query ke liye wahi
#   columns block. PyTorch me `True` = padding = block; notebook 02 ke function me `True` = dekh sakta hai.
# * Parameters `4·d² + 4·d`, heads ki ginti se independent (`nn.MultiheadAttention(512, 8)`: 1,050,624).
# * ⭐ PyTorch ke `nn.MultiheadAttention` me bool mask `True` = **block**; `key_padding_mask (B, S)`,
#   `attn_mask (L, S)` ya `(B·H, L, S)`. Poori tarah block row: hamara module zero deta hai; PyTorch ne
#   upar (is version par) `NaN` diya ya nahi, woh cell ne print kiya.
# * Hamara `MultiHeadAttention` PyTorch ke naam use karta hai, isliye `load_state_dict` se weights copy
#   hote hain aur outputs 1e-5 ke andar milte hain.
# * Untrained heads random dekhte hain (kitne faile hue, yeh init aur input ke scale par); "ek head syntax,
#   ek adjective" jaisi specialisation training se aati hai.
# * Trained heads ko sahi baseline se parakhiye: "sabse bada weight sahi noun par" dhokha de sakta hai
#   (layer 0 adjective aur noun ke beech top weight khiska sakta hai, do nouns ke beech nahi); jodi wala
#   "sahi>doosra" (chance 50%) imaandar hai. Is checkpoint me layer 0 sikke ke paas, sabse accha head layer 1 me.
# * Speed ka fark maaniye mat, naapiye: har `(B, H, L, L)` pass/copy ka kharcha `L²` se badhta hai, har op
#   ka ek fixed overhead hai, aur fused kernel poori weights matrix store nahi karta. Kis machine par kaunsa
#   tukda kitna bhaari hai, yeh code numbers se likhta hai (`tc.claims.ratio`), haath se nahi.

# %% [markdown]
# **Agla notebook:** [05 · Feed-forward aur encoder block](05_encoder_block.ipynb) →
