"""Explanations a staff member reads in seconds: what a pair shares, what fits and what counts against it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from .config import EngineConfig
from .features import TextFeatures
from .lexical import LexicalModel
from .records import OfferRecord, RequestRecord
from .taxonomy import Taxonomy, is_concept_term
from .text import COMPOUND, HYPHENS, is_cyrillic

# A component scoring below this counts against the pair.
WEAK = 0.5


@dataclasses.dataclass(frozen=True)
class Explanation:
    shared_terms: list[str]
    shared_concepts: list[str]
    shared_areas: list[str]
    fits: list[str]
    against: list[str]
    # Terms of the request's best offers (its relevance feedback) that this offer has too.
    feedback_terms: list[str] = dataclasses.field(default_factory=list)

    def text(self) -> str:
        """One short paragraph: shared ground first, then fit, then what counts against."""
        lines = []
        if self.shared_terms:
            lines.append("Shared terms: " + ", ".join(self.shared_terms) + ".")
        if self.feedback_terms:
            lines.append("Like the best matches: " + ", ".join(self.feedback_terms) + ".")
        if self.shared_concepts or self.shared_areas:
            lines.append("Capability areas: " + ", ".join(self.shared_areas + self.shared_concepts) + ".")
        if self.fits:
            lines.append("Fits: " + "; ".join(self.fits) + ".")
        if self.against:
            lines.append("Against: " + "; ".join(self.against) + ".")
        return " ".join(lines)


@dataclasses.dataclass(frozen=True)
class Context:
    """What explaining a pair reads besides the pair: the settings, the areas, the day, the
    terms' statistics and how the catalogue spells an English stem."""

    config: EngineConfig
    taxonomy: Taxonomy
    today: dt.date
    model: LexicalModel
    english_form: Callable[[str], str]


def explain_pair(
    request: RequestRecord,
    offer: OfferRecord,
    parts: dict[str, float],
    request_text: TextFeatures,
    offer_terms: set[str],
    context: Context,
    feedback_terms: list[str] = (),
    offer_text: TextFeatures | None = None,
) -> Explanation:
    """`feedback_terms`: the terms of the request's relevance feedback, weightiest first, shown
    in the offer's words (`offer_text`)."""
    fits, against = [], []
    terms, concepts = _shared_terms(request_text, offer_terms, context)
    areas = _shared_areas(request, offer, context)
    if parts["text"] < WEAK / 2 and not terms and not concepts:
        against.append("little text in common")
    if request.areas and offer.areas and not areas:
        against.append("no capability area in common")
    like_best = [
        offer_text.display.get(term, term) if offer_text is not None else term
        for term in feedback_terms
        if term in offer_terms and term not in request_text.bag and not is_concept_term(term)
    ]
    # Names (of firms, products, places) are rare, so weighty, but say nothing of what is offered.
    if like_best:
        written = ". ".join(part for part in (offer.description, offer.summary_en) if part)
        like_best = _without_names(_readable(like_best), written, context.config.explain_terms)
    return Explanation(terms, concepts, areas, fits, against, like_best)


def _readable(words: list[str]) -> list[str]:
    """Words to show, each once, without the parts of a hyphenated compound shown as well
    ("vital-signs", not also "vital" and "signs")."""
    parts = {part for word in words if "-" in word for part in word.split("-")}
    shown: list[str] = []
    for word in words:
        if word not in parts and word not in shown:
            shown.append(word)
    return shown


def _without_names(words: list[str], text: str, count: int) -> list[str]:
    """The first `count` of the words (as `text.words` and `text.compounds` give them) that are
    not names: a name is written capitalised wherever the text has it inside a sentence, and
    not as an acronym (Kaamos, not GPS or FPV-дрон). Sentence starts tell nothing. Nor are the
    parts of model designations shown, words the text has only inside a code with a digit
    ("sa" of SA-P3 and SA-O15), though a whole designation may be."""
    lowered = text.lower().replace("’", "'").replace("ʼ", "'")
    if any(hyphen in lowered for hyphen in HYPHENS[1:]):
        lowered = re.sub(f"[{HYPHENS}]", "-", lowered)
    if len(lowered) != len(text):  # a letter whose lower case is longer: positions would drift
        return words[:count]
    # The text without its model codes: hyphenated words with a digit (SA-P3, MQ-9).
    uncoded = COMPOUND.sub(lambda found: " " if any(c.isdigit() for c in found[0]) else found[0], lowered)
    kept = []
    for word in words:
        if len(kept) == count:
            break
        if "-" not in word and _has_word(lowered, word) and not _has_word(uncoded, word):
            continue
        spelt = []
        start = lowered.find(word)
        while start >= 0:
            end = start + len(word)
            whole = (start == 0 or not lowered[start - 1].isalnum()) and (
                end == len(lowered) or not lowered[end].isalnum()
            )
            before = text[max(0, start - 8) : start].rstrip(" \t\"'«(“")
            if whole and before and before[-1] not in ".!?:;\n":
                spelt.append(text[start:end])
            start = lowered.find(word, start + 1)
        first = len(word.split("-")[0])
        if not spelt or not all(found[0].isupper() and not found[:first].isupper() for found in spelt):
            kept.append(word)
    return kept


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text) is not None


def _shared_terms(request_text: TextFeatures, offer_terms: set[str], context: Context) -> tuple[list[str], list[str]]:
    model = context.model
    shared = [term for term in request_text.bag if term in offer_terms]

    def weight(term: str) -> float:
        return request_text.bag[term] * float(model.idf[model.vocabulary[term]])

    words, concepts = [], []
    for term in sorted(shared, key=lambda term: (-weight(term), term)):
        asked = request_text.display[term]
        if is_concept_term(term):
            concepts.append(asked)
        elif is_cyrillic(asked) and not is_cyrillic(term):
            # A translated word: show both sides, the English one as the offers spell it.
            words.append(f"{asked} ≈ {context.english_form(term)}")
        else:
            words.append(asked)
    return _readable(words)[: context.config.explain_terms], concepts


def _shared_areas(request: RequestRecord, offer: OfferRecord, context: Context) -> list[str]:
    taxonomy = context.taxonomy
    config = context.config
    relations = {
        config.area_same: "same area",
        config.area_sibling: "sibling area",
        config.area_ancestor: "broader or narrower area",
    }
    found = []
    for asked in taxonomy.indices(request.areas):
        for offered in taxonomy.indices(offer.areas):
            proximity = float(taxonomy.proximity[asked, offered])
            if proximity > 0:
                name = taxonomy.nodes[offered].name_en or taxonomy.nodes[offered].id
                found.append((proximity, f"{name} ({relations.get(proximity, 'related')})"))
    return [label for _, label in sorted(found, key=lambda item: -item[0])]
