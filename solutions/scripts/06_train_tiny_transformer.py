# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/06_train_tiny_transformer.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/06_train_tiny_transformer.ipynb)
#
# # 06 · Chhota Transformer train karein

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
# * Training loop ke 4 kadam: **forward → loss → backward → optimizer step**, aur course ka
#   chhota `tc.fit` jo yahi baar-baar karta hai (progress bar aur curves ke saath).
# * Pichhle notebooks ke blocks (embedding, positional encoding, multi-head attention, encoder
#   block) jod kar ek **chhota Transformer** banana, jo CPU par seconds me train hota hai.
# * Toy task 1: digits ka sequence **ulta** karna. Training ke baad attention map me ek saaf
#   **anti-diagonal** dikhta hai, jo random model me nahi hota.
# * Toy task 2: seed ka example, sach me: *"the cat sat on the mat because it was tired"* me
#   "it" kaun hai? Hum naapenge ki trained model ka attention kahan jaata hai, word rok kar
#   (**ablation**: ek cheez band karke asar naapna) dekhenge ki jawab kis word se aata hai, 5 seeds
#   aur simple baselines ke saath.
# * Chaar exercises: exact-match accuracy likhna, untrained model ki accuracy ka andaaza, model se
#   attention maps nikaalna, aur positional encoding hata kar reversal dobara train karna.

# %% [markdown]
# ## Training loop: 4 kadam, baar-baar
#
# * Ab tak humne sirf **random weights** wale layers dekhe. Seed kehta hai "attention 'cat' par
#   focus karega", lekin yeh tabhi hota hai jab model **train** ho.
# * Training ka ek step:
#   1. **Forward**: batch ko model me daalo, har position ke liye har class ka score (logits) lo.
#   2. **Loss**: cross-entropy batata hai ki sahi jawab ko kitni kam probability mili.
#   3. **Backward**: `loss.backward()` har weight ka gradient nikaalta hai: weight thoda badle
#      to loss kitna badlega.
#   4. **Optimizer step**: har weight ko gradient ki ulti disha me thoda sa sarkao (hum AdamW use
#      karte hain).
# * Cross-entropy, jab $N$ positions ke sahi jawab $y_i$ hain aur model ki probability $p$ hai:
#
# $$\mathcal{L} = -\frac{1}{N}\sum_{i=1}^{N} \log p(y_i \mid \text{input})$$
#
# * Sahi jawab ko probability 1 mile to $\log 1 = 0$, loss zero. Jitni kam probability, utna
#   bada loss. Shuru me (random model, 10 classes) loss lagbhag $\log 10 \approx 2.3$ hota hai.
#
# Neeche ek chhote model par **sirf ek** step, haath se:

# %%
import copy

import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch

tc.seed_everything(0)
demo = tc.TinyTransformer(vocab_size=10, d_model=32, nhead=1, num_layers=1, max_len=8).to(device)
inputs, targets = tc.tasks.reversal_batch(64, generator=torch.Generator().manual_seed(0))
inputs, targets = inputs.to(device), targets.to(device)
optimizer = torch.optim.AdamW(demo.parameters(), lr=3e-3)

logits = demo(inputs)                                  # 1. forward: (64, 8, 10)
loss = tc.cross_entropy(logits, targets)      # 2. loss
optimizer.zero_grad()
loss.backward()                                        # 3. backward: gradients
optimizer.step()                                       # 4. weights thode se badle
with torch.no_grad():
    loss_after = tc.cross_entropy(demo(inputs), targets)
print(f"logits shape: {tuple(logits.shape)}  (batch, positions, classes)")
print(f"loss step se pehle: {loss.item():.3f}   (log 10 = 2.303)")
print(f"loss ek step ke baad: {loss_after.item():.3f}")

# %% [markdown]
# * Ek step se loss thoda sa hi girta hai. Training = yahi step sainkdon baar, har baar naye batch ke saath.
# * `tc.fit(model, make_batch, steps=..., evaluate=..., target_accuracy=...)` yahi loop hai:
#   * `make_batch(step)` har step par `(inputs, targets)` deta hai: data **on the fly** banta hai,
#     kuch download nahi hota.
#   * har `eval_every` steps par `evaluate(model)` **held-out** data par accuracy naapta hai;
#     `target_accuracy` mil jaaye to training wahin ruk jaati hai (early stop).
#   * ek **progress bar** (tqdm) loss aur accuracy dikhata hai; wapas aata hai ek `History`
#     (loss, accuracy, seconds), jise `tc.plotting.plot_history` curves me badalta hai.
#   * sab kuch seeded hai: har baar wahi run, wahi numbers.

# %% [markdown]
# ## Task 1: digits ko ulta karna (reversal)
#
# * Input: 8 digits, jaise `3 1 4 1 5 9 2 6`. Target: wahi ulta, `6 2 9 5 1 4 1 3`.
# * Model har position par ek digit bolta hai (ek **tagger**: har input position ke liye ek
#   output). Position 0 ka jawab input ki
#   aakhri position par hai, position 1 ka jawab second-last par, ... Yani position $i$ ko
#   position $L-1-i$ ko **dekhna** padega: yeh kaam attention ka hai.
# * **Held-out** data: jin sequences ka checksum $\sum_i (i+1)\,d_i$ 10 se divide hota hai,
#   woh training me kabhi nahi aate: training batch me aisi sequence bane to generator uska pehla
#   digit ek aage badha deta hai (9 → 0), to checksum 10 se divide nahi hota. Test sirf unhi par,
#   taaki pata chale model ne **rule** seekha, ratta nahi maara.
# * **Validation**: 500 aur sequences, training jaisi (alag generator). Training kab roke, yeh
#   inhi se tay hota hai; held-out test set sirf aakhir me naapa jaata hai.
# * Accuracy: **exact match**, yani poora sequence sahi ho tabhi sahi. 8 me se 7 digits sahi = galat.

# %% tags=["nbval-check-output"]
x, y = tc.tasks.reversal_batch(3, generator=torch.Generator().manual_seed(1))
for row_in, row_out in zip(x.tolist(), y.tolist(), strict=True):
    print("input:", row_in, "→ target:", row_out)

(val_x, val_y), (test_x, test_y) = tc.tiny.reversal_sets()  # validation: 500; held-out test: 1000
train_x, _ = tc.tasks.reversal_batch(5000, generator=torch.Generator().manual_seed(5))
print("held-out test set:", tuple(test_x.shape), "| sab held-out?",
      bool(tc.tasks.is_reversal_held_out(test_x).all()),
      "| training batch ya validation me koi held-out?",
      bool(tc.tasks.is_reversal_held_out(torch.cat([train_x, val_x])).any()))
val_x, val_y, test_x, test_y = val_x.to(device), val_y.to(device), test_x.to(device), test_y.to(device)

# %% [markdown]
# ### Model: pichhle notebooks ke pieces, ek saath
#
# * `tc.TinyTransformer` me naya kuch nahi, sab pichhle notebooks se:
#   * token **embedding** (`nn.Embedding`) + notebook 03 ka **sine/cosine positional encoding**;
#   * notebook 05 ke `EncoderBlock` (andar notebook 04 ka `MultiHeadAttention`), `num_layers` baar;
#   * aakhir me ek `Linear` **head**: har position ke vector se har class ka score.
# * Reversal ke liye bas **1 layer, 1 head**, `d_model = 64`: ek hi attention map, padhne me aasaan.

# %% tags=["nbval-check-output"]
tc.seed_everything(0)
reverser = tc.TinyTransformer(vocab_size=10, d_model=64, nhead=1, num_layers=1,
                                   dim_feedforward=128, max_len=8).to(device)
untrained_reverser = copy.deepcopy(reverser)  # training se pehle ki copy, baad me tulna ke liye
print("parameters:", f"{tc.count_parameters(reverser):,}")
print("output shape:", tuple(reverser(test_x[:5]).shape), "= (batch, positions, digits)")

