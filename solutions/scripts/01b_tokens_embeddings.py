# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/01b_tokens_embeddings.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/01b_tokens_embeddings.ipynb)
#
# # 01b · Tokens aur embeddings

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
# * Notebook 01 me humne kaha tha "har word ka ek random vector". Lekin **word** kya hai, aur
#   vector aata kahan se hai? Yahan poori line dekhenge: **text → tokens → ids → vectors**.
# * Text ko todne ke teen tareeke, course ke apne Hinglish corpus par: **characters**, **words**
#   aur **subwords** (BPE). Har ek me vocabulary kitni badi, sentence kitna lamba, aur anjaane
#   words (jaise "nahin" ya "nhi") ka kya hota hai.
# * **Byte-pair encoding (BPE)** khud banana: ek merge step (exercise), phir poora loop (exercise).
# * `nn.Embedding` asal me ek **lookup table** hai: one-hot × matrix jaisa hi (andaaza + check).
# * Training embeddings ke saath kya karti hai: nearest neighbours (cosine) training se pehle aur
#   baad, aur ek 2-D picture. Sirf utna hi daava jitna numbers dikhayein.

# %% [markdown]
# ## Model text nahi padhta, numbers padhta hai
#
# * Neural network sirf numbers samajhta hai. Isliye har model ke shuru me ek pipeline hoti hai:
#   1. **Tokens**: text ko chhote tukdon me todo ("chai garam hai" → `chai`, `garam`, `hai`).
#   2. **Ids**: har alag token ko ek number do (vocabulary = saare tokens ki list).
#   3. **Vectors**: har id ke liye ek table ki row uthao. Yahi **embedding** hai, aur isi se
#      Transformer ka kaam shuru hota hai (notebook 02, 03 …).
# * Sawaal yeh hai ki tukde kitne bade hon. Chaliye course ka corpus kholte hain: roz ki zindagi
#   ke chhote Hinglish sentences, ek line me ek.

# %%
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

text = tc.corpus.load_corpus()
parts = tc.corpus.split_blocks(text)          # train / held-out lines, koi line dono me nahi
train_text, test_text = parts["train"], parts["test"]
print("pehli 3 lines:")
print("".join(text.splitlines(keepends=True)[:3]))

# %% tags=["nbval-check-output"]
sizes = [sum(1 for line in t.splitlines() if line.strip()) for t in (text, train_text, test_text)]
print("corpus: {} lines | train: {} | held-out (test): {}".format(*sizes))
validation = sum(1 for line in parts["validation"].splitlines() if line.strip())
print(f"baaki {sizes[0] - sizes[1] - sizes[2]} lines: {validation} validation (yahan kaam nahi aayi) + "
      f"{sizes[0] - sizes[1] - sizes[2] - validation} train lines jo held-out ke bilkul paas thi, chhod di")
sentence = "chai me adrak daal do, mausam thanda ho gaya hai."
print("characters:", tc.tokenizers.char_tokenize(sentence))
print("words:     ", tc.tokenizers.pretokenize(sentence))

# %% [markdown]
# * **Character** view: har letter ek token. Vocabulary chhoti (sirf alphabet aur `, . ?`),
#   lekin sentence bahut lamba.
# * **Word** view: har word ek token. Sentence chhota, lekin vocabulary me har word chahiye, aur
#   jo word training me kabhi nahi dikha, uske liye sirf ek `<unk>` ("unknown") token bachta hai.
# * Yahan (dono views me) spaces hata diye hain aur punctuation alag token hai. Asli tokenizers
#   space bhi rakhte hain (GPT-2 me "Ġ", SentencePiece me "▁"), taaki text wapas ban sake.

# %% [markdown]
# ### Hinglish ki mushkil: ek word, kai spellings
#
# * Roman Hinglish me koi "sahi" spelling nahi: "nahi", "nahin", "nhi" sab chalte hain;
#   "bahut", "bohot", "bhot" bhi.
# * Word view me yeh **alag-alag tokens** hain, aur agar ek spelling training me nahi aayi to
#   woh `<unk>` ban jaati hai. Pehle imaandari se gin lete hain: hamare corpus me kaun si
#   spellings hain?

# %% tags=["nbval-check-output"]
groups = [["nahi", "nahin", "nhi"], ["bahut", "bohot", "bhot"], ["achha", "accha", "acha"],
          ["kya", "kyaa"], ["hai", "h"]]
variants = dict(tc.tokens.variant_counts(text, groups))
for word, count in variants.items():
    print(f"{word:>7}: {count:>4} baar")
assert all(sum(variants[w] > 0 for w in group) == 1 for group in groups)  # har group me ek hi spelling

