"""A person closes their own account: deactivated and pseudonymised, the audit trail and match history kept."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from matching.models import MatchAction, MatchEvent, MatchState
from matching.selectors import counterpart_for, match_get
from notifications.models import Notification, NotificationPreference
from notifications.services import notification_create
from profiles.models import ApiToken, Membership
from profiles.permissions import may_close_account
from profiles.services import api_token_create
from tests.conftest import login
from tests.factories import OfferFactory, member_of
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def leaving(startup_a, startup_a_admin):
    """A second administrator of startup A, with a token, a notification and a preference."""
    person = member_of(startup_a, full_name="Lena Leaving", email="lena@alpha.example")
    api_token_create(user=person, name="Lena's script")
    notification_create(
        recipient=person,
        kind="organisation.vetted",
        dedup_key="test:lena",
        context={"organisation": startup_a.legal_name, "state_label": "Vetted"},
        url="/home/",
        subject_type="profiles.organisation",
        subject_id=startup_a.pk,
    )
    NotificationPreference.objects.create(user=person, email_frequency="daily")
    return person


def close(client, user, password=PASSWORD):
    return login(client, user).post(reverse("profiles:close_account"), {"password": password})


def test_closing_pseudonymises_and_deactivates_the_account(
    client, leaving, startup_a_admin, staff, django_capture_on_commit_callbacks
):
    # given
    earlier = AuditEntry.objects.get(action="api_token.created", actor_id=leaving.pk)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = close(client, leaving)

    # then
    assert response.status_code == 302 and response.url == reverse("landing")
    leaving.refresh_from_db()
    assert leaving.full_name == "Former member"
    assert leaving.email == f"former-{leaving.pk}@invalid.example"
    assert not leaving.is_active and not leaving.has_usable_password()
    assert leaving.is_closed and str(leaving.display_name) == "a former member"
    assert not TOTPDevice.objects.filter(user=leaving).exists()
    assert not ApiToken.objects.filter(user=leaving).exists()
    assert not Membership.objects.filter(user=leaving).exists()
    assert not Notification.objects.filter(recipient=leaving).exists()
    assert not NotificationPreference.objects.filter(user=leaving).exists()
    # the audit trail keeps what the person did, under the address they had
    assert AuditEntry.objects.get(pk=earlier.pk).actor_email == "lena@alpha.example"
    closed = AuditEntry.objects.get(action="account.closed")
    assert (closed.actor_id, closed.actor_email) == (leaving.pk, "lena@alpha.example")
    assert closed.object_repr == "Lena Leaving"
    # the person is signed out
    assert client.get(reverse("profiles:home")).status_code == 302
    # the other administrator and the office are told
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted([startup_a_admin.email, staff.email])
    assert "Lena Leaving" in mail.outbox[0].subject


def test_a_wrong_password_closes_nothing(client, leaving):
    response = close(client, leaving, password="not-my-password")

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    leaving.refresh_from_db()
    assert leaving.is_active and leaving.email == "lena@alpha.example"
    assert not AuditEntry.objects.filter(action="account.closed").exists()


def test_match_history_names_a_former_member(client, leaving, staff, unit_a):
    # given: a step Lena took in a match
    offer = OfferFactory(organisation=leaving.organisation)
    match = make_match(CapabilityRequestFactory(organisation=unit_a), offer, state=MatchState.PROPOSED)
    MatchEvent.objects.create(
        match=match, actor=leaving, action=MatchAction.ACCEPT, from_state="proposed", to_state="proposed"
    )

    # when
    close(client, leaving)
    client.logout()
    page = login(client, staff).get(reverse("matching:match_detail", args=[match.pk])).content.decode()

    # then
    assert MatchEvent.objects.filter(match=match, actor=leaving).exists()
    assert "a former member" in page
    assert "Lena Leaving" not in page and "Former member" not in page


def test_the_last_administrator_of_an_organisation_with_members_must_hand_over(client, startup_a, startup_a_admin):
    # given
    member_of(startup_a, role="member")

    # when
    page = login(client, startup_a_admin).get(reverse("profiles:close_account")).content.decode()
    response = client.post(reverse("profiles:close_account"), {"password": PASSWORD})

    # then
    assert "You are the last administrator of Alpha Drones GmbH" in page
    assert 'name="password"' not in page
    assert response.status_code == 403
    startup_a_admin.refresh_from_db()
    assert startup_a_admin.is_active and not may_close_account(startup_a_admin)


def test_the_only_member_of_an_organisation_may_close(client, startup_a_admin):
    assert may_close_account(startup_a_admin)

    close(client, startup_a_admin)

    startup_a_admin.refresh_from_db()
    assert startup_a_admin.is_closed


def test_staff_accounts_are_closed_by_an_administrator(client, staff):
    page = login(client, staff).get(reverse("profiles:close_account")).content.decode()
    response = client.post(reverse("profiles:close_account"), {"password": PASSWORD})

    assert "Office staff accounts are closed by an administrator" in page
    assert response.status_code == 403
    staff.refresh_from_db()
    assert staff.is_active


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("profiles:close_account"))
    assert response.status_code == 302 and response.url.startswith(reverse("profiles:login"))


def test_an_introduction_names_a_colleague_once_the_accepting_person_left(
    client, leaving, startup_a_admin, officer_a, unit_a
):
    # given: Lena accepted an introduction for startup A
    offer = OfferFactory(organisation=leaving.organisation)
    request = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a)
    match = make_match(request, offer, state=MatchState.ACCEPTED, startup_accepted_by=leaving)

    # when
    close(client, leaving)
    contact = counterpart_for(officer_a, match_get(officer_a, match.pk))

    # then
    assert (contact.person, contact.email) == (startup_a_admin.full_name, startup_a_admin.email)


def test_the_home_page_and_the_close_page_speak_ukrainian(client, officer_a):
    # given
    login(client, officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"

    # when
    home = client.get(reverse("profiles:home")).content.decode()
    page = client.get(reverse("profiles:close_account")).content.decode()

    # then
    assert f'href="{reverse("profiles:my_data")}"' in home and "Завантажити мої дані (JSON)" in home
    assert "Закрити обліковий запис" in page and "Журнал аудиту зберігає записи" in page


def test_a_request_written_by_a_former_member_names_no_stand_in_address(client, officer_a, unit_a, staff):
    # given
    capability_request = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a)
    close(client, officer_a)
    client.logout()

    # when
    page = login(client, staff).get(reverse("needs:detail", args=[capability_request.pk])).content.decode()

    # then
    assert "a former member" in page
    assert "invalid.example" not in page
