# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/hinglish-ai/transformers-intuition/blob/main/notebooks/08_decoder_and_masking.ipynb) [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/hinglish-ai/transformers-intuition/main?urlpath=lab/tree/notebooks/08_decoder_and_masking.ipynb)
#
# # 08 · Decoder aur masking

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
# * **Decoder** kya karta hai: seed kehta hai "encoder input ka meaning samajhta hai aur decoder
#   output create karta hai". Yahan hum dekhenge ki decoder *kaise* banata hai: ek-ek token karke.
# * **Causal mask** khud banana (`torch.tril`) aur dekhna ki woh future ko kaise chhupata hai;
#   phir mask hata kar khud naapna ki woh kyun zaroori hai.
# * **Teacher forcing**: training me decoder ko kya input milta hai (target, ek step right shift).
# * **Cross-attention**: query decoder se, key/value encoder ki memory se.
# * Apna `DecoderBlock` likhna jo `nn.TransformerDecoderLayer` se exact match kare.
# * Do chhote models:
#   * ek **decoder-only** character generator jo Hinglish likhta hai (greedy, temperature, top-k),
#     imaandaari se naapa hua: held-out **cross-entropy**, sabse seedhe baseline (ginti wale
#     **n-gram**) ke saath, 3 seeds ka record aur ek live tukda;
#   * ek **encoder–decoder** "translator": `"237"` → `"do sau saintees"`, cross-attention ki picture ke saath.

# %%
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from IPython.display import Markdown, display
from torch import nn

# %% [markdown]
# ## Encoder samajhta hai, decoder banata hai
#
# * **Encoder** poora input ek saath padhta hai (notebook 05): har token baaki sab tokens ko dekh
#   sakta hai, aage wale ko bhi, peeche wale ko bhi. Uska kaam hai *samajhna*.
# * **Decoder** ka kaam hai *likhna*. Woh output ek-ek token karke banata hai: pehla word likha,
#   phir use dekh kar doosra, phir teesra... Isse **autoregressive** generation kehte hain.
# * Likhte waqt aage ke words abhi bane hi nahi. Isliye training me bhi decoder ko future dikhna
#   nahi chahiye, warna woh "nakal" karna seekh lega: yahi kaam **causal mask** karta hai.
# * Translation me dono hote hain: encoder `"237"` samajhta hai, decoder `"do sau saintees"` likhta
#   hai, aur har word likhte waqt **cross-attention** se encoder ki memory me jhaankta hai.
# * GPT jaise large language models sirf **decoder** hote hain (encoder nahi, isliye cross-attention
#   bhi nahi). Dono tarah ke models hum is notebook me train karenge.

# %% [markdown]
# ## 1. Causal mask: future par parda
#
# * Attention me har query har key ka score nikalti hai. Decoder me position $i$ sirf positions
#   $0 \dots i$ ko dekh sakti hai (khud ko bhi), $i+1$ aur aage ko nahi.
# * Formula: score matrix me ek mask $M$ jodte hain, phir softmax:
#
# $$\text{Attention}(Q, K, V) = \text{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}} + M\right)V,
# \qquad M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}$$
#
# * $e^{-\infty} = 0$, isliye future ka weight bilkul **zero** ho jaata hai, aur har row ke bache
#   hue weights ka jod phir bhi 1 rehta hai.
# * Yeh matrix ek **lower triangle** hai: `torch.tril` (tri = triangle, l = lower) seedha yahi banata hai.

# %% tags=["nbval-check-output"]
size = 5
allowed = torch.tril(torch.ones(size, size, dtype=torch.bool))   # True = dekh sakta hai
print(allowed.int())

# PyTorch (nn.MultiheadAttention, nn.Transformer*) ulta convention use karta hai: True = BLOCKED
blocked = ~allowed
pytorch_float = nn.Transformer.generate_square_subsequent_mask(size)   # 0 aur -inf
print("course ka causal_mask barabar?        ", torch.equal(allowed, tc.causal_mask(size)))
print("PyTorch ka -inf wala mask barabar?     ", torch.equal(blocked, torch.isinf(pytorch_float)))

# %% [markdown]
# * Dhyan rakhiye: **do conventions** hain. `tc.causal_mask`, `tc.scaled_dot_product_attention`
#   aur `F.scaled_dot_product_attention` me `True` = *dekh sakta hai*; `tc.blocked_causal_mask`,
#   `tc.MultiHeadAttention`, `nn.MultiheadAttention` aur `nn.TransformerDecoderLayer` me bool
#   `True` = *block*. Galat convention = ulta mask, aur model
#   sirf future dekhega!
# * Picture: har row ek position hai jo abhi likh rahi hai; hara = dekh sakti hai, safed = future.

# %%
words = ["<bos>", "aaj", "school", "me", "test", "hai"]
tc.decoder.plot_causal_mask(len(words), words)
plt.show()

# %% [markdown]
# ### Mask attention weights ko kaise badalta hai
#
# * Neeche random query/key (seeded) par attention do baar: bina mask aur causal mask ke saath.
# * Bina mask, "aaj" wali row "test" aur "hai" ko bhi weight deti hai: yeh future ki nakal hai.
# * Mask ke saath upar ka triangle **exact zero** hai; pehli row (`<bos>`) sirf khud ko dekhti hai
#   (weight 1.00). Aakhri row ("hai") dono pictures me same hai: woh pehle se hi sab dekh sakti thi.

# %%
tc.seed_everything(0)
q, k, v = torch.randn(3, len(words), 8).unbind(0)
_, weights_full = tc.scaled_dot_product_attention(q, k, v)
_, weights_causal = tc.scaled_dot_product_attention(
    q, k, v, mask=tc.causal_mask(len(words)))
tc.decoder.plot_masked_attention(weights_full, weights_causal, words)
plt.show()

# %% [markdown]
# * **Explorer**: sequence ki lambai, seed aur **score scale** badaliye, mask on/off kijiye.
#   Score scale query ko guna karta hai: bade scores = zyada nukeele weights. Mask ke saath upar
#   ka triangle hamesha zero rehta hai, chahe scores kuch bhi hon (neeche ki line chhapti hai).

# %%
def draw_mask(size, causal, seed, scale):
    g = torch.Generator().manual_seed(seed)   # local generator: global seed untouched
    q_, k_, v_ = torch.randn(3, size, 8, generator=g).unbind(0)
    _, w = tc.scaled_dot_product_attention(scale * q_, k_, v_,
                                           mask=tc.causal_mask(size) if causal else None)
    tc.plotting.heatmap(w, title=f"{'causal mask ke saath' if causal else 'bina mask'}, "
                                 f"score scale {scale:g}", vmin=0, vmax=1)
    plt.show()
    print(f"diagonal ke upar sabse bada weight: {float(w.triu(1).max()):.4f}")


tc.explore(draw_mask, {
    "size": widgets.IntSlider(value=8, min=2, max=12, description="size"),
    "causal": widgets.Checkbox(value=True, description="causal mask"),
    "seed": widgets.IntSlider(value=1, min=0, max=9, description="seed"),
    "scale": widgets.FloatSlider(value=5.0, min=0.1, max=20.0, step=0.1, description="score scale"),
}, title="Causal mask explorer")

# %% [markdown]
# * Ab ek seedha test: position 3 ke baad ke tokens (key/value) badal dijiye. Causal mask ke saath
#   positions 0-3 ka output **bilkul nahi** badalna chahiye; bina mask ke badal jaata hai.

