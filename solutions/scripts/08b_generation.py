# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/08b_generation.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/08b_generation.ipynb)
#
# # 08b · Text generation

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
# * Model sirf **probabilities** deta hai; agla token *kaise* chuna jaaye, yeh hum tay karte hain.
#   Isse **decoding** kehte hain, aur iske kai tareeke hain.
# * **Temperature**, **top-k** aur **top-p** (nucleus) sampling: wahi prompt, alag settings, aur
#   har pick ke peeche ki probabilities, ek explorer me. Top-p filter aap khud likhenge.
# * **KV cache**: likhte waqt har step par poora text dobara kyun na chalayein? Cache ka ek step
#   aap likhenge, check karenge ki tokens (aur logits) recompute jaise hi hain, aur time naapenge.
# * **Greedy vs beam search** notebook 08 ke digits → number-words translator par: beam search
#   kab galti theek karta hai, kab nahi, aur kyun (search ki galti vs model ki galti).
# * Translator ki **har layer aur har head** ki attention: encoder self-attention, decoder
#   self-attention (causal) aur cross-attention.

# %%
import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display

# %% [markdown]
# ## Model probabilities deta hai, likhna hum tay karte hain
#
# * Notebook 08 ka decoder har step par vocab ke har token ka ek score deta hai: **logits**.
#   Softmax unhe probabilities banata hai. Ab sawaal: in probabilities se agla token kaise chunein?
# * **Greedy**: hamesha sabse bada. Safe, lekin har baar wahi text, aur aksar wahi phrase
#   dohraata hai.
# * **Sampling**: probabilities ke hisaab se random chunna (jaise weighted paasa). Variety aati hai,
#   lekin kabhi-kabhi koi bahut kam-probability wala, bekaar token bhi chun liya jaata hai.
# * Isliye sampling se pehle distribution ko **aakaar** dete hain:
#   * **temperature** $T$: $p_i = \text{softmax}(z_i / T)$. $T < 1$ = distribution nukeeli (greedy ki
#     taraf), $T > 1$ = chapti (zyada random), $T \to 0$ = greedy.
#   * **top-k**: sirf $k$ sabse bade scores rakhiye, baaki ko probability 0.
#   * **top-p** (nucleus): sabse likely tokens ko bade se chhote kram me jodte jaaiye jab tak unka
#     jod $p$ tak na pahunch jaaye; sirf wahi rakhiye. Confident step par 1-2 tokens bachte
#     hain, confused step par bahut saare: top-k ki tarah fixed ginti nahi.
# * Formula (sorted probabilities $p_{(1)} \ge p_{(2)} \ge \dots$): token $(j)$ rehta hai agar
#   $\sum_{i < j} p_{(i)} < p$, yaani usse *pehle* walon ka jod abhi $p$ tak nahi pahuncha. Bache
#   hue tokens ko phir se normalise karte hain (jod = 1).
#
# ### Record wala character generator (notebook 08 se)
#
# * Notebook 08 ka decoder-only character generator, uske sweep ka seed 0 wala best checkpoint
#   (< 1 MB, course ke saath aata hai). Waise hi load karte hain jaise 08 karta hai.

# %% tags=["nbval-check-output"]
corpus = tc.corpus.load_corpus()
vocab, ids = tc.decoder.corpus_splits(corpus)
known_words = tc.corpus.corpus_words(corpus)
generator, saved_vocab = tc.decoder.load_generator(device=device)
assert saved_vocab.chars == vocab.chars, "checkpoint aur corpus ke characters alag hain"
print(f"generator: {tc.count_parameters(generator):,} parameters, context {generator.max_len} "
      f"characters, vocab {len(vocab)} characters")

# %% [markdown]
# * Prompt `"aaj school me "` ke baad model ki agle character ki probabilities ($T = 1$), sabse
#   badi 8, aur har setting me kitne characters bachte hain:

# %% tags=["nbval-check-output"]
prompt = "aaj school me "
logits = tc.decoding.next_logits(generator, vocab, prompt)
probs = tc.sampling_probabilities(logits, 1.0)
top = probs.topk(8)
print("top 8 (T = 1):", "  ".join(f"{tc.decoding.char_label(vocab.chars[i])}:{p:.2f}"
                                  for p, i in zip(top.values.tolist(), top.indices.tolist(), strict=True)))
settings = {"greedy (T = 0)": (0.0, None, None), "T = 1": (1.0, None, None),
            "T = 1, top-k 5": (1.0, 5, None), "T = 1, top-p 0.9": (1.0, None, 0.9),
            "T = 1.5, top-p 0.9": (1.5, None, 0.9)}
for name, (temperature, top_k, top_p) in settings.items():
    shaped = tc.sampling_probabilities(logits, temperature, top_k, top_p)
    print(f"{name:>20}: {int((shaped > 0).sum()):>2} characters bache, sabse bade ki "
          f"probability {float(shaped.max()):.2f}")

