"""Full-text search shared by every catalogue: PostgreSQL full-text search, or a simple SQLite fallback.

On PostgreSQL a query matches when every word is a prefix of a word of the text ('simple' configuration,
so "дрон" finds "дрони" and "дронів"), or when it matches under English stemming ("drones" finds "drone").
Both expressions are backed by GIN indexes created by the apps' migrations (see gin_index_sql).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
CONFIGS = ("simple", "english")


# Ukrainian inflects nouns and adjectives by their endings; searching by the stem as a prefix lets
# "дронів" find "дрони" and "перехоплювачі" find "перехоплювачами". Longest endings first.
UKRAINIAN_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "ому",
    "ими",
    "іми",
    "ів",
    "їв",
    "ах",
    "ях",
    "ом",
    "ем",
    "єм",
    "ою",
    "ею",
    "ий",
    "ій",
    "ої",
    "им",
    "их",
    "а",
    "я",
    "у",
    "ю",
    "і",
    "и",
    "е",
    "є",
    "о",
    "ь",
    "й",
    "ї",
)
MIN_STEM = 4


def stem(word: str) -> str:
    if not re.search(r"[а-яіїєґ]", word):
        return word
    for ending in UKRAINIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def search_words(query: str) -> list[str]:
    words = re.findall(r"\w+", query.lower())
    return [word[:MAX_WORD_LENGTH] for word in words][:MAX_WORDS]


def text_search(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """Keeps the rows whose `fields` contain every word of `query`."""
    words = search_words(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        prefixes = SearchQuery(" & ".join(f"{stem(word)}:*" for word in words), config="simple", search_type="raw")
        stemmed = SearchQuery(" ".join(words), config="english")
        return queryset.annotate(
            search_simple=SearchVector(*fields, config="simple"),
            search_english=SearchVector(*fields, config="english"),
        ).filter(Q(search_simple=prefixes) | Q(search_english=stemmed))
    for word in map(stem, words):
        # SQLite folds the case of ASCII letters only: try the common spellings of a Cyrillic word too.
        variants = {word, word.capitalize(), word.upper()}
        queryset = queryset.filter(
            Q(*[Q(**{f"{field}__icontains": variant}) for field in fields for variant in variants], _connector=Q.OR)
        )
    return queryset


def gin_index_sql(table: str, fields: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """CREATE/DROP statements for the GIN indexes that text_search's expressions use on PostgreSQL."""
    document = " || ' ' || ".join(f'COALESCE("{table}"."{field}", \'\')' for field in fields)
    create, drop = [], []
    for config in CONFIGS:
        name = f"{table}_search_{config}"
        create.append(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (to_tsvector('{config}'::regconfig, {document}))"
        )
        drop.append(f"DROP INDEX IF EXISTS {name}")
    return create, drop


def run_on_postgresql(statements: list[str]):
    """A migration operation body that runs `statements` on PostgreSQL and does nothing elsewhere."""

    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation
