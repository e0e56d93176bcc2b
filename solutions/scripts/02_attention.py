# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/02_attention.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/02_attention.ipynb)
#
# # 02 · Attention

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
# * **Query, key, value** ka intuition: ek chhote, haath se banaye example par, seed ke sentence
#   "The cat sat on the mat because it was warm" ke saath.
# * Attention ke teen steps, pehle haath se: **dot product → softmax → weighted sum**.
# * Attention weights ka **heatmap** aur ek word ka **bar chart** padhna.
# * **√d_k se divide kyun** karte hain: khud scaling hata kar ek experiment, phir plot.
# * **Masks**: padding mask, causal mask ki pehli jhalak, aur softmax me `-inf` kya karta hai.
# * Seed ka `nn.MultiheadAttention` wala cell: har shape ka matlab, aur random weights ka sach.
# * Khud `scaled_dot_product_attention` likhna aur PyTorch se match karna.

# %% [markdown]
# ## Intuition: query, key aur value
#
# * Sentence: **"The cat sat on the mat because it was warm"**. Sawaal: "it" kis ko refer karta hai?
# * Attention me har word teen roles nibhata hai:
#   * **Query (q)**: "mujhe kya dhoondhna hai?" Jaise YouTube ke search box me likha sawaal.
#   * **Key (k)**: "main kya hoon?" Jaise har video ka title aur tags.
#   * **Value (v)**: "mere paas dene ko kya information hai?" Jaise video ka asli content.
# * Ek word ki query ko har word ki key se milate hain (**dot product**): jitna achha match,
#   utna bada score.
# * **Softmax** scores ko weights me badalta hai: sab positive, aur sab ka sum 1.
# * Output = values ka **weighted sum**: "it" ka naya vector un words ki information se banta
#   hai jin par usne zyada dhyaan diya.

# %% [markdown]
# ### Haath se banaye word vectors (sirf intuition ke liye)
#
# * Sach pehle: neeche ke vectors aur projections **humne haath se banaye hain**, taaki har
#   number ka matlab padh sakein. Asli model inhe data se **seekhta** hai (notebook 06), aur seekhe
#   hue vectors itne saaf-suthre nahi hote.
# * Har word 6 features ka vector hai: `noun`, `jaandar` (living), `pronoun`, `verb`,
#   `function` (the, on, because jaise chhote words) aur `adjective`. 1 = haan, 0 = nahi.

# %% tags=["nbval-check-output"]
import math

import matplotlib.pyplot as plt
import torch

words = list(tc.attention.TOY_SENTENCE)
x = tc.attention.toy_word_vectors(words)  # (10 words, 6 features)
print("x.shape =", tuple(x.shape), "= (seq_len, features)\n")
print(tc.attention.format_table(x, words, tc.attention.TOY_FEATURES, digits=0, corner="word"))

# %% [markdown]
# ### W_Q aur W_K: kaun kya dhoondhta hai, kaun kya batata hai
#
# * **W_K** (key banane wali matrix): har word apni key me 3 baatein batata hai:
#   "noun hoon?", "jaandar hoon?", "verb hoon?".
# * **W_Q** (query banane wali matrix): har feature ka ek sawaal, unhi 3 dimensions me:
#   * `pronoun` → "mujhe ek **jaandar noun** chahiye" (3, 3, 0)
#   * `verb` → apna subject dhoondhta hai, yaani jaandar noun (2, 2, 0)
#   * `adjective` → kisi bhi noun ko describe karta hai (2, 0, 0)
#   * `noun` → apna verb dhoondhta hai (0, 0, 2)
#   * `function` words → koi sawaal nahi (0, 0, 0)
# * **W_V** = identity: value = word ke apne features, taaki output seedha padh sakein.
# * Formula (har row ek word): $Q = X W_Q,\quad K = X W_K,\quad V = X W_V$.
# * Ek imaandaar baat: yeh sentence asal me **ambiguous** hai. "because it was warm" me "it" =
#   "mat" bhi ho sakta hai (mat garam tha, isliye billi us par baithi). Humne W_Q aise banaya ki
#   pronoun *jaandar* noun dhoondhe, seed ki kahani ke hisaab se. Asli model kya seekhega, yeh uske
#   data par depend karta hai.

# %% tags=["nbval-check-output"]
w_q, w_k, w_v = tc.attention.toy_projections()
keys = tc.attention.TOY_KEY_DIMS
print("W_Q (feature → kya dhoondhta hai):")
print(tc.attention.format_table(w_q, tc.attention.TOY_FEATURES, keys, digits=0, corner="feature"))
print("\nW_K (feature → kya batata hai):")
print(tc.attention.format_table(w_k, tc.attention.TOY_FEATURES, keys, digits=0, corner="feature"))

q, k, v = x @ w_q, x @ w_k, x @ w_v
print("\nq.shape =", tuple(q.shape), " k.shape =", tuple(k.shape), " v.shape =", tuple(v.shape))
print("\nQueries (har word ka sawaal) aur keys (har word ka label):")
print(tc.attention.format_table(torch.cat([q, k], dim=1), words,
                                [f"q:{d}" for d in keys] + [f"k:{d}" for d in keys],
                                digits=0, corner="word"))

# %% [markdown]
# ## Step 1: dot product → score
#
# * "it" ki query ko har word ki key se milaiye: $\text{score}_j = q_{it} \cdot k_j$.
# * Dot product = dono vectors ke matching components ka guna karke jod. Jahan "it" jo maangta
#   hai aur word jo batata hai, dono bade hon, wahan score bada.
# * Phir score ko $\sqrt{d_k}$ se divide karte hain (yahan $d_k = 3$). Kyun? Iska poora jawab
#   neeche ek experiment me milega.

# %% tags=["nbval-check-output"]
it = words.index("it")
d_k = k.shape[-1]
raw_scores = k @ q[it]                 # har key ke saath "it" ki query ka dot product
scores_it = raw_scores / math.sqrt(d_k)
print(f"q_it = {q[it].tolist()},  d_k = {d_k},  √d_k = {math.sqrt(d_k):.3f}\n")
print(tc.attention.format_table(torch.stack([raw_scores, scores_it]), ["q·k", "q·k / √d_k"],
                                words, corner="it →"))

# %% [markdown]
# ## Step 2: softmax → weights
#
# $$\text{softmax}(s)_j = \frac{e^{s_j}}{\sum_i e^{s_i}}$$
#
# * $e^{s}$ hamesha positive hota hai, aur bada score bahut bada $e^{s}$ banta hai.
# * Sab ke sum se divide karne par total 1: yeh "dhyaan" ka bantwara hai, 100% ko words me baantna.
# * Jin words ka score 0 tha, unhe bhi thoda weight milta hai ($e^0 = 1$): softmax kabhi exact 0
#   nahi deta (jab tak score `-inf` na ho, masks me dekhenge).

