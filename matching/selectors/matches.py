"""Reads of matches, their history and feedback, and scoring runs, scoped to the user asking."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from innovation_office.refusals import not_found
from needs.models import CapabilityRequest
from offers.models import Offer
from profiles.models import User
from taxonomy.models import CapabilityArea
from taxonomy.selectors import area_tree

from ..models import Match, MatchEvent, ScoringRun
from ..permissions import (
    is_startup_party,
    may_see_counterpart,
    may_see_staff_view,
    reads_request_text_told,
    startup_reads_request_text,
    startup_reads_request_text_q,
)
from ..states import PROPOSED_OR_LATER


def matches_visible_to(user: User) -> QuerySet[Match]:
    """Staff see every match; a startup the ones proposed to it; an officer the ones proposed on its requests."""
    matches = Match.objects.select_related("capability_request__organisation", "offer__organisation")
    if may_see_staff_view(user):
        return matches
    organisation = user.organisation
    if organisation is None:
        return matches.none()
    mine = (
        Q(offer__organisation=organisation)
        if user.is_startup_member
        else Q(capability_request__organisation=organisation)
    )
    return matches.filter(mine, state__in=PROPOSED_OR_LATER)


def match_get(user: User, pk: int, *, with_work: bool = False) -> Match:
    """A match the user may see (staff: any; a party: once proposed to them), else 404; `with_work` adds, in the
    same query, the summary of the work together (selectors.together.with_work_summary)."""
    matches = matches_visible_to(user)
    if with_work:
        from .together import with_work_summary  # together.py reads matches through this module

        matches = with_work_summary(matches, user)
    # Read with get, which asks for no order; first would sort by the matches' default order, and building
    # that order was a tenth of a match page.
    matches = matches.select_related(
        "capability_request__created_by",
        "startup_accepted_by",
        "officer_accepted_by",
        "trial_report",
        "pilot_plan",
        "export_licence",
        "slot_booking__slot",
    )
    return get_object_or_404(matches, pk=pk)


def candidates_for_request(user: User, capability_request: CapabilityRequest) -> QuerySet[Match]:
    return (
        matches_visible_to(user)
        .filter(capability_request=capability_request)
        .prefetch_related("offer__areas")
        .order_by("-score", "pk")
    )


def proposals_for(user: User) -> QuerySet[Match]:
    """The matches proposed to the user's organisation, newest first (staff: every match)."""
    return matches_visible_to(user).order_by("-proposed_at", "-pk")


def matches_for(
    user: User, *, state: str = "", capability_request_id: int | None = None, offer_id: int | None = None
) -> QuerySet[Match]:
    """proposals_for narrowed by state, request or offer: the API's list of matches."""
    matches = proposals_for(user)
    if state:
        matches = matches.filter(state=state)
    if capability_request_id is not None:
        matches = matches.filter(capability_request_id=capability_request_id)
        if user.is_startup_member and not may_see_staff_view(user):
            # Filtering by a request the startup may not read answers as for an id that does not exist, so
            # the filter never confirms which hidden request lies behind one of its matches.
            matches = matches.filter(startup_reads_request_text_q())
    if offer_id is not None:
        matches = matches.filter(offer_id=offer_id)
    return matches


def areas_of_pair(match: Match) -> tuple[list[CapabilityArea], list[CapabilityArea]]:
    """The capability areas of a match's request and of its offer, in the tree's order, from one query."""
    request_rows = (
        CapabilityRequest.areas.through.objects.filter(capabilityrequest_id=match.capability_request_id)
        .annotate(side=Value("request"))
        .values_list("side", "capabilityarea_id")
    )
    offer_rows = (
        Offer.areas.through.objects.filter(offer_id=match.offer_id)
        .annotate(side=Value("offer"))
        .values_list("side", "capabilityarea_id")
    )
    chosen = {"request": set(), "offer": set()}
    for side, area_id in request_rows.union(offer_rows, all=True):
        chosen[side].add(area_id)
    tree = [node.area for node in area_tree()]
    return [area for area in tree if area.pk in chosen["request"]], [
        area for area in tree if area.pk in chosen["offer"]
    ]


def timeline_for(user: User, match: Match) -> QuerySet[MatchEvent]:
    """The match's history; internal notes only for staff."""
    events = match.events.select_related("actor").order_by("created_at", "pk")
    return events if may_see_staff_view(user) else events.filter(internal=False)


