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
# * Training loop ke 4 kadam: **forward → loss → backward → optimizer step**, aur course ka
#   chhota `tc.fit` jo yahi baar-baar karta hai (progress bar aur curves ke saath).
# * Pichhle notebooks ke blocks (embedding, positional encoding, multi-head attention, encoder
#   block) jod kar ek **chhota Transformer** banana, jo CPU par seconds me train hota hai.
# * Toy task 1: digits ka sequence **ulta** karna. Training ke baad attention map me ek saaf
#   **anti-diagonal** dikhta hai, jo random model me nahi hota.
# * Toy task 2: seed ka example, sach me: *"the cat sat on the mat because it was tired"* me
#   "it" kaun hai? Hum naapenge ki trained model ka attention kahan jaata hai, word rok kar
#   (ablation) dekhenge ki jawab kis word se aata hai, 5 seeds aur simple baselines ke saath.
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
import collections
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
# * Model har position par ek digit bolta hai (ek **tagger**). Position 0 ka jawab input ki
#   aakhri position par hai, position 1 ka jawab second-last par, ... Yani position $i$ ko
#   position $L-1-i$ ko **dekhna** padega: yeh kaam attention ka hai.
# * **Held-out** data: jin sequences ka checksum $\sum_i (i+1)\,d_i$ 10 se divide hota hai,
#   woh training me kabhi nahi aate (generator unhe hata deta hai). Unhi par test karte hain,
#   taaki pata chale model ne **rule** seekha, ratta nahi maara.
# * Accuracy: **exact match**, yani poora sequence sahi ho tabhi sahi. 8 me se 7 digits sahi = galat.

# %% tags=["nbval-check-output"]
x, y = tc.tasks.reversal_batch(3, generator=torch.Generator().manual_seed(1))
for row_in, row_out in zip(x.tolist(), y.tolist(), strict=True):
    print("input:", row_in, "→ target:", row_out)

test_x, test_y = tc.tasks.reversal_batch(1000, generator=torch.Generator().manual_seed(123),
                                         split="held_out")
train_x, _ = tc.tasks.reversal_batch(5000, generator=torch.Generator().manual_seed(5))
print("held-out set:", tuple(test_x.shape), "| sab held-out?",
      bool(tc.tasks.is_reversal_held_out(test_x).all()),
      "| training batch me koi held-out?", bool(tc.tasks.is_reversal_held_out(train_x).any()))
test_x, test_y = test_x.to(device), test_y.to(device)

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
# * Har step 128 naye random sequences; har 25 steps par 1000 held-out sequences par exact match.
# * `target_accuracy=1.0`: jaise hi held-out par 100% aaya, training ruk jaati hai.
# * Time aur accuracy neeche **isi run me naape** jaate hain (aapki machine par alag ho sakte hain).

# %%
tc.seed_everything(0)
batch_generator = torch.Generator().manual_seed(0)


def make_reversal_batch(step):
    inputs, targets = tc.tasks.reversal_batch(128, generator=batch_generator)
    return inputs.to(device), targets.to(device)


reversal_history = tc.fit(
    reverser, make_reversal_batch, steps=1500, lr=3e-3,
    evaluate=lambda model: accuracy_fn(model(test_x), test_y),
    eval_every=25, target_accuracy=1.0, desc="reversal")
print(f"Reversal: {reversal_history.steps[-1]} steps, {reversal_history.seconds:.1f} s, "
      f"held-out exact-match {reversal_history.final_accuracy:.1%}")
tc.plotting.plot_history({"reversal": reversal_history})
plt.show()

# %% [markdown]
# * Loss log scale par hai: 2.3 (andaaza) se shuru hokar tezi se girta hai.
# * Accuracy curve pehle zero ke paas rehti hai (exact match sakht hai: 8 me se 8 sahi chahiye),
#   phir achanak upar jaati hai.

# %% tags=["nbval-check-output"]
reversal_accuracy = tc.exact_match_accuracy(reverser(test_x), test_y)
assert reversal_accuracy >= 0.99, reversal_accuracy
print("reversal exact-match ≥ 99% (1000 held-out sequences): OK")

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

