# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/05_encoder_block.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/05_encoder_block.ipynb)
#
# # 05 · Feed-forward aur encoder block

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
# * **Feed-forward network (FFN)**: attention ke baad har token ka apna chhota sa 2-layer
#   network. "Position-wise" ka matlab, ReLU vs GELU, aur yeh `d_ff = 4·d_model` itna chauda kyun hai.
# * **Residual connection**: `x + Sublayer(x)`. 32 layers ke stack me gradient do inits ke saath
#   naapenge (shortcut ke bina gradient ka gayab hona init ka bhi khel hai), aur ek measured record se
#   dekhenge ki residual asal me kya deta hai: gehra stack train ho paata hai.
# * **LayerNorm vs BatchNorm**: kaun kis cheez par normalize karta hai, aur padding / batch size 1
#   par BatchNorm kyun fasta hai.
# * **Post-norm vs pre-norm** (`norm_first`): paper wala tareeka aur aaj ka common tareeka; asli
#   encoder blocks me har layer ka gradient, aur bade learning rate par warmup ke saath/bina training.
# * **Dropout**: training vs eval, aur `1/(1−p)` scaling jo average ko same rakhta hai.
# * **Exercises**: apna `EncoderBlock` likhna jo `nn.TransformerEncoderLayer` se **exact** match kare
#   (phir seed ka 2-layer encoder usi se dobara banana); andaaza lagana ki ek token badalne par block
#   ke kitne outputs badalte hain; aur residual khud hata kar dekhna ki tokens ka kya hota hai.
# * Paper ke base model ke **parameters** ginna: `nn.Transformer()` = 44,140,544; embedding ke saath ~63M.

# %% [markdown]
# ## Encoder block ka naksha
#
# * Seed ne kaha tha: "Attention ke baad simple dense layers features ko refine karte hain."
#   Bilkul sahi, lekin ek encoder block me isse thoda zyada hai. Har block me **do sub-layers** hain:
#   1. **Multi-head self-attention**: tokens ek doosre ko dekhte hain (notebook 04).
#   2. **Feed-forward network (FFN)**: har token akela, apne features ko mix karta hai.
# * Har sub-layer ke around do cheezein lipti hain: ek **residual** (shortcut: input ko output me
#   jod do) aur ek **LayerNorm**. Beech me **dropout** bhi hai (sirf training me).
# * Paper (aur PyTorch ka default) ka formula, har sub-layer ke liye:
#
# $$x \leftarrow \text{LayerNorm}\big(x + \text{Dropout}(\text{Sublayer}(x))\big)$$
#
# * Yeh notebook in chaaron pieces ko ek-ek karke kholta hai, phir aap poora block khud likhenge.

# %%
import warnings

import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from IPython.display import Markdown, display
from torch import nn

# %% [markdown]
# ## 1. Feed-forward network (FFN): har token ka apna chhota network
#
# * Attention ke baad har token ke vector me context aa chuka hai ("it" ko pata hai ki "cat" paas hai).
#   Ab FFN us vector ke **features ko aapas me mix** karta hai: naye patterns banata hai.
# * Formula (paper ka eq. 2), ek token ke vector `x` (lambai `d_model`) ke liye:
#
# $$\text{FFN}(x) = W_2\,\text{act}(W_1 x + b_1) + b_2, \qquad
#   W_1: d_{ff} \times d_{model}, \quad W_2: d_{model} \times d_{ff}$$
#
# * **Position-wise** ka matlab: sequence ke **har token par wahi** `W_1, W_2` lagte hain, aur
#   har token **akela** jaata hai. FFN tokens ko mix nahi karta; tokens ka mel-jol sirf attention karta hai.
# * PyTorch ki bhaasha me: `linear2(dropout(activation(linear1(x))))`. Course ka version:
#   `tc.FeedForward`.

# %% tags=["nbval-check-output"]
tc.seed_everything(0)
ffn = tc.FeedForward(d_model=8, dim_feedforward=32, dropout=0.0)
x = torch.randn(5, 8)                       # 5 tokens, har token 8 numbers

# formula haath se: W_2 · relu(W_1 x + b_1) + b_2
by_hand = F.linear(F.relu(F.linear(x, ffn.linear1.weight, ffn.linear1.bias)),
                   ffn.linear2.weight, ffn.linear2.bias)
out = ffn(x)
print("x:", tuple(x.shape), "→ hidden:", tuple(ffn.linear1(x).shape), "→ out:", tuple(out.shape))
assert torch.allclose(out, by_hand, atol=1e-6)
print("FeedForward == formula haath se:", torch.allclose(out, by_hand, atol=1e-6))

# position-wise: poora sequence ek saath == har token alag-alag
gap = tc.encoder.position_wise_gap(ffn, x)
assert gap < 1e-6
print("poora sequence ek saath vs har token akela, max fark < 1e-6:", gap < 1e-6)

# token 3 badliye: baaki tokens ke outputs par koi asar nahi
x_changed = x.clone()
x_changed[3] += 10.0
with torch.no_grad():
    changed = (ffn(x_changed) - ffn(x)).abs().amax(dim=-1) > 1e-6
print("kis token ka output badla?", changed.tolist())

# %% [markdown]
# ### ReLU ya GELU?
#
# * Dono layers ke beech ek **activation** hai. Iske bina do Linear layers milkar bhi sirf ek
#   Linear hoti (`W_2 W_1 x` bhi ek matrix hi hai), aur FFN koi naya pattern nahi bana paata.
# * **ReLU** (paper): `max(0, x)`. Negative → 0. Seedha aur sasta.
# * **GELU** (BERT, GPT): `x·Φ(x)`, jahan `Φ` normal distribution ka CDF hai (BERT/GPT-2 asal me
#   iska `tanh` wala approximation use karte hain). ReLU jaisa hi, lekin
#   smooth: 0 ke paas dheere mudta hai aur chhote negative values ko thoda sa rehne deta hai.
# * PyTorch me `nn.TransformerEncoderLayer(..., activation="gelu")` exact (erf wala) GELU lagata hai,
#   yaani `F.gelu(x)`. (`tanh` wala approximation alag hai; exact match ke liye woh nahi.)

# %%
tc.encoder.plot_activations()
plt.show()

# %% [markdown]
# * Right panel dekhiye: ReLU ka gradient ya to 0 hai ya 1 (negative side par neuron "mar" jaata
#   hai, gradient bilkul nahi). GELU ka gradient smooth hai aur negative side par bhi thoda sa bachta hai.
#
# ### FFN itna chauda kyun? (`d_ff = 4·d_model`)
#
# * Paper me `d_model = 512` aur `d_ff = 2048`: har token ka vector pehle **4 guna** bada hota hai,
#   phir wapas 512 par aata hai.
# * Intuition: 2048 hidden neurons = 2048 **pattern detectors**. Har ek `W_1` ki ek row hai jo
#   poochhti hai "kya is token me mera pattern hai?". Activation sirf matching detectors ko "on" karta
#   hai, aur `W_2` unke jawab milakar naya 512-dim vector banata hai. Zyada detectors = har token ke
#   features ko mix karne ki zyada jagah.
# * Keemat: parameters. Ek encoder layer ke parameters live ginte hain:

# %% tags=["nbval-check-output"]
with torch.device("meta"):   # meta: sirf shapes, koi data nahi (notebook 01 wali trick), turant banta hai
    paper_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048)

parts = {"attention (Q, K, V, out)": 0, "FFN (linear1, linear2)": 0, "LayerNorm (norm1, norm2)": 0}
for name, p in paper_layer.named_parameters():
    key = ("attention (Q, K, V, out)" if name.startswith("self_attn")
           else "FFN (linear1, linear2)" if name.startswith("linear") else "LayerNorm (norm1, norm2)")
    parts[key] += p.numel()
layer_total = sum(parts.values())
for key, value in parts.items():
    print(f"{key:26s} {value:>10,}  ({100 * value / layer_total:4.1f}%)")
print(f"{'ek encoder layer':26s} {layer_total:>10,}")
assert parts["FFN (linear1, linear2)"] == 2 * 512 * 2048 + 2048 + 512   # W_1, b_1, W_2, b_2

# %% [markdown]
# * FFN ke paas attention se **do guna** parameters hain: ek layer ka ~2/3 hissa. Attention ke
#   `4·d²` ke saamne FFN ke `2·d·d_ff = 8·d²`. Research (jaise Geva et al., 2021) dikhati hai ki
#   trained models me FFN layers ek key-value "yaaddasht" jaisa kaam karti hain: kaafi facts aur
#   patterns inhi weights me baithte hain.
# * Imaandari se: `4×` koi jaadui number nahi, paper ka chuna hua (aur achha chalne wala) setting hai.
#   Aaj ke kai LLMs (jaise LLaMA) GELU ki jagah **SwiGLU** aur lagbhag `8/3·d_model` wala FFN lete
#   hain (teen matrices, isliye parameters lagbhag utne hi).

