"""The conversation and the meetings of a match after both sides accepted: who may write, what an attachment may
be, how times are proposed and picked, and who is told."""

import zoneinfo
from datetime import datetime, timedelta
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_office.refusals import forbidden
from offers.uploads import reencode_image
from profiles.models import User
from profiles.uploads import check_pdf

from .. import states
from ..calendar import meeting_invitation
from ..models import ConversationRead, Match, MatchAction, Meeting, MeetingSlot, MeetingState, Message
from ..permissions import may_work_as_party, may_write_message, side_of
from .timeline import audience, locked, record_event, tell, tell_about, tell_parties

MESSAGE_MAX_CHARS = 5000
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 2048
MEETING_TIMES = (2, 3)


def checked_attachment(upload, *, field: str):
    """A PDF as sent, once checked like a datasheet, or a clean PNG copy of an image; anything else is refused."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        check_pdf(upload, field=field)
        upload.name = "document.pdf"  # stored and served as a PDF, whatever the sender called it
        return upload
    return clean_photo(upload, field=field)


def clean_photo(upload, *, field: str):
    """An uploaded image as a clean PNG, at most PHOTO_MAX_SIDE pixels a side and without its metadata."""
    return reencode_image(upload, field=field, max_side=PHOTO_MAX_SIDE, max_bytes=PHOTO_MAX_BYTES, name="image.png")


@transaction.atomic
def message_send(*, match: Match, by: User, body: str, attachment=None) -> Message:
    """A message of the match's conversation: the two parties and staff, once both accepted."""
    match = locked(match)
    if not may_write_message(by, match):
        forbidden(_("Only the two parties and the office write in this conversation."))
    states.check_working(match)
    body = body.strip()
    errors = {}
    if not body and not attachment:
        errors["body"] = _("Write a message or attach a file.")
    if len(body) > MESSAGE_MAX_CHARS:
        errors["body"] = _("A message holds at most %(limit)s characters.") % {"limit": MESSAGE_MAX_CHARS}
    if errors:
        raise ValidationError(errors)
    message = Message(match=match, author=by, body=body, created_at=timezone.now())
    if attachment:
        original = PurePath(attachment.name or "file").name[-150:]
        stored = checked_attachment(attachment, field="attachment")
        message.attachment = stored
        suffix = ".pdf" if stored is attachment else ".png"
        message.attachment_name = f"{PurePath(original).stem or 'file'}{suffix}"
    message.save()
    conversation_mark_read(match=match, by=by, at=message.created_at)
    tell_about(match, by=by, kind="match.message", key=f"message:{message.pk}", context={})
    return message


def conversation_mark_read(*, match: Match, by: User, at=None) -> None:
    """Everything up to `at` (now) counts as read by `by`; a later mark never moves back."""
    at = at or timezone.now()
    mark, created = ConversationRead.objects.get_or_create(match=match, user=by, defaults={"last_read_at": at})
    if not created and mark.last_read_at < at:
        ConversationRead.objects.filter(pk=mark.pk, last_read_at__lt=at).update(last_read_at=at)


# Meetings ----------------------------------------------------------------------------------------------


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")}) from error


def _meeting_errors(topic: str, times: list[datetime], duration: int) -> dict:
    errors = {}
    if not topic.strip():
        errors["topic"] = _("Say what the meeting is about.")
    if not MEETING_TIMES[0] <= len(times) <= MEETING_TIMES[-1]:
        errors["times"] = _("Propose two or three times.")
    elif len(set(times)) != len(times):
        errors["times"] = _("Propose different times.")
    elif min(times) < timezone.now() + timedelta(minutes=30):
        errors["times"] = _("Propose times at least half an hour from now.")
    if not 15 <= duration <= 240:
        errors["duration_minutes"] = _("A meeting lasts from 15 minutes to 4 hours.")
    return errors


