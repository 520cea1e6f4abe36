"""Matches over the API: staff curate and read the engine's explanation; the parties read their side only, meet
each other once both accept; every action is the workflow's service. Notifications: one's own, marked read."""

import pytest
from django.utils import timezone

from matching.models import Match, MatchEvent
from needs.models import CapabilityRequest
from notifications.models import Notification
from notifications.services import notification_create
from tests.matching.helpers import agree_plan
from tests.security.api_access_table import accepted_match

pytestmark = pytest.mark.django_db


def test_staff_read_the_score_and_explanation_parties_do_not(api, world):
    url = f"/api/v1/matches/{world.proposed_match.pk}/"

    by_staff, by_startup, by_officer = (api[role].get(url).json() for role in ("staff", "startup_a", "officer_a"))

    assert by_staff["explanation"]["text"] == ["Both are about drones."] and by_staff["score"] == 0.8
    assert by_staff["checks"][0]["status"] == "fail" and by_staff["failed_checks"] == 1
    for party in (by_startup, by_officer):
        assert not {"score", "checks", "explanation", "summary_for_officer", "summary_for_startup"} & set(party)
    assert by_startup["summary"] == "A unit needs detectors."
    assert by_officer["summary"] == "An acoustic detector fits."
    assert "capability_request" not in by_startup


def test_a_startup_meets_the_unit_only_after_both_accept(api, world):
    url = f"/api/v1/matches/{world.proposed_match.pk}/"

    # when: the startup accepts first
    first = api["startup_a"].post(url + "accept/", {"message": "Gladly."}, format="json").json()
    # then: still no names
    assert first["counterpart"] is None and first["startup_accepted"] is True and first["state"] == "proposed"

    # when the officer accepts too
    both = api["officer_a"].post(url + "accept/", {}, format="json").json()
    startup_view = api["startup_a"].get(url).json()

    # then
    assert both["state"] == "accepted"
    assert both["counterpart"]["organisation"] == "Alpha Drones GmbH"
    assert startup_view["counterpart"]["organisation"] == world.unit_a.legal_name
    assert "90000" not in str(startup_view)


def test_staff_shortlist_propose_and_the_match_moves_on_through_pilot(api, world):
    url = f"/api/v1/matches/{world.suggested_match.pk}/"
    staff = api["staff"]

    shortlisted = staff.post(url + "shortlist/", format="json")
    proposed = staff.post(url + "propose/", {"summary_for_startup": "S", "summary_for_officer": "O"}, format="json")
    early = staff.post(url + "start_pilot/", {}, format="json")
    api["startup_b"].post(url + "accept/", {}, format="json")
    api["officer_a"].post(url + "accept/", {}, format="json")
    without_a_plan = api["officer_a"].post(url + "start_pilot/", {"note": "In March."}, format="json")
    work = api["officer_a"].get(url + "work/").json()
    agree_plan(world.suggested_match, startup=world.startup_b, officer=world.officer_a)
    pilot = api["officer_a"].post(url + "start_pilot/", {"note": "In March."}, format="json")

    assert shortlisted.json()["state"] == "shortlisted"
    assert proposed.json()["state"] == "proposed"
    assert early.status_code == 409 and without_a_plan.status_code == 409
    assert work["plan"] is None and work["pilot_refusal"].startswith("Write the pilot plan first")
    assert pilot.json()["state"] == "piloting"
    actions = list(MatchEvent.objects.filter(match=world.suggested_match).values_list("action", flat=True))
    assert actions == ["shortlist", "propose", "accept", "accept", "plan", "plan_confirm", "start_pilot"]


def test_the_parties_write_to_the_conversation_and_read_the_work_through_the_api(api, world):
    url = f"/api/v1/matches/{accepted_match(world).pk}/"

    written = api["officer_a"].post(url + "messages/", {"body": "Can you ship ten in May?"}, format="json")
    empty = api["startup_a"].post(url + "messages/", {"body": ""}, format="json")
    work = api["startup_a"].get(url + "work/").json()

    assert written.status_code == 201 and written.json()["side"] == "the requesting organisation"
    assert empty.status_code == 400 and "body" in empty.json()["error"]["fields"]
    assert [message["body"] for message in work["messages"]] == ["Can you ship ten in May?"]
    assert work["export"]["controlled"] is True and "dual-use" in work["export"]["implication"]
    assert api["startup_b"].get(url + "work/").status_code == 404


def test_staff_dismiss_with_a_coded_reason(api, world):
    url = f"/api/v1/matches/{world.suggested_match.pk}/dismiss/"

    without_note = api["staff"].post(url, {"reason": "other"}, format="json")
    dismissed = api["staff"].post(url, {"reason": "too_slow"}, format="json")

    assert without_note.status_code == 400 and "note" in without_note.json()["error"]["fields"]
    assert dismissed.json()["state"] == "dismissed" and dismissed.json()["dismiss_reason"] == "too_slow"


def test_parties_list_only_matches_proposed_to_them(api, world):
    def listed(role):
        return {row["id"] for row in api[role].get("/api/v1/matches/").json()["results"]}

    assert listed("startup_a") == {world.proposed_match.pk}
    assert listed("officer_a") == {world.proposed_match.pk}
    assert listed("startup_b") == set()  # its match is only suggested
    assert listed("officer_b") == set()
    assert listed("staff") == {world.proposed_match.pk, world.suggested_match.pk}
    assert {row["id"] for row in api["staff"].get("/api/v1/matches/", {"state": "suggested"}).json()["results"]} == {
        world.suggested_match.pk
    }


