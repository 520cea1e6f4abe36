"""How the platform reads text for its search boxes: with the matching engine's own glossary and the
shipped capability-area vocabulary, so that a search in Ukrainian finds English offers and the
other way round, as the matching does (see engine/search.py)."""

import functools

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from engine import EngineConfig
from engine.glossary import shipped
from engine.platform import load_areas
from engine.search import AREA, SOUND, STEM, TRANSLATION, WORD, Query, explain, read_query, record_terms
from engine.taxonomy import Taxonomy, is_concept_term
from innovation_office.search import held_terms, vector_literal

from .seed import DATA_FILE


@functools.cache
def _readers():
    config = EngineConfig()
    return shipped(config.glossary, config.glossary_alternative_weight), Taxonomy(load_areas(DATA_FILE))


def search_query(text: str) -> Query:
    glossary, taxonomy = _readers()
    return read_query(text, glossary, taxonomy)


def search_terms(title: str, *body: str) -> dict[str, str]:
    """A record's search terms, each with the weight of its best place ("A" title, "B" body)."""
    glossary, taxonomy = _readers()
    return record_terms(title, body, glossary, taxonomy)


def search_vector(title: str, *body: str) -> str:
    """What a record stores in its search_vector column."""
    return vector_literal(search_terms(title, *body))


def why_matched(query: Query, held: set[str]) -> list[str]:
    """A few words per reason a record answered the query, in the reader's language."""
    glossary, taxonomy = _readers()
    language = "uk" if (get_language() or "").startswith("uk") else "en"
    shown = []
    for word, term, how in explain(query, held, glossary):
        if how == AREA and is_concept_term(term):
            shown.append(_("area: %(area)s") % {"area": taxonomy.name(term[1:], language)})
        elif how == TRANSLATION:
            shown.append(f"{word} → {term}")
        elif how in (WORD, STEM, SOUND):
            shown.append(word)
    return shown


def tell_why_matched(text: str, rows) -> None:
    """Gives each row of a page of search results its `search_reasons`: the words it answered, from its
    stored terms, and whether the engine found it close in meaning to the text."""
    query = search_query(text)
    for row in rows:
        row.search_reasons = why_matched(query, held_terms(row.search_vector))
        if getattr(row, "search_meaning", -1) >= 0:
            row.search_reasons.append(_("close in meaning"))
