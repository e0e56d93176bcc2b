# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/06b_training_dynamics.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/06b_training_dynamics.ipynb)
#
# # 06b · Training ki dynamics

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
# * Notebook 06 me humne model train kiya aur dekha **kya** seekha. Yahan dekhenge training **kaise**
#   chalti hai: learning rate ka schedule, overfitting, gradient clipping, label smoothing.
# * **Warmup + decay** wala learning-rate schedule khud likhna (`lr_at`, exercise + check), uski
#   picture, aur ek explorer jisme sliders se schedule badalta hai.
# * Notebook 05 ka **post-norm** encoder, tez learning rate par, **warmup ke saath aur bina** (5 seeds
#   ka record + ek live run): bina warmup ka schedule khud likhna aur nateeja pehle andaaza lagana
#   (Modify exercise).
# * **Overfitting**: sirf 48 training sequences, bahut saare steps. Train loss, test loss **aur** test
#   accuracy ek saath (5 seeds ka record); **early stopping** (validation par step chuna, test par
#   report) aur **dropout** kitna bachaate hain, aur kis metric par.
# * **Gradient clipping** haath se likhna (`clip_grad_norm`, PyTorch ke `clip_grad_norm_` se match),
#   aur tez learning rate par clipping ke saath/bina gradient norm har step par.
# * **Label smoothing**: model ke confidence, accuracy aur **calibration** (ECE) par kya asar hota
#   hai (pehle andaaza, phir 3 seeds par naap).

# %% [markdown]
# ## Training ki dynamics: intuition
#
# * Training ek pahadi raaste se neeche utarna hai, aankh band karke: har step par sirf paas ki
#   dhalaan (gradient) pata hai. **Learning rate** = ek kadam kitna bada.
# * Shuru me model random hai, gradients ajeeb aur bade ho sakte hain. Isliye pehle chhote kadam
#   (**warmup**), phir poore, aur aakhir me dheere-dheere chhote (**decay**), taaki model kisi
#   achhi jagah par tik jaaye.
# * Kabhi ek gradient bahut bada aa jaata hai aur ek hi kadam sab bigaad deta hai: **gradient
#   clipping** kadam ki lambai par ek limit lagata hai.
# * Model training data **ratt** (memorise) bhi sakta hai: train loss girta rahe, lekin naye data
#   (held-out) par loss badhne lage. Yeh **overfitting** hai. Ilaaj: sahi waqt par rukna (**early
#   stopping**) ya **dropout**.
# * **Label smoothing** model ko sikhaata hai ki 100% pakka mat bano: target me sahi class ko
#   poora 1 nahi, thoda kam milta hai.
# * Har baat yahan ek chhote task par **naapi** jaayegi: notebook 06 ka digit reversal (8 digits ulte
#   karna), held-out set checksum se alag (training me kabhi nahi aata).

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch

D = tc.dynamics  # is notebook ke experiments aur pictures

# %% [markdown]
# ## 1. Learning-rate schedule: warmup, phir decay
#
# * Hum ek **peak** learning rate chunte hain, aur `total` steps ki training.
# * **Warmup** (pehle `warmup` steps): LR 0 se peak tak seedhi line me chadhta hai:
#
# $$\text{lr}(s) = \text{peak}\cdot\frac{s}{\text{warmup}}, \qquad s < \text{warmup}$$
#
# * **Cosine decay** (baaki steps): peak se 0 tak, cosine ke aadhe chakkar ki tarah. Pehle dheere
#   girta hai, beech me tez, aakhir me phir dheere:
#
# $$p = \frac{s - \text{warmup}}{\text{total} - \text{warmup}}, \qquad
#   \text{lr}(s) = \text{peak}\cdot\tfrac12\big(1 + \cos(\pi p)\big)$$
#
# * `total` ke baad LR 0 rehta hai (p ko 1 par rok dijiye).
# * Paper ("Attention Is All You Need") ka schedule thoda alag tha: warmup ke baad LR
#   $1/\sqrt{\text{step}}$ ki tarah girta hai, kabhi 0 nahi hota. Aaj kal cosine bahut common hai.
#   Dono picture me neeche hain.

# %% [markdown]
# ### Exercise: `lr_at(step, warmup, total, peak)`
#
# *Implement · mushkil ●●○ · lagbhag 12 min*
#
# * Input: `step` (0 se shuru), `warmup`, `total` (ints), `peak` (float). Output: us step ka LR, ek float.
# * Edge cases jo check dekhega: step 0 par LR 0 (jab warmup > 0), `step = warmup` par peak,
#   `step = total` par 0, total ke baad bhi 0, aur warmup 0 ho to step 0 par hi peak.
# * Galat input par `ValueError`: `warmup >= total`, `step < 0`, ya `peak <= 0`.
# * Atke to `tc.hint("lr_at")`: har baar ek level aage.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
import math