# %% tags=["nbval-check-output"]
exps = torch.exp(scores_it)
weights_it = exps / exps.sum()
assert torch.allclose(weights_it, torch.softmax(scores_it, dim=-1))
assert math.isclose(weights_it.sum().item(), 1.0, rel_tol=1e-6)
print(tc.attention.format_table(torch.stack([scores_it, exps, weights_it]),
                                ["score", "e^score", "weight"], words, corner="it →"))
print(f"\nsum(e^score) = {exps.sum():.2f};  weights ka sum = {weights_it.sum():.2f}")
print(f'sabse zyada dhyaan: "{words[weights_it.argmax()]}" ({weights_it.max():.0%})')

# %% [markdown]
# ## Step 3: weighted sum → "it" ka naya vector
#
# $$\text{output}_{it} = \sum_j w_j\, v_j$$
#
# * Har word ki value ko uske weight se guna karke jod dijiye.
# * "it" ka apna vector sirf "main pronoun hoon" kehta tha. Attention ke baad usme `noun` aur
#   `jaandar` features aa gaye: ab "it" ke vector me "cat" ki information hai. Yahi **context** hai.

# %% tags=["nbval-check-output"]
out_it = weights_it @ v
print(tc.attention.format_table(torch.stack([x[it], out_it]),
                                ["it (pehle)", "it (attention ke baad)"],
                                tc.attention.TOY_FEATURES, corner="vector"))

# %% [markdown]
# ## Poora sentence ek saath: matrix form
#
# * Har word ke liye yahi teen steps, lekin loop nahi: ek matrix multiply me saari queries ek saath.
#   Isi wajah se Transformer parallel chalta hai.
#
# $$\text{Attention}(Q, K, V) = \text{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V$$
#
# * $QK^\top$ ka shape (10, 10): row = query word, column = key word. Softmax har **row** par.
# * Course ka reference `tc.scaled_dot_product_attention(q, k, v)` bhi `(output, weights)`
#   deta hai. Neeche check karte hain ki dono same hain.

# %% tags=["nbval-check-output"]
weights = torch.softmax(q @ k.T / math.sqrt(d_k), dim=-1)   # (10, 10)
output = weights @ v                                        # (10, 6)
ref_output, ref_weights = tc.scaled_dot_product_attention(q, k, v)
assert torch.allclose(weights, ref_weights) and torch.allclose(output, ref_output)
assert torch.allclose(weights.sum(dim=-1), torch.ones(10))
assert torch.allclose(weights[it], weights_it)
print("weights.shape =", tuple(weights.shape), "= (query word, key word)")
print("output.shape  =", tuple(output.shape), "= (word, features)")
print("har row ka sum 1, aur 'it' wali row upar wale step-by-step jaisi: ✅")

# %% [markdown]
# ## Exercise: heatmap se pehle andaaza
#
# *Predict · mushkil ●●○ · lagbhag 5 min*
#
# * "it" ki row aap step by step dekh chuke hain. Ab do aur rows, heatmap dekhe bina. Upar ki
#   queries/keys wali table se khud dot products nikaaliye (dimaag me ya kaagaz par), phir sochiye
#   softmax kya karega:
#   1. **"warm"** (adjective) ki row: "cat" aur "mat" me se kis ko zyada weight milega?
#      `warm_guess` me `"cat"`, `"barabar"` ya `"mat"` likhiye.
#   2. **"The"** (pehla word) ki row: sabse bada weight kitna hoga? `the_max_guess` me ek number
#      (0 se 1 ke beech) likhiye.
# * Yaad rakhiye: weight = softmax(q·k / √d_k), har row ke 10 weights ka jod 1.
#   Sentence ki kahani par nahi, numbers par jaiye!

# %%
# ✏️ exercise cell: apne andaaze likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: warm_guess: "cat", "barabar" ya "mat". the_max_guess: 0 se 1 ke beech ek number.
warm_guess = "barabar"
the_max_guess = 0.1
### END SOLUTION

# %%
warm, cat, mat = (words.index(word) for word in ("warm", "cat", "mat"))
warm_scores = k @ q[warm] / math.sqrt(d_k)
cat_w, mat_w = weights[warm, cat].item(), weights[warm, mat].item()
warm_actual = "barabar" if math.isclose(cat_w, mat_w, rel_tol=1e-6) else ("cat" if cat_w > mat_w else "mat")
tc.check_prediction("warm_cat_or_mat", warm_guess, warm_actual, query=q[warm].tolist(),
                    cat_score=warm_scores[cat], mat_score=warm_scores[mat], cat_w=cat_w, mat_w=mat_w)
tc.check_prediction("the_row_max", the_max_guess, weights[0].max().item(), query=q[0].tolist())

# %% [markdown]
# ### Picture: heatmap aur "it" ka bar chart
#
# * Heatmap me **row = query** (kaun dekh raha hai), **column = key** (kis ko dekha). Har row ka sum 1.
# * "it" ki row me "cat" sabse gehra (0.70), "mat" thoda (0.12): pronoun ne jaandar noun dhoondha.
# * "sat" aur "was" (verbs) bhi "cat" ko dekhte hain: apna subject.

# %%
tc.plotting.heatmap(weights, words, words, title="Haath se banaye vectors: attention weights")
plt.show()
tc.attention.draw_weight_bars(weights[it], words, "it")
plt.show()
no_question = [i for i in range(len(words)) if not q[i].any()]   # query = 0 wale words
assert all(torch.allclose(weights[i], torch.full((10,), 0.1)) for i in no_question)
print("Query = 0 wale words:", ", ".join(words[i] for i in no_question),
      "→ in rows me har weight", f"{weights[no_question[0], 0]:.2f}")

# %% [markdown]
# * "warm" ki row me "cat" aur "mat" barabar: adjective ki query sirf "noun?" poochti hai.
# * "The", "on", "the", "because" (function words) ki query 0 hai, to saare scores 0 aur weights
#   barabar (0.10 each): koi sawaal nahi, to sab par barabar dhyaan.

# %% [markdown]
# ## Seed ka cell: `nn.MultiheadAttention` (random, untrained)
#
# * Ab seed ka doosra cell, bilkul waise hi jaise likha tha. PyTorch ki apni attention layer,
#   ek head ke saath, aur input 10 random vectors.

# %%
import torch.nn as nn

seed = tc.seed_everything(0)

# %%
attn = nn.MultiheadAttention(embed_dim=64 , num_heads=1)
x = torch.randn(10 , 1 , 64)

