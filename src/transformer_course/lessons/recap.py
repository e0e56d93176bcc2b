"""Notebook 09_recap: the glossary, the concept map, and BERT / GPT-2 / ViT rebuilt from our blocks.

All three famous models stack blocks with the same shapes as the one this course built
(``EncoderBlock``), but not the same blocks: BERT is post-norm over the whole sentence, GPT-2
pre-norm with a causal mask, ViT pre-norm over image patches, and their inputs, heads and
training objectives differ. Their parameter counts are computed here by building the real
modules on PyTorch's "meta" device (shapes only, no memory, instant).
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import FancyBboxPatch
from torch import nn

from ..model.encoder_layers import EncoderBlock
from ..model.param_counts import count_parameters

# (English term, Hinglish meaning, notebook where it is built)
GLOSSARY = [
    ("token", "text ka ek tukda (word, sub-word ya character) jise model ek id (number) ki tarah dekhta hai", "01b"),
    ("tokenizer", "text ko tokens aur unki ids me todne wala niyam", "01b"),
    ("vocabulary (vocab)", "saare tokens ki list jo model jaanta hai; har token ki ek id", "01b"),
    ("BPE (byte-pair encoding)", "sabse zyada saath aane wale jode ko baar-baar ek naya token bana kar sub-words seekhna", "01b"),
    ("subword", "word ka tukda: aam words poore token, naye words tukdon me (BPE)", "01b"),
    ("<unk>", "anjaana token: jo word vocab me nahi, sab ek hi id par", "01b"),
    ("pre-tokenization", "BPE se pehle text ko words me todna, taaki merges words ke andar rahein", "01b"),
    ("cosine similarity", "do vectors ki disha kitni milti hai (1 = ek hi disha, 0 = koi rishta nahi)", "01b"),
    ("one-hot", "vocab jitna lamba vector: token ki id par 1, baaki sab 0", "01b"),
    ("embedding", "har token id ke liye ek seekha hua vector (d_model numbers); table me ek row", "01b"),
    ("d_model", "har token ke vector ki lambai", "01"),
    ("sequence length (seq_len)", "ek sentence me kitne tokens hain", "01"),
    ("batch", "ek saath process hone wale sentences ka group", "01"),
    ("encoder", "input ka meaning samajhne wala hissa (poora sentence ek saath)", "01"),
    ("decoder", "output ek-ek token karke banane wala hissa", "08"),
    ("checkpoint", "train hue model ke weights ki file, jise dobara load kar sakte hain", "02"),
    ("attention", "har token baaki tokens ko kitna weight de, yeh decide karne ka tareeka", "02"),
    ("query (Q)", "'main kya dhoondh raha hoon?' wala vector", "02"),
    ("key (K)", "'mere paas kya hai?' wala vector, jis se query milayi jaati hai", "02"),
    ("value (V)", "asli jaankari jo weights ke hisaab se jodi jaati hai", "02"),
    ("softmax", "scores ko probabilities me badalna (sab positive, sum = 1)", "02"),
    ("scaled dot-product", "q·k ko √d_k se divide karna taaki softmax saturate na ho", "02"),
    ("mask", "kuch positions ko dekhne se rokna (padding ya future)", "02"),
    ("padding mask", "khaali (pad) tokens ko ignore karna", "02"),
    ("causal mask", "har token sirf apne se pehle wale tokens dekhe", "08"),
    ("positional encoding", "har position ka ek pattern jo order ki jaankari deta hai", "03"),
    ("sinusoidal", "sine/cosine waves se bana positional pattern", "03"),
    ("multi-head attention", "kai attention heads parallel me, har ek alag relation dekhe", "04"),
    ("head", "attention ka ek chhota, alag hissa (d_model / num_heads dimensions)", "04"),
    ("feed-forward network (FFN)", "har token par alag se chalne wali do Linear layers", "05"),
    ("residual connection", "input ko output me jod dena (x + f(x)), gradient ka shortcut", "05"),
    ("LayerNorm", "har token ke vector ko normalize karna", "05"),
    ("dropout", "training me kuch numbers randomly zero karna (overfitting kam)", "05"),
    ("pre-norm / post-norm", "LayerNorm sublayer se pehle ya baad", "05"),
    ("parameters", "model ke seekhne layak numbers (weights, biases)", "05"),
    ("logits", "softmax se pehle ke kachche scores, har class/token ka ek", "06"),
    ("cross-entropy", "sahi jawab ki probability ka −log: model jitna kam bharosa sahi jawab par kare, loss utna zyada", "06"),
    ("loss", "model kitna galat hai, uska ek number (kam = behtar)", "06"),
    ("gradient", "loss kis parameter ko kis taraf badalne se kam hoga", "06"),
    ("optimizer (AdamW)", "gradients se parameters update karne ka niyam", "06"),
    ("learning rate (LR)", "har update me parameters kitna badlein, uska size", "06"),
    ("warmup", "training ki shuruaat me learning rate ko 0 se dheere-dheere badhana (pehli jhalak 05 me)", "06b"),
    ("LR schedule (decay)", "steps ke saath learning rate badalne ka plan (warmup, phir dheere-dheere kam)", "06b"),
    ("overfitting", "training data ratna: train loss girta rahe, held-out loss badhne lage", "06b"),
    ("early stopping", "held-out loss sabse kam ho tab wale model ko rakhna, aage ki training chhodna", "06b"),
    ("validation / test split", "validation se faisle (jaise kab rukna), test par sirf report: dono training se alag", "06b"),
    ("calibration / ECE", "confidence sach bolti hai ya nahi; ECE = confidence aur accuracy ka (weighted) faasla", "06b"),
    ("gradient clipping", "gradient ka norm ek had se bada ho to use chhota kar dena", "06b"),
    ("label smoothing", "target me sahi class ko 1 ki jagah thoda kam dena, taaki model zarurat se zyada confident na bane", "06b"),
    ("RNN / LSTM", "sequence ko ek-ek step process karne wale purane models", "07"),
    ("vanishing gradient", "lambi doori par gradient ka bahut chhota ho jaana", "07"),
    ("O(n²)", "attention ka cost sequence length ke square ke saath badhta hai", "07"),
    ("teacher forcing", "training me decoder ko sahi pichhla token dena", "08"),
    ("cross-attention", "decoder ki queries, encoder ke keys/values", "08"),
    ("autoregressive", "ek-ek token banana, har naya token pichhle banaye tokens ko dekh kar", "08"),
    ("greedy decoding", "har step par sabse zyada probability wala token chunna", "08"),
    ("temperature", "logits ko T se divide karna: T < 1 zyada confident, T > 1 zyada random", "08"),
    ("top-k sampling", "sirf k sabse likely tokens me se chunna", "08"),
    ("top-p (nucleus) sampling", "sabse likely tokens, jab tak unki probability ka jod p tak pahunche, sirf unme se chunna", "08b"),
    ("decoding", "model ki probabilities se agla token chunne ka tareeka (greedy, sampling, beam)", "08b"),
    ("KV cache", "pichhle tokens ke keys/values yaad rakhna, taaki har naye token par sab dobara compute na ho", "08b"),
    ("beam search", "har step par sabse achhe k adhoore jawab saath le chalna, sirf ek nahi", "08b"),
]

# Classics to read next: each builds a Transformer from scratch, like this course (no link is opened).
FURTHER_READING = [
    ("Attention Is All You Need (Vaswani et al., 2017)", "https://arxiv.org/abs/1706.03762",
     "asli paper: is course ka har block yahin se"),
    ("The Annotated Transformer (Harvard NLP)", "https://nlp.seas.harvard.edu/annotated-transformer/",
     "paper ki har line ke saath PyTorch code"),
    ("nanoGPT (Andrej Karpathy)", "https://github.com/karpathy/nanoGPT",
     "GPT ka ek chhota `model.py`, upar se neeche padhne layak; 08/08b ke baad"),
    ("UvA Deep Learning Tutorials: Transformers and Multi-Head Attention", "https://uvadlc-notebooks.readthedocs.io/",
     "notebooks me attention, positional encoding aur training tricks (warmup)"),
    ("Build a Large Language Model (From Scratch), Sebastian Raschka", "https://github.com/rasbt/LLMs-from-scratch",
     "tokenizer (BPE) se lekar GPT train aur fine-tune karne tak, chapter-dar-chapter"),
    ("BERT (Devlin et al., 2018), GPT-2 (Radford et al., 2019), ViT (Dosovitskiy et al., 2020)", "https://arxiv.org/abs/1810.04805",
     "09 dikhata hai ki teeno isi encoder block se bante hain"),
    ("Hugging Face `transformers` docs", "https://huggingface.co/docs/transformers",
     "asli models; ab aap unke har tensor ka shape padh sakte hain"),
]


@dataclass(frozen=True)
class ModelFamily:
    """Enough of a famous model's configuration to count its parameters."""

    name: str
    kind: str          # "encoder-only", "decoder-only", "encoder (image patches)"
    use: str           # what it is good at, in Hinglish
    d_model: int
    heads: int
    layers: int
    d_ff: int
    vocab: int         # tokens (or, for ViT, classes of the head)
    positions: int
    norm_first: bool   # pre-norm (LayerNorm before each sublayer) or post-norm
    mask: str          # which positions a token may see
    reads: str         # its input tokens
    head: str          # what sits on top of the blocks
    objective: str     # how it was pre-trained