def lr_at(step, warmup, total, peak):
    """Step `step` par learning rate: linear warmup 0 → peak, phir cosine decay peak → 0."""
    ### BEGIN SOLUTION
    ### HINT: pehle galat input roko (ValueError). Warmup ke andar LR seedhi line me chadhta hai;
    ### HINT: uske baad cosine decay ka progress (0 se 1, 1 par ruka hua). Atke to: tc.hint("lr_at").
    if step < 0 or warmup < 0 or warmup >= total or peak <= 0:
        raise ValueError(f"galat input: step={step}, warmup={warmup}, total={total}, peak={peak}")
    if step < warmup:
        return peak * step / warmup
    progress = min(1.0, (step - warmup) / (total - warmup))
    return peak * 0.5 * (1 + math.cos(math.pi * progress))
    ### END SOLUTION

# %%
lr_ok = tc.check_lr_at(lr_at)
lr_fn = tc.choose(lr_at, tc.lr_at, lr_ok)

# %% [markdown]
# * Ab picture: 200 steps, warmup 20, peak `1e-3`. Neeli line aapka (ya reference) `lr_fn`; dotted
#   grey line paper wala $1/\sqrt{\text{step}}$ schedule, usi peak par.

# %% tags=["nbval-check-output"]
D.plot_schedule(lr_fn, warmup=20, total=200, peak=1e-3)
plt.tight_layout()
plt.show()
print(D.schedule_table(lr_fn, 20, 200, 1e-3))

# %% [markdown]
# ### Explorer: warmup aur peak badal kar dekhiye
#
# * Sliders: **warmup** steps, **peak** LR, **total** steps. Sirf schedule ki picture badalti hai,
#   koi training nahi hoti, isliye turant.
# * Try kijiye: warmup 0 (pehle step se hi peak), aur warmup ≈ total ka aadha. Cosine decay
#   kitna lamba reh jaata hai?

# %%
tc.explore(D.draw_schedule, {
    "warmup": widgets.IntSlider(value=20, min=0, max=150, step=5, description="warmup"),
    "peak": widgets.FloatLogSlider(value=1e-3, base=10, min=-4, max=-1, description="peak"),
    "total": widgets.IntSlider(value=200, min=160, max=1000, step=20, description="total"),
}, title="LR schedule explorer")

# %% [markdown]
# ## 2. Post-norm, tez learning rate: warmup zaroori hai?
#
# * Notebook 05 yaad kijiye: **post-norm** block me LayerNorm residual ke **baad** aata hai
#   (`LN(x + sublayer(x))`), **pre-norm** me pehle (`x + sublayer(LN(x))`). Original Transformer
#   post-norm tha, aur paper ne warmup use kiya.
# * Notebook 05 (section 4) ne yahi sawaal **12-layer** post-norm stack par naapa tha: LR `1e-2`
#   par bina warmup 0/3 seeds seekhe, warmup ke saath 2/3. Yahan model chhota hai (4 blocks) aur
#   schedule warmup + cosine decay hai, isliye `1e-2` par kahani alag ho sakti hai; neeche dekhiye
#   ki `1e-2` aur `3e-2` par kya hota hai.
# * Yahan course ka apna `tc.TinyTransformer` (andar `tc.Encoder` of `tc.EncoderBlock`,
#   `norm_first=False` = post-norm), 4 blocks, `d_model = 32`, Adam, 100 steps, fresh batches.
# * **Arm** = experiment ka ek version; arms me sirf ek cheez badalti hai, baaki sab same (seeds,
#   data, held-out set, steps). Yahan ke arms: post-norm bina warmup; post-norm warmup 25 steps;
#   dono clipping (norm 1) ke saath bhi; aur pre-norm bina warmup (tulna ke liye). Do peak LR:
#   `1e-2` aur `3e-2`. Decay sab me cosine.
# * 5 seeds × 10 arms notebook ke budget se bahar hai, isliye yeh ek **record** hai: ek bada
#   experiment jo pehle chalaya gaya, aur jiske numbers repo me ek JSON file me rakhe hain
#   (`make sweep NAME=training_dynamics` se dobara banta hai; kahan aur kaise bana, woh record
#   khud batata hai). Notebook usme se ek run abhi live chalata hai aur record se milata hai.
# * **Accuracy** is notebook me hamesha **token accuracy** hai: har sequence ke 8 digits me se
#   kitne sahi, sab sequences par average. (Sequence accuracy = poore 8 digits sahi; woh isse
#   kam ya barabar hoti hai.)