# %% [markdown]
# * Ab wahi prompt, har setting se 3 seeds ke 50-50 characters. Do naap: kitne words **asli**
#   hain (corpus me milte hain), aur teen seeds ke teen text kitne **alag** hain.

# %%
def sample_scores(temperature, top_k, top_p, seeds=(0, 1, 2), length=50):
    texts = [tc.generate(generator, vocab, prompt, length, temperature, top_k, seed=s, top_p=top_p)
             for s in seeds]
    real = sum(tc.corpus.real_word_fraction(t[len(prompt):], known_words) for t in texts) / len(texts)
    return texts, real, len(set(texts))


rows = ["| setting | asli words (3 seeds ka average) | 3 seeds me alag text | seed 0 ka text |",
        "|---|---|---|---|"]
real_words = {}
for name, setting in settings.items():
    texts, real_words[name], distinct = sample_scores(*setting)
    rows.append(f"| {name} | {real_words[name]:.0%} | {distinct} | `{texts[0][len(prompt):]!r}` |")
display(Markdown("\n".join(rows)))
hot, warm = real_words["T = 1.5, top-p 0.9"], real_words["T = 1, top-p 0.9"]
print(f"top-p 0.9 ke saath T 1 → 1.5: asli words {warm:.0%} → {hot:.0%} "
      f"({'gire' if hot < warm else 'nahi gire'}, is prompt aur in 3 seeds par)")
unfiltered = real_words["T = 1"]
print(f"T = 1 par top-p 0.9 lagane se: asli words {unfiltered:.0%} → {warm:.0%} "
      f"({'badhe' if warm > unfiltered else 'nahi badhe'})")

# %% [markdown]
# * Kya padhein: greedy ke teen text hamesha ek jaise (randomness hai hi nahi). Top-p
#   kam-probability wali "poonchh" kaat deta hai; is se asli words ka hissa kitna badla, aur
#   zyada temperature se kitna gira, upar code ne numbers se likha. Ek prompt aur 3 seeds chhota
#   naap hai: ise rujhaan samjhiye, pakka niyam nahi.
# * "T = 1" aur "T = 1, top-p 0.9" ke text shuru me ek jaise dikh sakte hain: yeh bug nahi. Same
#   seed = same random numbers; jab tak filter ne chuna jaane wala character nahi hataya, pick
#   wahi rehta hai. Jahan filter ne distribution badla, wahan se text alag ho sakte hain.

# %% [markdown]
# ### Exercise 1: top-p me kitne tokens bachenge?
#
# *Predict · mushkil ●○○ · lagbhag 3 min*
#
# * Ek chhota vocab, probabilities pehle se sorted: `[0.45, 0.25, 0.15, 0.08, 0.04, 0.03]`.
# * `top_p = 0.9` ke baad kitne tokens ki probability 0 se badi rahegi? Upar ka niyam yaad
#   kijiye: jis token par jod $p$ tak pahunchta ya paar karta hai, woh bhi rehta hai.
# * Code chalane se pehle ek poora number likhiye.

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: ek integer likhiye, 1 se 6 ke beech: kitne tokens bachenge.
survivors_guess = 4
### END SOLUTION

# %%
small = torch.tensor([0.45, 0.25, 0.15, 0.08, 0.04, 0.03])
kept = int((tc.top_p_filter(small, 0.9) > 0).sum())
running = " → ".join(f"{v:.2f}" for v in small.cumsum(0).tolist())
tc.check_prediction("top_p_survivors", survivors_guess, kept, running=running, top_p=0.9,
                    kept=kept, dropped=len(small) - kept)

# %% [markdown]
# ### Exercise 2: `top_p_filter` likhiye
#
# *Implement · mushkil ●●○ · lagbhag 12 min*
#
# * `top_p_filter(probs, top_p)`: `probs` ek `(V,)` ya `(B, V)` tensor hai (har row ka jod 1).
#   Wahi shape lautaiye: jo tokens top-p me nahi aate unki probability 0, baaki phir se
#   normalise (har row ka jod 1).
# * Dhyaan: probabilities vocab ke kram me hain, **sorted nahi**. Pehle har row sort kijiye,
#   faisla sorted kram me kijiye, phir use wapas asli kram me le jaaiye.
# * Check do aam galtiyan pakadta hai: jod paar karne wala token hata dena (ya ek token zyada
#   rakh lena), aur bina sort kiye jodna.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def top_p_filter(probs, top_p):
    """Nucleus filter: sabse likely tokens jinka jod top_p tak pahunche; baaki 0; phir normalise."""
    ### BEGIN SOLUTION
    ### HINT: har row ko bade se chhote kram me sort kijiye (values aur indices dono chahiye);
    ### HINT: token tab rehta hai jab usse *pehle* walon ka jod top_p se kam ho; phir yeh faisla
    ### HINT: asli kram me wapas le jaaiye aur normalise kijiye. Atke to: tc.hint("top_p_filter").
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    before = sorted_probs.cumsum(-1) - sorted_probs
    keep = torch.zeros_like(before, dtype=torch.bool).scatter(-1, order, before < top_p)
    kept = probs.masked_fill(~keep, 0.0)
    return kept / kept.sum(-1, keepdim=True)
    ### END SOLUTION