FAMILIES = {
    "BERT-base": ModelFamily(
        "BERT-base", "encoder-only", "samajhna: classification, search, NER",
        768, 12, 12, 3072, 30522, 512, norm_first=False,
        mask="koi nahi (sirf padding): dono taraf dekhta hai", reads="WordPiece sub-words",
        head="pooler (+ pre-training me MLM head)",
        objective="chhupaye hue words guess karna (MLM) + agla sentence (NSP)"),
    "GPT-2 small": ModelFamily(
        "GPT-2 small", "decoder-only", "banana: text generation, chat",
        768, 12, 12, 3072, 50257, 1024, norm_first=True,
        mask="causal: sirf pichhle tokens", reads="byte-level BPE tokens",
        head="LM head (token embedding share karta hai)", objective="agla token predict karna"),
    "ViT-B/16": ModelFamily(
        "ViT-B/16", "encoder (image patches)", "images: 16×16 patches ko tokens maan kar",
        768, 12, 12, 3072, 1000, 197, norm_first=True,
        mask="koi nahi: saare patches ek doosre ko dekhte hain", reads="16×16 image patches + [CLS]",
        head="class head ([CLS] token par)", objective="image ki class batana (labelled images)"),
}


def parameter_breakdown(name: str) -> dict[str, int]:
    """Parameters of a famous model by part, counted on real modules (meta device)."""
    family = FAMILIES[name]
    d = family.d_model
    with torch.device("meta"):
        block = EncoderBlock(d, family.heads, family.d_ff, norm_first=family.norm_first)
        attention = count_parameters(block.self_attn) * family.layers
        ffn = count_parameters(block.linear1, block.linear2) * family.layers
        norms = count_parameters(block.norm1, block.norm2) * family.layers
        if name == "BERT-base":   # token + position + segment embeddings, their LayerNorm, pooler
            embeddings = count_parameters(nn.Embedding(family.vocab, d), nn.Embedding(family.positions, d),
                                nn.Embedding(2, d))
            norms += count_parameters(nn.LayerNorm(d))
            extra = count_parameters(nn.Linear(d, d))
        elif name == "GPT-2 small":  # output layer shares the token embedding; final LayerNorm
            embeddings = count_parameters(nn.Embedding(family.vocab, d), nn.Embedding(family.positions, d))
            norms += count_parameters(nn.LayerNorm(d))
            extra = 0
        else:  # ViT: patch projection, [CLS] token, positions, final LayerNorm, class head
            embeddings = count_parameters(nn.Conv2d(3, d, 16, 16)) + d + family.positions * d
            norms += count_parameters(nn.LayerNorm(d))
            extra = count_parameters(nn.Linear(d, family.vocab))
    return {"embeddings": embeddings, "attention": attention, "feed-forward": ffn,
            "LayerNorm": norms, "head/pooler": extra}


