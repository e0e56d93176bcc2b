# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/01_transformer_intuition.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/01_transformer_intuition.ipynb)
#
# # 01 · Transformer intuition

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
# * Transformer **poora sequence ek saath** kyun dekhta hai, aur RNN/LSTM **step by step** kyun chalte hain.
# * Attention ka core idea (ek line ka formula; poori detail notebook 02 me), aur uski **asli keemat**:
#   layer ka kaunsa hissa $n^2$ ke saath badhta hai, kaunsa $n$ ke saath, aur $n^2$ wala kab bhaari padta hai.
# * Paper ki Table 1 (self-attention vs recurrent vs convolution) apne shabdon me.
# * Encoder **samajhta** hai, decoder **banata** hai: dono ka bada picture.
# * Seed ka encoder code chalana aur uska **har number** padhna: `10`, `1`, `512`, `8`, `2`.
# * PyTorch ki `batch_first` warning ka matlab, aur use kaise hatayein (khud badal kar).
# * Galat layout error nahi deta: same shape, lekin bilkul alag matlab.
# * Ek layer ke **parameters haath se ginna** (formula), aur PyTorch se milana.

# %% [markdown]
# ## Transformer kya hai? (intuition)
#
# * Transformer ek deep learning architecture hai jo **sequence data** samajhne me expert hai:
#   text, audio, code, yahan tak ki images bhi (chhote patches ka sequence bana kar).
# * RNN ya LSTM sentence ko **step by step** padhte hain: pehla word, phir doosra, phir teesra…
#   Har step pichhle step ka intezaar karta hai.
# * Transformer **poora sequence ek saath** dekhta hai: har word ek hi step me baaki sab words
#   ko dekh sakta hai.
# * Iska core idea **attention** hai: model har word ko baaki words ke context me samajhta hai,
#   aur khud decide karta hai ki kis word ko kitna weight dena hai.
# * **Encoder** input ka meaning samajhta hai, **decoder** output banata hai. Isi se translation
#   models aur large language models (LLMs) bante hain.
# * Design **parallel** hai: training me saare positions ek saath compute ho sakte hain (RNN ke
#   $n$ steps ek ke baad ek chalte hain). Paper ka daava: isse training zyada parallel aur GPU
#   par tez hoti hai. Har machine par tez ho, yeh zaroori nahi: notebook 07 me naapenge.
#
# **Seed se thoda zyada sach (honest notes):**
#
# * Seed kehta hai attention se "yaad rakhne ki problem khatam" ho jaati hai. Poori khatam nahi
#   hoti: har word ka har word se seedha raasta milta hai (yeh bada fayda hai), lekin iski keemat
#   hai: $n$ words ke liye $n \times n$ scores. Sentence 10 guna lamba → scores 100 guna. Lekin
#   poori layer ka kaam 100 guna **nahi** hota: chhote sentences par zyada kaam Q/K/V projections
#   aur FFN me hota hai, jo sirf $n$ ke saath badhte hain. $n^2$ wala hissa tab bhaari padta hai
#   jab sentence ki lambai vector size $d$ se kaafi aage nikal jaaye. Neeche yeh sab gin kar
#   dekhenge. Aur model utne hi tokens dekhta hai jitna uska context window hai.
# * "Parallel" training ke liye sach hai. Lekin text **generate** karte waqt decoder ab bhi ek
#   word ke baad ek word banata hai (notebook 08).

# %% [markdown]
# ## Picture: step by step vs sab ek saath
#
# * Example sentence (seed wala): **"The cat sat on the mat because it was warm"**, theek 10 words.
# * **Left (RNN):** har hidden state $h_t$ pichhle $h_{t-1}$ se banta hai. "cat" ki jaankari ko
#   "it" tak pahunchne ke liye 6 steps ki chain paar karni padti hai, aur har step par thodi
#   jaankari kho sakti hai (kitni, yeh model aur training par hai; notebook 07 me naapenge).
# * **Right (Transformer):** har output word har input word se seedha juda hai. "it" → "cat" sirf
#   1 step. Keemat: 10 × 10 = 100 jode.

# %%
import matplotlib.pyplot as plt

fig = tc.intuition.draw_rnn_vs_transformer()
plt.show()

# %% [markdown]
# ### Code me saboot: kaun kisko dekh sakta hai?
#
# * Picture to humne banayi; ab asli PyTorch layers se check karte hain.
# * Trick: output position $i$ input word $j$ par depend karta hai agar $\partial\, \text{out}_i / \partial x_j \neq 0$.
#   `tc.dependency_matrix` yahi gradient har $(i, j)$ jode ke liye nikalta hai.
# * Dono layers **random (untrained)** hain. Phir bhi pattern saaf aata hai, kyunki yeh weights
#   se nahi, **architecture** se aata hai.

# %%
import torch
import torch.nn as nn

tc.seed_everything(0)
words = tc.intuition.SENTENCE                       # 10 words
x_small = torch.randn(len(words), 16)               # (seq_len=10, d=16): har word ka ek random vector (asli text → vectors: 01b)

rnn = nn.RNN(input_size=16, hidden_size=16)         # RNN: input (seq_len, batch, d)
layer = nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32, dropout=0.0,
                                   batch_first=True).eval()

rnn_dep = tc.dependency_matrix(lambda s: rnn(s.unsqueeze(1))[0].squeeze(1), x_small)
enc_dep = tc.dependency_matrix(lambda s: layer(s.unsqueeze(0)).squeeze(0), x_small)

