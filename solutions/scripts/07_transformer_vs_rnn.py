# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/07_transformer_vs_rnn.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/07_transformer_vs_rnn.ipynb)
#
# # 07 · Transformer vs RNN

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
# * Seed ke "Why Transformer beats RNN" wale chaar daavon ko **naap kar** parakhna, ek-ek experiment se:
#   1. **Long-range memory**: associative recall par barabar parameters ka Transformer vs LSTM: same
#      learning-rate grid, same training steps, 3 seeds, aur test **naye key-sets** par (training se alag,
#      banawat se hi). Pehle zyada pairs, phir pairs aur sawaal ke beech zyada **doori**.
#   2. **Parallel speed**: sequence length badhne par forward+backward time (LSTM vs encoder layer).
#   3. **Gradient flow**: initialisation par last position ka loss, har purani position tak kitna gradient bhejta hai.
#   4. **Keemat (price)**: attention ka time aur memory n² ke saath badhta hai; LSTM kahan behtar hai.
# * **Exercise 1**: associative-recall ka batch generator khud likhna.
# * **Exercise 2**: har position ke liye gradient ka norm naapna.
# * **Exercise 3** (pehle andaaza): LSTM aur Transformer me door ki position tak kitna gradient pahunchta hai.
# * **Exercise 4** (badlaav karke dekhiye): LSTM ka forget gate kholna, aur gradient par asar ka andaaza.
# * Aakhir me ek saaf hisaab: seed ki kaunsi baat **sach** nikli aur kaunsi **aadhi sach**.

# %% [markdown]
# ## Seed ke daave, aur hum unhe kaise parkhenge
#
# | seed ka daava | hamara experiment |
# |---|---|
# | "RNN long sentences me memory lose kar deta hai, transformer nahi" | associative recall: pairs badhaao, aur pairs aur sawaal ke beech doori (0/32/128 filler) badhaao |
# | "poori sequence ek saath process … isse transformer fast hota hai" | forward+backward time vs sequence length |
# | "RNN me gradient vanish aur explode … attention ye problem almost remove kar deti hai" | gradient ka norm vs doori (log scale) |
# | *(seed chup hai)* attention ki keemat | attention ka time aur memory vs n |
#
# * Speed, gradient aur keemat wale numbers yahin **live** naape jaate hain. Aapki machine par
#   numbers thode alag aayenge: isliye timing wale cells ka output test me compare nahi hota, aur
#   jo nateeja number par tikta hai woh **code print karta hai**, numbers dekh kar.
# * Memory ki race lambi hai (3 seeds × 3 learning rates × kai settings, hazaaron steps): woh ek
#   baar `make sweep NAME=recall_race` se chala kar **record** me rakhi hai (machine, versions,
#   seeds ke saath). Notebook record plot karta hai, aur ek chhota hissa **live** chala kar
#   dekhta hai ki record se milta hai.
# * Sab chhote models hain, taaki notebook 2-core CPU par ek minute se kam me chal jaaye.
# * Tiny models ke liye CPU par **1 thread** aksar zyada tez aur stable rehta hai (threads ki aapas
#   ki kheench-taan nahi hoti), isliye neeche `torch.set_num_threads(1)` hai.

# %%
import warnings

import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch

warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad")  # fit() ka loss log
torch.set_num_threads(1)  # chhote models + timing: ek thread = kam shor
print(f"device: {device}, CPU threads: {torch.get_num_threads()}")

# %% [markdown]
# ## 1. Long-range memory: associative recall
#
# ### Intuition
#
# * Sochiye ek chhoti si dictionary padh kar sunai ja rahi hai: "key 3 → value 7, key 12 → value 1,
#   key 5 → value 9, …". Aakhir me sawaal: "**key 12** ki value kya thi?"
# * **RNN/LSTM** sequence ko ek-ek step padhta hai aur sab kuch ek **fixed size ke vector** (hidden
#   state `h`) me daba kar rakhta hai. Jitne zyada pairs, utna zyada daba-daba kar yaad rakhna padega,
#   aur jitni zyada doori, utne zyada steps tak sambhaal kar.
# * **Attention** ko kuch dabaana nahi padta: sawaal wali position (query) seedhe har purani position
#   ki key se match karti hai aur jo match kare uski value utha leti hai. Doori se raasta lamba nahi hota.
# * Yeh abhi **andaaza** hai. Race batayegi ki same shartein par kaun kitna seekhta hai; "kyun"
#   (fixed-size memory? training ki mushkil?) alag se naapna padta hai. Us par aakhir me lautenge.
#
# ### Formula
#
# RNN ki poori yaaddasht ek vector hai, jo har step par overwrite hota hai:
#
# $$h_t = f(h_{t-1}, x_t), \qquad \text{answer} = g(h_L)$$
#
# Attention me last position (query $q$) har position $t$ ko seedha dekhti hai:
#
# $$\text{answer} = g\Big(\sum_{t} \text{softmax}_t\big(q \cdot k_t / \sqrt{d}\big)\, v_t\Big)$$
#
# ### Task ka format
#
# * Har position par ek **(key, value) jodi** hai, jaise dictionary ki ek entry. Input ka shape
#   `(batch, n_pairs + 1, 2)`: `[..., 0]` key ids, `[..., 1]` value ids.
# * Aakhri position par sirf key hai (query); uski value ki jagah ek khaali id `n_values` ("?") hai.
# * Ek sequence me keys alag-alag hain, aur values bhi. Isliye do **chance levels** hain:
#   andha guess = `1/n_values`, aur "sequence me se koi bhi value copy kar do" = `1/n_pairs`.

# %% tags=["nbval-check-output"]
tc.seed_everything(0)
inputs, targets = tc.tasks.make_recall_batch(3, 4, n_keys=16, n_values=16,
                                               generator=torch.Generator().manual_seed(0))
print("inputs:", tuple(inputs.shape), inputs.dtype, "| targets:", tuple(targets.shape))
for row in range(3):
    pairs = ", ".join(f"k{k}→v{v}" for k, v in inputs[row, :-1].tolist())
    print(f"  {pairs}  |  sawaal: k{inputs[row, -1, 0].item()} → ?   jawab: v{targets[row].item()}")
print("chance:", {name: f"{p:.1%}" for name, p in tc.tasks.chance_levels(4, 16).items()})