# %% [markdown]
# ### Exercise: warmup hata dijiye
#
# *Modify · mushkil ●●○ · lagbhag 8 min*
#
# * Neeche `schedule_with_warmup(step)` hai: record wala schedule (warmup 25, cosine, 100 steps,
#   peak `3e-2`). `schedule_without_warmup(step)` **khud likhiye** (`lr_fn` ko call kiye bina):
#   pehle step se hi `PEAK`, phir wahi cosine decay, `STEPS` par 0, uske baad bhi 0.
#   Check kai steps par aapka LR dekhega (step 0, beech, aakhir, total ke baad).
# * Phir ek post-norm model (4 blocks, seed 0) isi schedule se live train hoga. **Pehle andaaza**
#   (record abhi tak dikhaya nahi gaya hai): 100 steps ke baad held-out par model `"seekh gaya"`
#   ya `"random guess ke paas"` rahega? `warmup_guess` me likhiye.
# * `"seekh gaya"` = held-out loss ln 10 ke aadhe (≈ 1.15) se kam. Matlab: sahi digit ki
#   probability ka geometric mean $e^{-1.15} ≈ 0.32$ se zyada (random guess: 0.1). Accuracy me
#   yeh kitna hai, woh record ke baad code batayega.

# %%
# ✏️ exercise cell: warmup ke bina schedule likhiye, aur apna andaaza
PEAK, STEPS, WARMUP_STEPS = 3e-2, D.WARMUP["steps"], D.WARMUP["warmup"]


def schedule_with_warmup(step):
    return lr_fn(step, WARMUP_STEPS, STEPS, PEAK)


def schedule_without_warmup(step):
    """Warmup ke bina: step 0 se hi PEAK, phir cosine decay, STEPS par (aur uske baad) 0."""
    ### BEGIN SOLUTION
    ### HINT: warmup nahi, to decay pehle step se shuru: step par 'kitna raasta tay hua' (0 se 1,
    ### HINT: total ke baad 1 par ruka), phir cosine. Atke to: tc.hint("schedule_without_warmup").
    progress = min(1.0, step / STEPS)
    return PEAK * 0.5 * (1 + math.cos(math.pi * progress))
    ### END SOLUTION


### BEGIN SOLUTION
### HINT: warmup_guess: "seekh gaya" ya "random guess ke paas".
warmup_guess = "random guess ke paas"
### END SOLUTION

# %%
no_warmup_ok = tc.check_schedule_without_warmup(schedule_without_warmup, STEPS, PEAK)