out , weights = attn(x , x , x)

print("Weights Shape : " , weights.shape)
print("weights : " , weights)

# %% [markdown]
# * `x` ka shape `(10, 1, 64)` = **(seq_len, batch, embed_dim)**: `nn.MultiheadAttention` ka
#   default `batch_first=False` hai, isliye seq_len pehle aata hai.
# * `weights.shape` = `torch.Size([1, 10, 10])` = **(batch, query position, key position)**.
#   Kai heads hon to PyTorch default me unka average deta hai (`average_attn_weights=True`).
# * `out` ka shape input jaisa `(10, 1, 64)`: attention shape nahi badalta.
# * Neeche ke cell me yeh baatein `assert` se check karke print karte hain.

# %% tags=["nbval-check-output"]
assert weights.shape == (1, 10, 10) and out.shape == (10, 1, 64)
row_sums = weights.sum(dim=-1)
assert torch.allclose(row_sums, torch.ones_like(row_sums))
print("x.shape       =", tuple(x.shape), "= (seq_len, batch, embed_dim)")
print("weights.shape =", tuple(weights.shape), "= (batch, query position, key position)")
print("out.shape     =", tuple(out.shape), "= (seq_len, batch, embed_dim)")
print("har query row ka sum 1:", bool(torch.allclose(row_sums, torch.ones_like(row_sums))))
print(f"weights ka mean = {weights.mean().item():.2f} (= 1/10, kyunki har row 10 keys me 1 baant-ti hai)")

# %% [markdown]
# ### Sach: yeh random weights abhi kuch nahi samajhte
#
# * Seed kehta hai "Attention pehle 'cat' par focus karega". **Is cell me aisa nahi hota**, aur ho
#   bhi nahi sakta: layer ke W_Q, W_K, W_V random hain (train nahi hue), aur `x` bhi koi sentence
#   nahi, sirf random numbers hain.
# * Weights 0.1 ke aas-paas bikhre hain (uniform hota to har weight exactly 0.1). Seed badlo to
#   pattern poora badal jaata hai: yeh noise hai, samajh nahi. (Isi wajah se aapke numbers seed
#   document me chhape numbers se alag hain.)
# * Neeche 10 random vectors ko sentence ke words ke naam diye hain, sirf padhne ki suvidha ke liye.
# * Notebook 06 me ek chhota Transformer **train** karenge, aur naapenge ki trained attention
#   "it" ke liye kahan dekhta hai.

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 5))
for ax, seed in zip(axes, [0, 1], strict=True):
    tc.seed_everything(seed)
    random_layer = nn.MultiheadAttention(embed_dim=64, num_heads=1)
    _, w_random = random_layer(*[torch.randn(10, 1, 64)] * 3)
    w_random = w_random[0].detach()
    tc.plotting.heatmap(w_random, words, words, ax=ax, vmax=0.5,
                        title=f"Random layer, seed {seed}: koi pattern nahi")
    print(f"seed {seed}: weights {w_random.min():.2f} se {w_random.max():.2f} tak, "
          f'"it" sabse zyada "{words[w_random[it].argmax()]}" ko dekhta hai')
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Trained attention kaisi dikhti hai?
#
# * Ab tak do tarah ke weights dekhe: **haath se banaye** (humne chune) aur **random** (kuch nahi
#   seekha). Ab teesri tarah: **data se seekhe hue**.
# * Course ke saath ek chhota trained model aata hai: notebook 06 ka "it → noun" model (2 layers ×
#   4 heads, `d_model = 64`). Teen naye shabd, bas utna jitna yahan chahiye:
#   * **head**: ek attention, bilkul upar jaisa (apne Q, K, V ke saath). Ek layer me kai heads
#     saath chalte hain; details notebook 04 me.
#   * **layer**: attention ke upar attention. Layer 1 ka input layer 0 ka output hai, to layer 1
#     ke vectors me doosre words ki information aa chuki hoti hai.
#   * **checkpoint**: train hue model ke weights ki file (`trained_attention.pt`, 1 MB se chhoti),
#     ek fixed seed se train karke save ki. Notebook 06 me aap aisa model khud train karenge; yahan
#     sirf uske seekhe hue weights padhte hain.
# * Uska task: "the cat sat on the mat because it was **tired**" → it = cat, aur "... because it
#   was **soft**" → it = mat. Sirf adjective batata hai ki "it" jaandar hai ya cheez. (Seed ka
#   "warm" dono par fit hota hai, isliye is toy data me nahi hai.)
# * Imaandari ke niyam:
#   * Dikhaye gaye sentences **held-out** hain: training me kabhi nahi aaye (split banate waqt hi
#     alag kiye gaye).
#   * Head humne **training sentences** par chuna (jiski "it" row sabse zyada baar sahi noun par
#     sabse bada weight rakhti hai), aur naapa **held-out** par.
#   * Har number neeche code print karta hai: checkpoint (seed 0) se, aur record ke 5 seeds se.

# %%
record = tc.records.load_record("trained_attention")   # 5 seeds ke naap (kaise bana: notebook 04)
trained, it_vocab = tc.attention_trained.load_trained()
train_its, held_its = tc.tasks.it_split()
held_acc = tc.attention_trained.scores(trained, held_its, it_vocab)["accuracy"]
per_seed = record["results"]["per_seed"]
assert held_acc == per_seed["0"]["held_out"]["accuracy"]  # wahi checkpoint, wahi held-out set
print(f"{len(train_its)} training sentences, {len(held_its)} held-out (koi sentence dono me nahi)")
print(f"checkpoint (seed 0) ki held-out accuracy: {held_acc:.1%}   (do nouns me sikka uchhaalna: 50%)")
print("5 seeds ki held-out accuracy:",
      tc.claims.mean_range([r["held_out"]["accuracy"] for r in per_seed.values()], spec=".1%"))

# %%
layer, head = per_seed["0"]["referent_head"]   # sweep ne training sentences par chuna
tired, soft = tc.attention_trained.showcase_sentences(held_its)     # seed ke sentences, held-out
show_maps = tc.attention_trained.it_maps(trained, [tired, soft], it_vocab)  # (2, layers, heads, 10, 10)
hand_weights = torch.softmax(q @ k.T / math.sqrt(d_k), dim=-1)        # upar ke haath wale weights
tc.attention_trained.plot_handmade_vs_trained(hand_weights, words, show_maps[0, layer, head],
                                              tired, layer, head)
plt.show()
for sentence, maps in zip([tired, soft], show_maps, strict=True):
    row = maps[layer, head, sentence.it_position]
    top = row.argsort(descending=True)[:3].tolist()
    print(f'"...it was {sentence.adjective}": "it" ka top 3: '
          + ", ".join(f"{sentence.words[j]} {row[j]:.2f}" for j in top) + f"   (sahi noun: {sentence.referent})")
