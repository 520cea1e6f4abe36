"""A bilingual lexicon: each Cyrillic word to its nearest English terms of the catalogue.

The English side is the vocabulary of the catalogue itself (one surface form per stem), so a
Ukrainian request is rewritten into the words the English offers actually use, and the lexical
ranker can then match it. Closeness in the multilingual encoder's space (words encoded once,
cached by content hash) picks the translation.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from . import text
from .config import EngineConfig
from .encoders import TextEncoder

# Vocabulary terms must occur in this many documents: rarer ones are mostly typos and codes.
MIN_DOCUMENT_FREQUENCY = 2


class Lexicon:
    """Translations of foreign (Cyrillic) words into English stems, with similarity weights."""

    def __init__(self, encoder: TextEncoder, config: EngineConfig) -> None:
        self.encoder = encoder
        self.config = config
        self.stems: list[str] = []
        self.forms: list[str] = []
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)
        self._translations: dict[str, list[tuple[str, float]]] = {}

    def fit(self, documents: Iterable[Sequence[str]]) -> None:
        """Learn the English vocabulary from documents' content words, keeping the commonest
        surface form per stem."""
        document_frequency: Counter[str] = Counter()
        surface: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for words in documents:
            found = [word for word in words if not text.is_cyrillic(word)]
            for word in found:
                surface[text.stem(word)][word] += 1
            document_frequency.update({text.stem(word) for word in found})
        self.stems = sorted(s for s, df in document_frequency.items() if df >= MIN_DOCUMENT_FREQUENCY)
        self.forms = [surface[s].most_common(1)[0][0] for s in self.stems]
        self._vectors = self.encoder.encode(self.forms, "passage")
        self._translations.clear()

    def form_of(self, stem: str) -> str:
        position = bisect.bisect_left(self.stems, stem)
        found = position < len(self.stems) and self.stems[position] == stem
        return self.forms[position] if found else stem

    def translate(self, words: Sequence[str]) -> dict[str, list[tuple[str, float]]]:
        """English stems and weights for each of the given foreign words (encoded in one batch)."""
        new = sorted({word for word in words if word not in self._translations})
        if new and self.stems:
            similarity = self.encoder.encode(new, "query") @ self._vectors.T
            self._remember(new, similarity)
        return {word: self._translations.get(word, []) for word in words}

    def _remember(self, words: list[str], similarity: np.ndarray) -> None:
        keep = min(self.config.lexicon_translations, similarity.shape[1])
        best = np.argpartition(-similarity, keep - 1, axis=1)[:, :keep]
        for word, row, columns in zip(words, similarity, best, strict=True):
            ranked = sorted(columns, key=lambda column: -row[column])
            self._translations[word] = [
                (self.stems[column], float(row[column]))
                for column in ranked
                if row[column] >= self.config.lexicon_min_similarity
            ]