# %% [markdown]
# ### Exercise 1: recall ka batch generator
#
# * `make_recall_batch(batch_size, n_pairs, n_keys, n_values, generator)` likhiye. Yeh
#   `(inputs, targets)` lautaye:
#   * `inputs`: `(batch_size, n_pairs + 1, 2)`, dtype `torch.long`. Pehli `n_pairs` rows: **alag-alag**
#     keys (`0..n_keys-1`) aur **alag-alag** values (`0..n_values-1`). Aakhri row: un keys me se
#     ek (query) aur value ki jagah `n_values`.
#   * `targets`: `(batch_size,)`, query key ki value.
# * Saari randomness `generator` se aaye, taaki same seed par same batch bane.
# * `n_pairs > n_keys` ya `n_pairs > n_values` par `ValueError` raise kijiye (alag-alag keys banana
#   mumkin hi nahi).
# * Check aapke exact random numbers nahi milata; woh **guarantees** check karta hai (shapes, alag
#   keys, sahi jawab, same seed → same batch). Isliye aap apna tareeka chun sakte hain.
# * Loop ke bina sochiye: har row ke liye random numbers banaiye aur unhe sort karne wale
#   *indices* lijiye: yeh ek random permutation hai (jaise taash phentna). Atke to
#   `tc.hint("make_recall_batch")`.
#
# *Implement · mushkil ●●○ · lagbhag 20 min*

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def make_recall_batch(batch_size, n_pairs, n_keys=16, n_values=16, generator=None):
    """(inputs (B, n_pairs+1, 2), targets (B,)) for associative recall."""
    ### BEGIN SOLUTION
    ### HINT: galat sizes par ValueError; har row me alag keys aur alag values (random, generator
    ### HINT: se); ek pair query ke liye; inputs aur targets upar bataye shapes me. Atke to:
    ### HINT: tc.hint("make_recall_batch").
    if n_pairs > n_keys or n_pairs > n_values:
        raise ValueError(f"n_pairs ({n_pairs}) n_keys ({n_keys}) aur n_values ({n_values}) se zyada nahi ho sakta")
    keys = torch.rand(batch_size, n_keys, generator=generator).argsort(dim=1)[:, :n_pairs]
    values = torch.rand(batch_size, n_values, generator=generator).argsort(dim=1)[:, :n_pairs]
    which = torch.randint(n_pairs, (batch_size, 1), generator=generator)
    query = keys.gather(1, which)
    blank = torch.full_like(query, n_values)
    inputs = torch.stack([torch.cat([keys, query], 1), torch.cat([values, blank], 1)], dim=-1)
    return inputs, values.gather(1, which).squeeze(1)
    ### END SOLUTION

# %%
recall_ok = tc.check_make_recall_batch(make_recall_batch)
make_batch = tc.choose(make_recall_batch, tc.tasks.make_recall_batch, recall_ok)

# %% [markdown]
# ### Imaandaar test: naye key-sets, banawat se hi alag
#
# * Agar test ke sawaal bhi usi generator se, bas doosre seed se banayein, to 2 pairs par kai test
#   sawaal training me pehle hi aa chuke hote hain: 2 pairs par kul alag sawaal sirf
#   16·15 (keys) · 16·15 (values) · 2 (kaunsi key poochhi) = 115,200 hain, jabki 6000 steps × batch 64
#   = 384,000 training sawaal. Tab test "ratta" bhi naap leta hai.
# * Isliye split **banawat se**: sequence ki saari keys ka jod (mod 5, yaani 5 se bhaag dene par sheshfal) tay karta hai ki woh kahan
#   jaayegi: `0` → test, `1` → validation, baaki → train. Training me jo **key-set** (keys ka
#   combination) aaya, woh test me kabhi nahi aata. Har akeli key training me dikhti hai, sirf unke
#   combination naye hain. "Train-split" = woh hissa jisme se training ke sawaal bante hain.
# * **Doori** ke liye `filler` rows: pairs ke baad aur sawaal se pehle kuch "khaali" rows (key id
#   `n_keys`, value blank). Pairs wahi, bas sawaal unse door. Isliye models ko `n_keys + 1` key ids chahiye.
# * Neeche batches **aapke** `make_recall_batch` se bante hain (`tc.tasks.recall_split_batch` use
#   sirf chhaant-ta hai aur filler jodta hai).

# %%
split_gen = torch.Generator().manual_seed(0)
split_batches = {split: tc.tasks.recall_split_batch(2000, 2, split=split, generator=split_gen,
                                                    make_batch=make_batch)
                 for split in ("train", "validation", "test")}
key_sets = {split: {frozenset(row) for row in inputs[:, :2, 0].tolist()}
            for split, (inputs, _) in split_batches.items()}
for split, sets in key_sets.items():
    print(f"{split:10s}: 2000 sawaal, {len(sets):3d} alag key-sets (2 pairs)")
overlap = len(key_sets["train"] & key_sets["test"]) + len(key_sets["train"] & key_sets["validation"])
print("train ke key-sets jo validation/test me bhi aaye:", overlap)
assert overlap == 0
example, answer = tc.tasks.recall_split_batch(1, 2, split="test", filler=3, generator=split_gen,
                                              make_batch=make_batch)
print("filler 3 ke saath ek test sawaal (2 pairs, 3 filler rows (16, 16), phir sawaal):",
      [tuple(r) for r in example[0].tolist()],
      "→ jawab", answer.item())

# %% [markdown]
# ### Do models, barabar parameters
#
# * **Transformer**: pair embedding + sine/cosine positions (notebook 03) + 2 pre-norm `EncoderBlock`
#   (notebook 05, `d_model=32`, 2 heads) + LayerNorm + Linear. Jawab aakhri (query) position se padha jaata hai.
# * **LSTM**: wahi pair embedding + ek `nn.LSTM` + Linear, jawab aakhri hidden state se. Uska
#   `hidden_size` aise chuna gaya hai ki parameters Transformer ke jitne hon (`matched_hidden_size`).
# * LSTM ka forget-gate bias **1** se shuru hota hai (LSTM ke liye maana hua achha init; kyun, yeh
#   Exercise 4 me dikhega). Race LSTM ke saath naainsaafi na kare, isliye. Yeh bias **tune nahi kiya
#   gaya**: race forget bias 1 par chali. Exercise 4 dikhata hai ki bias 3 door ka gradient aur khol
#   deta hai, isliye doori wali race LSTM ke liye **forget bias 3** ke saath bhi chali (apne LR grid
#   ke saath); neeche "Gate khol kar dobara" dekhiye.
# * Jaise "same weight category" ki kushti: taaki jeet size ki wajah se na ho.

# %% tags=["nbval-check-output"]
racers = {name: tc.vs_rnn_race.race_model(name, n_keys=16, n_values=16, d_model=32)
          for name in ("Transformer", "LSTM")}
counts = {name: tc.count_parameters(model) for name, model in racers.items()}
for name, model in racers.items():
    extra = f"(hidden_size = {model.rnn.hidden_size}, forget bias 1)" if name == "LSTM" else "(2 encoder blocks)"
    print(f"{name:12s} {counts[name]:>7,} parameters  {extra}")
print(f"fark: {abs(counts['Transformer'] - counts['LSTM']) / counts['Transformer']:.1%}")

