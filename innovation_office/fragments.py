"""The results of a catalogue page, rendered once for every reader who sees the same rows, and kept in the cache.

Every officer reads the same offer catalogue, every vetted startup the same request catalogue, and the members
of a startup the same list of its own offers; so do the officers of a unit the picker of its open requests on
every offer's page, and the members of a startup that of its published offers on every request's page
(`shared_value` keeps such a picker as data and HTML). What one of them asks (a query, filters, a page) reads
the same rows for the next. A part is kept under what it depends on: the page, the readers' scope (a name the app's
selector gives, from the same rule that scopes the rows), the language, what was asked (the cleaned filters
and the page's number, so that a parameter the page ignores does not make another copy) and the catalogue's
stamp. It is kept compressed (a page of 20 cards, some 30 KB, takes about 5 KB).

The stamp changes whenever a record a catalogue shows is saved or deleted (each app names its models with
`catalogue_shows`, and the fields a save may touch without changing what a catalogue shows): at once, so
that the writer's next page shows the change, and again on commit, so that a page rendered in between, from
the rows as they were, is not kept under the new stamp. A part lives a minute at most, the search engine's
own rhythm: what it finds by meaning follows the catalogue within that.
"""

import hashlib
import logging
import time
import zlib
from collections.abc import Callable, Collection
from functools import partial

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

STAMP_KEY = "catalogue:stamp"
PART_SECONDS = 60


def catalogue_stamp() -> int:
    stamp = cache.get(STAMP_KEY)
    return 0 if stamp is None else stamp


def catalogue_changed(unseen: Collection[str] = (), **kwargs) -> None:
    """Connected to the saves and deletes of what a catalogue shows; callable after a bulk write, too."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= set(unseen):
        return
    _bump()
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    # The write goes on if the cache cannot be reached: its pages are then at most a minute old.
    try:
        cache.incr(STAMP_KEY)
    except ValueError:
        # No stamp yet (or the cache was emptied): start from the clock, so no stamp of before comes back.
        cache.set(STAMP_KEY, time.time_ns(), None)
    except Exception:
        logger.exception("the catalogue's stamp could not be moved")


def catalogue_shows(*senders: type[models.Model], unseen: Collection[str] = ()) -> None:
    """The catalogues show these models (or many-to-many tables): a change to one of their rows moves the
    stamp, unless a save touched only `unseen` fields."""
    receiver = partial(catalogue_changed, unseen=frozenset(unseen))
    for sender in senders:
        uid = f"catalogue:{sender._meta.label}"
        if sender._meta.auto_created:
            m2m_changed.connect(receiver, sender=sender, dispatch_uid=uid, weak=False)
            continue
        post_save.connect(receiver, sender=sender, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(receiver, sender=sender, dispatch_uid=f"{uid}:delete", weak=False)


def known_parameters(query: QueryDict, names: Collection[str]) -> QueryDict:
    """The parameters of `query` that a page reads (`names`, its form's fields): a shared page carries no other
    into its links."""
    known = QueryDict(mutable=True)
    for name in names:
        if name in query:
            known.setlist(name, query.getlist(name))
    return known


def page_number(value: str | None) -> int:
    """The page a list's `page` parameter asks for, as Paginator.get_page reads it (1 when it is no number)."""
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def shared_part(
    page: str, scope: str | None, asked: object, render: Callable[[], str], keep: Callable[[], bool]
) -> SafeString:
    """The HTML `render` gives, from the cache when a reader of the same scope asked the same (`asked`: the
    cleaned filters and the page number) of the same catalogue in the same language within the last minute. A
    scope of None is nobody's but the reader's: rendered each time. A page is kept for the others only if
    `keep()` held before and after it was rendered (a search that went by words while this process's search
    engine was being built is not)."""
    if scope is None:
        return mark_safe(render())
    kept = shared_value(page, scope, asked, lambda: zlib.compress(render().encode(), 1), keep)
    return mark_safe(zlib.decompress(kept).decode())


def shared_value[T](page: str, scope: str | None, asked: object, make: Callable[[], T], keep: Callable[[], bool]) -> T:
    """What `make` gives (anything the cache can keep), kept and shared as `shared_part` keeps a page."""
    if scope is None:
        return make()
    digest = hashlib.sha256(repr(asked).encode()).hexdigest()[:32]
    key = f"part:{page}:{scope}:{get_language()}:{catalogue_stamp()}:{digest}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    keeping = keep()
    value = make()
    if keeping and keep():
        cache.set(key, value, PART_SECONDS)
    return value
