"""Reads of capability requests, each scoped to the user asking; startups get an anonymised projection only."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovation_office.search import RELEVANCE, by_meaning, text_search
from profiles.models import Language, OrganisationKind, User
from profiles.permissions import in_good_standing_q, is_staff
from taxonomy.models import CapabilityArea
from taxonomy.reading import search_query, tell_why_matched
from taxonomy.selectors import area_with_descendants_ids

from .models import URGENCY_RANK, CapabilityRequest, OperatingCondition, RequestState, Visibility, unit_label
from .permissions import reads_anonymised_requests, reads_own_requests, sees_full_requests

PAGE_SIZE = 20
# What a startup reads instead of the requesting organisation's name.
REQUESTER_PHRASES = {
    OrganisationKind.UA_UNIT: _("a Ukrainian defence unit"),
    OrganisationKind.UA_AGENCY: _("a Ukrainian state agency"),
    OrganisationKind.UA_COMPANY: _("a Ukrainian defence company"),
}


class Ordering:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    URGENT = "urgent"
    CHOICES = [(RELEVANCE, _("Best match")), (NEWEST, _("Newest first")), (URGENT, _("Most urgent first"))]


def requests_visible_to(user: User) -> QuerySet[CapabilityRequest]:
    """Every request the user may see in some form: the one door for reads. Nobody but staff sees the
    requests of an organisation out of good standing, and a user out of good standing sees none."""
    if is_staff(user):
        return CapabilityRequest.objects.all()
    if reads_own_requests(user):
        return CapabilityRequest.objects.filter(organisation=user.organisation)
    if reads_anonymised_requests(user):
        return CapabilityRequest.objects.filter(
            in_good_standing_q("organisation__"), state=RequestState.OPEN, visibility=Visibility.VETTED
        )
    return CapabilityRequest.objects.none()


# The subject of a notification about a request (a request a startup may answer).
REQUEST_SUBJECT = "needs.capabilityrequest"


def readable_request_ids(user: User, ids: set[int]) -> set[int]:
    """The requests among `ids` the user may still read in some form (what a notification about one may
    show): one query."""
    return set(requests_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def managed_requests_readers(user: User) -> str | None:
    """Who reads the same `requests_for_management` as the user (a rendered part of it is shared among them): the
    officers of one organisation read its requests. Staff's list is everything and shared with nobody."""
    if reads_own_requests(user) and not is_staff(user):
        return f"unit-{user.organisation.pk}"
    return None


def request_get(user: User, pk: int) -> CapabilityRequest:
    """The full record (organisation, officer, budget) for staff and the owning organisation; else 404."""
    if not sees_full_requests(user):
        raise Http404
    return get_object_or_404(
        requests_visible_to(user)
        .select_related("organisation", "created_by", "curator")
        .prefetch_related(Prefetch("areas", queryset=CapabilityArea.objects.order_by("position"))),
        pk=pk,
    )


def requests_for_management(
    user: User, *, state: str = "", organisation_id: int | None = None, query: str = ""
) -> QuerySet[CapabilityRequest]:
    """The full list behind the officers' and staff's pages, newest first."""
    if not sees_full_requests(user):
        return CapabilityRequest.objects.none()
    requests = requests_visible_to(user).select_related("organisation")
    if state:
        requests = requests.filter(state=state)
    if organisation_id:
        requests = requests.filter(organisation_id=organisation_id)
    if query:
        # Staff's whole list holds every request the engine scores: no list of them to search within.
        whole = is_staff(user) and not (state or organisation_id)
        return _searched(requests, query, within=not whole).order_by(*RELEVANCE)
    return requests.order_by("-created_at", "-pk")


def _searched(
    rows: QuerySet[CapabilityRequest], text: str, *, meaning: bool = True, within: bool = True
) -> QuerySet[CapabilityRequest]:
    """The rows answering a search box's text by its words, or found by meaning: the open requests the engine finds
    that an offer with that title would answer (innovation_office/search.py), the best of the rows given when
    `within` (a unit's list, a filtered one: their best, not those of the engine's best that they happen to hold;
    it costs a query). Rows found outside `rows` are never listed."""
    query = search_query(text)
    near = by_meaning(CapabilityRequest, text, among=rows if within else None) if meaning and query else None
    return text_search(rows, query, meaning=near)


@dataclass(frozen=True)
class AnonymisedRequest:
    """What a startup may know of a request: no organisation, no officer, no budget, by construction."""

    pk: int
    title: str
    description: str
    language: str
    summary_en: str
    title_en: str
    requester: str
    areas: tuple[str, ...]
    conditions: tuple[str, ...]
    conditions_note: str
    min_trl: int
    quantity: int
    unit: str
    needed_by: date
    urgency: str
    urgency_label: str
    opened_at: datetime | None
    # Why it answered a search (engine/search.py), in the reader's language; empty without a search.
    search_reasons: tuple[str, ...] = ()

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def has_english(self) -> bool:
        """A request written in Ukrainian that its officer also titled or summarised in English."""
        return self.language != Language.EN and bool(self.title_en or self.summary_en)


ANONYMISED_COLUMNS = (
    "pk",
    "search_vector",
    "title",
    "description",
    "language",
    "summary_en",
    "title_en",
    "conditions",
    "conditions_note",
    "min_trl",
    "quantity",
    "unit",
    "needed_by",
    "urgency",
    "opened_at",
)