# %% [markdown]
# ### Race ke niyam (dono ke liye ek jaise)
#
# * **Steps, seconds nahi**: har model ko utne hi training steps (batch 64), taaki nateeja machine
#   par nirbhar na kare. Zyada pairs wali race me 6000 steps, doori wali me sirf 2000 (ek tihaai).
# * **Same learning-rate grid** `{1e-3, 3e-3, 1e-2}`: har model ke liye seed 0 par teeno chalte hain,
#   jiski **validation** accuracy sabse achhi (99% chhoo le to jo sabse kam steps le) woh LR jeet-ta hai.
#   Phir seeds 0, 1, 2 usi LR par; report **test** accuracy (naye key-sets).
# * Validation 99% chhoo le to run ruk jaata hai (aage ke steps ke liye uski aakhri accuracy maani jaati hai).
# * Baselines har plot par: andha guess (1/16) aur "sequence ki koi bhi value copy karo" (1/pairs).
#
# Pehle record kholte hain aur dekhte hain ki woh kahan, kaise bana:

# %%
race = tc.records.load_record("recall_race")
print(tc.records.describe_record(race))
race_results = race["results"]
assert race_results["params"] == counts, "record purane models se bana hai: make sweep NAME=recall_race"
print("steps ka budget:", {k: race["config"][k] for k in ("pairs_max_steps", "distance_max_steps")},
      "| LR grid:", race["config"]["lrs"], "| seeds:", race["seeds"])
print()
print("LR grid (seed 0 ki validation accuracy) → chuna gaya LR:")
for line in tc.vs_rnn_race.lr_lines(race_results):
    print(" ", line)

# %% [markdown]
# ### Ek live tukda: pehle 300 steps is machine par dobara bante hain
#
# * Record kisi aur machine par bana ho sakta hai. Isliye yahan ek chhota hissa **live** chalate
#   hain: 2 pairs, seed 0, har model apne chune hue LR par, sirf 300 steps.
# * Live test accuracy record ke teeno seeds ke range me (±0.1) honi chahiye, usi step par.
# * Yeh sirf **shuru ke 300 steps** parakhta hai. Record ka baad wala hissa (LSTM ke hazaaron steps,
#   jahan asli fark dikhta hai) yahan dobara nahi chalta: uske liye record par bharosa hai.

# %%
live = tc.vs_rnn_race.live_slice(race_results, n_pairs=2, max_steps=300, seed=0)
for name, run in live["runs"].items():
    step, accuracy = run["steps"][-1], run["test"][-1]
    recorded = tc.vs_rnn_race.seed_accuracies(race_results["pairs"]["2"], name, step)
    ok = tc.claims.agrees(accuracy, recorded, slack=0.1)
    print(f"{name:11s} step {step:3d}: live test {accuracy:.2f} | record (3 seeds) "
          f"{min(recorded):.2f}–{max(recorded):.2f} → {'milta hai' if ok else 'NAHI milta'}")
    assert ok, "live slice record se nahi milta: record dobara banaiye (make sweep NAME=recall_race)"

# %% [markdown]
# ### Zyada pairs: accuracy vs training steps
#
# * x-axis par steps (log scale), y par **test** accuracy; line = 3 seeds ka mean, patti = min–max.
#   `x` = upar wala live tukda.

# %%
tc.vs_rnn_race.plot_recall_curves(race_results, "pairs", live=live)
plt.show()
for line in tc.vs_rnn_race.summary_lines(race_results, "pairs"):
    print(line)

# %% [markdown]
# ### Zyada doori: pairs aur sawaal ke beech filler
#
# * 2 pairs, aur unke baad 0, 32 ya 128 filler rows, phir sawaal. Sequence ki lambai 3, 35, 131.
# * Same niyam: same LR grid, 3 seeds, lekin budget sirf **2000 steps** (pairs wali race ka ek tihaai).
# * Dhyaan: pairs wali race me LSTM ki curve ~1000+ steps tak "copy" level par atki rehti hai, phir
#   uthti hai (neeche print). To 2000 steps LSTM ke liye chhota budget ho sakta hai.

# %%
tc.vs_rnn_race.plot_recall_curves(race_results, "distance")
plt.show()
for line in tc.vs_rnn_race.summary_lines(race_results, "distance"):
    print(line)
print()
print("LSTM kab 'copy' level (1/pairs) se 0.1 upar utha (pairs wali race bhi, tulna ke liye):")
for line in tc.vs_rnn.plateau_lines(race_results):
    print(" ", line)
print(tc.vs_rnn.transformer_distance_line(race_results))

# %% [markdown]
# ### Gate khol kar dobara: doori wali race, LSTM forget bias 3 ke saath
#
# * Kya LSTM sirf apne forget-gate init ki wajah se haara? Record me doori wali race LSTM ke liye ek baar aur
#   chali: forget-gate bias **3** (Exercise 4 wala "khula gate"), baaki sab wahi: size, data,
#   2000 steps, 3 seeds. LR bhi dobara chuna gaya (wahi grid, seed 0 ki validation), taaki bias 3
#   ko bias 1 wale LR par na phansna pade.
# * Upar ki doori wali tasveer me yeh **hari** line hai. Neeche teeno (bias 1, bias 3, Transformer)
#   ke numbers, aur code se likhe nateeje:

# %%
for line in tc.vs_rnn_race.open_gate_lines(race_results):
    print(line)
print()
# Neeche ka text inhi baaton par tika hai; record badle aur koi baat jhooth ho to yeh cell ruk jaata hai.
gate_facts = tc.vs_rnn_race.open_gate_facts(race_results)
for fact, holds in gate_facts.items():
    print(f"{fact}: {holds}")
assert all(gate_facts.values())

# %% [markdown]
# * **Shayad madad, 3 seeds par pakki nahi**: har filler par bias 3 ka mean bias 1 se upar hai, lekin
#   kitna, yeh filler par nirbhar hai (upar har filler ka mean), aur seeds ke ranges milte hain: kuch
#   seeds par gate khulne se bada fark aaya, kuch par nahi (upar har seed ka number). "Bias 3 behtar
#   hai" kehne ke liye aur seeds chahiye.
# * **Transformer phir bhi aage**: har filler par bias 3 wale LSTM ka har seed Transformer ke har
#   seed se peeche raha, aur sabse lambi doori (128) par bias 3 bhi "koi bhi value copy" tak nahi
#   pahuncha. To "LSTM sirf forget bias ki wajah se haara" is budget aur is LR grid me sahi nahi nikla.
# * Seema: yeh bhi sirf 2000 steps hain, aur jahan bias 3 ka chuna LR grid ke kinare par hai (upar
#   print), wahan chauda grid nateeja badal sakta hai; aur jin seeds ki accuracy aakhri steps me
#   abhi bhi badh rahi thi (upar print), unhe aur steps se fayda ho sakta tha. Forget bias ki poori
#   tuning (1, 2, 3, 5, …) yahan nahi hui.

