"""Saved catalogue searches: an officer keeps a search, runs it again from a list, and is told when a newly
published offer answers it. Whether an offer answers is asked of the catalogue's own selector, with the
officer's own rights, so an alert never names an offer the officer could not find by searching."""

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from innovation_office.refusals import not_found
from notifications.services import notification_create
from profiles.models import User

from .models import Offer, SavedSearch
from .permissions import may_browse_catalogue
from .selectors import CatalogueFilters, offer_catalogue, offers_visible_to

MAX_PER_USER = 20
OFFER_SUBJECT = "offers.offer"


def saved_searches_of(user: User) -> QuerySet[SavedSearch]:
    if not may_browse_catalogue(user):
        not_found()
    return SavedSearch.objects.filter(user=user)


def saved_search_get(user: User, pk: int) -> SavedSearch:
    search = saved_searches_of(user).filter(pk=pk).first()
    if search is None:
        not_found()
    return search


@transaction.atomic
def saved_search_create(*, user: User, name: str, filters: CatalogueFilters, query_string: str) -> SavedSearch:
    """Keeps a search of the catalogue under a name of the officer's choosing."""
    searches = saved_searches_of(user)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if searches.count() >= MAX_PER_USER:
        raise ValidationError(
            {"name": _("You can keep up to %(count)d searches. Delete one first.") % {"count": MAX_PER_USER}}
        )
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(
                user=user, name=name, filters=asdict(filters), query_string=query_string[:1000]
            )
    except IntegrityError:
        raise ValidationError({"name": _("You already have a search with this name.")}) from None


@transaction.atomic
def saved_search_delete(*, search: SavedSearch, by: User) -> None:
    saved_search_get(by, search.pk).delete()


def saved_search_filters(search: SavedSearch) -> CatalogueFilters:
    known = CatalogueFilters.__dataclass_fields__
    return CatalogueFilters(**{key: value for key, value in search.filters.items() if key in known})


def saved_searches_alert(*, offer_id: int) -> int:
    """Tells each officer whose saved search answers a newly published offer; returns how many were told."""
    offer = Offer.objects.filter(pk=offer_id).only("pk", "title").first()
    if offer is None:
        return 0
    told = 0
    searches = SavedSearch.objects.select_related("user").filter(user__is_active=True).order_by("user_id", "pk")
    for search in searches:
        user = search.user
        if not may_browse_catalogue(user):
            continue
        # By its words alone: an offer near in meaning to a saved search is no news worth a notification.
        if not offer_catalogue(user, saved_search_filters(search), meaning=False).filter(pk=offer.pk).exists():
            continue
        notification_create(
            recipient=user,
            kind="offer.saved_search",
            dedup_key=f"offer.saved_search:{offer.pk}:{search.pk}",
            context={"search": search.name, "offer_title": offer.title},
            url=reverse("offers:detail", args=[offer.pk]),
            subject_type=OFFER_SUBJECT,
            subject_id=offer.pk,
        )
        told += 1
    return told


def readable_offer_ids(user: User, ids) -> set[int]:
    """The offers among `ids` the user may still read (for notifications shown later)."""
    return set(offers_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
