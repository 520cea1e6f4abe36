"""The permission harness: every route of the project has a row, and every row holds for all seven roles."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from matching import services
from matching.models import Match, ScoringRun
from notifications.services import notification_create
from offers.models import OfferState, SavedSearch
from offers.services import organisation_update_profile
from profiles.models import VettingProposal
from profiles.services import identity_change_request, invitation_create, organisation_set_vetting
from tests.conftest import login
from tests.factories import OfferFactory, member_of, with_evidence
from tests.files import pdf_upload, png_upload
from tests.matching.helpers import make_match, start_pilot
from tests.needs.factories import CapabilityRequestFactory
from tests.security.access_rules import RULE_OF_ROUTE
from tests.security.access_table import (
    ACCESS_TABLE,
    ALLOW,
    LOGIN,
    NOT_FOUND,
    ROLES,
    SUSPENDED_ROLES,
    when_suspended,
)

LOGIN_PATHS = ("/account/login/", "/admin/login/")


def _route_names(patterns, namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>")
    return names


def _row_for(route: str) -> str | None:
    if route in ACCESS_TABLE:
        return route
    namespace = route.split(":", 1)[0] + ":*"
    return namespace if ":" in route and namespace in ACCESS_TABLE else None


def test_every_route_has_a_row_in_the_access_table():
    missing = [route for route in _route_names(get_resolver().url_patterns) if _row_for(route) is None]
    assert not missing, f"Routes without a row in tests/security/access_table.py: {missing}"


def test_every_row_names_a_route_that_exists():
    routes = set(_route_names(get_resolver().url_patterns))
    stale = [name for name in ACCESS_TABLE if not name.endswith(":*") and name.split("#")[0] not in routes]
    assert not stale


def _offers_of(startup) -> dict:
    """A published offer, a draft (both with a datasheet) and an archived offer; a logo for the startup."""
    published = OfferFactory(organisation=startup)
    draft = OfferFactory(organisation=startup, state=OfferState.DRAFT, published_at=None)
    for offer in (published, draft):
        offer.datasheet.save("datasheet.pdf", pdf_upload(), save=True)
    archived = OfferFactory(organisation=startup, state=OfferState.ARCHIVED)
    organisation_update_profile(organisation=startup, logo=png_upload(), by=startup.memberships.first().user)
    return {"published_offer": published, "draft_offer": draft, "archived_offer": archived}


@pytest.fixture
def world(roles, startup_a, unit_a, staff, staff_b, pending_startup, private_uploads):
    colleague = member_of(startup_a, role="member", full_name="Colleague of A")
    invitation, _ = invitation_create(organisation=startup_a, email="future@alpha.example", by=roles["startup_a"])
    _, token = invitation_create(organisation=unit_a, email="new.officer@unit.example", by=staff)
    vetted_request = CapabilityRequestFactory(organisation=unit_a, created_by=roles["officer_a"])
    restricted_request = CapabilityRequestFactory(organisation=unit_a, visibility="restricted")
    offers = _offers_of(startup_a)
    return SimpleNamespace(
        **roles,
        startup_a_org=startup_a,
        startup_a_document=with_evidence(startup_a),
        vetting_proposal=VettingProposal.objects.create(
            organisation=pending_startup,
            from_state="pending",
            to_state="vetted",
            rationale="Proposed for the access table.",
            proposed_by=staff_b,
        ),
        identity_change=identity_change_request(
            organisation=startup_a, by=roles["startup_a"], legal_name="Alpha Renamed GmbH"
        ),
        startup_a_colleague=colleague.memberships.get(),
        startup_a_invitation=invitation,
        invitation_token=token,
        vetted_request=vetted_request,
        restricted_request=restricted_request,
        saved_search=SavedSearch.objects.create(user=roles["officer_a"], name="Thermal", filters={"query": "thermal"}),
        scoring_run=ScoringRun.objects.create(status="finished", requests_total=1, requests_done=1),
        **_matches_between(vetted_request, offers["published_offer"]),
        **_work_together(vetted_request, startup_a, roles, staff),
        **offers,
        startup_a_notification=notification_create(
            recipient=roles["startup_a"],
            kind="organisation.vetted",
            dedup_key="access-table",
            context={"organisation": startup_a.legal_name, "state_label": "Vetted"},
            url="/home/",
            subject_type="profiles.organisation",
            subject_id=startup_a.pk,
        ),
    )


def _matches_between(capability_request, offer) -> dict:
    """A match proposed to officer A's unit and startup A (the parties), seen by no one else but staff."""
    proposed = Match.objects.create(
        capability_request=capability_request,
        offer=offer,
        score=0.8,
        state="proposed",
        proposed_at=timezone.now(),
        summary_for_startup="For the startup.",
        summary_for_officer="For the officer.",
    )
    return {"proposed_match": proposed}