# %% tags=["nbval-check-output"]
anti = torch.arange(8).flip(0)
trained_mass = maps_fn(reverser, test_x)[:, 0, 0][:, torch.arange(8), anti].mean().item()
untrained_mass = maps_fn(untrained_reverser, test_x)[:, 0, 0][:, torch.arange(8), anti].mean().item()
assert 0.95 > trained_mass > 0.5 > 0.2 > untrained_mass
print("anti-diagonal par attention: trained 0.5 se 0.95 ke beech, untrained < 0.2: OK")

# %%
print(f"anti-diagonal par average attention: untrained {untrained_mass:.2f}, trained {trained_mass:.2f}")

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
        evaluate=lambda model: accuracy_fn(model(test_x), test_y),
        eval_every=25, target_accuracy=1.0, desc="reversal, bina positions")
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
# * Corpus: 6 animals × 6 objects × 10 adjectives × 8 templates = 2880 sentences, sab 10 words ke.
#   * "it" kabhi **position 7** par hai, dono nouns ke baad (*"the cat sat on the mat because it
#     was tired"*), kabhi **position 1** par, nouns se pehle (*"when it was tired the cat sat on
#     the mat"*). Har tarah me kuch templates me animal pehle aata hai, kuch me object, taaki
#     sirf position dekh kar jawab na mile.
#   * "it" kaun hai, yeh **sirf adjective** tay karta hai. Model ko "it" ki position par us noun
#     ka naam bolna hai.
# * **Held-out, by construction** (generator khud alag karta hai, kismat se nahi):
#   * **naya jodaa**: har noun ka ek (noun, adjective) jodaa training ke kisi sentence me kabhi
#     saath nahi aata. Seed wale "cat + tired" aur "mat + soft" bhi inme hain.
#   * **naya template**: 8 me se 2 templates kabhi train nahi hote; unme words naye kram me aate
#     hain (jaise *"the dog was under the box"*: training me "was under" ke pehle hamesha object hota hai).
#   * **dono naye**: naya jodaa, naye template me.
#   * Har word training me aata hai, aur "it" ki dono positions (1 aur 7) bhi. Bilkul nayi position
#     par "it" hum test nahi karte.

# %% tags=["nbval-check-output"]
it_train, it_test = tc.tasks.it_split()
vocab = tc.tasks.it_vocab()
held_pairs = tc.tasks.held_out_pairs()
it_groups = collections.Counter(tc.tasks.it_novelty(s, held_pairs) for s in it_test)
print("train:", len(it_train), "| held-out:", len(it_test), dict(it_groups), "| vocab:", len(vocab), "words")
print("held-out jode:", ", ".join(f"{noun}+{adjective}" for noun, adjective in sorted(held_pairs)))
assert not any((s.referent, s.adjective) in held_pairs for s in it_train)  # by construction
assert all(s.template < len(tc.tasks.TEMPLATES) for s in it_train)
for group in ("naya jodaa", "naya template", "dono naye"):
    s = next(s for s in it_test if tc.tasks.it_novelty(s, held_pairs) == group)
    print(f"  [{group:<13}] {s.text:<50} → it = {s.referent}")
train_tokens, train_targets = tc.tasks.encode_it(it_train, vocab)
test_tokens, test_targets = tc.tasks.encode_it(it_test, vocab)
print("tokens:", tuple(test_tokens.shape), "| har sentence me target sirf 'it' ki position par (1 ya 7)")
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
#   budget barabar ho. Accuracy 100% hone ke baad bhi loss girta rehta hai: neeche print hota hai.

# %%
resolver = tc.tiny.make_it_resolver(len(vocab), seed=0).to(device)
untrained_resolver = copy.deepcopy(resolver)
it_history = tc.tiny.train_it_resolver(
    resolver, train_tokens, train_targets, seed=0,
    evaluate=lambda model: tc.token_accuracy(model(test_tokens), test_targets))
first_full = next((step for step, acc in zip(it_history.eval_steps, it_history.accuracies,
                                              strict=True) if acc == 1.0), None)
print(f'"it" resolution: {it_history.steps[-1]} steps, {it_history.seconds:.1f} s, '
      f"held-out accuracy {it_history.final_accuracy:.1%} ({len(it_test)} sentences)")
