"""Search of the catalogues: each row stores its search terms (read by the engine's machinery, see
engine/search.py and taxonomy/reading.py) in a `search_vector` column; a query is read the same way.

On PostgreSQL the column is a tsvector with a GIN index. A row answers a query word when it holds one
of the word's terms, or a word the query word begins; rows answering enough of the query's words
(all of one or two, half of more) are kept.

A search also finds by meaning: the app holding the matching engine registers, per model, what ranks
rows for a text as the engine ranks offers for a request (`meaning_register`); the rows it finds
(`by_meaning`: pk → the chance that the row is relevant) are kept too. Rows answering every word of
the query come first, so that a model code or a name finds its row first; then the rows by meaning,
most relevant first; then by how many words they answer and ts_rank (a title counts more than the
body). The SQLite of embedded mode stores the same vector as text and keeps the rows answering
every word or found by meaning, in the same order but for ts_rank.
"""

import math
import re
from collections.abc import Callable, Collection, Mapping

from django.db import connection, models
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Cast

from engine.search import Query

# Shortest query word also looked up as the beginning of longer words.
MIN_PREFIX = 3
# Share of the words of a longer query (three words or more) a row must answer.
SHARE_OF_WORDS = 0.5
RELEVANCE = ("-search_every", "-search_meaning", "-search_coverage", "-search_rank", "-pk")
# What finds rows of a model by meaning: (text, the pks to rank or None for all) → {pk: chance that the row is
# relevant}.
_meaning: dict[type[models.Model], Callable[[str, Collection[int] | None], Mapping[int, float]]] = {}
_ready: dict[type[models.Model], Callable[[], bool]] = {}
LEXEME = re.compile(r"'((?:[^']|'')*)'")
# The first search's configurations, for the migrations that made and drop its indexes.
CONFIGS = ("simple", "english")


class SearchVectorColumn(models.Field):
    """A tsvector on PostgreSQL; its text elsewhere. Written as a vector_literal()."""

    description = "search terms"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder_sql(self, value, compiler, connection):
        if hasattr(value, "as_sql"):
            return compiler.compile(value)
        return ("%s::tsvector" if connection.vendor == "postgresql" else "%s"), (value,)


def vector_literal(terms: dict[str, str]) -> str:
    """A tsvector in PostgreSQL's input syntax ('term':1A 'other':2B), quoted so that no term is
    parsed again: the terms stay exactly as the engine read them."""
    return " ".join(f"{_quoted(term)}:{position}{weight}" for position, (term, weight) in enumerate(terms.items(), 1))


