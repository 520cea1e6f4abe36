"""The page the parties and the office share after the introduction: what each reader sees, the forms that show
every error at once, the files served only to the three parties, and what it costs."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from matching import services
from matching.forms import MeetingForm
from matching.models import Match, MatchState, Message, PilotPlan, TrialReport, TrialSlot
from matching.selectors.together import with_work_summary
from tests.conftest import login
from tests.factories import OfferFactory
from tests.files import pdf_upload
from tests.matching.helpers import agree_plan, make_match, start_pilot
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(unit_a, startup_a, officer_a):
    capability_request = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, title="Night interceptors")
    offer = OfferFactory(organisation=startup_a, title="Alpha interceptor", export_control="dual_use")
    return make_match(capability_request, offer, state="accepted")


def _url(match, name="together"):
    return reverse(f"matching_parties:{name}", args=[match.pk])


def test_the_match_page_links_to_the_work_and_counts_unread_messages(client, accepted, startup_a_admin, officer_a):
    services.message_send(match=accepted, by=officer_a, body="Can you ship in May?")
    html = login(client, startup_a_admin).get(reverse("matching_parties:detail", args=[accepted.pk])).content.decode()
    assert 'data-testid="work-card"' in html and "1 unread message" in html
    page = client.get(_url(accepted)).content.decode()
    assert "Can you ship in May?" in page and ">New<" in page
    html = client.get(reverse("matching_parties:detail", args=[accepted.pk])).content.decode()
    assert 'data-testid="unread"' not in html  # opening the work read it


def test_each_party_and_staff_see_the_work_and_what_the_export_status_implies(
    client, accepted, startup_a_admin, officer_a, staff
):
    for user in (startup_a_admin, officer_a, staff):
        client.logout()
        html = login(client, user).get(_url(accepted)).content.decode()
        assert "EU dual-use item" in html and 'data-testid="no-plan"' in html
    # only the startup is asked for its licence; only staff may override
    assert 'data-testid="licence-form"' not in html and 'data-testid="record-licence"' not in html
    client.logout()
    assert 'data-testid="licence-form"' in login(client, startup_a_admin).get(_url(accepted)).content.decode()


def test_a_plan_sent_wrong_shows_every_error_and_keeps_what_was_typed(client, accepted, officer_a):
    response = login(client, officer_a).post(
        _url(accepted, "plan"),
        {"location": "Range near the river", "starts_on": "2031-05-10", "ends_on": "2031-05-01", "quantity": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The pilot ends on or after the day it starts." in html
    assert "Give at least one measurable success criterion." in html
    assert "Range near the river" in html
    assert not PilotPlan.objects.exists()


def test_a_plan_written_by_one_side_is_confirmed_by_the_other_and_the_pilot_button_appears(
    client, unit_a, startup_a, startup_a_admin, officer_a
):
    match = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )
    soon = timezone.localdate() + timedelta(days=3)
    login(client, startup_a_admin).post(
        _url(match, "plan"),
        {
            "location": "Range",
            "starts_on": f"{soon}",
            "ends_on": f"{soon + timedelta(days=10)}",
            "quantity": "3",
            "shipping_paid_by": "startup",
            "criterion_1": "Flies 10 sorties",
        },
    )
    assert 'data-testid="step-start_pilot"' not in client.get(_url(match)).content.decode()
    client.logout()
    html = login(client, officer_a).get(_url(match)).content.decode()
    assert 'data-testid="confirm-plan"' in html and "Both sides confirm the pilot plan" in html
    client.post(_url(match, "plan_confirm"), {"version": _plan_version(html)})
    html = client.get(_url(match)).content.decode()
    assert 'data-testid="step-start_pilot"' in html and 'data-testid="confirm-plan"' not in html


def test_a_message_with_a_pdf_is_served_only_to_the_three_parties(
    client, accepted, startup_a_admin, officer_a, staff, startup_b_admin, officer_b, private_uploads
):
    login(client, startup_a_admin).post(
        _url(accepted, "message"), {"body": "Our test report.", "attachment": pdf_upload("report.pdf")}
    )
    message = Message.objects.get()
    url = reverse("matching_parties:attachment", args=[message.pk])
    for user, status in ((officer_a, 200), (staff, 200), (startup_b_admin, 404), (officer_b, 404)):
        client.logout()
        response = login(client, user).get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Disposition"].startswith('attachment; filename="report.pdf"')


def test_an_empty_message_is_refused_beside_its_field(client, accepted, officer_a):
    response = login(client, officer_a).post(_url(accepted, "message"), {"body": "  "})
    assert response.status_code == 400 and "Write a message or attach a file." in response.content.decode()
    assert not Message.objects.exists()


def test_a_meeting_proposed_in_berlin_time_is_shown_in_kyiv_and_berlin_and_downloads_as_ics(
    client, unit_a, startup_a, startup_a_admin, officer_a
):
    startup_a.country = "DE"
    startup_a.save(update_fields=["country"])
    match = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )
    day = timezone.localdate() + timedelta(days=5)
    login(client, startup_a_admin).post(
        _url(match, "meeting_propose"),
        {
            "topic": "Demo",
            "duration_minutes": "60",
            "time_zone": "Europe/Berlin",
            "time_1": f"{day}T10:00",
            "time_2": f"{day}T15:00",
        },
    )
    client.logout()
    html = login(client, officer_a).get(_url(match)).content.decode()
    assert "11:00 (Kyiv)" in html and "10:00 (Germany)" in html
    meeting = match.meetings.get()
    client.post(
        reverse("matching_parties:meeting_step", args=[meeting.pk, "confirm"]), {"slot": meeting.slots.first().pk}
    )
    response = client.get(reverse("matching_parties:meeting_calendar", args=[meeting.pk]))
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert response["Content-Type"].startswith("text/calendar") and str(event["summary"]) == "Demo"


def test_the_officer_reports_through_the_page_and_the_startup_reads_it(
    client, unit_a, startup_a, startup_a_admin, officer_a
):
    match = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )
    start_pilot(match, startup=startup_a_admin, officer=officer_a)
    login(client, officer_a)
    assert 'data-testid="report-form"' not in client.get(_url(match)).content.decode()
    client.post(_url(match, "pilot_end"))
    criteria = list(match.pilot_plan.criteria.all())
    response = client.post(_url(match, "report"), {"rating": "4", "what_worked": "", "would_order_more": "yes"})
    html = response.content.decode()
    assert response.status_code == 400 and html.count("This field is required.") >= 3  # each criterion and the text
    data = {"rating": "4", "what_worked": "Link held.", "would_order_more": "no"}
    data.update({f"outcome_{criterion.pk}": "met" for criterion in criteria})
    data[f"note_{criteria[1].pk}"] = "Lost the link twice at 8 km."
    data[f"outcome_{criteria[1].pk}"] = "partly"
    client.post(_url(match, "report"), data)
    assert TrialReport.objects.get(match=match).results.count() == 2
    client.logout()
    html = login(client, startup_a_admin).get(_url(match)).content.decode()
    assert 'data-testid="trial-report"' in html and "Lost the link twice at 8 km." in html and "Partly met" in html


def test_staff_keep_trial_slots_and_book_one_for_a_planned_pilot(
    client, accepted, unit_a, startup_a, staff, startup_a_admin, officer_a
):
    agree_plan(accepted, startup=startup_a_admin, officer=officer_a)
    controlled = OfferFactory(organisation=startup_a, export_control="ml", ml_category="ML4")
    make_match(CapabilityRequestFactory(organisation=unit_a), controlled, state="accepted")  # no licence yet
    today = timezone.localdate()
    login(client, staff)
    response = client.post(reverse("matching:trial_slots"), {"place": "", "starts_on": f"{today}", "capacity": "0"})
    assert response.status_code == 400 and response.content.decode().count('class="errorlist') >= 3
    client.post(
        reverse("matching:trial_slots"),
        {"place": "Yavoriv", "starts_on": f"{today}", "ends_on": f"{today + timedelta(days=30)}", "capacity": "2"},
    )
    html = client.get(reverse("matching:trial_slots")).content.decode()
    assert (
        "Yavoriv" in html and 'data-testid="waiting"' in html and "1 accepted match waits on an export licence" in html
    )
    dashboard = client.get(reverse("matching_dashboard:index")).content.decode()
    assert re.search(r'data-testid="waiting-on-licence">.*?<p class="big-number">1</p>', dashboard, re.S)
    slot = TrialSlot.objects.get()
    client.post(_url(accepted, "slot_book"), {"slot": slot.pk})
    assert Match.objects.get(pk=accepted.pk).slot_booking.slot == slot
    assert "No planned pilot waits for a slot." in client.get(reverse("matching:trial_slots")).content.decode()


@pytest.mark.parametrize("who", ["startup", "officer", "staff"])
def test_the_page_costs_the_same_few_queries_whatever_the_conversation_and_meetings(
    pinned, client, accepted, startup_a_admin, officer_a, staff, who
):
    user = {"startup": startup_a_admin, "officer": officer_a, "staff": staff}[who]
    agree_plan(accepted, startup=startup_a_admin, officer=officer_a)

    def add(count):
        later = timezone.now() + timedelta(days=3)
        for number in range(count):
            services.message_send(match=accepted, by=[startup_a_admin, officer_a, staff][number % 3], body=f"M{number}")
            services.meeting_propose(
                match=accepted,
                by=[startup_a_admin, officer_a][number % 2],
                topic=f"Call {number}",
                times=[later + timedelta(hours=number), later + timedelta(days=1, hours=number)],
                time_zone="Europe/Kyiv",
            )

    login(client, user)
    pinned(client, _url(accepted), add, most=PAGE_QUERIES)


# The session and user, the match with its plan, licence, booking and report, the conversation (its count, its
# messages and their authors' organisations), the meetings and their times, the plan's criteria, the bookable
# slots, the reader's read mark and its update, the audit of a restricted read: bounded, never per message.
PAGE_QUERIES = 17


def test_a_closed_match_shows_its_conversation_without_a_form(client, accepted, officer_a):
    services.message_send(match=accepted, by=officer_a, body="Thanks for everything.")
    Match.objects.filter(pk=accepted.pk).update(state=MatchState.CLOSED)
    html = login(client, officer_a).get(_url(accepted)).content.decode()
    assert "Thanks for everything." in html and 'data-testid="send-message"' not in html


def _plan_version(html: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', html).group(1)


def test_a_plan_changed_after_the_page_was_opened_is_not_confirmed_unread(
    client, unit_a, startup_a, startup_a_admin, officer_a
):
    # given: the startup opens the plan, then the officer changes it
    match = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )
    agree_plan(match, startup=startup_a_admin, officer=officer_a)
    services.pilot_plan_save(match=match, by=officer_a, **_plan(quantity=2))
    login(client, startup_a_admin)
    seen = _plan_version(client.get(_url(match)).content.decode())
    services.pilot_plan_save(match=match, by=officer_a, **_plan(quantity=200))

    # when: the startup confirms from the page it opened before the change
    response = client.post(_url(match, "plan_confirm"), {"version": seen}, follow=True)

    # then: refused, and the plan waits for its confirmation
    assert "The plan changed since you opened it" in response.content.decode()
    assert PilotPlan.objects.get(match=match).startup_confirmed_at is None


def _plan(**changes) -> dict:
    soon = timezone.localdate() + timedelta(days=3)
    return {
        "location": "Range",
        "starts_on": soon,
        "ends_on": soon + timedelta(days=10),
        "quantity": 3,
        "shipping_paid_by": "startup",
        "criteria": ["Flies 10 sorties"],
        **changes,
    }


@pytest.mark.parametrize(
    ("zone", "wall", "error"),
    [
        ("Europe/Berlin", "2027-03-28T02:30", True),  # the clocks skip from 02:00 to 03:00
        ("Europe/Berlin", "2026-10-25T03:30", False),  # a Berlin time that Kyiv's clocks pass twice
    ],
)
def test_meeting_times_are_read_in_the_zone_they_were_written_in(zone, wall, error):
    day = (timezone.localdate() + timedelta(days=400)).isoformat()
    form = MeetingForm(
        {"topic": "Call", "duration_minutes": "60", "time_zone": zone, "time_1": wall, "time_2": f"{day}T10:00"}
    )
    assert form.is_valid() is not error
    if not error:
        assert form.times()[0].utcoffset() == timedelta(hours=1)


def test_a_clear_checkbox_sent_with_a_message_is_no_file(client, accepted, officer_a):
    response = login(client, officer_a).post(_url(accepted, "message"), {"body": "Hi", "attachment-clear": "on"})
    assert response.status_code == 302 and Message.objects.get().attachment.name == ""


def test_a_pdf_named_like_an_image_is_stored_and_served_as_a_pdf(client, accepted, officer_a, private_uploads):
    login(client, officer_a).post(_url(accepted, "message"), {"body": "", "attachment": pdf_upload("scan.jpg")})
    message = Message.objects.get()
    response = client.get(reverse("matching_parties:attachment", args=[message.pk]))
    assert response["Content-Type"] == "application/pdf" and message.attachment_name == "scan.pdf"


def test_the_slot_calendar_of_a_month_at_the_end_of_time_shows_this_month(client, staff):
    response = login(client, staff).get(reverse("matching:trial_slots"), {"month": "9999-12"})
    assert response.status_code == 200


def test_a_message_or_a_meeting_sent_twice_is_made_once(client, accepted, officer_a):
    login(client, officer_a)
    key = re.search(r'name="submission_key" value="([0-9a-f]{32})"', client.get(_url(accepted)).content.decode())[1]
    day = timezone.localdate() + timedelta(days=5)
    meeting = {"topic": "Call", "duration_minutes": "60", "time_zone": "Europe/Kyiv", "submission_key": key}
    meeting.update({"time_1": f"{day}T10:00", "time_2": f"{day}T15:00"})
    for _ in range(2):
        client.post(_url(accepted, "message"), {"body": "Hello", "submission_key": key})
        client.post(_url(accepted, "meeting_propose"), meeting)
    assert Message.objects.count() == 1 and accepted.meetings.count() == 1


def test_the_match_page_counts_what_the_reader_has_not_read_and_names_the_next_confirmed_meeting(
    client, accepted, startup_a_admin, officer_a, staff
):
    services.message_send(match=accepted, by=startup_a_admin, body="Our own note, never unread to us")
    services.message_send(match=accepted, by=officer_a, body="Read before the page was opened")
    login(client, startup_a_admin).get(_url(accepted))  # opening the work reads what is there
    services.message_send(match=accepted, by=officer_a, body="New from the unit")
    services.message_send(match=accepted, by=staff, body="New from the office")
    soon, later = timezone.now() + timedelta(days=2), timezone.now() + timedelta(days=5)
    for topic, start in (("Second call", later), ("First call", soon), ("Never confirmed", soon - timedelta(hours=5))):
        meeting = services.meeting_propose(
            match=accepted, by=officer_a, topic=topic, times=[start, start + timedelta(hours=1)], time_zone="UTC"
        )
        if topic != "Never confirmed":
            services.meeting_confirm(meeting=meeting, by=startup_a_admin, slot_id=meeting.slots.first().pk)
    html = client.get(reverse("matching_parties:detail", args=[accepted.pk])).content.decode()
    card = re.search(r'data-testid="work-card".*?</section>', html, re.S).group()
    assert "2 unread messages" in card and "Next meeting: First call" in card
    assert "Second call" not in card and "Never confirmed" not in card


def test_the_work_summary_counts_each_matchs_own_messages_inside_a_larger_query(accepted, startup_a_admin, officer_a):
    quiet = make_match(
        accepted.capability_request, OfferFactory(organisation=accepted.offer.organisation), state="accepted"
    )
    services.message_send(match=accepted, by=officer_a, body="Can you ship in May?")
    with_unread = with_work_summary(Match.objects.all(), startup_a_admin).filter(work_unread__gt=0)
    inside = Match.objects.filter(capability_request__in=with_unread.values("capability_request_id"))
    assert set(inside) == {accepted, quiet}  # the request of the match with an unread message, and its every match
    assert set(Match.objects.filter(pk__in=with_unread.values("pk"))) == {accepted}