assert first_full is not None and it_history.losses[-1] < it_history.losses[first_full - 1]
print(f"pehli baar 100%: step {first_full}; loss us step par {it_history.losses[first_full - 1]:.4f}, "
      f"aakhir me {it_history.losses[-1]:.4f} (100% ke baad bhi gira)")
tc.plotting.plot_history({'"it" → noun': it_history})
plt.show()

# %% tags=["nbval-check-output"]
it_accuracy = tc.tiny.it_accuracy_by_group(resolver, it_train + it_test, vocab)
assert min(it_accuracy[group] for group in it_groups) >= 0.95, it_accuracy
print("held-out accuracy ≥ 95% har group me (naya jodaa, naya template, dono naye): OK")

# %% [markdown]
# ### 5 seeds ka record, aur baselines
#
# * Ek seed ek kahani hai. Isliye yahi experiment (wahi data, wahi 300 steps, wahi learning rate)
#   **5 seeds** par `make sweep NAME=tiny_it_seeds` se chala kar record me rakha hai; notebook
#   upar wala seed 0 live chalata hai aur neeche check karta hai ki woh record se mel khaata hai.
# * **Baselines**: wahi training sentences se seekhe gaye sabse simple rules, jinhe attention
#   nahi chahiye:
#   * *sabse aam noun*: hamesha wahi noun jo training me sabse zyada baar jawab tha;
#   * *sirf adjective*: har adjective ke liye training ka sabse aam jawab (ek lookup table);
#   * *pehla noun*: sentence me jo noun pehle aaye;
#   * *bag of words*: word counts par ek linear model: na kram, na attention.

# %%
it_record = tc.records.load_record("tiny_it_seeds")
print(tc.records.describe_record(it_record))
by_group = {group: [s for s in it_test if tc.tasks.it_novelty(s, held_pairs) == group]
            for group in it_groups}
it_base = tc.tiny.it_baselines(it_train, by_group, vocab)
rules = list(next(iter(it_base.values())))
print(f"\n{'held-out group':<14} | {'model (seed 0)':>14} | {'model, 5 seeds (record)':>24} | "
      + " | ".join(f"{r:>14}" for r in rules))
for group in ("naya jodaa", "naya template", "dono naye"):
    recorded = tc.tiny.over_seeds(it_record, "accuracy", group)
    print(f"{group:<14} | {it_accuracy[group]:>14.1%} | {tc.claims.mean_range(recorded):>24} | "
          + " | ".join(f"{it_base[group][r]:>14.1%}" for r in rules))
one_layer = tc.tiny.over_seeds(it_record, "one_layer_accuracy", "naya jodaa")
print(f"\n1-layer model, naya jodaa: {tc.claims.mean_range(one_layer)} "
      f"(2 layers: {tc.claims.mean_range(tc.tiny.over_seeds(it_record, 'accuracy', 'naya jodaa'))})")

# %% [markdown]
# * *Pehla noun* 50% par hai by construction (har template me aadhe adjectives ka jawab pehla noun
#   hai, aadhon ka doosra), aur *sirf adjective* naye jodon par kuch nahi kar sakta: wahan har
#   adjective ka sahi noun training me us adjective ke saath kabhi aaya hi nahi.
# * Lekin **bag of words** ko dekhiye (number upar): yeh task kram aur attention ke bina bhi hal
#   ho sakta hai, kyunki jawab = "sentence ka woh noun jo adjective ki kism ka hai". To held-out
#   par ~100% accuracy sirf itna batati hai ki model ne **rule** seekha, ratta nahi maara. Yeh
#   **nahi** batati ki attention "cat" ko dhoondh raha hai. Woh alag se naapna padega: aage.

# %% [markdown]
# ### "it" kise dekhta hai? Adjective ki kism ke hisaab se, trained vs untrained
#
# * Saare held-out sentences par average, **aakhri layer** (layer 1), har head alag aur 4 heads
#   ka average. Baayen: animal wale adjective (jawab = animal), daayen: object wale (jawab = object).
# * Hara = **referent noun** (jise "it" kehta hai: "tired" me cat, "soft" me mat), grey = doosra
#   noun, naranji = adjective.

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
    for seed_result in it_record["results"]["per_seed"].values():  # har recorded seed me bhi
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
# * Dono sentences held-out hain ("cat + tired" aur "mat + soft" naye jode hain). Fark sirf aakhri
#   word ka hai.
# * Upar layer 0, neeche layer 1; har bar = "it" ki attention, 4 heads ka average. Hara = referent
#   noun, naranji = adjective, laal = "it" khud.

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
#   isi sentence par heads "tired" ko zyada dekh sakte hain (record me hai; aakhri faisle me gina jaata hai).
# * Role ke hisaab se average, dono layers, sab held-out sentences par:

# %%
print(tc.tiny.format_it_roles(tc.tiny.it_attention_by_role(maps_fn(resolver, test_tokens), it_test)))

# %% [markdown]
# ### Weight se aage: rok kar dekhiye (ablation)
#
# * Attention weight batata hai "it" ne **kahan dekha**, yeh nahi ki jawab **usi se aaya**. Seedha
#   test: layer 1 me "it" ki query ko ek word dekhne se **rok do** (us key ka score −∞; softmax
#   baaki words me attention baant deta hai). Baaki sab waisa hi. Phir held-out accuracy dobara naapo.
# * Kise rokte hain: referent noun, adjective, dono saath, doosra noun, aur **control** ke liye
#   "was" (jo har sentence me "it" ke theek baad aata hai: koi bhi word rokne ka asar kitna hai?).
# * Accuracy bahut gire → model layer 1 me us word ko sach me **use** karta hai. Na gire → ya to use
#   nahi karta, ya wahi khabar kisi aur raaste se bhi pahunchti hai (jaise layer 0 ke zariye).
# * Bars = 5 seeds ka average (record), kaali line = seeds ki range, laal dot = upar wala live seed.

# %%
live_ablation = tc.tiny.it_ablation(resolver, it_test, vocab)
tc.tiny.plot_it_ablation(it_record, live_ablation)
plt.show()
print(f"{'layer 1 me roka':<28} | {'animal adj (seed 0)':>19} | {'object adj (seed 0)':>19}")
for block, label in tc.tiny.BLOCKS.items():
    print(f"{label:<28} | {live_ablation[block]['animal']:>19.1%} | {live_ablation[block]['object']:>19.1%}")
layer0 = tc.tiny.over_seeds(it_record, "ablation_layer0", "adjective", "animal")
print("\nrecord: layer 0 me 'it' ko adjective se roka, animal adj accuracy, seed 0…4:",
      ", ".join(f"{a:.2f}" for a in layer0))

# %% [markdown]
# Live seed record se mel khaata hai? (Record badle ya code badle, to yahan pata chalega.)

# %%
live_vs_record = {
    "held-out accuracy, naya jodaa": (it_accuracy["naya jodaa"], ("accuracy", "naya jodaa")),
    "referent roka, animal adj": (live_ablation["referent"]["animal"], ("ablation", "referent", "animal")),
    "adjective roka, animal adj": (live_ablation["adjective"]["animal"], ("ablation", "adjective", "animal")),
    "referent roka, object adj": (live_ablation["referent"]["object"], ("ablation", "referent", "object")),
}
for name, (live, path) in live_vs_record.items():
    recorded = tc.tiny.over_seeds(it_record, *path)
    agree = tc.claims.agrees(live, recorded, slack=0.1)
    print(f"{name:<30} live {live:.2f} | record {tc.claims.mean_range(recorded)} | "
          f"{'mel khaata hai' if agree else 'MEL NAHI KHAATA'}")
    assert agree, (name, live, recorded)

# %% [markdown]
# ### Faisla: seed ki baat kitni sach hai?
#
# * Paanch sawaal, seed ke apne example (animal adjective, "tired" → cat) ke liye, har seed par alag se:
#   * **(a)** trained, layer 1: average par "it" referent noun ko doosre noun aur adjective, dono se
#     kam se kam 1.5 guna dekhta hai?
#   * **(b)** trained, layer 1: referent noun ko rokne par accuracy kam se kam 30% girti hai (yani
#     model use sach me use karta hai)?
#   * **(c)** trained, layer 1: seed ke **apne** sentence par heads ka average "cat" par "tired" se zyada hai?
#   * **(d)** trained, **layer 0**: (a) wali baat?
#   * **(e)** **untrained** model, layer 1: (a) wali baat?
# * Har sawaal ke liye: sab seeds "haan" → *sach*; koi nahi → *galat*; beech me → *aadha sach*.
#   Aakhri line sab sawaalon ko milakar. Faisla code likhta hai, record ke numbers se.