# What each reader may read of a match ----------------------------------------------------------------


def title_for_startup(match: Match) -> str:
    """What a startup may read of the request in a title: never a restricted request's own words."""
    request_part = (
        match.capability_request.title if startup_reads_request_text(match) else _("a restricted capability request")
    )
    return f"{match.offer.title} — {request_part}"


def title_for_officer(match: Match) -> str:
    return f"{match.capability_request.title} — {match.offer.title}"


# What a notification of a match may still show its reader ----------------------------------------------

# The notification's subject: a match, its context quoting the request's own words or withholding them.
MATCH_SUBJECT = "matching.match"
MATCH_SUBJECT_WITHOUT_REQUEST_TEXT = "matching.match_without_request_text"


def notification_subject_for(user: User, match: Match) -> str:
    """The subject a notification of `match` to `user`, written now with the title they may read, is
    checked under when shown or e-mailed (see `readable_match_ids`)."""
    if is_startup_party(user, match) and not startup_reads_request_text(match):
        return MATCH_SUBJECT_WITHOUT_REQUEST_TEXT
    return MATCH_SUBJECT


def readable_match_ids(user: User, ids: set[int]) -> set[int]:
    """The matches among `ids` the user still sees, and whose request's words they still read: one query."""
    return {match.pk for match in matches_visible_to(user).filter(pk__in=ids) if reads_request_text_told(user, match)}


def visible_match_ids(user: User, ids: set[int]) -> set[int]:
    """The matches among `ids` the user still sees: one query."""
    return set(matches_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class Contact:
    """The other side of an accepted introduction: its organisation and the person to talk to."""

    organisation: str
    kind_label: str
    country_label: str
    website: str
    person: str
    email: str


def _contact(organisation, person: User | None) -> Contact:
    return Contact(
        organisation=organisation.legal_name,
        kind_label=str(organisation.get_kind_display()),
        country_label=str(organisation.get_country_display()),
        website=organisation.website,
        person=person.full_name if person else "",
        email=person.email if person else "",
    )


def _reachable(person: User | None) -> User | None:
    """A person the other side can still write to: not a closed or deactivated account."""
    return person if person is not None and person.is_active else None


def _first_member(organisation) -> User | None:
    memberships = organisation.memberships.select_related("user").filter(user__is_active=True).order_by("-role", "pk")
    return next((membership.user for membership in memberships), None)


def _startup_contact(match: Match) -> Contact:
    person = _reachable(match.startup_accepted_by) or _first_member(match.offer.organisation)
    return _contact(match.offer.organisation, person)


def _officer_contact(match: Match) -> Contact:
    person = _reachable(match.officer_accepted_by) or _reachable(match.capability_request.created_by)
    return _contact(match.capability_request.organisation, person)


def counterpart_for(user: User, match: Match) -> Contact | None:
    """The other side's organisation and contact person, for a reader permissions.may_see_counterpart allows.

    This is the one place identities cross: staff see both through contacts_for_staff; the startup sees the
    requesting unit and its officer (never the budget, which is not a contact detail); the officer the startup."""
    if not may_see_counterpart(user, match):
        return None
    return _officer_contact(match) if is_startup_party(user, match) else _startup_contact(match)


def contacts_for_staff(user: User, match: Match) -> tuple[Contact, Contact] | None:
    if not may_see_staff_view(user):
        return None
    return _startup_contact(match), _officer_contact(match)


# Scoring runs ---------------------------------------------------------------------------------------


def scoring_runs_for(user: User) -> QuerySet[ScoringRun]:
    if not may_see_staff_view(user):
        return ScoringRun.objects.none()
    return ScoringRun.objects.select_related("started_by")


def scoring_run_get(user: User, pk: int) -> ScoringRun:
    run = scoring_runs_for(user).filter(pk=pk).first()
    if run is None:
        not_found()
    return run


def match_events_written_by_export(user: User) -> list[dict]:
    """The steps of match histories the user took, for their data download: the match's number, never the
    titles of the request and offer behind it."""
    events = MatchEvent.objects.filter(actor=user).order_by("created_at", "pk")
    return [
        {
            "match_id": event.match_id,
            "action": event.action,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "note": event.note,
            "internal": event.internal,
            "created_at": event.created_at,
        }
        for event in events
    ]