# %%
tc.vs_rnn_race.plot_recall_final(race_results)
plt.show()
print(tc.vs_rnn.step_budget_line(race_results))
# Neeche ka text inhi baaton par tika hai; record badle aur koi baat jhooth ho jaaye to yeh cell ruk jaata hai.
race_facts = tc.vs_rnn_race.race_facts(race_results)
for fact, holds in race_facts.items():
    print(f"{fact}: {holds}")
assert all(race_facts.values())

# %% [markdown]
# ### Tasveer kya kehti hai (aur kya nahi)
#
# * **Transformer**: har setting aur har seed par kuch sau steps ke andar 99% validation, aur naye
#   key-sets par test ≈ 1. 128 filler ki doori se **final accuracy** par fark nahi, lekin seekhne me
#   zyada steps lage (upar print: filler 0 vs 128). Idea (naapa nahi): query doori se bina ruke
#   sahi key tak pahunch sakti hai.
# * **LSTM (forget bias 1, is init ke saath)**: usi size, usi LR grid aur utne hi steps me kisi bhi
#   setting me 99% tak nahi pahuncha, aur har setting me har seed par Transformer se peeche raha.
# * **Zyada pairs**: LSTM ko Transformer se kai guna zyada steps mile (upar print), phir bhi 8 pairs
#   par woh peeche tha, **aur har seed ki curve abhi bhi upar ja rahi thi** (upar print, har seed). To yahan "yaad nahi rakh sakta"
#   kehna galat hoga; sahi hai "bahut dheere seekhta hai, aur is budget me poora nahi seekha".
# * **Zyada doori** (budget sirf 2000 steps, forget bias 1): 128 filler par LSTM **andhe guess se
#   upar hi nahi utha**; 32 par seeds do hisson me bante (ek seed "copy" level tak, do andhe guess
#   par; print dekhiye). Seed ke "long sentences" wale daave ka yahi sabse seedha test hai, lekin
#   sabse kamzor bhi: pairs wali race me LSTM ~1000+ steps atak kar hi utha tha (upar print).
#   Init ka sawaal upar "gate khol kar dobara" ne naapa: forget bias 3 se LSTM ka mean har filler par
#   upar gaya (kitna, yeh filler aur seed par nirbhar), lekin Transformer se peeche hi raha. Nateeja: "is budget me, bias 1 aur 3
#   dono ke saath, Transformer aage", is se zyada nahi.
# * **Ek surprise (2 pairs)**: LSTM train-split (training wale key-sets) par ~100% sahi, lekin naye key-sets par
#   kam. Training me sirf kuch dozen key-combinations hain; LSTM ne unhe "ratta" mara. Yeh memory ki
#   nahi, **generalisation** ki kami hai, aur test ko banawat se alag rakhne ka fayda bhi yahi hai:
#   purane tareeke (doosre seed se test) me yeh ratta bhi "memory" gina jaata.
# * **Kya nahi dikhata**: "kyun". Fixed-size memory, training ki mushkil (section 3: gradient ki
#   lambi chain) ya naye combinations par generalisation: race inhe alag-alag nahi karti. Memory
#   ka size parakhna ho to baaki sab fix rakh kar sirf `hidden_size` badhaiye; yeh yahan nahi kiya.
# * **Budget ki seema**: jahan LSTM ka chuna LR grid ke kinare par hai (upar LR table), wahan
#   chauda grid ya aur steps use behtar kar sakte hain. Isliye nateeja hai "is budget me", hamesha nahi.
# * Task bhi attention ke haq me hai: exact key match, aur key-value **ek hi position** par. Agar woh
#   alag tokens hon (`k3 v7 k12 v1 … k12 ?`), to Transformer ko pehle har value ke saath "mere se
#   pichhla token (key) kaun tha" jodna seekhna padta (ek layer yeh jode, doosri dhoondhe); woh yahan
#   naapa nahi gaya.

# %% [markdown]
# ## 2. Parallelism: kya Transformer sach me tez hai?
#
# * LSTM me `h_t` banane ke liye `h_{t-1}` chahiye: **n steps ek ke baad ek**, rok nahi sakte.
# * Encoder layer me saare tokens ek saath: $QK^\top$, softmax, $\cdot V$ aur FFN, bas kuch **bade matmuls**.
# * Neeche ek LSTM layer aur ek encoder layer (same `d_model`) ka forward+backward time naapte
#   hain, har length par kai baar chala kar **median** lete hain. CPU par `d_model = 64`, batch 4;
#   GPU par thoda bada (256, batch 16), kyunki wahan bahut chhota model sirf overhead naapta hai.

# %%
d_model, batch_size = (256, 16) if device.type == "cuda" else (64, 4)
speed = tc.vs_rnn.speed_comparison(lengths=(16, 32, 64, 128, 256, 512), d_model=d_model, nhead=4,
                                    batch_size=batch_size, repeats=5, device=device)
tc.vs_rnn.plot_speed(speed)
plt.show()
for n, lstm_s, enc_s, ratio in zip(speed["lengths"], speed["LSTM"], speed["Transformer"], speed["ratio"], strict=True):
    print(f"n = {n:4d}: LSTM {lstm_s * 1e3:7.2f} ms | encoder {enc_s * 1e3:7.2f} ms | LSTM/encoder = {ratio:.2f}")
print()
print("Is machine par nateeja:")
for line in tc.vs_rnn.speed_lines(speed):
    print(" ", line)

# %% [markdown]
# ### Imaandari se padhiye
#
# * Upar ka nateeja **aapki machine** ka hai (code ne numbers dekh kar likha). Kam cores wale CPU
#   par LSTM aksar tez nikalta hai. Yahan `torch.set_num_threads(1)` hai, yaani ek hi thread: parallel
#   haath ka sawaal hi nahi, to fark **kul kaam** aur **code** se aata hai:
#   * kul kaam: `d_model = 64` par LSTM ke parameters (33,280) aur encoder ke FFN (33,088) lagbhag
#     barabar hain, yaani har token par utne hi multiply-add. Encoder ka *extra* kaam attention hai:
#     Q/K/V/output projections (16,640 parameters) aur n × n scores, jo n ke saath n² badhte hain (section 4);
#   * code: PyTorch ka `nn.LSTM` ek optimised C++ loop hai; hamara `EncoderBlock` Python me,
#     seekhne ke liye likha gaya hai, fastest nahi (PyTorch ke fused kernels isse tez hain, lekin n²
#     wahan bhi hai).
# * **GPU par** (yahan naapa nahi gaya): LSTM ke n steps phir bhi **ek ke baad ek** chalte hain,
#   jabki encoder saare tokens ek saath, bade matmuls me karta hai. Kitna fayda hoga, yeh GPU, model
#   ke size, batch aur n par nirbhar hai: bahut chhote model me time kaam "shuru karne" (kernel
#   launch) me jaata hai aur cuDNN ka LSTM bhi bahut tez hai; bade `d_model`/batch par encoder ke
#   bade matmuls GPU ko behtar bharte hain. Apne GPU par yahi cell chalaiye: code wahan ka nateeja
#   likhega, hardware ke naam ke saath (aakhri line).
# * Isliye seed ka "parallel processing se training fast" **aadha sach** hai: LSTM ke n steps ka
#   sequential hona pakka hai (yeh hardware se nahi badalta), lekin "Transformer hamesha tez" har
#   machine aur har size par sach nahi: CPU par upar khud dekhiye.