held_summary = tc.attention_trained.head_summary(                   # saare held-out sentences, abhi naapa
    tc.attention_trained.it_maps(trained, held_its, it_vocab), held_its)
assert tc.attention_trained.summary_matches(held_summary, tc.attention_trained.record_summary(record))
assert held_summary["referent"][0].max() > 0.2    # neeche ka text: layer 0 bhi chance (10%) se upar dikhta hai
print()
print("\n".join(tc.attention_trained.referent_head_lines(held_summary, layer, head, record)))

# %% [markdown]
# * Haath wale example me har row ka matlab humne khud likha tha. Trained model me kisi ne nahi
#   likha: model ne sirf sahi jawab ke liye train kiya (loss sirf "it" ki jagah par), aur yeh
#   pattern khud bana. Baaki words ki rows ke liye koi seedha sawaal nahi tha.
# * Pehli line ko sikke (50%) se milaiye: do nouns me jo zyada weight paaye, woh sahi hai ya nahi.
#   "Sabse bada weight kahan gira" akele dhokha de sakta hai: tulna wali line me layer 0 ka head bhi
#   chance (10 words me 10%) se kaafi upar dikhta hai. Kyun, yeh neeche ke exercise aur notebook 04 me.
# * Yeh ek head hai, ek seed ka. Doosre seeds ke model me kaunsa head chuna gaya aur woh kitne
#   sentences me sahi noun ko doosre se zyada weight deta hai, upar ki aakhri do lines me hai.
# * "it" ka sahi noun ko dekhna yeh **sabit nahi** karta ki model isi wajah se sahi jawab deta hai.
#   Notebook 06 yeh cheez rok kar (blocking) naapta hai.
# * Sabhi layers aur heads ek saath: notebook 04.

# %% [markdown]
# ### Exercise: kya layer 0 ko adjective pata hai?
#
# *Predict · mushkil ●●● · lagbhag 5 min*
#
# * Upar ke do held-out sentences sirf aakhri word me alag hain: "...it was tired" aur
#   "...it was soft".
# * Layer 0 (pehli layer) ka input har word ka apna vector hai (word + uski jagah; jagah wala
#   hissa notebook 03 me).
# * Layer 0 ka koi bhi head lijiye, "it" ki row me ratio **"cat" ka weight ÷ "mat" ka weight**,
#   dono sentences me. Kis sentence me ratio bada hoga?
# * `layer0_guess` me `"tired me zyada"`, `"barabar"` ya `"soft me zyada"` likhiye.
# * Atke to, ek-ek karke: (1) softmax ka formula likhiye: do weights ka ratio kin do scores par
#   depend karta hai? (2) Un do scores me kaunse vectors aate hain, aur kya woh "tired" / "soft"
#   badalne se badalte hain?

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: "tired me zyada", "barabar" ya "soft me zyada" likhiye.
layer0_guess = "barabar"
### END SOLUTION

# %%
ratios0 = tc.attention_trained.noun_ratio(show_maps, [tired, soft], layer=0)   # (2 sentences, heads)
tc.check_prediction("trained_layer0_ratio", layer0_guess,
                    tc.attention_trained.ratio_verdict(ratios0[0], ratios0[1]),
                    tired=tc.attention_trained.format_ratio_powers(ratios0[0]),
                    soft=tc.attention_trained.format_ratio_powers(ratios0[1]))

# %% [markdown]
# * Layer 0 ke attention se pehle kisi word ko doosre words ka kuch pata nahi: "it" ki query aur
#   nouns ki keys sirf unke apne vectors se banti hain.
# * Aur layer 1? Uska input layer 0 ka output hai, jisme "it" ke vector me doosre words (adjective
#   bhi) ki information mil sakti hai. Neeche wahi ratio layer 1 me; kya badla, code batata hai.

# %%
ratios1 = tc.attention_trained.noun_ratio(show_maps, [tired, soft], layer=1)
print("layer 1, har head me cat ÷ mat, 10 ki power me (10^2 = 100 guna, 10^-2 = 100 guna kam):")
print("  tired:", tc.attention_trained.format_ratio_powers(ratios1[0]))
print("  soft: ", tc.attention_trained.format_ratio_powers(ratios1[1]))
print("→", tc.attention_trained.ratio_verdict(ratios1[0], ratios1[1]),
      "(barabar = har head me ratio same; warna heads ke average se)")

# %% [markdown]
# * Kaise padhein: `10^3.0` matlab "it" cat ko mat se **1000 guna** zyada weight deta hai; `10^0.0`
#   matlab barabar; minus power (`10^-2.0`) matlab mat ko 100 guna zyada. (Python yahi number
#   `1e+03` likhta hai: `e+03` = × 10^3.)
# * Layer 0 me dono sentences ke ratio same the; layer 1 me kis sentence me cat ki taraf kitna
#   jhukaav hai, upar ki lines me. Adjective ki information layer 0 ke output se hi yahan pahunch
#   sakti hai.

# %% [markdown]
# ## √d_k se divide kyun?
#
# * Maan lijiye q aur k ke har component random hain, mean 0 aur variance 1.
#   $q \cdot k = \sum_{i=1}^{d_k} q_i k_i$ me $d_k$ terms hain, har term ka variance 1, to
#   **sum ka variance ≈ $d_k$**, yaani scores ka spread ≈ $\sqrt{d_k}$.
# * $d_k = 512$ par scores ka standard deviation $\sqrt{512} \approx 22.6$ hai. $\sqrt{d_k}$ se divide karne par
#   $\text{Var}\left(\frac{q\cdot k}{\sqrt{d_k}}\right) = \frac{d_k}{d_k} = 1$, har $d_k$ par.
# * Lekin itne phaile hue scores se softmax ka kya bigadta hai? Formula ratne ki jagah, scaling
#   khud hata kar dekhiye.

# %% [markdown]
# ### Exercise: √d_k hata kar dekhiye
#
# *Modify · mushkil ●○○ · lagbhag 8 min*
#
# * Notebook ka attention `tc.scaled_dot_product_attention(q, k, v)` hai: woh scores ko √d_k se
#   divide karta hai. `unscaled_attention(q, k, v)` me **sirf ek cheez badliye**: bilkul wahi
#   attention, lekin √d_k se divide **nahi**. `(output, weights)` return kijiye.
# * Raasta aapka: reference ka `help(tc.scaled_dot_product_attention)` padhiye, ya Step 1–3 khud
#   likhiye. Check dekhega ki scaling sach me hati hai, aur baaki sab (softmax, weighted jod) wahi hai.
# * Experiment: 10 random keys, `d_k = 512`, 1000 random draws; har draw ka sabse bada weight, aur
#   unka average. Code chalane se **pehle** `peak_guess` me andaaza likhiye:
#   * `"flat"`: sab keys ko lagbhag barabar, sabse bada weight ≈ 0.1;
#   * `"beech me"`: normal (÷√d_k) attention jaisa, sabse bada weight 0.3 ke aas-paas;
#   * `"one-hot"`: ek key lagbhag saara weight le jaati hai (0.9 se zyada).

