"""The staff dashboard's figures: the match funnel, the capability gaps, the pipeline's pace and the urgency
of open requests. Each figure is one or two plain queries, so tests can check them by hand; the page reads them
together, kept for a minute (`figures`)."""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innovation_office.refusals import not_found
from needs.models import CapabilityRequest, Urgency
from needs.selectors import name_without_reading
from profiles.models import User
from taxonomy.models import CapabilityArea
from taxonomy.selectors import area_tree

from ..bridge.records import open_requests_to_score
from ..models import Match
from ..permissions import may_see_staff_view
from ..states import FUNNEL_ORDER, SET_ASIDE
from .together import waiting_on_licence


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class Gap:
    """Open requests in one top-level capability area, with and without a candidate above the threshold."""

    area: str
    with_candidate: int
    without_candidate: int

    @property
    def total(self) -> int:
        return self.with_candidate + self.without_candidate


@dataclass(frozen=True)
class Pace:
    median_days: float | None
    count: int

    @property
    def median_hours(self) -> float | None:
        """For paces under a day, where "0.0 days" would hide the figure."""
        return None if self.median_days is None else round(self.median_days * 24, 1)


def _only_staff_see(user: User) -> None:
    """The dashboard's figures exist for staff only; to anyone else they answer 404."""
    if not may_see_staff_view(user):
        not_found()


def funnel(user: User) -> list[Tally]:
    """How many matches are in each state now."""
    _only_staff_see(user)
    counts = dict(Match.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return [Tally(state.value, str(state.label), counts.get(state.value, 0)) for state in FUNNEL_ORDER]


def capability_gaps(user: User) -> list[Gap]:
    """Open requests per top-level area (a request tagged in two trees counts in both), split by whether the
    engine or staff found at least one live candidate scoring at least MATCHING_THRESHOLD."""
    _only_staff_see(user)
    roots: dict[int, CapabilityArea] = {}
    parent_of: dict[int, int | None] = {}
    for node in area_tree():
        parent_of[node.area.pk] = node.area.parent_id
        if node.area.parent_id is None:
            roots[node.area.pk] = node.area

    def root(area_id: int) -> int:
        while parent_of[area_id] is not None:
            area_id = parent_of[area_id]
        return area_id

    candidate = Match.objects.filter(
        capability_request_id=OuterRef("capabilityrequest_id"), score__gte=settings.MATCHING_THRESHOLD
    ).exclude(state__in=SET_ASIDE)
    tags = CapabilityRequest.areas.through.objects.filter(capabilityrequest__in=open_requests_to_score()).annotate(
        answered=Exists(candidate)
    )
    requests_by_root: dict[int, set[int]] = {}
    answered = set()
    for request_id, area_id, has_candidate in tags.values_list("capabilityrequest_id", "capabilityarea_id", "answered"):
        requests_by_root.setdefault(root(area_id), set()).add(request_id)
        if has_candidate:
            answered.add(request_id)
    gaps = []
    for root_id, area in roots.items():
        request_ids = requests_by_root.get(root_id, set())
        if request_ids:
            found = len(request_ids & answered)
            gaps.append(Gap(area=area.name, with_candidate=found, without_candidate=len(request_ids) - found))
    return sorted(gaps, key=lambda gap: (-gap.without_candidate, -gap.total, gap.area))


def _median_days(durations: list[timedelta]) -> Pace:
    if not durations:
        return Pace(median_days=None, count=0)
    median_days = statistics.median(d.total_seconds() for d in durations) / 86400
    return Pace(median_days=round(median_days, 3 if median_days < 1 else 1), count=len(durations))


def time_to_first_proposal(user: User) -> Pace:
    """Median time from a request being opened to the first introduction proposed on it."""
    _only_staff_see(user)
    rows = (
        CapabilityRequest.objects.filter(opened_at__isnull=False, matches__proposed_at__isnull=False)
        .annotate(first_proposal=Min("matches__proposed_at"))
        .values_list("opened_at", "first_proposal")
    )
    return _median_days([first - opened for opened, first in rows])


def time_to_acceptance(user: User) -> Pace:
    """Median time from a proposal to both sides having accepted it."""
    _only_staff_see(user)
    rows = Match.objects.filter(proposed_at__isnull=False, accepted_at__isnull=False).values_list(
        "proposed_at", "accepted_at"
    )
    return _median_days([accepted - proposed for proposed, accepted in rows])


def requests_by_urgency(user: User) -> list[Tally]:
    """Open requests by urgency, most urgent first."""
    _only_staff_see(user)
    counts = dict(open_requests_to_score().order_by().values_list("urgency").annotate(n=Count("pk")))
    order = (Urgency.CRITICAL, Urgency.PRIORITY, Urgency.ROUTINE)
    return [Tally(urgency.value, str(urgency.label), counts.get(urgency.value, 0)) for urgency in order]


@dataclass(frozen=True)
class Figures:
    funnel: list[Tally]
    gaps: list[Gap]
    urgency: list[Tally]
    to_proposal: Pace
    to_acceptance: Pace
    # Accepted matches of a controlled item whose pilot waits on the startup's licence.
    waiting_on_licence: int
    # When they were counted.
    as_of: datetime


# The page's figures are counted at most once a minute: over every match and open request they cost tens of
# milliseconds, and the office's pace does not change by the second.
FIGURES_SECONDS = 60


def figures(user: User) -> Figures:
    """Every figure of the dashboard, as counted at most `FIGURES_SECONDS` ago (in the reader's language)."""
    _only_staff_see(user)
    key = f"dashboard-figures:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = Figures(
            funnel=funnel(user),
            gaps=capability_gaps(user),
            urgency=requests_by_urgency(user),
            to_proposal=time_to_first_proposal(user),
            to_acceptance=time_to_acceptance(user),
            waiting_on_licence=waiting_on_licence(Match.objects.all()).count(),
            as_of=timezone.now(),
        )
        cache.set(key, found, FIGURES_SECONDS)
    return found


def matches_for_export(user: User) -> QuerySet[Match]:
    _only_staff_see(user)
    return Match.objects.select_related("capability_request__organisation", "offer__organisation").order_by("pk")


EXPORT_HEADER = (
    _("Match"),
    _("State"),
    _("Source"),
    _("Score"),
    _("Request"),
    _("Requesting organisation"),
    _("Urgency"),
    _("Offer"),
    _("Startup"),
    _("Created"),
    _("Proposed"),
    _("Accepted"),
    _("Dismissal reason"),
)


def match_export_rows(user: User):
    yield [str(label) for label in EXPORT_HEADER]
    for match in matches_for_export(user).iterator(chunk_size=500):
        request = match.capability_request
        yield [
            match.pk,
            match.state,
            match.source,
            f"{match.score:.3f}",
            name_without_reading(request),
            request.organisation.legal_name,
            request.urgency,
            match.offer.title,
            match.offer.organisation.legal_name,
            _iso(match.created_at),
            _iso(match.proposed_at),
            _iso(match.accepted_at),
            match.dismiss_reason,
        ]


def gap_export_rows(user: User):
    yield [
        str(_("Capability area")),
        str(_("Open requests")),
        str(_("With a candidate")),
        str(_("Without a candidate")),
    ]
    for gap in capability_gaps(user):
        yield [gap.area, gap.total, gap.with_candidate, gap.without_candidate]


def _iso(moment) -> str:
    return moment.isoformat(timespec="minutes") if moment else ""