# %% [markdown]
# ## 2. Residual connection: gradient ke liye shortcut
#
# * Residual ka idea: sub-layer ka output **input me jod do**: `x + F(x)`. Matlab layer ko poora
#   naya vector nahi banana, sirf ek **sudhaar** (`F(x)`) seekhna hai. Kuch kaam ka na ho to
#   `F(x) ≈ 0` aur input as-is aage chala jaata hai.
# * Aksar iska fayda **gradient** se samjhaya jaata hai. Chain rule se:
#
# $$\frac{\partial (x + F(x))}{\partial x} = I + \frac{\partial F}{\partial x}$$
#
# * Woh `I` (identity) ek seedha raasta hai: upar ka gradient bina chhote hue neeche pahunch sakta hai.
#   Residual ke bina har layer ka `∂F/∂x` guna hota jaata hai; agar woh har layer par 1 se chhota
#   ho, to 32 layers ke baad gradient lagbhag **zero** (vanishing gradient, wahi problem jo seed ne
#   RNN ke liye bataayi thi).
# * Lekin "1 se chhota" kaun tay karta hai? **Init.** PyTorch ka `nn.Linear` default me weights
#   `U(−1/√fan_in, +1/√fan_in)` se leta hai (`kaiming_uniform_` with `a=√5`), variance
#   `1/(3·fan_in)`. Ek FFN (`Linear → ReLU → Linear`) se guzarte hue signal ka variance andaazan
#   `1/3 · 1/2 · 1/3 = 1/18` guna hota hai, yaani size **≈ 0.24×** har layer.
# * **He init** (He et al., 2015) yahi theek karta hai: ReLU se pehle wali Linear ko variance
#   `2/fan_in`, baad wali ko `1/fan_in`; tab ek FFN ka gain ≈ 1 (`tc.encoder_depth.he_init_`).
# * Experiment: 32 FFN sub-layers (`d_model = 32`, seed 0) ka stack, **dono inits** ke saath. Upar
#   ek fixed random loss, phir har layer ke **input par** gradient ka size `‖∂L/∂x‖`.

# %%
depth = 32
curves = {init: {variant: tc.encoder_depth.residual_gradient_norms(depth, variant, init=init, seed=0)
                 for variant in ["plain", "layernorm", "residual", "pre-norm"]}
          for init in tc.encoder_depth.INITS}
for init, by_variant in curves.items():
    print(tc.encoder_depth.INITS[init])
    for variant, grads in by_variant.items():
        print(f"   {tc.encoder_depth.RESIDUAL_VARIANTS[variant]:45s} layer 1: {grads[0]:8.1e}   "
              f"layer {depth}: {grads[-1]:8.1e}")
tc.encoder.plot_init_comparison(curves)
plt.show()

# %% tags=["nbval-check-output"]
def survives(grads):                       # layer 1 tak layer 32 ka kam se kam 0.1× pahuncha?
    return bool(grads[0] > 0.1 * grads[-1])


print("default init, bina residual: layer 1 ka gradient, layer 32 ke 1e-10 se bhi kam?",
      bool(curves["default"]["plain"][0] < 1e-10 * curves["default"]["plain"][-1]))
print("He init, bina residual: layer 1 ka gradient, layer 32 ke 0.1× se zyada?",
      survives(curves["he"]["plain"]))
print("default init, residual: layer 1 ka gradient, layer 32 ke 0.1× se zyada?",
      survives(curves["default"]["residual"]))
print("He init, residual (koi norm nahi): layer 1 ka gradient, layer 32 ke 1000× se zyada?",
      bool(curves["he"]["residual"][0] > 1000 * curves["he"]["residual"][-1]))
assert curves["he"]["residual"][0] > 1000 * curves["he"]["residual"][-1]
assert all(survives(curves[init][v]) for init in curves for v in ("layernorm", "pre-norm"))

# %%
# bina residual: ek layer gradient ko kitna guna karti hai? (3 seeds)
for init, name in tc.encoder_depth.INITS.items():
    factors = [tc.encoder_depth.per_layer_factor(tc.encoder_depth.residual_gradient_norms(
        depth, "plain", init=init, seed=seed)) for seed in range(3)]
    mean = sum(factors) / len(factors)
    effect = ("har layer par chhota hota hai" if mean < 0.8 else "har layer par bada hota hai"
              if mean > 1.25 else "lagbhag utna hi rehta hai")
    print(f"{name}: ek layer ≈ {tc.claims.mean_range(factors, unit='×')} → gradient {effect} "
          f"(31 layers me ≈ {mean ** 31:.0e}×)")
    assert 0.15 < mean < 0.35 if init == "default" else 0.8 < mean < 1.25   # neeche ki baat

# He init + residual: gradient har layer par kitna guna? (variance ~2× → size ~√2 ≈ 1.41×)
he_res = tc.encoder_depth.per_layer_factor(curves["he"]["residual"])
print(f"\nHe init + residual: ek layer ≈ {he_res:.2f}× (√2 ≈ 1.41), layer 1 / layer 32 = "
      f"{float(curves['he']['residual'][0] / curves['he']['residual'][-1]):.0e}")
assert 1.2 < he_res < 1.6

# pre-norm (x + FFN(LN(x))): residual stream khud kabhi normalize nahi hota. Uska std har layer par:
for init in tc.encoder_depth.INITS:
    torch.manual_seed(0)
    stream = []                            # FFNStack har layer ka input yahan daalta hai
    top = tc.encoder_depth.FFNStack(depth, "pre-norm", init)(torch.randn(16, 32, requires_grad=True), stream)
    stds = [float(h.detach().std()) for h in stream] + [float(top.detach().std())]
    print(f"pre-norm, {tc.encoder_depth.INITS[init]}: stream ka std, layer 1 → 9 → 17 → 25 → output: "
          + " → ".join(f"{v:.2f}" for v in stds[::8]))      # 33 numbers: 32 inputs + output
    assert stds[-1] < 0.5 * depth          # har layer O(1) jodti hai: badhta hai, lekin 2^32 jaisa nahi

# %% [markdown]
# * **Aadha sach:** is stack me "residual ke bina gradient gayab" **init** ki wajah se tha. Left panel
#   (default init): laal line log scale par seedhi girti hai, har layer ek fixed factor se (upar print
#   hua; `√(1/18) ≈ 0.24` wale andaaze ke aas-paas). Right panel (He init): wahi stack, wahi
#   wiring, bina residual, aur gradient har layer tak pahunchta hai.
# * He init + residual (right, neeli line) me ulti dikkat: `x + F(x)` me jab `F` ka gain ≈ 1 ho, to
#   har layer **variance** lagbhag **dugna** karti hai (`Var(x) + Var(F(x))`): 32 layers me variance
#   `~2^32`, yaani size (std) `~2^16`. Gradient bhi neeche jaate hue har layer par lagbhag `√2` guna
#   hota hai (upar print hua), 31 layers me `(√2)^31 ≈ 5·10^4` ke order ka (naapa hua upar). Default init me `F`
#   chhota hai, isliye wahan residual stack theek rehta hai. Asli Transformer me yeh scale LayerNorm
#   sambhaalta hai.
# * LayerNorm wale stacks (naranji, hari lines) dono inits me gradient ko girne nahi dete, lekin do
#   alag wajah se. Naranji (`LN(FFN(x))`) me har layer ke baad scale sach me wapas 1 hota hai. Hari
#   (pre-norm, `x + FFN(LN(x))`) me residual stream **kabhi normalize nahi hota**: uska std badhta
#   rehta hai (upar print hua, He init me kaafi). Pre-norm isliye stable hai ki har branch sirf
#   normalized input dekhti hai aur stream me ek **O(1)** hissa jodti hai: variance har layer par
#   jud-ta hai (linear), dugna nahi hota (exponential).
# * To agar He init se bhi gradient bach jaata hai, residual asal me kya deta hai? Yeh init par
#   gradient ke size se nahi dikhta; **training** se dikhta hai.

# %% [markdown]
# ### Residual asal me kya deta hai: gehra stack train ho paata hai
#
# * Task (jaan-boojh kar aisa ki koi linear model kaam na aaye): input `x` (32 random numbers),
#   target `y_k = (a_k·x)(b_k·x)`, do fixed random projections ka **product**. Koi linear model mean
#   se behtar nahi kar sakta (`E[y·x] = 0`), isliye sabse simple baseline: "hamesha training ka mean
#   bolo". Ek linear regression bhi saath me naapi hai.
# * Kin models ko train kiya: wahi 32-layer FFN stack, chaar roop: residual ke saath ya bina, aur
#   default ya He init. Mukabla imaandaar rakhne ke liye sabko ek jaisa mauka mila: parameters utne
#   hi, training utni hi lambi (400 Adam steps, har step 64 examples), aur **wahi chaar** learning
#   rates aazmaaye (`1e-4, 3e-4, 1e-3, 3e-3`), har ek 3 seeds par. Har model ko uska **sabse achha**
#   learning rate milta hai, taaki koi sirf galat LR ki wajah se na haare.
# * Held-out: 2048 inputs apne alag generator se (continuous random numbers: training batch me wahi
#   point aane ki probability 0). Reference: **sirf 1 FFN layer** (shallow), wahi grid: task khud
#   kitna mushkil hai.
# * **Training ki bhasha** (is section aur section 4 ke liye, ek-ek line):
#   * **Adam**: weights ko gradient ki disha me thoda-thoda sarkaane wala optimizer; **learning rate
#     (LR)**: har step kitna bada ho.
#   * **MSE**: prediction aur target ke fark ka square, average; **cross-entropy**: sahi class ko di
#     gayi probability ka `−log` (random guess par 10 classes me `ln 10 ≈ 2.30`).
#   * **Held-out**: woh data jo training me kabhi nahi dikha, usi par loss naapte hain; **baseline**:
#     sabse simple tareeka (jaise "hamesha mean bolo"), jisse model ko behtar hona chahiye.
#   * **Seed**: random numbers ki shuruaat; alag seed = alag init aur data, isliye 3 seeds ka range.
#   * **Record**: pehle se chalaaye lambe experiment ke numbers (file me); **live slice**: usi ka ek
#     chhota hissa jo notebook yahin dobara chalaata hai, yeh dikhane ko ki record sach hai.
# * Poora grid (~70 training runs) notebook ke time budget me nahi aata, isliye yeh ek **record**
#   hai: `make sweep NAME=encoder_depth` ne chala kar machine, versions aur seeds ke saath likha.
#   Notebook use plot karta hai, aur record ke do runs **live** dobara chala kar milata hai.