# %% [markdown]
# * Upar dekhiye: har group me hamara corpus sirf **ek** spelling use karta hai, baaki 0 baar.
#   Asli chat ya social media text me aise variants bahut milte hain.
# * To variant wala asar corpus se nahi naap sakte. Uski jagah ek sentence **khud likhte hain**,
#   jaise koi chat me likhega, aur dekhte hain word view uska kya karta hai:

# %%
typed = "mujhe nahin pata tha ki train itni late hogi, bhai nhi aaya"
train_vocab = tc.tokenizers.word_vocab(train_text)
print("word view:", tc.tokenizers.word_tokenize(typed, train_vocab))
print(f"word vocabulary (train): {len(train_vocab):,} tokens")

# %% [markdown]
# ## Beech ka raasta: subwords aur byte-pair encoding (BPE)
#
# * Characters: koi `<unk>` nahi, par sequence lamba. Words: sequence chhota, par `<unk>` aur
#   badi vocabulary. **Subwords** dono ke beech hain: aam words poore token, naye words tukdon me.
# * **BPE** (byte-pair encoding) yeh tukde data se seekhta hai. Idea bahut simple hai:
#   1. Shuru me har word characters ki list hai: `nahi` → `('n', 'a', 'h', 'i')`.
#   2. Poore corpus me ginte hain ki kaunsa **padosi jod (pair)** sabse zyada baar aata hai.
#   3. Us pair ko ek naya symbol bana do (**merge**), har jagah. Jaise `('h', 'a')` → `'ha'`.
#   4. Yahi dohrao. Har merge vocabulary me **ek** naya token jodta hai.
# * Pairs sirf **ek word ke andar** bante hain: "nahi hai" me `i` aur `h` ka koi pair nahi.
# * GPT-2 (aur LLaMA 3) yahi **bytes** par karte hain (LLaMA 1/2: SentencePiece BPE, byte fallback
#   ke saath); hum characters par karenge.
# * Corpus ko `{word_tuple: count}` ki tarah rakhte hain: har alag word ek baar, uski ginti ke saath.

# %% tags=["nbval-check-output"]
counts = tc.tokenizers.word_counts(train_text)
print(f"train me alag words (aur punctuation): {len(counts):,} "
      f"(word vocabulary {len(train_vocab):,} hai: yahi + ek `<unk>`)")
print("pehle 4:", list(counts.items())[:4])

# %% [markdown]
# ## Exercise: ek merge step (`count_pairs` aur `merge_pair`)
#
# *Implement · mushkil ●●○ · lagbhag 15 min*
#
# * `count_pairs(counts)`: har word ke andar har padosi pair gino, **word ki count se guna**
#   karke. Output ek dict `{(a, b): total}`.
#   * `{('t','a','t','a'): 2}` → `('t','a')` 4 baar, `('a','t')` 2 baar.
#   * Overlap bhi ginte hain: `('a','a','a')` me `('a','a')` **do** baar hai.
#   * Do words ke beech koi pair nahi, aur `n` symbols wale word me `n − 1` pairs (aakhri pair mat bhooliye).
# * `merge_pair(word, pair)`: word (tuple) me har jagah `pair` ko ek symbol `a + b` banaiye,
#   **left se right**, aur naya tuple lauta dijiye.
#   * `('a','a','a')` aur `('a','a')` → `('aa','a')`: jo symbol ek merge me lag gaya, woh agle me nahi lagta.
#   * Symbols lambe bhi ho sakte hain: `('ab','c')` me pair `('b','c')` **nahi** hai.
# * Atke to `tc.hint("count_pairs")` ya `tc.hint("merge_pair")`: har baar ek level aage.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def count_pairs(counts):
    """{word_tuple: count} → {(a, b): kitni baar padosi}, sirf ek word ke andar."""
    ### BEGIN SOLUTION
    ### HINT: har word ke har padosi pair ko word ki count jitna jodiye; words ke beech pair nahi.
    ### HINT: Atke to: tc.hint("count_pairs").
    pairs = {}
    for word, n in counts.items():
        for pair in zip(word[:-1], word[1:], strict=True):
            pairs[pair] = pairs.get(pair, 0) + n
    return pairs
    ### END SOLUTION


def merge_pair(word, pair):
    """word (tuple) me har `pair` ko ek symbol banaiye, left se right: naya tuple."""
    ### BEGIN SOLUTION
    ### HINT: left se right chaliye; pair mile to dono ko jod kar ek symbol, aur do kadam aage.
    ### HINT: Atke to: tc.hint("merge_pair").
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and word[i] == pair[0] and word[i + 1] == pair[1]:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)
    ### END SOLUTION