# %%
record = tc.records.load_record("training_dynamics")  # abhi sirf load; dikhaya neeche jaayega
if tc.ready_to_measure("schedule_without_warmup", no_warmup_ok, {"post_norm_without_warmup": warmup_guess}):
    live = D.train_run(seed=0, lr=PEAK, steps=STEPS, num_layers=D.WARMUP["num_layers"],
                       schedule=schedule_without_warmup, eval_every=STEPS // 4, progress=True)
    live_loss = D.final(live)
    recorded = D.record_arm(record, "post-norm, bina warmup", PEAK)
    print(f"live (seed 0): held-out loss {live_loss:.3f}, token accuracy {D.final(live, 'held_out_accuracy'):.0%}")
    print(f"record, wahi arm, 5 seeds: {[round(v, 3) for v in recorded]}")
    assert tc.claims.agrees(live_loss, recorded, slack=0.05), "live run record se nahi milta"
    print("✅ live run record ki range me hai.")
    outcome = "seekh gaya" if live_loss < 0.5 * D.CHANCE_LOSS else "random guess ke paas"
    tc.check_prediction("post_norm_without_warmup", warmup_guess, outcome, lr=PEAK, loss=live_loss,
                        chance=D.CHANCE_LOSS, seeds=len(recorded),
                        stuck=sum(v >= 0.5 * D.CHANCE_LOSS for v in recorded))

# %% [markdown]
# * Ab poora record: har LR par har arm, 5 seeds, range ke saath. Aakhri `→` lines code ne
#   numbers se likhi hain: ranges overlap karti hain ya nahi, aur warmup ne **faisla** kiya (seekha
#   ya nahi) ya sirf loss behtar kiya.

# %% tags=["nbval-check-output"]
print(tc.records.describe_record(record))
print("\n".join(D.warmup_lines(record)))
# neeche ke sentences inhi numbers par tike hain (record badle aur yeh na rahe to yahan ruk jaata hai)
learned = {(arm, lr): sum(v < 0.5 * D.CHANCE_LOSS for v in D.record_arm(record, arm, lr))
           for arm in ("post-norm, bina warmup", "post-norm, warmup 25", "post-norm, bina warmup, clip 1",
                       "pre-norm, bina warmup") for lr in (1e-2, 3e-2)}
loss = {lr: {arm: D.record_arm(record, arm, lr) for arm in ("post-norm, bina warmup", "post-norm, warmup 25")}
        for lr in (1e-2, 3e-2)}
assert learned["post-norm, warmup 25", 1e-2] == learned["post-norm, bina warmup", 1e-2] == 5, learned
assert sum(v > max(loss[1e-2]["post-norm, warmup 25"]) for v in loss[1e-2]["post-norm, bina warmup"]) >= 2, loss
assert learned["post-norm, warmup 25", 3e-2] >= 4 and learned["post-norm, bina warmup", 3e-2] <= 1, learned
assert learned["pre-norm, bina warmup", 3e-2] >= 4 and learned["post-norm, bina warmup, clip 1", 3e-2] <= 1

# %%
D.plot_warmup_record(record)
plt.show()

# %% [markdown]
# * LR `1e-2`: har arm ne seekha (upar `n/5 seeds ne seekha`), lekin warmup ke saath loss kam tha
#   aur bina warmup kuch seeds ka loss kaafi upar ruka (unki token accuracy bhi kam). Warmup ne
#   **madad** ki, par yahan **make-or-break nahi** tha.
# * LR `3e-2`: yahan warmup ne **faisla** kiya: bina warmup post-norm lagbhag kisi seed me nahi
#   seekha, warmup ke saath lagbhag har seed me seekha (upar ke asserts yahi pakka karte hain;
#   exact ginti lines me).
# * Pre-norm bina warmup bhi `3e-2` par seekh gaya: notebook 05 ki tarah, pre-norm tez LR ko zyada
#   aaraam se jhelta hai. Aaj ke bade models (GPT waghera) pre-norm hain, aur warmup phir bhi rakhte
#   hain: sasta beema hai.
# * Clipping wali lines bhi dekhiye: `3e-2` par bina-warmup post-norm ko Adam ke saath clip 1 ne
#   nahi bachaya. Kyun, uska andaaza section 4 me.

# %% [markdown]
# ## 3. Overfitting: train loss girta hai, held-out loss badhta hai
#
# * Ab training set **chhota aur fixed**: sirf 48 sequences (training split se). Har step inhi 48
#   me se 32 random uthata hai. 240 steps, 2 post-norm blocks, Adam `3e-3`.
# * Teen alag sets, teeno ek doosre se alag:
#   * **train**: wahi 48 sequences;
#   * **validation** (256, held-out split): sirf yeh chunne ke liye ki kis step par rukna hai;
#   * **test** (512, held-out split): sirf report ke liye. Jis set par step chuna, usi par report
#     karna nateeje ko zyada achha dikhata hai (optimistic); isliye do alag sets.
# * Har 20 steps par train loss, aur test par loss **aur** token accuracy.
# * Do arms: bina dropout, aur dropout 0.2 (training me har activation 20% chance se zero; eval me
#   dropout band). 5 seeds har arm, yeh bhi record me hai (10 runs notebook ke budget se zyada).
#   Neeche ek run (seed 0, bina dropout) live chal kar record se milta hai.
# * **Early stopping**: jis step par **validation loss** sabse kam tha, wahi model rakho; uska
#   **test** loss aur accuracy report karo. Picture me woh dot hai.
#   (Notebook 06 ka `target_accuracy` wala "early stop" thoda alag tha: validation par target
#   milte hi rukna. Dono me faisla validation par, report test par.)

# %%
overfit = record["results"]["overfit"]
live_overfit = D.overfit_runs(seeds=(0,))["bina dropout"][0]
gap = max(abs(a - b) for a, b in zip(live_overfit["held_out_loss"], overfit["bina dropout"][0]["held_out_loss"],
                                     strict=True))
print(f"live seed 0 vs record seed 0: test loss curve me sabse bada fark {gap:.3f}")
assert gap < 0.05, "live run record se nahi milta"
D.plot_overfit(overfit)
plt.show()

# %% tags=["nbval-check-output"]
print("\n".join(D.overfit_lines(overfit)))
o = D.overfit_summary(overfit)
plain, drop = o["bina dropout"], o["dropout 0.2"]
n = len(plain["seeds"])
assert all(v < 0.1 for v in plain["train_loss"]), "train loss 0 ke paas nahi pahuncha"
assert sum(plain["overfit"]) > n / 2, "bina dropout: zyaadatar seeds me overfitting nahi dikhi"
assert all(last > at for last, at, f in zip(plain["last_acc"], plain["acc_at_lowest"], plain["overfit"],
                                           strict=True) if f), "overfit seeds me accuracy nahi badhi"
assert sum(a < b for a, b in zip(plain["stop_loss"], plain["last_loss"], strict=True)) > n / 2
assert all(a < b for a, b in zip(plain["stop_acc"], plain["last_acc"], strict=True))
assert sum(d < p for d, p in zip(drop["last_loss"], plain["last_loss"], strict=True)) > n / 2
assert sum(d > p for d, p in zip(drop["last_acc"], plain["last_acc"], strict=True)) > n / 2
assert sum(s == drop["last_step"] for s in drop["stop_step"]) > n / 2

# %% [markdown]
# * **Loss aur accuracy alag kahani bata sakte hain.** Bina dropout, zyaadatar seeds me test loss
#   apne best ke baad **badha**, lekin test accuracy usi dauraan **badhti rahi** (upar ke asserts).
#   Matlab model rule nahi bhool raha: jo digits galat hain, unpar woh **bahut pakka** (over-confident)
#   ho gaya hai, aur cross-entropy galat-par-pakke jawab ko bahut saza deta hai.
# * Isliye "early stopping behtar hai" tabhi bolo jab **metric** bhi bolo: lines me dekhiye, step
#   validation **loss** par chunne se test **loss** behtar hua, lekin test **accuracy** aakhri step
#   se kam reh gayi. Accuracy chahiye to step accuracy par chuniye.
# * Dropout: aakhri step par zyaadatar seeds me test loss kam (lines me seed-by-seed ginti). Lekin
#   dropout wale runs ka validation best aksar **aakhri step** par hai: woh abhi bhi sudhar rahe the,
#   to yeh tulna sirf isi 240-step budget par hai.
# * Test accuracy kitni hai, dekhiye: 48 examples se reversal ka rule poora seekhna mushkil hai;
#   zyada data hi asli ilaaj hai. Early stopping aur dropout sirf nuksaan kam karte hain.

# %% [markdown]
# ## 4. Gradient clipping
#
# * Saare parameters ke gradients ko ek lamba vector $g$ maaniye. Clipping:
#
# $$\|g\| = \sqrt{\textstyle\sum_p \|g_p\|^2}, \qquad
#   g \leftarrow g \cdot \min\!\left(1, \frac{\text{max\_norm}}{\|g\| + 10^{-6}}\right)$$
#
# * Norm `max_norm` se chhota ho to kuch nahi badalta. Bada ho to **direction wahi**, sirf lambai
#   `max_norm` tak chhoti. (`tc.fit` yahi default `clip_norm=1.0` se karta hai.)

# %% [markdown]
# ### Exercise: `clip_grad_norm(parameters, max_norm)`
#
# *Implement · mushkil ●●○ · lagbhag 12 min*
#
# * `parameters`: parameters ki list; har ek ka `.grad` ek tensor ya `None` (None wale chhodiye).
# * Saare gradients ka **ek saath** L2 norm nikaaliye. Zyada ho to har `.grad` ko **in-place** ek hi
#   factor se guna kijiye (upar ka formula, `+ 1e-6` ke saath).
# * Return: clip se **pehle** ka total norm (tensor), bilkul `torch.nn.utils.clip_grad_norm_` jaisa.
# * Check random gradients par PyTorch se milata hai: bade gradients (clip), chhote (koi badlaav
#   nahi), ek `None` grad. Atke to `tc.hint("clip_grad_norm")`.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def clip_grad_norm(parameters, max_norm):
    """Saare .grad ka total L2 norm; max_norm se zyada ho to sab ko ek factor se chhota (in-place)."""
    ### BEGIN SOLUTION
    ### HINT: None wale grads chhodiye; sabka ek saath norm; factor 1 se zyada nahi; in-place guna;
    ### HINT: clip se pehle ka norm lautaiye. Atke to: tc.hint("clip_grad_norm").
    grads = [p.grad for p in parameters if p.grad is not None]
    total = torch.sqrt(sum((g ** 2).sum() for g in grads))
    factor = torch.clamp(max_norm / (total + 1e-6), max=1.0)
    for g in grads:
        g.mul_(factor)
    return total
    ### END SOLUTION

# %%
clip_ok = tc.check_clip_grad_norm(clip_grad_norm)
clip_fn = tc.choose(clip_grad_norm, torch.nn.utils.clip_grad_norm_, clip_ok, name="clip_grad_norm")

# %% [markdown]
# * Chhota demo, aapke `clip_fn` se: do parameters, gradients ka norm 5, `max_norm = 1`.

# %% tags=["nbval-check-output"]
a, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(1))
a.grad, b.grad = torch.tensor([3.0, 0.0]), torch.tensor([4.0])
norm = clip_fn([a, b], 1.0)
print(f"clip se pehle norm: {float(norm):.3f}")
print(f"clip ke baad: a.grad = {[round(v, 4) for v in a.grad.tolist()]}, b.grad = {[round(v, 4) for v in b.grad.tolist()]}")
print(f"naya norm: {float(torch.sqrt(a.grad.pow(2).sum() + b.grad.pow(2).sum())):.4f}  (direction wahi: 3:4)")