# %%
record = tc.records.load_record("encoder_depth")
print(tc.records.describe_record(record))
ffn_record = record["results"]["residual_training"]
for line in tc.encoder_depth.ffn_training_lines(ffn_record):
    print(line)

# %%
C = tc.plotting.COLORS
ffn_arms = [  # (label, record ke kaunse runs, rang, line); residual + He init chart se bahar
    ("32 layers, bina residual, default init", {"depth": 32, "variant": "plain", "init": "default"},
     C["rnn"], "-"),
    ("32 layers, bina residual, He init", {"depth": 32, "variant": "plain", "init": "he"},
     C["rnn"], "--"),
    ("32 layers, residual, default init", {"depth": 32, "variant": "residual", "init": "default"},
     C["transformer"], "-"),
    ("1 FFN layer, default init", {"depth": 1, "init": "default"}, C["muted"], "-"),
]
tc.encoder.plot_lr_grid_and_curves(ffn_record["runs"], ffn_arms,
                                   {"training ka mean": ffn_record["baselines"]["mean"]},
                                   "held-out MSE (log scale)")
plt.show()

# %%
# live slice 1: record ka ek run (32 layers, residual, default init, LR 1e-3, seed 0), pehle 50 steps.
# Yeh sirf shuruaat check karta hai: step 50 par bina residual wala stack bhi isi range me hota hai.
live = tc.encoder_depth.train_ffn_stack(32, "residual", "default", 1e-3, seed=0, steps=50)
recorded = [tc.encoder_depth.at_step(run, 50) for run in tc.encoder_depth.select(
    ffn_record["runs"], depth=32, variant="residual", init="default", lr=1e-3)]
print(f"32 layers, residual, step 50 par held-out MSE: live {live['loss'][-1]:.3f}, "
      f"record {tc.claims.mean_range(recorded, 3)}")
assert tc.claims.agrees(live["loss"][-1], recorded, slack=0.05), "live run record se nahi milta"

# live slice 2: 1 FFN layer, LR 3e-3, seed 0, poore 400 steps (sasta): baseline se saaf neeche hona chahiye
live_one = tc.encoder_depth.train_ffn_stack(1, "plain", "default", 3e-3, seed=0, steps=400)
recorded_one = [tc.encoder_depth.at_step(run, 400) for run in tc.encoder_depth.select(
    ffn_record["runs"], depth=1, variant="plain", init="default", lr=3e-3)]
print(f"1 FFN layer, LR 3e-3, step 400 par held-out MSE: live {live_one['loss'][-1]:.3f}, "
      f"record {tc.claims.mean_range(recorded_one, 3)}, baseline (mean) "
      f"{ffn_record['baselines']['mean']:.3f}")
assert tc.claims.agrees(live_one["loss"][-1], recorded_one, slack=0.03), "live run record se nahi milta"
assert live_one["loss"][-1] < 0.5 * ffn_record["baselines"]["mean"]

# %%
# neeche ki baatein isi record par tiki hain: record badle aur baat na tike, to yeh cell fail hoga
ffn_grid = {arm: tc.encoder_depth.lr_grid(ffn_record["runs"], depth=arm[0], variant=arm[1],
                                          init=arm[2]) for arm in tc.encoder_depth.FFN_ARMS}
baseline = ffn_record["baselines"]["mean"]


def every_run(arm):                        # is arm ke saare LRs aur seeds ke aakhri losses
    return [v for values in ffn_grid[arm]["by_lr"].values() for v in values]


def best_mean(arm):
    return sum(ffn_grid[arm]["values"]) / len(ffn_grid[arm]["values"])


assert all(v > 0.9 * baseline for init in ("default", "he") for v in every_run((32, "plain", init)))
assert all(v < 0.9 * baseline for v in ffn_grid[(32, "residual", "default")]["values"])
assert all(v > 1000 * baseline for v in every_run((32, "residual", "he")))      # hazaaron guna
assert best_mean((1, "plain", "default")) < best_mean((32, "residual", "default"))

# "1 layer 32 se behtar" kitna pakka? do baatein jo isse budget par tika dikhaati hain:
grid_lrs = sorted(ffn_grid[(1, "plain", "default")]["by_lr"])
one_best = ffn_grid[(1, "plain", "default")]["best_lr"]
print(f"1 FFN layer ka best LR {one_best:g}; grid ka sabse bada LR {grid_lrs[-1]:g}"
      + (" → best LR grid ke kinare par (bada LR aur behtar ho sakta tha)" if one_best == grid_lrs[-1]
         else ""))
deep_runs = tc.encoder_depth.select(ffn_record["runs"], depth=32, variant="residual", init="default",
                                    lr=ffn_grid[(32, "residual", "default")]["best_lr"])
still_falling = sum(run["loss"][-1] < run["loss"][-2] for run in deep_runs)
print(f"32 layers, residual: step {deep_runs[0]['steps'][-2]} → {deep_runs[0]['steps'][-1]} par loss "
      f"abhi bhi gir raha tha: {still_falling}/{len(deep_runs)} seeds")
he_res_loss = tc.encoder_depth.describe(every_run((32, "residual", "he")))
print(f"32 layers, residual, He init: aakhri MSE (saare LRs aur seeds) {he_res_loss}")

# %% [markdown]
# * **Bina residual** (laal lines): dono inits me, grid ke **har** LR par, 400 steps ke baad bhi loss
#   "mean bolo" wale baseline par atka raha. He init me init par gradient bilkul theek tha (upar ka
#   plot), phir bhi stack nahi seekha: init par gradient ka size theek hona kaafi nahi.
# * **Residual + default init** (neeli solid line): har seed me baseline se saaf neeche. Shuru me har
#   branch chhota hai, to poora stack lagbhag identity hai; training har layer me thoda-thoda
#   sudhaar jodti hai.
# * **Residual + He init** (chart me nahi, warna baaki lines dab jaatin; upar print hua): loss baseline
#   se hazaaron guna upar (cell ka `assert`). Wajah wahi jo init par dikhi: bina norm ke har layer
#   signal ko bada karti hai, isliye output ka scale shuru se hi bahut bada hai aur Adam 400 steps me
#   use wapas nahi la paata. (Loss ka number khud `2^32` nahi hai; bas usi "fat jaane" ka nateeja.)
#   Residual akela kaafi nahi: branch chhote rehne chahiye, ya LayerNorm chahiye.
# * **Imaandari se:** sirf **1 FFN layer** (grey) ne isi budget me 32-layer residual stack se **kam**
#   loss paaya: is chhote task aur budget par gehraai se koi fayda nahi dikha. Do baatein (upar print
#   huin) is tulna ko budget par tika dikhaati hain: 1 layer ka best LR grid ke **kinare** par hai (bada
#   LR use aur behtar kar sakta tha, yaani "1 layer jeeti" wali baat kam karke kahi gayi hai), aur
#   32-layer residual stack ka loss step 400 par **abhi bhi gir raha tha** (lambi training me nateeja
#   badal sakta hai). Yeh experiment sirf itna dikhata hai ki residual ke bina 32 layers train hi nahi
#   huin, aur **residual + default init (chhote branches)** ke saath huin. Gehraai kab kaam aati hai,
#   yeh bade data aur models ki baat hai (ResNet, Transformer).
# * Scope: ek toy task, `d_model = 32`, 400 Adam steps. Bade models me numbers alag honge. Paper wala
#   saboot: He et al. (2016, ResNet) me bina residual ke gehre networks ka **training** error bhi
#   zyada tha ("degradation"), jise residual ne theek kiya.

# %% [markdown]
# ## 3. LayerNorm vs BatchNorm
#
# * Normalization ka kaam: numbers ko ek stable range me rakhna (mean 0, std 1), taaki layers ke
#   beech scale na bhatke. Sawaal hai: **kin numbers ka** mean/std?
# * **LayerNorm**: har token ke **apne** `d_model` features par. Token `t` ke vector `x` ke liye:
#
# $$\mu = \frac{1}{d}\sum_{j=1}^{d} x_j, \quad \sigma^2 = \frac{1}{d}\sum_{j=1}^{d}(x_j-\mu)^2, \quad
#   \text{LN}(x)_j = \gamma_j \frac{x_j - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta_j$$
#
# * **BatchNorm**: har **feature** `j` ka mean/std, batch ke **saare tokens** par (saare sentences,
#   saari positions). Images ke liye achha chalta hai; sequences me dikkat deta hai.
# * `γ, β` seekhe jaane wale `d_model` numbers hain (har feature ka apna scale aur shift).

# %%
tc.encoder.draw_norm_axes()
plt.show()

# %% [markdown]
# * Left: LayerNorm ek **row** (ek token) dekhta hai. Doosre sentence, padding, batch size: kuch
#   farak nahi padta.
# * Right: BatchNorm ek **column** dekhta hai, jisme padding ke `0` bhi gine jaate hain. Ek sentence
#   ka output ab is baat par depend karta hai ki batch me uske saath kaun aaya aur kitni padding hui.
# * Pehle LayerNorm ka formula code me check karte hain, phir dono ko ek padded batch par chalaate hain.