def _work_together(capability_request, startup, roles, staff) -> dict:
    """An accepted match of a controlled item with everything the parties do together: a message with a PDF,
    a meeting proposed by the startup and one confirmed, a plan the startup wrote, a licence with its PDF, a
    trial slot; and a pilot the officer reported on, with a photo."""
    startup_user, officer = roles["startup_a"], roles["officer_a"]
    controlled = OfferFactory(organisation=startup, export_control="ml", ml_category="ML10")
    accepted = make_match(capability_request, controlled, state="accepted")
    message = services.message_send(match=accepted, by=startup_user, body="Datasheet.", attachment=pdf_upload())
    later = timezone.now() + timedelta(days=5)
    proposed = services.meeting_propose(
        match=accepted, by=startup_user, topic="Demo", times=[later, later + timedelta(days=1)], time_zone="UTC"
    )
    confirmed = services.meeting_propose(
        match=accepted, by=officer, topic="Kick-off", times=[later, later + timedelta(days=1)], time_zone="UTC"
    )
    services.meeting_confirm(meeting=confirmed, by=startup_user, slot_id=confirmed.slots.first().pk)
    today = timezone.localdate()
    services.pilot_plan_save(
        match=accepted,
        by=startup_user,
        location="Range",
        starts_on=today + timedelta(days=7),
        ends_on=today + timedelta(days=21),
        quantity=2,
        shipping_paid_by="startup",
        criteria=["Flies 10 sorties"],
    )
    services.export_licence_record(
        match=accepted,
        by=startup_user,
        status="held",
        number="EL-9",
        issuing_authority="BAFA",
        valid_until=today + timedelta(days=365),
        document=pdf_upload("licence.pdf"),
    )
    services.trial_slot_create(by=staff, place="Range", starts_on=today, ends_on=today + timedelta(days=60), capacity=3)
    reported = make_match(capability_request, OfferFactory(organisation=startup), state="accepted")
    start_pilot(reported, startup=startup_user, officer=officer)
    criteria = list(reported.pilot_plan.criteria.all())
    services.pilot_end(match=reported, by=officer)
    report = services.trial_report_submit(
        match=reported,
        by=officer,
        rating=4,
        what_worked="Flew.",
        would_order_more=True,
        results={criterion.pk: {"outcome": "met", "photo": png_upload()} for criterion in criteria},
    )
    return {
        "accepted_match": accepted,
        "message": message,
        "proposed_meeting": proposed,
        "confirmed_meeting": confirmed,
        "reported_match": reported,
        "report_result": report.results.first(),
    }


def outcome(response) -> str | int:
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code in (301, 302) and response.url.split("?")[0].endswith(LOGIN_PATHS):
        return LOGIN
    if response.status_code < 400:
        return ALLOW
    return response.status_code


def _request(client, world, role: str, row, url: str):
    user = getattr(world, role) if role != "anonymous" else None
    if user is not None:
        login(client, user)
    return getattr(client, row.method)(url, row.data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(ACCESS_TABLE))
def test_the_route_answers_each_role_as_the_table_says(client, world, route, role):
    row = ACCESS_TABLE[route]
    response = _request(client, world, role, row, row.url(world))
    assert outcome(response) == row.expect[role], (
        f"{route} as {role}: {response.status_code} {getattr(response, 'url', '')}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", SUSPENDED_ROLES)
@pytest.mark.parametrize("route", sorted(route for route in ACCESS_TABLE if not route.startswith("admin:")))
def test_the_route_answers_a_member_of_a_suspended_organisation(client, world, route, role):
    # given
    user = getattr(world, role)
    organisation_set_vetting(organisation=user.organisation, to_state="suspended", note="Under review.", by=world.staff)
    row = ACCESS_TABLE[route]

    # when
    response = _request(client, world, role, row, row.url(world))

    # then
    assert outcome(response) == when_suspended(route, role), f"{route} as suspended {role}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(RULE_OF_ROUTE))
def test_the_table_agrees_with_the_rule_in_permissions(world, route):
    expected = {role: ACCESS_TABLE[route].expect[role] == ALLOW for role in ROLES if role != "anonymous"}
    assert {role: RULE_OF_ROUTE[route](world, getattr(world, role)) for role in expected} == expected
    for role in SUSPENDED_ROLES:
        user = getattr(world, role)
        organisation_set_vetting(
            organisation=user.organisation, to_state="suspended", note="Under review.", by=world.staff
        )
        user = type(user).objects.get(pk=user.pk)
        assert RULE_OF_ROUTE[route](world, user) == (when_suspended(route, role) == ALLOW), role


@pytest.mark.django_db
def test_a_deactivated_staff_member_no_longer_assigns_curators(client, world):
    # given: a staff member signed in, then deactivated
    login(client, world.staff)
    world.staff.is_active = False
    world.staff.save(update_fields=["is_active"])
    url = reverse("matching:request_curator", args=[world.vetted_request.pk])

    # when
    response = client.post(url, {"curator": world.staff.pk})

    # then
    assert outcome(response) == LOGIN
    world.vetted_request.refresh_from_db()
    assert world.vetted_request.curator is None


def _admin_urls() -> list[str]:
    urls = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        urls.append(reverse(f"{prefix}_add"))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_closed_to_everyone_but_staff(client, world, role):
    row = ACCESS_TABLE["admin:*"]
    for url in _admin_urls():
        response = _request(client, world, role, row, url)
        result = outcome(response)
        expected = row.expect[role]
        if role == "staff" and response.status_code == 403:
            result = ALLOW  # models whose records are written only by services refuse "add" to everyone
        assert result == expected, f"{url} as {role}: {response.status_code}"
