"""Who may call which REST API route: one row per route (and case), one expected status per role.

Every role calls with its own personal token (anonymous: with none). OK is any 2xx; an int is the exact
status. Objects outside a role's view are 404; a write that is not the role's to make on an object it can
see is 403; a state that forbids the move is 409. Rows name a URL builder taking the test world, the
method, and the JSON body.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.matching.helpers import make_match

OK = "ok"


def accepted_match(w):
    """A match both sides accepted, on officer A's restricted request and startup A's archived offer (a dual-use
    item), made the first time a row asks for it: the other rows' world has no such match."""
    if not hasattr(w, "accepted_match"):
        w.archived_offer.export_control = "dual_use"
        w.archived_offer.save(update_fields=["export_control"])
        w.accepted_match = make_match(w.restricted_request, w.archived_offer, state="accepted")
    return w.accepted_match


ROLES = ("anonymous", "pending_startup", "startup_a", "startup_b", "officer_a", "officer_b", "staff")


@dataclass(frozen=True)
class ApiRow:
    url: Callable
    expect: dict[str, str | int]
    method: str = "get"
    data: Callable | None = None


def signed_in(outcome) -> dict:
    return {"anonymous": 401, **{role: outcome for role in ROLES if role != "anonymous"}}


def only(outcome_for_others, **allowed) -> dict:
    return {**signed_in(outcome_for_others), **allowed}


def public(outcome) -> dict:
    return {role: outcome for role in ROLES}


def offer_body(w) -> dict:
    return {
        "title": "Thermal sight",
        "summary": "A sight.",
        "description": "A thermal sight for night work.",
        "language": "en",
        "areas": [w.area_id],
        "trl": 6,
        "lead_time_days": 20,
        "monthly_capacity": 50,
        "export_control": "not_controlled",
    }


def request_body(w) -> dict:
    return {
        "title": "Night sights",
        "description": "We need night sights.",
        "language": "en",
        "areas": [w.area_id],
        "min_trl": 5,
        "quantity": 10,
        "needed_by": (timezone.localdate() + timedelta(days=60)).isoformat(),
    }


STARTUPS = ("pending_startup", "startup_a", "startup_b")
OFFICERS = ("officer_a", "officer_b")