# %% tags=["nbval-check-output"]
tc.seed_everything(0)
tokens = torch.randn(2, 5, 8) * 3 + 2           # (batch, seq, d_model)
layer_norm = nn.LayerNorm(8)
mu = tokens.mean(dim=-1, keepdim=True)           # har token ka apna mean
var = tokens.var(dim=-1, unbiased=False, keepdim=True)
by_hand = (tokens - mu) / torch.sqrt(var + layer_norm.eps) * layer_norm.weight + layer_norm.bias
print("LayerNorm == formula haath se:", torch.allclose(layer_norm(tokens), by_hand, atol=1e-5))
print("har token ka mean ≈ 0:", bool(layer_norm(tokens).mean(-1).abs().max() < 1e-5))

demo = tc.encoder.norm_padding_demo(seed=0)
print("\nSentence A (3 tokens): ek baar lambe sentence B ke saath (A ke peeche 3 pads), ek baar akela.")
print("LayerNorm: A ka output dono baar same?", demo["layernorm_gap"] < 1e-6)
print(f"BatchNorm: A ka output dono baar same? {demo['batchnorm_gap'] < 1e-6}  "
      f"(max fark ≈ {demo['batchnorm_gap']:.1f})")

# %%
print("BatchNorm, training me, batch me sirf 1 token:")
print("   ValueError:", tc.encoder.batchnorm_single_token_error())

# %% [markdown]
# * BatchNorm ki teen dikkatein sequences par:
#   1. **Padding**: pads ke 0 mean/std bigaad dete hain (upar: sentence A ka output badal gaya, sirf
#      isliye ki batch alag tha; kitna, woh upar print hua).
#   2. **Batch me sirf 1 token**: har feature ki ek hi value, uska std nikalna bekaar hai; PyTorch
#      training me seedha error deta hai (upar). Chhote batch me statistics bahut shor wale hote hain.
#   3. **Train vs eval**: eval me BatchNorm training ke "running" averages use karta hai, yaani
#      training aur inference me alag computation. LayerNorm dono me bilkul same hai.
# * Isiliye Transformer me **LayerNorm**. (LLMs me aajkal iska halka roop **RMSNorm** bhi common hai:
#   mean nahi ghataata, sirf scale theek karta hai.)

# %% [markdown]
# ## 4. Post-norm vs pre-norm (`norm_first`)
#
# * LayerNorm **kahan** lage, iske do tareeke hain:
#
# $$\textbf{post-norm (paper, PyTorch default):}\quad x \leftarrow \text{LN}\big(x + F(x)\big)$$
#
# $$\textbf{pre-norm (}\texttt{norm\_first=True}\textbf{):}\quad x \leftarrow x + F\big(\text{LN}(x)\big)$$
#
# * Fark chhota dikhta hai, lekin residual raaste par asar bada hai. Pre-norm me `x` **bina kisi
#   LayerNorm ke** seedha upar tak jaata hai: `x_L = x_0 + F_1 + F_2 + … + F_L`.
# * Post-norm me har sub-layer ke baad LayerNorm **residual raaste par** baithta hai, isliye shortcut
#   bhi har baar rescale hota hai.

# %%
tc.encoder.draw_post_vs_pre_norm()
plt.show()

# %% [markdown]
# * **Papers kya kehte hain:** paper wala post-norm train hota hai, lekin usne learning-rate
#   **warmup** use kiya tha (LR pehle 4000 steps me 0 se dheere-dheere badhta hai). Xiong et al. (2020,
#   "On Layer Normalization in the Transformer Architecture") ka argument: init par post-norm me
#   **output ke paas wali layers** ke weights ke gradients bade hote hain, isliye shuru me bada LR
#   training bigaad sakta hai aur warmup chahiye; pre-norm me gradients layers me zyada barabar hain
#   aur warmup ke bina bhi training chal jaati hai. Wang et al. (2019) ne pre-norm se 30-layer
#   encoders train kiye. GPT-2/3, LLaMA jaise models pre-norm (ya uska roop) lete hain.
# * Ulta pehlu: kai reports me post-norm, agar theek se train ho jaaye, to thoda behtar result deta
#   hai. Koi "hamesha jeetne wala" nahi.
# * Pre-norm ki ek zaroorat: aakhri block ka output normalize nahi hota (`x_L` badhta rehta hai), isliye
#   stack ke end me **ek final LayerNorm** lagate hain: `nn.TransformerEncoder(..., norm=nn.LayerNorm(d_model))`.
#   Neeche explorer me `norm_first=True` aur 24 layers chun kar yeh khud dekhiye.
# * Ab khud naapte hain. Pehle **init par gradient**, asli encoder blocks me: 24
#   `nn.TransformerEncoderLayer` (`d_model = 32`, 4 heads, har layer ka apna random init, dropout 0),
#   upar ek Linear head, aur digit-reversal ke ek batch par **asli** cross-entropy loss; pre-norm ke
#   end me final LayerNorm. Har layer par do numbers: uske input par `‖∂L/∂x‖`, aur uske weights ka
#   `‖∂L/∂θ‖`. 6 seeds. (Digit reversal: 8 digits ka sequence ulta likhna, wahi task jo notebook 06
#   me poore Transformer ko sikhaayenge.)

# %%
profiles = tc.encoder_depth.gradient_profiles(num_layers=24, seeds=tuple(range(6)))
for line in tc.encoder_depth.profile_lines(profiles):
    print(line)
tc.encoder.plot_gradient_profiles(profiles)
plt.show()

# %%
# neeche ki baatein in numbers par tiki hain (6 seeds): na tikein to yeh cell fail hoga
for norm, runs in profiles.items():
    for run in runs:
        for key in ("activation", "parameters"):
            assert min(run[key]) > 0.1 * max(run[key]), "kisi layer ka gradient 10× se zyada gira"
        assert (run["activation"][0] < run["activation"][-1]) == (norm == "post-norm")
    for key in ("activation", "parameters"):          # post-norm: har seed me upar > neeche
        top_bigger = sum(r[key][-1] > r[key][0] for r in runs)
        print(f"{norm}, {key}: layer 24 > layer 1 in {top_bigger}/{len(runs)} seeds")
        if norm == "post-norm":
            assert top_bigger == len(runs)

# %% [markdown]
# * **Aadha sach:** aksar kaha jaata hai "post-norm aur pre-norm dono init par theek hain, koi gradient
#   gayab nahi hota". Asli blocks me sach me **kuch gayab nahi hota** (har layer ka gradient sabse bade
#   ka kam se kam 0.1×; upar "sabse chhota / sabse bada"), lekin dono ka **profile ulta** hai:
#   * **post-norm:** gradient **upar ki layers** (output ke paas) par bada, neeche chhota: layer 24
#     layer 1 se bada, har seed me, input par bhi (`‖∂L/∂x‖`) aur weights par bhi (`‖∂L/∂θ‖`). (Sabse
#     bada weights-gradient har seed me theek layer 24 par nahi hota.)
#   * **pre-norm:** `‖∂L/∂x‖` neeche ki layers par thoda **bada**, upar chhota (har seed me); weights
#     ka profile upar print hua.
# * Plot me laal band patla hai aur 6 seeds ki lines ek doosre ke upar padti hain: isliye ek hi
#   line jaisa dikhta hai.
# * Post-norm ka yahi pattern (output ke paas ke weights ke bade gradients) Xiong et al. ke warmup
#   argument ki neev hai. Lekin init par gradient ka profile akela yeh nahi batata ki training kaisi
#   jaayegi (Adam to har parameter ka step khud scale karta hai). Isliye ab training hi naapte hain.

# %% [markdown]
# * Ab seedha test: **warmup ke saath aur bina**, bade learning rate par. Task: 8 digits ulte likhna
#   (notebook 06 wala reversal: wahan poora Transformer yahi task seekhega; har position ko doosre
#   sire ka digit chahiye, isliye attention zaroori).
#   Model: 12 layers (`d_model = 32`, 4 heads, `d_ff = 64`), post-norm, ya pre-norm + final LayerNorm.
# * Har arm: Adam, 200 steps, batch 64, **wahi** LR grid (`1e-3, 3e-3, 1e-2`), 3 seeds. Warmup: LR
#   pehle 50 steps me linearly chhote se poore LR tak. Held-out: checksum wala split (notebook 06:
#   digits ke sum ke ek niyam se sequences do hisson me baante gaye hain, ek hissa sirf test ke liye),
#   jo training me **construction se** kabhi nahi aata. Baseline: har digit random guess, loss
#   `ln 10 ≈ 2.30`, accuracy 10%.
# * Yeh bhi record `encoder_depth` ka hissa hai (36 runs); section 2 ka live slice isi record ko
#   check karta hai (notebook ke time budget me ek hi live training run aata hai).

# %%
warm_record = record["results"]["warmup"]
chance = warm_record["chance_loss"]
print(f"baseline: har digit random guess → loss ln 10 = {chance:.2f}, accuracy 10%")
warm_cols = [("post-norm", 0), ("post-norm", 50), ("pre-norm", 0), ("pre-norm", 50)]
table = ["| LR | " + " | ".join(f"{n}, " + (f"warmup {w}" if w else "bina warmup") for n, w in warm_cols)
         + " |", "|---" * (len(warm_cols) + 1) + "|"]
