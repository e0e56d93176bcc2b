# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/09_recap.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/09_recap.ipynb)
#
# # 09 · Recap aur aage

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
# * Poore course ko ek picture (concept map) me dekhna: kaunsa idea kahan judta hai.
# * Har term ka Hinglish ↔ English matlab, ek glossary table me.
# * BERT, GPT aur ViT kahan fit hote hain: teeno aapke banaye block jaise blocks ka stack hain (same
#   shapes), lekin kuch zaroori farq ke saath, jo hum gin kar aur table me dekhenge.
# * Ek final exercise (GPT-2 ke 124M parameters khud ginna) aur ek final quiz, saare notebooks se.

# %% [markdown]
# ## Poora course ek picture me
#
# * Text → tokens (BPE, 01b) → ids → embedding, usme position ki jaankari (positional encoding) judti hai.
# * Attention (Q, K, V) har token ko baaki tokens ke context me dekhta hai; kai heads milkar multi-head attention.
# * Multi-head attention + FFN + residual + LayerNorm = ek **encoder block**. Aise N blocks ka stack = encoder.
# * Decoder me causal mask aur cross-attention judte hain; training loss → gradient → AdamW se sab seekhta hai
#   (warmup, clipping, dropout jaise tareeke: 06b). Likhte waqt sampling, KV cache, beam search (08b).
# * Aur phir: BERT, GPT, ViT — sab isi block ke alag-alag istemaal hain.

# %%
import matplotlib.pyplot as plt

tc.recap.draw_concept_map()
plt.show()

# %% [markdown]
# ## Glossary: Hinglish ↔ English
#
# * Course me aaye har technical term ka matlab, aur woh kis notebook me bana.
# * English term hi code aur papers me milega, isliye wahi yaad rakhiye; matlab apni bhasha me.

# %% tags=["nbval-check-output"]
from IPython.display import Markdown, display

rows = ["| term (English) | matlab (Hinglish) | notebook |", "|---|---|---|"]
rows += [f"| **{term}** | {meaning} | {number} |" for term, meaning, number in tc.recap.GLOSSARY]
display(Markdown("\n".join(rows)))
print(f"{len(tc.recap.GLOSSARY)} terms")

# %% [markdown]
# ## BERT, GPT aur ViT kahan fit hote hain?
#
# * **BERT** (encoder-only): poora sentence ek saath, dono taraf dekhta hai. Kaam: samajhna —
#   classification, search, naam pehchanna (NER). Training: sentence ke kuch words chhupa kar unhe guess karna (masked language modelling).
# * **GPT** (decoder-only): causal mask ke saath, sirf pichhle tokens dekhta hai. Kaam: banana —
#   text generation, chat, code. Training: agla token predict karna (notebook 08 ka generator, bas bahut bada).
# * **ViT** (Vision Transformer): image ko 16×16 ke patches me kaatke har patch ko ek token maan leta hai.
#   Phir encoder jaise blocks. Seed kehta hai "vision tasks me bhi transformer backbone ka role hai":
#   ViT iska seedha udaharan hai.
# * Seed ka "encoder samajhta hai, decoder banata hai" yahin dikhta hai: T5 jaise models me dono hain
#   (translation, summarization), jaise notebook 08 ka chhota translator.

# %% tags=["nbval-check-output"]
for name, family in tc.recap.FAMILIES.items():
    total = sum(tc.recap.parameter_breakdown(name).values())
    print(f"{name:12s} {family.kind:24s} {family.layers} layers × d_model {family.d_model}: "
          f"{total:>12,} parameters  → {family.use}")

# %% [markdown]
# * Yeh numbers yahan asli PyTorch modules bana kar gine gaye hain (`meta` device par: sirf shapes,
#   memory nahi), jaise notebook 01 aur 05 me.
# * Kya teeno "ek hi model" hain? Neeche ki table code ne banayi hai: har row ke aage likha hai ki
#   teeno me woh cheez **same** hai ya **alag**.

# %% tags=["nbval-check-output"]
display(Markdown(tc.recap.family_table()))
shared = {(tc.recap.parameter_breakdown(name)["attention"], tc.recap.parameter_breakdown(name)["feed-forward"])
          for name in tc.recap.FAMILIES}