# %%
print(tc.tiny.it_story(it_record))

# %% tags=["nbval-check-output"]
per_seed = list(it_record["results"]["per_seed"].values())
drops = {(block, kind): [r["ablation"]["none"][kind] - r["ablation"][block][kind] for r in per_seed]
         for block in tc.tiny.BLOCKS for kind in tc.tiny.KINDS}
story = tc.tiny.it_story_tests(it_record)
assert min(drops[("referent", "animal")]) >= 0.3       # har seed: referent rokna mehnga
assert max(drops[("adjective", "animal")]) <= 0.05     # har seed: adjective rokna (layer 1) sasta
layer0_adjective = [r["ablation_layer0"]["adjective"]["animal"] for r in per_seed]
assert max(layer0_adjective) >= 0.9 and min(layer0_adjective) <= 0.5  # layer 0: seed pe tika
assert max(max(drops[(block, kind)]) for block in ("control", "other") for kind in tc.tiny.KINDS) <= 0.02
assert max(drops[("referent", "object")]) - min(drops[("referent", "object")]) >= 0.2  # seed pe tika
assert any(both > alone + 0.2 for both, alone in zip(drops[("referent+adjective", "object")],
                                                      drops[("referent", "object")], strict=True))
assert story["a"] == story["b"] == len(per_seed) and story["d"] == story["e"] == 0 < story["c"] < len(per_seed)
print("record ke har seed me: animal adjective par layer 1 me referent noun rokne se accuracy ≥ 30% girti hai;")
print('adjective rokne se ≤ 5%; "was" ya doosra noun rokne se ≤ 2%. Layer 0 me "it" ko adjective se')
print("rokne par animal accuracy kisi seed me ≥ 90% rehti hai, kisi me ≤ 50% reh jaati hai;")
print("object adjective par referent rokne ka asar seed ke saath ≥ 20 points badalta hai: OK")
print("faisla: (a), (b) har seed me; (c) kuch seeds me; (d), (e) kisi me nahi: OK")

# %% [markdown]
# Jo numbers dikhate hain (har line upar ke asserts ya printed numbers se bandhi hai):
#
# * **Sach wala hissa**: animal wale adjectives me, training ke baad, layer 1 me "it" referent noun
#   ko doosre noun aur adjective se kaafi zyada dekhta hai (a), aur yeh nazar **kaam ki** hai (b):
#   use rokte hi accuracy bahut girti hai, jabki ek aur word ("was") ya doosra noun rokne se kuch
#   nahi hota.
# * **Adjective**: layer 1 me "it" ko adjective dekhne se rokne par animal wale sentences ki
#   accuracy lagbhag nahi girti: adjective ki khabar layer 1 se **pehle** pahunch chuki hoti hai.
#   Kaise, yeh seed pe tika hai: kisi seed me "it" khud layer 0 me adjective dekhta hai (wahan
#   rokne se accuracy dhadaam se girti hai), kisi me rokne se kuch nahi hota, yani khabar kisi
#   aur raaste (jaise nouns ke through) aati hai. Ek seed ki attention map se yeh pata nahi chalta.
# * **Aadha sach wala hissa**: seed "attention" ki baat aise karta hai jaise yeh khud ho jaata ho.
#   Random model me nahi hota (e); trained model ki layer 0 me nahi hota (d); seed ke apne sentence
#   par har seed me "cat" upar nahi hota (c); aur object wale adjectives me referent rokne ka asar
#   seed ke saath bahut badalta hai (kuch seeds me khabar adjective ke raaste bhi aati hai: dono
#   saath rokne par accuracy aur zyada girti hai).
# * **Aur yaad rakhiye**: bag-of-words baseline bhi yeh task hal kar leta hai. "Attention cat par
#   gaya" is model ka chuna hua **ek** raasta hai, task ki zaroorat nahi.
# * Sabak: attention weight "model ne kahan dekha" ka **ishaara** hai. "Jawab kahan se aaya" ke liye
#   rok kar (ablation) naapiye, kai seeds par, aur kisi simple baseline ke saath.