# %% [markdown]
# ### Adam ke saath clip 1 ne kyun nahi bachaya? Pehle numbers
#
# * Section 2 ke record me, LR `3e-2` par bina-warmup post-norm ko clip 1 ne nahi bachaya. Pehle
#   dekhiye woh runs **kaise** fail hue, aur unke gradients kitne bade the:

# %% tags=["nbval-check-output"]
print("\n".join(D.clip_record_lines(record)))
stuck = D.record_arm(record, "post-norm, bina warmup, clip 1", 3e-2)
stuck_norms = D.record_arm(record, "post-norm, bina warmup, clip 1", 3e-2, "max_grad_norm")
assert all(abs(v - D.CHANCE_LOSS) < 0.1 for v in stuck) and max(stuck_norms) < 5, (stuck, stuck_norms)
warm_clip, warm_plain = (D.record_arm(record, f"post-norm, warmup 25{c}", 3e-2) for c in (", clip 1", ""))
assert sum(warm_clip) > sum(warm_plain), (warm_clip, warm_plain)

# %% [markdown]
# * Loss lagbhag theek **ln 10** par: NaN nahi, model ne har digit ke liye lagbhag barabar
#   probability deni shuru kar di (collapse). Aur sabse bada gradient norm bhi sirf 1 ke aas-paas se
#   kuch guna upar tha: clip 1 ke paas kaatne ko zyada kuch tha hi nahi.
# * **Ek hypothesis, literature se (yahan naapi nahi gayi)**: Adam har parameter ke liye do running
#   averages rakhta hai, inhe **moment estimates** kehte hain: $m$ = gradients ka average (disha),
#   $v$ = gradient² ka average, to $\sqrt{v}$ ≈ us parameter ke gradient ka typical size. Kadam
#   ≈ `lr · m / √v`: gradient ko poora 10 guna kar do to $m$ aur $\sqrt{v}$ dono 10 guna, kadam
#   wahi. Isliye clipping Adam ke kadam ko zyada chhota nahi karti. Aur RAdam paper (Liu et al.,
#   "On the Variance of the Adaptive Learning Rate and Beyond") kehta hai ki pehle kuch steps me
#   $v$ bahut kam gradients se bana hota hai, isliye kadam bekaabu ho sakte hain; warmup unhe
#   chhota rakhta hai. Yeh yahan ki wajah ho sakti hai, lekin is notebook ne yeh naapa nahi.
# * Ulta bhi dekhiye (doosri line): LR `3e-2`, warmup ke **baad** clip 1 ka average loss bina clip
#   se **zyada** tha (ek seed me model seekha hi nahi), lekin seeds ki ranges overlap karti hain:
#   5 seeds par pakka fark nahi. Yahan clip 1 ne madad nahi ki.