def family_table() -> str:
    """A markdown table: what BERT, GPT-2 and ViT share (counted) and where they differ."""
    names = list(FAMILIES)
    parts = {name: parameter_breakdown(name) for name in names}
    rows = [("blocks × d_model × heads × d_ff",
             [f"{f.layers} × {f.d_model} × {f.heads} × {f.d_ff}" for f in FAMILIES.values()]),
            ("attention + FFN parameters",
             [f"{(parts[n]['attention'] + parts[n]['feed-forward']) / 1e6:.1f}M" for n in names]),
            ("LayerNorm kahan", ["post-norm (sublayer ke baad)" if not f.norm_first
                                 else "pre-norm (sublayer se pehle)" for f in FAMILIES.values()]),
            ("mask", [f.mask for f in FAMILIES.values()]),
            ("input tokens", [f.reads for f in FAMILIES.values()]),
            ("upar ka head", [f.head for f in FAMILIES.values()]),
            ("pre-training", [f.objective for f in FAMILIES.values()])]
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, cells in rows:
        same = len(set(cells)) == 1
        lines.append(f"| {label} {'(same)' if same else '(alag)'} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot_breakdown(name: str, ax=None):
    """Horizontal bar chart of where a model's parameters are."""
    parts = parameter_breakdown(name)
    total = sum(parts.values())
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 2.8))
    labels = list(parts)
    values = [parts[k] / 1e6 for k in labels]
    bars = ax.barh(labels, values, color=["#9467bd", "#1f77b4", "#ff7f0e", "#7f7f7f", "#2ca02c"])
    for bar, value in zip(bars, values, strict=True):
        label = f" {value:.1f}M" if value >= 0.1 else f" {value * 1e6:,.0f}"
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, label, va="center")
    ax.set_xlabel("parameters (millions)")
    ax.set_title(f"{name} ({FAMILIES[name].kind}): kul {total:,} parameters")
    ax.invert_yaxis()
    ax.set_xlim(0, max(values) * 1.25)
    plt.tight_layout()
    return ax


