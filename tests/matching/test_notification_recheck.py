"""Notifications re-checked against what their reader may read now: the list, the API and the e-mails."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse

from matching.models import Match
from matching.selectors import MATCH_SUBJECT
from matching.services import match_propose
from matching.tasks import score_request_task
from needs.models import CapabilityRequest
from needs.selectors import REQUEST_SUBJECT
from notifications import tasks
from notifications.delivery import notification_email_deliver
from notifications.models import EmailChannel, Notification
from notifications.services import notification_create
from profiles.models import Membership
from profiles.services import membership_remove, organisation_set_vetting
from tests.api.world import token_client
from tests.conftest import login
from tests.factories import OfferFactory, member_of
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

NEUTRAL = "An item you can no longer see"
SUMMARIES = {
    "summary_for_startup": "A Ukrainian air-defence unit needs night-capable interceptors.",
    "summary_for_officer": "Aerodrive's interceptor, TRL 8.",
}


@pytest.fixture
def suggested(interceptor_request, catalogue, startup_a_admin, staff, settings):
    """Startup A is told, for its weekly digest, of an open request its interceptor may answer (and
    staff of the strong candidate)."""
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


def _many_notifications(user, count: int) -> None:
    """`count` notifications of requests and matches, every other request restricted, and two of the
    user's organisation."""
    offer = OfferFactory(organisation=user.organisation)
    for number in range(count):
        request = CapabilityRequestFactory(
            title=f"Request {number}", visibility="restricted" if number % 2 else "vetted"
        )
        if number % 3:
            subject = (REQUEST_SUBJECT, request.pk)
            kind, context = (
                "request.suggested",
                {
                    "request_title": request.title,
                    "urgency_label": "Priority",
                    "needed_by": "2027-01-01",
                    "offer_title": offer.title,
                },
            )
        else:
            subject = (MATCH_SUBJECT, make_match(request, offer, state="proposed").pk)
            kind, context = "match.proposed", {"title": request.title, "summary": "…"}
        notification_create(
            recipient=user,
            kind=kind,
            dedup_key=f"many:{number}",
            context=context,
            url="/home/",
            subject_type=subject[0],
            subject_id=subject[1],
        )
    for number in range(2):
        notification_create(
            recipient=user,
            kind="organisation.vetted",
            dedup_key=f"many:own:{number}",
            context={"organisation": user.organisation.legal_name, "state_label": "Vetted"},
            url="/home/",
            subject_type="profiles.organisation",
            subject_id=user.organisation.pk,
        )


@pytest.mark.parametrize("count", [5, 30])
def test_the_list_checks_a_pages_subjects_in_bulk(client, startup_a_admin, count, django_assert_max_num_queries):
    # given
    _many_notifications(startup_a_admin, count)
    login(client, startup_a_admin)

    # when: the same bound for 7 and 32 notifications: one query per subject type on the page
    with django_assert_max_num_queries(10):
        page = client.get(reverse("notifications:list")).content.decode()

    # then: the restricted requests (odd numbers) are neutral lines, the others keep their titles
    shown = {int(number) for number in re.findall(r"Request (\d+)", page)}
    assert shown and all(number % 2 == 0 for number in shown)
    assert page.count(NEUTRAL) == len(re.findall(r'<li class="notification', page)) - len(shown) - 2


@pytest.mark.parametrize("count", [5, 30])
def test_the_api_checks_a_pages_subjects_in_bulk(startup_a_admin, count, django_assert_max_num_queries):
    # given
    _many_notifications(startup_a_admin, count)
    client = token_client(startup_a_admin)

    # when: a fresh token's first use is audited; then one query per subject type on the page
    with django_assert_max_num_queries(8):
        rows = client.get("/api/v1/notifications/").json()["results"]

    # then
    shown = {int(number) for row in rows for number in re.findall(r"Request (\d+)", row["text"])}
    assert shown and all(number % 2 == 0 for number in shown)
    hidden = [row for row in rows if row["text"] == NEUTRAL]
    assert len(hidden) == len(rows) - len(shown) - 2 and all(row["url"] is None for row in hidden)


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


# Notifications written before they named their subject -------------------------------------------------


def test_older_notifications_get_their_subject_back_from_their_key(
    proposed, interceptor_request, startup_a_admin, staff
):
    # given: the notifications the pipeline and the proposal wrote, as if written before subjects existed
    backfill = importlib.import_module("matching.migrations.0004_notification_subjects")
    # (staff's daily notice of a request's candidates came after subjects: in its place, the per-pair one of then)
    Notification.objects.filter(kind="match.candidates").delete()
    match = Match.objects.get(capability_request=interceptor_request)
    notification_create(
        recipient=staff,
        kind="match.candidate",
        dedup_key=f"match.candidate:{match.pk}:{staff.pk}",
        context={"request_title": interceptor_request.title, "offer_title": match.offer.title, "score": match.score},
        url=reverse("matching:request_candidates", args=[interceptor_request.pk]),
        subject_type=MATCH_SUBJECT,
        subject_id=match.pk,
    )
    expected = dict(Notification.objects.values_list("pk", "subject_id"))
    odd = notification_create(
        recipient=startup_a_admin,
        kind="organisation.vetted",
        dedup_key="vetting:7",
        context={"organisation": "Alpha", "state_label": "Vetted"},
        url="/home/",
        subject_type="profiles.organisation",
        subject_id=startup_a_admin.organisation.pk,
    )
    Notification.objects.update(subject_type="", subject_id=None)

    # when
    backfill.notification_subjects_backfill(django_apps, None)

    # then: every match and request is found again; a key that names nothing keeps no subject
    subjects = {row.pk: (row.kind, row.subject_type, row.subject_id) for row in Notification.objects.all()}
    assert {kind for kind, _, _ in subjects.values()} >= {"match.candidate", "match.proposed", "request.suggested"}
    for pk, (kind, subject_type, subject_id) in subjects.items():
        if pk == odd.pk:
            assert (subject_type, subject_id) == ("", None)
        else:
            wanted = REQUEST_SUBJECT if kind == "request.suggested" else MATCH_SUBJECT
            assert (subject_type, subject_id) == (wanted, expected[pk])