# %% [markdown]
# ### Clipping tez LR par: SGD
#
# * Plain **SGD** (momentum 0.9) me kadam = `lr × gradient`: bada gradient = bada kadam, yahan
#   clipping seedha kadam ko chhota karti hai.
# * 2 post-norm blocks, 100 steps, 3 seeds, teen arms: LR 1.0 bina clipping; LR 1.0 clip 1; aur
#   LR 0.3 bina clipping (kya chhota LR akela wahi kar deta jo clipping ne kiya?). Har step par
#   gradient norm (clip se **pehle**) naapte hain; dashed line = `max_norm = 1`.

# %%
clipping = D.clipping_runs(seeds=(0, 1, 2))
D.plot_grad_norms(clipping, max_norm=1.0)
plt.show()

# %% tags=["nbval-check-output"]
print("\n".join(D.clipping_lines(clipping)))
fast, clipped, slow = clipping["bina clipping"], clipping["clip 1"], clipping["bina clipping, LR 0.3"]
assert any(map(D.diverged, fast)) and not any(map(D.diverged, clipped))
assert all(D.final(r) < 0.5 * D.CHANCE_LOSS for r in clipped + slow)
assert min(D.clipped_share(r) for r in clipped) > 0.1

# %% [markdown]
# * LR 1.0 bina clipping: kam se kam ek seed bigda (NaN ya loss ln 10 se upar). Clip 1 ke saath
#   wahi LR 1.0: koi nahi bigda, sab ne seekha (asserts). **Clipping ne LR 1.0 ko chalne diya.**
# * Lekin clipping sirf "kabhi-kabhaar ka seat belt" nahi thi: lines me dekhiye, clip 1 wale
#   runs me kaafi steps par norm 1 se upar tha, yani clipping un sab par kadam chhota kar rahi thi.
# * Aur LR 0.3 **bina** clipping bhi seekh gaya: yahan clipping ki jagah chhota LR bhi kaam karta.
#   Clipping ka fayda: LR ko itna baareek chunne ki zaroorat kam.