# %% [markdown]
# ## 3. Gradient flow: gradient kitni door tak pahunchta hai?
#
# ### Intuition
#
# * Training me last position ka loss, har purane input ko "signal" bhejta hai: tumhe kaise badalna hai.
# * RNN me yeh signal **har step par ek matrix se guna** hokar peeche jaata hai. Har guna agar
#   signal ko thoda chhota kare (jaise ×0.5), to 40 steps baad kuch bachta hi nahi: **vanishing**.
#   Bada kare to phat jaata hai: **exploding**.
# * Attention me last position har position se **seedha** juda hai: raaste me koi lambi chain nahi.
#
# ### Formula
#
# RNN me chain rule se:
#
# $$\frac{\partial \mathcal{L}}{\partial x_t} = \frac{\partial \mathcal{L}}{\partial h_L}
#   \Big(\prod_{s=t+1}^{L} \frac{\partial h_s}{\partial h_{s-1}}\Big) \frac{\partial h_t}{\partial x_t}$$
#
# * `L - t` matrices ka product: agar har ek ka "size" $\rho < 1$ ho to gradient $\approx \rho^{\,L-t}$,
#   yaani doori ke saath **exponentially** girta hai. Attention me yeh product hota hi nahi.
#
# ### Exercise 2: har position ka gradient norm
#
# * `gradient_norm_per_position(layer, x)` likhiye. `layer` `(B, L, d)` ko `(B, L, d')` me badalta hai.
# * Loss: sirf **last position** ke output ka jod (ek number).
# * Har position `t` ke liye $\lVert \partial \mathcal{L} / \partial x_{b,t} \rVert$ (feature axis par
#   norm), phir batch par **mean**. Output shape `(L,)`.
# * `x` 3-D na ho to `ValueError` raise kijiye. Atke to `tc.hint("gradient_norm_per_position")`.
#
# *Implement · mushkil ●●○ · lagbhag 15 min*

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def gradient_norm_per_position(layer, x):
    """(L,) tensor: har position t ke liye ‖∂ loss/∂ x[:, t]‖, batch par mean; loss = layer(x)[:, -1].sum()."""
    ### BEGIN SOLUTION
    ### HINT: x 3-D na ho to ValueError; x ki aisi copy jo gradient maange; aakhri position ke
    ### HINT: output se ek loss; input ka gradient; features par norm, batch par mean. Atke to:
    ### HINT: tc.hint("gradient_norm_per_position").
    if x.dim() != 3:
        raise ValueError(f"x 3-D (B, L, d) chahiye, mila {x.dim()}-D")
    x = x.detach().clone().requires_grad_(True)
    loss = layer(x)[:, -1].sum()
    (grad,) = torch.autograd.grad(loss, x)
    return grad.norm(dim=-1).mean(dim=0)
    ### END SOLUTION

# %%
grad_ok = tc.check_gradient_norm_per_position(gradient_norm_per_position)
grad_per_position = tc.choose(gradient_norm_per_position, tc.gradient_norm_per_position,
                              grad_ok)

# %% [markdown]
# ### Exercise 3: pehle andaaza, phir plot
#
# * Ab teen **taaze (untrained)** layers lete hain, sab `d_model = 32`: vanilla RNN (tanh), LSTM,
#   aur ek Transformer encoder layer (pre-norm, self-attention). Input: 64 positions ki random sequence.
# * Plot dekhne se **pehle** andaaza lagaiye: **sabse door** wali position (63 steps peeche) ka
#   gradient norm, **1 step peeche** wali position ke muqable kitna hoga?
#   * `lstm_far_guess`: LSTM ke liye;
#   * `transformer_far_guess`: Transformer encoder layer ke liye.
# * Jawab inme se: `"kam"` (10 guna se bhi chhota), `"barabar"` (10 guna ke andar) ya `"zyada"`
#   (10 guna se bhi bada).
# * Sochne ke liye: LSTM to bana hi vanishing gradient se bachne ke liye tha (1997). Kya yeh
#   **initialisation par**, training se pehle, bhi dikhta hai? Aur attention me raasta kitna lamba hai?
# * Doori 0 (khud last position) ko jaan-bujh kar chhoda hai: uska apna seedha rasta hota hai.
#
# *Predict · mushkil ●○○ · lagbhag 4 min*

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: dono me "kam", "barabar" ya "zyada" likhiye.
lstm_far_guess = "kam"
transformer_far_guess = "barabar"
### END SOLUTION

# %%
layers = tc.flow_layers(d_model=32, nhead=2, seed=0)
norms = tc.vs_rnn.gradient_flow(layers, seq_len=64, batch_size=8, d_model=32, seed=0,
                                 measure=grad_per_position)
far_vs_near = {name: float(v[0] / v[-2]) for name, v in norms.items()}  # doori 63 / doori 1
assert far_vs_near["LSTM"] < 1e-3 and 0.2 < far_vs_near["Transformer"] < 5  # bada margin
tc.check_prediction("lstm_far_gradient", lstm_far_guess, tc.vs_rnn.ratio_word(far_vs_near["LSTM"]))
tc.check_prediction("transformer_far_gradient", transformer_far_guess,
                    tc.vs_rnn.ratio_word(far_vs_near["Transformer"]))

# %% [markdown]
# * Ab tasveer. x-axis = last position se doori, y-axis = gradient norm, **log scale** par.

# %%
tc.vs_rnn.plot_gradient_flow(norms)
plt.show()
for name, ratio in far_vs_near.items():
    print(f"{name:12s} doori 63 / doori 1 = {ratio:.2g}")