# %%
count_ok = tc.check_count_pairs(count_pairs)
merge_ok = tc.check_merge_pair(merge_pair)

# %%
count_pairs_fn = tc.choose(count_pairs, tc.tokenizers.count_pairs, count_ok)
merge_pair_fn = tc.choose(merge_pair, tc.tokenizers.merge_pair, merge_ok)

# %% [markdown]
# * Ek step corpus par chala kar dekhiye: sabse zyada aane wale pairs kaunse hain?
# * Barabari (tie) ho to course ka niyam `tc.tokenizers.best_pair`: jo pair sort order me pehle
#   aaye. Is niyam se har machine par bilkul wahi merges bante hain.

# %% tags=["nbval-check-output"]
pairs = count_pairs_fn(counts)
top5 = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print("sabse zyada pairs:", top5)
first = tc.tokenizers.best_pair(pairs)
print("pehla merge:", first, "→", repr("".join(first)))
print("'nahi' us merge ke baad:", merge_pair_fn(tuple("nahi"), first))

# %% [markdown]
# ## Exercise: poora BPE loop (`train_bpe`)
#
# *Implement · mushkil ●●○ · lagbhag 10 min*
#
# * `train_bpe(counts, num_merges)`: yeh loop `num_merges` baar chalaiye:
#   1. Abhi ke words me saare padosi pairs giniye (pichhle exercise ka kaam). Koi pair na bache
#      to ruk jaiye.
#   2. Sabse zyada aane wala pair chuniye (barabari ho to upar wala course ka niyam) aur use
#      merges ki list me jodiye.
#   3. Har word me woh pair ek symbol bana dijiye (pichhle exercise ka doosra kaam), har word ki
#      count wahi rakhiye. Agla step **naye** words par ginega.
# * Output: merges ki list, jaise `[('h', 'a'), ('a', 'a'), …]`, lambai zyada se zyada `num_merges`.

# %%
# ✏️ exercise cell: apna code yahan likhiye
def train_bpe(counts, num_merges):
    """{word_tuple: count} se zyada se zyada num_merges merges seekhiye: [(a, b), …]."""
    ### BEGIN SOLUTION
    ### HINT: gino → sabse aam pair chuno → list me jodo → har word me merge; num_merges baar, pairs
    ### HINT: khatam hon to ruko. Atke to: tc.hint("train_bpe").
    merges = []
    for _ in range(num_merges):
        pairs = count_pairs_fn(counts)
        if not pairs:
            break
        pair = tc.tokenizers.best_pair(pairs)
        merges.append(pair)
        counts = {merge_pair_fn(word, pair): n for word, n in counts.items()}
    return merges
    ### END SOLUTION

# %%
train_ok = tc.check_train_bpe(train_bpe)

# %%
train_bpe_fn = tc.choose(train_bpe, tc.tokenizers.train_bpe, train_ok)

# %% [markdown]
# * Ab train lines par 200 merges seekhte hain (kuch second lagenge) aur pehle 20 merges dekhte hain.
# * `tc.tokenizers.BPETokenizer` in merges ko kisi bhi text par **usi order** me lagata hai.
#   Jo character training me kabhi nahi dikha, woh `<unk>` banta hai.

# %% tags=["nbval-check-output"]
NUM_MERGES = 200
merges = train_bpe_fn(counts, NUM_MERGES)
alphabet = {symbol for word in counts for symbol in word}
bpe = tc.tokenizers.BPETokenizer(merges, alphabet)
assert len(alphabet) == 29 and len(merges) == 200 and len(bpe.vocab) == len(alphabet) + len(merges)   # quiz ka sawaal 2
print(f"{len(merges)} merges | alphabet {len(alphabet)} symbols | BPE vocab {len(bpe.vocab)} tokens")
print("pehle 20:", ["".join(pair) for pair in merges[:20]])
print("aakhri 8:", ["".join(pair) for pair in merges[-8:]])

# %% [markdown]
# ## Exercise: held-out lines par anjaane tokens
#
# *Predict · mushkil ●○○ · lagbhag 3 min*
#
# * Word view ki vocabulary sirf train lines se bani hai, isliye held-out lines ke kuch words
#   `<unk>` banenge.
# * Sawaal: **BPE** (200 merges, wahi train lines) ke saath held-out lines ke tokens me `<unk>`
#   kitne honge? `"koi nahi"`, `"kuch (10% se kam)"` ya `"bahut (10% ya zyada)"`?

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: bpe_unk_guess: "koi nahi", "kuch (10% se kam)" ya "bahut (10% ya zyada)".
bpe_unk_guess = "koi nahi"
### END SOLUTION