assert len(shared) == 1, "attention/FFN parameters ab teeno me barabar nahi: text badaliye"
attention_params, ffn_params = shared.pop()
print(f"Teeno me attention {attention_params / 1e6:.1f}M aur feed-forward {ffn_params / 1e6:.1f}M "
      f"parameters: bilkul barabar.")

# %% [markdown]
# * **Same**: block ke shapes, isliye attention aur FFN ke parameters bhi (upar code ne gine).
# * **Alag**: LayerNorm kahan lagta hai (BERT post-norm, GPT-2 aur ViT pre-norm: notebook 05 me
#   dekha ki isse deep stacks ki training par asar padta hai), mask, input tokens, upar ka head, aur
#   sabse bada farq: **pre-training ka kaam** (objective). Wahi shapes, alag training = alag hunar.
#
# **Explorer:** model chuniye aur dekhiye parameters kahan rehte hain.

# %%
import ipywidgets as widgets


def show_breakdown(model):
    tc.recap.plot_breakdown(model)
    plt.show()


tc.explore(show_breakdown, {
    "model": widgets.Dropdown(options=list(tc.recap.FAMILIES), value="GPT-2 small", description="model"),
}, title="Parameters kahan hain?")

# %% [markdown]
# ## Final exercise: GPT-2 small ke 124M parameters haath se
#
# *Implement · mushkil ●●○ · lagbhag 10 min*
#
# * GPT-2 ka har block hamare `EncoderBlock` jaisa hai (pre-norm, GELU, aur causal mask — mask me koi parameter nahi).
# * Ginti kijiye, `d = d_model`:
#   * token embedding `vocab_size · d` aur position embedding `n_ctx · d`;
#   * har block: attention `4d² + 4d`, FFN (d → 4d → d) `8d² + 5d`, do LayerNorm `2 · 2d`;
#   * aakhir me ek LayerNorm `2d`. Output layer token embedding ko **share** karta hai (alag parameters nahi).
# * Check aapke formula ko asli modules ki ginti se milayega: GPT-2 small, medium aur do chhote sizes par.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def count_gpt2_params(n_layer, d_model, vocab_size, n_ctx):
    """GPT-2 ke kul parameters (output layer embedding share karta hai)."""
    ### BEGIN SOLUTION
    ### HINT: GPT-2 ke saare hisse giniye: dono embeddings, har block (attention, FFN, do
    ### HINT: LayerNorm), aakhri LayerNorm; output layer ke alag parameters nahi. Atke to:
    ### HINT: tc.hint("count_gpt2_params").
    d = d_model
    per_block = (4 * d * d + 4 * d) + (8 * d * d + 5 * d) + 2 * (2 * d)
    return vocab_size * d + n_ctx * d + n_layer * per_block + 2 * d
    ### END SOLUTION

# %%
gpt2_ok = tc.check_count_gpt2_params(count_gpt2_params)
gpt2_count = tc.choose(count_gpt2_params, tc.count_gpt2_params, gpt2_ok)

# %% tags=["nbval-check-output"]
print(f"GPT-2 small: {tc.count_gpt2_params(12, 768, 50257, 1024):,} parameters")

# %%
total = gpt2_count(12, 768, 50257, 1024)
embedding_share = 50257 * 768 / total
print(f"Aapke formula se GPT-2 small: {total:,} parameters; "
      f"inme se {embedding_share:.0%} sirf token embedding me!")

# %% [markdown]
# ## Final quiz: poore course se

