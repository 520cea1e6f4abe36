"""After the introduction, as services: the conversation and the meetings; every legal and illegal step, and who
is told. The pilot itself is in test_pilots.py."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from innovation_office.transitions import IllegalTransition
from matching import services
from matching.models import Match, MatchState, Meeting, MeetingState, Message
from matching.selectors.together import conversation_for
from notifications.emails import notification_email
from notifications.models import Notification
from profiles.personal_data import personal_data_of
from profiles.services import organisation_set_vetting
from tests.factories import OfferFactory
from tests.files import pdf_upload, png_upload, text_as_png_upload
from tests.matching.helpers import days_ahead, make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


# The conversation ---------------------------------------------------------------------------------------


def test_the_three_parties_write_and_the_other_two_are_told(accepted, startup_a_admin, officer_a, staff):
    services.message_send(match=accepted, by=startup_a_admin, body="Datasheet attached.", attachment=pdf_upload())
    services.message_send(match=accepted, by=officer_a, body="Thanks, two questions.")
    services.message_send(match=accepted, by=staff, body="The office can host a trial in May.")

    rows = conversation_for(officer_a, accepted).rows
    assert [row["message"].body for row in rows] == [
        "Datasheet attached.",
        "Thanks, two questions.",
        "The office can host a trial in May.",
    ]
    assert [str(row["side_label"]) for row in rows] == ["the startup", "the requesting organisation", "the office"]
    assert rows[0]["message"].attachment.name.endswith(".pdf")
    told = Notification.objects.filter(kind="match.message")
    # each side hears of the other's messages (never of its own); staff are not told of every message
    assert not told.filter(recipient=startup_a_admin, dedup_key__contains=f":{rows[0]['message'].pk}:").exists()
    assert told.filter(recipient=startup_a_admin).count() == 2 and told.filter(recipient=officer_a).count() == 2
    assert not told.filter(recipient=staff).exists()


def test_a_message_needs_words_or_a_file_and_a_file_must_be_a_pdf_or_an_image(accepted, startup_a_admin):
    with pytest.raises(ValidationError) as error:
        services.message_send(match=accepted, by=startup_a_admin, body="  ")
    assert "body" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.message_send(match=accepted, by=startup_a_admin, body="x", attachment=text_as_png_upload())
    assert "attachment" in error.value.error_dict
    assert not Message.objects.exists()


def test_an_image_is_sent_without_its_metadata(accepted, startup_a_admin):
    message = services.message_send(match=accepted, by=startup_a_admin, body="", attachment=png_upload("site.png"))
    data = message.attachment.read()
    assert data.startswith(b"\x89PNG") and b"tEXt" not in data and b"eXIf" not in data
    assert message.attachment_name == "site.png"


def test_no_conversation_before_both_accept_nor_for_anyone_else(
    unit_a, startup_a, accepted, startup_a_admin, startup_b_admin, officer_b
):
    proposed = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="proposed"
    )
    with pytest.raises(PermissionDenied):
        services.message_send(match=proposed, by=startup_a_admin, body="Hello?")
    for outsider in (startup_b_admin, officer_b):
        with pytest.raises(PermissionDenied):
            services.message_send(match=accepted, by=outsider, body="Let me in.")
    assert not Message.objects.exists()


def test_a_suspended_party_can_no_longer_write(accepted, startup_a, startup_a_admin, staff):
    organisation_set_vetting(organisation=startup_a, to_state="suspended", by=staff, note="Under review.")
    with pytest.raises(PermissionDenied):
        services.message_send(match=accepted, by=startup_a_admin, body="Still here.")


def test_a_closed_match_keeps_its_conversation_but_takes_no_more_messages(accepted, staff):
    Match.objects.filter(pk=accepted.pk).update(state=MatchState.CLOSED)
    accepted.refresh_from_db()
    with pytest.raises(IllegalTransition):
        services.message_send(match=accepted, by=staff, body="Late.")


# Meetings ----------------------------------------------------------------------------------------------


def test_a_meeting_is_proposed_picked_and_both_get_it_in_their_calendar(accepted, startup_a_admin, officer_a, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    meeting = services.meeting_propose(
        match=accepted,
        by=startup_a_admin,
        topic="Demo of the seeker",
        times=[days_ahead(3, 10), days_ahead(4, 14)],
        time_zone="Europe/Berlin",
    )
    first = meeting.slots.first()
    assert first.starts_at.hour == 9 and first.starts_at.tzinfo is not None  # 10:00 in Berlin is 09:00 UTC

    # the proposer's side may not pick its own times
    with pytest.raises(PermissionDenied):
        services.meeting_confirm(meeting=meeting, by=startup_a_admin, slot_id=first.pk)
    services.meeting_confirm(meeting=meeting, by=officer_a, slot_id=first.pk)

    meeting.refresh_from_db()
    assert (meeting.state, meeting.starts_at) == (MeetingState.CONFIRMED, first.starts_at)
    told = Notification.objects.get(
        recipient=startup_a_admin, kind="match.event", context__event_label="a meeting was confirmed"
    )
    email = notification_email(told)
    (name, content, mimetype) = email.attachments[0]
    event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    assert event.decoded("dtstart") == first.starts_at and str(event["summary"]) == "Demo of the seeker"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60)


@pytest.mark.parametrize(
    ("times", "field"),
    [
        ([days_ahead(3)], "times"),
        ([days_ahead(3), days_ahead(3)], "times"),
        ([days_ahead(-1), days_ahead(3)], "times"),
        ([days_ahead(3), days_ahead(4), days_ahead(5), days_ahead(6)], "times"),
    ],
)
def test_a_meeting_needs_two_or_three_distinct_future_times(accepted, officer_a, times, field):
    with pytest.raises(ValidationError) as error:
        services.meeting_propose(match=accepted, by=officer_a, topic="Call", times=times, time_zone="Europe/Kyiv")
    assert field in error.value.error_dict
    assert not Meeting.objects.exists()


def test_staff_and_outsiders_do_not_propose_meetings(accepted, staff, startup_b_admin):
    for user in (staff, startup_b_admin):
        with pytest.raises(PermissionDenied):
            services.meeting_propose(
                match=accepted, by=user, topic="Call", times=[days_ahead(3), days_ahead(4)], time_zone="Europe/Kyiv"
            )


def test_a_meeting_is_moved_with_a_reason_and_a_cancelled_one_cannot_be_picked(accepted, startup_a_admin, officer_a):
    meeting = services.meeting_propose(
        match=accepted, by=officer_a, topic="Call", times=[days_ahead(3), days_ahead(4)], time_zone="Europe/Kyiv"
    )
    services.meeting_confirm(meeting=meeting, by=startup_a_admin, slot_id=meeting.slots.first().pk)
    with pytest.raises(ValidationError):
        services.meeting_move(
            meeting=meeting,
            by=startup_a_admin,
            reason=" ",
            times=[days_ahead(5), days_ahead(6)],
            time_zone="Europe/Kyiv",
        )
    moved = services.meeting_move(
        meeting=meeting,
        by=startup_a_admin,
        reason="Our engineer is ill.",
        times=[days_ahead(5), days_ahead(6)],
        time_zone="Europe/Kyiv",
    )
    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancel_reason) == (MeetingState.CANCELLED, "Our engineer is ill.")
    assert moved.replaces == meeting and moved.state == MeetingState.PROPOSED
    with pytest.raises(IllegalTransition):
        services.meeting_confirm(meeting=meeting, by=startup_a_admin, slot_id=meeting.slots.first().pk)
    # the officer's notice of the cancellation carries a calendar cancellation of the event it had
    cancelled = Notification.objects.get(recipient=officer_a, context__event_label="a meeting was cancelled")
    assert "METHOD:CANCEL" in cancelled.context["ics"]


def test_a_confirmed_meeting_is_reminded_once_the_day_before(accepted, startup_a_admin, officer_a):
    meeting = services.meeting_propose(
        match=accepted, by=officer_a, topic="Call", times=[days_ahead(1, 9), days_ahead(2, 9)], time_zone="Europe/Kyiv"
    )
    services.meeting_confirm(meeting=meeting, by=startup_a_admin, slot_id=meeting.slots.first().pk)
    soon = meeting.slots.first().starts_at - timedelta(hours=3)
    assert services.meetings_remind(now=soon) == 1
    assert services.meetings_remind(now=soon) == 0
    assert Notification.objects.filter(kind="match.reminder").count() == 2  # both parties, once


def test_a_time_that_has_passed_can_no_longer_be_picked(accepted, startup_a_admin, officer_a):
    meeting = services.meeting_propose(
        match=accepted, by=officer_a, topic="Call", times=[days_ahead(1, 9), days_ahead(2, 9)], time_zone="Europe/Kyiv"
    )
    first = meeting.slots.first()
    first.starts_at = timezone.now() - timedelta(hours=1)
    first.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError, match="has passed"):
        services.meeting_confirm(meeting=meeting, by=startup_a_admin, slot_id=first.pk)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PROPOSED


def test_a_persons_messages_are_in_their_data_download(accepted, officer_a, startup_a_admin):
    services.message_send(match=accepted, by=officer_a, body="We need ten by May.")
    services.message_send(match=accepted, by=startup_a_admin, body="Not mine to download.")
    section = personal_data_of(officer_a)["match_messages"]
    assert [(row["match_id"], row["body"]) for row in section] == [(accepted.pk, "We need ten by May.")]