# %% [markdown]
# ### Exercise 1: exact-match accuracy
#
# *Implement · mushkil ●○○ · lagbhag 10 min*
#
# `exact_match_accuracy(logits, targets)` likhiye:
# * `logits` shape `(B, L, V)`, `targets` shape `(B, L)`. Har position ka prediction = `argmax` (last dim).
# * Ek sequence tabhi sahi hai jab **saari** positions sahi hon. Jin positions ka target
#   `tc.IGNORE_INDEX` (-100) hai, unhe sahi maan lijiye (woh gini nahi jaati).
# * Return: sahi sequences ka hissa, ek Python `float` (0.0 se 1.0).
# * Shapes mel na khaayein (`logits.shape[:2] != targets.shape`) to `raise ValueError(...)`.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
IGNORE_INDEX = tc.IGNORE_INDEX


def exact_match_accuracy(logits, targets):
    """Kitne sequences poore ke poore sahi hain (0.0 se 1.0)."""
    ### BEGIN SOLUTION
    ### HINT: shapes mel na khaayein to ValueError; har position sahi hai ya nahi (IGNORE_INDEX wali
    ### HINT: sahi maaniye); sequence tabhi sahi jab saari positions sahi; aakhir me sahi sequences
    ### HINT: ka hissa, ek float. Atke to: tc.hint("exact_match_accuracy").
    if logits.shape[:2] != targets.shape:
        raise ValueError(f"logits {tuple(logits.shape)} aur targets {tuple(targets.shape)} mel nahi khaate")
    right = (logits.argmax(dim=-1) == targets) | (targets == IGNORE_INDEX)
    return float(right.all(dim=1).float().mean())
    ### END SOLUTION

# %%
exact_ok = tc.check_exact_match_accuracy(exact_match_accuracy)
accuracy_fn = tc.choose(exact_match_accuracy, tc.exact_match_accuracy, exact_ok)

# %% [markdown]
# ### Exercise 2: pehle andaaza, phir code (untrained model kitna sahi?)
#
# *Predict · mushkil ●○○ · lagbhag 3 min*
#
# * `untrained_reverser` training se pehle ki copy hai: random weights. Har position par woh 10
#   digits me se koi ek bolta hai.
# * 1000 held-out sequences par uski **exact-match** accuracy kitni hogi? Jo sabse paas lage:
#   `"0%"`, `"1%"`, `"10%"` ya `"50%"`.
# * Code chalane se pehle sochiye: Exercise 1 ka exact match ek sequence ko kab sahi maanta hai?

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: "0%", "1%", "10%" ya "50%" likhiye: untrained model ka held-out exact match.
untrained_guess = "0%"
### END SOLUTION

# %%
untrained_logits = untrained_reverser(test_x)
untrained_exact = accuracy_fn(untrained_logits, test_y)
levels = ["0%", "1%", "10%", "50%"]
nearest = min(levels, key=lambda level: abs(float(level[:-1]) / 100 - untrained_exact))
tc.check_prediction("untrained_exact_match", untrained_guess, nearest)

# %% [markdown]
# Ab dono numbers saath me: har digit alag se gina jaaye (per-digit) to kitna, aur exact match kitna?

# %%
untrained_token = tc.token_accuracy(untrained_logits, test_y)
assert untrained_exact < 0.005 and 0.05 < untrained_token < 0.2, (untrained_exact, untrained_token)
if untrained_guess is ...:
    print("⏳ pehle upar untrained_guess me andaaza likhiye; tab yahan dono numbers dikhenge.")
else:
    print(f"untrained model: per-digit accuracy {untrained_token:.1%} (andaaza: 1/10), "
          f"exact match {untrained_exact:.1%}")

# %% [markdown]
# * Per-digit lagbhag 10%, lekin exact match 0: isliye training ke shuru me exact-match curve
#   zero par chipki rehti hai, bhale hi loss gir raha ho. Neeche dekhiye.

# %% [markdown]
# ### Train karein
#
# * Har step 128 naye random sequences; har 5 steps par 500 **validation** sequences par exact match.
# * `target_accuracy=1.0`: jaise hi validation par 100% aaya, training ruk jaati hai. Held-out
#   test set is faisle me shaamil nahi; use training ke baad naapte hain.
# * Time aur accuracy neeche **isi run me naape** jaate hain (aapki machine par alag ho sakte hain).

# %%
tc.seed_everything(0)
batch_generator = torch.Generator().manual_seed(0)


def make_reversal_batch(step):
    inputs, targets = tc.tasks.reversal_batch(128, generator=batch_generator)
    return inputs.to(device), targets.to(device)


reversal_history = tc.fit(
    reverser, make_reversal_batch, steps=1500, lr=3e-3,
    evaluate=lambda model: accuracy_fn(model(val_x), val_y),
    eval_every=5, target_accuracy=1.0, desc="reversal")
print(f"Reversal: {reversal_history.steps[-1]} steps, {reversal_history.seconds:.1f} s, "
      f"validation exact-match {reversal_history.final_accuracy:.1%}")
_, accuracy_ax = tc.plotting.plot_history({"reversal": reversal_history})
accuracy_ax.set_title("Validation exact match (isi se training rukti hai)")
plt.show()

# %% [markdown]
# * Loss log scale par hai: 2.3 (andaaza) se shuru hokar tezi se girta hai.
# * Accuracy curve pehle zero ke paas rehti hai (exact match sakht hai: 8 me se 8 sahi chahiye),
#   phir achanak upar jaati hai.

# %% tags=["nbval-check-output"]
reversal_accuracy = tc.exact_match_accuracy(reverser(test_x), test_y)
assert reversal_accuracy >= 0.99, reversal_accuracy
print("reversal exact-match ≥ 99% (1000 held-out test sequences, training ke baad pehli baar): OK")

# %% [markdown]
# ## Attention map: model ne kya seekha?
#
# * Model ke andar `EncoderBlock` attention ko `need_weights=False` ke saath chalata hai (tez
#   hai), isliye weights bahar nahi aate. Unhe padhne ke liye hum layers **ek-ek karke** khud chalate hain:
#   1. tokens ko vectors banaiye (model ka `embed_tokens`: embedding + positions);
#   2. har layer ke liye woh input banaiye jo uska attention **sach me dekhta hai**: pre-norm block
#      (`layer.norm_first`, hamara default) me pehle `norm1`, post-norm block me seedha x;
#   3. us input par layer ka `self_attn` chalaiye aur har head ke alag weights maangiye
#      (`need_weights` aur `average_attn_weights` arguments dekhiye): shape `(B, heads, L, L)`;
#   4. phir poori layer chalaiye, taaki agli layer ko sahi input mile.
# * Sab layers ke weights ek tensor me, layers ki nayi dimension index 1 par:
#   shape `(B, layers, heads, L, L)`.
#
# ### Exercise 3: `attention_maps(model, tokens)`
#
# *Implement · mushkil ●●○ · lagbhag 15 min*
#
# Upar ke 4 kadam code me likhiye. `torch.no_grad()` aur `model.eval()` hum aapke liye laga chuke hain.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def attention_maps(model, tokens):
    """Har layer, har head ke attention weights: shape (B, layers, heads, L, L)."""
    model.eval()
    with torch.no_grad():
        ### BEGIN SOLUTION
        ### HINT: upar ke 4 kadam: tokens ko vectors banaiye; har layer chalane se pehle uske
        ### HINT: self_attn se per-head weights lijiye (usi input par jo woh attention dekhta hai);
        ### HINT: aakhir me saare layers ke maps ek tensor me. Atke to: tc.hint("attention_maps").
        x = model.embed_tokens(tokens)
        maps = []
        for layer in model.encoder.layers:
            h = layer.norm1(x) if layer.norm_first else x
            _, w = layer.self_attn(h, h, h, need_weights=True, average_attn_weights=False)
            maps.append(w)
            x = layer(x)
        return torch.stack(maps, dim=1)
        ### END SOLUTION