# %%
# Pakke facts (course ke reference measurement se, har run me same; asserts unki guarantee hain):
reference_norms = tc.vs_rnn.gradient_flow(layers, seq_len=64, batch_size=8, d_model=32, seed=0)
rnn, lstm, attention = (reference_norms[k] for k in ("vanilla RNN", "LSTM", "Transformer"))
far = attention[:-1]
facts = {
    "vanilla RNN: 63 steps door ka gradient, last position ke 1e-6 se bhi kam": rnn[0] / rnn[-1] < 1e-6,
    "LSTM (init par): 63 steps door ka gradient, last position ke 1e-3 se kam": lstm[0] / lstm[-1] < 1e-3,
    "Transformer: doori 1..63 par gradient lagbhag barabar (max/min < 10)": far.max() / far.min() < 10,
    "Transformer: har purani position ko last position ke ~1/64 jitna, 10x ke andar":
        0.1 / 64 < far.mean() / attention[-1] < 10 / 64,
}
for fact, holds in facts.items():
    print(f"{fact}: {bool(holds)}")
assert all(facts.values())

# %% [markdown]
# ### Kya dikha?
#
# * **Vanilla RNN**: seedhi girti line (log scale par) = exponential vanishing. Kuch dasiyon steps
#   baad gradient practically zero: init par door ki position tak seekhne ka signal pahunchta hi nahi.
# * **LSTM**: initialisation par woh bhi girta hai! Uska fayda training ke dauraan **aa sakta** hai:
#   agar forget gate ≈ 1 seekh le to cell state `c` ek "seedhi sadak" ban jaati hai. Seed ka "LSTM bhi bhool
#   jaata hai" aadha sach hai. (Yeh sadak training se pehle hi khol sakte hain? Exercise 4.)
# * **Transformer**: line **flat** hai: doori 1 ho ya 63, gradient lagbhag barabar (10 guna ke andar, assert). Doori 0 par spike
#   residual connection ki wajah se hai (last token ka apna seedha rasta).
# * **Imaandari**: attention gradient ko doori se nahi ghatata, lekin use n positions me **baant**
#   deta hai (init par har position ko ~1/n). Aur bahut gehre Transformers me vanishing/exploding
#   layers ki gehraai me ho sakta hai; wahan residual + LayerNorm (notebook 05) bachaate hain.
#   To "almost remove" **sequence ki doori** ke liye sach hai, har jagah ke liye nahi.

# %% [markdown]
# ### Exercise 4: LSTM ka forget gate kholiye
#
# * LSTM ki cell state har step par forget gate $f_t$ se guna hoti hai:
#
# $$c_t = f_t \odot c_{t-1} + i_t \odot g_t, \qquad f_t = \sigma(W_f\, x_t + U_f\, h_{t-1} + b_f)$$
#
# * Yaani cell state ke raaste par gradient har step ek factor $f_t$ se guna hota hai (upar wale
#   formula ka $\rho$). Init par bias $b_f$ chhote random numbers hain. Agar $b_f$ bada kar dein to?
# * **Badlaav**: `set_forget_bias(lstm, value)` likhiye. Yeh ek `nn.LSTM` ki **har layer** me forget
#   gate ka bias `value` kar de, aur **baaki sab** (weights, doosre gates ke bias) waisa hi rahe.
#   Layer ko in-place badaliye (naya copy mat banaiye); kuch lautana zaroori nahi.
# * PyTorch ke LSTM ki do baatein (uske docs me likhi hain):
#   * har layer `k` ke **do** bias vectors hain, `bias_ih_l{k}` aur `bias_hh_l{k}`, aur gate me dono
#     **jud kar** lagte hain: "forget gate ka bias" matlab unka jod;
#   * har bias `4 × hidden_size` lamba hai: chaar gates ek ke baad ek, order **i, f, g, o**
#     (input, forget, cell, output).
# * Check aapke `lstm` ke forget gate ka bias (dono ka jod), baaki bias, weights aur output, course ke
#   reference se milata hai.
# * **Andaaza** (`forget_guess`): section 3 wale taaze LSTM me forget bias **3** karne par, **63 steps
#   door** wali position ka gradient, default LSTM ke muqable kitna badlega? Inme se ek:
#   `"kam"` (10 guna se bhi chhota), `"barabar"` (10 guna ke andar), `"thoda zyada"` (10 se 1000
#   guna), `"bahut zyada"` (1000 guna se bhi zyada).
# * Sochne ke liye: σ(0) kitna hai, σ(3) kitna? Dono ko 63 baar guna kijiye.
#
# *Modify · mushkil ●●○ · lagbhag 12 min*

# %%
# ✏️ exercise cell: apna code aur andaaza yahan likhiye (error ho to bhi notebook aage chalega)
def set_forget_bias(lstm, value):
    """nn.LSTM ki har layer me forget gate ka bias (bias_ih + bias_hh) = value; baaki sab waisa hi."""
    ### BEGIN SOLUTION
    ### HINT: har layer ke dono bias vectors me sirf forget gate wala hissa (jod = value),
    ### HINT: parameters ka badlaav autograd ke bahar, aur aakhir me wahi lstm. Atke to:
    ### HINT: tc.hint("set_forget_bias").
    H = lstm.hidden_size
    with torch.no_grad():
        for k in range(lstm.num_layers):
            getattr(lstm, f"bias_ih_l{k}")[H:2 * H] = value
            getattr(lstm, f"bias_hh_l{k}")[H:2 * H] = 0.0
    return lstm
    ### END SOLUTION


### BEGIN SOLUTION
### HINT: "kam", "barabar", "thoda zyada" ya "bahut zyada" likhiye.
forget_guess = "bahut zyada"
### END SOLUTION

# %%
forget_ok = tc.check_set_forget_bias(set_forget_bias)

# %%
forget_ready = tc.ready_to_measure("set_forget_bias", forget_ok, {"forget_bias_gain": forget_guess})
if forget_ready:
    open_lstm = tc.flow_layers(d_model=32, nhead=2, seed=0)["LSTM"]  # wahi taaza LSTM, naya copy
    set_forget_bias(open_lstm.rnn, 3.0)  # aapka badlaav (asli nn.LSTM `.rnn` me hai)
    race_lstm = tc.flow_layers(d_model=32, nhead=2, seed=0)["LSTM"]
    set_forget_bias(race_lstm.rnn, 1.0)  # section 1 ki race wala init
    forget_norms = tc.vs_rnn.gradient_flow(
        {"LSTM (default)": layers["LSTM"], "LSTM (forget bias 1, race)": race_lstm,
         "LSTM (forget bias 3)": open_lstm, "Transformer": layers["Transformer"]},
        seq_len=64, batch_size=8, d_model=32, seed=0, measure=grad_per_position)
    gain = float(forget_norms["LSTM (forget bias 3)"][0] / forget_norms["LSTM (default)"][0])
    assert gain > 1e6  # bada margin: seeds 0-5 par 1e12 se bhi zyada
    tc.check_prediction("forget_bias_gain", forget_guess, tc.vs_rnn.ratio_word(gain, big=1000),
                        gain=gain)