# %% tags=["nbval-check-output"]
print("RNN    : output i kitne input words par depend karta hai:", (rnn_dep > 0).sum(dim=1).tolist())
print("Encoder: output i kitne input words par depend karta hai:", (enc_dep > 0).sum(dim=1).tolist())
print(f"Jude hue pairs -> RNN: {int((rnn_dep > 0).sum())} / 100, encoder: {int((enc_dep > 0).sum())} / 100")

# %%
fig = tc.intuition.draw_dependencies(rnn_dep, enc_dep, words)
plt.show()

# %% [markdown]
# * **RNN:** "The" (pehla output) sirf "The" ko dekh paata hai; "warm" (aakhri) sabko. Ek triangle.
#   Aur "warm" wala output tab tak nahi ban sakta jab tak pehle ke 9 steps poore na ho jaayein.
#   Yahi "step by step" hai.
# * **Encoder:** poora square bhara hai. Har word ek hi layer me har word ko dekh leta hai, aur
#   saare 10 outputs ek saath (parallel) compute hote hain.
# * (Side note: bidirectional RNN dono taraf padhta hai, lekin phir bhi step by step.)

# %% [markdown]
# ## Attention ka core idea (ek jhalak)
#
# * Attention ek **weight system** jaisa hai: har word baaki words ko score deta hai. Zaroori words
#   ko high weight, baaki ko low weight.
# * Har word ke teen roop hote hain: **query** (main kya dhoondh raha hoon), **key** (mere paas kya
#   hai, yeh batane wala label), **value** (meri asli jaankari).
# * Output = values ka **weighted sum**. Formula (poori kahani notebook 02 me):
#
# $$\text{Attention}(Q, K, V) = \text{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V$$
#
# * $QK^\top$ ek $n \times n$ matrix hai: **har word ka har word se ek score**. Yahi seedha raasta
#   hai, aur yahi keemat bhi.
# * Seed ka example: "The cat sat on the mat because it was warm" me "it" kisko refer karta hai?
#   Seed kehta hai "cat"; lekin "warm" ke saath "mat" bhi sahi jawab ho sakta hai (garam mat!).
#   Yahi ambiguity model ko context se suljhani padti hai.
# * Ek **trained** model "it" ke liye "cat" ya "mat" ko zyada weight de sakta hai. Lekin ek
#   **random, untrained** layer kisi par khaas focus nahi karti: focus training se aata hai.
#   Random aur ek trained checkpoint notebook 02 me dekhenge; notebook 06 me ek chhota model khud
#   train karke naapenge ki woh "it" ke liye asal me kis word ka use karta hai (jawab hamesha woh
#   nahi hota jo hum sochte hain, aur zyada weight ka matlab "samajh gaya" hona zaroori nahi).

# %% [markdown]
# ### Keemat: attention kitna mehenga hai? FLOPs gin kar dekhiye
#
# * "Attention $O(n^2)$ hai" sach hai, lekin **aadha sach**: ek encoder layer me sirf do
#   matmul $n^2$ ke saath badhte hain. Baaki kaam $n$ ke saath badhta hai.
# * **FLOPs** (floating-point operations) = hisaab ke chhote kadam: ek multiply ya ek add.
#   Ginti ka rule: matrix $(a \times b)$ · $(b \times c)$ me $2abc$ FLOPs (har $(i, j, k)$ term
#   ka ek multiply, ek add). Ek sentence, $n$ tokens, $d$ = d_model, $f$ = d_ff:
#
# | hissa | kya hota hai | FLOPs | kiske saath badhta hai |
# |---|---|---|---|
# | Q, K, V, out projections | 4 Linear $d \to d$, har token par | $4 \cdot 2nd^2 = 8nd^2$ | $n$ (linear) |
# | $QK^\top$ scores | har token ka har token se dot product | $2n^2d$ | $n^2$ |
# | $AV$ weighted sum | har token values ka weighted sum leta hai | $2n^2d$ | $n^2$ |
# | FFN | $d \to f \to d$, har token par alag | $2nd f + 2nf d = 4ndf$ | $n$ (linear) |
#
# * `nhead` kahin nahi aata: $h$ heads me har head $d/h$ dims leta hai, kul wahi $d$.
# * Softmax, bias, ReLU, LayerNorm (element-wise kaam) yahan nahi gine: yeh sirf matmul FLOPs hain.
#   (Softmax bhi $h \cdot n^2$ numbers par chalta hai: ek aur $n^2$ kharcha, jo yahan nahi gina.)
# * Neeche har number `tc.intuition.encoder_layer_flops` ginta hai (yahi formula). Do sizes:
#   paper/seed ka $d = 512$ ($f = 2048$) aur ek chhota $d = 64$ (wahi $f = 4d$ rule: $f = 256$).

# %% tags=["nbval-check-output"]
header = (f"{'n':>7} | {'n² hissa (QKᵀ+AV)':>18} | {'linear (proj+FFN)':>18} | "
          f"{'n² ka share':>11} | {'scores memory*':>14}")
for d, heads in [(512, 8), (64, 4)]:
    print(f"d_model={d}, d_ff={4 * d}, {heads} heads: ek layer, ek sentence (matmul FLOPs)")
    print(header + "\n" + "-" * len(header))
    lengths = [10, 100, 1_000, 3_072, 10_000, 100_000] if d == 512 else [10, 100, 384, 1_000, 10_000]
    for row in tc.intuition.cost_rows(lengths, d_model=d, nhead=heads):
        print(f"{row['n']:>7,} | {row['quadratic']:>18,} | {row['linear']:>18,} | "
              f"{row['quadratic_share']:>10.1%} | {tc.intuition.format_bytes(row['scores_bytes']):>14}")
    print()