for lr in sorted({run["lr"] for run in warm_record["runs"]}):
    cells = []
    for norm, warmup in warm_cols:
        arm = tc.encoder_depth.select(warm_record["runs"], norm=norm, warmup=warmup, lr=lr)
        last = [tc.encoder_depth.at_step(r, r["steps"][-1]) for r in arm]
        cells.append(f"{sum(v < 0.9 * chance for v in last)}/{len(arm)} seeds seekhe, "
                     f"loss {sum(last) / len(last):.2f}")
    table.append(f"| {lr:g} | " + " | ".join(cells) + " |")
display(Markdown("\n".join(table)))
for line in tc.encoder_depth.warmup_lines(warm_record):
    if line.startswith("   →"):                # warmup ke saath/bina ka fark, seeds ke range ke saath
        print(line.strip())
warm_arms = [  # (label, record ke kaunse runs, rang, line)
    ("post-norm, bina warmup", {"norm": "post-norm", "warmup": 0}, C["rnn"], "-"),
    ("post-norm, warmup 50 steps", {"norm": "post-norm", "warmup": 50}, C["rnn"], "--"),
    ("pre-norm, bina warmup", {"norm": "pre-norm", "warmup": 0}, C["transformer"], "-"),
    ("pre-norm, warmup 50 steps", {"norm": "pre-norm", "warmup": 50}, C["transformer"], "--"),
]
top_lr = max(run["lr"] for run in warm_record["runs"])
tc.encoder.plot_lr_grid_and_curves(warm_record["runs"], warm_arms,
                                   {"random guess (ln 10)": warm_record["chance_loss"]},
                                   "held-out loss (log scale)", curve_lr=top_lr)
plt.show()

# %%
# neeche ki baatein isi record par tiki hain: na tikein to yeh cell fail hoga
chance = warm_record["chance_loss"]


def finals(norm, warmup, lr):              # har seed ka aakhri held-out loss
    return [tc.encoder_depth.at_step(run, run["steps"][-1]) for run in
            tc.encoder_depth.select(warm_record["runs"], norm=norm, warmup=warmup, lr=lr)]


lrs = sorted({run["lr"] for run in warm_record["runs"]})
assert all(0.9 * chance < v < 1.1 * chance for v in finals("post-norm", 0, top_lr))  # atka
learned = [v < 0.9 * chance for v in finals("post-norm", 50, top_lr)]
assert any(learned) and not all(learned)                                       # kuch seeds bache
assert all(v < 0.9 * chance for lr in lrs for w in (0, 50) for v in finals("pre-norm", w, lr))
for lr in lrs[:-1]:                        # chhote LR: warmup ke saath/bina ki ranges overlap
    none, warm = finals("post-norm", 0, lr), finals("post-norm", 50, lr)
    assert max(min(none), min(warm)) <= min(max(none), max(warm))
assert max(finals("post-norm", 0, lrs[0])) > max(0.5, 10 * max(finals("pre-norm", 0, lrs[0])))

# post-norm + warmup, sabse bade LR par, har seed ka safar (warmup 50 steps par khatam hota hai)
fell_back = 0
for run in tc.encoder_depth.select(warm_record["runs"], norm="post-norm", warmup=50, lr=top_lr):
    losses = [tc.encoder_depth.at_step(run, s) for s in run["steps"]]
    dropped_then_back = min(losses) < 0.9 * chance and losses[-1] > 0.9 * chance
    fell_back += dropped_then_back
    print(f"post-norm + warmup, LR {top_lr:g}, seed {run['seed']}: loss step "
          + ", ".join(f"{s}: {v:.2f}" for s, v in zip(run["steps"], losses, strict=True))
          + (" → seekh kar wapas random guess par gira" if dropped_then_back else ""))
assert fell_back >= 1

# %% [markdown]
# * **Jo naapa:** sabse bade LR (`1e-2`) par **post-norm bina warmup** har seed me random guess par
#   atka raha (loss ≈ `ln 10`). **Warmup ke saath** kuch seeds aakhir me seekhe hue the (kitne, table
#   me), lekin har seed nahi, aur warmup khatam hone ke baad bhi training **unstable** rahi: ek seed
#   pehle seekha aur phir wapas random guess par gir gaya (upar har seed ka safar print hua).
#   **Pre-norm** grid ke har LR par, warmup ke saath ya bina, har seed me seekha.
# * Right panel me "post-norm, warmup" ka band do alag nateejon (seekha / atka) ka **average** hai:
#   koi ek seed us beech wali line par nahi chala.
# * Chhote LR (`1e-3`, `3e-3`) par post-norm ko warmup se koi saaf fayda nahi dikha (seeds ki ranges
#   overlap, upar print hua). **3 seeds par yeh ek ishaara hai, saboot nahi:** direction wahi hai jo
#   Xiong et al. ka argument kehta hai (bade LR par post-norm ko warmup chahiye), lekin warmup ke baad
#   bhi LR `1e-2` par post-norm unstable raha. Aur isi budget me post-norm pre-norm se dheere seekha:
#   LR `1e-3` par kuch seeds 200 steps me bhi poore nahi pahunche.
# * Scope: 12 layers, `d_model = 32`, 200 steps ka ek toy task. Yeh paper wale scale (6+6 layers,
#   `d_model = 512`, hazaaron steps) ka saboot nahi, sirf wahi direction chhote scale par.

# %% [markdown]
# ## 5. Dropout: training me shor, eval me kuch nahi
#
# * Training me dropout har number ko probability `p` se **0** kar deta hai, taaki model kisi ek
#   feature par zyada bharosa na kare.
# * Paper me `p = 0.1`: har sub-layer ke output par (residual me jodne se pehle), aur embedding +
#   positional encoding ke sum par. PyTorch ka layer do jagah aur lagata hai: FFN ke andar
#   (`self.dropout`) aur attention weights par (`self_attn` ka `dropout`).
# * Jo numbers bachte hain unhe `1/(1−p)` se **bada** kiya jaata hai. Kyun? Taaki average same rahe:
#
# $$\mathbb{E}[\text{dropout}(x)] = (1-p)\cdot\frac{x}{1-p} + p\cdot 0 = x$$
#
# * Eval (`model.eval()`) me dropout **kuch nahi karta**: output = input. Is scaling ki wajah se
#   eval me koi alag correction nahi chahiye ("inverted dropout").

# %%
tc.seed_everything(0)
drop = nn.Dropout(p=0.5)
ten = torch.arange(1.0, 11.0)
print("input        :", ten.tolist())
print("train (p=0.5):", drop.train()(ten).tolist())
print("eval         :", drop.eval()(ten).tolist())

# %% tags=["nbval-check-output"]
for p in (0.1, 0.5):
    s = tc.encoder.dropout_stats(p, n=100_000, seed=0)
    assert abs(s["zero_fraction"] - p) < 0.01 and abs(s["train_mean"] - 1) < 0.01
    assert abs(s["kept_value"] - 1 / (1 - p)) < 1e-6 and s["eval_unchanged"]
    print(f"p={p}: zero hue ≈ {s['zero_fraction']:.2f}, bache hue values = {s['kept_value']:.4f} "
          f"(= 1/(1−p)), train mean ≈ {s['train_mean']:.2f}, eval mean = {s['eval_mean']:.2f}")

# %% [markdown]
# * 1,00,000 ones par: lagbhag `p` hisse zero hue, baaki `1/(1−p)` bane, aur **mean ≈ 1** hi raha.
# * Isi wajah se seed ka cell (`out = encoder(x)`) har baar alag output deta hai: naya module
#   **training mode** me hota hai, aur dropout chalu hai. Exact comparison ke liye hum `.eval()` karenge.