# %%
if forget_ready:
    tc.vs_rnn.plot_gradient_flow(forget_norms, styles={"LSTM (default)": dict(alpha=0.35),
                                         "LSTM (forget bias 1, race)": dict(linestyle="--", alpha=0.7)},
                                 title="Forget bias 3: LSTM ki cell state ka raasta khula")
    plt.show()
    far_vs_last = {name: float(v[0] / v[-1]) for name, v in forget_norms.items()}
    for name, ratio in far_vs_last.items():
        print(f"{name:22s} doori 63 / doori 0 = {ratio:.2g}")
    assert 0.1 < far_vs_last["LSTM (forget bias 3)"] and \
        far_vs_last["LSTM (forget bias 3)"] > 10 * far_vs_last["Transformer"]  # "lagbhag flat", "bada"

# %% [markdown]
# ### Forget gate khola: kya dikha?
#
# * Sirf ek bias badla, aur door ka gradient itna badha ki LSTM ki line lagbhag **flat** ho gayi:
#   cell state ab "seedhi sadak" hai. Isliye log LSTM ka forget-gate bias 1 (ya zyada) se shuru
#   karte hain; Keras me yeh default hai (`unit_forget_bias=True`), PyTorch me nahi. Section 1 ki
#   race me LSTM isi wajah se forget bias 1 se shuru hua tha.
# * Upar ke numbers dekhiye: khule LSTM ka "doori 63 / doori 0" ab Transformer se bhi bada hai
#   (attention gradient ko n positions me baantta hai). To kya bias 3 wala LSTM race jeet jaata?
#   Section 1 ke record me jawab hai ("gate khol kar dobara"): doori wali race me bias 3 se LSTM ka
#   mean upar gaya, lekin seeds ke ranges bias 1 se milte hain, aur Transformer har filler par har
#   seed se aage raha. Door tak gradient ka raasta kholna is race me **kaafi** nahi nikla. Jo pakka hai:
#   * raasta khula hai, lekin saari purani baatein phir bhi **ek fixed-size** vector me jama hoti hain
#     (yeh design ki baat hai; section 1 ki race akele yeh nahi dikhati ki LSTM isi wajah se peeche
#     reha); gradient ka raasta zaroori hai, kaafi nahi;
#   * gate hamesha khula rahe to LSTM purani, bekaar baatein **bhool** bhi nahi paata: isiliye gate
#     seekhne wala hai, fixed nahi;
#   * aur yeh ab bhi ek chain hai: 1000 steps par σ(3)^1000 ≈ 1e-21. Attention me doori se fark nahi padta.

# %% [markdown]
# ### Explorer: weights ko bada-chhota kijiye
#
# * `weight_scale` recurrent weights (RNN/LSTM ka `weight_hh`) ko guna karta hai; attention me
#   query/key weights ko (bada = tez, nukeeli attention).
# * Vanilla RNN par scale 0.5 → 4 kijiye: pehle gradient gayab (vanishing), phir ~3 ke aas-paas
#   lagbhag flat, aur 4 par doori ke saath **badhta** hai (exploding). Grey line default (scale 1) hai.
# * Transformer chuniye: scale badhane par bhi doori ke saath koi trend nahi, bas kuch positions ko
#   zyada gradient milta hai (attention nukeeli ho jaati hai).

# %%
tc.explore(lambda model, weight_scale, seq_len: tc.vs_rnn.draw_gradient_explorer(
               model, weight_scale, seq_len, measure=grad_per_position), {
    "model": widgets.Dropdown(options=["vanilla RNN", "LSTM", "Transformer"], value="vanilla RNN",
                              description="model"),
    "weight_scale": widgets.FloatSlider(value=4.0, min=0.5, max=4.0, step=0.25,
                                        description="weight_scale"),
    "seq_len": widgets.IntSlider(value=48, min=8, max=96, step=8, description="seq_len"),
}, title="Gradient vs doori explorer")

# %% [markdown]
# ## 4. Keemat: attention ka n²
#
# * Attention har query ko har key se milata hai: n tokens → **n × n** scores. Sequence double to
#   kaam aur memory **chaar guna**.
# * Neeche ek self-attention layer (`d_model = 64`, 1 head, batch 1) ka forward time naapte hain,
#   aur memory ke liye uske `(B, H, n, n)` weights tensor ka asli size (`numel × 4 bytes`).
# * Tulna ke liye: LSTM stream padhte waqt sirf `(h, c)` rakhta hai: `2 × d_model` numbers, n chahe jitna ho.

# %%
cost = tc.vs_rnn.attention_cost(lengths=(64, 128, 256, 512, 1024, 2048), d_model=64, nhead=1,
                                 batch_size=1, repeats=3, device=device)
tc.vs_rnn.plot_attention_cost(cost)
plt.show()
for n, seconds in zip(cost["lengths"], cost["seconds"], strict=True):
    print(f"n = {n:5d}: attention forward {seconds * 1e3:8.2f} ms")

# %% tags=["nbval-check-output"]
for n, size in zip(cost["lengths"], cost["weight_bytes"], strict=True):
    print(f"n = {n:5d}: attention weights {size / 2**20:8.3f} MiB")
print(f"LSTM state (h, c), kisi bhi n par: {cost['lstm_state_bytes']} bytes")
growth = cost["weight_bytes"][-1] / cost["weight_bytes"][0]
print(f"n ×{cost['lengths'][-1] // cost['lengths'][0]} → memory ×{growth:.0f} (yaani n²)")

# %% [markdown]
# ### LSTM kahan theek hai (balki behtar)
#
# * **Chhoti sequences**: n chhota ho to n² bhi chhota; kam cores wale CPU par LSTM tez bhi ho sakta
#   hai (section 2 me aapki machine ka nateeja dekhiye).
# * **Streaming / real-time**: audio ya sensor data jo token-by-token aata hai. LSTM har naye token par
#   O(1) kaam karta hai aur O(1) memory (`h, c`) rakhta hai. Transformer ko har naye token par saare
#   purane tokens dekhne padte hain (KV-cache ke saath bhi memory ∝ n).
# * **Bahut lambi sequences, kam memory**: 100k tokens par n² weights = 10¹⁰ numbers per head. Isliye
#   log FlashAttention (n×n matrix kabhi poori memory me nahi banti, lekin kaam phir bhi n²), sparse /
#   linear attention, aur naye recurrent-style models (state-space models jaise Mamba) par kaam karte hain.
# * Training me LSTM ko bhi backward ke liye har step ki activations rakhni padti hain (∝ n); O(1) memory
#   sirf inference/streaming ke liye hai.

# %% [markdown]
# ## Quiz