def _quoted(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _word_query(word) -> str:
    alternatives = [_quoted(term) for term in word.terms]
    if len(word.prefix) >= MIN_PREFIX:
        alternatives.append(_quoted(word.prefix) + ":*")
    return "(" + " | ".join(alternatives) + ")"


def parts_of(query: Query) -> list[str]:
    """One tsquery per query word."""
    return [_word_query(word) for word in query.words]


def needed(parts: int) -> int:
    return parts if parts <= 2 else math.ceil(SHARE_OF_WORDS * parts)


def meaning_register(
    model: type[models.Model],
    find: Callable[[str, Collection[int] | None], Mapping[int, float]],
    ready: Callable[[], bool],
) -> None:
    """`find` ranks rows of `model` by meaning; `ready` says whether it does yet in this process (it goes by
    words while its first engine is built)."""
    _meaning[model] = find
    _ready[model] = ready


def meaning_ready(model: type[models.Model]) -> bool:
    """Whether a search of `model` here finds by meaning as it will from now on: a page rendered before is not
    one to keep for other readers."""
    ready = _ready.get(model)
    return ready is None or ready()


def by_meaning(model: type[models.Model], text: str, among: QuerySet | None = None) -> Mapping[int, float]:
    """The rows of `model` found by meaning for a search box's text, the best of `among` when it is given (a
    narrowed list: its best rows, not the best of all that it happens to hold); none when nothing is
    registered or the text has no word."""
    find = _meaning.get(model)
    if find is None or not text.strip():
        return {}
    if among is None:
        return find(text, None)
    pks = set(among.prefetch_related(None).values_list("pk", flat=True))
    return find(text, pks) if pks else {}


def text_search(
    queryset: QuerySet, query: Query, field: str = "search_vector", meaning: Mapping[int, float] | None = None
) -> QuerySet:
    """The rows answering `query`, or found by `meaning` (pk → relevance, from by_meaning), annotated with
    search_every (1 if they answer every word), search_meaning (their relevance, -1 when not found by meaning),
    search_coverage (how many of its words they answer) and search_rank; order them by RELEVANCE to rank them."""
    near = dict(meaning or {})
    if not query:
        # Nothing to look for (only punctuation, say): every row, in whatever order RELEVANCE then gives.
        return queryset.annotate(
            search_coverage=Value(0, output_field=IntegerField()),
            search_rank=Value(0.0, output_field=FloatField()),
            search_every=Value(0, output_field=IntegerField()),
            search_meaning=Value(-1.0, output_field=FloatField()),
        )
    if connection.vendor != "postgresql":
        return _contains_search(queryset, query, field, near)
    parts = parts_of(query)
    anything = " | ".join(parts)
    rank = Func(F(field), Value(anything), template="ts_rank(%(expressions)s::tsquery)", output_field=FloatField())
    if needed(len(parts)) == len(parts):
        # Every word is needed: the index finds the rows answering them all, and the rows found by meaning are
        # added by their keys; no row's words are counted one by one.
        every = Case(When(search_all=True, then=Value(1)), default=Value(0), output_field=IntegerField())
        return (
            queryset.alias(search_all=_answers(field, " & ".join(parts)))
            .filter(Q(search_all=True) | Q(pk__in=list(near)))
            .annotate(
                search_every=every if near else Value(1, output_field=IntegerField()),
                search_coverage=every * len(parts) if near else Value(len(parts), output_field=IntegerField()),
                search_rank=rank,
                search_meaning=_relevance(near),
            )
        )
    coverage = sum(
        (Cast(_answers(field, part), IntegerField()) for part in parts[1:]),
        Cast(_answers(field, parts[0]), IntegerField()),
    )
    return (
        queryset.alias(search_any=_answers(field, anything))
        .filter(Q(search_any=True) | Q(pk__in=list(near)))
        .annotate(search_coverage=coverage, search_rank=rank)
        .filter(Q(search_coverage__gte=needed(len(parts))) | Q(pk__in=list(near)))
        .annotate(search_every=_every(len(parts)), search_meaning=_relevance(near))
    )


def _every(parts: int) -> Case:
    return Case(When(search_coverage=parts, then=Value(1)), default=Value(0), output_field=IntegerField())


def _relevance(near: Mapping[int, float]) -> Expression:
    return Found("pk", near)


class Found(Expression):
    """What a row's `column` finds in `near` (key → relevance), -1 when it is not there: a CASE written at once,
    since one of a hundred When() branches costs a page milliseconds in Django alone, to build and to compile."""

    output_field = FloatField()

    def __init__(self, column: str, near: Mapping[int, float]) -> None:
        super().__init__()
        self.near = dict(near)
        self.key = F(column)

    def get_source_expressions(self) -> list:
        return [self.key]

    def set_source_expressions(self, expressions: list) -> None:
        (self.key,) = expressions

    def as_sql(self, compiler, connection):
        if not self.near:
            return "CAST(-1.0 AS DOUBLE PRECISION)", []  # an expression: a bare constant cannot be ordered by
        key, params = compiler.compile(self.key)
        branches = " ".join("WHEN %s THEN %s" for _ in self.near)
        values = [value for pk, chance in self.near.items() for value in (int(pk), float(chance))]
        return f"(CASE {key} {branches} ELSE -1.0 END)", [*params, *values]


def _answers(field: str, tsquery: str) -> Func:
    """`field @@ tsquery`, the column named through the ORM (not by its table's name) so that it stays right
    inside a subquery, where the table is known by another alias."""
    return Func(
        F(field), Value(tsquery), template="(%(expressions)s::tsquery)", arg_joiner=" @@ ", output_field=BooleanField()
    )


def _contains_search(queryset: QuerySet, query: Query, field: str, near: Mapping[int, float]) -> QuerySet:
    every = Q()
    for word in query.words:
        found = Q(*[Q(**{f"{field}__contains": _quoted(term)}) for term in word.terms], _connector=Q.OR)
        if len(word.prefix) >= MIN_PREFIX:
            found |= Q(**{f"{field}__contains": "'" + word.prefix})
        every &= found
    return queryset.filter(every | Q(pk__in=list(near))).annotate(
        search_every=Case(When(every, then=Value(1)), default=Value(0), output_field=IntegerField()),
        search_meaning=_relevance(near),
        search_coverage=RawSQL("0", [], output_field=IntegerField()),
        search_rank=RawSQL("0.0", [], output_field=FloatField()),
    )


def held_terms(vector: str | None) -> set[str]:
    """The terms of a stored vector (its text as PostgreSQL or SQLite returns it)."""
    return {term.replace("''", "'").replace("\\\\", "\\") for term in LEXEME.findall(vector or "")}


# The expression indexes of the first full-text search, kept for the migrations that made and drop them.
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