print("* scores memory: saare heads ke n×n attention weights, float32, agar poori matrix store ho.")

# %% [markdown]
# * Formula par bharosa kyun karein? PyTorch ka apna FLOP counter (`FlopCounterMode`) ek **asli**
#   `nn.TransformerEncoderLayer` (meta device par: sirf shapes, data nahi) ke har matmul ko ginta
#   hai. Dono ginti milni chahiye:

# %% tags=["nbval-check-output"]
for n, d, heads in [(10, 512, 8), (3_072, 512, 8), (100, 64, 4)]:
    counted = tc.intuition.pytorch_encoder_layer_flops(n, d, heads)
    ours = tc.intuition.flops_split(n, d)
    assert (counted["quadratic"], counted["linear"]) == ours and counted["other"] == 0
    print(f"n={n:>5}, d={d:>3}: PyTorch ginta hai n² hissa {counted['quadratic']:>14,}, "
          f"linear {counted['linear']:>14,}  (formula se bilkul same)")

# %% [markdown]
# Ab numbers se nikli baatein (yeh sentences bhi code hi likhta hai):

# %% tags=["nbval-check-output"]
print(tc.intuition.cost_sentence(10, 512))
quad_10, lin_10 = tc.intuition.flops_split(10, 512)
quad_100, lin_100 = tc.intuition.flops_split(100, 512)
print(f"n=10 → 100 (d=512): scores {quad_100 / quad_10:.0f} guna, lekin poori layer ke FLOPs "
      f"{(quad_100 + lin_100) / (quad_10 + lin_10):.1f} guna")
for d in (512, 64):
    alone, whole = tc.intuition.crossover_length(d, ffn=False), tc.intuition.crossover_length(d)
    print(f"d={d}: n² hissa aage nikalta hai: sirf attention sub-layer me n ≥ {alone} "
          f"(= {alone / d:g}·d), poori layer (d_ff = 4d) me n ≥ {whole} (= {whole / d:g}·d)")

# %%
fig = tc.intuition.draw_flops_vs_length(d_models=(64, 512))
plt.show()

# %% [markdown]
# * **Left:** $d = 512$ par lines ka jod (crossover). Lal line ($n^2$) ki dhalaan doguni hai, isliye
#   der se sahi, lekin aage nikal hi jaati hai. Chhote $n$ par neeli lines (Linear layers) upar hain.
# * **Right:** poori layer ke kaam me $n^2$ hisse ka share. Seed ke 10 words par woh lagbhag
#   zero hai (table ki pehli row); $d = 64$ wale chhote models me crossover bahut jaldi aata hai ($n = 6d$).
# * Dhyan dijiye, yeh crossover **ek hi layer ke andar** ka hai ($n^2$ hissa vs Linear hissa).
#   Paper ka rule "$n < d$ ho to self-attention sasta" ek **alag sawaal** hai: self-attention
#   layer vs **recurrent** layer. Woh neeche Table 1 ke baad gin kar dekhenge.
# * FLOPs time nahi hain: chhote heads aur softmax (jo yahan gina nahi) ki wajah se asli time me
#   attention ka hissa FLOPs ke share se zyada ho sakta hai, yaani time ka crossover pehle aa
#   sakta hai. Asli time notebook 07 me naapenge.
# * Memory alag kahaani hai: scores ki matrix poori **store** karein to woh $n^2$ ke saath badhti
#   hai (upar ki aakhri column). FlashAttention jaise kernels poori matrix store nahi karte (memory
#   bachti hai), lekin **compute** phir bhi $n^2$ ke saath badhta hai. Sliding-window ya sparse
#   attention jaise ideas isi wajah se bane.
# * Sabak: lambe sequences ($n$ kaafi bada, $d$ se kai guna) me attention ki $n^2$ keemat asli hai.
#   Chhote sentences me bhaari kaam Linear layers (projections, FFN) ka hai.

# %% [markdown]
# ### Paper ki Table 1, apne shabdon me
#
# "Attention Is All You Need" (Vaswani et al., 2017) ki Table 1 teen tarah ki layers (aur ek
# restricted attention) ko teen sawaalon par tolti hai ($O(\cdot)$ = constants chhod kar, sirf
# badhne ka tareeka; ($n$ = sequence length, $d$ = vector size, $k$ = convolution ki kernel
# width, $r$ = restricted attention ki window):
#
# | layer | ek layer ka kaam | ek ke baad ek steps | sabse lamba raasta |
# |---|---|---|---|
# | self-attention | $O(n^2 \cdot d)$ | $O(1)$ | $O(1)$ |
# | recurrent (RNN/LSTM) | $O(n \cdot d^2)$ | $O(n)$ | $O(n)$ |
# | convolutional | $O(k \cdot n \cdot d^2)$ | $O(1)$ | $O(\log_k n)$ (dilated; saadhi conv me $O(n/k)$, paper ke text se) |
# | self-attention, sirf $r$ padosi | $O(r \cdot n \cdot d)$ | $O(1)$ | $O(n/r)$ |
#
# * **Ek layer ka kaam** (complexity per layer): ek layer kitna hisaab karti hai, sabse tez badhne
#   wala term. Self-attention me $n^2$ jode; RNN me har step par $d \times d$ matrix.
# * **Ek ke baad ek steps** (sequential operations): kitne kaam aise hain jo pichhle ke khatam hone
#   ka intezaar karte hain. RNN ke $n$ steps; attention aur convolution sab positions ek saath.
#   Yahi "parallel" ka asli matlab hai.
# * **Sabse lamba raasta** (maximum path length): ek word ki jaankari ko doosre word tak pahunchne
#   me kitni layers/steps lagte hain. Upar ki dependency picture me RNN ki chain ("cat" → "it":
#   6 steps) vs attention ka 1 step.
# * Restricted attention (har token sirf $r$ padosi dekhe) wahi idea hai jo upar "sliding-window"
#   me aaya: $n^2$ ki jagah $r \cdot n$, lekin door ke word tak raasta lamba.
# * Dhyan: Table ki "self-attention" row sirf $n^2 \cdot d$ wala term likhti hai. Q/K/V projections
#   ($O(n \cdot d^2)$, upar ki table me "linear") usme nahi hain. Isliye asli ginti alag dikhegi.
#   Seed ke size par gin kar dekhiye (recurrent layer: har gate har step par do $d \times d$ matmul):

