"""The results of a catalogue page, rendered once for every reader who sees the same rows, and kept in the cache.

Every officer reads the same offer catalogue, and every vetted startup the same request catalogue; what one
of them asks (a query, filters, a page) reads the same rows for the next. A part is kept under what it
depends on: the page, the readers' scope (a name the app's selector gives, from the same rule that scopes
the rows), the language, the query string and the catalogue's stamp.

The stamp changes whenever a record a catalogue shows is saved or deleted (each app names its models with
`catalogue_shows`): at once, so that the writer's next page shows the change, and again on commit, so that
a page rendered in between, from the rows as they were, is not kept under the new stamp. A part lives a
minute at most, the search engine's own rhythm: what it finds by meaning follows the catalogue within that.
"""

import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

STAMP_KEY = "catalogue:stamp"
PART_SECONDS = 60


def catalogue_stamp() -> int:
    stamp = cache.get(STAMP_KEY)
    return 0 if stamp is None else stamp


def catalogue_changed(**kwargs) -> None:
    """Connected to the saves and deletes of what a catalogue shows."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(STAMP_KEY)
    except ValueError:
        # No stamp yet (or the cache was emptied): start from the clock, so no stamp of before comes back.
        cache.set(STAMP_KEY, time.time_ns(), None)


def catalogue_shows(*senders: type[models.Model]) -> None:
    """The catalogues show these models (or many-to-many tables): a change to one of their rows changes the stamp."""
    for sender in senders:
        uid = f"catalogue:{sender._meta.label}"
        if sender._meta.auto_created:
            m2m_changed.connect(catalogue_changed, sender=sender, dispatch_uid=uid)
            continue
        post_save.connect(catalogue_changed, sender=sender, dispatch_uid=f"{uid}:save")
        post_delete.connect(catalogue_changed, sender=sender, dispatch_uid=f"{uid}:delete")


def shared_part(page: str, scope: str | None, query: QueryDict, render: Callable[[], str]) -> SafeString:
    """The HTML `render` gives, from the cache when a reader of the same scope asked the same query of the
    same catalogue in the same language within the last minute. A scope of None is nobody's but the reader's:
    rendered each time."""
    if scope is None:
        return mark_safe(render())
    asked = hashlib.sha256(repr(sorted(query.lists())).encode()).hexdigest()[:32]
    key = f"part:{page}:{scope}:{get_language()}:{catalogue_stamp()}:{asked}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, PART_SECONDS)
    return mark_safe(html)
