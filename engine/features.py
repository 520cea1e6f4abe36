"""Turning records into what the scorer reads: term bags, encoder text and structural arrays."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from . import text
from .config import EngineConfig
from .glossary import Glossary
from .records import OfferRecord, RequestRecord
from .taxonomy import Taxonomy, concept_term

Record = RequestRecord | OfferRecord
# Records whose words or texts are processed at once when indexing: never all of a large
# catalogue's at the same time.
TEXT_CHUNK = 2_000


@dataclasses.dataclass
class TextFeatures:
    """A record's weighted terms and, for explanations, the word that stands for each term, and for
    each English term a foreign word was surely translated into (the glossary's first translation),
    that word and the English word it means."""

    bag: dict[str, float]
    display: dict[str, str]
    confident: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)


def full_text(record: Record) -> str:
    parts = [record.title, record.description, record.summary_en]
    return ". ".join(part.strip() for part in parts if part and part.strip())


def is_ukrainian(record: Record) -> bool:
    """Written in Ukrainian: so its language says, or, when it does not say, most of its words."""
    if record.language:
        return record.language == "uk"
    found = text.words(f"{record.title} {record.description}")
    return sum(text.is_cyrillic(word) for word in found) * 2 > len(found)


def encoder_text(record: Record, limit: int) -> str:
    """A record's text, cut at `limit` characters, for an encoder."""
    return full_text(record)[:limit]


def glossed_text(record: Record, glossary: Glossary | None, limit: int) -> str:
    """The first `limit` characters of a record in Ukrainian, rendered word by word into English
    ("" when the record has no Ukrainian word, or there is no glossary)."""
    found = text.words(encoder_text(record, limit))
    if glossary is None or not any(text.is_cyrillic(word) for word in found):
        return ""
    return glossary.gloss(found)


WeightedWords = list[tuple[str, float]]


def record_words(records: Sequence[Record], title_weight: float = 1.0) -> list[WeightedWords]:
    """Content words of each record with their weight: title words count `title_weight` times."""
    return [_weighted_words(record, title_weight) for record in records]


def text_features(
    word_lists: Sequence[WeightedWords],
    config: EngineConfig,
    taxonomy: Taxonomy,
    glossary: Glossary | None = None,
) -> list[TextFeatures]:
    """Term bags of many records' words, their foreign words translated by the glossary."""
    foreign = {word for found in word_lists for word, _ in found if text.is_cyrillic(word)}
    translations = translate(sorted(foreign), glossary)
    return [_features(found, config, taxonomy, translations) for found in word_lists]


# The English stems a foreign word is translated into, each with its weight and, when the translation
# is sure, the English word that shows it (None otherwise).
Translations = dict[str, list[tuple[str, float, str | None]]]


def translate(foreign: Sequence[str], glossary: Glossary | None) -> Translations:
    """English stems, their weights and the words that surely translate them (the glossary's first
    translation), for the foreign words the glossary knows."""
    translations: Translations = {}
    if glossary is not None:
        for word in foreign:
            if found := glossary.translate(word):
                first = glossary.first_translation(word)
                translations[word] = [(stem, weight, first.get(stem)) for stem, weight in found]
    return translations


def _weighted_words(record: Record, title_weight: float) -> WeightedWords:
    """Content words of the title, then of the body; each part's hyphenated compounds follow
    its words, so that the words of a phrase stay next to each other."""
    body = ". ".join(part for part in (record.description, record.summary_en) if part)
    return [
        (word, weight)
        for part, weight in ((record.title, title_weight), (body, 1.0))
        for word in text.content_words(part) + text.compounds(part)
    ]


def _features(
    found: list[tuple[str, float]],
    config: EngineConfig,
    taxonomy: Taxonomy,
    translations: Translations,
) -> TextFeatures:
    bag: dict[str, float] = {}
    display: dict[str, str] = {}
    confident: dict[str, tuple[str, str]] = {}
    stems = [text.stem(word) for word, _ in found]
    for (word, weight), stem in zip(found, stems, strict=True):
        if stem not in bag:
            bag[stem] = 0.0
            display[stem] = word
        bag[stem] += weight
    for word, weight in found if translations else ():
        for english, share, shown in translations.get(word, ()):
            bag[english] = bag.get(english, 0.0) + weight * share
            display.setdefault(english, word)
            if shown is not None:
                confident.setdefault(english, (word, shown))
    return TextFeatures(bag=bag, display=display, confident=confident)


class TextReader:
    """Reads records' text as the scorer does: their words made terms by the glossary, and their
    capability areas."""

    def __init__(self, config: EngineConfig, taxonomy: Taxonomy, glossary: Glossary | None) -> None:
        self.config = config
        self.taxonomy = taxonomy
        self.glossary = glossary

    def term_bag_chunks(self, records: Sequence[Record], title_weight: float) -> Iterator[list[dict[str, float]]]:
        """The records' term bags, a chunk of records at a time, so that the word lists of a
        large catalogue never all exist at once."""
        for start in range(0, len(records), TEXT_CHUNK):
            chunk = records[start : start + TEXT_CHUNK]
            words = record_words(chunk, title_weight)
            features = text_features(words, self.config, self.taxonomy, self.glossary)
            yield [self._with_areas(f, record).bag for f, record in zip(features, chunk, strict=True)]

    def term_bags(self, records: Sequence[Record], title_weight: float) -> list[dict[str, float]]:
        return [bag for chunk in self.term_bag_chunks(records, title_weight) for bag in chunk]

    def record_text(self, record: Record, title_weight: float) -> TextFeatures:
        """A record's terms and the words behind them, for explanations: recomputed rather
        than kept, since keeping every record's would hold gigabytes for a large catalogue."""
        words = record_words([record], title_weight)
        features = text_features(words, self.config, self.taxonomy, self.glossary)[0]
        return self._with_areas(features, record)

    def _with_areas(self, features: TextFeatures, record: Record) -> TextFeatures:
        """Adds the record's own capability areas to its terms: each as `area_term_weight`
        mentions of its concept, each broader area as half as many."""
        weight = self.config.area_term_weight
        for position in self.taxonomy.indices(record.areas) if weight else ():
            for depth, area in enumerate([position, *self.taxonomy.ancestors(position)]):
                term = concept_term(self.taxonomy.nodes[area].id)
                features.bag[term] = features.bag.get(term, 0.0) + weight * (1.0 if depth == 0 else 0.5)
                features.display.setdefault(term, self.taxonomy.nodes[area].name_en or self.taxonomy.nodes[area].id)
        return features
