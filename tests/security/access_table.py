"""Who may open which route: one row per URL pattern, one expected outcome per role.

ALLOW: the page answers (2xx, or a redirect that is not to a login page).
LOGIN: a redirect to a login page.  NOT_FOUND: 404 (an object or page outside the user's view).
An int is an exact status for every case that is neither of these (e.g. a dead link's 400).
Rows name a URL builder taking the test world, the method, and optional POST data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from profiles.services import api_token_create

ALLOW, LOGIN, NOT_FOUND = "allow", "login", "404"
ROLES = ("anonymous", "pending_startup", "startup_a", "startup_b", "officer_a", "officer_b", "staff")


@dataclass(frozen=True)
class Row:
    url: Callable
    expect: dict[str, str | int]
    method: str = "get"
    data: dict = field(default_factory=dict)


def everyone(outcome) -> dict:
    return {role: outcome for role in ROLES}


def signed_in(outcome) -> dict:
    return {"anonymous": LOGIN, **{role: outcome for role in ROLES if role != "anonymous"}}


def staff_only() -> dict:
    return {**signed_in(NOT_FOUND), "staff": ALLOW}


def admins_of_startup_a() -> dict:
    """Organisation admins manage their own organisation's objects; staff manage all; others get 404."""
    return {**signed_in(NOT_FOUND), "startup_a": ALLOW, "staff": ALLOW}


def admins_of_startup_a_and_readers_refused() -> dict:
    """A published offer of startup A: A and staff change it; officers may read it, so they get 403, not 404."""
    return {**admins_of_startup_a(), "officer_a": 403, "officer_b": 403}


def officer_a_and_staff() -> dict:
    """Officer A's unit's requests: its officers and staff manage them; to anyone else they do not exist."""
    return {**signed_in(NOT_FOUND), "officer_a": ALLOW, "staff": ALLOW}


def startup_members() -> dict:
    """Pages of a startup's own work (its offers, its company profile): every startup member, nobody else."""
    return {**signed_in(NOT_FOUND), "pending_startup": ALLOW, "startup_a": ALLOW, "startup_b": ALLOW}


def catalogue_readers() -> dict:
    """Officers and staff browse published offers of vetted startups; startups have no catalogue."""
    return {**signed_in(NOT_FOUND), "officer_a": ALLOW, "officer_b": ALLOW, "staff": ALLOW}


def startup_a_and_catalogue_readers() -> dict:
    """A published offer of startup A (and A's public profile): A itself, the officers, and staff."""
    return {**catalogue_readers(), "startup_a": ALLOW}


ORG_ADMIN_PAGES = {**signed_in(ALLOW)}  # every role in the world is an admin of its organisation

