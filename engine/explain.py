"""What a pair shares, as data: the words both texts use and the capability areas both are about.

The engine writes no sentences: the platform renders this data in its reader's language, and judges
the structural fit (readiness, timing, capacity, price…) itself.
"""

from __future__ import annotations

import dataclasses
import math

from .config import EngineConfig
from .features import TextFeatures
from .lexical import LexicalModel
from .records import OfferRecord, RequestRecord
from .taxonomy import Taxonomy, is_concept_term
from .text import STOP_WORDS, VAGUE_ENGLISH_STEMS, VAGUE_WORDS, is_cyrillic, stem

# How an offered area stands to a requested one, closest first.
RELATIONS = ("same", "sibling", "broader", "narrower")
# A term found in more than this share of the offers, in a catalogue of at least COMMON_MIN_OFFERS,
# says little of what a pair shares (the lexical model drops terms commoner still).
COMMON_SHARE = 0.2
COMMON_MIN_OFFERS = 20

SharedTerm = tuple[str, str | None]
SharedArea = tuple[str, str]


@dataclasses.dataclass(frozen=True)
class Explanation:
    """`terms`: (the word as the request writes it, its English form when that is another word),
    weightiest first. `areas`: (an offered area's id, its relation to the closest requested area),
    closest first."""

    terms: list[SharedTerm]
    areas: list[SharedArea]

    def to_data(self) -> dict:
        """Plain JSON: {"terms": [{"word", "english"?}], "areas": [{"area", "relation"}]}."""
        return {
            "terms": [{"word": word, **({"english": english} if english else {})} for word, english in self.terms],
            "areas": [{"area": area, "relation": relation} for area, relation in self.areas],
        }


@dataclasses.dataclass(frozen=True)
class Context:
    """What explaining a pair reads besides the pair: the settings, the areas and the terms'
    statistics."""

    config: EngineConfig
    taxonomy: Taxonomy
    model: LexicalModel


def explain_pair(
    request: RequestRecord,
    offer: OfferRecord,
    request_text: TextFeatures,
    offer_terms: set[str],
    context: Context,
) -> Explanation:
    """What the request (its text read as `request_text`) and the offer (its terms `offer_terms`) share."""
    terms = _shared_terms(request_text, offer_terms, context)
    return Explanation(terms=terms, areas=_shared_areas(request, offer, context.taxonomy))


def _shared_terms(request_text: TextFeatures, offer_terms: set[str], context: Context) -> list[SharedTerm]:
    """The shared words worth showing, weightiest first (capability areas are shown as areas)."""
    model = context.model
    common = _common_idf(model)

    def weight(term: str) -> float:
        return request_text.bag[term] * float(model.idf[model.vocabulary[term]])

    shown: list[SharedTerm] = []
    for term in sorted((t for t in request_text.bag if t in offer_terms), key=lambda t: (-weight(t), t)):
        if is_concept_term(term):
            continue
        if float(model.idf[model.vocabulary[term]]) < common:
            continue
        asked = request_text.display[term]
        if is_cyrillic(asked) and not is_cyrillic(term):
            # A translated word: shown only when the glossary or the encoder was sure of it.
            if term not in request_text.confident:
                continue
            word, english = request_text.confident[term]
        else:
            word, english = asked, None
        if _is_vague(word) or (english is not None and _is_vague(english)):
            continue
        shown.append((word, None if english == word else english))
    return _readable(shown)[: context.config.explain_terms]


def _is_vague(word: str) -> bool:
    """A function word of either language, or a word that says nothing of a capability (English ones
    in any form; Ukrainian ones as listed, since a Ukrainian stem may stand for another word:
    "роботи" is works or robots)."""
    if word in STOP_WORDS or word in VAGUE_WORDS:
        return True
    return not is_cyrillic(word) and stem(word) in VAGUE_ENGLISH_STEMS


def _common_idf(model: LexicalModel) -> float:
    """The IDF below which a term is in more than COMMON_SHARE of the offers (0 for a small catalogue).

    The model keeps IDF, not the catalogue's size; the size is read off the rarest term, which a
    catalogue of any size has in one offer: idf = ln(1 + (n - df + 0.5) / (df + 0.5))."""
    if not len(model.idf):
        return 0.0
    offers = 1.5 * math.expm1(float(model.idf.max())) + 0.5
    if offers < COMMON_MIN_OFFERS:
        return 0.0
    df = COMMON_SHARE * offers
    return math.log1p((offers - df + 0.5) / (df + 0.5))


def _readable(terms: list[SharedTerm]) -> list[SharedTerm]:
    """Terms to show, each once, without the parts of a hyphenated compound shown as well
    ("vital-signs", not also "vital" and "signs")."""
    parts = {part for word, _ in terms if "-" in word for part in word.split("-")}
    shown: list[SharedTerm] = []
    words: set[str] = set()
    for word, english in terms:
        if word not in parts and word not in words:
            words.add(word)
            shown.append((word, english))
    return shown


def _shared_areas(request: RequestRecord, offer: OfferRecord, taxonomy: Taxonomy) -> list[SharedArea]:
    """Each offered area near a requested one, with its closest relation, closest first."""
    closest: dict[str, int] = {}
    for asked in request.areas:
        for offered in offer.areas:
            relation = taxonomy.relation(asked, offered)
            if relation is not None:
                rank = RELATIONS.index(relation)
                closest[offered] = min(closest.get(offered, rank), rank)
    ordered = sorted(closest.items(), key=lambda item: item[1])
    return [(area, RELATIONS[rank]) for area, rank in ordered]