# %%
rows = tc.tokens.view_table(train_text, test_text, bpe)
unknown = tc.tokens.heldout_unknown_words(train_text, test_text, bpe)
bpe_unk = rows[2]["unk_share"]
bpe_band = "koi nahi" if bpe_unk == 0 else ("kuch (10% se kam)" if bpe_unk < 0.1 else "bahut (10% ya zyada)")
tc.check_prediction("bpe_unknown_heldout", bpe_unk_guess, bpe_band,
                    word_unk=rows[1]["unk_share"], word_share=unknown["share"],
                    bpe_unk=sum(t == "<unk>" for t in bpe.tokenize(test_text)))

# %% [markdown]
# ### Teeno views, held-out lines par
#
# * Vocabulary size, ek line me average tokens, aur `<unk>` ka hissa (saare tokens me,
#   punctuation bhi): sab train se bane tokenizers, held-out (test) lines par naape.

# %% tags=["nbval-check-output"]
tc.tokens.print_view_table(rows)
print(f"\nword view ka `<unk>`: saare held-out tokens me {rows[1]['unk_share']:.1%}, sirf words me "
      f"{unknown['share']:.1%}.\nFark kyun: punctuation (',', '.') bhi tokens hai aur hamesha vocabulary "
      "me hai, isliye saare tokens ginne par hissa kam dikhta hai.")
print("Train me kabhi na dikhe words, BPE unhe aise todta hai:")
for word, pieces in unknown["examples"]:
    print(f"  {word:>12} → {tc.tokens.show_pieces(pieces)}")

# %% [markdown]
# * Word view ka har `<unk>` model ke liye ek hi "pata nahi" token hai: word ki saari jaankari gayi.
# * BPE anjaane word ko jaane-pehchaane tukdon me todta hai. Tukde hamesha matlab wale nahi hote
#   (upar ki list padhiye), lekin koi letter kho nahi jaata. Sabse bura haal: sirf characters.

# %% [markdown]
# ### Picture: vocabulary size vs sequence length
#
# * Har dot ek "number of merges" hai (0 se 200 tak, rang se). Laal dot = 0 merges = character
#   view; naranji square = word view (har word ek token).
# * Har merge vocabulary me +1 token jodta hai aur train text ko utne tokens chhota karta hai
#   jitni baar woh pair aaya tha. Shuru ke pairs (jaise `h`+`a`) hazaaron baar aate hain, baad
#   wale bahut kam: neeche ke numbers me dekhiye fayda kaise ghatta hai.

# %%
curve = tc.tokens.merge_curve(train_text, merges)
tc.tokens.plot_merge_curve(curve)
plt.show()

# %% tags=["nbval-check-output"]
for k in (0, 50, 100, 200):
    vocab_size, per_line = tc.tokens.curve_point(curve, k)
    print(f"{k:>3} merges: vocab {vocab_size:>4}, {per_line:5.1f} tokens/line")
print(f"word view: vocab {curve['word_point'][0]:,}, {curve['word_point'][1]:.1f} tokens/line")
print(f"(table se fark: yahan `<unk>` nahi gina, isliye vocab {len(train_vocab):,} − 1; aur yeh train "
      f"lines par hai, table held-out par ({rows[1]['tokens_per_line']:.1f}).)")

# %% [markdown]
# ### Ek Hinglish sentence, BPE ki nazar se
#
# * Wahi chat wala sentence. Dekhiye "nahin" aur "nhi" kaise tootte hain, aur "nahi" ke saath
#   kaunse tukde share karte hain.

# %% tags=["nbval-check-output"]
print(tc.tokens.show_pieces(bpe.tokenize(typed)))
for word in ("nahi", "nahin", "nhi"):
    print(f"{word:>6} → {bpe.split_word(word)}")
shared = set(bpe.split_word("nahi")) & set(bpe.split_word("nahin"))
print("'nahi' aur 'nahin' ke common tukde:", sorted(shared) or "koi nahi")

# %% [markdown]
# * Word view me "nahin" seedha `<unk>` tha. BPE me uske tukde wahi hain jo tokenizer ne training me
#   dekhe: model ko kam se kam kuch to pata hai. Lekin dhyaan: tukde share hona yeh nahi batata
#   ki model "nahin" ka matlab "nahi" jaisa samjhega. Yeh model ko training se seekhna padta hai.