def test_a_declined_introduction_cannot_be_accepted(api, world):
    url = f"/api/v1/matches/{world.proposed_match.pk}/"
    api["officer_a"].post(url + "decline/", {"message": "Not now."}, format="json")

    response = api["startup_a"].post(url + "accept/", {}, format="json")

    assert response.status_code == 409


def test_notifications_are_ones_own_and_are_marked_read(api, world):
    # when
    listed = api["startup_a"].get("/api/v1/notifications/", {"unread": "true"}).json()["results"]
    by_other = api["staff"].post(f"/api/v1/notifications/{world.notification.pk}/read/", format="json")
    marked = api["startup_a"].post(f"/api/v1/notifications/{world.notification.pk}/read/", format="json")

    # then
    assert [row["id"] for row in listed] == [world.notification.pk]
    assert listed[0]["text"] == "Alpha Drones GmbH: Vetted"
    assert by_other.status_code == 404
    assert marked.json()["read_at"] is not None
    assert api["startup_a"].get("/api/v1/notifications/", {"unread": "true"}).json()["results"] == []
    assert api["staff"].get("/api/v1/notifications/").json()["results"] == []


def test_mark_all_read_touches_only_ones_own(api, world, roles):
    notification_create(
        recipient=roles["startup_b"],
        kind="organisation.vetted",
        dedup_key="b",
        url="/home/",
        context={"organisation": "Bravo", "state_label": "Vetted"},
        subject_type="profiles.organisation",
        subject_id=roles["startup_b"].organisation.pk,
    )

    response = api["startup_a"].post("/api/v1/notifications/read-all/", format="json")

    assert response.json() == {"marked": 1}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_staff_read_the_dashboards_figures_others_get_404(api, world):
    response = api["staff"].get("/api/v1/dashboard/")

    figures = response.json()
    funnel = {tally["key"]: tally["value"] for tally in figures["funnel"]}
    assert funnel["proposed"] == 1 and funnel["suggested"] == 1
    assert {tally["key"]: tally["value"] for tally in figures["requests_by_urgency"]}["priority"] == 3
    assert figures["time_to_first_proposal"]["count"] == 1
    assert api["officer_a"].get("/api/v1/dashboard/").status_code == 404


def test_each_reader_is_told_the_moves_they_may_make(api, world):
    # given
    url = f"/api/v1/matches/{world.proposed_match.pk}/"

    # when: the startup accepts first
    after_yes = api["startup_a"].post(url + "accept/", {}, format="json").json()
    officer_view = api["officer_a"].get(url).json()
    staff_view = api["staff"].get(url).json()
    listed = api["officer_a"].get("/api/v1/matches/").json()["results"]

    # then: the startup may still withdraw, the officer answer, staff nothing before both said yes
    assert after_yes["moves"] == ["decline"]
    assert officer_view["moves"] == ["accept", "decline"]
    assert staff_view["moves"] == []
    assert [row["moves"] for row in listed] == [["accept", "decline"]]


@pytest.fixture
def restricted_proposal(world):
    """A match proposed to startup A on officer A's restricted request: the startup reads only the summary."""
    return Match.objects.create(
        capability_request=world.restricted_request,
        offer=world.published_offer,
        score=0.7,
        state="proposed",
        proposed_at=timezone.now(),
        summary_for_startup="A unit needs a jammer.",
        summary_for_officer="A jammer fits.",
    )


def test_a_startup_cannot_confirm_the_id_of_a_restricted_request_by_filtering_matches(api, world, restricted_proposal):
    # given
    nonexistent = CapabilityRequest.objects.order_by("-pk").first().pk + 1000

    # when
    by_hidden_id = api["startup_a"].get("/api/v1/matches/", {"capability_request": world.restricted_request.pk})
    by_nonexistent_id = api["startup_a"].get("/api/v1/matches/", {"capability_request": nonexistent})
    by_readable_id = api["startup_a"].get("/api/v1/matches/", {"capability_request": world.vetted_request.pk})

    # then: the hidden request answers like no request at all; one the startup may read still filters
    assert (by_hidden_id.status_code, by_hidden_id.json()) == (by_nonexistent_id.status_code, by_nonexistent_id.json())
    assert by_hidden_id.json()["results"] == []
    assert [row["id"] for row in by_readable_id.json()["results"]] == [world.proposed_match.pk]
    officers = api["officer_a"].get("/api/v1/matches/", {"capability_request": world.restricted_request.pk}).json()
    assert [row["id"] for row in officers["results"]] == [restricted_proposal.pk]


def test_a_startup_reads_no_request_id_in_its_matches(api, world, restricted_proposal):
    listed = api["startup_a"].get("/api/v1/matches/").json()["results"]
    detail = api["startup_a"].get(f"/api/v1/matches/{restricted_proposal.pk}/").json()

    assert {row["id"] for row in listed} == {world.proposed_match.pk, restricted_proposal.pk}
    for view in (*listed, detail):
        assert "capability_request" not in view
    assert "Secret jammer need" not in str(listed) + str(detail)