# %%
maps_ok = tc.check_attention_maps(attention_maps)
maps_fn = tc.choose(attention_maps, tc.attention_maps, maps_ok)

# %% [markdown]
# ### Pehle vs baad: ek hi sequence, do models
#
# * Baayen: **untrained** model (random weights). Daayen: **trained** model. Dono ek hi held-out
#   sequence par, layer 0, head 0.
# * Row = output position (query), column = input position (key). Row $i$ ka sabse gehra
#   dabba batata hai ki position $i$ ne kis position ko dekha.

# %%
sample = test_x[:1]
labels = [f"{i}:{d}" for i, d in enumerate(sample[0].tolist())]
before = maps_fn(untrained_reverser, sample)[0, 0, 0]
after = maps_fn(reverser, sample)[0, 0, 0]
tc.tiny.plot_attention_pair(before, after, labels,
                            titles=("Untrained: koi pattern nahi", "Trained: anti-diagonal (i → 7 − i)"),
                            xlabel="input position:digit (key)", ylabel="output position:digit (query)")
plt.show()

# %% [markdown]
# * Untrained model ka attention bikhra hua hai: random weights kisi khaas position ko nahi chunte
#   (barabar baantne par har dabba 1/8 = 0.125 hota).
# * Trained model me ek saaf **anti-diagonal**: position 0 → position 7, 1 → 6, ... Yahi to
#   reversal ka rule hai! Kisi ne yeh rule code me nahi likha; gradient descent ne khud dhoonda.
# * Imaandari se: anti-diagonal par poora 1.0 nahi jaata, kuch weight padosi positions par bhi
#   jaata hai (number neeche). Phir bhi exact match ≥ 99% hai, kyunki head ke baad FFN aur argmax
#   sabse bada signal chunte hain.
# * Neeche number me: 1000 held-out sequences par average, anti-diagonal par kitna weight gaya?
#   Yahi run 5 seeds par record me bhi hai (`tiny_it_seeds`, jo aage "it" task ke liye bhi hai).

# %% tags=["nbval-check-output"]
trained_mass = tc.tiny.anti_diagonal_mass(maps_fn(reverser, test_x))
untrained_mass = tc.tiny.anti_diagonal_mass(maps_fn(untrained_reverser, test_x))
assert 0.95 > trained_mass > 0.5 > 0.2 > untrained_mass
record = tc.records.load_record("tiny_it_seeds")
recorded_mass = tc.tiny.over_seeds(record, "reversal", "anti_diagonal")
assert 0.95 > max(recorded_mass) and min(recorded_mass) > 0.5
assert min(tc.tiny.over_seeds(record, "reversal", "test_exact")) >= 0.99
print("anti-diagonal par attention: trained 0.5 se 0.95 ke beech (is run me, aur record ke har seed me), "
      "untrained < 0.2: OK")

# %%
print(tc.records.describe_record(record))
print(f"anti-diagonal par average attention: untrained {untrained_mass:.2f}, trained {trained_mass:.3f} (seed 0, live)")
print(f"record, trained: {tc.claims.mean_range(recorded_mass, digits=3)}; validation par 100% tak steps: "
      f"{tc.claims.mean_range(tc.tiny.over_seeds(record, 'reversal', 'steps'), digits=0)}")
assert tc.claims.agrees(trained_mass, recorded_mass, slack=0.05), (trained_mass, recorded_mass)

# %% [markdown]
# ### Exercise 4: positional encoding hata kar dekhiye
#
# *Modify · mushkil ●○○ · lagbhag 5 min*
#
# * Notebook 03 me dekha: bina positional encoding ke attention ke liye sequence ek **bag** hai
#   (kaunse tokens, kitni baar), kram nahi.
# * `tc.TinyTransformer.embed_tokens` me do cheezein judti hain: token embedding (`self.embed`)
#   aur sine/cosine position table (`self.pe`, uski pehli L rows).
# * Neeche `NoPositionTransformer` ka `embed_tokens` likhiye: vectors me **position ki koi khabar
#   na ho**, lekin digit kaun sa hai, yeh poora rahe. Baaki model bilkul wahi.
# * Check dekhta hai ki aapka model sach me order-blind hai: tokens ka kram badlo to output ki
#   rows bhi bas usi kram me badlein (**permutation-equivariant**), aur digits ab bhi dikhein.
# * Phir `no_position_guess` me andaaza likhiye. Experiment me **wahi** shuruaati weights, **wahi**
#   batches, **utne hi** steps jitne `reverser` ko 100% tak lage; fark sirf positions ka. Held-out
#   **per-digit** accuracy (har digit alag se sahi ya galat) kitni hogi: `"~10%"` (andaaze jitni),
#   `"~30%"` ya `"~100%"` (reverser jitni)? Sochiye: order-blind model har position par kya jaan
#   sakta hai?

# %%
# ✏️ exercise cell: positions hataiye, phir apna andaaza likhiye
class NoPositionTransformer(tc.TinyTransformer):
    """Bilkul TinyTransformer, bas input vectors me position ki koi khabar nahi."""

    def embed_tokens(self, tokens):
        """Token ids (B, L) → vectors (B, L, d_model), bina position ke."""
        ### BEGIN SOLUTION
        ### HINT: do cheezon me se sirf woh rakhiye jo batati hai ki digit kaun sa hai; position
        ### HINT: table ab nahi judni chahiye. Atke to: tc.hint("no_position_model").
        return self.embed(tokens)
        ### END SOLUTION


### BEGIN SOLUTION
### HINT: "~10%", "~30%" ya "~100%" likhiye: bina positions ka held-out per-digit accuracy.
no_position_guess = "~30%"
### END SOLUTION

# %%
no_position_ok = tc.check_no_position_model(NoPositionTransformer)

# %% [markdown]
# * Neeche ka cell `NoPositionTransformer` ko reversal par train karta hai (check ✅ aur andaaza
#   likhne ke baad hi), phir andaaza naap se milata hai aur ek table dikhata hai.

# %%
if tc.ready_to_measure("NoPositionTransformer", no_position_ok,
                       {"no_position_reversal": no_position_guess}):
    tc.seed_everything(0)
    no_position = NoPositionTransformer(vocab_size=10, d_model=64, nhead=1, num_layers=1,
                                        dim_feedforward=128, max_len=8).to(device)
    assert all(torch.equal(a, b) for a, b in zip(no_position.parameters(),
                                                 untrained_reverser.parameters(), strict=True))
    batch_generator.manual_seed(0)  # wahi batches, usi kram me
    no_position_history = tc.fit(
        no_position, make_reversal_batch, steps=reversal_history.steps[-1], lr=3e-3,
        evaluate=lambda model: accuracy_fn(model(val_x), val_y),
        eval_every=5, target_accuracy=1.0, desc="reversal, bina positions")
    no_position_logits = no_position(test_x)
    no_position_accuracy = accuracy_fn(no_position_logits, test_y)
    per_digit = tc.token_accuracy(no_position_logits, test_y)
    bag_rule = tc.tiny.bag_guess_accuracy(test_x, test_y)
    levels = {"~10%": 0.1, "~30%": 0.3, "~100%": 1.0}
    nearest_level = min(levels, key=lambda level: abs(levels[level] - per_digit))
    tc.check_prediction("no_position_reversal", no_position_guess, nearest_level,
                        per_digit=per_digit, bag_rule=bag_rule)
    rows = {"positions ke saath": (reversal_accuracy, tc.token_accuracy(reverser(test_x), test_y)),
            "bina positions": (no_position_accuracy, per_digit)}
    assert no_position_accuracy < 0.05 and abs(rows["bina positions"][1] - bag_rule) < 0.05
    print(f"\n{reversal_history.steps[-1]} steps ke baad, 1000 held-out sequences:")
    print(f"{'model':<25} | exact match | per-digit")
    for name, (exact, token) in rows.items():
        print(f"{name:<25} | {exact:>11.1%} | {token:>9.1%}")
    print(f"{'bag rule (koi model nahi)':<25} | {'-':>11} | {bag_rule:>9.1%}")

