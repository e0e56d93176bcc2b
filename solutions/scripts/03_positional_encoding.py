# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/03_positional_encoding.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/03_positional_encoding.ipynb)
#
# # 03 · Positional encoding

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
# * Khud dekhna ki **attention akela order nahi samajhta**: words ko shuffle karo, output bhi
#   bilkul usi tarah shuffle ho jaata hai ("dog bites man" = "man bites dog"?!).
# * Paper ka **sine/cosine positional encoding** apne haath se banana (exercise + check).
# * Uske patterns padhna: heatmap ki dhaariyan (stripes) kahan se aati hain, har dimension ki
#   wavelength, aur do khaas properties: do positions ki similarity `PE(p)·PE(q)` kis cheez par
#   depend karti hai (aur kya **nahi** batati: seedha girna, aage/peeche), aur `PE(p+k)` =
#   ek fixed rotation matrix × `PE(p)`. Aage/peeche (direction) kahan se aa sakta hai: ek
#   non-symmetric matrix se (optional gehri baat).
# * Learned position embeddings vs sinusoidal: training length ke aage kya hota hai.
# * PE ko khud word vectors me jodna (`x + PE[:L]`) aur dekhna ki ab order dikhta hai; `√d_model`
#   scaling kyun.
# * Aage ki jhalak: **RoPE** (rotary embeddings), jo aaj ke LLMs me use hota hai.

# %% [markdown]
# ## Pehle ek sawaal: kya attention ko order pata hai?
#
# * Do sentences lijiye: **"dog bites man"** aur **"man bites dog"**. Words wahi hain, sirf
#   order alag, lekin matlab bilkul ulta: kaun kisko kaat raha hai!
# * Attention har word ko baaki words se compare karta hai: score = `q · k`. Is formula me
#   kahin bhi "yeh word kaunsi position par hai" nahi aata.
# * Toh attention ke liye sentence ek **bag of words** jaisa hai: words ka set, bina order ke.
# * Chaliye yeh baat code me pakki karte hain: ek chhota self-attention (random `W_q, W_k, W_v`,
#   notebook 02 ka `scaled_dot_product_attention`) dono sentences par chalaate hain.

# %%
import matplotlib.pyplot as plt
import torch
from torch import nn

tc.seed_everything(0)
d = 8                                     # chhota vector size, taaki sab dikh sake
vocab = {"dog": 0, "bites": 1, "man": 2}
embedding = nn.Embedding(len(vocab), d)   # har word ka ek vector: lookup table (01b)
W_q, W_k, W_v = (nn.Linear(d, d, bias=False) for _ in range(3))


def embed(sentence):
    """Sentence → (seq_len, d) word vectors (abhi koi position info nahi)."""
    return embedding(torch.tensor([vocab[word] for word in sentence.split()]))


def self_attention(x):
    """Ek head ka self-attention: q, k, v teeno isi sentence se. Returns (output, weights)."""
    return tc.scaled_dot_product_attention(W_q(x), W_k(x), W_v(x))


# %% tags=["nbval-check-output"]
with torch.no_grad():
    out_a, weights_a = self_attention(embed("dog bites man"))   # rows: dog, bites, man
    out_b, weights_b = self_attention(embed("man bites dog"))   # rows: man, bites, dog

print("out_a.shape:", tuple(out_a.shape), " (3 words × d)")
for word, i, j in [("dog", 0, 2), ("bites", 1, 1), ("man", 2, 0)]:
    same = torch.allclose(out_a[i], out_b[j], atol=1e-6)
    assert same
    print(f"'{word}' ka output dono sentences me same? {same}")
assert torch.allclose(out_a.mean(0), out_b.mean(0), atol=1e-6)
print("Poore sentence ka mean vector bhi same → model ko pata hi nahi kisne kisko kaata!")

# %% [markdown]
# * Attention weights ki picture dekhiye. Pehle sentence me "dog" row, "man" column ka weight
#   dhoondhiye; phir doosre sentence me bhi wahi "dog" row, "man" column. Value same hai!
# * Har (word, word) jodi ka weight dono sentences me same hai, bas rows aur columns ki jagah badli hai.
# * (Weights 1/3 se bahut door nahi hain kyunki `W_q, W_k` random hain, trained nahi. Lekin
#   "order ka pata nahi" wali baat kisi bhi `W_q, W_k, W_v` ke liye sach hai, trained ho ya nahi:
#   neeche iska proof hai.)

# %%
tc.positional.plot_sentence_weights({"dog bites man": weights_a, "man bites dog": weights_b},
                                    "Bina position ke: wahi weights, sirf rows/columns ki jagah badli")
plt.show()

# %% [markdown]
# ### Yeh sirf is example ki baat nahi: permutation equivariance
#
# * Kisi bhi sequence `X` (shape `(L, d)`) ke tokens ko kisi bhi tarah shuffle kijiye. Shuffle
#   ek **permutation matrix** `P` hai (har row me ek 1, baaki 0).
# * Self-attention ka output bhi **bilkul usi tarah shuffle** ho jaata hai:
#
# $$\text{Attn}(PX) = P\,\text{Attn}(X)$$
#
# * Kyun? Naye scores $(PXW_q)(PXW_k)^\top = P\,S\,P^\top$, jahan $S = XW_qW_k^\top X^\top$ purane
#   scores hain: wahi numbers, bas rows aur columns dono same tarah shuffle.
# * Softmax har row par alag chalta hai, isliye weights bhi $P A P^\top$ bante hain. Phir
#   $P A P^\top \cdot P X W_v = P\,(A X W_v)$, kyunki $P^\top P = I$.
# * Isko kehte hain **permutation equivariance**. Matlab: attention ke liye order ki koi jaankari nahi.

# %% tags=["nbval-check-output"]
tc.seed_everything(1)
x = torch.randn(6, d)                   # 6 tokens ka ek random sequence
perm = torch.randperm(6)                # ek random shuffle
with torch.no_grad():
    shuffled_then_attention = self_attention(x[perm])[0]
    attention_then_shuffled = self_attention(x)[0][perm]

