"""Staff hear of a request's new candidates once a day: one notification per request, staff member and day,
listing them all, for the request's curator alone when it has one."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching.services import matches_refresh_for_request
from notifications.emails import notification_email
from notifications.models import EmailChannel, Notification
from notifications.services import notification_preference_set
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

EXPLANATION = SimpleNamespace(to_data=lambda: {"terms": [{"word": "interceptor"}], "areas": []})


def _result(offer, score):
    """One candidate as the engine hands it back."""
    return SimpleNamespace(
        offer_id=offer.pk,
        score=score,
        explanation=EXPLANATION,
        engine_version="test",
        config_hash="test",
    )


@pytest.fixture
def night_request(unit_a):
    return CapabilityRequestFactory(organisation=unit_a, title="Night interceptors")


@pytest.fixture
def offers(startup_a):
    return {title: OfferFactory(organisation=startup_a, title=title) for title in ("Hawk", "Falcon", "Owl", "Kestrel")}


def _score(capability_request, offers, scores: dict[str, float]):
    """A scoring of the request that returns these offers with these scores (and the earlier ones again)."""
    matches_refresh_for_request(
        capability_request_id=capability_request.pk,
        results=[_result(offers[title], score) for title, score in scores.items()],
    )


def _notices(user):
    return list(Notification.objects.filter(recipient=user, kind="match.candidates").order_by("pk"))


def test_two_batches_the_same_day_make_one_notice_per_staff_member_listing_both(night_request, offers, staff, staff_b):
    # given: a first batch, read by one staff member
    _score(night_request, offers, {"Hawk": 0.9})
    Notification.objects.filter(recipient=staff).update(read_at=timezone.now())

    # when: a second batch the same day
    _score(night_request, offers, {"Hawk": 0.9, "Falcon": 0.8, "Owl": 0.45})

    # then: each has one notice, unread, naming both strong candidates (not the weak one), best first
    for user in (staff, staff_b):
        (notice,) = _notices(user)
        assert notice.is_unread
        assert [item["offer_title"] for item in notice.context["candidates"]] == ["Hawk", "Falcon"]
        assert notice.url == reverse("matching:request_candidates", args=[night_request.pk])
    assert Notification.objects.filter(kind="match.candidates").count() == 2


def test_the_notice_reads_as_one_line_and_its_email_lists_every_candidate(night_request, offers, staff):
    # given
    _score(night_request, offers, {"Hawk": 0.9})
    _score(night_request, offers, {"Hawk": 0.9, "Falcon": 0.8})

    # when
    (notice,) = _notices(staff)
    message = notification_email(notice)

    # then
    assert message.subject == "New candidates for Night interceptors"
    assert "New candidates for Night interceptors (2): Hawk (90%), Falcon (80%)" in message.body
    assert "Hawk (90%)" in message.alternatives[0].content and "Falcon (80%)" in message.alternatives[0].content


def test_the_next_day_brings_a_new_notice(night_request, offers, staff, monkeypatch):
    # given
    _score(night_request, offers, {"Hawk": 0.9})
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    # when
    _score(night_request, offers, {"Hawk": 0.9, "Kestrel": 0.7})

    # then: yesterday's notice keeps yesterday's candidate; today's names today's only
    first, second = _notices(staff)
    assert [item["offer_title"] for item in first.context["candidates"]] == ["Hawk"]
    assert [item["offer_title"] for item in second.context["candidates"]] == ["Kestrel"]


def test_a_curated_request_tells_its_curator_alone(night_request, offers, staff, staff_b):
    # given
    night_request.curator = staff_b
    night_request.save(update_fields=["curator"])

    # when
    _score(night_request, offers, {"Hawk": 0.9})

    # then
    assert _notices(staff) == []
    assert len(_notices(staff_b)) == 1


def test_a_curator_who_left_the_office_leaves_the_news_to_every_staff_member(night_request, offers, staff, staff_b):
    # given
    night_request.curator = staff_b
    night_request.save(update_fields=["curator"])
    staff_b.is_active = False
    staff_b.save(update_fields=["is_active"])

    # when
    _score(night_request, offers, {"Hawk": 0.9})

    # then
    assert len(_notices(staff)) == 1 and _notices(staff_b) == []


def test_the_notice_goes_out_as_each_staff_member_prefers(night_request, offers, staff, staff_b):
    # given
    notification_preference_set(user=staff, email_frequency="daily")
    notification_preference_set(user=staff_b, email_frequency="off")

    # when
    _score(night_request, offers, {"Hawk": 0.9})
    _score(night_request, offers, {"Hawk": 0.9, "Falcon": 0.8})

    # then: one notice each, waiting for the daily digest or never e-mailed
    assert [notice.email_channel for notice in _notices(staff)] == [EmailChannel.DAILY]
    assert [notice.email_channel for notice in _notices(staff_b)] == [EmailChannel.NONE]
    assert mail.outbox == []


def test_an_immediate_notice_is_emailed_once_with_the_candidates_known_when_it_goes(
    night_request, offers, staff, eager_celery, django_capture_on_commit_callbacks
):
    # when: two batches the same day, e-mails going out as each scoring commits
    with django_capture_on_commit_callbacks(execute=True):
        _score(night_request, offers, {"Hawk": 0.9})
    with django_capture_on_commit_callbacks(execute=True):
        _score(night_request, offers, {"Hawk": 0.9, "Falcon": 0.8})

    # then: one e-mail, for the first batch; the notice on the site names both, unread again
    assert [message.subject for message in mail.outbox] == ["New candidates for Night interceptors"]
    assert "Hawk (90%)" in mail.outbox[0].body and "Falcon" not in mail.outbox[0].body
    (notice,) = _notices(staff)
    assert notice.is_unread and notice.context["count"] == 2