# %%
# ✏️ exercise cell: √d_k hataiye, aur apna andaaza likhiye
def unscaled_attention(q, k, v):
    """Notebook ka attention, lekin scores ko √d_k se divide kiye BINA. Returns (output, weights)."""
    ### BEGIN SOLUTION
    ### HINT: wahi attention chahiye (scores, softmax har row par, weights se values ka jod), bas
    ### HINT: √d_k wala divide nahi. Atke to: tc.hint("unscaled_attention").
    return tc.scaled_dot_product_attention(q, k, v, scale=1.0)
    ### END SOLUTION


### BEGIN SOLUTION
### HINT: peak_guess: "flat", "beech me" ya "one-hot".
peak_guess = "one-hot"
### END SOLUTION

# %%
unscaled_ok = tc.check_unscaled_attention(unscaled_attention)

# %%
if tc.ready_to_measure("unscaled_attention", unscaled_ok, {"unscaled_peak": peak_guess}):
    sizes = (4, 64, 512)
    peaks = torch.tensor([[tc.attention.mean_max_weight(fn, size)
                           for fn in (tc.scaled_dot_product_attention, unscaled_attention)]
                          for size in sizes])
    print("Sabse bada weight (1000 random draws ka average, 10 keys):")
    print(tc.attention.format_table(peaks, sizes, ["÷√d_k (notebook)", "bina scale (aapka)"],
                                    corner="d_k"))
    tc.check_prediction("unscaled_peak", peak_guess, tc.attention.peak_kind(peaks[-1, 1].item()))

# %% [markdown]
# ### Jo dekha, uska naam: softmax ka saturate hona
#
# * Bina scaling, bada $d_k$ → scores ka spread ≈ 23 → softmax me $e^{20}$ ke saamne $e^{0}$ kuch
#   nahi: ek key saara weight le jaati hai ("one-hot"), baaki ≈ 0. Ise softmax ka **saturate** hona
#   kehte hain.
# * Gradient ka kya? Softmax ka derivative $\partial p_i/\partial s_j = p_i(\delta_{ij} - p_j)$ hai.
#   One-hot $p$ par (ek $p_i = 1$, baaki 0) yeh har entry 0 ho jaata hai: scores tak gradient
#   pahunchta hi nahi. Paper (section 3.2.1) ka bhi yahi shak ("we suspect") tha: bade $d_k$ par
#   softmax "extremely small gradients" wale hisse me chala jaata hai, isliye scaling.
# * Neeche poori tasveer: 10 alag $d_k$, 3 seeds × 300 random draws har ek par. Chaar cheezein:
#   sabse bada weight, entropy, **$1 - \sum p^2$** aur **asli gradient ka size**. Pehle do panels
#   ke liye itna kaafi hai; panel 3–4 ki detail **gehri baat (optional)** hai.
# * Chaar shabd, ek-ek line me:
#   * **Jacobian**: har weight $p_i$ har score $s_j$ ke saath kitna hilta hai, un sab
#     $\partial p_i/\partial s_j$ ki table.
#   * **Trace**: us table ke diagonal ka jod (har weight apne hi score ke saath kitna hilta hai).
#   * **Upstream gradient**: loss ki taraf se "upar se aaya" signal, har weight ke liye ek number.
#   * **Autograd**: PyTorch ka automatic derivative, `.backward()` se.
# * $1 - \sum_i p_i^2 = \sum_i p_i(1 - p_i) = \sum_i \partial p_i/\partial s_i$: yeh softmax ke
#   Jacobian ka **trace** hai. Yeh saturation ka ek naap hai, gradient ka size **nahi**.
# * Gradient ka size isliye alag se, autograd se naapa: ek random upstream gradient
#   $g$ (har weight par $\mathcal{N}(0, 1)$) lo, $L = \sum_j g_j p_j$, aur $\lVert \partial L/\partial q\rVert$
#   (query tak, yaani $W_Q$ ki taraf, kitna signal pahuncha). Dono versions ko same draws milte hain.

# %%
stats = tc.attention.softmax_saturation(d_ks=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512),
                                       n_keys=10, trials=300, seeds=(0, 1, 2))
table = torch.tensor([stats["dot_var"], stats["unscaled"]["max_weight"],
                      stats["scaled"]["max_weight"]]).T
print(tc.attention.format_table(table, stats["d_k"],
                                ["Var(q·k)", "max weight (bina scale)", "max weight (÷√d_k)"],
                                digits=2, corner="d_k"))

# %%
tc.attention.draw_saturation(stats)
plt.show()
print(tc.attention.gradient_summary(stats))
print()
print(tc.attention.gradient_onset_summary(stats))
un, sc = stats["unscaled"], stats["scaled"]
onsets = tc.attention.gradient_onsets(stats)
assert un["grad_median"][-1] < 0.1 * sc["grad_median"][-1]    # typical draw: bahut chhota
assert un["grad_mean"][-1] > 0.5 * sc["grad_mean"][-1]        # mean: gira nahi
assert un["score_grad_mean"][-1] < 0.5 * sc["score_grad_mean"][-1]  # score tak mean bhi gira
assert all(0.1 < m < 1 for m in sc["grad_median"])            # ÷√d_k: har d_k par ek size
assert onsets["below"] >= 64 and onsets["far"] >= 128         # chhote d_k par median chhota nahi
assert onsets["wide"] < onsets["far"]                         # band pehle chauda, median baad me