# %% [markdown]
# ## Exercise: word boundary hata kar dekhiye
#
# *Modify · mushkil ●●○ · lagbhag 10 min*
#
# * Ab tak BPE ke pairs sirf ek word ke andar bante the. Agar yeh niyam hata dein to?
# * `line_counts(text)` banaiye: `word_counts` jaisa hi, bas "word" ab **poori line** hai.
#   Har khaali nahi line, `.strip()` ke baad, characters ka tuple, jisme har space ki jagah
#   symbol `'_'`; ek jaisi lines ek saath giniye. Text jaisa hai waisa lijiye (corpus pehle se
#   lowercase hai, `.lower()` ki zaroorat nahi). Jaise `"chai garam hai"` →
#   `('c','h','a','i','_','g', …)`.
# * Phir experiment: train ki pehli 300 lines par, line wale counts se 50 merges, aapke
#   `train_bpe_fn` se. **Pehle andaaza**: 50 me se kitne merges me `'_'` (space) hoga?
#   `space_guess` me `"koi nahi"`, `"kuch (1 se 10)"` ya `"bahut (10 se zyada)"`.

# %%
# ✏️ exercise cell: line_counts banaiye, aur apna andaaza likhiye
def line_counts(text):
    """Har line ek 'word': {(characters, space ki jagah '_'): kitni baar}."""
    ### BEGIN SOLUTION
    ### HINT: har line .strip() kijiye, khaali chhodiye, ' ' ko '_' banaiye, tuple banakar giniye.
    ### HINT: Atke to: tc.hint("line_counts").
    counts = {}
    for line in text.splitlines():
        line = line.strip()
        if line:
            word = tuple(line.replace(" ", "_"))
            counts[word] = counts.get(word, 0) + 1
    return counts
    ### END SOLUTION


### BEGIN SOLUTION
### HINT: space_guess: "koi nahi", "kuch (1 se 10)" ya "bahut (10 se zyada)".
space_guess = "bahut (10 se zyada)"
### END SOLUTION

# %%
lines_ok = tc.check_line_counts(line_counts)

# %%
if tc.ready_to_measure("line_counts", lines_ok, {"space_merges": space_guess}):
    first_lines = "\n".join(train_text.splitlines()[:300])
    line_merges = train_bpe_fn(line_counts(first_lines), 50)
    with_space = [a + b for a, b in line_merges if "_" in a + b]
    across = [t for t in with_space if t.strip("_").count("_")]      # letters on both sides of '_'
    band = "koi nahi" if not with_space else ("kuch (1 se 10)" if len(with_space) <= 10 else "bahut (10 se zyada)")
    print("line-level merges:", ["".join(p) for p in line_merges])
    print("do words ko jodne wale tokens:", across or "koi nahi")
    tc.check_prediction("space_merges", space_guess, band, with_space=len(with_space),
                        example=(across or with_space)[0])

# %% [markdown]
# * Word wale BPE ke merges se milaaiye (upar "pehle 20" print hue the): wahan har token
#   ek word ka tukda tha. Isliye asli tokenizers pehle text ko words me todte hain
#   (**pre-tokenization**), phir har word ke andar BPE chalate hain.

# %% [markdown]
# ## Explorer: merges ki ginti badlo
#
# * Slider: kitne merges (0 = character view). Dekhiye sentence kaise tootta hai, vocabulary kitni
#   hai, aur curve par aap kahan ho (kaala gol).
# * Try kijiye: 0, 10, 50, 200. Kis merge ginti par "nahi" poora ek token ban jaata hai?

# %%
import ipywidgets as widgets


def draw(num_merges):
    tc.tokens.draw_merges_explorer(merges, alphabet, typed, curve, num_merges)


tc.explore(draw, {
    "num_merges": widgets.IntSlider(value=50, min=0, max=len(merges), step=5, description="merges"),
}, title="BPE merges explorer")

# %% [markdown]
# ## Ids → vectors: `nn.Embedding`
#
# * Tokens ko ids mil gaye. Ab har id ka ek vector chahiye: `nn.Embedding(vocab_size, d)` ek
#   **table** hai, shape `(vocab_size, d)`. Id `i` ka vector = table ki row `i`. Bas itna hi!
# * Doosri nazar: id ko **one-hot** vector banao (vocab jitna lamba, sirf position `i` par 1),
#   phir table se guna karo. `one_hot(i) @ W` bhi row `i` hi deta hai, kyunki baaki sab 0 se guna hua.
# * Lookup wahi kaam bina bekaar ke guna ke karta hai; isliye PyTorch lookup karta hai.