# %% [markdown]
# * Bina positions: exact match lagbhag 0, jabki wahi model positions ke saath ≥ 99% tak pahuncha.
#   Weights, batches aur steps same the; fark sirf positional encoding ka hai.
# * Per-digit phir bhi 10% se upar hai. Kahan se? **Bag rule**: "baaki 7 digits me jo sabse
#   zyada baar aaya, wahi bolo". Yeh rule sirf bag dekhta hai, kram nahi, aur order-blind model
#   lagbhag wahin tak pahuncha (table ki aakhri do lines). Isse aage jaane ke liye use position chahiye.
# * Sabak: attention khud nahi jaanta ki kaun pehle aaya; yeh khabar **sirf** positional encoding
#   deta hai. Reversal poora kram par tika hai, isliye positions ke bina woh seekha hi nahi ja sakta.

# %% [markdown]
# ## Task 2: seed ka example, sach me: "it" kaun hai?
#
# * Seed kehta hai: *"The cat sat on the mat because it was warm"* me attention "it" se "cat"
#   par jaayega. Do baatein imaandari se:
#   * "warm" to cat bhi ho sakti hai aur mat bhi! Isliye hum aise adjectives lete hain jinka
#     matlab saaf hai: **tired, hungry, sleepy, scared, angry** → animal; **soft, broken, wooden,
#     empty, flat** → object (ek toy rule; asli bhasha isse dheeli hai).
#   * Random model kuch nahi jaanta (notebook 02 me dekha). "it" → "cat" tabhi ho sakta hai jab
#     model **train** ho.
# * Corpus: 6 animals × 6 objects × 10 adjectives × 9 templates = 3240 sentences, sab 10 words ke.
#   * "it" kaun hai, yeh **sirf adjective** tay karta hai. Model ko "it" ki position par us noun
#     ka naam bolna hai: **referent** (woh noun jiski baat "it" kar raha hai).
#   * Training ke 6 templates me "it" **position 7** par hai, dono nouns ke baad (*"the cat sat on
#     the mat because it was tired"*), ya **position 1** par, nouns se pehle (*"when it was tired
#     the cat sat on the mat"*). Aadhe templates me animal pehle aata hai, aadhon me object, taaki
#     sirf position dekh kar jawab na mile.
# * **Held-out, by construction** (generator khud alag karta hai, kismat se nahi). Har adjective ke
#   liye ek animal aur ek object chuna gaya hai jo training ke **kisi bhi** sentence me us adjective
#   ke saath nahi aata ("tired" aur "soft" ke liye: cat aur mat). Har held-out sentence in me se
#   ek group me hai:
#
# | group | kya naya hai | misaal |
# |---|---|---|
# | aadha naya jodaa | do nouns me se **ek** ne yeh adjective training me kabhi nahi dekha; doosre ne dekha tha | *the cat sat on the rug because it was tired* (rug + tired training me tha, jawab tab bhi animal) |
# | poora naya jodaa | **dono** nouns ne yeh adjective training me kabhi nahi dekha (sakht test) | seed ke apne dono sentences: *the cat sat on the mat because it was tired / soft* |
# | naya kram | template 6: words ka naya kram, lekin animal, object, "it", adjective wahi positions par jahan template 0 me | *the dog was under the box because it was hungry* |
# | it nayi jagah | template 7: "it" position 0 par, adjective 2 par; training me yeh wahan kabhi nahi | *it was hungry when the dog lay near the box* |
# | nouns nayi jagah | template 8: nouns positions 2 aur 6 par; training me nouns sirf 1, 5, 9 par | *when the box was under the dog it was hungry* |
# | naya template + aadha naya jodaa | templates 6–8, aadha naya jodaa | |
#
# * Har word training me aata hai. Neeche ka cell yeh sab code se check karta hai.

# %% tags=["nbval-check-output"]
it_train, it_test = tc.tasks.it_split()
vocab = tc.tasks.it_vocab()
held_pairs = tc.tasks.held_out_pairs()
groups = tc.tasks.GROUPS
group_of = {s: tc.tasks.it_novelty(s, held_pairs) for s in it_test}
print("train:", len(it_train), "| held-out:", len(it_test), "| vocab:", len(vocab), "words")
print("held-out jode (training me kabhi saath nahi):",
      ", ".join(f"{noun}+{adjective}" for noun, adjective in sorted(held_pairs)))
for group in groups:
    s = next(s for s in it_test if group_of[s] == group)
    print(f"  [{group:<32}] {sum(g == group for g in group_of.values()):>4} sentences, "
          f"jaise: {s.text} → it = {s.referent}")

# by construction: jode, positions, misaalein
seen = {(noun, s.adjective) for s in it_train for noun in (s.animal, s.object)}
assert not seen & held_pairs and all(s.template < len(tc.tasks.TEMPLATES) for s in it_train)
assert all((s.animal, s.adjective) not in seen and (s.object, s.adjective) not in seen
           for s in it_test if group_of[s] == "poora naya jodaa")


def places(sentences, *roles):
    """Kin positions par yeh words aate hain ("it" bhi ek role hai)."""
    return {s.it_position if r == "it" else s.position(getattr(s, r)) for s in sentences for r in roles}


template = {t: [s for s in tc.tasks.it_sentences() if s.template == t] for t in (0, 6, 7, 8)}
assert all(places(template[6], r) == places(template[0], r) for r in ("animal", "object", "it", "adjective"))
assert places(template[7], "it").isdisjoint(places(it_train, "it"))
assert places(template[7], "adjective").isdisjoint(places(it_train, "adjective"))
assert places(template[8], "animal", "object").isdisjoint(places(it_train, "animal", "object"))
examples = {"the cat sat on the rug because it was tired": "aadha naya jodaa",
            "the cat sat on the mat because it was tired": "poora naya jodaa",
            "the dog was under the box because it was hungry": "naya kram",
            "it was hungry when the dog lay near the box": "it nayi jagah",
            "when the box was under the dog it was hungry": "nouns nayi jagah"}
assert all(group_of[next(s for s in it_test if s.text == text)] == g for text, g in examples.items())
print("by construction: koi held-out jodaa training me nahi; template 6 ki positions = template 0 ki; "
      "template 7 me 'it'/adjective aur template 8 me nouns nayi positions par; table ki misaalein sahi: OK")
train_tokens, train_targets = tc.tasks.encode_it(it_train, vocab)
test_tokens, test_targets = tc.tasks.encode_it(it_test, vocab)
print("tokens:", tuple(test_tokens.shape), "| har sentence me target sirf 'it' ki position par")
test_tokens, test_targets = test_tokens.to(device), test_targets.to(device)

# %% [markdown]
# ### Kyun 2 layers?
#
# * Layer 0 me "it" ki **query** sirf "it" aur uski position se banti hai: usme abhi koi khabar
#   nahi ki sentence "tired" wala hai ya "soft" wala. Weights sirf **keys** ke badalne se badal
#   sakte hain.
# * Layer 0 ke baad "it" ke vector me aas-paas ke words ki (adjective ki bhi) khabar aa sakti
#   hai. Isliye layer 1 me "it" ki query "tired wala it" ban sakti hai, aur sahi noun dhoondh sakti hai.
# * Ek layer me bhi kaam ho sakta hai (FFN attention ke output ko mila sakta hai); kitna, yeh neeche
#   5 seeds ke record me 1-layer model ke saath naapa hai.
# * Hum 2 layers, 4 heads, `d_model = 64` lete hain (`tc.tiny.make_it_resolver`). Targets par
#   `IGNORE_INDEX` hai, sirf "it" ki position gini jaati hai; accuracy = kitni baar "it" ka noun sahi.
# * Early stop nahi: har seed poore 300 steps chalta hai (record me bhi yahi), taaki har run ka
#   budget barabar ho. Curve har 5 steps par held-out ke har 6th sentence par (290; sab par hota
#   to yeh cell kai guna dheema hota) naapi jaati hai; training ka koi faisla us par nahi hota.