# %% [markdown]
# ## Exercise: apna `EncoderBlock` likhiye
#
# *Implement · mushkil ●●● · lagbhag 30 min*
#
# * Ab saare pieces jodiye. Aapki class ko `nn.TransformerEncoderLayer` ke **barabar** output dena hai
#   (eval mode me, float32 rounding ~1e-6 tak), PyTorch ke weights copy karne ke baad (`load_state_dict`).
# * Weights copy hon, iske liye attribute ke **naam PyTorch wale** rakhiye:
#   `self_attn`, `linear1`, `linear2`, `norm1`, `norm2` (dropouts: `dropout`, `dropout1`, `dropout2`).
# * Attention ke liye notebook 04 ka `tc.MultiHeadAttention` use kar sakte hain: uske
#   parameter names aur masks (`attn_mask`, `key_padding_mask`; bool `True` = block) PyTorch jaise hain.
# * Steps:
#   1. `__init__`: upar wale modules banaiye; `activation` string (`"relu"`/`"gelu"`) se `F.relu`/`F.gelu` chuniye.
#   2. `_sa_block(x, mask, padding)`: `self_attn(x, x, x, ...)` ka output (weights nahi), phir `dropout1`.
#   3. `_ff_block(x)`: `linear2(dropout(activation(linear1(x))))`, phir `dropout2`.
#   4. `forward`: `norm_first` ke hisaab se post-norm ya pre-norm (section 4 ke formulas).
# * Check chaaron combos (relu/gelu × post/pre-norm), `batch_first` True/False, padding mask aur
#   causal mask par aapki class ko PyTorch se milata hai.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
class EncoderBlock(nn.Module):
    """Ek encoder layer: self-attention + FFN, dono ke saath residual, dropout aur LayerNorm."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False):
        super().__init__()
        self.norm_first = norm_first
        ### BEGIN SOLUTION
        ### HINT: PyTorch wale naam rakhiye: self.self_attn (tc.MultiHeadAttention, dropout aur
        ### HINT: batch_first ke saath), self.linear1 (d_model → dim_feedforward), self.linear2 (wapas d_model),
        ### HINT: self.norm1/self.norm2 (nn.LayerNorm, eps=layer_norm_eps), teen nn.Dropout (self.dropout,
        ### HINT: self.dropout1, self.dropout2), aur self.activation = F.relu ya F.gelu (string dekh kar).
        self.self_attn = tc.MultiHeadAttention(d_model, nhead, dropout=dropout,
                                                         batch_first=batch_first)
        self.linear1 = nn.Linear(d_model, dim_feedforward)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, d_model)
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        activations = {"relu": F.relu, "gelu": F.gelu}
        if activation not in activations:
            raise ValueError(f"activation 'relu' ya 'gelu' hona chahiye, mila {activation!r}")
        self.activation = activations[activation]
        ### END SOLUTION

    def _sa_block(self, x, mask, padding):
        """Self-attention sub-layer: attention ka output, phir dropout1."""
        ### BEGIN SOLUTION
        ### HINT: self-attention me query, key, value teeno x hain; mask → attn_mask, padding → key_padding_mask.
        ### HINT: self_attn (output, weights) lautata hai: sirf output lijiye aur us par dropout1 lagaiye.
        out, _ = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=padding,
                                need_weights=False)
        return self.dropout1(out)
        ### END SOLUTION

    def _ff_block(self, x):
        """FFN sub-layer: linear1 → activation → dropout → linear2, phir dropout2."""
        ### BEGIN SOLUTION
        ### HINT: section 1 ka FFN: linear1 → self.activation → self.dropout → linear2; aakhir me dropout2.
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))
        ### END SOLUTION

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        ### BEGIN SOLUTION
        ### HINT: dono sub-blocks ko residual aur LayerNorm ke saath jodiye: post-norm me jodne ke
        ### HINT: baad norm, pre-norm (self.norm_first) me sub-block se pehle. Atke to:
        ### HINT: tc.hint("EncoderBlock").
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask))
            x = self.norm2(x + self._ff_block(x))
        return x
        ### END SOLUTION

# %%
encoder_block_ok = tc.check_encoder_block(EncoderBlock)

# %%
Block = tc.choose(EncoderBlock, tc.EncoderBlock, encoder_block_ok)

# %% [markdown]
# ## Exercise: ek token badla, kitne outputs badlenge?
#
# *Predict · mushkil ●●○ · lagbhag 5 min*
#
# * Section 1 me FFN par dekha tha: token 3 badla to **sirf token 3** ka output badla (position-wise).
# * Ab poora encoder block: aapka `Block` (check pass na hua ho to course wala), `d_model = 16`,
#   4 heads, dropout 0, eval mode, ek sentence ke **6 tokens**. Ek token ke vector me `+10` jodenge
#   aur ginenge ki 6 me se kitne tokens ka **output** badla.
#   1. `changed_guess`: token 2 badla, koi mask nahi. Kitne outputs badlenge?
#   2. `pad_changed_guess`: ab token 5 **padding** hai (`src_key_padding_mask` me `True`), aur hum
#      **sirf usi pad token** ko badalte hain. Kitne outputs badlenge?
# * Code chalane se pehle sochiye: block ka kaunsa hissa tokens ko aapas me milata hai, residual me
#   kiska `x` judta hai, aur padding mask kisko kya dekhne se rokta hai?

# %%
# ✏️ exercise cell: apne andaaze likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: dono jagah 0 se 6 tak ek number likhiye (jaise 3), quotes ke bina.
changed_guess = 6
pad_changed_guess = 1
### END SOLUTION

# %%
tc.seed_everything(0)
small_block = Block(d_model=16, nhead=4, dim_feedforward=32, dropout=0.0, batch_first=True).eval()
sentence = torch.randn(1, 6, 16)                      # (batch 1, 6 tokens, d_model 16)
pad = torch.tensor([[False] * 5 + [True]])            # token 5 = padding
changed = tc.encoder.changed_outputs(small_block, sentence, token=2)
pad_changed = tc.encoder.changed_outputs(small_block, sentence, token=5, padding=pad)
tc.check_prediction("block_changed_tokens", changed_guess, sum(changed))
tc.check_prediction("block_pad_changed_tokens", pad_changed_guess, sum(pad_changed))

# %%
print("token 2 badla, koi mask nahi   → output badla?", changed)
print("pad token 5 badla, padding mask → output badla?", pad_changed)
assert list(changed) == [True] * 6 and list(pad_changed) == [False] * 5 + [True]  # upar ka "Kyun"

# %% [markdown]
# * Yahi encoder block ka bantwara hai: **attention** tokens ke beech information le jaata hai, FFN,
#   LayerNorm aur residual har token par alag kaam karte hain.
# * Pad ka output badalta hai, lekin koi use nahi karta: koi asli token use dekhta nahi, aur loss me
#   pads gine nahi jaate. (Neeche PyTorch ka fast path isi baat ka fayda uthata hai.)

# %% [markdown]
# ## Seed ka 2-layer encoder, apne blocks se
#
# * Seed ka code: `nn.TransformerEncoderLayer(d_model=512, nhead=8)` aur
#   `nn.TransformerEncoder(encoder_layer, num_layers=2)`, input `(10, 1, 512)`.
# * Ab wahi encoder hamare blocks se: `tc.Encoder(Block(512, 8), num_layers=2)`. Uske
#   parameter names bhi PyTorch jaise hain (`layers.0.self_attn…`), isliye `load_state_dict` seedha
#   chalta hai.
# * Dono ko `.eval()` (dropout band), same input, aur output milaate hain.

# %% tags=["nbval-check-output"]
tc.seed_everything(0)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")   # batch_first=False par PyTorch ki fast-path note (neeche samjhaya hai)
    encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8)        # seed ka code
    torch_encoder = nn.TransformerEncoder(encoder_layer, num_layers=2)      # seed ka code

my_encoder = tc.Encoder(Block(d_model=512, nhead=8), num_layers=2)
my_encoder.load_state_dict(torch_encoder.state_dict())
torch_encoder.eval()
my_encoder.eval()

x = torch.randn(10, 1, 512)                # seq_len 10, batch 1, d_model 512
with torch.no_grad():
    out_torch, out_mine = torch_encoder(x), my_encoder(x)
gap = (out_torch - out_mine).abs().max().item()
print("output shape:", tuple(out_mine.shape))
print("parameter names same:", sorted(torch_encoder.state_dict()) == sorted(my_encoder.state_dict()))
print("parameters:", f"{tc.count_parameters(my_encoder):,}")
print("max |PyTorch − hamara| < 1e-5:", "OK" if gap < 1e-5 else "NAHI")
assert gap < 1e-5

# %%
print(f"max |fark| (float32 rounding): {gap:.1e}")
torch_encoder.train()                      # seed jaisa: naya module training mode me hota hai
with torch.no_grad():
    first, second = torch_encoder(x), torch_encoder(x)
print("training mode me do baar chalaya, outputs same?", torch.equal(first, second), "(dropout!)")
_ = torch_encoder.eval()             # wapas eval mode

# %% [markdown]
# ### PyTorch ka "fast path": padding wale tokens par 0.0
#
# * Eval mode + `torch.no_grad()` me PyTorch ek tez raasta ("fast path") le sakta hai: ek fused C++
#   kernel. Kuch shartein hain, jaise `batch_first=True`. Seed ka encoder `batch_first=False` hai,
#   isliye wahan fast path nahi chalta. PyTorch banate waqt yahi baat ek warning me kehta hai
#   (upar humne use chhupaya tha; neeche wala cell use pakad kar dikhata hai).
# * Asli farak **padding mask** ke saath dikhta hai. `nn.TransformerEncoder` ka default
#   `enable_nested_tensor=True` hai: fast path me woh padded batch ko **nested tensor** me badal deta
#   hai (pads hata kar), aur end me wapas padded tensor banata hai jisme **pad positions par 0.0** hota hai.
# * Hamara `Encoder` (aur `enable_nested_tensor=False` wala PyTorch) pads par bhi normal computation
#   karta hai. Chaliye naapte hain.

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model=512, nhead=8), num_layers=2)
print("PyTorch ki warning:", caught[0].message if caught else "(koi warning nahi)")

# %% tags=["nbval-check-output"]
# PyTorch ki andar ki ek note ("nested tensors prototype stage me hain") yahan kaam ki nahi:
warnings.filterwarnings("ignore", message=".*nested tensors is in prototype.*")
tc.seed_everything(1)
layer_bf = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=256, batch_first=True)
fast = nn.TransformerEncoder(layer_bf, num_layers=2)                                # default
exact = nn.TransformerEncoder(layer_bf, num_layers=2, enable_nested_tensor=False)
mine = tc.Encoder(Block(64, 4, 256, batch_first=True), num_layers=2)
exact.load_state_dict(fast.state_dict())
mine.load_state_dict(fast.state_dict())
for model in (fast, exact, mine):
    model.eval()

x = torch.randn(2, 6, 64)                                       # 2 sentences, 6 positions
padding = torch.tensor([[False] * 6, [False] * 4 + [True] * 2])  # sentence 2: aakhri 2 = pad
real = ~padding
with torch.no_grad():
    out = {name: model(x, src_key_padding_mask=padding)
           for name, model in {"fast": fast, "exact": exact, "mine": mine}.items()}


def ok(a, b):
    return "OK" if (a - b).abs().max() < 1e-5 else "FARK"


print("asli tokens : hamara vs fast (default)     :", ok(out["mine"][real], out["fast"][real]))
print("asli tokens : hamara vs enable_nested=False:", ok(out["mine"][real], out["exact"][real]))
print("pad tokens  : hamara vs enable_nested=False:", ok(out["mine"][padding], out["exact"][padding]))
print("pad tokens  : fast path ke outputs sab 0.0?:", bool((out["fast"][padding] == 0).all()))
print("pad tokens  : hamare outputs 0.0?          :", bool((out["mine"][padding] == 0).all()))

# %% [markdown]
# * Nateeja: **asli tokens par sab barabar**. Farak sirf pad positions par: fast path wahan 0.0
#   likhta hai, hum (aur `enable_nested_tensor=False`) jo compute hua woh.
# * Kaun sahi hai? Dono. Pad positions ka output koi use nahi karta: `key_padding_mask` ki wajah se
#   koi asli token pads ko dekhta hi nahi, aur loss me pads ignore hote hain. Fast path bas unka
#   computation bacha leta hai.
# * Training me (gradient on) fast path chalta hi nahi, isliye training dono tarah same hai.
# * Isliye: exact comparison karna ho to `enable_nested_tensor=False` lagaiye (ya sirf asli tokens
#   milaiye). Tests me hum yahi karte hain.

# %% [markdown]
# ## Exercise: residual hataiye, phir dekhiye
#
# *Modify · mushkil ●●○ · lagbhag 10 min*
#
# * Section 2 me FFN-only stack par dekha: LayerNorm akela bhi gradient ko girne se rok leta hai. To
#   kya asli encoder block (attention ke saath) ko residual ki zaroorat hai? Khud hata kar dekhiye.
# * Neeche `NoResidualBlock` PyTorch ki `nn.TransformerEncoderLayer` se bana hai. Uske andar wahi
#   helpers hain jo aapne apne `EncoderBlock` me likhe the: `self._sa_block(x, mask, padding)`
#   (attention + `dropout1`), `self._ff_block(x)` (FFN + `dropout2`), aur `self.norm1`, `self.norm2`.
# * Aapka kaam: `forward` likhiye jo PyTorch jaisa hi hai, **sirf dono residual connections ke bina**
#   (sub-layer ke output me input wapas nahi judega). LayerNorm apni jagah rahe: post-norm me
#   sub-layer ke baad, pre-norm (`self.norm_first`) me pehle. Masks aur dropout waise hi.
# * Check random weights par aapke block ko "bina residual" wale formula se milata hai, aur dono
#   sub-layers ka output 0 karke dekhta hai ki output me `x` ka koi seedha raasta na bacha ho.
# * Phir experiment: **6 layers** (paper ke encoder jitni; random, untrained weights), ek baar
#   residual ke saath (PyTorch) aur ek baar aapke block se, same weights, 4 sentences × 10 random
#   tokens. Har layer ke baad naapenge ki sentence ke tokens **aapas me kitne alag** hain ("fark":
#   har token apne sentence ke average token se kitna door hai, token vector ke size (norm) ke
#   hisaab se; random input par lagbhag 1, sab tokens ek jaise ho jaayen to 0).
# * Andaaza (`tokens_guess`, usi cell me): 6 layers ke baad **bina residual** tokens ka aapas ka
#   fark, residual wale stack ke muqable: `"kam"`, `"barabar"` ya `"zyada"`?

# %%
# ✏️ exercise cell: residual hataiye, aur neeche apna andaaza likhiye
class NoResidualBlock(nn.TransformerEncoderLayer):
    """PyTorch ka encoder layer, lekin dono residual connections ke bina (baaki sab wahi)."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None):
        ### BEGIN SOLUTION
        ### HINT: apne EncoderBlock ka forward yaad kijiye aur sirf residual wala jodna hataiye:
        ### HINT: self._sa_block(x, src_mask, src_key_padding_mask), self._ff_block(x), self.norm1,
        ### HINT: self.norm2; self.norm_first ke dono raaste. Atke to: tc.hint("NoResidualBlock").
        x = src
        if self.norm_first:
            x = self._sa_block(self.norm1(x), src_mask, src_key_padding_mask)
            return self._ff_block(self.norm2(x))
        x = self.norm1(self._sa_block(x, src_mask, src_key_padding_mask))
        return self.norm2(self._ff_block(x))
        ### END SOLUTION