# %% [markdown]
# ## 5. Label smoothing
#
# * Normal cross-entropy me target "one-hot" hai: sahi class = 1, baaki 0. Model ko tab tak
#   dhakka milta rehta hai jab tak sahi class ki probability 1 na ho jaaye, yani logits bade hote jaate hain.
# * **Label smoothing** (ε): target me sahi class ko $1 - \varepsilon + \varepsilon/K$, baaki har
#   class ko $\varepsilon/K$ ($K$ = classes, yahan 10 digits). PyTorch me
#   `F.cross_entropy(..., label_smoothing=ε)`.
# * Transformer paper ne ε = 0.1 use kiya.
# * **Confidence** = har token par model ki sabse badi probability. **Calibration**: confidence
#   sach bolti hai ya nahi. Jin tokens par model 90% pakka hai, unme se lagbhag 90% sahi hone
#   chahiye.
# * **ECE** (expected calibration error): tokens ko confidence ke hisaab se 10 dabbon me baanto;
#   har dabbe me |accuracy − average confidence|, dabbe ke size se weighted, sab jodo.
#   0 = confidence bilkul sach bolti hai; jitna bada, utna jhooth (kisi bhi taraf).

# %% [markdown]
# ### Exercise: pehle andaaza (calibration)
#
# *Predict · mushkil ●●○ · lagbhag 5 min*
#
# * Do models, sab kuch same (2 post-norm blocks, Adam peak `1e-2`, warmup 10, 100 steps, fresh
#   batches, 3 seeds), bas ek me label smoothing ε = 0.1. Dono 100 steps me yeh task lagbhag poora
#   seekh lete hain.
# * Held-out par **ECE**: smoothing wale model ka ECE bina smoothing wale se `"kam"`, `"barabar"`
#   ya `"zyada"` hoga? `smoothing_guess` me likhiye. (Sochiye: jab model lagbhag har token sahi
#   karta hai, to target 0.91 par uski confidence kahan rukegi?)

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: smoothing_guess: "kam", "barabar" ya "zyada".
smoothing_guess = "zyada"
### END SOLUTION

# %%
smoothing = D.smoothing_runs(seeds=(0, 1, 2), smoothing=0.1)
summary = D.smoothing_summary(smoothing)
plain_s, smooth_s = summary["bina smoothing"], summary["smoothing 0.1"]
direction = ("barabar" if abs(plain_s["ece"] - smooth_s["ece"]) < 0.01 else
             "kam" if smooth_s["ece"] < plain_s["ece"] else "zyada")
assert smooth_s["accuracy"] > 0.95 and smooth_s["confidence"] < smooth_s["accuracy"] - 0.05, smooth_s
tc.check_prediction("smoothing_ece", smoothing_guess, direction, eps=0.1, cap=1 - 0.1 + 0.1 / 10,
                    smooth_conf=smooth_s["confidence"], smooth_acc=smooth_s["accuracy"],
                    plain=plain_s["ece"], smooth=smooth_s["ece"])

# %% tags=["nbval-check-output"]
print("\n".join(D.smoothing_lines(smoothing)))
assert smooth_s["ece"] > plain_s["ece"] and plain_s["ece"] < 0.05, summary

# %% [markdown]
# * Yahan smoothing se ECE **badha** (asserts), kyunki smoothing wala model **under-confident** hai:
#   accuracy lagbhag 100%, lekin confidence ≈ 0.9. Yeh design se hi hai: target 0.91 hai, to ek
#   solved task par confidence accuracy se lagbhag ε kam rukti hai. Bina smoothing wala model yahan
#   pehle se lagbhag calibrated tha (chhota ECE), to sudhaarne ko kuch tha nahi.
# * **Literature ka claim (yahan dikhaya nahi gaya)**: jo model over-confident ho (confidence >
#   accuracy, jaise bade image/translation models), uske liye smoothing calibration sudhaar sakta
#   hai (Müller, Kornblith, Hinton, "When does label smoothing help?"). Is chhote task par humne
#   ulta asar naapa: smoothing ka fayda task aur model par nirbhar hai.
# * Accuracy par asar: upar ki accuracy line padhiye (3 seeds, range ke saath).