# %%
tc.quiz([
    tc.Question("Seed ke encoder cell me output shape input jaisa hi (10, 1, 512) kyun raha?",
                ["Transformer sequence ko shrink karta hai",
                 "Har layer har token ko d_model size ka naya vector deti hai",
                 "Untrained encoder kuch compute hi nahi karta, input ko waise hi lauta deta hai"],
                answer=1,
                explanation="Encoder sequence ko transform karta hai, shrink nahi: har token ka "
                            "naya, context wala vector.",
                nudge="Residual x + F(x) ki shart yaad kijiye (notebook 05): shape kya hona "
                      "chahiye? Aur output ke numbers input jaise the kya?"),
    tc.Question("Attention scores ko √d_k se divide kyun karte hain?",
                ["Taaki softmax bahut peaky (saturate) na ho jaaye", "Memory bachane ke liye",
                 "Taaki har row ke attention weights ka jod 1 ho jaaye"],
                answer=0,
                explanation="Bade d_k par dot products bade hote hain, softmax ek hi token par "
                            "chipak jaata hai aur gradients chhote ho jaate hain.",
                nudge="Socho, d_k badhne par q·k ke numbers kitne bade hote hain, aur jod 1 karne "
                      "ka kaam asal me kaun karta hai?"),
    tc.Question("Positional encoding ke bina self-attention ke saath kya hota hai?",
                ["Woh order nahi jaanta: tokens shuffle karo to outputs bhi waise hi shuffle "
                 "hote hain",
                 "Kuch fark nahi padta: word embedding me hi uski position ki jaankari hoti hai",
                 "Woh RNN ki tarah tokens ek-ek karke padhta hai, isliye order khud samajh "
                 "leta hai"],
                answer=0,
                explanation="Attention ek set par chalta hai; order ki jaankari positions se "
                            "aati hai.",
                nudge="Ek hi word do alag jagah ho to uska embedding alag hota hai kya? Aur Q·K "
                      "scores me position kahin se aati hai?"),
    tc.Question("GPT jaise model me causal mask ka kaam kya hai?",
                ["Padding hatana",
                 "Har token ko sirf pichhle tokens dikhana, taaki woh future se 'cheat' na kare",
                 "Sirf generation ke waqt future chhupana; training me mask nahi lagta"],
                answer=1,
                explanation="Generation me agla token pata nahi hota, isliye training me bhi "
                            "future chhupaya jaata hai.",
                nudge="Notebook 08 ka tril mask yaad kijiye: position i ko kaun-si positions "
                      "dikhti hain, aur teacher forcing me input me kya hota hai?"),
    tc.Question("Transformer ki ek asli keemat (cost) kya hai jo notebook 01 aur 07 me dekhi?",
                ["Attention ka time aur memory sequence length ke square (n²) ke saath "
                 "badhte hain",
                 "Woh GPU ke bina chal hi nahi sakta",
                 "Uske gradients hamesha vanish ho jaate hain"],
                answer=0,
                explanation="Har token har token ko dekhta hai: n × n scores. Lambe documents "
                            "(n, d_model se bada) me yahi mehenga padta hai; chhote sentences me "
                            "projections aur FFN ka kaam zyada hota hai.",
                nudge="n tokens ho to attention kitne scores banata hai, aur n double karne par "
                      "woh kitne badhte hain?"),
    tc.Question("BERT, GPT-2 small aur ViT-B/16 me kya common hai?",
                ["Teeno ka vocabulary same hai",
                 "Teeno 12 blocks × d_model 768 ke same block stack par bane hain",
                 "Teeno decoder-only hain"],
                answer=1,
                explanation="Block ke shapes same hain, isliye attention aur FFN ke parameters "
                            "barabar. Lekin LayerNorm ki jagah (BERT post-norm, GPT-2/ViT "
                            "pre-norm), mask, input, head aur training objective alag hain.",
                nudge="Parameters wala table dekhiye: layers aur d_model kaise hain? Aur kaun-sa "
                      "model kya padhta hai, kaun causal mask lagata hai?"),
    tc.Question("GPT-2 small (vocab 50,257, d_model 768): token embedding aur output layer "
                "milkar kitne parameters lete hain?",
                ["≈ 38.6M (50,257 × 768)", "≈ 77.2M (do alag 50,257 × 768 matrices)",
                 "≈ 0.59M (768 × 768)", "≈ 50 hazaar (har token ka ek number)"],
                answer=0,
                explanation="Embedding = har token ki ek row, 768 numbers ki: 50,257 × 768 = "
                            "38,597,376. Output layer yahi matrix share karti hai, isliye alag "
                            "parameters nahi. 124M ka ~31%!",
                nudge="Embedding table me kitni rows aur har row me kitne numbers hain? Aur final "
                      "exercise me output layer ke baare me kya likha tha?"),
    tc.Question("BPE tokenizer ko ek anjaana word milta hai ('nahin', jo training me nahi tha). Kya hota hai?",
                ["Jaane-pehchaane sub-word tukdon me toot jaata hai (sabse bura: characters)",
                 "Poora word `<unk>` ban jaata hai",
                 "Sabse milte-julte jaane-pehchaane word se badal jaata hai"],
                answer=0,
                explanation="01b: held-out lines par BPE ka `<unk>` 0% tha, word view ka 8%. Lekin tukde "
                            "share hona matlab samajhna nahi: woh model ko training se seekhna padta hai.",
                nudge="BPE ki vocabulary me shuru se kya-kya hota hai, merges se pehle?"),
    tc.Question("Warmup kya karta hai?",
                ["Shuru ke steps me learning rate ko 0 se peak tak dheere-dheere badhata hai",
                 "Training ke aakhir me learning rate badhata hai",
                 "Bade gradients ko ek had tak chhota karta hai"],
                answer=0,
                explanation="06b: post-norm model, LR 3e-2 par bina warmup record ka koi seed nahi seekha, "
                            "warmup ke saath saare seekhe. Gradient chhota karna clipping hai, warmup nahi.",
                nudge="Naam me hi hai: 'garam karna'. Kis cheez ko, aur kab?"),
    tc.Question("Beam search kaunsi galti theek NAHI kar sakta?",
                ["Jab model khud galat jawab ko sahi jawab se zyada probability deta hai",
                 "Jab greedy ne pehle step par ek word chuna jo poore jawab ke hisaab se bura tha",
                 "Koi bhi nahi: beam hamesha greedy se behtar hai"],
                answer=0,
                explanation="08b: beam sirf *search* ki galti theek karta hai (sahi jawab zyada likely tha, "
                            "greedy use chhod gaya). Trained translator ki galtiyan model ki thi, isliye beam "
                            "ne kuch nahi badla; kachche model par kabhi bigaada bhi.",
                nudge="Beam search kis number ko sabse bada karne ki koshish karta hai? Agar woh number "
                      "khud galat jawab ko pasand kare to?"),
], title="Final quiz")