API_ACCESS_TABLE: dict[str, ApiRow] = {
    "api:schema": ApiRow(lambda w: reverse("api:schema"), public(OK)),
    "api:docs": ApiRow(lambda w: reverse("api:docs"), public(OK)),
    "api:not-found": ApiRow(lambda w: "/api/v1/offers/not-a-number/", public(404)),
    "api:not-found#unknown": ApiRow(lambda w: "/api/v1/no-such-thing/", public(404), "post"),
    "api:capability-areas": ApiRow(lambda w: reverse("api:capability-areas"), public(OK)),
    # Organisations: one's own; staff any.
    "api:organisation-list": ApiRow(lambda w: reverse("api:organisation-list"), signed_in(OK)),
    "api:organisation-detail": ApiRow(
        lambda w: reverse("api:organisation-detail", args=[w.startup_a_org.pk]), only(404, startup_a=OK, staff=OK)
    ),
    "api:organisation-detail#patch": ApiRow(
        lambda w: reverse("api:organisation-detail", args=[w.startup_a_org.pk]),
        only(404, startup_a=OK, staff=OK),
        "patch",
        lambda w: {"website": "https://alpha.example"},
    ),
    # Offers. Officers read a published offer, so changing it is refused (403), not hidden (404).
    "api:offer-list": ApiRow(lambda w: reverse("api:offer-list"), only(404, officer_a=OK, officer_b=OK, staff=OK)),
    "api:own-offer-list": ApiRow(lambda w: reverse("api:own-offer-list"), only(404, **{role: OK for role in STARTUPS})),
    "api:offer-list#create": ApiRow(
        lambda w: reverse("api:offer-list"), only(404, **{role: OK for role in STARTUPS}), "post", offer_body
    ),
    "api:offer-detail": ApiRow(
        lambda w: reverse("api:offer-detail", args=[w.published_offer.pk]),
        only(404, startup_a=OK, officer_a=OK, officer_b=OK, staff=OK),
    ),
    "api:offer-detail#draft": ApiRow(
        lambda w: reverse("api:offer-detail", args=[w.draft_offer.pk]), only(404, startup_a=OK, staff=OK)
    ),
    "api:offer-detail#patch": ApiRow(
        lambda w: reverse("api:offer-detail", args=[w.published_offer.pk]),
        only(404, startup_a=OK, staff=OK, officer_a=403, officer_b=403),
        "patch",
        lambda w: {"lead_time_days": 14},
    ),
    "api:offer-publish": ApiRow(
        lambda w: reverse("api:offer-publish", args=[w.draft_offer.pk]), only(404, startup_a=OK, staff=OK), "post"
    ),
    "api:offer-unpublish": ApiRow(
        lambda w: reverse("api:offer-unpublish", args=[w.published_offer.pk]),
        only(404, startup_a=OK, staff=OK, officer_a=403, officer_b=403),
        "post",
    ),
    "api:offer-archive": ApiRow(
        lambda w: reverse("api:offer-archive", args=[w.published_offer.pk]),
        only(404, startup_a=OK, staff=OK, officer_a=403, officer_b=403),
        "post",
    ),
    "api:offer-restore": ApiRow(
        lambda w: reverse("api:offer-restore", args=[w.archived_offer.pk]), only(404, startup_a=OK, staff=OK), "post"
    ),
    # Capability requests: whole records for their organisation's officers and staff.
    "api:request-list": ApiRow(lambda w: reverse("api:request-list"), signed_in(OK)),
    "api:request-list#create": ApiRow(
        lambda w: reverse("api:request-list"), only(403, officer_a=OK, officer_b=OK), "post", request_body
    ),
    "api:request-detail": ApiRow(
        lambda w: reverse("api:request-detail", args=[w.vetted_request.pk]), only(404, officer_a=OK, staff=OK)
    ),
    "api:request-detail#restricted": ApiRow(
        lambda w: reverse("api:request-detail", args=[w.restricted_request.pk]), only(404, officer_a=OK, staff=OK)
    ),
    "api:request-detail#patch": ApiRow(
        lambda w: reverse("api:request-detail", args=[w.vetted_request.pk]),
        only(404, officer_a=OK, staff=OK),
        "patch",
        lambda w: {"quantity": 30},
    ),
    # A request's moves, one endpoint each: its officers and staff; an open request cannot be opened again.
    "api:request-open": ApiRow(
        lambda w: reverse("api:request-open", args=[w.vetted_request.pk]), only(404, officer_a=409, staff=409), "post"
    ),
    "api:request-fulfil": ApiRow(
        lambda w: reverse("api:request-fulfil", args=[w.vetted_request.pk]), only(404, officer_a=OK, staff=OK), "post"
    ),
    "api:request-close": ApiRow(
        lambda w: reverse("api:request-close", args=[w.vetted_request.pk]), only(404, officer_a=OK, staff=OK), "post"
    ),
    "api:request-cancel": ApiRow(
        lambda w: reverse("api:request-cancel", args=[w.vetted_request.pk]), only(404, officer_a=OK, staff=OK), "post"
    ),
    # The anonymised catalogue: vetted startups read open vetted requests; the list is empty for others.
    "api:open-request-list": ApiRow(lambda w: reverse("api:open-request-list"), signed_in(OK)),
    "api:open-request-detail": ApiRow(
        lambda w: reverse("api:open-request-detail", args=[w.vetted_request.pk]), only(404, startup_a=OK, startup_b=OK)
    ),
    "api:open-request-detail#restricted": ApiRow(
        lambda w: reverse("api:open-request-detail", args=[w.restricted_request.pk]), only(404)
    ),
    # Matches: the parties once proposed, staff always.
    "api:match-list": ApiRow(lambda w: reverse("api:match-list"), signed_in(OK)),
    "api:match-detail": ApiRow(
        lambda w: reverse("api:match-detail", args=[w.proposed_match.pk]),
        only(404, startup_a=OK, officer_a=OK, staff=OK),
    ),
    "api:match-detail#suggested": ApiRow(
        lambda w: reverse("api:match-detail", args=[w.suggested_match.pk]), only(404, staff=OK)
    ),
    "api:match-shortlist": ApiRow(
        lambda w: reverse("api:match-shortlist", args=[w.suggested_match.pk]), only(404, staff=OK), "post"
    ),
    "api:match-dismiss": ApiRow(
        lambda w: reverse("api:match-dismiss", args=[w.suggested_match.pk]),
        only(404, staff=OK),
        "post",
        lambda w: {"reason": "duplicate"},
    ),
    "api:match-propose": ApiRow(
        lambda w: reverse("api:match-propose", args=[w.suggested_match.pk]),
        only(404, staff=OK),
        "post",
        lambda w: {"summary_for_startup": "A unit needs radar.", "summary_for_officer": "A radar fits."},
    ),
    # Staff see the proposed match but are not a party: 403 (not 404) for their answer.
    "api:match-accept": ApiRow(
        lambda w: reverse("api:match-accept", args=[w.proposed_match.pk]),
        only(404, startup_a=OK, officer_a=OK, staff=403),
        "post",
        lambda w: {"message": "Yes."},
    ),
    "api:match-decline": ApiRow(
        lambda w: reverse("api:match-decline", args=[w.proposed_match.pk]),
        only(404, startup_a=OK, officer_a=OK, staff=403),
        "post",
        lambda w: {"message": "No."},
    ),
    # A proposed match cannot start its pilot, record a contract or close before both accept: 409 for everyone
    # who may see it.
    "api:match-start-pilot": ApiRow(
        lambda w: reverse("api:match-start-pilot", args=[w.proposed_match.pk]),
        only(404, startup_a=409, officer_a=409, staff=409),
        "post",
        lambda w: {"note": "In March."},
    ),
    "api:match-contract": ApiRow(
        lambda w: reverse("api:match-contract", args=[w.proposed_match.pk]),
        only(404, startup_a=409, officer_a=409, staff=409),
        "post",
    ),
    "api:match-close": ApiRow(
        lambda w: reverse("api:match-close", args=[w.proposed_match.pk]),
        only(404, startup_a=409, officer_a=409, staff=409),
        "post",
    ),
    # The work after the introduction: the two parties and staff, once both accepted; nobody else learns it exists.
    "api:match-work": ApiRow(
        lambda w: reverse("api:match-work", args=[accepted_match(w).pk]),
        only(404, startup_a=OK, officer_a=OK, staff=OK),
    ),
    "api:match-work#proposed": ApiRow(lambda w: reverse("api:match-work", args=[w.proposed_match.pk]), only(404)),
    "api:match-messages": ApiRow(
        lambda w: reverse("api:match-messages", args=[accepted_match(w).pk]),
        only(404, startup_a=OK, officer_a=OK, staff=OK),
        "post",
        lambda w: {"body": "Can we meet on Tuesday?"},
    ),
    # The staff dashboard: to anyone else it does not exist.
    "api:dashboard": ApiRow(lambda w: reverse("api:dashboard"), only(404, staff=OK)),
    # Notifications: one's own only, staff included.
    "api:notification-list": ApiRow(lambda w: reverse("api:notification-list"), signed_in(OK)),
    "api:notification-read": ApiRow(
        lambda w: reverse("api:notification-read", args=[w.notification.pk]), only(404, startup_a=OK), "post"
    ),
    "api:notification-read-all": ApiRow(lambda w: reverse("api:notification-read-all"), signed_in(OK), "post"),
}
