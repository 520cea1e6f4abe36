"""A meeting as an iCalendar invitation (RFC 5545), attached to the e-mails that confirm or cancel it."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress

from .models import Meeting, MeetingState


def meeting_invitation(meeting: Meeting) -> str:
    """The meeting as a calendar file: a request while it stands, a cancellation once called off. The same UID
    each time, and a higher sequence for the cancellation, so a calendar updates the event it already holds."""
    cancelled = meeting.state == MeetingState.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Defence Innovation Office//Matching platform//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}")
    event.add("sequence", 1 if cancelled else 0)
    event.add("dtstamp", meeting.created_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.topic)
    event.add("description", meeting.cancel_reason if cancelled else "")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    _, office = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", vCalAddress(f"mailto:{office}"))
    for person in (meeting.proposed_by, meeting.chosen_by):
        if person is not None and person.email:
            event.add("attendee", vCalAddress(f"mailto:{person.email}"))
    event.add("url", settings.SITE_URL + reverse("matching_parties:detail", args=[meeting.match_id]))
    calendar.add_component(event)
    return calendar.to_ical().decode()