# %% [markdown]
# ## Yaad rakhne layak
#
# * Transformer = embeddings + positions + (multi-head attention + FFN, residual aur LayerNorm ke saath) × N.
# * Attention: `softmax(QKᵀ/√d_k)·V`; masks se padding ya future chhupate hain.
# * Encoder samajhta hai (BERT), decoder banata hai (GPT), dono milke translate karte hain (T5); images ke liye ViT.
# * Attention me har token ek hi step me kisi bhi token tak pahunchta hai (lambi doori ke relations);
#   training me saare positions ek saath compute hote hain. Speed ka fayda hardware par nirbhar hai
#   (notebook 07: "aadha sach"). Keemat: lambe sequences par O(n²) attention.
# * Text pehle tokens banta hai (BPE: sabse aam jode merge); embedding ek lookup table hai (01b).
# * Training ki dynamics naap kar: warmup aur LR schedule, overfitting (validation par rukna),
#   clipping, label smoothing, har ek apni keemat ke saath (06b).
# * Likhna = decoding: temperature, top-k/top-p, KV cache (same tokens, kam kaam), beam search sirf
#   search ki galti theek karta hai (08b).
# * Aage kya padhein: neeche ki list; ab aap unka har shape padh sakte hain.

# %% [markdown]
# ## Aage kya padhein
#
# * Annotated Transformer, nanoGPT, UvA tutorials aur Raschka ki book isi course jaise hain: Transformer
#   ko scratch se, code ke saath banate hain. Baaki papers aur docs hain.
# * Sujhaav: pehle The Annotated Transformer (paper + code, 01–08 ka doosra nazariya), phir nanoGPT
#   (08 aur 08b ka bada bhai), phir Raschka ki book (tokenizer se fine-tuning tak).

# %% tags=["nbval-check-output"]
display(Markdown("\n".join(f"* **{title}**: {why} ({url})" for title, url, why in tc.recap.FURTHER_READING)))

# %% [markdown]
# **Course poora!** 🎉 Aage ke liye upar ki 'Aage kya padhein' list dekhiye (README me bhi hai).