# %% tags=["nbval-check-output"]
n, d = 10, 512
attention_sublayer = sum(tc.intuition.flops_split(n, d, ffn=False))
print(f"n={n}, d={d}, ek layer ke matmul FLOPs:")
print(f"  {'self-attention sub-layer (projections ke saath)':<48} {attention_sublayer:>12,}   1 step")
for kind in ("RNN", "LSTM"):
    flops = tc.intuition.recurrent_layer_flops(n, d, kind)
    print(f"  {kind + ' layer':<48} {flops:>12,}   {n} steps, ek ke baad ek")
assert (tc.intuition.recurrent_layer_flops(n, d, "RNN") < attention_sublayer
        < tc.intuition.recurrent_layer_flops(n, d, "LSTM"))  # neeche ki baat isi par tiki hai
print(tc.claims.ratio("self-attention sub-layer", attention_sublayer, "LSTM layer",
                      tc.intuition.recurrent_layer_flops(n, d, "LSTM"), "zyada FLOPs karti",
                      "kam FLOPs karti"))

# %% [markdown]
# * Chhote sentence par FLOPs me attention ki koi bhaari jeet ya haar nahi: woh plain RNN aur LSTM
#   ke beech me hai. Asli fark **steps** ka hai: 1 vs $n$, aur **raaste** ka: 1 vs $n$.
# * Paper ka "$n < d$ ho to self-attention sasta" sirf Table ke bare terms ($n^2 d$ vs $n d^2$)
#   ki tulna hai. Projections jod kar ginein to neeche ka cell batata hai ki crossover kahan hai:

# %% tags=["nbval-check-output"]
for d in (64, 512):
    lstm_limit = tc.intuition.cheaper_than_recurrent_below(d, "LSTM")
    rnn_limit = tc.intuition.cheaper_than_recurrent_below(d, "RNN")
    print(f"d={d}: self-attention sub-layer LSTM layer se kam FLOPs karti hai jab n < {lstm_limit} "
          f"(= {lstm_limit / d:g}·d); plain RNN se "
          + ("kabhi nahi (projections hi RNN ke 2 guna hain)" if rnn_limit is None else f"jab n < {rnn_limit}"))

# %% [markdown]
# ## Encoder samajhta hai, decoder banata hai
#
# * **Encoder:** input (jaise "I love India") ke har word ko context ke saath samajhta hai.
#   Andar do hisse: **self-attention** (har word → har word) aur **feed-forward network** (FFN,
#   har word ko alag se refine karta hai). Yeh block $N$ baar stack hota hai.
# * Encoder ka output **memory** kehlata hai: har input word ka ek context-vector.
# * **Decoder:** output ek-ek word banata hai. Andar teen hisse:
#   * **masked self-attention**: sirf pichhle (ban chuke) words ko dekhta hai, aage ke nahi;
#   * **cross-attention**: encoder ki memory ko dekhta hai ("input me kya tha?");
#   * **FFN**, phir se refine.
# * Real models: **BERT** = sirf encoder (samajhna: classification, search). **GPT** = sirf decoder
#   (bina cross-attention; text banana). **T5 / translation models** = encoder + decoder dono.

# %%
fig = tc.intuition.draw_encoder_decoder()
plt.show()

# %% [markdown]
# ## Why in AI/ML?
#
# * Transformer context ko gehraai se samajh paata hai: word sentence ke shuru me ho ya aakhir me,
#   attention ka raasta hamesha 1 step ka hai.
# * Lambe sequences me RNN/LSTM ki jaankari chain me dhundhli ho sakti hai; Transformer ke paas
#   seedha raasta hai (lekin lambe sequence par $n^2$ ki keemat ke saath, upar dekha). (Seed kehta hai "transformer confuse nahi hota": yeh zyada hai. Transformer
#   bhi context window ke bahar kuch nahi dekhta, aur galtiyan karta hai. Notebook 07 me hum RNN
#   se asli comparison naapenge.)
# * Real world me translation, chatbots, sentiment analysis, document understanding, coding
#   assistants, vision (ViT) sab me Transformer backbone hai.

# %% [markdown]
# ## Seed ka encoder code, jaisa likha hai
#
# * Neeche seed ka code bilkul waisa hi hai. Bas ek cheez jodi hai: `warnings.catch_warnings`,
#   jo PyTorch ki warning ko **pakad** leta hai, taaki hum use neeche saaf shabdon me print karein
#   (aur baad me samjhein).