assert torch.allclose(shuffled_then_attention, attention_then_shuffled, atol=1e-6)
print("shuffle (perm):", perm.tolist())
print("✅ Verified: Attn(X[perm]) == Attn(X)[perm]. Bina position ke attention order nahi dekhta.")

# %% [markdown]
# ## Ilaaj: har position ko ek pehchaan (positional encoding)
#
# * Idea simple hai: har position `p` ke liye ek vector `PE(p)` banao, aur word ke vector me
#   **jod do**: `x_p + PE(p)`. Ab "dog" position 0 par aur "dog" position 2 par alag vectors hain.
# * Seed ki line yaad kijiye: "Word1 = sine cosine pattern, Word2 = different pattern". Bilkul yahi!
# * Paper ("Attention Is All You Need") ka formula, position `pos` aur pair index `i` ke liye:
#
# $$PE(pos, 2i) = \sin\!\left(\frac{pos}{10000^{2i/d_{model}}}\right), \qquad
#   PE(pos, 2i+1) = \cos\!\left(\frac{pos}{10000^{2i/d_{model}}}\right)$$
#
# * Even dimensions (`0, 2, 4, …`) me sine, odd dimensions (`1, 3, 5, …`) me cosine.
#   Dimensions `2i` aur `2i+1` ek **pair** hain jo same speed $\omega_i = 1/10000^{2i/d_{model}}$ se ghoomta hai.
# * Intuition: ek ghadi jisme bahut saari suiyaan hain. Pehla pair second wali sui jaisa tez
#   ghoomta hai, aakhri pair bahut dheere (jaise saal wali sui). Saari suiyon ki position milakar
#   har time (yahan: har position) ki ek unique pehchaan banti hai.
# * Sin **aur** cos dono kyun? Ek pair `(sin, cos)` ek circle par point hai: ghadi ki sui ki
#   poori direction. Iski wajah se aage ek sundar property milegi (rotation).