# %%
top_p_ok = tc.check_top_p_filter(top_p_filter)

# %%
top_p_fn = tc.choose(top_p_filter, tc.top_p_filter, top_p_ok)
for p in (0.5, 0.9, 0.99):
    print(f"'{prompt}' ke baad, top-p {p}: {int((top_p_fn(probs, p) > 0).sum())} characters bache "
          f"(vocab {len(vocab)})")

# %% [markdown]
# ## Explorer: temperature, top-k, top-p, aur har pick ke peeche ki probabilities
#
# * Upar ki teen tasveeren = pehle teen picks. Grey outline = model ki apni probabilities
#   ($T = 1$, bina filter); neela = filter ke baad jis distribution se pick hua; **laal = jo
#   chuna gaya**. Grey bar = filter ne hata diya (probability 0).
# * Neeche: poora sample, pehle 12 picks ki probability, aur har pick par kitne characters allowed
#   the. Har call apne `seed` se chalta hai: wahi settings = wahi text.
# * Aazmaiye: $T = 0$ (greedy: laal hamesha sabse lamba bar); $T = 2$ bina filter; phir $T = 2$
#   ke saath top-p 0.9. `top_k = 0` aur `top_p = 1.0` ka matlab: woh filter band.

# %%
def draw_sampling(temperature, top_k, top_p, seed):
    tc.decoding.draw_sampling(generator, vocab, prompt, temperature, top_k or None,
                              top_p if top_p < 1 else None, seed)


tc.explore(draw_sampling, {
    "temperature": widgets.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.1, description="temperature"),
    "top_k": widgets.IntSlider(value=0, min=0, max=20, description="top_k (0=sab)"),
    "top_p": widgets.FloatSlider(value=0.9, min=0.05, max=1.0, step=0.05, description="top_p"),
    "seed": widgets.IntSlider(value=0, min=0, max=9, description="seed"),
}, title="Sampling explorer")

# %% [markdown]
# ## KV cache: purana kaam dobara mat kijiye
#
# * Decoder ek-ek token likhta hai. Seedha tareeka: har step par poora text (ab tak ke $L$
#   tokens) model me dobara daaliye aur aakhri position ke logits lijiye. Har step par **saare**
#   purane tokens ki query, key, value phir se banti hain.
# * Lekin causal mask ki wajah se purana token naye token ko kabhi nahi dekhta. Isliye har layer
#   me purane tokens ke **key aur value kabhi nahi badalte**. Unhe ek baar bana kar rakh lijiye:
#   yahi **KV cache** hai.
# * Naye token ke liye har layer me: sirf uska $q, k, v$ banaiye, $k, v$ ko cache ke aakhir me
#   jodiye, aur $q$ se poore cache par attention:
#
# $$\text{out}_t = \text{softmax}\!\left(\frac{q_t \, [K_{\text{cache}}; k_t]^\top}{\sqrt{d_k}}\right)[V_{\text{cache}}; v_t]$$
#
# * Kaam per token: recompute me $L$ tokens ka poora forward; cache ke saath 1 token ka forward
#   + $L$ keys se attention. Keemat: memory. Har layer, har token ke liye $k$ aur $v$ rakhne
#   padte hain: `2 × layers × L × d_model` numbers (har sequence ke liye).
# * Yeh sirf **likhte waqt** (inference) kaam aata hai. Training me teacher forcing saare
#   positions ek hi forward me chalata hai (notebook 08), wahan cache ki zaroorat nahi.

# %% [markdown]
# ### Exercise 3: KV cache ka ek step
#
# *Implement · mushkil ●●○ · lagbhag 12 min*
#
# * `kv_cache_step(q, k_new, v_new, k_cache, v_cache)`: saare tensors `(B, H, length, head_dim)`
#   (notebook 04 ke heads). `q`, `k_new`, `v_new` me sirf **naya token** (length 1), caches me
#   pichhle $P$ tokens (shuru me $P = 0$, khaali).
# * Lautaiye teen cheezein: `(output, naya k_cache, naya v_cache)`.
#   * `output`: `(B, H, 1, head_dim)`, naye token ka attention output, bilkul waisa jaisa poore
#     recompute me aakhri position ka hota (woh pichhle $P$ tokens aur khud ko dekhta hai);
#   * naye caches: `(B, H, P + 1, head_dim)`, agle step ke liye taiyaar (purane tokens pehle ke
#     kram me, phir naya).
# * Kaise, yeh aap sochiye; atke to `tc.hint("kv_cache_step")` (teen level).
# * Check aapka step akela bhi chalata hai, aur ek chhote `CharGenerator` ke andar bhi (har token
#   cache se): logits poore recompute ke barabar hone chahiye.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def kv_cache_step(q, k_new, v_new, k_cache, v_cache):
    """Cache ke saath ek attention step: (output, naya k_cache, naya v_cache) lautaata hai."""
    ### BEGIN SOLUTION
    ### HINT: naya token kin tokens ko dekhta hai, aur agle step ke cache me kya hona chahiye?
    ### HINT: Lautaiye (output, naya k_cache, naya v_cache). Atke to: tc.hint("kv_cache_step").
    k_cache = torch.cat([k_cache, k_new], dim=-2)
    v_cache = torch.cat([v_cache, v_new], dim=-2)
    out, _ = tc.scaled_dot_product_attention(q, k_cache, v_cache)
    return out, k_cache, v_cache
    ### END SOLUTION