# %% tags=["nbval-check-output"]
import textwrap
import warnings

import torch
import torch.nn as nn

with warnings.catch_warnings(record=True) as caught:   # warnings pakdo, neeche print karenge
    warnings.simplefilter("always")

    encoder_layer = nn.TransformerEncoderLayer(
        # word vector size
        d_model=512,
        # multi head attention
        nhead=8
    )

    encoder = nn.TransformerEncoder(encoder_layer , num_layers=2)

    # 10 = sequence length
    # 1 = batch size
    # 512 = feature size

    x = torch.randn(10 , 1 , 512)

    out = encoder(x)
    print("Shapes : " , out.shape)

for w in caught:
    print(f"\n⚠️  PyTorch ki {w.category.__name__}:")
    print(textwrap.fill(str(w.message), width=88, initial_indent="   ", subsequent_indent="   "))

# %% [markdown]
# ### Har number ka matlab
#
# * `x.shape = (10, 1, 512)` PyTorch ke **default layout** `(seq_len, batch, d_model)` me hai:
#   * `10` = **seq_len**: 10 tokens (jaise hamare 10 words);
#   * `1` = **batch**: ek hi sentence;
#   * `512` = **d_model**: har token ek 512 numbers ka vector hai.
# * `nhead=8`: 512 dimensions 8 **heads** me bant jaati hain: har head ko $512 / 8 = 64$ dimensions.
#   Heads parallel chalte hain. Training ke baad kuch heads alag-alag relations pakad sakte hain,
#   lekin har head ka saaf matlab ho, yeh zaroori nahi (random weights me abhi koi relation nahi;
#   notebook 04).
# * `num_layers=2`: **do alag layers** ek ke upar ek. `nn.TransformerEncoder` aapke
#   `encoder_layer` ki 2 **copies** banata hai, har copy ke apne parameters. Input 2 baar refine
#   hota hai.
# * Output shape wahi `(10, 1, 512)`: Transformer sequence ko **transform** karta hai, shrink nahi.
#   Har token ab bhi ek 512-vector hai, lekin ab usme baaki words ka context mila hua hai.
#
# ### Warning ka matlab
#
# * Default layout `(seq_len, batch, d_model)` purane RNN APIs se aaya hai. `batch_first=True` ka
#   matlab: input `(batch, seq_len, d_model)`, jo aajkal zyada common hai.
# * Warning kehti hai: `enable_nested_tensor` (inference ka ek **fast path**, padding wale batches
#   ke liye) tabhi chalta hai jab `batch_first=True` ho. Seed ka code **galat nahi** hai: output
#   aur training waise hi hain, bas woh fast path band hai.

# %% [markdown]
# ### Har number code se padhiye

# %% tags=["nbval-check-output"]
attn = encoder.layers[0].self_attn
one_layer = sum(p.numel() for p in encoder.layers[0].parameters())
all_layers = sum(p.numel() for p in encoder.parameters())

print("(seq_len, batch, d_model) =", tuple(x.shape))
print("heads:", attn.num_heads, "| har head ke dims:", attn.head_dim, f"(= 512 // {attn.num_heads})")
print("layers:", len(encoder.layers))
print("layers[0] wahi object hai jo humne banaya?   ", encoder.layers[0] is encoder_layer)
print("layers[0] aur layers[1] ek hi weight share karte?",
      encoder.layers[0].linear1.weight is encoder.layers[1].linear1.weight)
print(f"parameters: ek layer {one_layer:,} | poora encoder {all_layers:,} (= 2 × {one_layer:,})")

# %% [markdown]
# * `encoder_layer` sirf ek **template** tha; asli layers uski copies hain (`copy.deepcopy`).
# * Copies shuru me same values se start hoti hain, lekin alag parameters hain, isliye training me
#   alag-alag seekhti hain.
# * Ek layer me **3,152,384** parameters! Yeh number aap khud formula se nikaalenge (exercise).

# %% [markdown]
# ## Exercise: seed ka encoder, naye layout me
#
# *Modify · mushkil ●○○ · lagbhag 5 min*
#
# * Seed ka encoder code `build_seed_encoder()` ke andar likhiye (wahi `d_model=512`, `nhead=8`,
#   `num_layers=2`), aur **sirf ek cheez badaliye**: encoder input ko `(batch, seq_len, d_model)`
#   layout me padhe. Warning bhi isi badlaav se hatni chahiye, chhupa kar nahi.
# * Function sirf encoder **return** kare; forward hum chalayenge.
# * Check badlaav ko hi parakhta hai: layout, warnings ki ginti, seed ke sizes, output shape,
#   ek sentence ke andar kaun kisko dekhta hai, aur seed ke weights daalne par numbers.
# * **Pehle andaaza** (usi cell me, chalane se pehle): dono encoders ko **same** tensor
#   `x = torch.randn(1, 10, 512)` milta hai. Pehla output vector `out[0, 0]` kitne input vectors
#   (`x[0, 0]` … `x[0, 9]` me se) par depend karega? `(seed wala, aapka)` tuple likhiye.
# * Sochiye: har encoder `(1, 10, 512)` ke pehle do numbers ko kya samajhta hai?

# %%
# ✏️ exercise cell: encoder badaliye aur andaaza likhiye (phir neeche ke cells chalaiye)
def build_seed_encoder():
    """Seed ka encoder (d_model=512, nhead=8, 2 layers), layout (batch, seq_len, d_model) ke saath."""
    ### BEGIN SOLUTION
    ### HINT: upar wala seed code yahan likhiye aur layer ko layout wala ek argument dijiye; encoder
    ### HINT: return kijiye. Atke to: tc.hint("build_seed_encoder").
    encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)
    return nn.TransformerEncoder(encoder_layer, num_layers=2)
    ### END SOLUTION