ACCESS_TABLE: dict[str, Row] = {
    "landing": Row(lambda w: reverse("landing"), everyone(ALLOW)),
    "healthz": Row(lambda w: reverse("healthz"), everyone(ALLOW)),
    "switch_language": Row(
        lambda w: reverse("switch_language"), everyone(ALLOW), "post", {"language": "uk", "next": "/"}
    ),
    "profiles:register": Row(lambda w: reverse("profiles:register"), everyone(ALLOW)),
    "profiles:register_done": Row(lambda w: reverse("profiles:register_done"), everyone(ALLOW)),
    "legal:privacy": Row(lambda w: reverse("legal:privacy"), everyone(ALLOW)),
    "legal:terms": Row(lambda w: reverse("legal:terms"), everyone(ALLOW)),
    "legal:notice": Row(lambda w: reverse("legal:notice"), everyone(ALLOW)),
    "legal:accessibility": Row(lambda w: reverse("legal:accessibility"), everyone(ALLOW)),
    "legal:contact": Row(lambda w: reverse("legal:contact"), everyone(ALLOW)),
    "profiles:confirm_email": Row(
        lambda w: reverse("profiles:confirm_email", args=["not-a-valid-token"]), everyone(400)
    ),
    "profiles:login": Row(lambda w: reverse("profiles:login"), everyone(ALLOW)),
    "profiles:logout": Row(lambda w: reverse("profiles:logout"), everyone(ALLOW), "post"),
    "profiles:password_reset": Row(lambda w: reverse("profiles:password_reset"), everyone(ALLOW)),
    "profiles:password_reset_done": Row(lambda w: reverse("profiles:password_reset_done"), everyone(ALLOW)),
    "profiles:password_reset_confirm": Row(
        lambda w: reverse("profiles:password_reset_confirm", args=["MQ", "set-password"]), everyone(ALLOW)
    ),
    "profiles:password_reset_complete": Row(lambda w: reverse("profiles:password_reset_complete"), everyone(ALLOW)),
    "profiles:two_factor_verify": Row(lambda w: reverse("profiles:two_factor_verify"), signed_in(ALLOW)),
    "profiles:two_factor_setup": Row(lambda w: reverse("profiles:two_factor_setup"), signed_in(ALLOW)),
    "profiles:accept_invitation": Row(
        lambda w: reverse("profiles:accept_invitation", args=[w.invitation_token]), everyone(ALLOW)
    ),
    "profiles:home": Row(lambda w: reverse("profiles:home"), signed_in(ALLOW)),
    # Everyone signed in downloads their own data and reads how to close their account; the page tells
    # staff and last administrators why they may not (a closing POST refuses them, see test_account_close).
    "profiles:my_data": Row(lambda w: reverse("profiles:my_data"), signed_in(ALLOW)),
    "profiles:close_account": Row(lambda w: reverse("profiles:close_account"), signed_in(ALLOW)),
    "profiles:api_tokens": Row(lambda w: reverse("profiles:api_tokens"), signed_in(ALLOW)),
    # A personal token is its owner's alone: not even staff may revoke another's.
    "profiles:revoke_api_token": Row(
        lambda w: reverse("profiles:revoke_api_token", args=[api_token_create(user=w.startup_a, name="ERP")[0].pk]),
        {**signed_in(NOT_FOUND), "startup_a": ALLOW},
        "post",
    ),
    "profiles:members": Row(lambda w: reverse("profiles:members"), ORG_ADMIN_PAGES),
    "profiles:registration_documents": Row(lambda w: reverse("profiles:registration_documents"), startup_members()),
    "profiles:registration_document": Row(
        lambda w: reverse("profiles:registration_document", args=[w.startup_a_document.pk]), admins_of_startup_a()
    ),
    "profiles:remove_member": Row(
        lambda w: reverse("profiles:remove_member", args=[w.startup_a_colleague.pk]), admins_of_startup_a(), "post"
    ),
    "profiles:revoke_invitation": Row(
        lambda w: reverse("profiles:revoke_invitation", args=[w.startup_a_invitation.pk]), admins_of_startup_a(), "post"
    ),
    "offers:list": Row(lambda w: reverse("offers:list"), startup_members()),
    "offers:create": Row(lambda w: reverse("offers:create"), startup_members()),
    "offers:company_profile": Row(lambda w: reverse("offers:company_profile"), startup_members()),
    "offers:catalogue": Row(lambda w: reverse("offers:catalogue"), catalogue_readers()),
    "offers:detail": Row(
        lambda w: reverse("offers:detail", args=[w.published_offer.pk]), startup_a_and_catalogue_readers()
    ),
    "offers:organisation_logo": Row(
        lambda w: reverse("offers:organisation_logo", args=[w.startup_a_org.pk]), startup_a_and_catalogue_readers()
    ),
    "offers:detail#draft": Row(lambda w: reverse("offers:detail", args=[w.draft_offer.pk]), admins_of_startup_a()),
    "offers:datasheet": Row(
        lambda w: reverse("offers:datasheet", args=[w.published_offer.pk]), startup_a_and_catalogue_readers()
    ),
    # A draft's datasheet: not even officers may fetch it until the offer is published.
    "offers:datasheet#draft": Row(
        lambda w: reverse("offers:datasheet", args=[w.draft_offer.pk]), admins_of_startup_a()
    ),
    "offers:edit": Row(
        lambda w: reverse("offers:edit", args=[w.published_offer.pk]), admins_of_startup_a_and_readers_refused()
    ),
    "offers:scoring": Row(
        lambda w: reverse("offers:scoring", args=[w.published_offer.pk]), admins_of_startup_a_and_readers_refused()
    ),
    "offers:publish": Row(lambda w: reverse("offers:publish", args=[w.draft_offer.pk]), admins_of_startup_a(), "post"),
    "offers:unpublish": Row(
        lambda w: reverse("offers:unpublish", args=[w.published_offer.pk]),
        admins_of_startup_a_and_readers_refused(),
        "post",
    ),
    "offers:archive": Row(
        lambda w: reverse("offers:archive", args=[w.published_offer.pk]),
        admins_of_startup_a_and_readers_refused(),
        "post",
    ),
    "offers:restore": Row(
        lambda w: reverse("offers:restore", args=[w.archived_offer.pk]), admins_of_startup_a(), "post"
    ),
    "profiles_staff:index": Row(lambda w: reverse("profiles_staff:index"), staff_only()),
    "profiles_staff:organisation_list": Row(lambda w: reverse("profiles_staff:organisation_list"), staff_only()),
    "profiles_staff:organisation_detail": Row(
        lambda w: reverse("profiles_staff:organisation_detail", args=[w.startup_a_org.pk]), staff_only()
    ),
    "profiles_staff:invite_officer": Row(lambda w: reverse("profiles_staff:invite_officer"), staff_only()),
    "profiles_staff:review_vetting_proposal": Row(
        lambda w: reverse("profiles_staff:review_vetting_proposal", args=[w.vetting_proposal.pk]),
        staff_only(),
        "post",
        {"review-decision": "decline", "review-note": "Declined for the access table."},
    ),
    "profiles_staff:identity_change_list": Row(lambda w: reverse("profiles_staff:identity_change_list"), staff_only()),
    "profiles_staff:identity_change_detail": Row(
        lambda w: reverse("profiles_staff:identity_change_detail", args=[w.identity_change.pk]), staff_only()
    ),
    "profiles_staff:identity_change_detail#decide": Row(
        lambda w: reverse("profiles_staff:identity_change_detail", args=[w.identity_change.pk]),
        staff_only(),
        "post",
        {"decision": "decline", "rationale": "Not shown in the register."},
    ),
    "needs:list": Row(lambda w: reverse("needs:list"), signed_in(ALLOW)),
    "needs:create": Row(
        lambda w: reverse("needs:create"), {**signed_in(NOT_FOUND), "officer_a": ALLOW, "officer_b": ALLOW}
    ),
    "profiles_staff:audit": Row(lambda w: reverse("profiles_staff:audit"), staff_only()),
    "profiles_staff:audit_csv": Row(lambda w: reverse("profiles_staff:audit_csv"), staff_only()),
    "needs:detail": Row(
        lambda w: reverse("needs:detail", args=[w.vetted_request.pk]),
        {**officer_a_and_staff(), "startup_a": ALLOW, "startup_b": ALLOW},
    ),
    # A second row for the same route (the part after "#" names the case): restricted requests.
    "needs:detail#restricted": Row(
        lambda w: reverse("needs:detail", args=[w.restricted_request.pk]), officer_a_and_staff()
    ),
    "needs:edit": Row(lambda w: reverse("needs:edit", args=[w.restricted_request.pk]), officer_a_and_staff()),
    "needs:scoring": Row(lambda w: reverse("needs:scoring", args=[w.restricted_request.pk]), officer_a_and_staff()),
    "needs:change_state": Row(
        lambda w: reverse("needs:change_state", args=[w.vetted_request.pk]),
        officer_a_and_staff(),
        "post",
        {"to": "closed"},
    ),
    # The Django admin: every route in its namespace; checked on the index and each model's list and add pages.
    "matching:request_candidates": Row(
        lambda w: reverse("matching:request_candidates", args=[w.vetted_request.pk]), staff_only()
    ),
    "matching:request_candidates#restricted": Row(
        lambda w: reverse("matching:request_candidates", args=[w.restricted_request.pk]), staff_only()
    ),
    # Staff give a request its curator (here: nobody); to anyone else the route does not exist.
    "matching:request_curator": Row(
        lambda w: reverse("matching:request_curator", args=[w.vetted_request.pk]), staff_only(), "post", {"curator": ""}
    ),
    "matching:match_detail": Row(lambda w: reverse("matching:match_detail", args=[w.proposed_match.pk]), staff_only()),
    "offers:saved_searches": Row(lambda w: reverse("offers:saved_searches"), catalogue_readers()),
    "offers:saved_search_delete": Row(
        lambda w: reverse("offers:saved_search_delete", args=[w.saved_search.pk]),
        {**signed_in(NOT_FOUND), "officer_a": ALLOW},
        "post",
    ),
    "matching_parties:list": Row(lambda w: reverse("matching_parties:list"), signed_in(ALLOW)),
    "matching_parties:fitting_requests": Row(lambda w: reverse("matching_parties:fitting_requests"), startup_members()),
    "matching_parties:detail": Row(
        lambda w: reverse("matching_parties:detail", args=[w.proposed_match.pk]),
        {**signed_in(NOT_FOUND), "startup_a": ALLOW, "officer_a": ALLOW, "staff": ALLOW},
    ),
    "matching:runs": Row(lambda w: reverse("matching:runs"), staff_only()),
    "matching:runs#start": Row(lambda w: reverse("matching:runs"), staff_only(), "post"),
    "matching:run_progress": Row(lambda w: reverse("matching:run_progress", args=[w.scoring_run.pk]), staff_only()),
    "notifications:list": Row(lambda w: reverse("notifications:list"), signed_in(ALLOW)),
    "notifications:preferences": Row(lambda w: reverse("notifications:preferences"), signed_in(ALLOW)),
    "notifications:mark_all_read": Row(lambda w: reverse("notifications:mark_all_read"), signed_in(ALLOW), "post"),
    # A notification is its recipient's alone: not even staff may open or mark another's.
    "notifications:mark_read": Row(
        lambda w: reverse("notifications:mark_read", args=[w.startup_a_notification.pk]),
        {**signed_in(NOT_FOUND), "startup_a": ALLOW},
        "post",
    ),
    # Curation and the parties' introductions.
    "matching:queue": Row(lambda w: reverse("matching:queue"), staff_only()),
    "matching:queue#bulk": Row(lambda w: reverse("matching:queue"), staff_only(), "post", {"action": "shortlist"}),
    "matching:queue_more": Row(lambda w: reverse("matching:queue_more", args=[w.vetted_request.pk]), staff_only()),
    "matching:queue_more#restricted": Row(
        lambda w: reverse("matching:queue_more", args=[w.restricted_request.pk]), staff_only()
    ),
    "matching:match_note": Row(
        lambda w: reverse("matching:match_note", args=[w.proposed_match.pk]),
        staff_only(),
        "post",
        {"note": "Seen."},
    ),
    # A move the state forbids is a message on the page, for staff as for the parties.
    "matching:match_move": Row(
        lambda w: reverse("matching:match_move", args=[w.proposed_match.pk, "start_pilot"]), staff_only(), "post"
    ),
    # Staff see every match, but answering a proposal is the parties' alone.
    "matching_parties:move": Row(
        lambda w: reverse("matching_parties:move", args=[w.proposed_match.pk, "accept"]),
        {**signed_in(NOT_FOUND), "startup_a": ALLOW, "officer_a": ALLOW, "staff": 403},
        "post",
    ),
    # Interest is expressed by a vetted startup on a request it can read; the others cannot see the request.
    "matching_parties:express_interest": Row(
        lambda w: reverse("matching_parties:express_interest", args=[w.vetted_request.pk]),
        {**signed_in(NOT_FOUND), "startup_a": ALLOW, "startup_b": ALLOW},
        "post",
    ),
    "matching_parties:request_introduction": Row(
        lambda w: reverse("matching_parties:request_introduction", args=[w.published_offer.pk]),
        {**signed_in(NOT_FOUND), "officer_a": ALLOW, "officer_b": ALLOW},
        "post",
    ),
    # Whoever writes offers or requests is suggested areas (what from: test_area_suggestions); suspended: 404.
    "matching_parties:area_suggestions": Row(
        lambda w: reverse("matching_parties:area_suggestions"), signed_in(ALLOW), "post", {"title": "Interceptors"}
    ),
    "matching_dashboard:index": Row(lambda w: reverse("matching_dashboard:index"), staff_only()),
    "matching_dashboard:matches_csv": Row(lambda w: reverse("matching_dashboard:matches_csv"), staff_only()),
    "matching_dashboard:gaps_csv": Row(lambda w: reverse("matching_dashboard:gaps_csv"), staff_only()),
    # The REST API: each of its routes has rows per role in api_access_table.py (test_api_access.py); here its docs.
    "api:*": Row(lambda w: reverse("api:docs"), everyone(ALLOW)),
    "admin:*": Row(lambda w: reverse("admin:index"), {**signed_in(LOGIN), "staff": ALLOW}),
}
# The work after the introduction has its own rows (after this module's helpers, which they use).
from .access_together import TOGETHER_ROWS  # noqa: E402

