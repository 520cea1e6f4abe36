"""The staff's match queue: the pairs awaiting curation, grouped by request (the most relevant to a search first,
then the most urgent request, then the one waiting longest), and in each group the pulled pairs first, then the
strongest."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db.models import Case, Count, F, FloatField, IntegerField, Max, Min, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovation_office.search import Found, by_meaning, text_search
from needs.models import CapabilityRequest, Urgency
from needs.selectors import name_without_reading
from offers.models import Offer
from profiles.models import Organisation, User
from taxonomy.reading import search_query
from taxonomy.selectors import area_with_descendants_ids

from ..models import Match, MatchSource, MatchState
from ..permissions import may_curate
from ..states import CURATABLE
from .matches import matches_visible_to

# Score bands: (lowest included, highest excluded, label).
SCORE_BANDS = {
    "high": (0.7, 1.01, _("High (70% and more)")),
    "medium": (0.5, 0.7, _("Medium (50–70%)")),
    "low": (0.0, 0.5, _("Low (under 50%)")),
}
# Age of the pair: (youngest, oldest) in days, None meaning unbounded.
AGE_CHOICES = {
    "day": (None, 1, _("Last 24 hours")),
    "week": (None, 7, _("Last 7 days")),
    "month": (None, 30, _("Last 30 days")),
    "older": (30, None, _("Older than 30 days")),
}
# Whose requests: the reader's own, those nobody curates yet; "" for everyone's.
CURATOR_CHOICES = {
    "mine": _("Mine"),
    "unassigned": _("Unassigned"),
}
PULLED = (MatchSource.STARTUP_INTEREST, MatchSource.OFFICER_REQUEST)
URGENCY_ORDER = Case(
    When(capability_request__urgency=Urgency.CRITICAL, then=Value(0)),
    When(capability_request__urgency=Urgency.PRIORITY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class QueueFilters:
    area_id: int | None = None
    urgency: str = ""
    request_id: int | None = None
    startup_id: int | None = None
    score_band: str = ""
    state: str = ""
    age: str = ""
    query: str = ""
    curator: str = ""


def _filtered(matches: QuerySet[Match], filters: QueueFilters) -> QuerySet[Match]:
    if filters.area_id:
        tagged = CapabilityRequest.areas.through.objects.filter(
            capabilityarea_id__in=area_with_descendants_ids(filters.area_id)
        )
        matches = matches.filter(capability_request__in=tagged.values("capabilityrequest_id"))
    if filters.urgency:
        matches = matches.filter(capability_request__urgency=filters.urgency)
    if filters.request_id:
        matches = matches.filter(capability_request_id=filters.request_id)
    if filters.startup_id:
        matches = matches.filter(offer__organisation_id=filters.startup_id)
    if filters.score_band in SCORE_BANDS:
        low, high, _label = SCORE_BANDS[filters.score_band]
        matches = matches.filter(score__gte=low, score__lt=high)
    if filters.age in AGE_CHOICES:
        oldest, youngest_within = AGE_CHOICES[filters.age][:2]
        now = timezone.now()
        if youngest_within is not None:
            matches = matches.filter(created_at__gte=now - timedelta(days=youngest_within))
        if oldest is not None:
            matches = matches.filter(created_at__lt=now - timedelta(days=oldest))
    return matches


def _searched(matches: QuerySet[Match], text: str) -> QuerySet[Match]:
    """The pairs whose request or offer answers the search box's text by its words (in either language: a curator
    sees both), or whose request is found by meaning among those of `matches` (innovation_office/search.py), each
    with its `search_relevance`: 2 when a side answers the words, else the chance that its request is relevant.
    Only requests by meaning: the queue's groups are requests, and an offer's chance is on another scale."""
    query = search_query(text)
    requests = CapabilityRequest.objects.filter(pk__in=matches.values("capability_request_id"))
    near = by_meaning(CapabilityRequest, text, among=requests) if query else {}
    by_words = Q(capability_request__in=text_search(CapabilityRequest.objects.all(), query).values("pk")) | Q(
        offer__in=text_search(Offer.objects.all(), query).values("pk")
    )
    return matches.filter(by_words | Q(capability_request_id__in=list(near))).annotate(
        search_relevance=Case(
            When(by_words, then=Value(2.0)), default=Found("capability_request_id", near), output_field=FloatField()
        )
    )


def _curated_by(matches: QuerySet[Match], user: User, curator: str) -> QuerySet[Match]:
    if curator == "mine":
        return matches.filter(capability_request__curator=user)
    if curator == "unassigned":
        return matches.filter(capability_request__curator__isnull=True)
    return matches


def _queue_pairs(user: User, filters: QueueFilters) -> QuerySet[Match]:
    if not may_curate(user):
        return Match.objects.none()
    states = [filters.state] if filters.state in CURATABLE else list(CURATABLE)
    matches = _curated_by(_filtered(matches_visible_to(user).filter(state__in=states), filters), user, filters.curator)
    # Searched last: by meaning, the best requests of the queue as narrowed, not the best of all that it holds.
    return _searched(matches, filters.query) if filters.query else matches


def queue_for(user: User, filters: QueueFilters = QueueFilters()) -> QuerySet[Match]:
    """Suggested and shortlisted matches (or one of those states): pulled pairs first, then those that fail no
    check of fit, then by relevance."""
    return _in_queue_order(_queue_pairs(user, filters))


def _in_queue_order(matches: QuerySet[Match]) -> QuerySet[Match]:
    pulled_first = Case(When(source__in=PULLED, then=Value(0)), default=Value(1), output_field=IntegerField())
    fitting_first = Case(When(failed_checks=0, then=Value(0)), default=Value(1), output_field=IntegerField())
    return matches.annotate(pulled_rank=pulled_first, fit_rank=fitting_first).order_by(*_queue_order())


def _queue_order() -> list:
    """A group's pairs in order, for `order_by` and for the window that numbers each request's pairs."""
    return [F("pulled_rank").asc(), F("fit_rank").asc(), F("score").desc(), F("pk").asc()]


def queue_groups_for(user: User, filters: QueueFilters = QueueFilters()) -> QuerySet[Match]:
    """The requests with a pair in the queue (as filtered), one row each (`capability_request_id`,
    `pairs_in_queue`, `waiting_since`): when searched, the most relevant first (see _searched); then the most
    urgent first, then the one whose oldest pair still awaiting a first decision (suggested) has waited longest;
    a request whose pairs were all shortlisted (`waiting_since` None) waits least. Read from the pairs, grouped,
    so that every filter applies as it does to the pairs."""
    groups = (
        _queue_pairs(user, filters)
        .order_by()
        .values("capability_request_id")
        .annotate(
            urgency_order=URGENCY_ORDER,
            pairs_in_queue=Count("pk"),
            waiting_since=Min("created_at", filter=Q(state=MatchState.SUGGESTED)),
        )
    )
    order = ["urgency_order", F("waiting_since").asc(nulls_last=True), "capability_request_id"]
    if filters.query:
        # Searched, the queue is ranked by its search: the groups with a pair answering the words first.
        groups = groups.annotate(search_relevance=Max("search_relevance"))
        order.insert(0, "-search_relevance")
    return groups.order_by(*order)


# The pairs a group of the queue shows (its best first), and those its "more" lists when opened; the rest are on
# the request's candidates page.
PAIRS_SHOWN = 3
PAIRS_LISTED = 6
# The long texts a queue row does not show, left in the database (a page reads some 120 pairs with both sides).
QUEUE_UNREAD = (
    "explanation",
    "summary_for_startup",
    "summary_for_officer",
    "dismiss_reason",
    "capability_request__description",
    "capability_request__summary_en",
    "capability_request__conditions",
    "capability_request__search_vector",
    "offer__description",
    "offer__search_vector",
)


@dataclass(frozen=True)
class QueueGroup:
    request: CapabilityRequest
    pairs: list[Match]
    waiting_since: datetime | None
    # Pairs of the request in the queue, listed or not.
    pairs_in_queue: int


def queue_groups_of(user: User, rows: list[dict], filters: QueueFilters) -> list[QueueGroup]:
    """The groups of some rows of `queue_groups_for`: each request (with its organisation and curator) and its
    best `PAIRS_SHOWN` pairs in queue order, in one query."""
    pairs = _pairs_of_requests(user, [row["capability_request_id"] for row in rows], filters, PAIRS_SHOWN)
    return [
        QueueGroup(
            request=found[0].capability_request,
            pairs=found,
            waiting_since=row["waiting_since"],
            pairs_in_queue=row["pairs_in_queue"],
        )
        for row in rows
        if (found := pairs[row["capability_request_id"]])
    ]


def queue_more_of(
    user: User, capability_request: CapabilityRequest, filters: QueueFilters, shown: Collection[int]
) -> tuple[list[Match], bool]:
    """The pairs a group's "more" lists: the request's best in the queue but for the `shown` ones (left out by id,
    so that a pair decided or scored since the queue was read is neither listed twice nor skipped), up to
    `PAIRS_LISTED - PAIRS_SHOWN`; and whether the request has more pairs in the queue still."""
    wanted = PAIRS_LISTED - PAIRS_SHOWN
    pairs = _pairs_of_requests(user, [capability_request.pk], filters, wanted + 1, leave_out=shown)
    return pairs[capability_request.pk][:wanted], len(pairs[capability_request.pk]) > wanted


def _pairs_of_requests(
    user: User, ids: list[int], filters: QueueFilters, count: int, leave_out: Collection[int] = ()
) -> dict[int, list[Match]]:
    """Each request's best `count` pairs in the queue (as filtered, but for those left out), in queue order."""
    pairs: dict[int, list[Match]] = {pk: [] for pk in ids}
    in_request_order = Window(
        RowNumber(),
        partition_by=[F("capability_request_id")],
        order_by=_queue_order(),
    )
    ranked = (
        queue_for(user, filters)
        .filter(capability_request_id__in=ids)
        .exclude(pk__in=leave_out)
        .annotate(position=in_request_order)
        .order_by()
        .values(ranked_pair=F("pk"), ranked_position=F("position"))
    )
    # The first `count` of each request, picked from the ranked pairs' ids by SQL of our own: Django filters on a
    # window by compiling the whole query, rows and their relations, twice over (half of what this read cost).
    try:
        sql, params = ranked.query.sql_with_params()
    except EmptyResultSet:  # no request asked, or a reader who may not curate
        return pairs
    first = RawSQL(f"SELECT ranked_pair FROM ({sql}) ranked WHERE ranked_position <= %s", (*params, count))
    listed = (
        _in_queue_order(matches_visible_to(user).filter(pk__in=first))
        .select_related("capability_request__curator")
        .defer(*QUEUE_UNREAD)
    )
    for match in listed:
        pairs[match.capability_request_id].append(match)
    return pairs


def queue_narrowing(user: User, filters: QueueFilters) -> dict[str, str]:
    """The names of the request and the startup the queue is narrowed to, by filter ("request", "startup"). A
    restricted request is named by its number only: its title is read (and audited) where it is opened."""
    names: dict[str, str] = {}
    if not may_curate(user):
        return names
    if filters.request_id:
        found = CapabilityRequest.objects.filter(pk=filters.request_id).only("title", "visibility").first()
        names["request"] = (
            name_without_reading(found) if found else gettext("Request no. %(number)d") % {"number": filters.request_id}
        )
    if filters.startup_id:
        found = Organisation.objects.filter(pk=filters.startup_id).values_list("legal_name", flat=True).first()
        names["startup"] = found or gettext("Startup no. %(number)d") % {"number": filters.startup_id}
    return names


def queue_matches_get(user: User, ids: list[int]) -> list[Match]:
    """The ticked matches of a bulk action, each one the user may see."""
    return list(matches_visible_to(user).filter(pk__in=ids).order_by("pk"))