# %%
tc.quiz([
    tc.Question(
        "lr_at(step, warmup=10, total=100, peak=1e-3) me step = 10 par LR kitna hai?",
        ["0", "1e-4", "1e-3 (peak)", "5e-4"],
        answer=2,
        explanation="step = warmup par warmup khatam: LR = peak. Uske baad cosine decay shuru hota hai.",
        nudge="warmup wale formula me step = warmup rakh kar dekhiye, aur decay ka progress us step par kitna hai?"),
    tc.Question(
        "Label smoothing ε = 0.1, 10 classes: sahi class ka target kitna hai?",
        ["1.0", "0.9", "0.91", "0.1"],
        answer=2,
        explanation="1 − ε + ε/K = 1 − 0.1 + 0.01 = 0.91; baaki har class ko 0.01.",
        nudge="ε ko saari K classes me barabar baanta jaata hai, sahi class ko bhi uska hissa milta hai."),
    tc.Question(
        "Train loss gir raha hai, held-out loss step 30 ke baad badh raha hai. Kya ho raha hai?",
        ["Learning rate bahut chhota hai", "Overfitting: model training data yaad kar raha hai",
         "Model abhi underfit hai, aur steps chahiye"],
        answer=1,
        explanation="Train aur held-out ka faasla badhna overfitting hai. Early stopping (best held-out step "
                    "rakho), dropout, ya zyada data.",
        nudge="Section 3 ki picture: neeli aur laal line kab alag hone lagi?"),
    tc.Question(
        "Gradient ka total norm 0.5 hai aur max_norm = 1. Clipping ke baad gradients?",
        ["Waise hi rehte hain", "Dugne ho jaate hain (norm 1)", "Aadhe ho jaate hain"],
        answer=0,
        explanation="factor = min(1, max_norm / norm) = 1: clipping sirf bade norm ko chhota karta hai, "
                    "chhote ko bada kabhi nahi.",
        nudge="formula me min(1, …) kyun hai?"),
    tc.Question(
        "Adam ke saath gradient clipping ka asar SGD se kam kyun ho sakta hai?",
        ["Adam gradients calculate hi nahi karta",
         "Adam har parameter ke kadam ko gradient ke apne size se divide karta hai, to bade gradient se "
         "kadam utna nahi badhta",
         "Adam me clipping PyTorch apne aap band kar deta hai"],
        answer=1,
        explanation="Adam ka kadam ≈ lr · m / √v. m = gradients ka running average, v = gradient² ka "
                    "running average, to √v ≈ gradient ka typical size. Gradient 10 guna ho to m aur √v "
                    "dono 10 guna: kadam wahi. SGD me kadam = lr · gradient, seedha.",
        nudge="SGD ka kadam lr × gradient hai. Adam ke kadam me gradient kis cheez se divide hota hai?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * **LR schedule**: warmup (0 → peak, seedhi line), phir decay (cosine: peak → 0). `lr_at(0) = 0`,
#   `lr_at(warmup) = peak`, `lr_at(total) = 0`.
# * **Warmup** (post-norm, Adam, record): LR `1e-2` par madad ki (loss kam) par sab seekhe; LR
#   `3e-2` par faisla kiya (record: bina warmup zyada se zyada 1/5 seeds seekhe, warmup ke saath
#   kam se kam 4/5; upar ke asserts). Pre-norm bina warmup bhi seekha.
# * **Overfitting**: train loss ↓, test loss ↑, lekin test **accuracy** phir bhi ↑ ho sakti hai
#   (galat jawabon par over-confidence). "Behtar" bolte waqt metric bhi bolo. Early stopping ka step
#   **validation** par chuno, report **test** par. Dropout ne yahan 240 steps par loss aur accuracy
#   dono behtar kiye; zyada data asli ilaaj.
# * **Gradient clipping**: total norm > max_norm ho to sab gradients ek factor se chhote, direction
#   wahi. SGD par clip 1 ne LR 1.0 ko chalne diya (LR 0.3 bina clip bhi chala). Adam + post-norm bina
#   warmup ko nahi bachaya, aur warmup ke baad clip 1 ne madad nahi ki: on rakhna aam hai, lekin
#   har jagah fayda naap kar dekho.
# * **Label smoothing**: target 1 − ε + ε/K; model kam confident banta hai. Yahan (solved task)
#   isse ECE badha: model under-confident. Over-confident models par fayda literature ka claim hai.
# * Har claim seeds ke saath naapo: ek seed ka nateeja kahani nahi hai.

# %% [markdown]
# **Agla notebook:** [07 · Transformer vs RNN](07_transformer_vs_rnn.ipynb) →