# %%
resolver = tc.tiny.make_it_resolver(len(vocab), seed=0).to(device)
untrained_resolver = copy.deepcopy(resolver)
it_history = tc.tiny.train_it_resolver(
    resolver, train_tokens, train_targets, seed=0, eval_every=5,
    evaluate=lambda model: tc.token_accuracy(model(test_tokens[::6]), test_targets[::6]))
first_high = next((step for step, acc in zip(it_history.eval_steps, it_history.accuracies,
                                             strict=True) if acc >= 0.95), None)
print(f'"it" resolution: {it_history.steps[-1]} steps, {it_history.seconds:.1f} s, '
      f"held-out accuracy {it_history.final_accuracy:.1%} (curve wale {len(it_test[::6])} sentences; "
      "sab groups ke alag numbers neeche)")
assert first_high is not None and it_history.losses[-1] < it_history.losses[first_high - 1]
print(f"pehli baar ≥ 95%: step {first_high}; loss us step par {it_history.losses[first_high - 1]:.4f}, "
      f"aakhir me {it_history.losses[-1]:.4f} (uske baad bhi gira)")
_, accuracy_ax = tc.plotting.plot_history({'"it" → noun': it_history})
accuracy_ax.set_title("Held-out accuracy (har 6th sentence)")
plt.show()

# %% [markdown]
# ### 5 seeds ka record, aur baselines
#
# * Ek seed ek kahani hai. Isliye yahi experiment (wahi data, wahi 300 steps, wahi learning rate)
#   **5 seeds** par `make sweep NAME=tiny_it_seeds` se chala kar record me rakha hai (upar reversal
#   wala record yahi hai); notebook seed 0 live chalata hai aur aage check karta hai ki woh record
#   se mel khaata hai.
# * **Baselines**: wahi training sentences se bane sabse simple rules, jinhe attention nahi chahiye:
#   * *sabse aam noun*: hamesha wahi noun jo training me sabse zyada baar jawab tha;
#   * *sirf adjective*: har adjective ke liye training ka sabse aam jawab (ek lookup table);
#   * *pehla noun*: sentence me jo noun pehle aaye;
#   * *kism wala noun (haath ka rule)*: task ka apna rule, haath se: adjective animal wala hai to
#     sentence ka animal, warna object. Na kram, na seekhna;
#   * *bag of words*: har word kitni baar aaya, us par ek linear model (har word ka alag "vote"):
#     na kram, na attention.

# %%
it_accuracy = tc.tiny.it_accuracy_by_group(resolver, it_train + it_test, vocab)
by_group = {group: [s for s in it_test if group_of[s] == group] for group in groups}
it_base = tc.tiny.it_baselines(it_train, by_group, vocab)
print(tc.tiny.it_accuracy_report(record, it_accuracy, it_base, groups))

# %% tags=["nbval-check-output"]
strict, half = "poora naya jodaa", "aadha naya jodaa"
bow = {group: it_base[group]["bag of words (linear)"] for group in groups}
assert bow[half] >= 0.95 and bow[strict] < it_base[strict]["pehla noun"] == 0.5
assert min(it_base[group]["kism wala noun (haath ka rule)"] for group in groups) == 1.0
two = {group: tc.tiny.over_seeds(record, "accuracy", group) for group in groups}
one = tc.tiny.over_seeds(record, "one_layer_accuracy", strict)
assert min(two[strict]) >= bow[strict] + 0.3 and min(one) > bow[strict]
assert min(min(two[group]) for group in groups) >= 0.95
print("bag of words: aadha naya jodaa par ≥ 95%, poora naya jodaa par 'pehla noun' (50%) se bhi kam;")
print("haath ka rule har group me 100%; record ke har seed me Transformer (2 layers) har group me ≥ 95%,")
print("poora naya jodaa par bag of words se ≥ 30 points upar, aur 1 layer bhi bag of words se upar: OK")

# %% [markdown]
# Numbers kya kehte hain (har line upar ke asserts se bandhi hai):
#
# * **Aadha naya jodaa aasaan hai**: bag of words bhi lagbhag 100%. Sentence ka doosra noun is
#   adjective ke saath training me aaya tha, tab bhi jawab isi kism ka noun tha; linear model ke
#   liye itna yaad rakhna kaafi hai. To yeh group akela nahi dikhata ki model ne rule seekha.
# * **Poora naya jodaa sakht test hai**: bag of words yahan "pehla noun" (50%) se bhi neeche hai.
#   Jawab ke liye do cheezein **jodni** padti hain: "adjective kis kism ka hai" **aur** "sentence
#   ka kaunsa noun us kism ka hai". Linear model har word ka alag vote jodta hai, yeh mel nahi bana
#   sakta. Transformer (2 layers) har seed me har held-out group par ≥ 95% hai, aur 1 layer wala
#   bhi bag of words se upar: ek attention layer + FFN bhi yeh mel bana leta hai (kitna, upar).
# * **Naye templates**: "naya kram" sirf words ka kram badalta hai (positions wahi); "it nayi
#   jagah" aur "nouns nayi jagah" me key words un positions par hain jahan training me kabhi nahi the.
# * **Lekin kram zaroori nahi**: haath ka rule bina kram ke 100% hai. To held-out accuracy batati
#   hai ki model ne **rule** seekha, ratta nahi maara; yeh **nahi** batati ki attention "cat" ko
#   dhoondh raha hai. Woh alag se naapna padega: aage.

# %% [markdown]
# ### "it" kise dekhta hai? Adjective ki kism ke hisaab se, trained vs untrained
#
# * Saare held-out sentences par average, **aakhri layer** (layer 1), har head alag aur 4 heads
#   ka average. Baayen: animal wale adjective (jawab = animal), daayen: object wale (jawab = object).
# * Rang har picture me ek jaise: hara = **referent noun** ("tired" me cat, "soft" me mat), grey =
#   doosra noun, naranji = adjective.

# %%
summaries = {name: tc.tiny.it_attention_summary(maps_fn(model, test_tokens), it_test)
             for name, model in [("Untrained", untrained_resolver), ("Trained", resolver)]}
tc.tiny.plot_it_summary(summaries, layer=1)
plt.show()
for name, s in summaries.items():
    for kind in tc.tiny.KINDS:
        print(f"{name:>9}, layer 1, {kind} adjective, heads ka average: referent noun "
              f"{s[kind]['referent'][1].mean():.2f}, doosra noun {s[kind]['other'][1].mean():.2f}, "
              f"adjective {s[kind]['adjective'][1].mean():.2f}")

# %% tags=["nbval-check-output"]
trained_s, untrained_s = summaries["Trained"], summaries["Untrained"]
for kind in tc.tiny.KINDS:
    assert trained_s[kind]["referent"][1].mean() > 3 * trained_s[kind]["other"][1].mean()
    assert abs(untrained_s[kind]["referent"][1].mean() - untrained_s[kind]["other"][1].mean()) < 0.05
    for seed_result in record["results"]["per_seed"].values():  # har recorded seed me bhi
        roles = seed_result["roles"][f"1/{kind}"]
        assert roles["referent noun"] > 3 * roles["doosra noun"]
print('trained, layer 1: referent noun par doosre noun se 3 guna se zyada attention, '
      'dono kism ke adjectives, is run me aur record ke har seed me: OK')
print("untrained: dono nouns par lagbhag barabar (fark < 0.05): OK")

# %% [markdown]
# * **Untrained**: dono nouns par lagbhag barabar, thoda sa attention. Koi "it → cat" nahi.
# * **Trained**, layer 1: referent noun ko doosre noun se kai guna zyada (assert upar, har seed me).
#   Lekin yeh poori kahani nahi: adjective aur baaki words par kitna gaya, yeh seed aur adjective
#   ki kism ke saath badalta hai (numbers upar), aur ek-ek head alag kaam karta hai.