### BEGIN SOLUTION
### HINT: "kam", "barabar" ya "zyada" likhiye.
tokens_guess = "kam"
### END SOLUTION

# %%
no_residual_ok = tc.check_no_residual_block(NoResidualBlock)

# %%
if tc.ready_to_measure("NoResidualBlock", no_residual_ok, {"no_residual_tokens": tokens_guess}):
    ablation = tc.encoder.residual_ablation(NoResidualBlock, depth=6, seed=0)
    spread_with, spread_without = ablation["residual"]["spread"], ablation["no residual"]["spread"]
    ratio = float(spread_without[-1] / spread_with[-1])
    direction = "kam" if ratio < 0.5 else "zyada" if ratio > 2 else "barabar"
    tc.check_prediction("no_residual_tokens", tokens_guess, direction)
    print("\ntokens ka aapas ka fark, har layer ke baad:")
    print(f"{'layer':>5} | {'residual ke saath':>17} | {'bina residual':>13}")
    for layer, (a, b) in enumerate(zip(spread_with.tolist(), spread_without.tolist(), strict=True)):
        print(f"{'input' if layer == 0 else layer:>5} | {a:>17.2f} | {b:>13.1e}")
    grad_with, grad_without = (float(ablation[k]["grads"][0]) for k in ("residual", "no residual"))
    print(f"\nlayer 1 ke input par gradient: residual ke saath {grad_with:.1f}, "
          f"bina residual {grad_without:.1f}")
    assert ratio < 1e-3 and spread_without[-1] < 1e-5 and spread_with[-1] > 0.5
    assert 0.1 < grad_with / grad_without < 10     # gradient: dono 10× ke andar

# %% [markdown]
# * Bina residual, tokens ka fark pehli kuch layers me hi tezi se gira aur lagbhag **zero** ho gaya
#   (float32 ki rounding jitna): saare 10 tokens **ek hi vector** ban gaye. Aisa stack (random,
#   training se pehle) upar ki layers ko "cat" aur "mat" me koi fark nahi de sakta.
# * Residual ke saath fark 0.5 se upar raha: har block apna sudhaar (`F(x)`) jodta hai, token ki apni
#   pehchaan (`x`) nahi mitata.
# * Research me ise **rank collapse** kehte hain: Dong et al. (2021, "Attention is not all you need:
#   pure attention loses rank doubly exponentially with depth") ne dikhaya ki skip connections ke
#   bina attention ka stack tokens ko depth ke saath bahut tezi se ek jaisa bana deta hai.
# * Aur gradient? Yahan layer 1 tak gradient ka **size** dono stacks me ek hi range me (10× ke andar) raha:
#   post-norm ke LayerNorm ne scale sambhaal liya, bilkul section 2 ki naranji line jaisa. To residual
#   sirf gradient ke liye nahi hai: woh har token ki **apni information** upar tak le jaane ka raasta hai.

# %% [markdown]
# ## Paper ke base model me parameters kahan hain?
#
# * Paper ka base model: `d_model = 512`, 8 heads, `d_ff = 2048`, **6 encoder + 6 decoder** layers.
#   `nn.Transformer()` ke defaults bilkul yahi hain. (Decoder notebook 08 me aayega: har decoder layer
#   me ek extra **cross-attention** hota hai.)
# * Live ginte hain (meta device par, taaki 44M numbers ki memory na lage):

# %% tags=["nbval-check-output"]
with torch.device("meta"), warnings.catch_warnings():
    warnings.simplefilter("ignore")
    base = nn.Transformer()        # defaults = paper ka base model

total = tc.count_parameters(base)
assert total == 44_140_544
groups = tc.transformer_parameter_groups(base)
assert sum(groups.values()) == total

vocab = tc.PAPER_VOCAB
with torch.device("meta"):
    shared_embedding = nn.Embedding(vocab, 512)
embedding = tc.count_parameters(shared_embedding)
assert embedding == 37_000 * 512

rows = ["| hissa | parameters | share (embedding ke saath) |", "|---|---:|---:|"]
everything = {**groups, "shared embedding (37,000 × 512)": embedding}
grand_total = total + embedding
for name, count in everything.items():
    rows.append(f"| {name} | {count:,} | {100 * count / grand_total:.1f}% |")
rows.append(f"| **nn.Transformer() akela** | **{total:,}** | |")
rows.append(f"| **embedding ke saath** | **{grand_total:,}** (≈ {grand_total / 1e6:.1f}M) | |")
ffn_share = (groups["encoder: FFN"] + groups["decoder: FFN"]) / total
rows.append(f"| FFN ka hissa, sirf nn.Transformer() me | {100 * ffn_share:.1f}% | |")
display(Markdown("\n".join(rows)))

# %%
tc.encoder.plot_parameter_breakdown(groups, {"shared embedding (37k × 512)": embedding})
plt.show()

