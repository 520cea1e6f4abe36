"""The staff's pages: the match queue with its filters and bulk actions, and one match with its curation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import Match, MatchAction, MatchEvent, MatchState
from taxonomy.models import CapabilityArea
from tests.conftest import login
from tests.factories import OfferFactory, restricted_reads
from tests.files import pdf_bytes
from tests.matching.helpers import agree_plan, make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("matching:queue")


def area(slug):
    return CapabilityArea.objects.get(slug=slug)


@pytest.fixture
def queue(unit_a, startup_a, startup_b):
    interceptors = CapabilityRequestFactory(
        organisation=unit_a, title="Interceptors", urgency="critical", areas=[area("uas-aerial-interceptor")]
    )
    demining = CapabilityRequestFactory(
        organisation=unit_a, title="Demining", urgency="routine", areas=[area("demining")]
    )
    alpha, bravo = (
        OfferFactory(organisation=startup_a, title="Alpha kit"),
        OfferFactory(organisation=startup_b, title="Bravo kit"),
    )
    return {
        "strong": make_match(interceptors, alpha, score=0.9),
        "pulled": make_match(
            demining, alpha, score=0.2, source="startup_interest", pull_note="We clear mines.", pulled_at=timezone.now()
        ),
        "shortlisted": make_match(interceptors, bravo, score=0.55, state="shortlisted"),
        "old": make_match(demining, bravo, score=0.45, created_at=timezone.now() - timedelta(days=40)),
        "proposed": make_match(CapabilityRequestFactory(organisation=unit_a), alpha, state="proposed"),
    }


def _pairs(response) -> list[Match]:
    """The matches the queue page shows, group after group (no group here has more than it shows)."""
    return [row["match"] for group in response.context["groups"] for row in group["shown"]]


def test_the_queue_groups_pairs_by_request_most_urgent_first_pulled_pairs_first_within(client, staff, queue):
    response = login(client, staff).get(QUEUE)
    assert [group["request"].title for group in response.context["groups"]] == ["Interceptors", "Demining"]
    assert _pairs(response) == [queue["strong"], queue["shortlisted"], queue["pulled"], queue["old"]]
    html = response.content.decode()
    assert "We clear mines." in html and html.count('class="check check-') == 4 * 2
    assert "Військова частина А0001" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"area": "unmanned-systems"}, {"strong", "shortlisted"}),
        ({"area": "demining"}, {"pulled", "old"}),
        ({"urgency": "critical"}, {"strong", "shortlisted"}),
        ({"score": "high"}, {"strong"}),
        ({"score": "low"}, {"pulled", "old"}),
        ({"state": "shortlisted"}, {"shortlisted"}),
        ({"age": "older"}, {"old"}),
        ({"age": "week"}, {"strong", "pulled", "shortlisted"}),
    ],
)
def test_filters(client, staff, queue, query, expected):
    if "area" in query:
        query = {"area": area(query["area"]).pk}
    response = login(client, staff).get(QUEUE, query)
    assert {name for name, match in queue.items() if match in _pairs(response)} == expected


def test_filter_by_request_and_by_startup(client, staff, queue, startup_b):
    login(client, staff)
    by_request = client.get(QUEUE, {"request": queue["strong"].capability_request_id})
    assert _pairs(by_request) == [queue["strong"], queue["shortlisted"]]
    by_startup = client.get(QUEUE, {"startup": startup_b.pk})
    assert _pairs(by_startup) == [queue["shortlisted"], queue["old"]]


def test_narrowed_to_a_request_and_a_startup_the_queue_names_each_with_a_link_that_drops_it(
    client, staff, queue, startup_b
):
    interceptors = queue["strong"].capability_request
    response = login(client, staff).get(
        QUEUE, {"request": interceptors.pk, "startup": startup_b.pk, "urgency": "critical"}
    )
    html = response.content.decode()
    assert _pairs(response) == [queue["shortlisted"]]
    assert "Request: Interceptors" in html and f"Startup: {startup_b.legal_name}" in html
    assert f'href="?startup={startup_b.pk}&amp;urgency=critical"' in html
    assert f'href="?request={interceptors.pk}&amp;urgency=critical"' in html
    # The filter form keeps both when another filter is applied.
    assert f'<input type="hidden" name="request" value="{interceptors.pk}"' in html


@pytest.mark.parametrize("bad", [{"request": "abc"}, {"startup": "-1"}, {"request": "²"}])
def test_a_filter_that_does_not_parse_is_left_out_and_the_others_still_apply(client, staff, queue, bad):
    response = login(client, staff).get(QUEUE, {**bad, "urgency": "critical"})
    assert response.status_code == 200
    assert _pairs(response) == [queue["strong"], queue["shortlisted"]]
    # The bad value is not carried into the next filtering.
    assert f'value="{next(iter(bad.values()))}"' not in response.content.decode()


def test_a_row_s_startup_link_keeps_the_other_filters(client, staff, queue, startup_b):
    html = login(client, staff).get(QUEUE, {"urgency": "critical"}).content.decode()
    assert f'href="?urgency=critical&amp;startup={startup_b.pk}"' in html


def test_the_filters_list_no_request_or_startup_however_many_there_are(client, staff, queue, startup_b):
    """Each row links its startup instead: a menu of every request and startup listed thousands."""
    html = login(client, staff).get(QUEUE).content.decode()
    assert 'name="request"' not in html and 'name="startup"' not in html
    assert f'href="?startup={startup_b.pk}"' in html


def test_bulk_shortlist(client, staff, queue):
    response = login(client, staff).post(
        QUEUE, {"action": "shortlist", "match_ids": [queue["strong"].pk, queue["old"].pk]}
    )
    assert response.status_code == 302
    assert Match.objects.get(pk=queue["strong"].pk).state == MatchState.SHORTLISTED
    assert Match.objects.get(pk=queue["old"].pk).state == MatchState.SHORTLISTED
    assert MatchEvent.objects.filter(action=MatchAction.SHORTLIST, actor=staff).count() == 2


def test_bulk_dismiss_needs_a_reason(client, staff, queue):
    login(client, staff)
    response = client.post(QUEUE, {"action": "dismiss", "match_ids": [queue["strong"].pk]}, follow=True)
    assert "Choose why the matches are dismissed." in response.content.decode()
    assert Match.objects.get(pk=queue["strong"].pk).state == MatchState.SUGGESTED
    client.post(
        QUEUE, {"action": "dismiss", "reason": "too_slow", "match_ids": [queue["strong"].pk, queue["shortlisted"].pk]}
    )
    assert set(Match.objects.filter(dismiss_reason="too_slow").values_list("state", flat=True)) == {
        MatchState.DISMISSED
    }
    assert Match.objects.filter(dismiss_reason="too_slow").count() == 2


def test_bulk_actions_report_the_refused_ones_and_change_nothing_for_them(client, staff, queue):
    response = login(client, staff).post(
        QUEUE,
        {"action": "shortlist", "match_ids": [queue["shortlisted"].pk, queue["strong"].pk]},
        follow=True,
    )
    assert "“Shortlisted” cannot become “Shortlisted”." in response.content.decode()
    assert Match.objects.get(pk=queue["strong"].pk).state == MatchState.SHORTLISTED


def _detail(match):
    return reverse("matching:match_detail", args=[match.pk])


def _act(match, action):
    if action == "note":
        return reverse("matching:match_note", args=[match.pk])
    return reverse("matching:match_move", args=[match.pk, action])


def test_the_match_page_shows_both_sides_the_explanation_and_the_internal_notes(client, staff, queue):
    match = queue["strong"]
    MatchEvent.objects.create(
        match=match, actor=staff, action="note", to_state="suggested", note="Call the startup.", internal=True
    )
    html = login(client, staff).get(_detail(match)).content.decode()
    for text in (
        "Interceptors",
        "Alpha kit",
        "Військова частина А0001",
        "Alpha Drones GmbH",
        "перехоплювач ≈ interceptor",
        "Interceptor drones (same area)",
        "Call the startup.",
    ):
        assert text in html


def test_staff_shortlist_dismiss_and_note_from_the_match_page(client, staff, queue):
    login(client, staff)
    match = queue["strong"]
    client.post(_act(match, "shortlist"))
    assert Match.objects.get(pk=match.pk).state == MatchState.SHORTLISTED
    client.post(_act(match, "note"), {"note": "Looks right."})
    assert MatchEvent.objects.get(match=match, action="note").internal
    response = client.post(_act(match, "dismiss"), {"reason": "other", "note": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    client.post(_act(match, "dismiss"), {"reason": "duplicate", "note": "Same as #4."})
    match.refresh_from_db()
    assert (match.state, match.dismiss_reason) == (MatchState.DISMISSED, "duplicate")


def test_propose_with_a_summary_for_each_side(client, staff, queue):
    match = queue["strong"]
    login(client, staff)
    response = client.post(_act(match, "propose"), {"summary_for_startup": "", "summary_for_officer": "x"})
    assert response.status_code == 400
    client.post(
        _act(match, "propose"), {"summary_for_startup": "For the startup.", "summary_for_officer": "For the officer."}
    )
    match.refresh_from_db()
    assert (match.state, match.summary_for_startup) == (MatchState.PROPOSED, "For the startup.")


def test_an_illegal_action_shows_the_services_message_and_changes_nothing(client, staff, queue):
    match = queue["proposed"]
    response = login(client, staff).post(_act(match, "shortlist"), follow=True)
    assert "“Proposed” cannot become “Shortlisted”." in response.content.decode()
    assert Match.objects.get(pk=match.pk).state == MatchState.PROPOSED


def test_an_unknown_action_is_404(client, staff, queue):
    assert login(client, staff).post(_act(queue["strong"], "explode")).status_code == 404


def test_a_restricted_requests_match_says_so_and_is_audited(client, staff, unit_a, startup_a):
    restricted = CapabilityRequestFactory(organisation=unit_a, visibility="restricted")
    match = make_match(restricted, OfferFactory(organisation=startup_a))
    html = login(client, staff).get(_detail(match)).content.decode()
    assert 'data-testid="restricted-notice"' in html and 'data-testid="restricted-help"' in html
    assert restricted_reads(restricted, user=staff).exists()


def test_staff_move_an_accepted_match_to_piloting_once_both_sides_agreed_the_plan(
    client, staff, queue, unit_a, startup_a, startup_a_admin, officer_a
):
    match = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )
    response = login(client, staff).post(_act(match, "start_pilot"), {"message": "Too early."}, follow=True)
    assert "Write the pilot plan first" in response.content.decode()
    assert Match.objects.get(pk=match.pk).state == MatchState.ACCEPTED
    agree_plan(match, startup=startup_a_admin, officer=officer_a)
    client.post(_act(match, "start_pilot"), {"message": "Ten units shipped."})
    assert Match.objects.get(pk=match.pk).state == MatchState.PILOTING
    assert MatchEvent.objects.get(match=match, action="start_pilot").note == "Ten units shipped."


def test_the_vetting_queue_shows_what_organisations_gave_at_registration(client, staff, pending_admin, pending_startup):
    html = login(client, staff).get(reverse("profiles_staff:organisation_list"), {"state": "pending"}).content.decode()
    for text in (
        pending_startup.legal_name,
        pending_startup.registration_number,
        pending_startup.website,
        pending_admin.email,
        "Builds reconnaissance drones.",
    ):
        assert text in html


def test_a_move_a_service_refuses_to_the_user_answers_403_on_the_staff_page(
    client, staff, unit_a, startup_a, monkeypatch
):
    # given: an accepted match, and a service that finds the move is not this user's to make
    match = make_match(
        CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a), state="accepted"
    )

    def refuse(**arguments):
        raise PermissionDenied("Not yours.")

    monkeypatch.setitem(services.MOVE_SERVICES, "start_pilot", refuse)

    # when
    response = login(client, staff).post(reverse("matching:match_move", args=[match.pk, "start_pilot"]))

    # then: refused as every page refuses it, not shown as a message after a redirect
    assert response.status_code == 403
    assert Match.objects.get(pk=match.pk).state == MatchState.ACCEPTED


def test_the_match_page_shows_what_staff_weigh_of_the_offer(client, staff, unit_a, startup_a, private_uploads):
    # given: an offer with a price band, a datasheet, a field test and a large capacity
    offer = OfferFactory(
        organisation=startup_a,
        price_min_eur=900,
        price_max_eur=1400,
        monthly_capacity=4000,
        field_tested_ua=True,
        field_tested_note="Three months with a brigade near Kupiansk.",
        datasheet=SimpleUploadedFile("sheet.pdf", pdf_bytes()),
    )
    match = make_match(CapabilityRequestFactory(organisation=unit_a), offer)

    # when
    html = login(client, staff).get(_detail(match)).content.decode()

    # then
    assert "€900 – €1,400" in html
    assert reverse("offers:datasheet", args=[offer.pk]) in html
    assert "Three months with a brigade near Kupiansk." in html
    assert "4,000 per month" in html