# %% [markdown]
# ## Explorer: koi bhi held-out sentence
#
# * Sentence chuniye (sab held-out hain) aur layer chuniye. Upar model ka jawab aur confidence,
#   neeche "it" ki attention: baayen heads ka average, daayen har head alag.
# * Try kijiye: wahi animal/object, alag adjective. Jawab aur attention kaise palatte hain?
#   `layer = 0` aur `layer = 1` ka fark dekhiye. Naye template wale sentences ("when it was ..."
#   me "it" position 1 par hai) bhi list me hain.

# %%
picks = showcase + [s for s in it_test if s not in showcase][::48][:22]
sentence_menu = widgets.Dropdown(options=[(s.text, s) for s in picks], value=showcase[0],
                                 description="sentence", layout=widgets.Layout(width="520px"))
layer_menu = widgets.Dropdown(options=[0, 1], value=1, description="layer")
tc.explore(lambda sentence, layer: tc.tiny.draw_it_explorer(resolver, maps_fn, sentence, vocab, layer),
           {"sentence": sentence_menu, "layer": layer_menu}, title='"it" kise dekhta hai?')

# %% [markdown]
# ## Quiz

# %%
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
        'Trained "it" model ki layer 1 me ek head "tired" wale sentence me "tired" ko 0.97 '
        'attention deta hai aur "cat" ko lagbhag 0. Kya jawab "tired" se aa raha hai?',
        ['Haan: jis word par sabse zyada attention, jawab wahi se aata hai',
         "Pakka nahi keh sakte: weight sirf ishaara hai; word ko rok kar (ablation) accuracy "
         "naapni padegi, aur baaki heads bhi dekhne honge",
         "Nahi: attention weights ka jawab se kabhi koi rishta nahi hota",
         "Haan, kyunki ek head poore model ka faisla karta hai"],
        answer=1,
        explanation="Is notebook ke ablation me layer 1 me adjective rokne se animal sentences ki "
                    "accuracy lagbhag nahi girti, referent noun rokne se bahut girti hai (har "
                    "recorded seed me, assert ke saath). Weight aur asar alag cheezein hain.",
        nudge='Ablation wala section yaad kijiye: layer 1 me "it" ko adjective dekhne se roka to '
              "accuracy ka kya hua? Aur noun rokne par?"),
    tc.Question(
        "Bag-of-words model (word counts par linear, bina kram, bina attention) bhi held-out "
        'sentences par "it" ka noun lagbhag 100% sahi bolta hai. Isse kya seekh milti hai?',
        ["Transformer ne kuch nahi seekha",
         "Held-out accuracy akele yeh saabit nahi karti ki attention \"cat\" ko dhoondh raha hai; "
         "model ke andar kya hota hai, woh alag se naapna padta hai",
         "Bag-of-words hamesha Transformer jitna accha hota hai",
         "Held-out set galat bana hai, usme training ke sentences hain"],
        answer=1,
        explanation='Is task ka jawab = "sentence ka woh noun jo adjective ki kism ka hai": '
                    "kram ke bina bhi nikalta hai. Accuracy batati hai ki rule seekha; kaise "
                    "seekha, yeh ablation batata hai. Held-out set by construction alag hai.",
        nudge="Baseline table dekhiye: bag of words ko kya pata hota hai aur kya nahi? Aur "
              "held-out jode training me kabhi aaye the?"),
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
# * "it" → cat/mat: trained model naye (noun, adjective) jodon aur naye templates par bhi sahi
#   noun chunta hai; lekin ek bag-of-words baseline bhi yeh kar leta hai, to accuracy akele
#   attention ki kahani saabit nahi karti.
# * Seed ki "attention cat par jaayega" baat **aadha sach** hai: training ke baad, layer 1 me,
#   animal adjectives par "it" referent noun ko dekhta hai aur use rokne se accuracy girti hai;
#   random model me, layer 0 me, ya har seed ke har sentence par aisa nahi.
# * Attention weight ishaara hai, saboot nahi: rok kar (ablation) naapiye, kai seeds par, baseline ke saath.
# * Held-out data **by construction** alag rakhiye (naye jode, naye templates); wahi batata hai ki
#   rule seekha ya ratta maara.

# %% [markdown]
# **Agla notebook:** [07 · Transformer vs RNN](07_transformer_vs_rnn.ipynb) →
