"""Notifications re-checked against what their reader may read now: the list, the API and the e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from matching.models import Match
from matching.services import match_propose
from matching.tasks import score_request_task
from needs.models import CapabilityRequest
from notifications import tasks
from notifications.delivery import notification_email_deliver
from notifications.models import EmailChannel, Notification
from profiles.models import Membership
from profiles.services import membership_remove, organisation_set_vetting
from tests.api.world import token_client
from tests.conftest import login
from tests.factories import member_of

pytestmark = pytest.mark.django_db

NEUTRAL = "An item you can no longer see"
SUMMARIES = {
    "summary_for_startup": "A Ukrainian air-defence unit needs night-capable interceptors.",
    "summary_for_officer": "Aerodrive's interceptor, TRL 8.",
}


@pytest.fixture
def suggested(interceptor_request, catalogue, startup_a_admin, settings):
    """Startup A is told, for its weekly digest, of an open request its interceptor may answer."""
    settings.MATCHING_NOTIFY_THRESHOLD = settings.MATCHING_THRESHOLD
    catalogue["interceptor"].organisation = startup_a_admin.organisation
    catalogue["interceptor"].save()
    score_request_task(interceptor_request.pk)
    return Notification.objects.get(recipient=startup_a_admin, kind="request.suggested")


@pytest.fixture
def proposed(suggested, interceptor_request, catalogue, staff, officer_a):
    """Staff propose the pair; startup A and officer A (the requesting unit's) are told."""
    match = Match.objects.get(capability_request=interceptor_request, offer=catalogue["interceptor"])
    return match_propose(match=match, by=staff, **SUMMARIES)


def _restrict(capability_request) -> None:
    CapabilityRequest.objects.filter(pk=capability_request.pk).update(visibility="restricted")


def _send_weekly_digests(monkeypatch) -> None:
    queued: list[tuple] = []
    monkeypatch.setattr(tasks.send_digest, "delay", lambda *args: queued.append(args))
    tasks.send_weekly_digests()
    for args in queued:
        tasks.send_digest(*args)


def _list_page(client, user) -> str:
    login(client, user)
    return client.get(reverse("notifications:list")).content.decode()


# At display -------------------------------------------------------------------------------------------


def test_a_request_switched_to_restricted_shows_a_neutral_line_without_title_or_link(
    client, suggested, interceptor_request, startup_a_admin
):
    # given
    _restrict(interceptor_request)

    # when
    page = _list_page(client, startup_a_admin)

    # then
    assert interceptor_request.title not in page
    assert NEUTRAL in page
    assert f'href="{suggested.url}"' not in page


def test_a_request_still_open_to_the_startup_is_listed_as_before(
    client, suggested, interceptor_request, startup_a_admin
):
    page = _list_page(client, startup_a_admin)
    assert interceptor_request.title in page
    assert f'href="{suggested.url}"' in page
    assert NEUTRAL not in page


def test_the_api_gives_the_neutral_line_for_a_request_switched_to_restricted(
    suggested, interceptor_request, startup_a_admin
):
    # given
    _restrict(interceptor_request)

    # when
    response = token_client(startup_a_admin).get("/api/v1/notifications/")

    # then
    assert interceptor_request.title not in response.content.decode()
    (row,) = response.json()["results"]
    assert (row["id"], row["text"], row["url"]) == (suggested.pk, NEUTRAL, None)


def test_the_api_lists_a_still_visible_notification_unchanged(suggested, interceptor_request, startup_a_admin):
    response = token_client(startup_a_admin).get("/api/v1/notifications/")
    (row,) = response.json()["results"]
    assert interceptor_request.title in row["text"] and row["url"] == suggested.url


def test_a_startup_no_longer_reads_a_proposals_title_once_its_request_is_restricted(
    client, proposed, interceptor_request, startup_a_admin, officer_a
):
    # given
    _restrict(interceptor_request)

    # when
    for_startup = _list_page(client, startup_a_admin)
    for_officer = _list_page(client, officer_a)

    # then: the startup sees neutral lines only; the requesting officer still reads their own request's title
    assert interceptor_request.title not in for_startup
    assert for_startup.count(NEUTRAL) == 2
    assert interceptor_request.title in for_officer and NEUTRAL not in for_officer


def test_a_proposal_on_a_request_restricted_from_the_start_stays_readable_to_the_startup(
    client, interceptor_request, catalogue, startup_a_admin, staff, settings
):
    # given: the request was restricted before the proposal, so its notification never held the title
    catalogue["interceptor"].organisation = startup_a_admin.organisation
    catalogue["interceptor"].save()
    _restrict(interceptor_request)
    score_request_task(interceptor_request.pk)
    match = Match.objects.get(capability_request=interceptor_request, offer=catalogue["interceptor"])
    match_propose(match=match, by=staff, **SUMMARIES)

    # when
    page = _list_page(client, startup_a_admin)

    # then
    assert "a restricted capability request" in page and NEUTRAL not in page
    assert interceptor_request.title not in page


# At sending -------------------------------------------------------------------------------------------


def test_the_weekly_digest_leaves_out_a_request_switched_to_restricted(
    suggested, interceptor_request, startup_a_admin, monkeypatch
):
    # given
    _restrict(interceptor_request)

    # when
    _send_weekly_digests(monkeypatch)

    # then: nothing to e-mail, and the row is not retried
    assert mail.outbox == []
    suggested.refresh_from_db()
    assert suggested.email_channel == EmailChannel.NONE and suggested.emailed_at is None


def test_the_weekly_digest_still_carries_a_request_open_to_the_startup(
    suggested, interceptor_request, startup_a_admin, monkeypatch
):
    _send_weekly_digests(monkeypatch)
    (message,) = mail.outbox
    assert message.to == [startup_a_admin.email] and interceptor_request.title in message.body


def test_an_immediate_e_mail_about_a_request_restricted_since_is_not_sent(
    proposed, interceptor_request, startup_a_admin
):
    # given
    notification = Notification.objects.get(recipient=startup_a_admin, kind="match.proposed")
    _restrict(interceptor_request)

    # when
    notification_email_deliver(notification_id=notification.pk)

    # then
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_channel == EmailChannel.NONE


def test_an_immediate_e_mail_still_readable_goes_out(proposed, interceptor_request, startup_a_admin):
    notification = Notification.objects.get(recipient=startup_a_admin, kind="match.proposed")
    notification_email_deliver(notification_id=notification.pk)
    (message,) = mail.outbox
    assert interceptor_request.title in message.body


def test_a_removed_member_receives_no_digest(
    interceptor_request, catalogue, startup_a, startup_a_admin, monkeypatch, settings
):
    # given: two members are told of the request, then the admin removes the other one
    other = member_of(startup_a, role="member")
    settings.MATCHING_NOTIFY_THRESHOLD = settings.MATCHING_THRESHOLD
    catalogue["interceptor"].organisation = startup_a
    catalogue["interceptor"].save()
    score_request_task(interceptor_request.pk)
    assert Notification.objects.filter(kind="request.suggested", recipient=other).exists()
    membership_remove(membership=Membership.objects.get(user=other), by=startup_a_admin)

    # when
    _send_weekly_digests(monkeypatch)

    # then
    assert [message.to for message in mail.outbox] == [[startup_a_admin.email]]


def test_a_suspended_startup_receives_no_digest(suggested, startup_a, staff, monkeypatch):
    # given
    organisation_set_vetting(organisation=startup_a, to_state="suspended", note="Under investigation.", by=staff)

    # when
    _send_weekly_digests(monkeypatch)

    # then
    assert mail.outbox == []


def test_a_deactivated_user_receives_no_digest(suggested, startup_a_admin, monkeypatch):
    # given
    startup_a_admin.is_active = False
    startup_a_admin.save(update_fields=["is_active"])

    # when
    _send_weekly_digests(monkeypatch)

    # then
    assert mail.outbox == []
