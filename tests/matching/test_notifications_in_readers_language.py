"""What a notification and a timeline say is in the reader's language, whoever wrote it and in whichever
language they worked."""

from django.utils import translation

from matching.services import match_accept
from notifications.kinds import notification_text
from notifications.models import Notification
from tests.factories import OfferFactory
from tests.matching.helpers import make_match, report_pilot, start_pilot
from tests.needs.factories import CapabilityRequestFactory


def test_an_english_startup_reads_english_when_a_ukrainian_officer_answers(
    startup_a_admin, startup_a, officer_a, unit_a
):
    restricted = CapabilityRequestFactory(organisation=unit_a, visibility="restricted")
    match = make_match(restricted, OfferFactory(organisation=startup_a, title="Radar R1"), state="proposed")
    with translation.override("uk"):  # the officer works in Ukrainian
        match_accept(match=match, by=officer_a)
    notice = Notification.objects.get(recipient=startup_a_admin, kind__in=["match.changed", "match.event"])
    with translation.override("en"):
        text = notification_text(notice.kind, notice.context)
    assert "a restricted capability request" in text and "запит" not in text


def test_the_rating_in_a_timeline_is_language_neutral(startup_a_admin, startup_a, officer_a, unit_a):
    match = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )
    start_pilot(match, startup=startup_a_admin, officer=officer_a)
    with translation.override("uk"):
        report_pilot(match, officer=officer_a, rating=4, what_worked="Працює.")
    assert match.events.get(action="report").note == "4/5"