# %%
kv_ok = tc.check_kv_cache_step(kv_cache_step)

# %% [markdown]
# * Ab record wale generator se 40 characters greedy likhwaiye, do tarah se: har step par poora
#   recompute, aur **aapke** cache step se. Tokens hoo-ba-hoo same hone chahiye, aur har step ke
#   logits bhi (float ki chhoti rounding tak, `allclose`).

# %%
kv_step_fn = tc.choose(kv_cache_step, tc.kv_cache_step, kv_ok)

# %% tags=["nbval-check-output"]
prompt_ids = vocab.encode(prompt).to(device)
with_cache, logits_cache = tc.generate_ids(generator, prompt_ids, 40, use_cache=True, step_fn=kv_step_fn)
recomputed, logits_full = tc.generate_ids(generator, prompt_ids, 40, use_cache=False)
assert torch.equal(with_cache, recomputed)
assert torch.allclose(logits_cache, logits_full, atol=1e-4)
print("tokens same:", torch.equal(with_cache, recomputed), "| logits allclose (atol 1e-4):",
      torch.allclose(logits_cache, logits_full, atol=1e-4))
print(repr(vocab.decode(with_cache.cpu())))

# %% [markdown]
# ### Kitna tez? Lambai ke saath naapiye
#
# * Naap: jab text me pehle se $L$ tokens hain, **agla ek token** nikalne me kitna time lagta
#   hai: (a) $L + 1$ tokens ka poora forward, (b) $L$ tokens ke cache ke saath ek cached step.
#   Har naap 20 baar (pehle ek warm-up call), median.
# * Naap hamesha **CPU** par: timing CPU par, GPU par async launch ke karan alag tareeka chahiye
#   (GPU call kaam khatam hone se pehle laut aata hai).
# * Record wale generator ka context 64 characters hai (uski position table itni hi lambi). Time
#   naapne ke liye wahi weights ek bade `max_len` (600) wale model me daale hain: sine/cosine
#   positions koi parameter nahi, to yeh chal jaata hai. 64 se aage ka text model ne kabhi
#   training me nahi dekha, lekin **time** ke liye text ki quality se fark nahi padta.
# * Time machine par nirbhar hai: isliye neeche ke ratios code chhapta hai, koi assert nahi.

# %%
timing_model = tc.CharGenerator(len(vocab), d_model=96, nhead=4, num_layers=3, dim_feedforward=192,
                                max_len=600)   # CPU par hi rehta hai
timing_model.load_state_dict(generator.state_dict())
timing = tc.decoding.time_next_token(timing_model, lengths=(32, 64, 128, 256, 512), repeats=20)
tc.decoding.plot_kv_speed(timing)
plt.show()
print(tc.decoding.speed_sentence(timing))
layers, d_model = len(generator.blocks.layers), generator.embed.embedding_dim
print(f"cache ki keemat: L = 512 par 2 × {layers} layers × 512 × {d_model} = "
      f"{2 * layers * 512 * d_model:,} numbers ({2 * layers * 512 * d_model * 4 / 1e6:.1f} MB float32) "
      "ek sequence ke liye")

# %% [markdown]
# * Recompute ka kaam $L$ ke saath badhta hai (har step poore text par), cached step ka kaam
#   bahut dheere (sirf attention ki ek row lambi hoti hai). Chhote $L$ par Python ka overhead
#   haavi ho sakta hai, isliye wahan fark kam (ya ulta) bhi ho sakta hai: upar ki line dekhiye.
# * Time me shor hota hai: beech ke points hil sakte hain (doosri baar chalane par thoda upar-neeche).
#   Isliye upar ki line sirf pehle aur aakhri $L$ ko milati hai.
# * Poori generation ($N$ tokens) me recompute ka kul kaam lagbhag $N^2$ ke hisaab se badhta hai,
#   cache ka lagbhag $N$ ke hisaab se (attention ka chhota hissa chhod kar). Bade LLM isi liye har
#   jagah KV cache use karte hain; unki asli dikkat cache ki **memory** ban jaati hai.

