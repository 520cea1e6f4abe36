"""Turning records into what the scorer reads: term bags, encoder text and structural arrays."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from itertools import chain

from . import text
from .config import EngineConfig
from .glossary import Glossary
from .lexicon import Lexicon
from .records import OfferRecord, RequestRecord
from .taxonomy import Taxonomy, concept_term

Record = RequestRecord | OfferRecord
# Records whose words or texts are processed at once when indexing: never all of a large
# catalogue's at the same time.
TEXT_CHUNK = 2_000
# Weight of the runner-up translation of a foreign word, relative to the best one.
SECOND_TRANSLATION_WEIGHT = 0.5
# The least similarity at which the encoder lexicon's nearest word is a translation an explanation may
# show (the lexicon keeps words from `lexicon_min_similarity` on, to score with).
CONFIDENT_SIMILARITY = 0.95


@dataclasses.dataclass
class TextFeatures:
    """A record's weighted terms and, for explanations, the word that stands for each term, and for
    each English term a foreign word was surely translated into (the glossary's first translation,
    the lexicon's nearest word from CONFIDENT_SIMILARITY), that word and the English word it means."""

    bag: dict[str, float]
    display: dict[str, str]
    confident: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)


def full_text(record: Record) -> str:
    parts = [record.title, record.description, record.summary_en]
    return ". ".join(part.strip() for part in parts if part and part.strip())


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
    lexicon: Lexicon | None,
    glossary: Glossary | None = None,
) -> list[TextFeatures]:
    """Term bags of many records' words; foreign words are translated in one batch."""
    foreign = {word for found in word_lists for word, _ in found if text.is_cyrillic(word)}
    translations = translate(sorted(foreign), lexicon, glossary)
    return [_features(found, config, taxonomy, translations) for found in word_lists]


# The English stems a foreign word is translated into, each with its weight and, when the translation
# is sure, the English word that shows it (None otherwise).
Translations = dict[str, list[tuple[str, float, str | None]]]


def translate(foreign: Sequence[str], lexicon: Lexicon | None, glossary: Glossary | None) -> Translations:
    """English stems, their weights and the words that surely translate them, for foreign words: the
    glossary's where it knows the word (its first translation is sure), otherwise the encoder
    lexicon's nearest catalogue words (the nearest is sure from CONFIDENT_SIMILARITY)."""
    translations: Translations = {}
    if glossary is not None:
        for word in foreign:
            if found := glossary.translate(word):
                first = glossary.first_translation(word)
                translations[word] = [(stem, weight, first.get(stem)) for stem, weight in found]
    unknown = [word for word in foreign if word not in translations]
    if lexicon is not None and unknown:
        for word, nearest in lexicon.translate(unknown).items():
            translations[word] = [
                (
                    stem,
                    1.0 if rank == 0 else SECOND_TRANSLATION_WEIGHT,
                    lexicon.form_of(stem) if rank == 0 and similarity >= CONFIDENT_SIMILARITY else None,
                )
                for rank, (stem, similarity) in enumerate(nearest)
            ]
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
    """Reads records' text as the scorer does: their words made terms by the taxonomy, the
    lexicon and the glossary."""

    def __init__(
        self, config: EngineConfig, taxonomy: Taxonomy, lexicon: Lexicon | None, glossary: Glossary | None
    ) -> None:
        self.config = config
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.glossary = glossary

    def fit(self, offers: Sequence[OfferRecord]) -> None:
        """Teaches the lexicon the words of a catalogue and of the areas' names."""
        if self.lexicon is not None:
            names = [text.content_words(" ".join(node.names())) for node in self.taxonomy.nodes]
            self.lexicon.fit(chain(_plain_words(offers), names))

    def term_bag_chunks(self, records: Sequence[Record], title_weight: float) -> Iterator[list[dict[str, float]]]:
        """The records' term bags, a chunk of records at a time, so that the word lists of a
        large catalogue never all exist at once."""
        for start in range(0, len(records), TEXT_CHUNK):
            chunk = records[start : start + TEXT_CHUNK]
            words = record_words(chunk, title_weight)
            features = text_features(words, self.config, self.taxonomy, self.lexicon, self.glossary)
            yield [self._with_areas(f, record).bag for f, record in zip(features, chunk, strict=True)]

    def term_bags(self, records: Sequence[Record], title_weight: float) -> list[dict[str, float]]:
        return [bag for chunk in self.term_bag_chunks(records, title_weight) for bag in chunk]

    def record_text(self, record: Record, title_weight: float) -> TextFeatures:
        """A record's terms and the words behind them, for explanations: recomputed rather
        than kept, since keeping every record's would hold gigabytes for a large catalogue."""
        words = record_words([record], title_weight)
        features = text_features(words, self.config, self.taxonomy, self.lexicon, self.glossary)[0]
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

    def english_form(self, stem: str) -> str:
        """How the catalogue spells an English stem (its commonest word), for explanations."""
        form = self.lexicon.form_of(stem) if self.lexicon is not None else stem
        if form == stem and self.glossary is not None:
            return self.glossary.surface(stem)
        return form


def _plain_words(records: Sequence[OfferRecord]) -> Iterator[list[str]]:
    for start in range(0, len(records), TEXT_CHUNK):
        for found in record_words(records[start : start + TEXT_CHUNK]):
            yield [word for word, _ in found]