### BEGIN SOLUTION
### HINT: (seed wala, aapka) ek tuple likhiye, jaise (3, 7): out[0, 0] kitne input vectors dekhta hai.
layout_guess = (1, 10)
### END SOLUTION

# %%
layout_ok = tc.check_build_seed_encoder(build_seed_encoder)

# %% [markdown]
# Ab experiment: same `x`, dono encoders. `tc.intuition.inputs_seen` upar wali gradient trick hai
# (ek backward pass): `out[0, 0]` kitne input vectors par depend karta hai.

# %%
encoder_bf = tc.choose(build_seed_encoder, tc.build_seed_encoder, layout_ok)()
if tc.ready_to_measure("build_seed_encoder", layout_ok, {"layout_dependency": layout_guess}):
    tc.seed_everything(1)
    x_same = torch.randn(1, 10, 512)
    seen_seed = tc.intuition.inputs_seen(encoder, x_same)      # seed: (seq_len, batch, d_model)
    seen_mine = tc.intuition.inputs_seen(encoder_bf, x_same)   # aapka: (batch, seq_len, d_model)
    with torch.no_grad():
        shapes = tuple(encoder(x_same).shape), tuple(encoder_bf(x_same).shape)
    print(f"output shapes   : seed {shapes[0]}, aapka {shapes[1]} (koi error nahi)")
    print(f"seed ka encoder : out[0, 0] {seen_seed} input vector(s) par depend karta hai")
    print(f"aapka encoder   : out[0, 0] {seen_mine} input vector(s) par depend karta hai")
    tc.check_prediction("layout_dependency", layout_guess, (seen_seed, seen_mine))
    assert (seen_seed, seen_mine) == (1, 10)  # neeche ki baatein isi par tiki hain

# %% [markdown]
# * Dono outputs ka shape `(1, 10, 512)`, aur PyTorch ne **koi error nahi** diya. Lekin matlab
#   bilkul alag: seed ke layout me har token apne aap me ek "sentence" tha, use koi context nahi mila.
# * Sabak: galat layout chupchaap galat jawab deta hai. Tensor ka layout hamesha khud check kijiye.

# %% [markdown]
# * Layout badla, **maths nahi**. Saboot: dono encoders me same weights daaliye, `eval()` se
#   dropout band kijiye (warna output random hota), aur same sentence dono layouts me chalaiye.

# %% tags=["nbval-check-output"]
encoder_bf.load_state_dict(encoder.state_dict())    # dono me bilkul same weights
encoder.eval()
encoder_bf.eval()
with torch.no_grad():
    a = encoder(x)                                   # (10, 1, 512)
    b = encoder_bf(x.transpose(0, 1))                # (1, 10, 512)
same = torch.allclose(a, b.transpose(0, 1), atol=1e-4)
assert same
print("a.shape:", tuple(a.shape), "| b.shape:", tuple(b.shape))
print("b ko wapas (seq, batch, d) karke a ke barabar (atol 1e-4)?", same)

# %% [markdown]
# ## Explorer: shapes aur parameters khud badal kar dekhiye
#
# * Controls badaliye: output shape, har head ke dims, aur parameters turant update hote hain.
# * Encoder **asli** `nn.TransformerEncoder` hai, lekin `meta` device par: wahan tensors ka sirf
#   shape hota hai, data nahi. Isliye 1024-dim × 12 layers bhi turant ban jaata hai.
# * Try kijiye:
#   * `d_model=768, nhead=12, ff=3072, num_layers=12`: BERT-base ke encoder layers.
#   * `nhead=3` (d_model=512 ke saath): kya hota hai?
#   * `nhead` badaliye: parameters badalte hain? `seq_len` badaliye: parameters badalte hain?
#   * Bar chart: zyada parameters attention me hain ya FFN me?
#   * `d_model=64, ff=256` rakh kar `seq_len` 384 ke paar le jaaiye: FLOPs ki line me $n^2$ hissa
#     kab aage nikalta hai?

# %%
import ipywidgets as widgets

size = dict(layout=widgets.Layout(width="190px"), style={"description_width": "80px"})
tc.explore(tc.intuition.draw_encoder_summary, {
    "d_model": widgets.Dropdown(options=[8, 16, 32, 64, 96, 128, 256, 384, 512, 768, 1024],
                                value=512, description="d_model", **size),
    "nhead": widgets.Dropdown(options=[1, 2, 3, 4, 5, 6, 8, 12, 16], value=8,
                              description="nhead", **size),
    "num_layers": widgets.IntSlider(value=2, min=1, max=24, description="num_layers", **size),
    "seq_len": widgets.IntSlider(value=10, min=1, max=512, description="seq_len", **size),
    "dim_feedforward": widgets.Dropdown(options=[8, 32, 128, 512, 1024, 2048, 3072, 4096],
                                        value=2048, description="ff", **size),
}, title="Encoder explorer (nn.TransformerEncoder, meta device)")

# %% [markdown]
# * `seq_len` badalne se parameters **nahi** badalte: wahi weights har length ke sentence par
#   chalte hain. Lekin attention scores aur unke FLOPs $n^2$ ke saath badhte hain.
# * FFN ke paas lagbhag 2/3 parameters hain (ff = 4 × d_model par). Attention "smart" hissa hai,
#   lekin parameters me "bhaari" hissa FFN hai, aur chhote sentences par FLOPs me bhi.

