"""notification_create, notifications_mark_read and the preference service."""

import pytest

from notifications.models import EmailChannel, EmailFrequency, Notification
from notifications.services import notification_create, notification_preference_set, notifications_mark_read
from tests.notifications.conftest import VETTED, notify

pytestmark = pytest.mark.django_db


def test_the_same_dedup_key_twice_writes_one_notification(startup_a_admin):
    # when
    first = notification_create(
        recipient=startup_a_admin,
        kind="organisation.vetted",
        dedup_key="vetting:1:vetted",
        context=VETTED,
        url="/home/",
        subject_type="profiles.organisation",
        subject_id=startup_a_admin.organisation.pk,
    )
    second = notification_create(
        recipient=startup_a_admin,
        kind="organisation.vetted",
        dedup_key="vetting:1:vetted",
        context=VETTED,
        url="/home/",
        subject_type="profiles.organisation",
        subject_id=startup_a_admin.organisation.pk,
    )

    # then
    assert first is not None and second is None
    assert Notification.objects.filter(dedup_key="vetting:1:vetted").count() == 1


@pytest.mark.parametrize(
    "kind, context, url",
    [
        ("match.unknown", VETTED, "/home/"),
        ("match.candidate", {"request_title": "Counter-UAS", "offer_title": "Jammer"}, "/home/"),
        ("match.candidate", {"request_title": "Counter-UAS", "offer_title": "Jammer", "score": "high"}, "/home/"),
        ("organisation.vetted", VETTED, "https://elsewhere.example/"),
        ("organisation.vetted", VETTED, "//elsewhere.example/"),
    ],
)
def test_a_notification_that_could_not_be_shown_is_refused_at_the_caller(startup_a_admin, kind, context, url):
    with pytest.raises(ValueError):
        notification_create(
            recipient=startup_a_admin,
            kind=kind,
            dedup_key="k",
            context=context,
            url=url,
            subject_type="profiles.organisation",
            subject_id=startup_a_admin.organisation.pk,
        )
    assert not Notification.objects.exists()


def test_immediately_is_the_default_and_queues_the_e_mail_after_commit(
    startup_a_admin, enqueued, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(startup_a_admin)
        assert enqueued == []  # nothing leaves before the transaction commits

    # then
    assert notification.email_channel == EmailChannel.IMMEDIATE
    assert enqueued == [notification.pk]


@pytest.mark.parametrize(
    "frequency, digest_only, channel",
    [
        (EmailFrequency.DAILY, False, EmailChannel.DAILY),
        (EmailFrequency.OFF, False, EmailChannel.NONE),
        (EmailFrequency.IMMEDIATELY, True, EmailChannel.WEEKLY),
        (EmailFrequency.DAILY, True, EmailChannel.WEEKLY),
        (EmailFrequency.OFF, True, EmailChannel.NONE),
    ],
)
def test_other_preferences_queue_no_immediate_e_mail(
    startup_a_admin, enqueued, django_capture_on_commit_callbacks, frequency, digest_only, channel
):
    # given
    notification_preference_set(user=startup_a_admin, email_frequency=frequency)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(startup_a_admin, digest_only=digest_only)

    # then
    assert notification.email_channel == channel
    assert enqueued == []


def test_turning_e_mail_off_cancels_what_was_waiting_for_a_digest(startup_a_admin):
    # given
    notification_preference_set(user=startup_a_admin, email_frequency=EmailFrequency.DAILY)
    waiting = notify(startup_a_admin)

    # when
    notification_preference_set(user=startup_a_admin, email_frequency=EmailFrequency.OFF)

    # then
    waiting.refresh_from_db()
    assert waiting.email_channel == EmailChannel.NONE


def test_mark_read_marks_the_given_ones_then_all_and_never_another_users(startup_a_admin, startup_b_admin):
    # given
    mine = [notify(startup_a_admin) for _ in range(3)]
    theirs = notify(startup_b_admin)

    # when
    one = notifications_mark_read(user=startup_a_admin, ids=[mine[0].pk, theirs.pk])
    rest = notifications_mark_read(user=startup_a_admin)

    # then
    assert (one, rest) == (1, 2)
    assert not Notification.objects.filter(recipient=startup_a_admin, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