@transaction.atomic
def meeting_propose(
    *, match: Match, by: User, topic: str, times: list[datetime], time_zone: str, duration_minutes: int = 60
) -> Meeting:
    """One party proposes two or three times, written in `time_zone` (naive times are read in it)."""
    match = locked(match)
    if not may_work_as_party(by, match):
        forbidden(_("Only the two parties propose meetings."))
    states.check_working(match)
    zone = _zone(time_zone)
    times = [time if timezone.is_aware(time) else time.replace(tzinfo=zone) for time in times]
    if errors := _meeting_errors(topic, times, duration_minutes):
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        match=match,
        proposed_by=by,
        proposer_side=side_of(by, match),
        topic=topic.strip(),
        duration_minutes=duration_minutes,
        time_zone=time_zone,
    )
    MeetingSlot.objects.bulk_create([MeetingSlot(meeting=meeting, starts_at=time) for time in sorted(times)])
    event = record_event(match, action=MatchAction.MEETING_PROPOSE, by=by, from_state=match.state, note=meeting.topic)
    tell_parties(match, event, by=by)
    return meeting


def _locked_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("match__capability_request__organisation", "match__offer__organisation", "proposed_by")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, by: User, slot_id: int) -> Meeting:
    """The other side picks one of the proposed times; both get the meeting as a calendar invitation."""
    meeting = _locked_meeting(meeting)
    states.check_meeting("confirm", meeting=meeting, by=by)
    slot = meeting.slots.filter(pk=slot_id).first()
    if slot is None:
        raise ValidationError(_("Pick one of the proposed times."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This time has passed: ask for new times."))
    meeting.state, meeting.starts_at, meeting.chosen_by = MeetingState.CONFIRMED, slot.starts_at, by
    meeting.save(update_fields=["state", "starts_at", "chosen_by"])
    match = meeting.match
    event = record_event(
        match, action=MatchAction.MEETING_CONFIRM, by=by, from_state=match.state, note=meeting_when(meeting)
    )
    tell(match, event, audience(match), extra={"ics": meeting_invitation(meeting)})
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    """Either party calls a meeting off, saying why; the other side is told (with a cancelling invitation)."""
    meeting = _locked_meeting(meeting)
    states.check_meeting("cancel", meeting=meeting, by=by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    was_confirmed = meeting.state == MeetingState.CONFIRMED
    meeting.state, meeting.cancel_reason, meeting.cancelled_by = MeetingState.CANCELLED, reason.strip(), by
    meeting.save(update_fields=["state", "cancel_reason", "cancelled_by"])
    match = meeting.match
    event = record_event(match, action=MatchAction.MEETING_CANCEL, by=by, from_state=match.state, note=reason.strip())
    extra = {"ics": meeting_invitation(meeting)} if was_confirmed else {}
    tell(match, event, audience(match), skip=by, extra=extra)
    return meeting


@transaction.atomic
def meeting_move(*, meeting: Meeting, by: User, reason: str, times: list[datetime], time_zone: str) -> Meeting:
    """Moves a meeting to new times: the old one is cancelled with the reason, a new one proposed in its place."""
    old = meeting_cancel(meeting=meeting, by=by, reason=reason)
    new = meeting_propose(
        match=old.match,
        by=by,
        topic=old.topic,
        times=times,
        time_zone=time_zone,
        duration_minutes=old.duration_minutes,
    )
    new.replaces = old
    new.save(update_fields=["replaces"])
    return new


def meeting_when(meeting: Meeting) -> str:
    """The meeting's time in Kyiv and in UTC, for the timeline and notifications (which every reader shares)."""
    kyiv = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Kyiv"))
    utc = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("UTC"))
    return f"{kyiv:%Y-%m-%d %H:%M} Kyiv · {utc:%H:%M} UTC · {meeting.duration_minutes} min"


@transaction.atomic
def meetings_remind(*, now=None, ahead: timedelta = timedelta(hours=24)) -> int:
    """Tells both parties of each confirmed meeting that starts within `ahead` and has not been reminded of."""
    now = now or timezone.now()
    due = (
        Meeting.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(state=MeetingState.CONFIRMED, reminded_at=None, starts_at__gt=now, starts_at__lte=now + ahead)
        .select_related("match__capability_request__organisation", "match__offer__organisation")
    )
    count = 0
    for meeting in due:
        match = meeting.match
        tell_about(
            match,
            by=None,
            kind="match.reminder",
            key=f"reminder:{meeting.pk}",
            context={"when": meeting_when(meeting), "topic": meeting.topic},
        )
        Meeting.objects.filter(pk=meeting.pk).update(reminded_at=now)
        count += 1
    return count