# %% [markdown]
# * **Pehle teen panels (laal = bina scaling)**: $d_k$ badhne par sabse bada weight 1 ki taraf,
#   entropy aur $1 - \sum p^2$ 0 ki taraf: softmax one-hot ban gaya. **Neeli line (÷√d_k)**: har
#   $d_k$ par lagbhag same.
# * **Chautha panel (asli gradient)**: yahan kahani **aadhi sach** hai, aur upar ke print ne
#   numbers se batayi. Bina scaling *typical* draw (median) ka gradient bade $d_k$ par bahut chhota
#   ho jaata hai, lekin turant nahi: upar print dekhiye, median kis $d_k$ se girta hai (chhote
#   $d_k$ par woh ÷√d_k wale se chhota bhi nahi), aur band usse pehle hi chauda ho jaata hai.
# * Band chauda kyun: kabhi do scores lagbhag barabar hote hain, softmax one-hot nahi hota, aur tab
#   gradient bada hota hai (bina scaling $\partial s/\partial q = K$, ÷√d_k wale se $\sqrt{d_k}$
#   guna bada). Isliye $\lVert \partial L/\partial q\rVert$ ka mean nahi girta. Sirf softmax ka hissa
#   ($\lVert \partial L/\partial s\rVert$, print ki "Sirf softmax ka hissa" wali line) alag karke dekho to wahan mean bhi
#   girta hai: saturation asli hai. Training ke liye yeh signal ya to ≈ 0 hai ya bahut bada:
#   bharosemand nahi.
# * ÷√d_k ke saath median gradient har $d_k$ par 0.1 aur 1 ke beech rehta hai, aur band patla.
#   Isiliye formula me $\sqrt{d_k}$ hai. (Upar wale cell ke `assert` in baaton ki guarantee hain:
#   numbers badle to cell fail hoga.)
# * Yeh sab random q, k par naapa hai (jaise training ki shuruaat me). Trained model ke scores
#   apne data par depend karte hain; wahan yeh numbers seedhe lagu nahi hote.

# %% [markdown]
# ## Masks: kuch words ko dekhne se rokna
#
# ### `-inf` softmax me kya karta hai
#
# * $e^{-\infty} = 0$. Kisi score ko `-inf` kar do to uska weight **exactly 0**, aur baaki weights
#   ka sum phir bhi 1.
# * Convention (`torch.nn.functional.scaled_dot_product_attention` jaisa, poore course me yahi):
#   * **bool mask**: `True` = "dekh sakta hai", `False` = block (score `-inf` ban jaata hai).
#   * **float mask**: score me **joda** jaata hai: 0 = allowed, `-inf` = block, baaki numbers = bias.
# * ⚠️ Dhyaan: `nn.MultiheadAttention` ke bool `key_padding_mask` / `attn_mask` me matlab **ulta**
#   hai: wahan `True` = *ignore karo*. Masks dete waqt docs zaroor padhiye.

# %% tags=["nbval-check-output"]
scores_demo = torch.tensor([2.0, 1.0, float("-inf"), 0.5])
print("scores          :", scores_demo.tolist())
print("exp(scores)     :", [round(v, 3) for v in torch.exp(scores_demo).tolist()])
print("softmax(scores) :", [round(v, 3) for v in torch.softmax(scores_demo, dim=-1).tolist()])

# %% [markdown]
# ### Padding mask
#
# * Batch me sentences alag lambai ke hote hain. Tensor rectangular chahiye, to chhote sentence ko
#   `[PAD]` se bhar dete hain.
# * `[PAD]` asli word nahi hai: koi query use na dekhe. **Padding mask** har sentence ke liye
#   batata hai ki kaunsi keys asli hain.
# * `tc.padding_mask(lengths)` ka shape `(batch, 1, max_len)`: beech wala 1 har query
#   row par broadcast hota hai.

# %% tags=["nbval-check-output"]
PAD = tc.attention.PAD
batch_words = [["The", "cat", "sat", "on", "the", "mat"],
               ["the", "cat", "sat", PAD, PAD, PAD]]
xb = torch.stack([tc.attention.toy_word_vectors(s) for s in batch_words])  # (2, 6, 6)
qb, kb, vb = xb @ w_q, xb @ w_k, xb @ w_v
pad_mask = tc.padding_mask([6, 3])
print("pad_mask.shape =", tuple(pad_mask.shape), "= (batch, 1, key position)")
print(pad_mask.int())

_, w_no_mask = tc.scaled_dot_product_attention(qb, kb, vb)
_, w_masked = tc.scaled_dot_product_attention(qb, kb, vb, pad_mask)
sat = 2
print('\nSentence 2 me "sat" ki row:')
print(tc.attention.format_table(torch.stack([w_no_mask[1, sat], w_masked[1, sat]]),
                                ["bina mask", "padding mask"], batch_words[1], corner="sat →"))
print(f"\nbina mask [PAD] ne {w_no_mask[1, sat, 3:].sum():.0%} dhyaan chura liya; mask ke saath 0%.")

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
tc.plotting.heatmap(w_no_mask[1], batch_words[1], batch_words[1], ax=axes[0], vmax=1,
                    title="Bina mask: [PAD] ko bhi weight mila")
tc.plotting.heatmap(w_masked[1], batch_words[1], batch_words[1], ax=axes[1], vmax=1,
                    title="Padding mask ke saath: [PAD] columns = 0")
fig.tight_layout()
plt.show()

# %% [markdown]
# * Daayi taraf `[PAD]` ke columns exact 0 hain, aur har row ka sum phir bhi 1.
# * `[PAD]` ki apni **rows** (queries) bhi kuch compute karti hain; unka output baad me ignore
#   hota hai (loss me nahi ginte).

# %% [markdown]
# ### Causal mask: pehli jhalak
#
# * Text generate karte waqt model ko aage ke words nahi dikhne chahiye: woh abhi bane hi nahi.
# * **Causal mask**: position i sirf 0..i tak dekh sakta hai. Matrix ka lower triangle `True`.
# * Detail notebook 08 (decoder) me; abhi bas picture dekhiye.

# %% tags=["nbval-check-output"]
c_mask = tc.causal_mask(10)
print("causal_mask(10) (1 = dekh sakta hai), pehli 4 rows:")
print(c_mask[:4].int())
_, w_causal = tc.scaled_dot_product_attention(q, k, v, c_mask)
assert torch.all(w_causal.triu(diagonal=1) == 0)
print(f'\n"The" (pehla word) sirf khud ko dekhta hai: weight {w_causal[0, 0]:.2f}')
print(f'"it" ab bhi "cat" dekh sakta hai (cat pehle aaya): weight {w_causal[it, 1]:.2f}')

# %%
tc.plotting.heatmap(w_causal, words, words, vmax=1,
                    title="Causal mask: upar ka triangle (future) = 0")
plt.show()