# %% [markdown]
# * `nn.Transformer()` akela: **44,140,544** parameters. Inme se **57%** FFN me (encoder + decoder),
#   attention ~43%, LayerNorm na ke barabar.
# * Embedding: paper source aur target dono ke liye **ek shared vocabulary** (~37,000 BPE tokens)
#   rakhta hai, aur **ek hi matrix** teen jagah use karta hai: encoder input, decoder input, aur
#   output softmax se pehle wali projection. `37,000 × 512 ≈ 18.9M`. Teen alag matrices hoti to ~57M!
# * Kul ≈ **63.1M**. Paper "65M" likhta hai: woh rounded number hai, aur vocabulary bhi sirf
#   "about 37000" bataayi gayi hai; paper poora hisaab nahi deta. Hamara live count ~2M kam aata hai,
#   lekin tasveer wahi hai: ~30% embedding, aur baaki ka sabse bada hissa FFN.
# * `nn.Transformer` me embedding aur positional encoding **hote hi nahi**: woh sirf encoder-decoder
#   stack hai. Embedding aur positional encoding aapko khud jodni padti hai (agle notebook me karenge).

# %% [markdown]
# ## Explorer: apna encoder stack chuniye
#
# * `num_layers`, FFN ki chaudai (`d_ff = multiplier × d_model`), `norm_first` aur activation badaliye.
# * Left: itne layers ka encoder **paper size** (`d_model = 512`) par kitne parameters lega.
# * Right: usi setting ki ek chhoti copy (`d_model = 32`, aapka chuna hua `Block`) me har layer ke
#   input par gradient, aur output ka mean / har token ka std.
# * Try kijiye: `norm_first` on, 24 layers: output ka std 1 se kaafi upar chala jaata hai (final
#   LayerNorm ki zaroorat!). Post-norm me har block ke end par LayerNorm hai, isliye std ≈ 1.
# * Note: `Encoder` (aur `nn.TransformerEncoder`) ek hi block ki **copies** banata hai, isliye shuru me
#   saari layers ke weights ek jaise hote hain. Training unhe alag kar deti hai.
# * Right panel ka gradient section 2 wale random-projection loss se hai, copies par, aur pre-norm me
#   final LayerNorm ke bina; isliye uske numbers section 4 (asli loss, har layer ka apna init, final
#   LayerNorm) se alag scale par aate hain.

# %%
def draw_explorer(num_layers, ff_multiplier, norm_first, activation):
    tc.encoder.draw_encoder_explorer(num_layers, ff_multiplier, norm_first, activation, block=Block)


tc.explore(draw_explorer, {
    "num_layers": widgets.IntSlider(value=6, min=1, max=24, description="num_layers"),
    "ff_multiplier": widgets.IntSlider(value=4, min=1, max=8, description="d_ff / d_model"),
    "norm_first": widgets.Checkbox(value=False, description="norm_first (pre-norm)"),
    "activation": widgets.Dropdown(options=["relu", "gelu"], value="relu", description="activation"),
}, title="Encoder stack explorer")

# %% [markdown]
# ## Quiz

# %%
tc.quiz([
    tc.Question(
        "FFN ko 'position-wise' kyun kehte hain?",
        ["Kyunki woh positional encoding jodta hai",
         "Kyunki har token par wahi do Linear layers alag-alag lagti hain; "
         "tokens aapas me mix nahi hote",
         "Kyunki har position ka apna alag FFN hota hai"],
        answer=1,
        explanation="Same W_1, W_2 har token par, har token akela. Tokens ka mel-jol sirf "
                    "attention karta hai.",
        nudge="Section 1 ka test yaad kijiye: token 3 badalne par kin tokens ka output badla, "
              "aur W_1, W_2 ke kitne sets the?"),
    tc.Question(
        "nn.Transformer() (paper ka base model) ke 44M parameters me sabse bada hissa kiska hai?",
        ["Attention layers (self-attention + cross-attention)",
         "Token embedding matrix (vocabulary × d_model)",
         "FFN layers"],
        answer=2,
        explanation="FFN: har layer me 2·d·d_ff = 8·d², yaani 12 layers me 96·d². Attention: "
                    "encoder me 4·d², decoder me self + cross = 8·d², kul 72·d². Isliye "
                    "FFN ≈ 57%. Aur nn.Transformer me embedding hoti hi nahi.",
        nudge="Ek layer me attention ke 4 matrices d × d hain; FFN ke do matrices d_ff = 4d "
              "ke saath kitne bante hain? Aur nn.Transformer me kya-kya hai?"),
    tc.Question(
        "Padding wale batches me LayerNorm, BatchNorm se behtar kyun hai?",
        ["LayerNorm har token ke apne features par normalize karta hai, isliye pads aur "
         "batch size ka asar nahi",
         "LayerNorm poore batch ke saare tokens ka mean/std leta hai, isliye pads ka asar "
         "average ho jaata hai",
         "BatchNorm sirf images (4-D tensors) par chalta hai, sequences par chal hi nahi sakta"],
        answer=0,
        explanation="BatchNorm ek feature ko poore batch ke tokens (pads samet) par normalize "
                    "karta hai; LayerNorm sirf ek token ko dekhta hai.",
        nudge="Section 3 ki picture dekhiye: kaun ek row padhta hai, kaun ek column, aur "
              "padding ke 0 kis me gine jaate hain?"),
    tc.Question(
        "PyTorch ka nn.Dropout(p=0.2): training me bache hue numbers ka kya hota hai, aur eval me?",
        ["Training me 1.25 se guna (1/(1−0.2)); eval me kuch nahi",
         "Training me 1.25 se guna; eval me bhi 20% numbers zero hote hain",
         "Training me bache hue numbers waise hi rehte hain (sirf 20% zero); eval me kuch nahi"],
        answer=0,
        explanation="1/(1−p) scaling se average same rehta hai, isliye eval me koi correction "
                    "nahi chahiye.",
        nudge="Average same rakhne ke liye bache hue numbers ko kis se guna karna padega? Aur "
              "model.eval() ke baad dropout kya karta hai?"),
    tc.Question(
        "Pre-norm (norm_first=True) gehre stacks ko aasaani se kyun train karta hai?",
        ["Usme parameters kam hote hain",
         "Residual raasta x seedha upar tak jaata hai (LayerNorm sub-layer ke andar hai), "
         "isliye gradient seedha neeche aata hai",
         "Usme LayerNorm har sub-layer ke baad residual raaste par baithta hai, isliye scale "
         "hamesha 1 rehta hai"],
        answer=1,
        explanation="x_L = x_0 + F_1 + … + F_L: shortcut par koi LayerNorm nahi. Bas stack ke "
                    "end me ek final LayerNorm chahiye. Naapa hua fark gradient ka gayab hona "
                    "nahi tha (init par dono me har layer tak gradient pahuncha): fark profile "
                    "ka tha (post-norm me upar bada) aur training ka: record (3 seeds) me "
                    "pre-norm har LR par bina warmup seekha, post-norm LR 1e-2 par bina warmup "
                    "random guess par atka.",
        nudge="Section 4 ke dono formulas likhiye: x_0 se x_L tak ke shortcut par kahin "
              "LayerNorm baitha hai ya nahi?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Encoder block = **self-attention + FFN**, har ek ke around **residual + LayerNorm** (+ dropout).
#   Input aur output ka shape same: `d_model` poore stack me nahi badalta.
# * **FFN** = `linear2(act(linear1(x)))`, har token par alag (position-wise). `d_ff = 4·d_model`;
#   parameters ka sabse bada hissa yahin (base model me 57%).
# * **ReLU** negative ko 0 karta hai; **GELU** = `x·Φ(x)`, smooth. PyTorch ka `"gelu"` = exact `F.gelu`.
# * **Residual** `x + F(x)` gradient ko seedha raasta deta hai. Bina residual 32 FFN layers me gradient
#   PyTorch ke **default init** par gayab hua (andaazan har layer ≈ 0.24×); **He init** par bacha raha. Residual ka
#   asli fayda training me dikha: bina residual dono inits me stack baseline par atka, residual + default
#   init (chhote branches) ke saath seekha; He init + residual bina norm ke fat gaya (variance ~`2^L`).
#   Random (untrained) encoder blocks se residual hataya to LayerNorm ke bawajood 6 layers me tokens ek jaise
#   ho gaye (rank collapse): residual har token ki apni pehchaan upar tak le jaata hai.
# * Tokens ko aapas me sirf **attention** milata hai: ek token badlo to sabke outputs badalte hain;
#   padding mask wale token ko koi nahi dekhta.
# * **LayerNorm** har token ke features par; **BatchNorm** har feature ko batch ke tokens par (pads aur
#   batch size 1 ki dikkat). Transformer me LayerNorm.
# * **Post-norm** `LN(x + F(x))` (paper, PyTorch default) vs **pre-norm** `x + F(LN(x))` (`norm_first=True`,
#   end me final LayerNorm). Init par dono me gradient bachta hai, lekin post-norm me output ke paas bada,
#   pre-norm me `‖∂L/∂x‖` neeche thoda bada. Hamare chhote record (3 seeds: ishaara, saboot nahi) me
#   post-norm bade LR par bina warmup atka, warmup ke saath bhi unstable raha; pre-norm har LR par
#   bina warmup seekha.
# * **Dropout** training me `p` hissa zero aur baaki × `1/(1−p)`; eval me kuch nahi. Comparison se
#   pehle hamesha `.eval()`.
# * PyTorch se exact match: same parameter names + `load_state_dict` + `.eval()`. Padding mask ke saath
#   `nn.TransformerEncoder` ka fast path pads par 0.0 deta hai: `enable_nested_tensor=False` se exact.
# * `nn.Transformer()` = 44,140,544 parameters; shared 37k embedding ke saath ≈ 63M (paper: "65M").

# %% [markdown]
# **Agla notebook:** [06 · Chhota Transformer train karein](06_train_tiny_transformer.ipynb) →