# %% tags=["nbval-check-output"]
v_changed, k_changed = v.clone(), k.clone()
v_changed[4:] += 10.0
k_changed[4:] -= 3.0
mask = tc.causal_mask(len(words))
out_before, _ = tc.scaled_dot_product_attention(q, k, v, mask=mask)
out_after, _ = tc.scaled_dot_product_attention(q, k_changed, v_changed, mask=mask)
free_before, _ = tc.scaled_dot_product_attention(q, k, v)
free_after, _ = tc.scaled_dot_product_attention(q, k_changed, v_changed)
print("upar ka triangle sab zero:                ", bool((weights_causal.triu(1) == 0).all()))
print("har row ka jod 1:                         ", torch.allclose(weights_causal.sum(-1), torch.ones(len(words))))
print("mask ke saath, positions 0-3 same rahe:   ", torch.equal(out_before[:4], out_after[:4]))
print("bina mask, positions 0-3 same rahe:       ", torch.allclose(free_before[:4], free_after[:4]))

# %% [markdown]
# ### Exercise 1: pehle andaaza, phir code (mask me kitne "haan"?)
#
# *Predict · mushkil ●○○ · lagbhag 3 min*
#
# * Section 1 ke pehle cell me `size = 5` wala mask chhapa tha. Har row me kitne 1 hain? Gin kar
#   dekhiye ki row ka number badhne par yeh ginti kaise badhti hai.
# * Exercise 4 ka chhota generator 32 characters ka context leta hai, yaani `tc.causal_mask(32)`:
#   ek 32 × 32 = 1024 entries wali matrix. Usme kitni entries `True` (dekh sakti hai) hongi?
# * Code chalane se pehle apna jawab ek poore number (integer) me likhiye. Kaagaz-pencil chalega.

# %%
# ✏️ exercise cell: apna andaaza likhiye (phir neeche wala cell chalaiye)
### BEGIN SOLUTION
### HINT: ek integer likhiye, 0 se 1024 ke beech: 32 × 32 mask me kitni entries True hain.
allowed_guess = 528
### END SOLUTION