# %% [markdown]
# ### Seed ke do sentences, dono layers
#
# * Dono sentences "poora naya jodaa" hain: cat aur mat training me "tired" ya "soft" ke saath
#   kabhi nahi aaye. Fark sirf aakhri word ka hai.
# * Upar layer 0, neeche layer 1; har bar = "it" ki attention, 4 heads ka average. Hara = referent
#   noun, grey = doosra noun, naranji = adjective, laal = "it" khud.

# %%
showcase = [s for s in it_test if (s.animal, s.object) == ("cat", "mat") and s.template == 0
            and s.adjective in ("tired", "soft")]
tc.tiny.plot_it_pair(maps_fn, resolver, showcase, vocab,
                     suptitle='Trained model (seed 0): "it" ki attention (heads ka average)')
plt.show()
own = tc.tiny.it_attention_summary(maps_fn(resolver, tc.tasks.encode_it(showcase, vocab)[0].to(device)),
                                   showcase)
for kind, s in own.items():
    sentence = next(x for x in showcase if x.kind == kind)
    print(f'"...it was {sentence.adjective}", layer 1, har head: {sentence.referent} '
          f"{[round(float(w), 2) for w in s['referent'][1]]}, {sentence.adjective} "
          f"{[round(float(w), 2) for w in s['adjective'][1]]}")

# %% [markdown]
# * Ek sentence, ek seed: yeh picture kahani ka ek namoona hai, saboot nahi. Doosre seeds me
#   isi sentence par koi head "tired" ko zyada dekh sakta hai (record me hai; aakhri faisle me gina jaata hai).
# * Role ke hisaab se average, dono layers, sab held-out sentences par:

# %%
print(tc.tiny.format_it_roles(tc.tiny.it_attention_by_role(maps_fn(resolver, test_tokens), it_test)))

# %% [markdown]
# ### Weight se aage: rok kar dekhiye (ablation)
#
# * Attention weight batata hai "it" ne **kahan dekha**, yeh nahi ki jawab **usi se aaya**. Seedha
#   test: layer 1 me "it" ki query ko ek word dekhne se **rok do** (us key ka score −∞; softmax
#   baaki words me attention baant deta hai). Baaki sab waisa hi. Phir held-out accuracy dobara naapo.
# * Kise rokte hain: referent noun, doosra noun, adjective, referent + adjective, aur do **control**:
#   * "was": ek word, jise "it" lagbhag nahi dekhta;
#   * "referent ke siwa sab": referent aur "it" ke alawa har word. Isme bhi attention ka ek hissa
#     hatta hai (aksar bada; kitna, neeche likha hai), bas referent bacha rehta hai. Agar accuracy
#     sirf "attention hatne" se girti, to yahan bhi girti.
# * Har bar ke neeche "hataya" = rokne se pehle "it" ka kitna attention un words par tha (seeds ka average).
# * Bars = 5 seeds ka average (record), kaali line = seeds ki range, laal dot = upar wala live seed.

# %%
live_ablation = tc.tiny.it_ablation(resolver, it_test, vocab)
tc.tiny.plot_it_ablation(record, live_ablation)
plt.show()
print(f"{'layer 1 me roka (seed 0)':<30} | {'animal adj':>10} | {'hataya':>6} | {'object adj':>10} | {'hataya':>6}")
for block, label in tc.tiny.BLOCKS.items():
    row = live_ablation[block]
    print(f"{label:<30} | {row['animal']:>10.3f} | {row['mass']['animal']:>6.2f} | "
          f"{row['object']:>10.3f} | {row['mass']['object']:>6.2f}")
print("\nrecord, sab seeds aur dono kism:", tc.tiny.mass_control_line(record))

# %% [markdown]
# ### Referent roka: galat jawab kya tha?
#
# * Accuracy ka girna ek baat hai; model ne **kya** bola, woh doosri. Do tarah ki galti ho sakti hai:
#   * **doosra noun** ("tired" → mat): model ne kism (animal ya object) hi galat chuni;
#   * **sentence ke bahar ka noun, wahi kism** ("tired" → cow, jabki sentence me cow hai hi nahi):
#     kism sahi thi, bas **naam** nahi mila.
# * Pehle live seed, phir record ke saare seeds:

# %%
print(tc.tiny.format_wrong_answers(live_ablation, blocks=("referent", "referent+adjective")))
print()
print(tc.tiny.name_not_kind(record))

# %% [markdown]
# ### Adjective kahan se aata hai? Layer 0 me, aur dono layers me rok kar
#
# * Upar layer 1 me adjective rokne se accuracy lagbhag nahi girti (neeche assert). To adjective ki
#   khabar "it" tak kisi aur tarah pahunchti hai. Do test:
#   * **layer 0 me roka**: "it" layer 0 me adjective nahi dekh sakta (layer 1 me dekh sakta hai);
#   * **dono layers me roka**: "it" adjective ko kisi layer me seedha nahi dekh sakta.
# * Agar sirf **ek** kism toote aur uske galat jawab **doosra noun** hon, to model ki ek
#   **default kism** hai: adjective na dikhe to woh wahi kism chunta hai.

# %%
live_layer0 = tc.tiny.it_ablation(resolver, it_test, vocab, layer=0, blocks=("none", "adjective"))
live_both = tc.tiny.it_ablation(resolver, it_test, vocab, layer=(0, 1), blocks=("none", "adjective"))
print(tc.tiny.it_layer0_report(record))

# %% [markdown]
# Live seed record se mel khaata hai? Do jaanch: record ke seeds ki range (± 0.1) me, aur jab
# setup record jaisa ho (CPU, utne hi torch threads, wahi torch version) to record ke **seed 0** se ± 0.01.

# %%
same_setup = (device.type == "cpu" and torch.get_num_threads() == record["machine"]["torch_threads"]
              and torch.__version__ == record["versions"]["torch"])
live_vs_record = {
    "held-out accuracy, poora naya jodaa": (it_accuracy["poora naya jodaa"], ("accuracy", "poora naya jodaa")),
    "layer 1, referent roka, animal": (live_ablation["referent"]["animal"], ("ablation", "referent", "animal")),
    "layer 1, referent roka, object": (live_ablation["referent"]["object"], ("ablation", "referent", "object")),
    "layer 1, adjective roka, animal": (live_ablation["adjective"]["animal"], ("ablation", "adjective", "animal")),
    "layer 0, adjective roka, object": (live_layer0["adjective"]["object"],
                                        ("ablation_layer0", "adjective", "object")),
    "dono layers, adjective roka, object": (live_both["adjective"]["object"],
                                            ("ablation_both", "adjective", "object")),
    "reversal: anti-diagonal": (trained_mass, ("reversal", "anti_diagonal")),
}
print(f"{'':<36} | {'live':>6} | {'record seed 0':>13} | {'record, sab seeds':<28} | mel?")
for name, (live, path) in live_vs_record.items():
    recorded = tc.tiny.over_seeds(record, *path)
    in_range = tc.claims.agrees(live, recorded, slack=0.1)
    same_as_seed0 = abs(live - recorded[0]) <= 0.01
    print(f"{name:<36} | {live:>6.3f} | {recorded[0]:>13.3f} | {tc.claims.mean_range(recorded, digits=3):<28} | "
          f"{'range me' if in_range else 'RANGE SE BAHAR'}, "
          f"{'seed 0 jaisa' if same_as_seed0 else 'seed 0 se alag'}")
    assert in_range and (same_as_seed0 or not same_setup), (name, live, recorded)
print("setup record jaisa:", same_setup, "(tab seed 0 se ± 0.01 zaroori hai)")