# %% [markdown]
# ## Exercise: ek encoder layer ke parameters haath se giniye
#
# *Implement · mushkil ●●○ · lagbhag 10 min*
#
# `count_encoder_layer_params(d_model, nhead, dim_feedforward)` likhiye. PyTorch layer **mat**
# banaiye: sirf formula. Ek `nn.TransformerEncoderLayer` ke andar yeh hai ($d$ = d_model,
# $f$ = dim_feedforward):
#
# | hissa | layers | shapes |
# |---|---|---|
# | self-attention | Q, K, V aur output projection: 4 Linear $d \to d$ | har ek: weight $(d, d)$ + bias $(d)$ |
# | feed-forward | `linear1`: $d \to f$, `linear2`: $f \to d$ | weight $(f, d)$ + bias $(f)$; weight $(d, f)$ + bias $(d)$ |
# | LayerNorm | `norm1`, `norm2` | har ek: weight $(d)$ + bias $(d)$ |
#
# * Sab jodiye. Seed ke layer ($d=512$, 8 heads, $f=2048$) ka jawab **3,152,384** aana chahiye.
# * Ek rule aur: agar `d_model % nhead != 0` ho to `ValueError` raise kijiye. PyTorch aisi layer
#   banata hi nahi (heads me barabar baant nahi sakte).
# * Sochiye: `nhead` formula me kahin aata hai?

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def count_encoder_layer_params(d_model, nhead, dim_feedforward):
    """Ek nn.TransformerEncoderLayer ke parameters, sirf formula se (PyTorch layer banaye bina)."""
    ### BEGIN SOLUTION
    ### HINT: (1) `d_model % nhead != 0` ho to ValueError. (2) Upar ki table ke har Linear aur dono
    ### HINT: LayerNorm ke parameters giniye aur jodiye; seed ke layer par 3,152,384 aana chahiye.
    ### HINT: Atke to: tc.hint("count_encoder_layer_params").
    if d_model % nhead != 0:
        raise ValueError(f"d_model ({d_model}) nhead ({nhead}) se poora divisible nahi hai")
    d, f = d_model, dim_feedforward
    attention = 4 * (d * d + d)
    feed_forward = (d * f + f) + (f * d + d)
    layer_norms = 2 * (d + d)
    return attention + feed_forward + layer_norms
    ### END SOLUTION

# %%
ok = tc.check_count_encoder_layer_params(count_encoder_layer_params)
params_fn = tc.choose(count_encoder_layer_params, tc.count_encoder_layer_params, ok)

# %% [markdown]
# ## Exercise: pehle andaaza, phir code (heads badhane se parameters?)
#
# *Predict · mushkil ●○○ · lagbhag 3 min*
#
# * Seed ki layer me 8 heads hain. Agar `nhead=32` kar dein (d_model=512, ff=2048 wahi), to
#   parameters **kam** honge, **barabar** rahenge ya **zyada** honge?
# * Code chalane se pehle apna jawab likhiye: `"kam"`, `"barabar"` ya `"zyada"`. Andaaza galat
#   nikle to bhi koi baat nahi: wahi sabse achha seekhne ka pal hai.

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: "kam", "barabar" ya "zyada" likhiye.
heads_guess = "barabar"
### END SOLUTION

# %%
counts = {heads: tc.pytorch_encoder_layer_params(512, heads, 2048) for heads in [1, 2, 4, 8, 16, 32]}
change = "barabar" if counts[32] == counts[8] else ("zyada" if counts[32] > counts[8] else "kam")
tc.check_prediction("heads_and_params", heads_guess, change)

# %% [markdown]
# Asli PyTorch layers (meta device par, memory ke bina) gin kar poori table:

# %%
for heads, count in counts.items():
    print(f"nhead={heads:>2} | har head {512 // heads:>3} dims | parameters: {count:,}")

# %% [markdown]
# ### Aapka formula, asli models par
#
# * Neeche ka cell aapka function use karta hai (check pass na hua ho to course ka reference).
# * Yeh sirf **encoder layers** ke parameters hain; word embeddings alag hain (BERT-base ke ~110M
#   me se ~24M embeddings me hain).

# %%
models = [
    ("seed ka encoder", 512, 8, 2048, 2),
    ("'Attention Is All You Need' (base) encoder", 512, 8, 2048, 6),
    ("BERT-base", 768, 12, 3072, 12),
    ("BERT-large", 1024, 16, 4096, 24),
]
for name, d, heads, f, layers in models:
    total = layers * params_fn(d, heads, f)
    print(f"{name:<44} {layers:>2} layers × d={d:<4} → {total:>12,} parameters (~{total / 1e6:.1f}M)")

# %% [markdown]
# ## Quiz