# %% [markdown]
# ## Greedy vs beam search: digits → number words (notebook 08 ka translator)
#
# * Greedy har step par ek hi jawab rakhta hai. Agar pehla word thoda sa galat chuna gaya,
#   to aage wapas aane ka raasta nahi.
# * **Beam search** har step par $B$ (beam width) sabse achhe *adhoore jawab* rakhta hai. Har ek
#   ko har token se aage badhata hai, aur poore jawab ke score se phir top $B$ chunta hai:
#
# $$\text{score}(y_1 \dots y_t) = \sum_{i=1}^{t} \log P(y_i \mid y_{<i}, \text{input})$$
#
# * `<eos>` likh chuka jawab poora hai: uska score ab nahi badalta. Aakhir me sabse bada score
#   jeetta hai.
# * Beam search sirf **search** sudhaarta hai: model jis jawab ko zyada probability deta hai,
#   use dhoondhta hai. Agar model khud galat jawab ko zyada probability de raha hai (**model ki
#   galti**), to koi bhi search use theek nahi kar sakta.

# %% [markdown]
# * Translator: notebook 08 wala, **usi tarah** train kiya (seed 0, 300 steps, batch 128, lr 3e-3,
#   aapke `DecoderBlock` jaisa course ka `tc.DecoderBlock`). Training ~10 s leti hai, isliye
#   yeh ek sweep ne pehle hi 3 seeds ke liye kiya, seed 0 ka checkpoint (< 1 MB) course ke saath
#   aata hai. Sweep ne har seed par greedy aur beam width 1/2/4 ko held-out numbers par naapa, aur
#   50 aur 100 steps par (aadha trained model) bhi.
# * Neeche checkpoint load karke wahi naap **abhi live** dobara hota hai aur record se milaya
#   jaata hai.

# %% [markdown]
# ### Exercise 4: beam width 1
#
# *Predict · mushkil ●○○ · lagbhag 2 min*
#
# * Beam width 1 ka beam search, aur greedy decoding: notebook 08 ke translator ke saare 200
#   held-out numbers par kya dono ka jawab **har number par** hoo-ba-hoo same hoga?
# * `"haan"` ya `"nahi"` likhiye.

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: "haan" ya "nahi".
beam1_guess = "haan"
### END SOLUTION

# %%
record = tc.records.load_record(tc.decoding.TRANSLATOR_RECORD)
print(tc.records.describe_record(record))
translator, task = tc.decoding.load_translator(device=device)
held = task.held_out_numbers
live = tc.decoding.beam_report(translator, task, held)
tc.check_prediction("beam1_equals_greedy", beam1_guess,
                    "haan" if live["beam 1"]["same_as_greedy"] == len(held) else "nahi",
                    same=live["beam 1"]["same_as_greedy"], total=len(held))

# %% tags=["nbval-check-output"]
runs = record["results"]["runs"]
seed0 = runs[record["seeds"].index(0)]
for key in ("greedy", "beam 1", "beam 2", "beam 4"):
    assert live[key] == {k: seed0[key][k] for k in live[key]}, key
print(f"live (seed 0 checkpoint): greedy {live['greedy']['exact_match']:.1%}, beam 2 "
      f"{live['beam 2']['exact_match']:.1%}, beam 4 {live['beam 4']['exact_match']:.1%} "
      "= record ke seed 0: OK")
print("greedy ki galtiyan (held-out):", live["greedy"]["wrong"])

# %% [markdown]
# * Teen seeds (record), 300 steps ke baad, held-out exact match:

# %%
display(Markdown(tc.decoding.beam_table(runs)))
print(tc.decoding.beam_sentence(runs))

# %% [markdown]
# * Kyun? Har galti ke liye dekhiye ki model **greedy ke jawab** ko aur **sahi jawab** ko kitni
#   probability deta hai (poore jawab ka $\log P$, teacher forcing se). Yeh seed 0 ke checkpoint
#   par hai (doosre seed ki galtiyan alag hongi).
# * $\Delta = \log P(\text{sahi}) - \log P(\text{greedy})$. $|\Delta| < 0.01$ = **lagbhag
#   barabar (tie)**: wahan kaun jeetega, yeh rounding jitni baat hai, kisi ka saboot nahi.