# %% [markdown]
# ## Exercise: one-hot matrix ka shape
#
# *Predict · mushkil ●○○ · lagbhag 2 min*
#
# * Chhoti vocabulary: `["<unk>", "chai", "garam", "hai", "nahi", "thandi"]`, aur sentence
#   "chai garam nahi hai". Har token ka one-hot vector ek row.
# * Sawaal: poori one-hot matrix ka shape kya hoga? Ek tuple likhiye, jaise `(2, 3)`.

# %%
# ✏️ exercise cell: apna andaaza likhiye
### BEGIN SOLUTION
### HINT: one_hot_guess: (rows, columns), ek tuple.
one_hot_guess = (4, 6)
### END SOLUTION

# %%
tiny_vocab = ["<unk>", "chai", "garam", "hai", "nahi", "thandi"]
ids = torch.tensor([tiny_vocab.index(w) for w in "chai garam nahi hai".split()])
one_hot = nn.functional.one_hot(ids, len(tiny_vocab)).float()
tc.check_prediction("one_hot_shape", one_hot_guess, tuple(one_hot.shape), shape=tuple(one_hot.shape))

# %% tags=["nbval-check-output"]
tc.seed_everything(0)
table = nn.Embedding(len(tiny_vocab), 3)
print("ids:", ids.tolist())
print("one_hot:\n", one_hot)
lookup, product = table(ids), one_hot @ table.weight
assert torch.allclose(lookup, product)
print("table(ids) == one_hot @ table.weight ?", torch.allclose(lookup, product), "| shape", tuple(lookup.shape))

# %% [markdown]
# ## Training embeddings ke saath kya karti hai?
#
# * Shuru me table random hai: "chai" ka vector "maa" ke vector jitna hi door hai jitna kisi aur
#   se. Training ke baad kya milte-julte words paas aate hain? Naap kar dekhte hain.
# * Sabse chhota model: **agla word** predict karo, sirf abhi wale word se.
#   `nn.Embedding(V, 16)` → `nn.Linear(16, V)`. Vocabulary: train me kam se kam 5 baar aaye words
#   (baaki `<unk>`).
# * Is model me ek word ka vector seedha batata hai ki uske **baad** kya aata hai. To jin do words
#   ke baad ek jaise words aate hain, unke vectors ko paas aane ka kaaran hai.
# * **Reference (jo seedha gin kar milta hai)**: har word ke baad aane wale words ki ginti ki row
#   (co-occurrence counts). Koi training nahi.
# * **Baselines**, jinse trained model ko milana hai: (1) random init table (training se pehle);
#   (2) wahi model, wahi steps, lekin agle words **shuffle** karke (word order toot gaya, sirf
#   kaunsa word kitna aam hai, woh bacha).
# * Naap: sabse zyada aane wale 200 words ke har jode ke liye do numbers: vectors ka cosine, aur
#   reference rows ka cosine. Dono ka correlation ("agreement"), −1 se 1 tak: 0 = koi rishta
#   nahi, 1 = poora, minus = ulta rishta. Training 150 steps, 3 seeds. Agreement budget par
#   bhi tika hai: zyada steps par number badal sakta hai.

# %%
word_list = tc.tokenizers.word_vocab(train_text, min_count=5)
x, y = tc.tokens.next_word_pairs(train_text, word_list)
next_counts = tc.tokens.next_word_counts(x, y, len(word_list))   # reference: seedha gin kar
top_ids = tc.tokens.frequent_words(x, word_list, 200)
print(f"vocabulary: {len(word_list)} words | training pairs (word → agla word): {len(x):,}")
STEPS = 150


def train_next_word(seed, targets):
    """Embedding(V, 16) → Linear(16, V), STEPS steps on (x → targets): (model, starting table)."""
    tc.seed_everything(seed)
    model = nn.Sequential(nn.Embedding(len(word_list), 16), nn.Linear(16, len(word_list)))
    start_table = model[0].weight.detach().clone()
    generator = torch.Generator().manual_seed(seed)

    def batch(step):
        pick = torch.randint(len(x), (512,), generator=generator)
        return x[pick], targets[pick]

    tc.fit(model, batch, steps=STEPS, lr=3e-2, desc=f"seed {seed}", progress=False)
    return model, start_table


before, shuffled, after, losses, models = [], [], [], [], {}
for seed in (0, 1, 2):
    model, start_table = train_next_word(seed, y)
    trained_table = model[0].weight.detach().clone()
    before.append(tc.tokens.agreement(start_table, next_counts, top_ids))
    after.append(tc.tokens.agreement(trained_table, next_counts, top_ids))
    with torch.no_grad():
        losses.append(nn.functional.cross_entropy(model(x), y).item())   # poore train pairs par
    y_shuffled = y[torch.randperm(len(y), generator=torch.Generator().manual_seed(100 + seed))]
    shuffled_model, _ = train_next_word(seed, y_shuffled)
    shuffled.append(tc.tokens.agreement(shuffled_model[0].weight.detach(), next_counts, top_ids))
    models[seed] = (start_table, trained_table)