# %%
seed_quad, seed_linear = tc.intuition.flops_split(10, 512)   # quiz ke jawab ki ginti
tc.quiz([
    tc.Question(
        "Seed ke code me `x = torch.randn(10, 1, 512)` hai (default layout). `1` kya hai?",
        ["seq_len (kitne tokens)", "batch size (kitne sentences)", "d_model (vector ki lambai)",
         "heads ki ginti"],
        answer=1,
        explanation="Default layout (seq_len, batch, d_model) hai, isliye beech wala 1 batch size "
                    "hai. batch_first=True me shape (batch, seq_len, d_model) hota.",
        nudge="batch_first=False (PyTorch ka default) me teeno dims kis kram me aate hain? "
              "'Har number ka matlab' wala hissa dekhiye."),
    tc.Question(
        "d_model=512 aur nhead=8 ho to har head ko kitni dimensions milti hain?",
        ["8", "512", "64", "4096"],
        answer=2,
        explanation="512 // 8 = 64. Isliye d_model ka nhead se poora divisible hona zaroori hai.",
        nudge="heads d_model ko aapas me baant-te hain: saare heads ke tukde jodne par wapas kitna "
              "banna chahiye?"),
    tc.Question(
        "d_model aur dim_feedforward same rakh kar nhead 8 se 16 kar dein to ek layer ke parameters?",
        ["Double ho jaate hain", "Aadhe ho jaate hain", "Bilkul same rehte hain"],
        answer=2,
        explanation="Heads d dimensions ko sirf baant-te hain; Q, K, V, out ke weights d×d hi rehte "
                    "hain. Isliye 3,152,384 hi rehta hai.",
        nudge="exercise wali table me har Linear ka weight shape dekhiye: usme kaunse variables "
              "aate hain?"),
    tc.Question(
        "Attention ke baare me kaunsi baat sabse sahi hai?",
        ["Har word ka har word se seedha (1 step) raasta hai; scores n² ke saath badhte hain",
         "Attention memory ki har problem poori khatam kar deta hai, bina kisi keemat ke",
         "Attention bhi RNN ki tarah ek word ke baad ek word padhta hai"],
        answer=0,
        explanation="Seedha raasta fayda hai; n×n scores uski keemat. 10 guna lamba sentence "
                    "= 100 guna scores (lekin d=512 par n=10 → 100 karne se poori layer ka kaam "
                    "sirf ~10 guna, kyunki wahan Linear layers bhaari hain).",
        nudge="dependency wali picture aur 'Keemat' wali table dono yaad kijiye: kaun kisko dekh "
              "sakta hai, aur n badhne par scores kaise badhe?"),
    tc.Question(
        "Seed ki layer (d_model=512, d_ff=2048) par 10 words ka sentence: ek layer ke matmul FLOPs "
        "ka bada hissa kahan jaata hai?",
        ["Q, K, V, out projections aur FFN (Linear layers)", "QKᵀ aur AV (n² wala hissa)",
         "Dono me lagbhag barabar"],
        answer=0,
        explanation=f"n=10, d=512: Linear layers {seed_linear / 1e6:.1f}M FLOPs, n² hissa "
                    f"{seed_quad / 1e6:.1f}M ({seed_linear / seed_quad:.0f} guna kam). Poori layer "
                    f"me n² hissa n ≥ 2d + d_ff = {tc.intuition.crossover_length(512)} par aage nikalta hai.",
        nudge="FLOPs wali table me n=10 ki row dekhiye: n² ka share kitna tha? n aur d me kaun "
              "bada hai?"),
    tc.Question(
        "GPT jaisa text generate karne wala model mainly kis hisse se bana hai?",
        ["Sirf encoder", "Sirf decoder (masked self-attention)",
         "Encoder + decoder dono, cross-attention ke saath (T5 jaisa)"],
        answer=1,
        explanation="GPT decoder-only hai: masked self-attention ki wajah se har word sirf pichhle "
                    "words dekhta hai, aur agla word banata hai. BERT encoder-only hai.",
        nudge="'Encoder samajhta hai, decoder banata hai' wale hisse me BERT, GPT aur T5 ko "
              "milaaiye: cross-attention kiske liye hota hai, aur GPT ko woh chahiye?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * RNN/LSTM: **step by step** ($n$ steps, ek ke baad ek). Transformer: **sab ek saath**, har word
#   ka har word se 1-step raasta. Yeh baat weights se nahi, **architecture** se aati hai.
# * Attention = scores → softmax → values ka **weighted sum**. Keemat: $n^2$ scores har head, har
#   layer. "Yaad rakhne" ki problem khatam nahi hoti: raasta seedha ho jaata hai, $n^2$ ki keemat par.
# * Ek layer ke FLOPs: $QK^\top$ + $AV$ = $4n^2d$ ($n^2$ hissa); projections + FFN = $8nd^2 + 4ndf$
#   (linear hissa). $n^2$ hissa $n \geq 2d + f$ par aage nikalta hai ($f = 4d$ par $n \geq 6d$):
#   lambe sequences me attention mehenga, chhote sentences me Linear layers.
# * Paper ki Table 1: attention = 1 sequential step aur 1-step raasta; RNN = $n$ aur $n$.
# * **Encoder** samajhta hai (BERT), **decoder** banata hai (GPT), dono milkar translate karte hain (T5).
# * Seed ka `(10, 1, 512)` = `(seq_len, batch, d_model)`; 8 heads × 64 dims; 2 layers = 2 copies.
#   Output shape = input shape.
# * `batch_first=True` → `(batch, seq_len, d_model)`, aur woh warning gayab. Maths wahi.
# * Layout galat ho to PyTorch chup rehta hai: seed ka encoder `(1, 10, 512)` ko 10 sentences
#   × 1 token samajhta hai, aur har token akela reh jaata hai.
# * Ek encoder layer = $4d^2 + 2df + f + 9d$ parameters (512/8/2048 → 3,152,384). `nhead` count
#   nahi badalta; zyada parameters FFN me hain.

# %% [markdown]
# **Agla notebook:** [01b · Tokens aur embeddings](01b_tokens_embeddings.ipynb) →
