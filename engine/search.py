"""Search terms: what a catalogue stores for each record and looks up for each query, read as the
engine reads text, so that a search finds across Ukrainian and English as the matching does.

A record's terms are
- its words, as written (a model code, a name, a number: found exactly, or by their beginning),
- their stems ("drones" and "drone", "дронів" and "дрони" meet),
- the English stems the glossary gives for its Ukrainian words ("розмінування" → demining),
- the capability areas its phrases name in either language ("counter-drone", "протидія БпЛА").

A query is read word by word: a record answers a word when it holds one of the word's terms: the
word itself (or a word it begins), its stem, its English translations, or the area named by a phrase
the word is part of. An English word finds a Ukrainian record through the English stems stored with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from . import text
from .cognates import phonetic_key, transliterate
from .glossary import Glossary
from .taxonomy import Taxonomy, concept_term, is_concept_term

TITLE, BODY = "A", "B"
# How a record's term answered a query word, for the line that says why a result matched.
WORD, STEM, TRANSLATION, SOUND, AREA = "word", "stem", "translation", "sound", "area"
# A longer word is also stored by the beginning of its sound key, which an English word and its Ukrainian
# spelling share ("стохастичного" and "stochastic": both "stogas"): technical words are often cognates.
SOUND_KEY = 6
SOUND_PREFIX = "~"
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40


def record_terms(
    title: str, body: Iterable[str], glossary: Glossary | None, taxonomy: Taxonomy | None
) -> dict[str, str]:
    """Each term of a record and the weight of its best place: TITLE or BODY."""
    terms: dict[str, str] = {}
    for part, weight in [(title, TITLE), *((piece, BODY) for piece in body)]:
        for term in _text_terms(part or "", glossary, taxonomy):
            if terms.get(term) != TITLE:
                terms[term] = weight
    return terms


def _text_terms(part: str, glossary: Glossary | None, taxonomy: Taxonomy | None) -> list[str]:
    found = [word for word in text.words(part) if word not in text.STOP_WORDS]
    terms = [*found, *text.compounds(part)]
    terms += [transliterate(code) for code in terms if _is_code(code) and text.is_cyrillic(code)]
    stems = [text.stem(word) for word in found if len(word) > 1]
    terms += stems
    terms += [key for word in found if (key := sound(word))]
    if glossary is not None:
        terms += [stem for word in found if text.is_cyrillic(word) for stem, _weight in glossary.translate(word)]
    if taxonomy is not None:
        terms += [concept_term(area) for area in taxonomy.concepts(stems)]
    return terms


def sound(word: str) -> str:
    """The sound-key term of a longer word ("" for a short word or a code)."""
    if len(word) < SOUND_KEY or not word.isalpha():
        return ""
    return SOUND_PREFIX + phonetic_key(word)[:SOUND_KEY]


def _is_code(word: str) -> bool:
    """A model code or designation ("са-п3", "ml22"): letters with digits. Written in Cyrillic, it is
    also stored in Latin letters, the way a code is typed on an English keyboard."""
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


@dataclasses.dataclass(frozen=True)
class QueryWord:
    """One word of a query and the terms that answer it, each with how it does."""

    word: str
    terms: dict[str, str]
    # The word's own spelling is also looked up as the beginning of longer words ("therm" finds thermal).
    prefix: str


@dataclasses.dataclass(frozen=True)
class Query:
    words: tuple[QueryWord, ...]

    def __bool__(self) -> bool:
        return bool(self.words)


def read_query(query: str, glossary: Glossary | None, taxonomy: Taxonomy | None) -> Query:
    """A search box's text as words with their alternatives; stop words left out (unless the query is
    nothing else), at most MAX_QUERY_WORDS words. A word within a phrase that names a capability
    area is also answered by that area ("counter-drone" by a record about протидія БпЛА)."""
    written = [word[:MAX_WORD_LENGTH] for word in text.words(query)]
    found = [word for word in written if word not in text.STOP_WORDS] or written
    # A hyphenated code is one word ("sa-p3"); a hyphenated phrase ("counter-drone") stays its words.
    codes = [code for code in text.compounds(query) if _is_code(code)]
    parts = {part for code in codes for part in code.split("-")}
    found = list(dict.fromkeys(codes + [word for word in found if word not in parts]))[:MAX_QUERY_WORDS]
    stems = [text.stem(word) for word in found]
    areas: list[list[str]] = [[] for _ in found]
    for start, end, area in taxonomy.spans(stems) if taxonomy is not None else ():
        for position in range(start, end):
            areas[position].append(concept_term(area))
    words = []
    for word, stem, named in zip(found, stems, areas, strict=True):
        terms = {word: WORD}
        if _is_code(word) and text.is_cyrillic(word):
            terms[transliterate(word)] = WORD
        terms.setdefault(stem, STEM)
        if glossary is not None and text.is_cyrillic(word):
            for english, _weight in glossary.translate(word):
                terms.setdefault(english, TRANSLATION)
        if text.is_cyrillic(word) and (key := sound(word)):
            terms.setdefault(key, SOUND)
        for concept in named:
            terms.setdefault(concept, AREA)
        words.append(QueryWord(word=word, terms=terms, prefix=stem if text.is_cyrillic(word) else word))
    return Query(words=tuple(words))


def explain(query: Query, held: set[str], glossary: Glossary | None) -> list[tuple[str, str, str]]:
    """Why a record matched: for each query word it answers, (the query word, the record's term that
    answered it in a readable form, how); an area that answered words is named once."""
    reasons = []
    for word in query.words:
        for term, how in word.terms.items():
            if term in held:
                shown = glossary.gloss([word.word]) if how == TRANSLATION and glossary is not None else term
                if (word.word, shown, how) not in reasons and not (how == AREA and any(r[1] == term for r in reasons)):
                    reasons.append((word.word, shown, how))
                break
        else:
            if any(term.startswith(word.prefix) for term in held if not is_concept_term(term)):
                reasons.append((word.word, word.word, WORD))
    return reasons