# %% [markdown]
# ### Faisla: seed ki baat kitni sach hai?
#
# * Seed ka daava: "it" ka attention referent noun ("cat") par jaata hai, aur jawab wahin se aata
#   hai. Teen sawaal us daave ke, har seed par alag se, dono kism ke adjectives ke liye:
#
# | sawaal | kya naapta hai | faisle me gina? |
# |---|---|---|
# | (a) | trained, layer 1: average par referent noun ko doosre noun **aur** adjective, dono se ≥ 1.5 guna attention | haan |
# | (b) | trained, layer 1: referent noun rokne par accuracy ≥ 30% girti hai | haan |
# | (c) | seed ke **apne** sentence par (layer 1, heads ka average) referent ko adjective se zyada attention | haan |
# | (d) | trained, **layer 0**: (a) wali baat | nahi: sirf sandarbh |
# | (e) | **untrained** model, layer 1: (a) wali baat | nahi: sirf sandarbh |
#
# * (d) aur (e) batate hain ki pattern **kahan nahi** hai; seed ne wahan ka daava kiya hi nahi, isliye
#   woh faisle me vote nahi karte.
# * Har sawaal: sab seeds "haan" → *sach*; koi nahi → *galat*; beech me → *aadha sach*. Code faisla
#   record ke numbers se likhta hai, aur saath me kaaran: kaunsa hissa har seed me sach hai, kaunsa kuch me.

# %%
print(tc.tiny.it_story(record))

# %% tags=["nbval-check-output"]
per_seed = list(record["results"]["per_seed"].values())
drops = {(block, kind): [r["ablation"]["none"][kind] - r["ablation"][block][kind] for r in per_seed]
         for block in tc.tiny.BLOCKS for kind in tc.tiny.KINDS}