print(tc.tokens.agreement_sentence(before, shuffled, after, STEPS))
assert min(after) > max(before + shuffled) + 0.1   # quiz ka aakhri sawaal isi par tika hai

# %% [markdown]
# ### Loss: model vs seedhi ginti
#
# * Is model ka input **sirf abhi wala word** hai. Isliye har word ke liye woh agle word ki
#   ek hi distribution de sakta hai, chahe kitna bhi train karo.
# * Train pairs par sabse kam loss wahi distribution deti hai jo ginti se aati hai (bigram
#   table, bina smoothing). Yeh by construction sach hai: aisa koi bhi model is had se neeche
#   nahi ja sakta. Neeche ka `assert` yahi jaanchta hai.
# * Saath me do ginti wale andaaze: **unigram** (abhi wala word dekhe bina, sirf kaunsa word
#   kitna aam hai) aur **bigram** (add-0.1 smoothing: har ginti me 0.1 joda, taaki koi
#   probability 0 na ho).

# %%
unigram = tc.tokens.unigram_nll(y, len(word_list))
bigram = tc.tokens.bigram_nll(next_counts, x, y)
floor = tc.tokens.bigram_nll(next_counts, x, y, smoothing=0.0)
assert min(losses) >= floor - 1e-3   # had: input sirf abhi wala word
print(tc.tokens.loss_sentence(unigram, bigram, floor, losses))

# %% [markdown]
# ### Nearest neighbours: khud padhiye
#
# * Har word ke 4 sabse paas wale words (cosine similarity), seed 0 ke model se: training se
#   pehle, baad, aur reference (ginti). `<unk>` ko neighbour nahi maana: woh ek word nahi,
#   bahut saare anjaane words ka ek token hai.
# * Padhte waqt sochiye: kaunse neighbours samajh me aate hain, aur kaunse bas shor hain? Chhota
#   corpus, chhota model: har seed par list thodi alag hogi.

# %%
start_table, trained_table = models[0]
for word in ("kaha", "maa", "subah", "chai", "nahi"):
    print(f"{word:>6} | pehle:      {', '.join(tc.tokens.neighbours(start_table, word_list, word))}")
    print(f"{'':>6} | baad:       {', '.join(tc.tokens.neighbours(trained_table, word_list, word))}")
    print(f"{'':>6} | reference:  {', '.join(tc.tokens.neighbours(next_counts, word_list, word))}")

# %% [markdown]
# * Imaandari ki baat (**aadha sach**): training ne vectors ko reference ki taraf kitna kheencha,
#   woh upar ka agreement batata hai, aur shuffled baseline dikhata hai ki yeh words ke order se
#   aaya. Lekin is model ki had bigram ginti hai (input sirf abhi wala word): loss ke numbers
#   upar model ko ginti ke saath rakh kar dikhate hain.
# * Spelling variants ("nahi" vs "nahin") paas aate hain ya nahi, yeh is corpus par naapa hi nahi
#   ja sakta: variants corpus me hain hi nahi (upar gina tha). Iske liye asli chat data chahiye.

# %% [markdown]
# ### Picture: sabse aam words, 2-D me
#
# * 16 numbers ke vector ko seedha nahi dekh sakte. **PCA** (SVD se) do sabse badi directions
#   dhoondhta hai aur har vector ko unpar project karta hai. Kuch jaankari khoti hai, isliye
#   2-D me paas hona aur 16-D me paas hona hamesha ek nahi.
# * 30 sabse aam words. Baayein: random table. Daayein: wahi table training ke baad (seed 0).
#   Naranji: postpositions `ka, ki, ke, ko, ne, se, me, par`.
# * Sawaal: training ke baad naranji words ek jhund me aate hain ya bikhre rehte hain? Agar paas
#   hain, to kyun ho sakta hai (in words ke **baad** aksar kaunse words aate hain)? Aur yaad
#   rakhiye: yeh 2-D hai, isliye paas dikhna 16-D me paas hone ka sabut nahi; upar wale
#   neighbours (16-D cosine) se milaaiye.

# %%
tc.tokens.plot_embeddings_2d(start_table, trained_table, word_list, top_ids[:30])
plt.show()

