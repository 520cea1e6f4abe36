"""Spelling across scripts, for search: technical Ukrainian words are often English cognates.

"композитів" and "composite", "архітектура" and "architecture": transliterated and reduced to a
rough phonetic key, such pairs share their beginnings. The key folds letters that the two
spellings render differently (c/k, ch/kh/h/g, z/s, y/i, doubled letters).
"""

from __future__ import annotations

import re

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