story = tc.tiny.it_story_tests(record)
shares = tc.tiny.wrong_answer_shares(record)
assert min(drops[("referent", "animal")]) >= 0.3                        # har seed: referent rokna mehnga
assert max(max(drops[("adjective", kind)]) for kind in tc.tiny.KINDS) <= 0.05  # layer 1: adjective sasta
assert max(max(drops[(block, kind)]) for block in ("control", "rest", "other") for kind in tc.tiny.KINDS) <= 0.02
rest_mass = sorted(r["ablation"]["rest"]["mass"][kind] for r in per_seed for kind in tc.tiny.KINDS)
assert rest_mass[len(rest_mass) // 2] >= 0.3                           # control: aadhe se zyada cases me ≥ 0.3
assert min(shares["bahar ka noun, wahi kism"]) >= 0.8                   # naam, kism nahi
defaults = [tc.tiny.default_kind({k: r["ablation_both"]["none"][k] - r["ablation_both"]["adjective"][k]
                                  for k in tc.tiny.KINDS}) for r in per_seed]
assert None not in defaults and len(set(defaults)) == 2                 # har seed ki default kism; seed pe tiki
swaps = tc.tiny.wrong_answer_shares(record, "ablation_both", "adjective")["doosra noun"]
assert min(swaps) >= 0.9                                                # tooti kism: doosra noun
alone = [(r["ablation_layer0"]["none"][k] - r["ablation_layer0"]["adjective"][k],
          r["ablation_both"]["none"][k] - r["ablation_both"]["adjective"][k])
         for r, d in zip(per_seed, defaults, strict=True) for k in tc.tiny.KINDS if k != d]
assert any(a >= 0.8 * b for a, b in alone) and any(a < 0.8 * b for a, b in alone)  # layer 0 akela / dono raaste
assert min(story["c"].values()) < len(per_seed)
assert story["a"]["animal"] == story["b"]["animal"] == len(per_seed)
assert 0 < story["a"]["object"] < len(per_seed) and 0 < story["b"]["object"] < len(per_seed)
assert story["e"] == {"animal": 0, "object": 0}
print("record ke har seed me: layer 1 me referent noun rokne par animal accuracy ≥ 30% girti hai, aur galat")
print("jawabon me ≥ 80% sentence ke bahar ke wahi-kism ke noun hain; layer 1 me adjective rokne par ≤ 5%;")
print('"was", doosra noun, ya referent ke siwa sab (median ≥ 0.3 attention) rokne par ≤ 2%; dono layers me adjective')
print("rokne par har seed me ek default kism bachti hai (kuch seeds me animal, kuch me object), tooti kism")
print("ke galat jawabon me ≥ 90% doosra noun; kuch seeds me layer 0 akela raasta, kuch me layer 1 bhi;")
print("object adjectives par (a) aur (b) sirf kuch seeds me, (c) har seed me nahi; untrained me kabhi nahi: OK")

# %% [markdown]
# Jo numbers dikhate hain (har line upar ke asserts ya printed numbers se bandhi hai):
#
# * **Sach wala hissa**: animal adjectives par, training ke baad, layer 1 me "it" referent noun ko
#   doosre noun aur adjective se kaafi zyada dekhta hai (a), aur yeh nazar **kaam ki** hai (b):
#   use rokte hi accuracy bahut girti hai, jabki baaki sab words se attention ka bada hissa hatane
#   par ("referent ke siwa sab") accuracy lagbhag nahi girti.
# * **Lekin woh nazar kya laati hai?** Referent rokne par model doosra noun nahi bolta; woh sentence
#   ke bahar ka, **wahi kism** ka noun bolta hai ("tired" → cow). Yani layer 1 ka yeh attention
#   noun ka **naam** copy karta hai; **animal hai ya object, yeh faisla is nazar ke bina ho jaata hai**.
# * **Kism ka faisla kaise?** Adjective ki khabar "it" tak layer 0 ke attention se pahunchti hai, kuch
#   seeds me layer 1 ke apne attention se bhi (table upar). Jab "it" adjective ko kisi layer me seedha
#   nahi dekh sakta, to har seed ek **default kism** bolta hai (kuch seeds animal, kuch object) aur
#   doosri kism ke sentences me doosra noun. Adjective ki zaroorat sirf default se hatne ke liye hai.
# * **Aadha sach wala hissa**: object adjectives par (a) aur (b) sirf kuch seeds me sach hain; seed ke
#   apne sentence par bhi har seed me referent upar nahi (c). Random model me yeh pattern nahi (e).
# * **Aur yaad rakhiye**: haath ka rule (kism wala noun) bina kram aur bina attention ke 100% hai.
#   "Attention cat par gaya" is model ka chuna hua **ek** raasta hai, task ki zaroorat nahi.
# * Sabak: attention weight "model ne kahan dekha" ka **ishaara** hai. "Jawab kahan se aaya" ke liye
#   rok kar (ablation) naapiye, **galat jawab bhi padhiye**, kai seeds par, aur simple baseline ke saath.

# %% [markdown]
# ## Explorer: koi bhi held-out sentence
#
# * Sentence chuniye (sab held-out hain) aur layer chuniye. Upar model ka jawab aur confidence,
#   neeche "it" ki attention: baayen heads ka average, daayen har head alag.
# * Try kijiye: wahi animal/object, alag adjective. Jawab aur attention kaise palatte hain?
#   `layer = 0` aur `layer = 1` ka fark dekhiye. List me har held-out group ke 4 sentences hain,
#   jaise "it was ... when ..." (template 7: "it" position 0 par, jahan training me kabhi nahi tha).

# %%
picks = showcase + [s for group in groups for s in by_group[group][::len(by_group[group]) // 4][:4]
                    if s not in showcase]
sentence_menu = widgets.Dropdown(options=[(f"[{group_of[s]}] {s.text}", s) for s in picks], value=showcase[0],
                                 description="sentence", layout=widgets.Layout(width="520px"))
layer_menu = widgets.Dropdown(options=[0, 1], value=1, description="layer")
tc.explore(lambda sentence, layer: tc.tiny.draw_it_explorer(resolver, maps_fn, sentence, vocab, layer),
           {"sentence": sentence_menu, "layer": layer_menu}, title='"it" kise dekhta hai?')

# %% [markdown]
# ## Quiz

# %%
q4_seed, q4_head, q4_adjective, q4_referent = tc.tiny.strongest_adjective_head(record)
assert q4_adjective >= 0.5 > q4_referent  # quiz ka sawaal record se banta hai
tc.quiz([
    tc.Question(
        "Training ke ek step me `loss.backward()` kya karta hai?",
        ["Weights ko update karta hai",
         "Har weight ka gradient nikaalta hai",
         "Purane gradients ko zero karta hai, taaki naya step saaf shuru ho",
         "Cross-entropy loss ka number nikaalta hai"],
        answer=1,
        explanation="Backward sirf gradients nikaalta hai; weights `optimizer.step()` badalta hai.",
        nudge="Training ke chaar kadam dobara padhiye: loss kaun banata hai, gradient kaun "
              "nikaalta hai, aur weights asal me kaun badalta hai?"),
    tc.Question(
        "Reversal task ke trained model ke attention map me anti-diagonal kyun dikhta hai?",
        ["Positional encoding hamesha anti-diagonal hota hai",
         "Output position i ka jawab input position L−1−i par hai, to woh wahin dekhna "
         "seekhta hai",
         "Random weights ka pattern aisa hi hota hai",
         "Model sequence ko RNN ki tarah peeche se aage (right-to-left) padhta hai"],
        answer=1,
        explanation="Untrained map me yeh pattern nahi tha; training ne task ka rule attention "
                    "me daala.",
        nudge="Pehle-vs-baad wali picture yaad kijiye: untrained map kaisa tha? Aur output "
              "position 0 ka sahi digit input me kahan baitha hai?"),
    tc.Question(
        "Held-out data ka kya faayda hai?",
        ["Held-out examples bhi training me jud jaate hain, to model ko zyada data milta hai",
         "Pata chalta hai ki model ne rule seekha ya sirf training examples yaad kiye",
         "Wahi training examples dobara naap kar accuracy pakki ho jaati hai",
         "Held-out par 100% aate hi pata chal jaata hai ki model ne seekhna band kar diya"],
        answer=1,
        explanation="Jo examples model ne kabhi nahi dekhe, un par sahi jawab = generalisation.",
        nudge="Held-out examples training me kabhi aate hain kya? Jo model ne kabhi dekha hi "
              "nahi, us par sahi jawab kis baat ka saboot hai?"),
    tc.Question(
        f'Record ke seed {q4_seed} me, layer 1 ka head {q4_head} "...the mat because it was tired" me '
        f'"tired" ko {q4_adjective:.2f} attention deta hai aur "cat" ko {q4_referent:.2f}. '
        'Kya jawab "tired" se aa raha hai?',
        ['Haan: jis word par sabse zyada attention, jawab wahi se aata hai',
         "Pakka nahi keh sakte: weight sirf ishaara hai; word ko rok kar (ablation) accuracy "
         "naapni padegi, aur baaki heads bhi dekhne honge",
         "Nahi: attention weights ka jawab se kabhi koi rishta nahi hota",
         "Haan, kyunki ek head poore model ka faisla karta hai"],
        answer=1,
        explanation="Is notebook ke ablation me layer 1 me adjective rokne se accuracy ≤ 5% girti hai, "
                    "referent noun rokne se animal sentences me ≥ 30% (har recorded seed me, assert ke "
                    "saath). Adjective ki khabar layer 0 ke raaste bhi pahunchti hai. Weight aur asar "
                    "alag cheezein hain.",
        nudge='Ablation wala section yaad kijiye: layer 1 me "it" ko adjective dekhne se roka to '
              "accuracy ka kya hua? Aur noun rokne par?"),
    tc.Question(
        "Bag of words (word counts par linear model) 'aadha naya jodaa' par lagbhag 100% sahi hai, "
        "lekin 'poora naya jodaa' par 'pehla noun' (50%) se bhi neeche. Transformer dono par ≥ 95%. "
        "Isse kya seekh milti hai?",
        ["Aadha naya jodaa me doosra noun yeh adjective training me dekh chuka tha, to yaad kaafi "
         "tha; sirf poora naya jodaa dikhata hai ki model ne 'adjective ki kism AUR sentence ka noun' "
         "jodna seekha, jo ek linear model nahi kar sakta",
         "Transformer jeeta kyunki usne words ka kram padha; bina kram ke yeh task ho hi nahi sakta",
         "Bag of words ko aur training chahiye thi; utne hi steps me woh bhi 100% pahunch jaata",
         "Poora naya jodaa ka test galat bana hai: uske sentences training me bhi hain"],
        answer=0,
        explanation="Haath ka rule (kism wala noun) bina kram ke 100% hai, to kram zaroori nahi; "
                    "zaroori hai do cheezon ka mel (interaction). Linear model har word ka alag "
                    "vote jodta hai. Dono groups by construction training se alag hain; fark sirf "
                    "itna hai ki doosre noun ne adjective dekha tha ya nahi.",
        nudge="Baseline table me 'kism wala noun' aur 'bag of words' ko dono groups me dekhiye. Aadha "
              "naya jodaa me kaunsa noun training me is adjective ke saath aaya tha?"),
    tc.Question(
        "Task 2 ka model (num_layers=2, nhead=4) aur 32 sentences, har ek 10 tokens ka. "
        "`attention_maps(resolver, tokens)` ka shape kya hoga?",
        ["(32, 2, 4, 10, 10)",
         "(32, 4, 10, 10)",
         "(32, 2, 10, 10)",
         "(32, 2, 4, 10, 64)"],
        answer=0,
        explanation="(B, layers, heads, L, L): har layer aur har head ka apna map, aur har map me "
                    "har query position (10) ka har key position (10) par weight. d_model (64) "
                    "weights me nahi, attention ke output me hota hai.",
        nudge="Exercise 3 ka docstring padhiye: kaunsi dimensions kis kram me hain, heads "
              "average hue ya nahi, aur ek map ki rows/columns kya hain?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Training = **forward → loss → backward → optimizer step**, baar-baar; `tc.fit` yahi
#   karta hai, progress bar, held-out accuracy aur early stop ke saath.
# * Chhota Transformer (1–2 layers, `d_model = 64`) toy tasks CPU par seconds me seekh leta hai.
# * Reversal: trained attention map me **anti-diagonal** aata hai; untrained me koi pattern nahi.
# * Positional encoding hata do to model order-blind (permutation-equivariant) ho jaata hai:
#   reversal ka exact match lagbhag 0, wahi training ke baad bhi.
# * Exact match sakht hai: random model per-digit ~10% sahi, lekin poore sequence me 0%.
# * "it" → cat/mat: trained model (har recorded seed) un jodon par bhi sahi noun chunta hai jo
#   training me kabhi nahi mile, aur un templates par bhi jahan "it", adjective ya nouns nayi
#   positions par hain. Bag of words bhi purane aur "aadha naye" jodon par lagbhag 100% hai, lekin
#   "poora naye" par pehla-noun rule se bhi neeche. Haath ka rule bina kram ke 100%: kram zaroori
#   nahi, do cheezon ka mel zaroori hai.
# * Seed ki "attention cat par jaayega" baat **aadha sach** hai: animal adjectives par layer 1 me
#   "it" referent noun ko dekhta hai aur use rokne se accuracy girti hai; lekin us nazar se noun ka
#   **naam** aata hai. Animal/object ka faisla adjective se alag hota hai (adjective na dikhe to
#   model ek default kism bolta hai). Object adjectives par aur seed ke apne sentence par yeh har
#   seed me nahi.
# * Attention weight ishaara hai, saboot nahi: rok kar (ablation) naapiye, galat jawab bhi padhiye,
#   kai seeds par, baseline ke saath.
# * Held-out data **by construction** alag rakhiye, aur saaf likhiye ki kya naya hai (aadha ya poora
#   naya jodaa, naya kram ya nayi positions); wahi batata hai ki rule seekha ya ratta maara.

# %% [markdown]
# **Agla notebook:** [06b · Training ki dynamics](06b_training_dynamics.ipynb) →