# %% [markdown]
# ### Agar kisi query ki poori row block ho jaaye?
#
# * Saari keys `-inf` → softmax = 0/0 = **NaN**. Yeh tab hota hai jab masks mil kar kisi query ke
#   liye ek bhi key na chhodein, jaise batch me ek poora sentence sirf padding ho.
# * Course ka reference aisi row ko **0 weights aur 0 output** deta hai, aur yeh baat woh **khud
#   define karta hai** (code me alag se: "jis row ke saare scores `-inf`, uske weights 0"). Isliye
#   har torch version par same.
# * PyTorch ka `F.scaled_dot_product_attention`: **2.5 se** math backend (aur PR #133882 ke
#   hisaab se fused kernels bhi) aisi row ko 0 dete hain ("safe softmax"; issue #103749 isi wajah se
#   band hua); 2.5 se purane versions NaN dete the. Lekin kuch backend/device combos par NaN ke
#   reports ab bhi hain (jaise issue #163997: torch 2.8, macOS CPU, float `-inf` mask, eval mode;
#   FLASH_ATTENTION backend ke reports bhi). Course package torch ≥ 2.3 allow karta hai, isliye hum
#   PyTorch ke bharose nahi rehte. Apne setup (device, backend) par yeh **khud check kijiye**.
# * `nn.MultiheadAttention` ke andar do raaste hain: `need_weights=True` (default) par woh weights
#   lautane ke liye **apna plain softmax** chalata hai (saare `-inf` → 0/0 = NaN);
#   `need_weights=False` par woh `F.scaled_dot_product_attention` bulata hai (upar wala safe softmax).
# * Neeche pehle course ka reference (har machine par same, isliye output check hota hai), phir
#   *aapke* PyTorch ka `F.scaled_dot_product_attention` aur `nn.MultiheadAttention` (dono raaste).

# %% tags=["nbval-check-output"]
import torch.nn.functional as F

blocked = torch.ones(10, 10, dtype=torch.bool)
blocked[it] = False                                   # "it" kisi ko nahi dekh sakta
ours_out, ours_w = tc.scaled_dot_product_attention(q, k, v, blocked)
live = torch.arange(10) != it
print('course reference: "it" ke weights:', tc.attention.row_state(ours_w[it]),
      '| output:', tc.attention.row_state(ours_out[it]))
unmasked_out, _ = tc.scaled_dot_product_attention(q, k, v)
print("baaki 9 rows bina mask wale attention jaisi?",
      bool(torch.allclose(ours_out[live], unmasked_out[live])))

# %%
torch_out = F.scaled_dot_product_attention(q, k, v, attn_mask=blocked)
print(tc.attention.sdpa_blocked_row_sentence(torch.__version__,
                                             tc.attention.row_state(torch_out[it])))
print("F.sdpa ki baaki rows reference jaisi?",
      bool(torch.allclose(torch_out[live], ours_out[live], atol=1e-6)))
mha = nn.MultiheadAttention(embed_dim=6, num_heads=1, batch_first=True)
all_pad = torch.ones(1, 10, dtype=torch.bool)         # MHA me True = ignore (ulta convention!)
mha_states = [tc.attention.row_state(mha(v[None], v[None], v[None], key_padding_mask=all_pad,
                                         need_weights=need)[0][0]) for need in (True, False)]
print(tc.attention.mha_blocked_row_sentence(torch.__version__, *mha_states))

# %% [markdown]
# ## Exercise: apna `scaled_dot_product_attention` likhiye
#
# *Implement · mushkil ●●○ · lagbhag 20 min*
#
# * Function `(q, k, v, mask=None)` le aur `(output, weights)` return kare. Shapes:
#   q `(..., L_q, d_k)`, k `(..., L_k, d_k)`, v `(..., L_k, d_v)`; `...` me batch/heads kuch bhi.
# * Steps (code aapka; har step upar kahin dekh chuke hain):
#   1. q aur k ki last dim (d_k) alag ho to `ValueError` raise kijiye (Hinglish message ke saath).
#   2. Har query ka har key se score: q ko k ke *transpose* se multiply kijiye, phir √d_k se divide.
#      Dhyan: batch wale tensors me sirf aakhri do dims palatni hain, isliye `.T` nahi chalega.
#   3. Mask: bool mask me jahan `False` hai (dekh nahi sakta), wahan score `-inf`; float mask ko
#      scores me seedha jodiye.
#   4. Jin rows me **saare** scores `-inf` hain, unke weights 0 hone chahiye, NaN nahi.
#   5. Softmax keys wali dim par (har query ki row ka jod 1), phir weights se values ka weighted jod.
# * Atak jaayein to `tc.hint("scaled_dot_product_attention")`: har baar ek level aage (idea →
#   shapes → code). Pehle khud koshish kijiye!
# * Check aapke output ko `F.scaled_dot_product_attention` se aur weights ko course ke reference
#   se milata hai: 2-D, 3-D, 4-D, float64, bool mask, float mask, causal mask, blocked row, galat input.
#   Blocked row ka jawab (0) course khud tay karta hai, PyTorch ka version nahi.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(q·kᵀ/√d_k + mask)·v. Returns (output, weights)."""
    ### BEGIN SOLUTION
    ### HINT: apna attention yahan likhiye, upar ke steps ke kram me: scores, √d_k, mask, softmax,
    ### HINT: weights se values ka jod. Atke to: tc.hint("scaled_dot_product_attention") (pehle
    ### HINT: idea, phir shapes, phir code).
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q aur k ka d_k barabar hona chahiye, lekin mila {q.shape[-1]} aur {k.shape[-1]}")
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            scores = scores + mask
    all_blocked = torch.isneginf(scores).all(dim=-1, keepdim=True)
    weights = torch.softmax(scores.masked_fill(all_blocked, 0.0), dim=-1)
    weights = weights.masked_fill(all_blocked, 0.0)
    return weights @ v, weights
    ### END SOLUTION

# %%
attention_ok = tc.check_scaled_dot_product_attention(scaled_dot_product_attention)

# %%
attention_fn = tc.choose(scaled_dot_product_attention, tc.scaled_dot_product_attention,
                         attention_ok)
_, w_check = attention_fn(q, k, v)
print(f'Toy sentence par: "it" sabse zyada "{words[w_check[it].argmax()]}" ko dekhta hai '
      f"({w_check[it].max():.2f}).")

# %% [markdown]
# ## Explorer: query word aur temperature badaliye
#
# * **query**: kis word ki nazar se dekhna hai. Heatmap me uski row hara box, daayi taraf uske bars.
# * **temperature** T: scores ko T se aur divide karte hain, $\text{softmax}\left(\frac{q\cdot k}{\sqrt{d_k}\,T}\right)$.
#   T chhota → weights nukile (one-hot jaise), T bada → flat (sab barabar). T = 1 normal attention hai.
# * Yeh upar chune gaye `attention_fn` (aapka ya reference) se chalta hai; q ko T se divide karna
#   scores ko T se divide karne jaisa hi hai.
# * Try: "it" chuniye aur T ko 0.3 tak ghataiye. Phir "The" chuniye: T kuch bhi ho, row flat
#   rehti hai. Kyun? (Hint: "The" ki query.)