def draw_concept_map(ax=None):
    """The course as one picture: which idea feeds which, notebook numbers in brackets."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5.2))
    boxes = {
        "tokens (BPE) +\nembedding (01b)": (0.08, 0.55),
        "positional encoding\n(03)": (0.08, 0.2),
        "attention: Q, K, V\n$\\mathrm{softmax}(QK^T/\\sqrt{d})V$ (02)": (0.36, 0.8),
        "multi-head\nattention (04)": (0.36, 0.5),
        "FFN + residual\n+ LayerNorm (05)": (0.36, 0.2),
        "encoder block ×N\n(05)": (0.64, 0.5),
        "decoder: causal mask\n+ cross-attention (08)\n→ generation (08b)": (0.64, 0.15),
        "training (06, 06b)\nloss → gradient → AdamW\n+ warmup, clipping": (0.64, 0.85),
        "BERT (encoder-only)": (0.9, 0.75),
        "GPT (decoder-only)": (0.9, 0.45),
        "ViT (image patches)": (0.9, 0.15),
    }
    arrows = [(0, 3), (1, 3), (2, 3), (3, 5), (4, 5), (5, 6), (7, 5), (5, 8), (6, 9), (5, 10)]
    names = list(boxes)
    for name, (x, y) in boxes.items():
        color = "#fde9c9" if name.startswith(("BERT", "GPT", "ViT")) else "#dbe9f6"
        ax.add_patch(FancyBboxPatch((x - 0.105, y - 0.07), 0.21, 0.14,
                                    boxstyle="round,pad=0.01", fc=color, ec="#555"))
        ax.text(x, y, name, ha="center", va="center", fontsize=8)
    for start, end in arrows:
        (x1, y1), (x2, y2) = boxes[names[start]], boxes[names[end]]
        if abs(x2 - x1) < 0.01:  # same column: from one box's edge to the other's
            step = 0.075 if y2 > y1 else -0.075
            head, tail = (x2, y2 - step), (x1, y1 + step)
        else:
            head, tail = (x2 - 0.11, y2), (x1 + 0.11, y1)
        ax.annotate("", xy=head, xytext=tail, arrowprops=dict(arrowstyle="->", color="#555", lw=1.2))
    ax.set_xlim(-0.05, 1.04)  # the boxes (with their padding) reach -0.035 and 1.015
    ax.set_ylim(0.02, 0.98)
    ax.axis("off")
    ax.set_title("Poora course ek picture me: kaunsa idea kahan judta hai (notebook number bracket me)")
    return ax