# %%
n = 32
allowed_count = int(tc.causal_mask(n).sum())
tc.check_prediction("causal_mask_allowed", allowed_guess, allowed_count,
                    n=n, n_plus_1=n + 1, allowed=n * (n + 1) // 2, blocked=n * n - allowed_count)

# %% [markdown]
# ## 2. Teacher forcing: training me decoder ko kya milta hai
#
# * Training me hamare paas poora sahi jawab (target) hota hai, jaise `do sau teen <eos>`.
#   (`<eos>` = end of sequence: "bas, ab khatam".)
# * Decoder ko input me **wahi target, ek step right shift karke** dete hain, aage `<bos>`
#   (begin of sequence) lagakar: `<bos> do sau teen`.
# * Har position ko *agla* token predict karna hai. Causal mask ki wajah se position $i$ sirf
#   $0 \dots i$ dekhti hai, isliye saare steps **ek hi forward pass** me parallel train hote hain.
# * Isse **teacher forcing** kehte hain: teacher (sahi jawab) har step par pichhle sahi tokens
#   deta hai, model ke apne (shayad galat) guesses nahi.
# * Honest note: inference me teacher nahi hota; model apne hi likhe tokens padhta hai. Ek galti
#   aage badh sakti hai (isse *exposure bias* kehte hain). Chhote tasks me yeh kam dikhta hai.

# %% tags=["nbval-check-output"]
display(Markdown(tc.decoder.teacher_forcing_table(["do", "sau", "teen", "<eos>"])))

# %% [markdown]
# ### Exercise 2: `shift_right`
#
# *Implement · mushkil ●○○ · lagbhag 5 min*
#
# * `tokens` ek `(batch, seq_len)` integer tensor hai (target ke ids). `shift_right(tokens, start_id)`
#   har row ke aage `start_id` lagaye aur aakhri token hata de, taaki shape same rahe.
# * Example: `[[5, 3, 6, 2]]`, `start_id=1` → `[[1, 5, 3, 6]]`.
# * Galat input (2-D tensor nahi) par `ValueError` raise kijiye: check yeh case bhi dekhta hai.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
def shift_right(tokens, start_id):
    """Teacher forcing ka decoder input: har row ke aage start_id, aakhri token hata kar."""
    ### BEGIN SOLUTION
    ### HINT: 2-D na ho to ValueError; har row ke aage start token, aur aakhri token hata dijiye
    ### HINT: (lambai wahi rahe). Atke to: tc.hint("shift_right").
    if tokens.dim() != 2:
        raise ValueError(f"tokens 2-D (batch, seq_len) hona chahiye, mila {tokens.dim()}-D")
    start = torch.full_like(tokens[:, :1], start_id)
    return torch.cat([start, tokens[:, :-1]], dim=1)
    ### END SOLUTION

# %%
shift_right_ok = tc.check_shift_right(shift_right)

# %%
shift_right_fn = tc.choose(shift_right, tc.shift_right, shift_right_ok)
print(shift_right_fn(torch.tensor([[5, 3, 6, 2], [7, 8, 2, 0]]), 1))

# %% [markdown]
# ## 3. Cross-attention: decoder encoder se poochta hai
#
# * Self-attention me query, key, value teeno ek hi sequence se aate hain. **Cross-attention** me:
#   * **query** decoder se: "main abhi yeh word likh raha hoon, mujhe kya chahiye?"
#   * **key aur value** encoder ki **memory** se: "input ke har token ke paas yeh jaankari hai."
# * Yahi seed ki line ka asli matlab hai: encoder samajhta hai (memory banata hai), decoder banata
#   hai, aur har step par memory se poochta hai.
# * Formula (decoder ki states $X$, encoder memory $M$):
#
# $$\text{CrossAttention}(X, M) = \text{softmax}\!\left(\frac{(XW_Q)(MW_K)^\top}{\sqrt{d_k}}\right) MW_V$$
#
# * Shapes: decoder `(B, T, d)`, memory `(B, S, d)` → weights `(B, T, S)`. $T$ aur $S$ alag ho
#   sakte hain (3 digits → 4 words). Output decoder ki lambai $T$ ka hi hota hai.
# * Cross-attention par **causal mask nahi** lagta: poora input pehle se maloom hai. Sirf memory ke
#   padding tokens ko `memory_key_padding_mask` se chhupate hain.

# %% tags=["nbval-check-output"]
tc.seed_everything(0)
cross = tc.MultiHeadAttention(embed_dim=64, num_heads=4, batch_first=True)
decoder_states = torch.randn(2, 4, 64)   # 2 sentences, 4 words likhe ja rahe hain
memory = torch.randn(2, 3, 64)           # encoder ka output: 3 input tokens
memory_padding = torch.tensor([[False, False, False], [True, False, False]])  # doosre me pehla token padding
with torch.no_grad():
    out, cross_weights = cross(decoder_states, memory, memory, key_padding_mask=memory_padding)
print("decoder states:", tuple(decoder_states.shape), " memory:", tuple(memory.shape))
print("output:        ", tuple(out.shape), " (decoder jitna lamba)")
print("weights:       ", tuple(cross_weights.shape), " (har likhe ja rahe word ke liye har input token ka weight)")
print("padding ko weight:", float(cross_weights[1, :, 0].abs().max()))

# %% [markdown]
# ## 4. Decoder block: teen sublayers
#
# * Ek decoder layer me **teen** hisse hain (encoder me do the):
#   1. **Masked self-attention**: decoder ab tak likhe tokens ko dekhta hai (causal mask ke saath).
#   2. **Cross-attention**: query upar wale output se, key/value encoder memory se.
#   3. **Feed-forward network** (FFN): har position par wahi do Linear layers (notebook 05).
# * Har sublayer ke saath **residual + LayerNorm**, do tarah se (PyTorch ka `norm_first`):
#
# $$\text{post-norm: } x \leftarrow \text{Norm}(x + \text{Sublayer}(x)) \qquad
#   \text{pre-norm: } x \leftarrow x + \text{Sublayer}(\text{Norm}(x))$$
#
# * Post-norm original paper aur PyTorch ka default hai; pre-norm gehre models me training ko
#   zyada stable rakhta hai (GPT-2 ke baad aam).
# * Seed ke size (`d_model=512`, `nhead=8`) par ek decoder layer me kitne parameters hain? Extra
#   cross-attention aur ek extra LayerNorm ki wajah se encoder layer se zyada.

# %% tags=["nbval-check-output"]
decoder_params = tc.count_parameters(nn.TransformerDecoderLayer(d_model=512, nhead=8))
encoder_params = tc.count_parameters(nn.TransformerEncoderLayer(d_model=512, nhead=8))
cross_params = 4 * 512 * 512 + 4 * 512 + 2 * 512   # W_Q, W_K, W_V, W_O + biases, aur norm3
print(f"nn.TransformerEncoderLayer(512, 8): {encoder_params:,} parameters")
print(f"nn.TransformerDecoderLayer(512, 8): {decoder_params:,} parameters")
print(f"fark = cross-attention + norm3:     {decoder_params - encoder_params:,} (hisaab: {cross_params:,})")

# %% [markdown]
# ### Exercise 3: apna `DecoderBlock` likhiye
#
# *Implement · mushkil ●●● · lagbhag 30 min*
#
# * Aapki class ko `nn.TransformerDecoderLayer` ke **barabar** output dena hai (eval mode, weights
#   `load_state_dict` se copy). Isliye attribute ke naam **PyTorch wale** rakhiye:
#   `self_attn`, `multihead_attn`, `linear1`, `linear2`, `norm1`, `norm2`, `norm3`,
#   aur dropouts `dropout`, `dropout1`, `dropout2`, `dropout3`.
# * Attention ke liye notebook 04 ka `tc.MultiHeadAttention` lijiye: uske parameter names
#   aur masks (bool `True` = block) PyTorch jaise hain.
# * Modules isi kram me banaiye (`self_attn`, `multihead_attn`, `linear1`, `linear2`): random
#   initialisation isi kram me hoti hai, isliye aage ka training course ke reference jaisa rahega.
# * `_ff_block` notebook 05 jaisa hai, diya hua hai. Baaki:
#   1. `__init__`: modules banaiye; `activation` (`"relu"`/`"gelu"`) se `F.relu`/`F.gelu`.
#   2. `_sa_block`: masked self-attention (`tgt_mask`, `tgt_key_padding_mask`), phir `dropout1`.
#   3. `_mha_block`: cross-attention: query `x`, key/value `memory`, phir `dropout2`.
#   4. `forward`: `norm_first` ke hisaab se post-norm ya pre-norm, teeno sublayers.
# * Check aapki class ko PyTorch se milata hai: post/pre-norm × relu/gelu, `batch_first`
#   True/False, causal `tgt_mask` (bool aur float), `memory_key_padding_mask`, float64, unbatched.

# %%
# ✏️ exercise cell: apna code yahan likhiye (error ho to bhi notebook aage chalega)
class DecoderBlock(nn.Module):
    """Ek decoder layer: masked self-attention, cross-attention, FFN; har ek ke saath residual + LayerNorm."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False):
        super().__init__()
        self.norm_first = norm_first
        ### BEGIN SOLUTION
        ### HINT: do attention modules (self-attention, cross-attention), FFN ki do Linear layers,
        ### HINT: teen LayerNorm aur chaar Dropout: naam upar markdown me, kram bhi wahi. Sab sizes aur
        ### HINT: options __init__ ke arguments se aate hain. Atke to: tc.hint("DecoderBlock").
        self.self_attn = tc.MultiHeadAttention(d_model, nhead, dropout=dropout,
                                                         batch_first=batch_first)
        self.multihead_attn = tc.MultiHeadAttention(d_model, nhead, dropout=dropout,
                                                              batch_first=batch_first)
        self.linear1 = nn.Linear(d_model, dim_feedforward)
        self.dropout = nn.Dropout(dropout)
        self.linear2 = nn.Linear(dim_feedforward, d_model)
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.norm3 = nn.LayerNorm(d_model, eps=layer_norm_eps)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.dropout3 = nn.Dropout(dropout)
        activations = {"relu": F.relu, "gelu": F.gelu}
        if activation not in activations:
            raise ValueError(f"activation 'relu' ya 'gelu' hona chahiye, mila {activation!r}")
        self.activation = activations[activation]
        ### END SOLUTION

    def _sa_block(self, x, mask, padding):
        """Masked self-attention sublayer: output, phir dropout1."""
        ### BEGIN SOLUTION
        ### HINT: masked self-attention: query, key, value teeno x; mask aur padding self_attn ko;
        ### HINT: sirf output lijiye aur us par self.dropout1.
        out, _ = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=padding,
                                need_weights=False)
        return self.dropout1(out)
        ### END SOLUTION

    def _mha_block(self, x, memory, mask, padding):
        """Cross-attention sublayer: query decoder (x) se, key/value memory se; phir dropout2."""
        ### BEGIN SOLUTION
        ### HINT: cross-attention: query x se, key aur value memory se; dono masks
        ### HINT: self.multihead_attn ko; output par self.dropout2.
        out, _ = self.multihead_attn(x, memory, memory, attn_mask=mask, key_padding_mask=padding,
                                     need_weights=False)
        return self.dropout2(out)
        ### END SOLUTION

    def _ff_block(self, x):
        """FFN sublayer (notebook 05 jaisa): linear1 → activation → dropout → linear2, phir dropout3."""
        return self.dropout3(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None):
        ### BEGIN SOLUTION
        ### HINT: teeno sub-blocks ko residual aur LayerNorm (norm1, norm2, norm3 isi kram me) ke
        ### HINT: saath jodiye: post-norm me jodne ke baad norm, pre-norm (self.norm_first) me
        ### HINT: sub-block se pehle. Atke to: tc.hint("DecoderBlock").
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask)
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask))
            x = self.norm3(x + self._ff_block(x))
        return x
        ### END SOLUTION

# %%
decoder_block_ok = tc.check_decoder_block(DecoderBlock)

# %%
Block = tc.choose(DecoderBlock, tc.DecoderBlock, decoder_block_ok)

# %% [markdown]
# ## 5. Part A: decoder-only generator (GPT jaisa, bahut chhota)
#
# * Decoder-only model me **encoder nahi** hota, isliye **cross-attention bhi nahi**. Har block me
#   bas masked self-attention + FFN bachta hai: yeh notebook 05 ka `EncoderBlock` hi hai, causal
#   mask ke saath. GPT yahi karta hai.
# * Kaam: agla **character** predict karna. Training text course ke saath aata hai: roz ki
#   Hinglish (school, cricket, chai, train, ghar, ML seekhna) aur chhoti-chhoti kahaniyan, jinme
#   wahi log kai lines tak aate hain. Lowercase, har line ek sentence.
# * Input: ek tukda (context); target: wahi tukda ek character aage. Teacher forcing ka hi roop:
#   har position agla character predict karti hai, sab ek saath.
# * **Imaandaar split**: lines ko lagataar 40-40 lines ke blocks me kaata. Har 10 blocks me se ek
#   **validation** (n-gram ki smoothing aur Transformer ka checkpoint chunne ke liye) aur ek **test** (sirf aakhri hisaab ke
#   liye, ek baar). Held-out blocks ke aas-paas ki 8-8 training lines hata di hain, taaki koi
#   chhoti kahani training me shuru ho kar test me khatam na ho. Koi line do hisson me nahi
#   aa sakti: yeh construction se pakka hai (neeche code gin kar bhi dikhata hai).
# * Ek chhoti kami, imaandaari se: validation aur test blocks ek doosre ke **bagal me** hain (har
#   10 me se 9va aur 10va block), unke beech gap lines nahi. Ek kahani validation se test me ja
#   sakti hai. Validation sirf n-gram ki smoothing ($\alpha$, neeche) aur Transformer ka checkpoint
#   chunta hai, isliye asar chhota hai.

# %% tags=["nbval-check-output"]
corpus = tc.corpus.load_corpus()
parts = tc.corpus.split_blocks(corpus)
vocab, ids = tc.decoder.corpus_splits(corpus)
known_words = tc.corpus.corpus_words(corpus)
lines = corpus.strip().split("\n")
print(f"corpus: {len(lines)} lines, {len(corpus):,} characters, {len(known_words)} alag words, "
      f"{len(vocab)} alag characters")
print("characters:", repr("".join(vocab.chars)))
for name, part in parts.items():
    print(f"{name:>10}: {len(part):>7,} characters, {part.count(chr(10)):>5} lines")
line_sets = {name: set(part.split("\n")) - {""} for name, part in parts.items()}
shared = line_sets["train"] & (line_sets["validation"] | line_sets["test"])
print("training aur validation/test, dono me aane wali lines:", len(shared))
for line in lines[:3]:
    print("  ", line)

# %% [markdown]
# ### Pehle sabse seedha baseline: ginti (n-gram)
#
# * Model ko credit dene se pehle poochiye: **sabse seedha tareeka** kitna achha hai? Training
#   text me giniye ki pichhle $n - 1$ characters ke baad kaunsa character kitni baar aaya. Na
#   training, na gradient. Yeh **n-gram** model hai (1-gram = sirf characters ki ginti, 3-gram =
#   pichhle 2 characters dekh kar, ...).
# * Jo context training me kam ya kabhi nahi dikha, uske liye chhote context ki ginti se madad
#   (smoothing; $h'$ = $h$ bina apne pehle character ke):
#
# $$P_n(c \mid h) = \frac{\text{count}(h, c) + \alpha \, P_{n-1}(c \mid h')}{\text{count}(h) + \alpha}$$
#
# * $\alpha$ har order ke liye ek chhoti list (1, 3, 10, 30, 100) me se **validation** par chuna;
#   test sirf report ke liye. Code: `tc.corpus.CharNGram`, ek chhoti class (padh kar dekhiye).
# * Do naap, dono test text ke **har** character par (pichhle characters dekh kar):
#   * **accuracy**: sabse zyada probability wala character sahi nikla?
#   * **cross-entropy** (nats): sahi character ko model ne jo probability di, uska $-\ln$, sab
#     characters ka average. Kam = behtar; andhe guess (31 characters barabar) ka $\ln 31 \approx
#     3.43$. Yahi training ka loss bhi hai, aur yeh "thoda galat" aur "pakka galat" me fark karta
#     hai, accuracy nahi.

# %% tags=["nbval-check-output"]
ngrams = tc.decoder.ngram_scores(ids, len(vocab))
display(Markdown(tc.decoder.ngram_table(ngrams)))
assert ngrams["test_acc"][4] > 0.5, ngrams["test_acc"]   # quiz: "5-gram hi 50% se zyada"

# %% [markdown]
# * Lamba context (bada $n$) madad karta hai, lekin ek hadd tak: context jitna lamba, uski ginti
#   utni kam, aur bahut se lambe contexts training me kabhi dikhe hi nahi. Ginti wala model
#   **bahut lamba context use hi nahi kar sakta**. Transformer kar sakta hai: kya usse fayda hota hai?

# %% [markdown]
# ### Transformer: record (3 seeds) aur ek live tukda
#
# * Model: embedding + sine/cosine positions (notebook 03) + causal blocks (pre-norm, dropout) +
#   ek Linear jo har character ka score deta hai. Size aur context neeche record se chhapte hain.
# * Poori training (3 seeds, hazaaron steps) is notebook ke budget (CPU par ~1 minute) me nahi
#   aati. Isliye woh pehle ek baar chali, aur uske numbers course ke saath aate hain. Chaar
#   naye shabd, ek-ek line me:
#   * **record**: ek file jisme woh pehle wali training ke numbers hain (har 50 steps par
#     validation aur training text par cross-entropy aur accuracy, har seed ke), machine aur
#     versions ke saath. Neeche ka code use padh kar chhapta hai.
#   * **sweep**: woh script jo kai seeds train karke record likhti hai. Maintainer use
#     `make sweep NAME=decoder_char_generator` se chalate hain; aapko `make` chalane ki zaroorat
#     nahi (Colab me chalta bhi nahi).
#   * **warm-up + cosine**: learning rate pehle 100 steps me dheere-dheere upar, phir cosine
#     curve ki tarah dheere-dheere neeche.
#   * **checkpoint / early stopping**: training poori chalti hai, lekin jo weights
#     **validation** par sabse achhe the wahi rakhe jaate hain (checkpoint). Test sirf usi par naapa.
#     Seed 0 ka checkpoint (< 1 MB) course ke saath aata hai.
# * **Live tukda**: yeh notebook wahi training code seed 0 ke saath 50 steps (record ki pehli
#   evaluation tak) abhi chalata hai, aur seed 0 ke record wale number se milata hai. Isse itna
#   pakka hota hai: record ke pehle 50 steps isi code se dobara bante hain. Baaki ke hazaaron steps
#   ke liye hum record par bharosa karte hain (unhe yahan dobara nahi chalaya).

# %%
record = tc.records.load_record(tc.decoder.GENERATOR_RECORD)
print(tc.records.describe_record(record))
config, results = record["config"], record["results"]
print(f"model: d_model {config['d_model']}, {config['num_layers']} layers, {config['nhead']} heads, "
      f"context {config['context']} characters, dropout {config['dropout']}, "
      f"{results['parameters']:,} parameters; {config['steps']} steps × {config['batch_size']} tukde")

live_steps = config["eval_every"]
start = time.perf_counter()
_, live = tc.decoder.train_char_generator(config, ids, len(vocab), seed=0, steps=live_steps,
                                          progress=True, device=device)
recorded = [run["validation_ce"][0] for run in results["runs"]]
seed0 = results["runs"][record["seeds"].index(0)]["validation_ce"][0]
print(f"live ({time.perf_counter() - start:.1f} s): step {live_steps} par validation "
      f"cross-entropy {live['validation_ce'][0]:.3f}; record me seed 0: {seed0:.3f} "
      f"(teeno seeds: {tc.claims.mean_range(recorded, digits=3)})")

# %% tags=["nbval-check-output"]
assert live["step"] == [results["runs"][0]["step"][0]], live["step"]
assert abs(live["validation_ce"][0] - seed0) <= 0.01, (live, seed0)   # machine ka chhota fark chalega
print("live 50 steps = record ke seed 0 ke pehle 50 steps (± 0.01 nats): OK")

# %%
tc.decoder.plot_generator_record(results, live)
plt.show()

# %% [markdown]
# * Neela = Transformer ka validation (band = seeds ki range), grey dashed = wahi model training
#   text ke tukde par; seedhi lines = n-grams (unka koi training curve nahi: ginti ek baar hoti hai).
# * Training aur validation ki doori = model ne kitna **yaad** kiya jo naye text par kaam nahi
#   aata. Kya hua, neeche code numbers se likhta hai:

# %%
runs, best_order = results["runs"], ngrams["best_order"]
print(tc.decoder.overfitting_sentence(runs))
print("test cross-entropy  →",
      tc.decoder.compare_with_baseline("Transformer", [r["test_ce"] for r in runs],
                                       f"{best_order}-gram", ngrams["test_ce"][best_order - 1]))
print("test accuracy       →",
      tc.decoder.compare_with_baseline("Transformer", [r["test_acc"] for r in runs],
                                       f"{best_order}-gram", ngrams["test_acc"][best_order - 1],
                                       lower_is_better=False))
display(Markdown(tc.decoder.ladder_table(results, len(vocab))))

# %% [markdown]
# * **Kitna fair?** Dono ne sirf training text dekha; dono ki settings validation se chuni gayi
#   (n-gram: $\alpha$; Transformer: checkpoint); dono ko test ke **wahi** characters par ek baar
#   naapa. Ek farq imaandaari se: Transformer ka size, context aur dropout humne kuch pilot runs
#   dekh kar chune, n-gram ko sirf $\alpha$ ki list mili. Tuning ka fayda Transformer ki taraf hai.
# * "Random guess se kitna behtar" poochna aasaan jeet hai (ladder ki pehli line). Asli sawaal:
#   **ginti se behtar?** Yeh fark chhota ho sakta hai aur seed ke saath badal sakta hai, isliye
#   teen seeds, aur isliye upar ki lines code ne numbers se likhi hain, haath se nahi.
# * Cross-entropy ko accuracy se pehle dekhiye: accuracy sirf "sabse upar wala sahi?" ginti
#   hai, jabki cross-entropy poori probability ko jaanchta hai (generation me sampling isi
#   probability se hoti hai).

# %% [markdown]
# ### Lamba context kiske kaam aata hai?
#
# * Seed kehta hai ki Transformer "context ko deep level par samajhta hai". Yeh naapa ja sakta
#   hai: dono models ko sirf **aakhri $h$ characters** dikhaiye, aur dekhiye ki $h$ badhane par
#   test cross-entropy kitna girta hai.
# * n-gram ke liye $h$ = order − 1. Transformer ko $h$ characters ka window milta hai (har seed
#   ka best checkpoint). Dono test text ki **wahi 3000 positions** par agla character predict
#   karte hain (poora test text nahi, isliye numbers upar ki ladder table se thode alag hain).
#   Yeh bhi sweep ne naapa (record me); neeche sirf uski picture aur numbers se likhi lines hain.

# %%
tc.decoder.plot_history_scores(results["history"])
plt.show()
print(tc.decoder.history_sentence(results["history"]))

# %% [markdown]
# * Ginti wala model lambe context ka fayda ek hadd tak hi le sakta hai: jitna lamba context,
#   utni kam jagah woh training me dikha (upar ki line me hissa), aur baaki jagah model chhote
#   context par gir jaata hai. Transformer har position par poore window ko attention se
#   dekhta hai, aur wahi weights har context par kaam aate hain; is corpus par usse kitna mila,
#   upar code ne likha.
# * Same chhote context par bhi fark ho sakta hai: n-gram har context ko alag dabba maanta hai
#   ("meera ne" aur "ronak ne" ki ginti bilkul alag), jabki Transformer embeddings aur saanjhe
#   weights se milte-julte contexts ki seekh baant sakta hai.

# %% [markdown]
# ### Record wale model se likhwaiye
#
# * Record ke saath seed 0 ka best checkpoint bhi aata hai (< 1 MB). `tc.decoder.load_generator`
#   use `torch.load(..., weights_only=True)` se padhta hai: sirf tensors aur numbers, koi code
#   nahi chalta. Prompt `"chai "` ke baad 150 characters, teen tarah se:
#   * **greedy**: har baar sabse zyada probability wala character;
#   * **temperature 0.8**: probabilities se random chunna (thoda "thanda" kiya hua);
#   * **temperature 1.0, top-k 10**: sirf top 10 characters me se chunna.

# %%
generator, saved_vocab = tc.decoder.load_generator(device=device)   # seed 0 ka best checkpoint
assert saved_vocab.chars == vocab.chars, "checkpoint aur corpus ke characters alag hain"
tc.seed_everything(0)
untrained = tc.decoder.new_generator(config, len(vocab), seed=0).to(device)
print("untrained model (T=0.8):", repr(tc.generate(untrained, vocab, "chai ", 80, temperature=0.8,
                                                   seed=0)), "\n")
samples = {
    "greedy": tc.generate(generator, vocab, "chai ", 150, temperature=0, seed=0),
    "T=0.8": tc.generate(generator, vocab, "chai ", 150, temperature=0.8, seed=0),
    "T=1.0, top-k 10": tc.generate(generator, vocab, "chai ", 150, temperature=1.0, top_k=10, seed=0),
}
for name, text in samples.items():
    print(f"--- {name} (real words: {tc.corpus.real_word_fraction(text, known_words):.0%})")
    print(text, "\n")

# %% [markdown]
# * Kitne words **asli** hain (corpus me milte hain)? Teen seeded samples (T = 0.8) ka average,
#   trained vs untrained model.

# %%
def real_word_score(model, temperature=0.8):
    texts = [tc.generate(model, vocab, "chai ", 150, temperature, seed=s) for s in range(3)]
    return sum(tc.corpus.real_word_fraction(t, known_words) for t in texts) / len(texts)


trained_score, untrained_score = real_word_score(generator), real_word_score(untrained)
print(f"real words: trained {trained_score:.0%}, untrained {untrained_score:.0%}")

# %% tags=["nbval-check-output"]
assert trained_score >= 0.45, trained_score
assert trained_score >= 5 * untrained_score, (trained_score, untrained_score)
print("trained samples me kam se kam 45% asli corpus words: OK")
print("untrained model se kam se kam 5 guna zyada asli words: OK")

# %% [markdown]
# * Model ne kitna **yaad** kiya? Har sample ka sabse lamba tukda jo training text me hoo-ba-hoo
#   (character for character) milta hai, aur woh tukda training me kitni baar aaya:

# %%
print(tc.decoder.copied_pieces_sentence(samples, parts["train"]))

# %% [markdown]
# * Kya dikha? Model ne **spelling** aur bahut se poore words seekh liye (asli words ka hissa
#   upar gina). Training text se hoo-ba-hoo aaye tukde kitne lambe hain aur kitne aam, upar
#   code ne chhapa: use ek line ki average lambai se milaiye. Lambi, matlab wali kahani nahi: isne sirf
#   ~90 hazaar characters padhe hain (ginti wala n-gram bhi wahi), aur agle character par yeh
#   n-gram se kitna aage ya peeche hai, upar ki ladder table me hai. Bade LLM yahi kaam arbon
#   words par karte hain.
# * **Greedy** me randomness nahi: har baar wahi text, aur lambi generation me aksar wahi phrases
#   dohraata hai (har baar sabse safe choice). Sampling variety laata hai, lekin zyada temperature
#   par galat spellings badhti hain.

# %% [markdown]
# * **Explorer** (temperature, top-k aur top-p, har pick ke peeche ki probabilities ke saath)
#   ab [08b · Text generation](08b_generation.ipynb) me hai, KV cache aur beam search ke saath.

# %% [markdown]
# ### Exercise 4: mask hata kar dekhiye
#
# *Modify · mushkil ●○○ · lagbhag 5 min*
#
# * Section 1 me causal mask ne future chhupaya tha. Ab ulta sawaal: mask hata dein to training par
#   kya asar hoga, aur likhte waqt (generation me) kya?
# * `CharGenerator` har forward me `tc.blocked_causal_mask(size, device)` se mask banata hai
#   (PyTorch convention: `True` = block). `tc.decoder.CharGeneratorWithMask` bilkul wahi model hai,
#   bas mask ek function `mask_fn(size, device=...)` se leta hai.
# * **Aapka badlaav**: `no_causal_mask(size, device=None)` likhiye: `(size, size)` ka mask jo
#   **kuch bhi block nahi** karta. Check use ek chhote generator ke andar chala kar dekhta hai ki
#   position 0 ab aage ke tokens dekhti hai.
# * Phir experiment: do chhote generators (context 32 characters, 2 layers, ~70 hazaar parameters),
#   ek causal mask ke saath aur ek aapke `no_causal_mask` ke saath: **wahi** shuruaati weights,
#   **wahi** batches, wahi learning rate, **150 steps** har ek. Dono ka budget barabar.
# * Code chalane se pehle, usi exercise cell me do andaaze likhiye:
#   1. `loss_guess`: bina mask model ka **training loss**, masked model ke muqable `"kam"`,
#      `"barabar"` ya `"zyada"`?
#   2. `writing_guess`: jab model **likhta** hai (har agla character sirf pichhle characters dekh
#      kar, jaise generation me hota hai), to uski held-out accuracy masked model se `"behtar"`,
#      `"barabar"` ya `"bura"`?

# %%
# ✏️ exercise cell: mask hataiye, aur apne do andaaze likhiye
def no_causal_mask(size, device=None):
    """(size, size) mask jo kuch bhi block nahi karta (PyTorch convention: True = block)."""
    ### BEGIN SOLUTION
    ### HINT: tc.blocked_causal_mask jaisa shape aur dtype, lekin ek bhi entry block na kare
    ### HINT: (PyTorch convention me True = block). Atke to: tc.hint("no_causal_mask").
    return torch.zeros(size, size, dtype=torch.bool, device=device)
    ### END SOLUTION


### BEGIN SOLUTION
### HINT: loss_guess: "kam", "barabar" ya "zyada"; writing_guess: "behtar", "barabar" ya "bura".
loss_guess = "kam"
writing_guess = "bura"
### END SOLUTION

# %%
no_mask_ok = tc.check_no_causal_mask(no_causal_mask)

# %%
peek_steps, peek_context = 150, 32
guessed = tc.ready_to_measure("no_causal_mask", no_mask_ok, {"no_mask_training_loss": loss_guess,
                                                           "no_mask_writing": writing_guess})
if guessed:
    held_x, held_y = (t.to(device) for t in tc.corpus.char_windows(
        ids["validation"], peek_context, 64, torch.Generator().manual_seed(1)))

    def full_window_accuracy(model):   # poora window de kar (future samet)
        model.eval()
        with torch.no_grad():
            return tc.token_accuracy(model(held_x), held_y)

    arms = {}
    for name, mask_fn in (("causal mask", tc.blocked_causal_mask), ("bina mask", no_causal_mask)):
        tc.seed_everything(0)                          # wahi shuruaati weights
        model = tc.decoder.CharGeneratorWithMask(len(vocab), d_model=64, nhead=4, num_layers=2,
                                                 dim_feedforward=128, max_len=peek_context,
                                                 mask_fn=mask_fn).to(device)
        batches = torch.Generator().manual_seed(0)     # wahi batches, usi kram me

        def peek_batch(step, batches=batches):
            x, y = tc.corpus.char_windows(ids["train"], peek_context, 32, batches)
            return x.to(device), y.to(device)

        arms[name] = (model, tc.fit(model, peek_batch, steps=peek_steps, lr=5e-3, desc=name))
    losses = {name: sum(history.losses[-20:]) / 20 for name, (_, history) in arms.items()}
    writing = {name: tc.decoder.writing_accuracy(model, held_x, held_y)
               for name, (model, _) in arms.items()}
    peeking = {name: full_window_accuracy(model) for name, (model, _) in arms.items()}
    rows = [f"| {peek_steps} steps ke baad | training loss (aakhri 20 steps) | likhte waqt accuracy "
            "| poora window (future samet) de kar accuracy |", "|---|---|---|---|"]
    rows += [f"| {name} | {losses[name]:.2f} | {writing[name]:.0%} | {peeking[name]:.0%} |"
             for name in losses]
    display(Markdown("\n".join(rows)))
    loss_change = ("kam" if losses["bina mask"] < 0.8 * losses["causal mask"] else
                   "zyada" if losses["bina mask"] > 1.25 * losses["causal mask"] else "barabar")
    writing_change = ("bura" if writing["bina mask"] < 0.8 * writing["causal mask"] else
                      "behtar" if writing["bina mask"] > 1.25 * writing["causal mask"] else "barabar")
    tc.check_prediction("no_mask_training_loss", loss_guess, loss_change)
    tc.check_prediction("no_mask_writing", writing_guess, writing_change)
    peeker = arms["bina mask"][0]
    print("\nbina mask model, greedy:", repr(tc.generate(peeker, vocab, "chai ", 80, temperature=0)))

# %%
if guessed:
    assert losses["bina mask"] < 0.75 * losses["causal mask"], losses
    assert writing["bina mask"] < 0.5 * writing["causal mask"], writing
    assert peeking["bina mask"] > 1.5 * writing["bina mask"], (peeking, writing)
    assert abs(writing["causal mask"] - peeking["causal mask"]) < 0.01, (writing, peeking)
    print("bina mask: training loss kam se kam 25% kam, likhte waqt accuracy aadhi se bhi kam: OK")
    print("bina mask: future dikha kar accuracy, likhte waqt se 1.5 guna se zyada: OK")
    print("causal mask: likhte waqt accuracy = poora window dikha kar accuracy: OK")
else:
    print("⏳ upar ka experiment abhi baaki hai.")

# %% [markdown]
# * **Kyun?** Teacher forcing me input aur target ek hi text hain, bas ek step khiske hue. Bina
#   mask, position i ke target (character i + 1) ko woh seedha **input me dekh** sakti hai. Attention
#   ke liye sabse aasaan raasta: "ek position aage dekho, wahi copy karo". Training loss shaandaar.
# * Generation me agla character abhi bana hi nahi: jo model nakal se jeet raha tha, uske paas ab
#   nakal karne ko kuch nahi. Likhte waqt ki accuracy gir jaati hai (table dekhiye); greedy text
#   bhi khud padh kar dekhiye.
# * Aakhri column dhyaan se dekhiye: bina mask model ki accuracy **future samet** naapein to
#   shaandaar lagti hai. Evaluation bhi utna hi imaandaar hona chahiye jitna asli kaam: generator
#   ko hamesha waise hi jaanchiye jaise woh likhega.
# * Causal mask training ko generation jaisa bana deta hai: position i training me bhi wahi dekhti
#   hai jo likhte waqt dekhegi. Isiliye masked model ke dono accuracy numbers barabar hain.

# %% [markdown]
# ## 6. Part B: encoder–decoder "translation": digits → Hinglish number words
#
# * Input: ek number ke digits, jaise `2 3 7`. Output: uske Hindi words, jaise `do sau saintees`.
# * Hindi me 1 se 99 tak **har number ka apna word** hai, aur bahut se irregular hain: 37 =
#   "saintees", 45 = "paintaalees", 78 = "athhattar". Model "tees" + "saat" jod kar 37 nahi bana
#   sakta; use har word seekhna padega. Sau (100) wala hissa regular hai: `do sau ...`.
# * Spelling ek common Roman style hai (log "chhah"/"chhe" jaise alag bhi likhte hain); har number
#   ki yahan ek hi spelling hai, taaki sahi jawab ek ho.
# * Output tokens **poore words** hain (har word ek token), input tokens digits. Digits right-aligned
#   hain: units hamesha aakhri column me, aage `<pad>` (jaise copy me numbers likhte hain).
# * 1000 numbers (0-999) me se 200 random numbers **held-out** hain: training me kabhi nahi dikhte.

# %% tags=["nbval-check-output"]
task = tc.number_words.NumberTask(held_out_size=200, seed=0)
rows = ["| number | encoder ka input | decoder ka target |", "|---|---|---|"]
for n in [0, 7, 37, 45, 100, 203, 237, 999]:
    digits = " ".join(task.digits_of(n)).replace("<pad>", "`<pad>`")
    rows.append(f"| {n} | {digits} | {tc.number_words.number_to_words(n)} `<eos>` |")
display(Markdown("\n".join(rows)))
print(f"train: {len(task.train_numbers)} numbers, held-out: {len(task.held_out_numbers)} numbers, "
      f"target vocab: {len(task.tgt_tokens)} tokens")
print("237 aur 45 held-out hain:", 237 in task.held_out_numbers, 45 in task.held_out_numbers)

# %% [markdown]
# * Model: encoder (1 layer) + decoder (2 layers, **aapka `Block`**), `d_model=64`, 4 heads.
# * Training: teacher forcing (`shift_right_fn` se decoder input), 300 steps, batch 128, lr 3e-3.
#   Is task me alag validation split nahi hai: yeh settings held-out set par tune nahi ki gayin,
#   aur held-out score se koi checkpoint nahi chuna jaata (aakhri step wala model hi naapa jaata
#   hai). Training ke beech ka held-out score sirf curve dikhane ke liye hai.
# * Evaluation: held-out numbers par **greedy decoding** (model apne likhe words padhta hai, teacher
#   nahi), aur **exact match**: poora jawab sahi ho tabhi sahi.

# %%
tc.seed_everything(0)
translator = tc.Seq2Seq(len(task.src_tokens), len(task.tgt_tokens), d_model=64, nhead=4,
                         num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=128,
                         block_cls=Block).to(device)
print(f"Seq2Seq: {tc.count_parameters(translator):,} parameters")
number_gen = torch.Generator().manual_seed(0)
held_src = task.encode_digits(task.held_out_numbers).to(device)
held_answers = [tc.number_words.number_to_words(n) for n in task.held_out_numbers]


def translate(model, src):
    out = tc.greedy_decode(model, src, task.BOS, task.EOS, max_len=tc.number_words.MAX_WORDS + 1)
    return [task.decode_words(row) for row in out.cpu()]


def held_out_exact_match(model):
    guesses = translate(model, held_src)
    return sum(g == a for g, a in zip(guesses, held_answers, strict=True)) / len(held_answers)


def number_batch(step):
    src, target = task.batch(128, number_gen)
    decoder_input = shift_right_fn(target.clamp(min=0), task.BOS)   # IGNORE_INDEX → <pad> (id 0)
    return (src.to(device), decoder_input.to(device)), target.to(device)


start = time.perf_counter()
translator_history = tc.fit(translator, number_batch, steps=300, lr=3e-3,
                                     evaluate=held_out_exact_match, eval_every=50,
                                     desc="digits → words")
exact_match = held_out_exact_match(translator)
print(f"training: {time.perf_counter() - start:.1f} s, held-out exact match {exact_match:.1%}")

# %%
ax_loss, ax_match = tc.plotting.plot_history({"digits → words": translator_history})
ax_loss.set_title("Training loss (teacher forcing, kam = behtar)")
ax_match.set_title("Held-out exact match (greedy decoding)")
ax_match.set_ylabel("exact match")
plt.show()

# %% tags=["nbval-check-output"]
assert exact_match >= 0.95, exact_match
print("held-out exact match ≥ 95%: OK")

# %% [markdown]
# * Kuch held-out numbers (model ne inhe kabhi nahi dekha), greedy decoding se:

# %%
examples = [45, 237, 201, 399] + task.held_out_numbers[::40]
guesses = translate(translator, task.encode_digits(examples).to(device))
for n, guess in zip(examples, guesses, strict=True):
    mark = "✅" if guess == tc.number_words.number_to_words(n) else f"❌ (sahi: {tc.number_words.number_to_words(n)})"
    print(f"{n:>4} → {guess:<28} {mark}")

# %% [markdown]
# * Galtiyan kahan hain? Neeche code held-out numbers ko digits ki ginti se baant kar exact match
#   ginta hai, aur yeh bhi ki training me har group ke kitne numbers the.

# %%
by_digits = {}
for n, guess in zip(task.held_out_numbers, translate(translator, held_src), strict=True):
    right, total = by_digits.get(len(str(n)), (0, 0))
    by_digits[len(str(n))] = (right + (guess == tc.number_words.number_to_words(n)), total + 1)
for size, (right, total) in sorted(by_digits.items()):
    seen = sum(len(str(n)) == size for n in task.train_numbers)
    print(f"{size} digit: held-out {right}/{total} sahi ({right / total:.0%}); "
          f"training me aise {seen} numbers the")
wrong = sorted(size for size, (right, total) in by_digits.items() if right < total)
print(f"galtiyan in groups me: {', '.join(f'{size} digit' for size in wrong)}" if wrong else
      "koi galti nahi")
print("held-out 1-digit numbers:", [n for n in task.held_out_numbers if n < 10])

# %% [markdown]
# * Chhote numbers training me kam hain: 1 aur 2 digit wale kul 100 hi numbers hote hain, teen
#   digit wale 900. Held-out 1-digit number (upar chhape) ka input, jaise `<pad> <pad> d`, model ne
#   training me **kabhi** nahi dekha (held-out ka matlab hi yahi hai), aur aage do `<pad>` wale
#   inputs training me bahut kam hain. Model wahi seekhta hai jo data me baar-baar aata hai.
# * Held-out number naya hai, lekin uske **tukde** naye nahi: "do sau" aur "saintees" dono
#   training me doosre numbers ke saath aaye the ("do sau teen" = 203, "paanch sau saintees" = 537). Model ne unhe **jodna** seekha.
#
# ### Cross-attention ki picture: kaunsa word likhte waqt kaunsa digit?
#
# * `tc.capture_cross_attention` har decoder layer ke `multihead_attn` ke weights pakadta hai.
# * 237 ke liye: rows = decoder jo likh raha hai (har row ke input par pichhla token), columns =
#   encoder ke input digits. Dono layers, sab heads ka average.

# %%
number = 237
src = task.encode_digits([number]).to(device)
written = translate(translator, src)[0]
ids = [task.BOS] + [task.tgt_tokens.index(w) for w in written.split()] + [task.EOS]
decoder_input = torch.tensor([ids[:-1]], device=device)
with tc.capture_cross_attention(translator) as records:
    translator(src, decoder_input)
row_labels = [f"→ {w}" for w in written.split()] + ["→ <eos>"]
fig, axes = plt.subplots(1, len(records), figsize=(5.2 * len(records), 3.4))
for layer, (ax, weights) in enumerate(zip(axes, records, strict=True)):
    tc.decoder.plot_cross_attention(weights[0].mean(0), task.digits_of(number), row_labels, ax=ax,
                             title=f"decoder layer {layer + 1}")
fig.suptitle(f"{number} → {written}: cross-attention (heads ka average)")
fig.tight_layout()
plt.show()
digit_labels = task.digits_of(number)
for layer, weights in enumerate(records):
    mean = weights[0].mean(0)
    picks = [f"{label} → {digit_labels[int(row.argmax())]} ({float(row.max()):.2f})"
             for label, row in zip(row_labels, mean, strict=True)]
    print(f"layer {layer + 1}, har row ka sabse bada weight:", " | ".join(picks))

# %% [markdown]
# * Kya padhein: har row ke weights ka jod 1 hai. (45 jaise chhote numbers me aage `<pad>` hota hai;
#   use padding mask ki wajah se 0 weight milta hai, jaise section 3 me dekha.)
# * Row "→ do" ka matlab: is position par decoder ne `<bos>` padha hai aur "do" likhna hai. Aakhri
#   row "→ <eos>": poora jawab likh chuka (input par aakhri word), ab use batana hai ki jawab
#   khatam. Is row ko kisi khaas digit ki zaroorat nahi, isliye iska weight kahin bhi ho sakta hai.
# * Apne aap se poochiye (upar code ne har row ka sabse bada weight chhapa): "do" aur "sau" wali
#   rows hundreds digit (**2**) ko dekhti hain? "saintees" wali row **3** ya **7** ko, jinse 37
#   ka word tay hota hai? Jawab layer ke hisaab se alag ho sakta hai.
# * Honest note: yeh patterns training se aate hain, kisi ne sikhaye nahi; doosre seed ya
#   machine par picture badal sakti hai, aur har head/layer ek jaisa saaf nahi hota. Model ko
#   sirf sahi jawab chahiye; attention uska ek raasta hai.

# %% [markdown]
# ## Quiz

# %%
tc.quiz([
    tc.Question(
        "Decoder ke self-attention me causal mask kyun lagate hain?",
        ["Sirf generation (inference) ke waqt future chhupane ke liye; training me iski "
         "zaroorat nahi",
         "Taaki position i aage ke tokens (i+1, ...) na dekh sake",
         "Taaki padding tokens chhup jaayein", "Taaki encoder ki memory na dikhe"],
        answer=1,
        explanation="Likhte waqt future bana hi nahi hota. Training me bhi use chhupana padta "
                    "hai, warna model agla token seedha input se copy kar lega.",
        nudge="Teacher forcing me decoder ke input me poora target hota hai: bina mask ke "
              "position i agla token kahan se utha sakti hai?"),
    tc.Question(
        "Target 'do sau teen <eos>' hai. Teacher forcing me decoder ka input kya hoga?",
        ["do sau teen <eos>", "<bos> do sau teen", "sau teen <eos> <pad>",
         "<bos> do sau teen <eos>"],
        answer=1,
        explanation="Input = target ek step right shift, aage <bos>. Har position agla sahi "
                    "token predict karti hai.",
        nudge="Exercise 2 ka shift_right yaad kijiye: aage kya lagta hai, peeche se kya hatta "
              "hai, aur shape same rehta hai ya nahi?"),
    tc.Question(
        "Cross-attention me query, key aur value kahan se aate hain?",
        ["Teeno decoder se", "Teeno encoder se",
         "Query decoder se, key aur value encoder ki memory se",
         "Query encoder se, key aur value decoder se"],
        answer=2,
        explanation="Decoder poochta hai (query); encoder ki memory jawab deti hai (key se "
                    "match, value se jaankari).",
        nudge="Kaun poochta hai aur jaankari kiske paas hai? Weights ka shape (T, S) aur "
              "output ki lambai T bhi ishaara dete hain."),
    tc.Question(
        "GPT jaisa decoder-only model. Uske block me kya nahi hota?",
        ["Masked self-attention", "Feed-forward network", "Cross-attention", "LayerNorm"],
        answer=2,
        explanation="Encoder hi nahi hai, to memory bhi nahi: cross-attention ka koi kaam "
                    "nahi. Block = masked self-attention + FFN.",
        nudge="Section 4 ke sublayers giniye aur har ek se poochiye: iska input kahan se aata "
              "hai, aur decoder-only model me woh source hai bhi?"),
    tc.Question(
        "Ek character model held-out text par 45% characters sahi batata hai; 31 characters me "
        "andha guess ~3% sahi hota. Isse sabse pehle kya poochna chahiye?",
        ["Kuch nahi: 15 guna behtar hai, yani model ne bhasha samajh li",
         "Sabse seedha baseline (jaise ginti wala n-gram) usi split par kitna sahi hai?",
         "Training text par accuracy kitni hai?",
         "Model me kitne parameters hain?"],
        answer=1,
        explanation="Andha guess ek kamzor muqabla hai. Is notebook ke test text par ginti "
                    "wala 5-gram hi 50% se zyada characters sahi batata hai, to 45% wala model "
                    "usse bhi peeche hai. Jeet tabhi hai jab model seedhe baseline se behtar ho.",
        nudge="Section 5 ki ladder table dekhiye: andhe guess aur Transformer ke beech aur "
              "kaun-kaun hai?"),
    tc.Question(
        "Trained generator, temperature 0 (greedy), ek hi prompt aur alag seeds. Kya milta hai?",
        ["Har seed par alag text", "Har seed par wahi text",
         "Alag text, kyunki T = 0 par softmax(z / T) sab characters ko barabar probability "
         "deta hai",
         "Shuru ke kuch characters same, phir seed ka asar dikhta hai aur text alag ho "
         "jaata hai"],
        answer=1,
        explanation="Greedy har baar sabse bada score chunta hai; randomness hai hi nahi, "
                    "isliye seed se fark nahi padta.",
        nudge="Section 5 ke teen samples yaad kijiye: greedy agla character kaise chunta hai, "
              "aur kya us faisle me seed (random number) ka istemaal hota bhi hai?"),
])

# %% [markdown]
# ## Yaad rakhne layak
#
# * Encoder samajhta hai (memory banata hai), decoder banata hai: ek-ek token, pichhle tokens dekh kar.
# * **Causal mask** = lower triangle (`torch.tril`): position $i$ sirf $0 \dots i$ dekhti hai.
#   Do conventions, har function ka apna: `tc.causal_mask`, `tc.scaled_dot_product_attention` aur
#   `F.scaled_dot_product_attention` me `True` = dekh sakta hai; `tc.blocked_causal_mask`,
#   `tc.MultiHeadAttention`, `nn.MultiheadAttention` aur `nn.TransformerDecoderLayer` me bool
#   `True` = block. Convention hamesha check kijiye.
# * Mask ke bina decoder training me agla token **copy** kar leta hai: loss kam, lekin likhte waqt
#   (jab future hai hi nahi) kharab. Generator ko waise hi jaanchiye jaise woh likhega.
# * **Teacher forcing**: decoder input = target right-shifted with `<bos>`; mask ki wajah se saare
#   steps ek forward pass me train hote hain. Inference me model apne tokens padhta hai (greedy ya sampling).
# * **Cross-attention**: query decoder se, key/value encoder memory se; weights shape `(T, S)`; causal
#   mask nahi, sirf memory ka padding mask.
# * Decoder layer = masked self-attention + cross-attention + FFN, har ek ke saath residual +
#   LayerNorm (post-norm ya pre-norm). Decoder-only (GPT) me cross-attention nahi hota.
# * Sampling: greedy = safe par dohraav; temperature = kitna random; top-k = sirf k best options.
# * Model ko hamesha **sabse seedhe baseline** ke saath naapiye (yahan: ginti wala n-gram), us text
#   par jo training me kabhi nahi aaya (poore blocks, line-level nahi), aur cross-entropy se, sirf
#   accuracy se nahi. Settings aur checkpoint validation par chuniye, test sirf aakhri report ke liye.

# %% [markdown]
# **Agla notebook:** [08b · Text generation](08b_generation.ipynb) →
