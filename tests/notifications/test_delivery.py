"""E-mail delivery: immediate e-mails, digests in the recipient's language, claims, the sweeper, SMTP failures."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from notifications import tasks
from notifications.delivery import (
    SMTP_MAX_ATTEMPTS,
    digest_deliver,
    notification_email_deliver,
    overdue_for_sweep,
)
from notifications.emails import digest_message_id
from notifications.models import EmailChannel, EmailFrequency, Notification
from notifications.services import notification_preference_set
from profiles.services import organisation_set_vetting
from tests.notifications.conftest import notify

pytestmark = pytest.mark.django_db

CANDIDATE = {"request_title": "Counter-UAS for winter", "offer_title": "Skyward jammer", "score": 0.834}


def _digest_subscriber(user, frequency=EmailFrequency.DAILY):
    notification_preference_set(user=user, email_frequency=frequency)
    return user


def test_an_immediate_e_mail_goes_out_once_with_a_stable_message_id(staff, settings):
    # given
    settings.SITE_URL = "https://office.example"
    notification = notify(staff, kind="match.candidate", context=CANDIDATE, url="/staff/matching/7/")

    # when
    notification_email_deliver(notification_id=notification.pk)
    notification_email_deliver(notification_id=notification.pk)  # the task message delivered twice

    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert message.subject == "New candidate for Counter-UAS for winter"
    assert "New candidate for Counter-UAS for winter: Skyward jammer (83%)" in message.body
    assert "https://office.example/staff/matching/7/" in message.body
    assert "https://office.example/staff/matching/7/" in message.alternatives[0].content
    assert message.extra_headers["Message-ID"] == f"<notification.{notification.pk}@innovation-office.example>"
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.claim_token is None


def test_a_row_held_by_a_live_sender_is_left_alone_and_a_dead_senders_is_taken_over(staff):
    # given
    notification = notify(staff)
    Notification.objects.filter(pk=notification.pk).update(
        claim_token="6f1c1f5e-3a3f-4d38-9a77-6bbd0b9fb1a1", claimed_at=timezone.now()
    )

    # when
    notification_email_deliver(notification_id=notification.pk)

    # then
    assert mail.outbox == []

    # when the claim is older than the claim timeout
    Notification.objects.filter(pk=notification.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    notification_email_deliver(notification_id=notification.pk)

    # then
    assert len(mail.outbox) == 1


def test_an_smtp_failure_releases_the_row_with_backoff_and_gives_up_after_the_maximum(staff, monkeypatch):
    # given
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    notification = notify(staff)

    # when
    outcomes = [notification_email_deliver(notification_id=notification.pk) for _ in range(SMTP_MAX_ATTEMPTS + 1)]

    # then
    assert [outcome.countdown for outcome in outcomes[:3]] == [30, 60, 120]
    assert [outcome.final for outcome in outcomes[:SMTP_MAX_ATTEMPTS]] == [False] * (SMTP_MAX_ATTEMPTS - 1) + [True]
    assert outcomes[-1] is None  # given up: no more attempts
    notification.refresh_from_db()
    assert notification.email_attempts == SMTP_MAX_ATTEMPTS
    assert notification.emailed_at is None and notification.claim_token is None


def test_daily_digests_arrive_in_each_recipients_language(staff, officer_a, settings):
    # given
    settings.SITE_URL = "https://office.example"
    english = _digest_subscriber(staff)
    ukrainian = _digest_subscriber(officer_a)
    assert ukrainian.preferred_language == "uk"
    for user in (english, ukrainian):
        notify(user, context={"organisation": "Alpha Drones GmbH", "state_label": "Vetted"}, url="/home/")
        notify(user, kind="match.proposed", context={"title": "Jammers for unit A", "summary": "…"}, url="/m/1/")

    # when
    covered = [digest_deliver(recipient_id=user.pk, channel=EmailChannel.DAILY)[0] for user in (english, ukrainian)]

    # then
    assert covered == [2, 2]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    english_mail, ukrainian_mail = by_recipient[english.email], by_recipient[ukrainian.email]
    assert "Alpha Drones GmbH: Vetted" in english_mail.body
    assert "EU Defence Innovation Office, Kyiv" in english_mail.alternatives[0].content
    assert "Alpha Drones GmbH: Перевірено" in ukrainian_mail.body
    assert "Офіс оборонних інновацій ЄС, Київ" in ukrainian_mail.alternatives[0].content
    assert "https://office.example/m/1/" in ukrainian_mail.body


def test_running_a_digest_twice_sends_nothing_the_second_time(staff, monkeypatch):
    # given
    _digest_subscriber(staff)
    notify(staff)
    queued: list[tuple] = []
    monkeypatch.setattr(tasks.send_digest, "delay", lambda *args: queued.append(args))

    # when
    tasks.send_daily_digests()
    for args in queued:
        tasks.send_digest(*args)
    tasks.send_daily_digests()
    tasks.send_digest(staff.pk, EmailChannel.DAILY)

    # then
    assert queued == [(staff.pk, EmailChannel.DAILY)]
    assert len(mail.outbox) == 1


def test_the_weekly_digest_sends_startups_the_requests_they_may_answer_and_nothing_else(startup_a_admin, monkeypatch):
    # given
    suggestion = {
        "request_title": "Mine clearance in wet soil",
        "urgency_label": "Priority",
        "needed_by": "2027-03-01",
        "offer_title": "Ground radar",
    }
    notify(startup_a_admin, kind="request.suggested", context=suggestion, url="/requests/4/", digest_only=True)
    notify(
        startup_a_admin,
        kind="request.suggested",
        context={**suggestion, "request_title": "Demining drones"},
        url="/requests/5/",
        digest_only=True,
    )
    immediate = notify(startup_a_admin)
    queued: list[tuple] = []
    monkeypatch.setattr(tasks.send_digest, "delay", lambda *args: queued.append(args))

    # when
    tasks.send_weekly_digests()
    for args in queued:
        tasks.send_digest(*args)

    # then
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "2 requests you may answer"
    assert "Mine clearance in wet soil" in body and "Demining drones" in body
    immediate.refresh_from_db()
    assert immediate.emailed_at is None  # its own immediate e-mail, not the digest, carries it


def test_the_sweeper_hands_out_lost_and_abandoned_rows_once_per_interval(staff, officer_a, settings):
    # given
    settings.NOTIFICATION_REQUEUE_AFTER = 60
    long_ago = timezone.now() - timedelta(hours=1)
    lost = notify(staff)
    abandoned = notify(staff)
    fresh = notify(staff)
    sent = notify(staff)
    _digest_subscriber(officer_a)
    abandoned_digest = notify(officer_a)
    waiting_digest = notify(officer_a, kind="match.proposed", context={"title": "T", "summary": "S"})
    Notification.objects.filter(pk__in=[lost.pk, abandoned.pk, sent.pk, abandoned_digest.pk, waiting_digest.pk]).update(
        due_at=long_ago
    )
    Notification.objects.filter(pk__in=[abandoned.pk, abandoned_digest.pk]).update(
        claim_token="0c7d2c52-8f8e-4a25-9f3e-2b5d3f0b7e11", claimed_at=long_ago
    )
    Notification.objects.filter(pk=sent.pk).update(emailed_at=long_ago)

    # when
    first = overdue_for_sweep()
    second = overdue_for_sweep()

    # then
    assert sorted(first[0]) == sorted([lost.pk, abandoned.pk])
    assert first[1] == [(officer_a.pk, EmailChannel.DAILY)]
    assert second == ([], [])
    assert fresh.pk not in first[0]


def test_a_digest_whose_sender_died_goes_out_again_with_the_same_items_and_message_id(staff):
    # given a digest claimed by a sender that died before the mark, then a newer notification
    _digest_subscriber(staff)
    abandoned = [notify(staff), notify(staff)]
    Notification.objects.filter(pk__in=[n.pk for n in abandoned]).update(
        claim_token="5d0c9a52-1f0e-4b8e-8d43-6a3c1d2e9f10", claimed_at=timezone.now() - timedelta(hours=1)
    )
    newer = notify(staff)

    # when
    first, _ = digest_deliver(recipient_id=staff.pk, channel=EmailChannel.DAILY)
    second, _ = digest_deliver(recipient_id=staff.pk, channel=EmailChannel.DAILY)

    # then
    assert (first, second) == (2, 1)
    expected_id = digest_message_id(staff.pk, EmailChannel.DAILY, [n.pk for n in abandoned])
    assert mail.outbox[0].extra_headers["Message-ID"] == expected_id
    assert f"notification.{newer.pk}" not in expected_id and mail.outbox[1].extra_headers["Message-ID"] != expected_id


def _suspend(organisation, staff):
    organisation_set_vetting(organisation=organisation, to_state="suspended", note="Under investigation.", by=staff)


def test_an_e_mail_queued_before_a_suspension_is_not_sent_after_it(officer_a, unit_a, staff):
    # given: a notification for the officer, then staff suspend the unit before it is e-mailed
    notification = notify(officer_a, kind="match.proposed", context={"title": "Jammers", "summary": "…"}, url="/m/1/")
    _suspend(unit_a, staff)

    # when
    notification_email_deliver(notification_id=notification.pk)

    # then: no e-mail, and the row is no longer waiting for one; it stays in the officer's list
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_channel == EmailChannel.NONE and notification.emailed_at is None


def test_a_digest_queued_before_a_suspension_is_not_sent_after_it(startup_a_admin, startup_a, staff):
    # given
    _digest_subscriber(startup_a_admin)
    waiting = notify(startup_a_admin, kind="match.proposed", context={"title": "Jammers", "summary": "…"})
    _suspend(startup_a, staff)

    # when
    covered, deferred = digest_deliver(recipient_id=startup_a_admin.pk, channel=EmailChannel.DAILY)

    # then
    assert (covered, deferred, mail.outbox) == (0, None, [])
    waiting.refresh_from_db()
    assert waiting.email_channel == EmailChannel.NONE