# %%
import ipywidgets as widgets


def draw_toy_attention(query_index, temperature):
    _, w = attention_fn(q / temperature, k, v)
    tc.attention.draw_attention(w, words, query_index,
                                title=f"Toy attention, temperature T = {temperature:.1f}")
    plt.show()


tc.explore(draw_toy_attention, {
    "query_index": widgets.Dropdown(options=[(f"{i}: {w}", i) for i, w in enumerate(words)],
                                    value=it, description="query"),
    "temperature": widgets.FloatSlider(value=1.0, min=0.1, max=4.0, step=0.1,
                                       description="temperature"),
}, title="Attention explorer")

# %% [markdown]
# ## Quiz

# %%
tc.quiz([
    tc.Question(
        "Softmax ke baad ek query row ke saare attention weights ka sum kitna hota hai?",
        ["Row ka koi fixed sum nahi; 1 ka sum har column (key) ka hota hai", "1",
         "scores ke sum jitna: softmax sirf negative scores ko positive banata hai",
         "sentence ki lambai"],
        answer=1,
        explanation="Softmax har row ko 1 me baant-ta hai: weights ek tarah ka 'dhyaan ka bantwara' hain.",
        nudge="Step 2 ka formula dekhiye: denominator me kaunse e^score jodte hain, ek query "
              "ki row ke ya ek key ke column ke?"),
    tc.Question(
        "d_k = 512 ho aur hum √d_k se divide na karein, to random q, k par kya hoga?",
        ["Weights bilkul barabar (flat) ho jayenge",
         "Scores ka spread ≈ √512 ≈ 23, softmax lagbhag one-hot, aur typical draw me gradient ≈ 0",
         "Kuch nahi badlega: √d_k sab scores ke liye ek hi number hai, softmax par asar nahi",
         "e^score overflow ho jaayega, isliye weights NaN ban jaayenge"],
        answer=1,
        explanation="q·k ka variance ≈ d_k hota hai. Bade scores softmax ko saturate kar dete hain, aur saturated softmax scores tak lagbhag koi gradient nahi bhejta. Naapa hua sach: typical draw me gradient ≈ 0, lekin kabhi-kabhi (jab do scores paas hon) bada; isliye signal noisy hai.",
        nudge="d_k terms jodne par q·k ka variance kitna hota hai? Phir saturation wali table me "
              "'bina scale' column ko d_k = 512 par padhiye."),
    tc.Question(
        "Is course (aur F.scaled_dot_product_attention) ke bool mask me `False` ka matlab kya hai?",
        ["Us key ko dekhna mana hai: score -inf, weight 0",
         "Us key ko dekh sakte hain; block to True wali keys hoti hain",
         "Us query ka output NaN hoga"],
        answer=0,
        explanation="True = dekh sakta hai, False = block. Dhyaan: nn.MultiheadAttention ke bool masks me matlab ulta hai.",
        nudge="Masks section ki convention list dobara padhiye, aur yaad rakhiye ki "
              "nn.MultiheadAttention ka convention us se alag hai."),
    tc.Question(
        "Seed ke cell me weights.shape = (1, 10, 10). Teeno numbers kya hain?",
        ["(heads, batch, seq_len)", "(batch, query position, key position)",
         "(batch, seq_len, embed_dim)", "(batch, key position, query position)"],
        answer=1,
        explanation="Har query position ke liye har key position ka ek weight; pehla axis batch hai (heads ka average).",
        nudge="x ka shape aur num_heads dekhiye, aur sochiye: softmax kis dim par chala, yaani kis "
              "dim ka sum 1 aaya?"),
    tc.Question(
        "Random (untrained) nn.MultiheadAttention me kya 'it' ki row 'cat' par focus karegi?",
        ["Haan, hamesha", "Nahi: W_Q, W_K random hain; pattern tabhi aata hai jab model train ho",
         "Haan, softmax khud sabse relevant word ko sabse zyada weight de deta hai"],
        answer=1,
        explanation="Random layer ke weights noise hain, seed badlo to pattern badal jaata hai. Koi pattern training se hi aa sakta hai; trained model kahan dekhta hai, yeh notebook 06 me naapenge.",
        nudge="seed 0 aur seed 1 wale heatmaps milaaiye: pattern same raha? Aur us cell me x kya "
              "tha, asli sentence ya random numbers?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Query = "kya dhoondh raha hoon", key = "main kya hoon", value = "mere paas kya info hai".
# * Attention ke teen steps: **score = q·k / √d_k → softmax → weights @ v**. Sab queries ek saath:
#   $\text{softmax}(QK^\top/\sqrt{d_k})\,V$.
# * Weights ki har row ka sum 1; heatmap me row = query, column = key.
# * $\sqrt{d_k}$ se divide isliye: q·k ka variance ≈ $d_k$, bina scaling softmax saturate hota hai.
#   $1 - \sum p^2$ softmax Jacobian ka trace hai, gradient ka size nahi. Asli gradient naapa: bina scaling
#   typical draw ka gradient sirf bade $d_k$ par ≈ 0 hota hai (kahan se, print batata hai), par
#   kabhi-kabhi bada, aur band usse pehle hi chauda; ÷√d_k ke saath har $d_k$ par ek size.
# * Mask: bool `True` = dekh sakta hai; `False`/`-inf` → weight exactly 0 ($e^{-\infty} = 0$).
#   Padding mask `[PAD]` ko chhupata hai, causal mask future ko. `nn.MultiheadAttention` me ulta convention.
# * Poori row block ho to NaN ka khatra: course ka reference use khud 0 banata hai (har torch
#   version par). `F.scaled_dot_product_attention` torch 2.5 se (math backend par) 0 deta hai,
#   pehle NaN; kuch backend/device par NaN ke reports ab bhi hain: khud check kijiye.
#   `nn.MultiheadAttention` `need_weights=True` par apna plain softmax chalata hai (NaN ka khatra).
# * Random layer ke weights kuch nahi samajhte; koi bhi pattern **training** se hi aa sakta hai (notebook 06).
# * Trained model ka layer 0 "it" ke liye cat ÷ mat ka ratio adjective se nahi badal sakta (query aur
#   keys sirf apne words se), to dono nouns me sahi chunna layer 0 ke attention ke bas ka nahi. Head ko
#   baseline se naapiye ("sahi > doosra" ka chance 50%), sirf "sabse bada weight" se nahi.
# * Humare toy vectors haath se bane the; asli model Q, K, V ki matrices khud seekhta hai.

# %% [markdown]
# **Agla notebook:** [03 · Positional encoding](03_positional_encoding.ipynb) →