ACCESS_TABLE.update(TOGETHER_ROWS)


# A member of an organisation the office suspended keeps their account, their notifications, and reading
# (never changing) their own organisation's records and introductions. Where they still see an object but
# may no longer change it the answer is 403; every other route they used answers 404. A new route is
# refused to them unless it is listed here.
SUSPENDED_ROLES = ("startup_a", "officer_a")
ACCOUNT_ROUTES = frozenset(
    {
        *(route for route, row in ACCESS_TABLE.items() if row.expect["anonymous"] == ALLOW),
        "api:*",
        "profiles:home",
        "profiles:my_data",
        "profiles:close_account",
        "profiles:api_tokens",
        "profiles:two_factor_setup",
        "profiles:two_factor_verify",
        "profiles:members",
        "notifications:list",
        "notifications:preferences",
        "notifications:mark_all_read",
        "notifications:mark_read",
        "matching_parties:list",
        "matching_parties:detail",
    }
)
KEPT_WHEN_SUSPENDED = {
    "startup_a": ACCOUNT_ROUTES
    | {
        "profiles:revoke_api_token",
        "needs:list",
        "offers:list",
        "offers:company_profile",
        "offers:detail",
        "offers:detail#draft",
        "offers:datasheet",
        "offers:datasheet#draft",
        "offers:organisation_logo",
        "profiles:registration_document",
        "profiles:registration_documents",
        "matching_parties:fitting_requests",  # it says why it lists nothing
    },
    "officer_a": ACCOUNT_ROUTES | {"needs:list", "needs:detail", "needs:detail#restricted"},
}
FORBIDDEN_WHEN_SUSPENDED = {
    "startup_a": {
        "offers:create",
        "offers:edit",
        "offers:scoring",
        "offers:publish",
        "offers:unpublish",
        "offers:archive",
        "offers:restore",
        "profiles:remove_member",
        "profiles:revoke_invitation",
        "matching_parties:move",
    },
    "officer_a": {
        "needs:create",
        "needs:edit",
        "needs:scoring",
        "needs:change_state",
        "matching_parties:move",
    },
}


def when_suspended(route: str, role: str) -> str | int:
    """What `route` answers `role` once the office has suspended the role's organisation."""
    before = ACCESS_TABLE[route].expect[role]
    if route in KEPT_WHEN_SUSPENDED[role] or before not in (ALLOW, 403):
        return before
    return 403 if route in FORBIDDEN_WHEN_SUSPENDED[role] else NOT_FOUND
