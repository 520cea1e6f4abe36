"""A person downloads everything the platform holds about them, and nothing about anyone else."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from matching.models import MatchAction, MatchEvent, MatchState
from notifications.services import notification_create
from profiles.models import ApiToken
from profiles.personal_data import personal_data_sections
from profiles.services import api_token_create
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def notify(user, text_key: str):
    return notification_create(
        recipient=user,
        kind="organisation.vetted",
        dedup_key=f"test:{text_key}:{user.pk}",
        context={"organisation": user.organisation.legal_name, "state_label": "Vetted"},
        url="/home/",
        subject_type="profiles.organisation",
        subject_id=user.organisation.pk,
    )


def download(client, user) -> tuple:
    response = login(client, user).get(reverse("profiles:my_data"))
    return response, response.content.decode()


def test_every_app_contributes_its_section():
    assert personal_data_sections() == [
        "account",
        "memberships",
        "second_factor_devices",
        "api_tokens",
        "invitations",
        "audit_entries",
        "offers",
        "capability_requests",
        "match_events",
        "match_messages",
        "notifications",
        "notification_preferences",
    ]


def test_the_download_holds_the_persons_data_and_no_one_elses(client, startup_a_admin, startup_b_admin, unit_a):
    # given: what the platform holds about A's admin…
    api_token_create(user=startup_a_admin, name="Our ERP")
    notify(startup_a_admin, "a")
    offer = OfferFactory(organisation=startup_a_admin.organisation, created_by=startup_a_admin, title="Night rotor")
    match = make_match(CapabilityRequestFactory(organisation=unit_a), offer, state=MatchState.PROPOSED)
    MatchEvent.objects.create(
        match=match, actor=startup_a_admin, action=MatchAction.ACCEPT, from_state="proposed", to_state="proposed"
    )
    # …and about somebody else
    api_token_create(user=startup_b_admin, name="Beta's integration")
    notify(startup_b_admin, "b")
    OfferFactory(organisation=startup_b_admin.organisation, created_by=startup_b_admin, title="Beta sonar buoy")

    # when
    response, body = download(client, startup_a_admin)
    data = json.loads(body)

    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.json"'
    assert "no-store" in response["Cache-Control"]
    assert data["account"]["email"] == startup_a_admin.email
    assert data["account"]["full_name"] == startup_a_admin.full_name
    assert data["memberships"][0]["organisation"]["legal_name"] == startup_a_admin.organisation.legal_name
    assert data["second_factor_devices"] == [{"name": "Test authenticator", "confirmed": True}]
    assert [token["name"] for token in data["api_tokens"]] == ["Our ERP"]
    assert [row["title"] for row in data["offers"]] == ["Night rotor"]
    assert [(row["match_id"], row["action"]) for row in data["match_events"]] == [(match.pk, "accept")]
    assert len(data["notifications"]) == 1
    assert data["notification_preferences"] == {"email_frequency": "immediately"}
    assert "api_token.created" in [entry["action"] for entry in data["audit_entries"]]
    for other in (startup_b_admin.email, startup_b_admin.full_name, "Beta's integration", "Beta sonar buoy"):
        assert other not in body


def test_the_download_holds_no_secret(client, startup_a_admin):
    # given
    _token, raw = api_token_create(user=startup_a_admin, name="Our ERP")
    login(client, startup_a_admin)
    device = TOTPDevice.objects.get(user=startup_a_admin)

    # when
    _response, body = download(client, startup_a_admin)

    # then
    startup_a_admin.refresh_from_db()
    assert startup_a_admin.password not in body
    assert "password" not in json.loads(body)["account"]
    assert device.key not in body
    assert ApiToken.objects.get(user=startup_a_admin).token_hash not in body
    assert raw not in body


def test_the_download_is_recorded_in_the_audit_trail(client, startup_a_admin):
    download(client, startup_a_admin)

    entry = AuditEntry.objects.get(action="account.data_exported")
    assert entry.actor_id == startup_a_admin.pk
    assert entry.actor_email == startup_a_admin.email


def test_an_officer_finds_the_requests_they_wrote_restricted_ones_too(client, officer_a, unit_a):
    # given
    CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, title="Counter-drone net")
    CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, title="Quiet boat", visibility="restricted")
    CapabilityRequestFactory(organisation=unit_a, title="Written by a colleague")

    # when
    _response, body = download(client, officer_a)

    # then
    titles = [row["title"] for row in json.loads(body)["capability_requests"]]
    assert titles == ["Counter-drone net", "Quiet boat"]
    assert not AuditEntry.objects.filter(action="request.read_restricted").exists()


def test_a_staff_author_downloading_a_restricted_request_leaves_its_read_in_the_trail(client, staff, unit_a):
    # given
    restricted = CapabilityRequestFactory(organisation=unit_a, created_by=staff, visibility="restricted")

    # when
    download(client, staff)

    # then
    read = AuditEntry.objects.get(action="request.read_restricted")
    assert (read.actor_id, read.object_id) == (staff.pk, str(restricted.pk))


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("profiles:my_data"))
    assert response.status_code == 302 and response.url.startswith(reverse("profiles:login"))