# %%
def error_table(model, numbers):
    rows = tc.decoding.model_or_search_error(model, task, numbers)
    lines = ["| number | greedy ne likha | sahi | log P(greedy) | log P(sahi) | Δ = sahi − greedy | kiski galti |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        r["delta"] = r["right_logp"] - r["greedy_logp"]
        lines.append(f"| {r['number']} | {r['greedy']} | {r['right']} | {r['greedy_logp']:.3f} | "
                     f"{r['right_logp']:.3f} | {r['delta']:+.4f} | {tc.decoding.error_kind(r['delta'])} |")
    display(Markdown("\n".join(lines)))
    return rows


def error_counts(rows):
    model = sum(r["delta"] <= -tc.decoding.TIE for r in rows)
    search = sum(r["delta"] >= tc.decoding.TIE for r in rows)
    return model, len(rows) - model - search, search


final_errors = error_table(translator, held)
model_errors, tie_errors, search_errors = error_counts(final_errors)
print(f"seed 0 par: {len(final_errors)} galtiyon me se {model_errors} model ki (galat jawab zyada "
      f"likely: inhe koi beam theek nahi kar sakta), {tie_errors} lagbhag tie, {search_errors} search ki")

# %% [markdown]
# ### Mushkil haalat: aadha trained translator (50 steps)
#
# * Seed 0 par poora trained model apni (zyadatar) galtiyon me **galat jawab ko sahi se zyada
#   probability deta hai** (upar ki ginti), isliye beam ko dhoondhne ko kuch nahi milta. Beam
#   search ka fayda tab dikhta hai jab model **ghabraya hua** ho. Wahi training, wahi seed, bas
#   **50 steps** par rok kar (yeh live chalta hai, ~2-5 s), phir wahi held-out naap:

# %%
early = tc.decoding.train_translator(0, steps=50).to(device)
early_live = tc.decoding.beam_report(early, task, held)
early_seed0 = seed0["early"]["50"]
for key in ("greedy", "beam 2", "beam 4"):
    print(f"{key:>7}: {early_live[key]['exact_match']:.1%}"
          + (f", theek kiye {early_live[key]['fixed']}, bigaade {early_live[key]['broken']}"
             if key != "greedy" else ""))
print("record ke seed 0 (50 steps) se: greedy",
      "milta hai" if early_live["greedy"] == early_seed0["greedy"] else "alag (machine ka fark)")

# %% [markdown]
# * Pehle woh numbers jo beam 2 ne **theek kiye** (greedy galat tha, beam sahi):

# %%
beam_fixed, beam_broken = early_live["beam 2"]["fixed"], early_live["beam 2"]["broken"]
early_rows = error_table(early, beam_fixed or early_live["greedy"]["wrong"][:5])
early_model, early_ties, early_search = error_counts(early_rows)
print(f"in {len(early_rows)} me: {early_search} search ki galti (sahi jawab saaf zyada likely: beam ka "
      f"asli fayda), {early_ties} lagbhag tie (saboot nahi), {early_model} model ki")

# %% [markdown]
# * "search" wali row: sahi jawab greedy ke jawab se **zyada likely** tha. Greedy ne har step par
#   us step ka sabse bada word chuna, lekin poore jawab ka score kam nikla. Ek number ka hisaab,
#   har word ki probability (us step par, pichhle words diye hue):

# %%
example = 45 if 45 in beam_fixed else (beam_fixed[0] if beam_fixed else None)
if example is None:
    print("is machine par beam 2 ne koi number theek nahi kiya: example nahi")
else:
    steps = {}
    for name, width in (("greedy", None), ("beam 2", 2)):
        answer = tc.decoding.translate(early, task, [example], width)[0]
        steps[name] = tc.decoding.step_probs(early, task, example, answer)
        total_logp = sum(math.log(p) for _, p in steps[name])
        print(f"{example}, {name:>6}: " + " → ".join(f"{w} ({p:.2f})" for w, p in steps[name])
              + f"   kul log P = {total_logp:.3f}")
    first_g, first_b = steps["greedy"][0][1], steps["beam 2"][0][1]
    total_g, total_b = (sum(math.log(p) for _, p in steps[k]) for k in ("greedy", "beam 2"))
    print(f"step 1 par pehla word: greedy ka {first_g:.2f} vs beam ka {first_b:.2f} "
          f"({'greedy jeeta' if first_g > first_b else 'greedy nahi jeeta'}); poore jawab par "
          f"{'beam' if total_b > total_g else 'greedy'} aage ({total_b - total_g:+.3f})")

# %% [markdown]
# * Ab ulta: jo number beam ne **bigaade** (greedy sahi tha, beam galat). Model beam ke jawab ko
#   aur sahi jawab ko kitni probability deta hai?

# %%
broken_rows = tc.decoding.beam_break_rows(early, task, beam_broken, width=2)
lines = ["| number | beam 2 ne likha | sahi (greedy ne bhi) | log P(beam) | log P(sahi) | Δ = sahi − beam | kiski galti |",
         "|---|---|---|---|---|---|---|"]
for r in broken_rows:
    delta = r["right_logp"] - r["beam_logp"]
    lines.append(f"| {r['number']} | {r['beam']} | {r['right']} | {r['beam_logp']:.3f} | "
                 f"{r['right_logp']:.3f} | {delta:+.4f} | {tc.decoding.error_kind(delta)} |")
display(Markdown("\n".join(lines) if broken_rows else "*beam 2 ne is machine par koi number nahi bigaada*"))
for r in broken_rows:
    delta = r["right_logp"] - r["beam_logp"]
    verdict = ("kachcha model khud galat jawab ko zyada probability deta hai: beam ne bas use "
               "dhoondh liya (model ki galti)" if delta <= -tc.decoding.TIE else
               "lagbhag tie" if delta < tc.decoding.TIE else
               "sahi jawab zyada likely tha, phir bhi beam ne nahi chuna (beam bhi poora search nahi karta)")
    print(f"{r['number']}: log P(beam) {r['beam_logp']:.3f} vs log P(sahi) {r['right_logp']:.3f} → {verdict}")

# %% [markdown]
# * Beam sirf poore score ka pichha karta hai: jahan kachche model ki probabilities khud galat
#   jagah zyada hain, wahan beam galat jawab hi dhoondhega (upar ki line).
# * Teen seeds, 50 aur 100 steps (record):

# %%
for step in record["results"]["early_steps"]:
    display(Markdown(f"**{step} steps ke baad**\n\n" + tc.decoding.beam_table(runs, step)))
    print(tc.decoding.beam_sentence(runs, step))

# %% tags=["nbval-check-output"]
def total(step, width, key):
    reports = [run if step is None else run["early"][str(step)] for run in runs]
    return sum(len(r[width][key]) for r in reports)


assert total(None, "beam 4", "fixed") == 0 and total(None, "beam 2", "fixed") == 0
clear_fixed = total(50, "beam 2", "fixed") - sum(len(set(run["early"]["50"]["beam 2"]["fixed"])
                                                    & set(run["early"]["50"]["beam 2"]["ties"]))
                                                for run in runs)
assert clear_fixed > total(50, "beam 2", "broken")
print("record: 300 steps par beam 2/4 ne kisi seed par ek bhi galti theek nahi ki: OK")
print(f"record: 50 steps par beam 2 ne ties chhod kar {clear_fixed} theek kiye, "
      f"{total(50, 'beam 2', 'broken')} bigaade (theek > bigaade): OK")
same_width = all((run if step is None else run["early"][str(step)])["beam 2"]["exact_match"]
                 == (run if step is None else run["early"][str(step)])["beam 4"]["exact_match"]
                 for run in runs for step in [None, *record["results"]["early_steps"]])
print("beam 2 aur beam 4 har seed aur har checkpoint par barabar:", same_width)

# %% [markdown]
# * Saar: beam search **model ko behtar nahi banata**, sirf uski probabilities ke hisaab se
#   behtar jawab dhoondhta hai. Kamzor (50 steps) model par thoda fayda aur kabhi nuksaan, poore
#   trained model par (seed 0 par jiski galtiyan model ki hain) koi fark nahi: upar ke asserts yahi
#   jaanchte hain. Asli sudhaar data aur training se aata hai.
# * Jawab sirf 1-3 words (+ `<eos>`) ke hain, to chaudi beam ke paas dhoondhne ko zyada kuch nahi;
#   width 2 aur 4 ka fark upar ki aakhri line me hai.

# %% [markdown]
# ## Translator ke andar: har layer, har head
#
# * Number 237 padhte aur apna jawab likhte waqt translator ki **saari** attention maps (seed 0
#   checkpoint). Har row ek layer, har column ek head:
#   * **encoder self-attn**: digits ek doosre ko (padding nahi, to poori 3 × 3);
#   * **decoder self-attn** (2 layers): likhe ja rahe words pichhle words ko; causal mask ki
#     wajah se diagonal ke upar sab 0;
#   * **cross-attn** (2 layers): har word likhte waqt kaunsa digit (notebook 08 me heads ka
#     average dekha tha, yahan har head alag).

# %% tags=["nbval-check-output"]
maps = tc.decoding.translator_attention(translator, task, 237)
print("237 →", " ".join(maps["writes"][:-1]))
for name in ("encoder", "decoder", "cross"):
    print(f"{name:>8}: {len(maps[name])} layer(s), weights {tuple(maps[name][0].shape)} (batch, heads, rows, cols)")
assert all(bool((w[0].triu(1) == 0).all()) for w in maps["decoder"])
print("decoder self-attention: diagonal ke upar har weight 0 (causal): OK")

# %%
tc.decoding.plot_translator_attention(maps)
plt.show()

# %% [markdown]
# * Padhne ka tareeka: har row ka label `input → likh raha` hai, jaise `<bos> → do` = input
#   `<bos>` padhte hue "do" likh raha hai. Column = kise dekha (key).
# * Kya dekhein: kisi head me har row lagbhag ek hi column par tiki hai (ek gehra khana), kisi me
#   weight kai columns me bikhra hai. Cross-attention me dhoondhiye: `<bos> → do` wali row kaunse
#   digit ko dekhti hai, aur "saintees" likhne wali row kaunse ko?
# * Decoder self-attention me pehli row (`<bos> → …`) hamesha sirf khud ko dekhti hai (weight 1):
#   causal mask ke baad uske paas aur kuch hai hi nahi.
# * Har head ek jaisa saaf nahi hota, aur doosre seed par picture badal sakti hai: model ko sirf
#   sahi jawab chahiye, attention uska ek raasta hai.

# %% [markdown]
# ## Quiz

# %%
tc.quiz([
    tc.Question(
        "Temperature T = 0.5 aur T = 2 me kya fark hai (bina top-k/top-p)?",
        ["T = 0.5 distribution ko nukeela (greedy ki taraf) banata hai, T = 2 chapta (zyada random)",
         "T = 0.5 zyada random, T = 2 zyada confident",
         "Dono se probabilities nahi badalti, sirf seed badalta hai",
         "T = 2 par sirf 2 tokens bachte hain"],
        answer=0,
        explanation="softmax(z / T): chhota T scores ke fark ko bada karta hai, bada T chhota.",
        nudge="Explorer me T ko 0 ki taraf aur phir 2 ki taraf le jaaiye, aur laal/neele bars "
              "ki lambai dekhiye."),
    tc.Question(
        "Probabilities [0.6, 0.3, 0.06, 0.04], top-p = 0.85. Kitne tokens bachte hain?",
        ["1", "2", "3", "4"],
        answer=1,
        explanation="0.6 ke baad jod 0.6 < 0.85, to doosra bhi rehta hai; 0.6 + 0.3 = 0.9 ≥ 0.85, "
                    "bas. 2 tokens.",
        nudge="Jis token par jod p tak pahunchta ya paar karta hai, woh rehta hai ya jaata hai? "
              "Exercise 1 yaad kijiye."),
    tc.Question(
        "Top-k (k = 5) ke muqable top-p ka fayda kya hai?",
        ["Top-p hamesha kam tokens rakhta hai",
         "Bachne wale tokens ki ginti model ke confidence ke hisaab se badalti hai",
         "Top-p randomness hata deta hai",
         "Top-p ko softmax ki zaroorat nahi"],
        answer=1,
        explanation="Confident step par 1-2 tokens hi p tak pahunch jaate hain, confused step par "
                    "bahut saare chahiye; top-k har step par k hi rakhta hai.",
        nudge="Upar ki table me 'bache' wali ginti dekhiye, aur sochiye ki alag prompt par "
              "model kam confident ho to kya hoga."),
    tc.Question(
        "KV cache me kya rakha jaata hai, aur kyun woh badalta nahi?",
        ["Purane tokens ke queries; kyunki softmax fixed hai",
         "Purane tokens ke key aur value; causal mask ki wajah se purana token naye ko nahi "
         "dekhta, to unke k, v wahi rehte hain",
         "Model ke weights; kyunki inference me training nahi hoti",
         "Purane tokens ke logits; kyunki greedy unhe dobara nahi chunta"],
        answer=1,
        explanation="Har layer me purane token ki state sirf usse pehle ke tokens par nirbhar "
                    "hai (causal), isliye uske k, v ek baar banakar rakh sakte hain.",
        nudge="Exercise 3 me cache me kya joda tha? Aur naye token ki kaunsi cheez cache me "
              "nahi jaati?"),
    tc.Question(
        "Achhe se trained translator par beam width 4 ne held-out exact match nahi badla. "
        "Sabse sahi wajah?",
        ["Beam search me bug hai",
         "Bachi hui galtiyan model ki hain: model khud galat jawab ko zyada probability deta "
         "hai, search use theek nahi kar sakta",
         "Beam width 4 hamesha greedy jaisa hota hai",
         "Held-out numbers training me the"],
        answer=1,
        explanation="Seed 0 par error table dekhiye: jahan log P(greedy) > log P(sahi), woh model ki "
                    "galti hai, aur beam ne un me se koi theek nahi kiya. Beam sirf search ki galti "
                    "pakadta hai (50 steps wale model par dikha).",
        nudge="'kiski galti' wala column dekhiye: search ki ya model ki?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Model **logits** deta hai; **decoding** tay karta hai ki agla token kaise chuna jaaye.
#   Greedy = hamesha sabse bada; sampling = probabilities ke hisaab se random.
# * **Temperature**: $\text{softmax}(z/T)$; chhota $T$ = nukeela, bada $T$ = chapta, $T \to 0$ =
#   greedy. **Top-k**: sirf $k$ sabse bade. **Top-p**: sabse likely tokens jab tak jod $p$ tak
#   pahunche (paar karne wala bhi rehta hai), phir normalise; ginti confidence ke saath badalti hai.
# * **KV cache**: purane tokens ke key/value har layer me rakh lo; har naye token par sirf uska
#   $q, k, v$ aur ek row attention. Tokens aur logits recompute jaise hi; time me fayda $L$ ke
#   saath badhta hai (is machine par kitna, upar chhapa); keemat = memory.
# * **Beam search**: $B$ adhoore jawab, poore jawab ka $\sum \log P$. Width 1 = greedy. Yeh
#   sirf **search ki galti** theek karta hai; **model ki galti** (galat jawab zyada likely) nahi.
# * Encoder–decoder ke andar teen tarah ki attention: encoder self, decoder self (causal), cross;
#   har head alag dekhta hai, aur picture seed ke saath badal sakti hai.

# %% [markdown]
# **Agla notebook:** [09 · Recap aur aage](09_recap.ipynb) →