# %%
tc.quiz([
    tc.Question(
        "Character, word aur BPE (200 merges) me se kis view me ek sentence sabse zyada tokens ka banta hai?",
        ["Character view", "Word view", "BPE"],
        answer=0,
        explanation="Har character ek token hai, isliye sequence sabse lamba; BPE beech me, word view sabse chhota.",
        nudge="upar wali table ka 'tokens/line' column dekhiye: kis view me ek token sabse chhota tukda hai?"),
    tc.Question(
        "Alphabet me 29 symbols hain aur BPE ne 200 merges seekhe. BPE ki vocabulary kitni badi hai?",
        ["200", "229", "29 × 200 = 5,800"],
        answer=1,
        explanation="Har merge ek naya token jodta hai, aur shuru ke 29 symbols bhi vocabulary me rehte hain: 29 + 200 = 229.",
        nudge="merge se purane symbols gayab nahi hote; har merge vocabulary me kitne naye tokens jodta hai?"),
    tc.Question(
        "Word view me training me na dikha word 'nahin' kya banta hai?",
        ["'nahi' (sabse milta-julta word)", "<unk>: ek hi 'pata nahi' token", "Uske characters"],
        answer=1,
        explanation="Word view ki vocabulary fixed hai; jo word usme nahi, woh <unk> ban jaata hai. BPE use tukdon me todta hai.",
        nudge="word view ki vocabulary kahan se bani thi, aur usme na mile word ke liye kaunsa token hota hai?"),
    tc.Question(
        "('a','a','a') me pair ('a','a') ko merge_pair se merge kiya. Kya milega?",
        ["('aa', 'a')", "('a', 'aa')", "('aa', 'aa')", "('aaa',)"],
        answer=0,
        explanation="Left se right: pehle do 'a' jud gaye; teesra 'a' akela bacha. Jo symbol merge me lag gaya, woh dobara nahi lagta.",
        nudge="merge_pair left se right chalta hai aur merge ke baad do kadam aage badhta hai."),
    tc.Question(
        "nn.Embedding(V, d) ko ids dena kis cheez ke barabar hai?",
        ["one_hot(ids) @ weight: har id ki row", "weight @ one_hot(ids)", "ids * weight (har id ko weight se guna)"],
        answer=0,
        explanation="One-hot row sirf position i par 1 hai, isliye one_hot @ W = W ki row i. Lookup wahi kaam seedha karta hai.",
        nudge="one_hot ka shape (tokens, V) aur weight ka (V, d): kaunsa guna (tokens, d) deta hai?"),
    tc.Question(
        "Chhote next-word model ki training ke baad word vectors ke baare me sabse imaandaar baat kaunsi hai?",
        ["Vectors ab word ka poora matlab samajhte hain",
         f"Vectors 'kiske baad kya aata hai' wali ginti ki taraf kuch had tak aaye "
         f"(agreement ~{statistics.fmean(after):.2f}, {STEPS} steps par)",
         "Training se vectors me koi fark nahi aata"],
        answer=1,
        explanation=(f"Agreement: random init {statistics.fmean(before):.2f}, shuffled "
                     f"{statistics.fmean(shuffled):.2f}, trained {statistics.fmean(after):.2f}. "
                     f"Aur input sirf abhi wala word hai, isliye loss bigram ginti ki had "
                     f"({floor:.2f}) se neeche ja hi nahi sakta: 'poora matlab' ka daava numbers "
                     "nahi karte."),
        nudge="upar 'agreement' kis cheez se naapa tha, aur dono baselines ke saath numbers kya the?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Pipeline: **text → tokens → ids → vectors**. Model sirf ids aur unke vectors dekhta hai.
# * Character view: chhoti vocabulary, lamba sequence, `<unk>` sirf naye characters par. Word view: chhota
#   sequence, badi vocabulary, anjaane words `<unk>`. Subwords (BPE) beech me.
# * BPE: padosi pairs gino (sirf word ke andar, overlap ke saath), sabse aam pair merge karo
#   (left se right), dohrao. Har merge vocabulary +1.
# * Hinglish spelling variants word view ke liye alag tokens (ya `<unk>`) hain; BPE unhe tukdon
#   me todta hai. Tukde share hona matlab samajhna nahi hai.
# * `nn.Embedding(V, d)` = ek `(V, d)` table; `table(ids)` = `one_hot(ids) @ table.weight`.
# * Training vectors ko data ke patterns ki taraf kheenchti hai; kitna, yeh naapiye: reference
#   (seedhi ginti) se milaa kar, baselines (random init, shuffled) ke saath, kai seeds par.
# * Jo model sirf abhi wala word dekhta hai, uski had bigram ginti hai: us model ka loss
#   ginti wale andaaze ke saath hi padhiye.

# %% [markdown]
# **Agla notebook:** [02 · Attention](02_attention.ipynb) →
