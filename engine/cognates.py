"""Spelling likeness across scripts: technical Ukrainian words are often English cognates.

"композитів" and "composite", "архітектура" and "architecture": transliterated and reduced to a
rough phonetic key, such pairs share most of their letter trigrams. The key folds letters that the
two spellings render differently (c/k, ch/kh/h/g, z/s, y/i, doubled letters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

_UKRAINIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "g", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "",
}  # fmt: skip
_FOLDS = (
    ("ph", "f"), ("ch", "g"), ("sh", "s"), ("zh", "s"), ("c", "k"), ("q", "k"), ("x", "ks"),
    ("y", "i"), ("w", "v"), ("z", "s"), ("j", "i"), ("h", "g"),
)  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")
GRAM = 3


def transliterate(word: str) -> str:
    """A Ukrainian spelling in Latin letters, letter by letter ("са-п3" → "sa-p3")."""
    return "".join(_UKRAINIAN_LATIN.get(letter, letter) for letter in word.lower())


def phonetic_key(word: str) -> str:
    """A rough sound key shared by an English word and its Ukrainian transliteration."""
    latin = transliterate(word)
    for written, folded in _FOLDS:
        latin = latin.replace(written, folded)
    return _DOUBLED.sub(r"\1", latin)


def _grams(key: str) -> set[str]:
    # Anchored at the start: cognates share their beginnings more than their endings.
    anchored = "^" + key
    return {anchored[i : i + GRAM] for i in range(max(len(anchored) - GRAM + 1, 1))}


class CognateIndex:
    """Trigram vectors of English terms; compares foreign words to all of them at once."""

    def __init__(self, english_words: Sequence[str]) -> None:
        self.grams: dict[str, int] = {}
        keyed = [_grams(phonetic_key(word)) for word in english_words]
        for found in keyed:
            for gram in found:
                self.grams.setdefault(gram, len(self.grams))
        self.matrix = self._vectors(keyed)

    def similarity(self, foreign_words: Sequence[str]) -> np.ndarray:
        """Cosine similarity (foreign words x English terms) of trigram sets."""
        vectors = self._vectors([_grams(phonetic_key(word)) for word in foreign_words])
        return (vectors @ self.matrix.T).toarray()

    def _vectors(self, keyed: list[set[str]]) -> sp.csr_matrix:
        rows, cols = [], []
        for row, found in enumerate(keyed):
            for gram in found:
                column = self.grams.get(gram)
                if column is not None:
                    rows.append(row)
                    cols.append(column)
        matrix = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(keyed), len(self.grams))
        )
        sizes = np.array([max(len(found), 1) for found in keyed], dtype=np.float32)
        return sp.diags(1.0 / np.sqrt(sizes)) @ matrix