def anonymise(row: CapabilityRequest) -> AnonymisedRequest:
    condition_labels = dict(OperatingCondition.choices)
    return AnonymisedRequest(
        pk=row.pk,
        title=row.title,
        description=row.description,
        language=row.language,
        summary_en=row.summary_en,
        title_en=row.title_en,
        requester=str(REQUESTER_PHRASES.get(row.requester_kind, _("a Ukrainian organisation"))),
        areas=tuple(area.name for area in row.areas.all()),
        conditions=tuple(str(condition_labels[code]) for code in row.conditions if code in condition_labels),
        conditions_note=row.conditions_note,
        min_trl=row.min_trl,
        quantity=row.quantity,
        unit=row.unit,
        needed_by=row.needed_by,
        urgency=row.urgency,
        urgency_label=row.get_urgency_display(),
        opened_at=row.opened_at,
        search_reasons=tuple(getattr(row, "search_reasons", ())),
    )


def _startup_rows(user: User) -> QuerySet[CapabilityRequest]:
    """Only the columns the projection needs: the organisation's name and budget never leave the database."""
    if not reads_anonymised_requests(user):
        return CapabilityRequest.objects.none()
    return (
        requests_visible_to(user)
        .only(*ANONYMISED_COLUMNS)
        .annotate(
            requester_kind=Case(
                *[When(organisation__kind=kind, then=Value(kind)) for kind in REQUESTER_PHRASES],
                default=Value(""),
            )
        )
        .prefetch_related(Prefetch("areas", queryset=CapabilityArea.objects.order_by("position")))
    )


@dataclass(frozen=True)
class StartupFilters:
    area_id: int | None = None
    urgency: str = ""
    max_min_trl: int | None = None
    needed_from: date | None = None
    needed_to: date | None = None
    language: str = ""
    query: str = ""
    ordering: str = Ordering.NEWEST

    @property
    def by_meaning(self) -> bool:
        """Whether the search finds by meaning too: only when ranked by relevance."""
        return bool(self.query) and self.ordering == Ordering.RELEVANCE


def _filtered(rows: QuerySet[CapabilityRequest], filters: StartupFilters) -> QuerySet[CapabilityRequest]:
    if filters.area_id:
        tagged = CapabilityRequest.areas.through.objects.filter(
            capabilityarea_id__in=area_with_descendants_ids(filters.area_id)
        )
        rows = rows.filter(pk__in=tagged.values("capabilityrequest_id"))
    if filters.urgency:
        rows = rows.filter(urgency=filters.urgency)
    if filters.max_min_trl:
        rows = rows.filter(min_trl__lte=filters.max_min_trl)
    if filters.needed_from:
        rows = rows.filter(needed_by__gte=filters.needed_from)
    if filters.needed_to:
        rows = rows.filter(needed_by__lte=filters.needed_to)
    if filters.language:
        rows = rows.filter(language=filters.language)
    if filters.query:
        # By meaning only when ranked by relevance, as the offer catalogue does. Unfiltered, the catalogue holds
        # nearly every request the engine scores (not the restricted ones, which it never lists): no list to search
        # within.
        narrowed = filters != StartupFilters(query=filters.query, ordering=filters.ordering)
        rows = _searched(rows, filters.query, meaning=filters.by_meaning, within=narrowed)
        if filters.ordering == Ordering.RELEVANCE:
            return rows.order_by(*RELEVANCE)
    if filters.ordering == Ordering.URGENT:
        rank = Case(
            *[When(urgency=urgency, then=Value(r)) for urgency, r in URGENCY_RANK.items()], output_field=IntegerField()
        )
        return rows.order_by(rank.desc(), "needed_by", "-pk")
    return rows.order_by("-opened_at", "-pk")


def catalogue_readers(user: User) -> str | None:
    """Who reads the same request catalogue as the user, for a rendered page of it shared among them: every
    member of a vetted startup reads the same open requests, anonymised. Anyone else: nobody else."""
    return "startups" if reads_anonymised_requests(user) else None


def requests_for_startup(user: User, filters: StartupFilters = StartupFilters(), page_number=1) -> Page:
    """One page of the open requests a vetted startup may read, each as an AnonymisedRequest."""
    page = Paginator(_filtered(_startup_rows(user), filters), PAGE_SIZE).get_page(page_number)
    if filters.query:
        tell_why_matched(filters.query, page.object_list)
    page.object_list = [anonymise(row) for row in page.object_list]
    return page


def anonymised_rows_for(user: User, filters: StartupFilters = StartupFilters()) -> QuerySet[CapabilityRequest]:
    """The rows behind requests_for_startup, for callers that page by cursor (the API); each row is shown
    only through anonymise()."""
    return _filtered(_startup_rows(user), filters)


def request_get_for(user: User, pk: int) -> AnonymisedRequest:
    """One request as a startup may read it; 404 when it is not open to them."""
    return anonymise(get_object_or_404(_startup_rows(user), pk=pk))


def name_without_reading(capability_request) -> str:
    """How menus, exports, staff notices and the audit trail name a request they do not open: by its title, or
    a restricted one by its number only (its title is read where the request is opened, and that read is
    audited). Takes a request, or anything with its `pk`, `title` and `visibility`."""
    if capability_request.visibility == Visibility.RESTRICTED:
        return gettext("Restricted request no. %(number)d") % {"number": capability_request.pk}
    return capability_request.title
