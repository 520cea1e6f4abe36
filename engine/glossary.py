"""A Ukrainian→English technical glossary: the words an officer writes, the words offers use.

The glossary ships with the engine (`data/uk_en_glossary.tsv`). Each line holds a Ukrainian stem
and its English translations, most usual first, separated by commas:

    перехоплювач<TAB>interceptor
    безпілотник<TAB>unmanned aerial vehicle, drone, uav

A word is translated by the longest stem it begins with, so one entry covers every inflected form
("перехоплювачі", "перехоплювачів") and a longer entry overrides a shorter one it starts with
("мінімальн" is not "мін"). The English side is stemmed like offer text, so a translated request
meets the offers' own terms in the lexical ranker.
"""

from __future__ import annotations

import functools
import hashlib
import math
import pathlib
from collections.abc import Iterable, Sequence

from . import text

DEFAULT_PATH = pathlib.Path(__file__).with_name("data") / "uk_en_glossary.tsv"
GLOSSARIES = {"uk-en": DEFAULT_PATH}
# Shortest stem matched as the beginning of longer words: shorter ones begin too many unrelated
# words. A shorter entry (an abbreviation such as "пз") translates only the whole word.
MIN_KEY_LENGTH = 3
MIN_WORD_LENGTH = 2

Translation = list[tuple[str, float]]


class GlossaryError(ValueError):
    """A glossary line that cannot be read; the message names the line."""


class Glossary:
    """Longest-prefix lookup of Ukrainian words; gives weighted English stems."""

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]], alternative_weight: float = 0.5) -> None:
        self.alternative_weight = alternative_weight
        self._entries: dict[str, Translation] = {}
        self._glosses: dict[str, str] = {}
        for key, alternatives in entries:
            self._entries[key] = self._weighted(alternatives)
            self._glosses[key] = alternatives[0]
        self._longest = max(map(len, self._entries), default=0)
        self.translate = functools.lru_cache(maxsize=100_000)(self._translate)

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def load(cls, path: str | pathlib.Path = DEFAULT_PATH, alternative_weight: float = 0.5) -> Glossary:
        return cls(parse(pathlib.Path(path).read_text(encoding="utf-8").splitlines()), alternative_weight)

    def _weighted(self, alternatives: Sequence[str]) -> Translation:
        # The first translation counts fully, the others less; an alternative of several words
        # spreads its weight so that a long phrase does not outweigh a one-word translation.
        weights: dict[str, float] = {}
        for rank, alternative in enumerate(alternatives):
            found = text.content_words(alternative)
            stems = [text.stem(word) for word in found]
            if not stems:
                continue
            share = (1.0 if rank == 0 else self.alternative_weight) / math.sqrt(len(stems))
            for stem in stems:
                weights[stem] = max(weights.get(stem, 0.0), share)
        return list(weights.items())

    def stem_of(self, word: str) -> str | None:
        """The longest glossary stem that begins the word, if any."""
        if word in self._entries:
            return word
        for end in range(min(len(word), self._longest), MIN_KEY_LENGTH - 1, -1):
            if word[:end] in self._entries:
                return word[:end]
        return None

    def _translate(self, word: str) -> Translation:
        key = self.stem_of(_normalised(word))
        return self._entries[key] if key is not None else []

    def first_translation(self, word: str) -> dict[str, str]:
        """The English words of the word's first (most usual) translation, by stem: what it surely means."""
        key = self.stem_of(_normalised(word))
        if key is None:
            return {}
        found = text.content_words(self._glosses[key])
        return {text.stem(english): english for english in found}

    def gloss(self, words: Sequence[str]) -> str:
        """A word-by-word English rendering: foreign words by their first translation (unknown
        ones left out), other words kept. Crude, but it puts a Ukrainian text where an English
        encoder sees it best."""
        rendered = []
        for word in words:
            if not text.is_cyrillic(word):
                rendered.append(word)
            elif (key := self.stem_of(_normalised(word))) is not None:
                rendered.append(self._glosses[key])
        return " ".join(rendered)


def _normalised(word: str) -> str:
    return word.lower().replace("’", "'").replace("ʼ", "'")


def parse(lines: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Entries of a glossary file; a malformed line raises GlossaryError naming it."""
    entries = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key, tab, english = line.partition("\t")
        key = key.strip().lower()
        alternatives = [a.strip() for a in english.split(",") if a.strip()]
        if not tab or not alternatives:
            raise GlossaryError(f"line {number}: expected 'stem<TAB>translation, …', got {line!r}")
        if len(key) < MIN_WORD_LENGTH or not text.is_cyrillic(key):
            raise GlossaryError(f"line {number}: {key!r} is not a Ukrainian word or stem of 2 letters or more")
        if key in seen:
            raise GlossaryError(f"line {number}: {key!r} is listed twice")
        seen.add(key)
        entries.append((key, alternatives))
    return entries


@functools.cache
def shipped(name: str, alternative_weight: float) -> Glossary | None:
    """A glossary shipped with the engine, loaded once per process; None for the name ""."""
    return Glossary.load(_path(name), alternative_weight) if name else None


@functools.cache
def digest(name: str) -> str:
    """A fingerprint of a shipped glossary's content ("" for none): part of the configuration hash,
    so that scores made with an older glossary are recognised as stale."""
    return hashlib.sha256(_path(name).read_bytes()).hexdigest()[:12] if name else ""


def _path(name: str) -> pathlib.Path:
    if name not in GLOSSARIES:
        raise ValueError(f"unknown glossary {name!r}; known: {', '.join(sorted(GLOSSARIES))}")
    return GLOSSARIES[name]