# %% [markdown]
# ## Exercise: `sinusoidal_positional_encoding(max_len, d_model)`
#
# *Implement · mushkil ●●○ · lagbhag 15 min*
#
# * Output: shape `(max_len, d_model)`, dtype `float32`. Row `p` = position `p` ka vector.
# * Galat input par `ValueError` raise kijiye: odd `d_model` (pair nahi bante), ya
#   `max_len <= 0` / `d_model <= 0`.
# * Steps (shapes par dhyan dijiye; code aapka):
#   1. Har position ka number ek column me: shape `(max_len, 1)`.
#   2. Har (sin, cos) pair `i` ki frequency $1 / 10000^{2i/d}$: shape `(d_model/2,)`.
#   3. Broadcasting se dono ka guna: har position × har frequency = ek angle, shape
#      `(max_len, d_model/2)`.
#   4. Even columns (0, 2, 4, …) me angle ka sine, odd columns (1, 3, 5, …) me cosine.
# * Loop ki zaroorat nahi; broadcasting sab ek saath kar deta hai. Atke to
#   `tc.hint("sinusoidal_positional_encoding")`: har baar ek level aage.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def sinusoidal_positional_encoding(max_len, d_model):
    """(max_len, d_model) float32 table: even columns sin(pos·ω_i), odd columns cos(pos·ω_i)."""
    ### BEGIN SOLUTION
    ### HINT: pehle galat input roko (odd d_model ya size <= 0 par ValueError); phir har position
    ### HINT: aur har (sin, cos) pair ka angle, even columns me sin, odd me cos. Atke to:
    ### HINT: tc.hint("sinusoidal_positional_encoding").
    if max_len <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError(f"max_len > 0 aur even d_model > 0 chahiye, mila max_len={max_len}, d_model={d_model}")
    position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)   # (max_len, 1)
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)              # (d_model/2,)
    angle = position / 10000 ** (two_i / d_model)                         # (max_len, d_model/2)
    pe = torch.zeros(max_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe.float()
    ### END SOLUTION

# %%
pe_ok = tc.check_sinusoidal_positional_encoding(sinusoidal_positional_encoding)
pe_fn = tc.choose(sinusoidal_positional_encoding,
                  tc.sinusoidal_positional_encoding, pe_ok)

# %% [markdown]
# * Ab isi `pe_fn` se ek table banaate hain: 100 positions, `d_model = 64`.
# * Position 0 par har angle 0 hai: `sin 0 = 0`, `cos 0 = 1`. Isliye `PE[0] = [0, 1, 0, 1, …]`.

# %%
max_len, d_model = 100, 64
pe = pe_fn(max_len, d_model)
print("pe.shape:", tuple(pe.shape), "| dtype:", pe.dtype)
print("PE[0][:8]:", pe[0, :8].tolist())
print("PE[1][:4]:", [round(v, 3) for v in pe[1, :4].tolist()], " (sin 1 ≈ 0.841, cos 1 ≈ 0.540)")

# %% [markdown]
# ### Picture: poori table ek heatmap me
#
# * Har row ek position, har column ek dimension. Laal = +1, neela = −1, safed ≈ 0.
# * **Dhaariyan (stripes) kyun?** Har do columns `(2i, 2i+1)` ek hi wave hain: sin aur cos, ek hi
#   wavelength $\lambda_i = 2\pi \cdot 10000^{2i/d_{model}}$ par. Pair 0 ki wavelength $2\pi \approx 6.3$
#   positions hai, har agla pair ek fixed guna lamba, aur aakhri pair ki $2\pi \cdot 10000^{(d_{model}-2)/d_{model}}$
#   (yahan ≈ 47,000; bade `d_model` par $10000 \cdot 2\pi \approx 63{,}000$ ke paas).
# * Baayein (pehle pairs): wave tez, har kuch positions me laal → neela → laal. Isliye upar se neeche
#   chhoti-chhoti patti wali dhaariyan.
# * Daayein (aakhri pairs): wave itni lambi ki 100 positions me bas thoda sa ghoomti hai. Sin wala
#   column ≈ 0 (safed) aur cos wala ≈ 1 (laal) reh jaata hai: isliye **khadi** (vertical) dhaariyan,
#   safed-laal-safed-laal.
# * Yeh safed-laal baari-baari isliye kyunki yahan sin aur cos **interleaved** hain (paper jaisa:
#   even column sin, odd column cos). Kai blogs aur libraries (jaise tensor2tensor) pehle aadhe
#   columns me saare sin aur baaki aadhe me saare cos rakhte hain: wahan har aadhe ke daayein hisse
#   me ek hi rang ka chauda patta dikhta hai (sin wale aadhe me safed, cos wale me laal), baari-baari
#   dhaariyan nahi. Information wahi, sirf columns ki jagah alag.
# * Beech me dono ka mel: jitna daayein, utni chaudi dhaariyan. Beech ki dhaariyan **tedhi**
#   (curved) kyun? Ek rang ki lakeer = ek hi angle, $pos\cdot\omega_i = c$, yaani
#   $pos = c \cdot 10000^{2i/d_{model}}$: column ke saath position exponentially badhti hai, isliye
#   seedhi nahi, mudi hui. Har row (position) ka pattern alag hai: yahi uski pehchaan hai. Neeche numbers.

# %%
tc.positional.plot_encoding(pe)
plt.show()

# %% tags=["nbval-check-output"]
print(tc.positional.stripes_summary(d_model, max_len))

# %% [markdown]
# ### Har pair ki wavelength
#
# * Pair `i` ki wavelength (kitni positions baad pattern dobara aata hai) hai
#   $\lambda_i = 2\pi \cdot 10000^{2i/d_{model}}$: pair 0 ke liye $2\pi \approx 6.3$ positions, aakhri
#   pair ke liye $2\pi \cdot 10000^{62/64} \approx 47{,}000$ (`d_model` jitna bada, utna
#   $2\pi \cdot 10000 \approx 63{,}000$ ke paas).
# * Yeh **geometric** badhti hai, isliye log scale par seedhi line dikhti hai.
# * Tez pairs paas ke words me fark karte hain (position 3 vs 4), dheeme pairs door ka
#   hisaab rakhte hain (position 3 vs 90). Dono milkar har scale par position batate hain.
# * Laal line: hamari sentence length (100). Jis pair ki wavelength isse bahut badi hai, woh
#   is sentence me aadha chakkar bhi nahi ghoomta.

# %%
tc.positional.plot_wavelengths(d_model, max_len=max_len)
plt.show()

# %% [markdown]
# ## Exercise: pehle andaaza (do positions kitni milti-julti hain?)
#
# *Predict · mushkil ●●○ · lagbhag 4 min*
#
# * Do positions ke PE vectors ka dot product `PE(p)·PE(q)` batata hai ki woh kitne
#   "milte-julte" hain: jitna bada, utne milte-julte.
# * Sawaal: `PE(10)·PE(13)` aur `PE(70)·PE(73)`. Dono jodiyon me doori 3 hai, lekin positions
#   alag hain. Pehla doosre se **kam**, **barabar** ya **zyada** hoga? (`d_model = 64`, upar wali table.)
# * Sochne ke liye: har pair `(sin, cos)` ghadi ki ek sui hai. 3 positions aage jaane par har sui
#   kitni ghoomti hai, aur kya yeh position 10 aur 70 par alag hai?

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: similarity_guess: "kam", "barabar" ya "zyada".
similarity_guess = "barabar"
### END SOLUTION

# %%
pe64 = tc.sinusoidal_positional_encoding(max_len, d_model, dtype=torch.float64)  # rounding ka shor nahi
near, far = (pe64[10] @ pe64[13]).item(), (pe64[70] @ pe64[73]).item()
relation = "barabar" if abs(near - far) < 1e-9 else ("kam" if near < far else "zyada")
tc.check_prediction("pe_similarity_shift", similarity_guess, relation, near=near, far=far)

# %% [markdown]
# ## Property 1: similarity sirf distance par depend karti hai
#
# * Do positions ke vectors ka dot product lijiye. Har pair se `sin·sin + cos·cos` aata hai, aur
#   trigonometry ka formula `cos(a − b) = cos a·cos b + sin a·sin b` kehta hai:
#
# $$PE(p)\cdot PE(q) = \sum_i \cos\big((p - q)\,\omega_i\big)$$
#
# * Isme sirf `p − q` hai! Aur `cos` even hai, isliye sirf `|p − q|`. Position 10 aur 13 utne hi
#   "similar" hain jitne 70 aur 73.
# * Bonus: `p = q` par har term `cos 0 = 1`, isliye har vector ka norm `√(d_model/2)` hai,
#   har position ke liye same.

# %%
tc.positional.plot_similarity(pe)
plt.show()

# %% [markdown]
# * Ab saari jodiyon par numbers se pakka karte hain. Yeh check float64 table `pe64` par hai
#   (rounding ka shor na ho); isliye yahan course ka reference use hota hai, aapka `pe_fn` nahi.

# %%
similarity = pe64 @ pe64.T                                     # (100, 100): har p, q ka dot
worst = 0.0
for distance in range(max_len):
    diagonal = torch.diagonal(similarity, offset=distance)     # saare (p, p+distance) pairs
    worst = max(worst, (diagonal - diagonal[0]).abs().max().item())
formula = torch.cos(torch.arange(max_len)[:, None] * tc.frequencies(d_model)).sum(1)
assert worst < 1e-9 and torch.allclose(similarity[0], formula)
print("✅ Har diagonal par PE(p)·PE(p+Δ) ek hi value hai: sirf distance Δ matter karta hai.")
print("✅ Aur woh value = Σ cos(Δ·ω_i), formula se exactly.")
print(f"   PE(10)·PE(13) = {similarity[10, 13]:.4f},  PE(70)·PE(73) = {similarity[70, 73]:.4f}")
print(f"   har vector ka norm = {pe64[0].norm():.4f} = √(d_model/2) = {(d_model / 2) ** 0.5:.4f}")

# %% [markdown]
# ### Aadha sach: "jitna paas, utna similar"?
#
# * Property 1 sach hai: similarity sirf distance par depend karti hai. Lekin do baatein jo log
#   aksar maan lete hain, woh **nahi** hoti:
#   1. **Distance badhne par similarity seedha (har step par) nahi girti.** $\sum_i \cos(\Delta\,\omega_i)$
#      alag-alag speed ki waves ka jod hai; kuch waves wapas upar aati hain, to jod bhi upar-neeche
#      hota hai. Shuru ke kuch steps par girti hai, phir ghoomti hai (plot ki laharein).
#   2. **Yeh pehle aur baad me fark nahi kar sakti.** $\cos$ even hai: $PE(p)\cdot PE(p+\Delta) =
#      PE(p)\cdot PE(p-\Delta)$. Dot product se "key 3 pehle hai ya 3 baad" pata hi nahi chal sakta.
# * Neeche dono baatein numbers se (code ne khud dhoondhi).

# %% tags=["nbval-check-output"]
by_distance = tc.positional.similarity_by_distance(d_model, max_len - 1)   # Δ = 0..99
assert torch.allclose(by_distance, similarity[0])                        # wahi numbers jo upar
print(tc.positional.monotone_summary(by_distance))
print(f"Misaal: PE(p)·PE(p+22) = {by_distance[22]:.2f}, PE(p)·PE(p+25) = {by_distance[25]:.2f}")
before, after = (pe64[40] @ pe64[37]).item(), (pe64[40] @ pe64[43]).item()
assert abs(before - after) < 1e-9
print(f"PE(40)·PE(37) = {before:.4f} (3 pehle),  PE(40)·PE(43) = {after:.4f} (3 baad): barabar")

# %% [markdown]
# ### Direction kahan se aati hai? Ek non-symmetric linear map se (gehri baat, optional)
#
# * Ek line me intuition: dot product "kitne paas" ka naap hai, jo "pehle" aur "baad" me fark nahi
#   jaanta; "pehle/baad" ke liye aisa naap chahiye jiska jawab p aur q ki jagah badalne par ulta ho.
#   Yeh section chhod kar aage jaana bhi theek hai.
# * Attention ka score seedha dot product nahi, $q\cdot k = (x_p W_Q)\cdot(x_q W_K) = x_p^\top\,
#   W_Q W_K^\top\, x_q$ hai: beech me ek matrix $W = W_Q W_K^\top$. Agar $W$ symmetric ho (jaise
#   $W_Q = W_K$), to score(p, q) = score(q, p). Tab bhi kisi **ek** p par "3 pehle" aur "3 baad" ke
#   score alag ho sakte hain (neeche code me misaal), lekin **har position par ek jaisi (sirf
#   distance wali) direction** ke liye $W$ me **antisymmetric** hissa chahiye. $W_Q \ne W_K$ ho
#   sakte hain, to yeh mumkin hai.
# * Misaal: matrix $A$ = har pair ko 90° ghumana (blocks $\begin{pmatrix}0 & 1\\ -1 & 0\end{pmatrix}$,
#   antisymmetric: $A^\top = -A$).
#   Wahi angle-formula deta hai $PE(p)^\top A\, PE(q) = \sum_i \sin\big((p - q)\,\omega_i\big)$.
#   $\sin$ **odd** hai: p aur q ki jagah badlo to score ka sign ulat jaata hai. Aur kya yeh sign
#   hamesha "pehle" ko ek taraf rakhta hai? Yeh formula se nahi dikhta, isliye code se dekhte hain
#   (neeche: is table ki saari jodiyan, aur kitni doori tak).
# * Yahi Property 2 se bhi dikhta hai: "3 aage" aur "3 peeche" alag linear maps hain
#   ($M_{-3} = M_3^\top \ne M_3$), bas dot product dono ko barabar dikhata hai.
# * Ek model $W_Q W_K^\top$ me aisi matrix **seekh sakta hai**; seekhega ya nahi, yeh training par hai.

# %%
tc.positional.plot_direction(pe64)
plt.show()

# %% tags=["nbval-check-output"]
A = tc.positional.before_after_matrix(d_model)
directed = pe64 @ A @ pe64.T                       # (100, 100): PE(p)ᵀ·A·PE(q)
p_idx, q_idx = torch.meshgrid(torch.arange(max_len), torch.arange(max_len), indexing="ij")
off_diagonal = p_idx != q_idx
key_before = (directed > 0) == (q_idx < p_idx)
print(f"p ≠ q wali {int(off_diagonal.sum())} jodiyon me se {int(key_before[off_diagonal].sum())} me "
      "sign(PE(p)ᵀ·A·PE(q)) sahi batata hai ki key pehle hai ya baad me.")
print(f"Sabse chhota |score| (p ≠ q): {directed[off_diagonal].abs().min():.3f}  (is table me 0 se door)")
assert torch.allclose(directed, -directed.T)          # odd: jagah badlo, sign ulta
for size in (16, 32, d_model):                         # Σ sin(Δ·ω_i) pehli baar ≤ 0 kab?
    fail_at = tc.positional.first_sign_failure(size)
    print(f"d_model = {size:>2}: sign sirf |Δ| < {fail_at} tak sahi (Δ = {fail_at} par "
          f"Σ sin(Δ·ω_i) = {torch.sin(fail_at * tc.frequencies(size).double()).sum():+.3g})")
assert max_len - 1 < fail_at == 131                    # table ki saari doori had ke andar; 131 neeche likha
print(f"Is table me |Δ| ≤ {max_len - 1} < {fail_at}: isliye yahan saari jodiyan sahi. Lambe "
      "sentence me yeh sign galat bhi ho sakta hai.")
M_3, M_minus3 = (tc.rotation_matrix(shift, d_model, dtype=torch.float64) for shift in (3, -3))
assert torch.allclose(M_minus3, M_3.T) and not torch.allclose(M_3, M_minus3)
print("M_-3 = M_3ᵀ, aur M_3 ≠ M_-3: '3 aage' aur '3 peeche' alag maps hain.")

# %% [markdown]
# * Ab ek **symmetric** W se milaiye: sirf sin wale dims rakhne wali diagonal matrix. Kisi ek p par
#   "3 pehle" aur "3 baad" alag aa sakte hain, lekin yeh fark har p par badalta hai, aur average
#   par lagbhag cancel ho jaata hai (symmetric W me p par "pehle" ka score = p − 3 par "baad" ka
#   score). $A$ ke saath fark har p par ek hi.

# %% tags=["nbval-check-output"]
W_sym = torch.diag(torch.tensor([1.0, 0.0] * (d_model // 2), dtype=torch.float64))  # sirf sin dims
sym = pe64 @ W_sym @ pe64.T
assert torch.equal(W_sym, W_sym.T)
print(f"Symmetric W: PE(40)ᵀ·W·PE(37) = {sym[40, 37]:.2f} (3 pehle), "
      f"PE(40)ᵀ·W·PE(43) = {sym[40, 43]:.2f} (3 baad)")
ps = torch.arange(3, max_len - 3)
gap_sym = sym[ps, ps - 3] - sym[ps, ps + 3]           # '3 pehle' − '3 baad', har p par
gap_A = directed[ps, ps - 3] - directed[ps, ps + 3]
print(f"'3 pehle' − '3 baad', p = {ps[0]}..{ps[-1]}:")
print(f"  symmetric W: {gap_sym.min():+.2f} se {gap_sym.max():+.2f} tak, mean {gap_sym.mean():+.2f} "
      f"({int((gap_sym > 0).sum())}/{len(ps)} positions par 'pehle' bada)")
print(f"  A:           har p par {gap_A[0]:+.2f}")
assert sym[40, 37] != sym[40, 43] and gap_sym.min() < 0 < gap_sym.max()
assert gap_sym.mean().abs() < 0.1 * gap_sym.abs().max()
assert torch.allclose(gap_A, gap_A[0].expand_as(gap_A))

# %% [markdown]
# ## Property 2: `PE(p+k)` = ek fixed rotation × `PE(p)`
#
# * Ek pair `(sin θ, cos θ)` ko `k` positions aage le jaana = angle me `kω_i` jodna =
#   circle par point ko **ghumaana** (rotate). Formula (angle-addition):
#
# $$\begin{pmatrix}\sin(\theta + \phi)\\ \cos(\theta + \phi)\end{pmatrix} =
#   \begin{pmatrix}\cos\phi & \sin\phi\\ -\sin\phi & \cos\phi\end{pmatrix}
#   \begin{pmatrix}\sin\theta\\ \cos\theta\end{pmatrix}, \qquad \phi = k\,\omega_i$$
#
# * Har pair ka apna 2×2 block; sab milkar ek **block-diagonal** matrix `M_k`. Isme `p` kahin
#   nahi hai: `M_k` sirf `k` (kitna aage) par depend karta hai.
# * Matlab "3 positions aage" ek **linear** operation hai, jo har jagah same hai. Paper ne
#   yeh encoding isi andaaze (hypothesis) se chuni ki model relative positions ("mujhse 3 pehle
#   wala word") aasani se seekh lega.
# * Chhota example: `d_model = 8` ke liye `M_3` (4 blocks, har ek 2×2; baaki sab 0).

# %%
tc.plotting.heatmap(tc.rotation_matrix(3, 8), cmap="coolwarm", vmin=-1, vmax=1,
                    title="M_3 (d_model = 8): 4 rotation blocks diagonal par",
                    xlabel="column", ylabel="row")
plt.show()

# %% tags=["nbval-check-output"]
k = 5
M_k = tc.rotation_matrix(k, d_model, dtype=torch.float64)   # (64, 64)
predicted = pe64[:-k] @ M_k.T          # har row p par M_k @ PE(p), ek saath
assert torch.allclose(predicted, pe64[k:], atol=1e-10)                  # = PE(p + k), har p ke liye
assert torch.allclose(M_k @ M_k.T, torch.eye(d_model, dtype=torch.float64))  # rotation: lambai same
off_blocks = M_k.clone()
for i in range(0, d_model, 2):
    off_blocks[i:i + 2, i:i + 2] = 0
assert off_blocks.abs().max() == 0                                      # block-diagonal
print(f"M_{k}.shape: {tuple(M_k.shape)}, block-diagonal ({d_model // 2} blocks of 2×2), orthogonal")
print(f"✅ Verified: PE(p+{k}) = M_{k} · PE(p) har p = 0..{max_len - k - 1} ke liye, ek hi M_{k} se.")

# %% [markdown]
# * Isse direction ka asli kaam dikhta hai. $W = M_k$ lo (non-symmetric): score
#   $PE(p)^\top M_k\, PE(q) = PE(p)\cdot PE(q + k)$, jo $q = p - k$ par sabse bada hai. Yaani ek hi
#   fixed matrix har position par "mujhse k pehle wala word" dhoondhti hai. Paper ki baat (har fixed
#   offset k ke liye PE(pos+k), PE(pos) ka linear function hai, isliye relative position seekhna
#   aasaan hoga) ka matlab yahi hai.
# * Direction "rotation" hone se nahi aati ($M_0 = I$ bhi rotation hai, aur symmetric); woh $W$ ke
#   non-symmetric hisse se aati hai ($A$ ya $M_k$). Rotation property ka kaam yeh hai ki ek hi $W$
#   har p par same kaam kare.

# %% tags=["nbval-check-output"]
peak = (pe64 @ M_k @ pe64.T)[k:].argmax(dim=1)           # har p ≥ k par sabse bada score kis q par
assert torch.equal(peak, torch.arange(k, max_len) - k) and not torch.allclose(M_k, M_k.T)
print(f"W = M_{k}: p = {k}..{max_len - 1} har position par score ka peak q = p − {k} par "
      f"(misaal: p = 40 → q = {int(peak[40 - k])}). M_{k} symmetric? {bool(torch.allclose(M_k, M_k.T))}")

# %% [markdown]
# ## PE ko embeddings me jodna: `x + PE[:L]`
#
# * Sentence ke `L` tokens ke vectors `x` (shape `(L, d_model)`) me table ki pehli `L` rows
#   jodte hain: `x + PE[:L]`. Concatenate nahi, **add**: size `d_model` hi rehta hai.
# * Notebook ki shuruaat ka "dog bites man" model yaad kijiye: `embed(sentence)` sirf word
#   vectors deta tha, isliye attention ko order nahi dikha. Ab use khud theek kijiye.

# %% [markdown]
# ### Exercise: PE jod kar dekhiye
#
# *Modify · mushkil ●●○ · lagbhag 10 min*
#
# * `embed_with_position(sentence)` banaiye: bilkul `embed(sentence)` jaisa, bas har word ke
#   vector me **uski position ki PE row** bhi judi ho. Shape wahi `(L, d)`, yahan `d = 8`.
# * Table ke liye `pe_fn` (aapka ya reference) use kijiye. Dhyaan: upar wala `pe` table
#   `d_model = 64` ka hai; yahan `d = 8` chahiye.
# * Check dekhega ki har position ko table ki *apni* row mili (pehle word ko `PE[0]`, doosre ko
#   `PE[1]`, …), word ka vector bhi bacha, aur "dog dog dog" jaise sentence me teeno vectors alag hain.
# * Phir experiment: "dog bites man" aur "man bites dog", PE ke saath, wahi `self_attention`.
#   Shuru me (bina PE) teeno words ka output dono sentences me same tha. **Pehle andaaza**
#   likhiye: PE ke saath 3 me se **kitne words** ("dog", "bites", "man") ka output badlega?
#   `changed_guess` me `0`, `1`, `2` ya `3`. ("bites" dono sentences me position 1 par hi hai!)

# %%
# ✏️ exercise cell: PE jodiye, aur apna andaaza likhiye
def embed_with_position(sentence):
    """embed(sentence) + har word ki position ki PE row: (L, d), position ki jaankari ke saath."""
    ### BEGIN SOLUTION
    ### HINT: pehle embed(sentence) se word vectors lijiye; phir utni hi rows aur d columns ka
    ### HINT: sine/cosine table (pe_fn) banaiye aur dono ko jodiye. Atke to: tc.hint("embed_with_position").
    x = embed(sentence)
    return x + pe_fn(x.shape[0], x.shape[1])
    ### END SOLUTION


### BEGIN SOLUTION
### HINT: changed_guess: 0, 1, 2 ya 3 (ek number).
changed_guess = 3
### END SOLUTION

# %%
position_ok = tc.check_embed_with_position(embed_with_position, embed)

# %%
if tc.ready_to_measure("embed_with_position", position_ok, {"words_changed_with_pe": changed_guess}):
    with torch.no_grad():
        out_a, _ = self_attention(embed_with_position("dog bites man"))   # rows: dog, bites, man
        out_b, _ = self_attention(embed_with_position("man bites dog"))   # rows: man, bites, dog
    changed = 0
    for word, i, j in [("dog", 0, 2), ("bites", 1, 1), ("man", 2, 0)]:
        gap = (out_a[i] - out_b[j]).abs().max().item()
        changed += int(gap > 1e-4)    # bina PE yeh fark 1e-6 se bhi kam tha (shuru wala assert)
        print(f"PE ke saath '{word}': dono sentences me output ka sabse bada fark = {gap:.3f}")
    tc.check_prediction("words_changed_with_pe", changed_guess, changed)

# %% [markdown]
# * Ab "dog" (position 0) aur "dog" (position 2) alag vectors hain: attention ko order ki jaankari
#   mil gayi, aur "dog bites man" ≠ "man bites dog".
# * Course me yahi kaam `tc.add_positional_encoding(x, pe)` karta hai (shape galat ho to Hinglish
#   error ke saath), batch `(batch, L, d_model)` ke saath bhi.

# %% [markdown]
# ### Ek chhota note: embeddings ko `√d_model` se guna kyun?
#
# * Paper (section 3.4) kehta hai: embedding layer me weights ko `√d_model` se multiply karte hain,
#   phir PE jodte hain. Kyun, yeh paper nahi batata; common explanation yeh hai:
# * PE ke har vector ka norm `√(d_model/2)` hai (`d_model = 64` par ≈ 5.7). Agar token embeddings
#   chhote init hon (jaise paper ke authors ke code tensor2tensor me: std `1/√d_model`), to unka
#   norm ≈ 1 hoga: position ka signal word ke matlab ko daba dega.
# * `√d_model` se guna karke token vector ≈ 8 ho jaata hai, PE ke barabar ka. Dono ki awaaz sunai deti hai.
# * Dhyaan: PyTorch ka `nn.Embedding` default me std 1 se init hota hai (norm ≈ 8); tab yeh scaling
#   ulta token ko bahut bada bana degi. Scaling ka matlab init ke saath hi samjhiye.

# %% tags=["nbval-check-output"]
tc.seed_everything(2)
tokens = torch.randn(1000, d_model) / d_model ** 0.5        # 1000 "words", std 1/√d_model
print(f"PE vector ka norm:                {pe64[0].norm():.1f}")
print(f"token embedding ka norm (avg):    {tokens.norm(dim=1).mean():.1f}")
print(f"√d_model se guna karke (avg):     {(tokens * d_model ** 0.5).norm(dim=1).mean():.1f}")
scaled = tc.add_positional_encoding(tokens[:10], pe64.float(), scale=True)
print("add_positional_encoding(x, pe, scale=True) →", tuple(scaled.shape))

# %% [markdown]
# ## Learned position embeddings vs sinusoidal
#
# * Doosra tareeqa: har position ka vector **seekh** lo: `nn.Embedding(max_len, d_model)`, jaise
#   words ke liye. BERT aur GPT-2 yahi karte hain.
# * Paper ne dono try kiye aur results "nearly identical" paaye. Sinusoidal isliye chuna kyunki
#   (paper ke shabdon me) woh model ko training se lambe sentences par extrapolate karne de
#   *sakta hai* ("may allow"): ek ummeed, guarantee nahi. Pakki baat itni hai ki woh har position
#   ke liye **define** hai.
# * Dekhte hain: learned table `max_len = 16` se banayi, aur sentence 20 tokens ka aaya.

# %% tags=["nbval-check-output"]
train_len = 16
learned = nn.Embedding(train_len, d_model)           # 16 rows: position 0..15, har ek trainable
print("learned parameters:", sum(p.numel() for p in learned.parameters()), "| sinusoidal parameters: 0")
positions = torch.arange(20)                          # 20 tokens ka sentence
try:
    learned(positions)
except IndexError as error:
    print(f"Learned: {type(error).__name__}, position 16..19 ke liye table me koi row hi nahi hai.")
long_table = tc.sinusoidal_positional_encoding(1000, d_model)
print("Sinusoidal: position 0..999 sab define:", tuple(long_table.shape))

# %% [markdown]
# * Learned table me position 16 ka vector **hai hi nahi**: `IndexError`. Table badi karein to bhi
#   nayi rows random hongi, kyunki training me kabhi dikhi nahi.
# * Sinusoidal kisi bhi position ke liye formula se ban jaata hai. **Lekin imaandari se:** "define
#   hai" ka matlab "model achha chalega" nahi. Model ne training me position 16+ ke patterns nahi
#   dekhe. ALiBi paper (Press et al., 2022, "Train Short, Test Long") ne naapa ki sinusoidal PE
#   wala language model training length se thoda aage jaate hi bigadne lagta hai; yeh notebook
#   use naapta nahi. Relative position aur lambe sentences ke liye hi RoPE, ALiBi jaise naye
#   tareeqe aaye (neeche "Aage" box).

# %% [markdown]
# ## Explorer: ek position, ek dimension
#
# * **position** slider: baayein us position ka poora vector (neela = sin, naranji = cos).
# * **dimension** slider: daayein woh dimension har position par (ek sine/cosine wave), laal
#   dot = chuni hui position.
# * Try kijiye: dimension 0 (tez wave) vs dimension 40 (dheemi wave). Position 0 par sab bars
#   `0, 1, 0, 1, …` hain na?

# %%
import ipywidgets as widgets


def draw(position, dimension):
    tc.positional.draw_position_explorer(pe, position, dimension)


tc.explore(draw, {
    "position": widgets.IntSlider(value=20, min=0, max=max_len - 1, description="position"),
    "dimension": widgets.IntSlider(value=4, min=0, max=d_model - 1, description="dimension"),
}, title="Positional encoding explorer")

# %% [markdown]
# ## Aage: RoPE (rotary position embedding)
#
# * Aaj ke bahut saare LLMs (jaise LLaMA, Mistral) PE ko **jodte nahi**. Woh har layer me `q` aur `k`
#   ko unki position ke angle se **ghumaate** (rotate) hain: wahi formula
#   $\omega_i = 1/\text{base}^{2i/d}$, bas base aksar alag (jaise LLaMA 3 me 500,000; upar 10,000).
# * Position `m` par `q` ko `m·ω_i` se ghumao, position `n` par `k` ko `n·ω_i` se. Dot product me
#   sirf angle ka fark `(n − m)·ω_i` bachta hai, isliye score me position sirf **relative distance**
#   `n − m` ke roop me aati hai: yahi Property 2 (rotation) ka kamaal hai.
# * 5 lines ka numeric demo: same `q`, `k`, alag positions, same distance → same score.

# %% tags=["nbval-check-output"]
tc.seed_everything(3)
q, k_vec = torch.randn(1, d_model, dtype=torch.float64), torch.randn(1, d_model, dtype=torch.float64)
rope = tc.apply_rotary
for m, n in [(0, 3), (10, 13), (500, 503), (10, 40)]:
    score = (rope(q, [m]) @ rope(k_vec, [n]).T).item()
    print(f"q position {m:>3}, k position {n:>3} (distance {n - m:>2}): score = {score:+.4f}")

# %% [markdown]
# * Pehli teen lines me distance 3 hai: score same, chahe positions 0 ho ya 500. Chauthi me
#   distance 30: score alag.
# * Fark dekhiye: sinusoidal PE me `x + PE` ke baad `q·k` me position aur content ke mixed terms
#   bhi aate hain; RoPE me position sirf distance ke roop me aati hai. (RoPE yahan sirf ek
#   jhalak hai; `tc.apply_rotary` me poora code 10 lines ka hai.)

# %%
tc.quiz([
    tc.Question(
        "Bina positional encoding ke, 'dog bites man' ko 'man bites dog' karne par self-attention ke outputs ka kya hota hai?",
        ["Bilkul naye outputs aate hain",
         "Wahi output vectors aate hain, bas words ke saath unki jagah badal jaati hai",
         "Sirf 'bites' (beech wala) ka output same rehta hai; 'dog' aur 'man' ke outputs "
         "badal jaate hain"],
        answer=1,
        explanation="Attention permutation equivariant hai: Attn(PX) = P·Attn(X). Isliye bina PE ke order ki jaankari nahi.",
        nudge="score q·k ke formula me kahin position aati hai? Pehle cell me 'dog' ke output ko "
              "dono sentences me kaise compare kiya tha?"),
    tc.Question(
        "d_model = 64 me kaunse dimensions sabse dheere badalte hain (sabse lambi wavelength)?",
        ["Dimension 0 aur 1", "Beech ke dimensions", "Aakhri dimensions (62, 63)"],
        answer=2,
        explanation="Wavelength 2π·10000^(2i/d_model) hai, jo i ke saath badhti hai. d_model = 64 par aakhri pair ki wavelength ≈ 47,000 positions hai.",
        nudge="wavelength 2π·10000^(2i/d_model) me pair index i badhne par kya hota hai? Heatmap "
              "ke baayein aur daayein columns bhi milaaiye."),
    tc.Question(
        "PE(p)·PE(q) kis cheez par depend karta hai?",
        ["Sirf |p − q| par",
         "p aur q dono ki absolute value par: (10, 13) aur (70, 73) ke dot product alag honge",
         "p + q par"],
        answer=0,
        explanation="Dot product = Σ cos((p − q)·ω_i). Isme sirf distance aata hai, aur cos even hai.",
        nudge="har (sin, cos) pair par cos(a − b) = cos a·cos b + sin a·sin b lagaiye: "
              "formula me p aur q kis roop me bachte hain?"),
    tc.Question(
        "d_model = 64 ki PE table me PE(40)·PE(37) aur PE(40)·PE(43) ka kya rishta hai?",
        ["Barabar: dot product 3 pehle aur 3 baad me fark nahi kar sakta",
         "PE(40)·PE(37) bada, kyunki pehle wale words zyada similar hote hain",
         "PE(40)·PE(43) bada, kyunki encoding aage ki taraf badhti hai"],
        answer=0,
        explanation="PE(p)·PE(q) = Σ cos((p − q)·ω_i), aur cos even hai: Δ = −3 aur +3 ka jawab ek. "
                    "Beech me symmetric W ho to bhi kisi ek p par fark aa sakta hai, lekin har position "
                    "par ek jaisi (sirf distance wali) direction ke liye W me antisymmetric hissa "
                    "chahiye (jaise A, jahan Σ sin aata hai, ya M_k).",
        nudge="Property 1 ka formula dekhiye: cos(−x) aur cos(x) me kya rishta hai?"),
    tc.Question(
        "nn.Embedding(512, d_model) wali learned position table par position 600 maangi. Kya hoga?",
        ["Position 511 ka vector mil jaayega",
         "IndexError: table me position 600 ki row hi nahi hai",
         "Table apne aap badi ho jaayegi aur position 600 ki nayi random row ban jaayegi"],
        answer=1,
        explanation="Learned table me sirf 512 rows hain. Sinusoidal har position ke liye define hai, lekin model ne lambe sentences dekhe na hon to woh bhi achha nahi chalega.",
        nudge="nn.Embedding(512, d_model) ek lookup table hai: uska index kahan tak jaata hai, "
              "aur us range ke bahar ka index dene par kya hota hai?"),
    tc.Question(
        "RoPE positional encoding se kaise alag hai?",
        ["Woh x me ek vector jodta hai",
         "Woh q aur k ko position ke angle se rotate karta hai, isliye q·k sirf relative distance par depend karta hai",
         "Woh har position ka ek learned vector seekhta hai, BERT ki tarah"],
        answer=1,
        explanation="RoPE q aur k ko ghumaata hai; dot product me sirf angle ka fark (n − m)·ω bachta hai.",
        nudge="RoPE wale demo me kis vector par rope(...) lagaya gaya, aur kin positions par score "
              "same aaya?"),
    tc.Question(
        "d_model = 64 ke sinusoidal PE me kisi bhi position p ke vector PE(p) ka norm (lambai) "
        "kitna hota hai?",
        ["1, kyunki har value sin ya cos hai",
         "8 (= √64)",
         "≈ 5.66 (= √32), har position ke liye same",
         "Position ke saath badhta hai: p jitna bada, vector utna lamba"],
        answer=2,
        explanation="Har (sin, cos) pair se sin² + cos² = 1 aata hai, aur 64 dims me 32 pairs hain: "
                    "norm = √32 ≈ 5.66, har p par. pe64[0].norm() bhi yahi print karta hai.",
        nudge="norm² = saari values ke square ka jod. Ek (sin θ, cos θ) pair is jod me kitna "
              "deta hai?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Attention akela **order nahi dekhta**: `Attn(PX) = P·Attn(X)`. "dog bites man" aur
#   "man bites dog" uske liye ek jaise words ka set hain.
# * Ilaaj: har position ka ek vector `PE(p)`, word vector me **jodo**: `x + PE[:L]`
#   (paper me pehle embeddings × `√d_model`).
# * Sinusoidal: `PE(pos, 2i) = sin(pos·ω_i)`, `PE(pos, 2i+1) = cos(pos·ω_i)`,
#   `ω_i = 1/10000^{2i/d_model}`. Har pair ek ghadi ki sui: pehle tez, aakhri bahut dheeme.
# * `PE(p)·PE(q) = Σ cos((p − q)ω_i)`: sirf distance matter karta hai. **Aadha sach** bachiye:
#   yeh distance ke saath seedha nahi girta (d_model = 64 par 99 me se 38 steps par badhta hai),
#   aur pehle/baad me fark nahi karta (cos even hai).
# * Direction (har position par ek jaisi) ek non-symmetric linear map se aa sakti hai:
#   `PE(p)ᵀ·A·PE(q) = Σ sin((p − q)ω_i)` (odd; `d_model = 64` par sign sirf `|Δ| < 131` tak sahi),
#   ya `W = M_k` jo "k pehle" par peak karta hai. Attention me yeh `W_Q W_Kᵀ` ka kaam hai, agar
#   model use seekhe.
# * Heatmap ki dhaariyan: har column-pair ek sin/cos wave, wavelength 2π se ~10000·2π tak;
#   pehle dims tez ghoomte hain, aakhri dims 100 positions me lagbhag hilte bhi nahi.
# * `PE(p+k) = M_k · PE(p)`: block-diagonal rotation, `p` se independent.
# * Learned embeddings training length ke aage exist hi nahi karte (`IndexError`); sinusoidal
#   define hai, par lambe sentences par model achha chalega, iski guarantee nahi.
# * RoPE: add ki jagah `q`, `k` ko rotate karo; score sirf relative distance par.

# %% [markdown]
# **Agla notebook:** [04 · Multi-head attention](04_multi_head_attention.ipynb) →