# %%
tc.quiz([
    tc.Question(
        "Section 1 jaisi race me (barabar parameters, dono ke liye same LR grid, same training "
        "steps, 3 seeds, test naye key-sets par) agar LSTM Transformer se peeche rahe, to usse "
        "sabse theek nateeja kya nikalta hai?",
        ["Saabit ho gaya ki wajah LSTM ki fixed-size memory hai",
         "Inhi shartein par (yeh size, yeh steps, yeh tuning, is init ke saath: forget bias 1) LSTM ne "
         "kam seekha; wajah (memory ka size, training ki mushkil, init, naye key-sets par "
         "generalisation) yeh race alag nahi karti",
         "Kuch nahi: LSTM ka learning rate tune hi nahi hua tha",
         "LSTM ko kam training mili, isliye woh peeche raha"],
        answer=1,
        explanation="Race ne shartein barabar ki (parameters, LR grid, steps, seeds), isse 'kaun "
                    "aage' pata chalta hai, 'kyun' nahi. Fixed-size memory ko parakhne ke liye "
                    "baaki sab fix rakh kar sirf hidden_size badhana padta aur dekhna padta ki "
                    "fark ghat-ta hai ya nahi; yeh is notebook me nahi kiya.",
        nudge="Kisi wajah ko 'saabit' karne ke liye experiment me sirf wahi cheez badalni padti "
              "hai. Race me kya-kya barabar tha, aur kya sirf memory ka size badla gaya?"),
    tc.Question(
        "Maan lijiye CPU par 1 thread ke saath LSTM layer encoder layer se tez nikli. Iska sahi "
        "matlab kya hai?",
        ["Seed galat hai, Transformer kabhi tez nahi hota",
         "Ek thread par fark kul kaam aur code se aata hai (encoder ka extra attention kaam, C++ "
         "nn.LSTM vs Python EncoderBlock); GPU par nateeja alag ho sakta hai, LSTM ke n steps phir "
         "bhi ek ke baad ek",
         "Timing hamesha random hoti hai, kuch nahi keh sakte",
         "LSTM ke n steps bhi GPU par ek saath chal jaate hain, isliye LSTM har jagah tez rahega"],
        answer=1,
        explanation="Ek thread par parallelism ka sawaal hi nahi: encoder ka FFN LSTM jitna kaam "
                    "karta hai, upar se attention (projections + n² scores), aur nn.LSTM optimised "
                    "C++ hai. GPU par (yahan naapa nahi) encoder ka kaam ek saath ho sakta hai; "
                    "LSTM ke n steps har machine par sequential hain.",
        nudge="Socho, LSTM ka step t kis cheez ka intezaar karta hai? Aur CPU vs GPU par ek "
              "saath kaam karne wale 'haath' kitne hote hain?"),
    tc.Question(
        "Vanilla RNN me last position ka gradient 60 steps peeche tak lagbhag zero kyun ho "
        "jaata hai?",
        ["Kyunki learning rate chhota hai",
         "Gradient har step par ek matrix se guna hota hai; har guna use chhota kare to product "
         "exponentially girta hai",
         "Kyunki har time step ke apne alag weights hain, aur purane steps ke weights train hi "
         "nahi hote",
         "Kyunki PyTorch ka RNN backward ko apne aap kuch steps ke baad kaat deta hai "
         "(truncation)"],
        answer=1,
        explanation="Chain rule me L − t Jacobians ka product aata hai; ρ < 1 ho to "
                    "≈ ρ^(L−t).",
        nudge="Section 3 ka formula dekhiye: L − t cheezein aapas me kaise judti hain? Har "
              "factor 1 se thoda chhota ho to 60 baar ke baad kya bachega?"),
    tc.Question(
        "Sequence length 1,000 se 4,000 karne par ek attention layer ke attention weights "
        "(n × n softmax scores) ki memory kitni badhegi?",
        ["4 guna, jitni length badhi",
         "Bilkul nahi: W_Q, W_K, W_V ka size sirf d_model par depend karta hai",
         "16 guna",
         "64 guna, kyunki Q, K aur V teeno n ke saath badhte hain"],
        answer=2,
        explanation="Memory ∝ n²: n ×4 → n² ×16. LSTM ki state memory same rehti hai.",
        nudge="n tokens par kitne scores bante hain? Parameters (W_Q, W_K) aur attention "
              "weights ka fark yaad rakhiye, phir n ko 4 guna karke hisaab lagaiye."),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# **Seed ke claims: kya sach nikla, kya aadha sach**
#
# | seed ka daava | hamara nateeja |
# |---|---|
# | "RNN long sentences me memory lose kar deta hai" | **Is race me sach, lekin aadha**: same parameters, same LR grid, same steps, 3 seeds, naye key-sets: Transformer har setting me ~100%, LSTM (forget bias 1, tune nahi kiya) har setting me peeche, aur 128 filler par (sirf 2000 steps) andhe guess jitna. Forget bias 3 ke saath bhi doori wali race me LSTM har seed par peeche raha (mean upar, lekin 3 seeds ke ranges bias 1 se milte hain). Lekin zyada pairs par LSTM abhi bhi seekh raha tha, aur "kyun" (fixed-size memory?) yeh race saabit nahi karti. |
# | "Poori sequence ek saath … training fast" | **Aadha sach**: LSTM ke n steps hamesha sequential hain; GPU par encoder tez ho sakta hai (yahan naapa nahi). CPU par LSTM tez bhi nikal sakta hai: section 2 me aapki machine ka nateeja. |
# | "Gradient vanish/explode, attention almost remove kar deti hai" | **Sequence ki doori ke liye sach**: RNN ka gradient exponentially gira, attention ka flat. Lekin gradient n positions me bant-ta hai, aur gehraai ki samasya residual + LayerNorm se sulajhti hai. |
# | *(seed chup)* keemat | Attention ke n×n scores: memory **∝ n²** (upar exact ginti), kaam bhi ∝ n²; LSTM ki streaming memory O(1). |
#
# * Transformer ka asli superpower: **kisi bhi doori ki position tak ek seedha rasta** (content se
#   dhoondhna). GPU par parallel training bhi fayda de sakti hai, lekin yahan naapi nahi gayi.
# * LSTM me yeh rasta forget gate se banta hai: init par band (~0.5 har step), bias badha kar khul jaata
#   hai, lekin woh phir bhi ek lambi chain hai aur memory phir bhi ek fixed-size vector. Race
#   ka LSTM bias 1 par tha; doori wali race bias 3 ke saath bhi chali: gate kholne se mean upar
#   gaya, lekin LSTM Transformer se peeche hi raha.
# * Uski keemat: n² compute aur memory. Chhoti sequences, streaming aur kam-memory devices par RNN/LSTM
#   ab bhi samajhdaar choice hain.
# * Har daave ko naap kar dekhiye: hardware, model ka size, steps ka budget, tuning aur seeds likh kar,
#   aur test set training se banawat se alag rakh kar.

# %% [markdown]
# **Agla notebook:** [08 · Decoder aur masking](08_decoder_and_masking.ipynb) →
