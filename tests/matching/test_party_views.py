"""The parties' pages: proposals, answers, pulls; and what each side may not see or do. The work after the
introduction is in test_together_views.py."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from matching.models import Match, MatchAction, MatchEvent, MatchState
from matching.templatetags.matching_pulls import interest_form, introduction_form
from profiles.models import User
from profiles.services import organisation_set_vetting
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vetted_request(unit_a, officer_a):
    return CapabilityRequestFactory(
        organisation=unit_a,
        created_by=officer_a,
        title="Night interceptors for the eastern sector",
        description="Unit A0001 near Kharkiv needs them.",
        budget_min_eur=123456,
        budget_max_eur=654321,
    )


@pytest.fixture
def offer_a(startup_a):
    return OfferFactory(organisation=startup_a, title="Alpha interceptor")


@pytest.fixture
def proposed(vetted_request, offer_a):
    return make_match(vetted_request, offer_a, state="proposed")


def _detail(match):
    return reverse("matching_parties:detail", args=[match.pk])


def _act(match, action):
    return reverse("matching_parties:move", args=[match.pk, action])


def test_each_side_lists_the_proposals_addressed_to_it_and_nothing_else(
    client, proposed, vetted_request, offer_a, startup_a_admin, officer_a, startup_b_admin
):
    suggested = make_match(CapabilityRequestFactory(organisation=vetted_request.organisation), offer_a)
    for user in (startup_a_admin, officer_a):
        client.logout()
        rows = login(client, user).get(reverse("matching_parties:list")).context["rows"]
        assert [row["match"] for row in rows] == [proposed]
    assert suggested.pk not in [
        row["match"].pk for row in login(client, startup_b_admin).get(reverse("matching_parties:list")).context["rows"]
    ]
    client.logout()
    assert login(client, startup_b_admin).get(reverse("matching_parties:list")).context["rows"] == []


def test_the_startup_reads_its_summary_and_the_anonymised_request_never_the_budget_or_the_unit(
    client, proposed, startup_a_admin, unit_a, officer_a
):
    html = login(client, startup_a_admin).get(_detail(proposed)).content.decode()
    assert "Summary for the startup." in html and "Summary for the officer." not in html
    assert "Night interceptors for the eastern sector" in html
    for secret in (unit_a.legal_name, officer_a.email, officer_a.full_name, "123456", "654321", "123 456"):
        assert secret not in html


def test_a_restricted_request_reaches_the_startup_only_through_the_summary(client, unit_a, offer_a, startup_a_admin):
    restricted = CapabilityRequestFactory(
        organisation=unit_a, visibility="restricted", title="Secret radios", description="For brigade HQ."
    )
    match = make_match(restricted, offer_a, state="proposed")
    html = login(client, startup_a_admin).get(_detail(match)).content.decode()
    assert "Secret radios" not in html and "For brigade HQ." not in html
    assert 'data-testid="request-withheld"' in html


def test_the_officer_sees_its_request_and_the_offers_public_facts(client, proposed, officer_a, startup_a):
    html = login(client, officer_a).get(_detail(proposed)).content.decode()
    assert "Summary for the officer." in html and "Alpha interceptor" in html and "TRL 7" in html
    assert startup_a.legal_name not in html


def test_both_accept_then_each_sees_the_others_contact_but_never_the_budget(
    client, proposed, startup_a_admin, officer_a, unit_a, startup_a
):
    login(client, startup_a_admin).post(_act(proposed, "accept"), {"message": "Glad to."})
    assert Match.objects.get(pk=proposed.pk).state == MatchState.PROPOSED
    assert 'data-testid="counterpart"' not in client.get(_detail(proposed)).content.decode()
    client.logout()
    login(client, officer_a).post(_act(proposed, "accept"))
    assert Match.objects.get(pk=proposed.pk).state == MatchState.ACCEPTED
    officer_html = client.get(_detail(proposed)).content.decode()
    assert startup_a.legal_name in officer_html and startup_a_admin.email in officer_html
    client.logout()
    startup_html = login(client, startup_a_admin).get(_detail(proposed)).content.decode()
    assert unit_a.legal_name in startup_html and officer_a.email in startup_html
    assert "123456" not in startup_html and "654321" not in startup_html


def test_decline_with_a_message(client, proposed, officer_a):
    login(client, officer_a).post(_act(proposed, "decline"), {"message": "Too late for us."})
    assert Match.objects.get(pk=proposed.pk).state == MatchState.DECLINED
    assert MatchEvent.objects.get(match=proposed, action="decline").note == "Too late for us."


def test_an_illegal_answer_shows_the_message_and_changes_nothing(client, proposed, startup_a_admin):
    login(client, startup_a_admin).post(_act(proposed, "accept"))
    response = client.post(_act(proposed, "accept"), follow=True)
    assert "You have already accepted this introduction." in response.content.decode()
    assert MatchEvent.objects.filter(match=proposed, action="accept").count() == 1


def test_startup_b_can_neither_see_nor_act_on_startup_as_proposal(client, proposed, startup_b_admin):
    login(client, startup_b_admin)
    assert client.get(_detail(proposed)).status_code == 404
    for action in ("accept", "decline", "start_pilot"):
        assert client.post(_act(proposed, action)).status_code == 404
    assert Match.objects.get(pk=proposed.pk).startup_accepted_at is None


def test_officer_b_cannot_act_on_officer_as_match(client, proposed, officer_b):
    login(client, officer_b)
    assert client.get(_detail(proposed)).status_code == 404
    assert client.post(_act(proposed, "accept")).status_code == 404
    assert client.post(_act(proposed, "decline")).status_code == 404
    assert Match.objects.get(pk=proposed.pk).state == MatchState.PROPOSED


# Pulls ------------------------------------------------------------------------------------------------


def test_a_vetted_startup_expresses_interest_from_the_request_page(client, vetted_request, offer_a, startup_a_admin):
    login(client, startup_a_admin)
    assert 'data-testid="interest"' in client.get(reverse("needs:detail", args=[vetted_request.pk])).content.decode()
    url = reverse("matching_parties:express_interest", args=[vetted_request.pk])
    response = client.post(url, {"offer": offer_a.pk, "pitch": ""}, follow=True)
    assert "This field is required." in response.content.decode() and not Match.objects.exists()
    client.post(url, {"offer": offer_a.pk, "pitch": "Our interceptor is field-proven."})
    match = Match.objects.get(capability_request=vetted_request, offer=offer_a)
    assert (match.source, match.pull_note) == ("startup_interest", "Our interceptor is field-proven.")
    assert MatchEvent.objects.filter(match=match, action=MatchAction.INTEREST).exists()


def test_interest_on_a_request_being_handled_shows_the_message(
    client, proposed, vetted_request, offer_a, startup_a_admin
):
    response = login(client, startup_a_admin).post(
        reverse("matching_parties:express_interest", args=[vetted_request.pk]),
        {"offer": offer_a.pk, "pitch": "Again."},
        follow=True,
    )
    assert "The office is already handling this pair." in response.content.decode()


def _interest(client, capability_request, offer) -> tuple:
    """What the startup notices of its interest: the pages it is sent through, and the messages it reads."""
    response = client.post(
        reverse("matching_parties:express_interest", args=[capability_request.pk]),
        {"offer": offer.pk, "pitch": "Our interceptor is field-proven."},
        follow=True,
    )
    redirects = [(url.replace(str(capability_request.pk), "<pk>"), status) for url, status in response.redirect_chain]
    return response.status_code, redirects, [str(message) for message in response.context["messages"]]


def test_interest_in_a_pair_staff_dismissed_is_answered_like_interest_in_a_fresh_pair(
    client, vetted_request, offer_a, officer_a, startup_a_admin, staff
):
    # given: two requests alike; staff dismissed the startup's offer for the first, never paired it with the other
    fresh_request = CapabilityRequestFactory(
        organisation=vetted_request.organisation, created_by=officer_a, title="Night interceptors, southern sector"
    )
    dismissed = make_match(vetted_request, offer_a, state=MatchState.DISMISSED)
    login(client, startup_a_admin)

    # when
    on_dismissed = _interest(client, vetted_request, offer_a)
    on_fresh = _interest(client, fresh_request, offer_a)

    # then: the startup cannot tell them apart; staff see the pitch on the dismissed pair
    assert on_dismissed == on_fresh
    assert "The office has your interest and will come back to you." in on_fresh[2]
    assert MatchEvent.objects.filter(match=dismissed, action=MatchAction.INTEREST, actor=startup_a_admin).exists()
    assert staff.notifications.filter(kind__in=["match.changed", "match.event"]).count() == 2


def test_a_startup_cannot_pitch_another_startups_offer(client, vetted_request, startup_b_admin, offer_a):
    login(client, startup_b_admin).post(
        reverse("matching_parties:express_interest", args=[vetted_request.pk]),
        {"offer": offer_a.pk, "pitch": "Mine now."},
    )
    assert not Match.objects.exists()


def test_an_officer_asks_for_an_introduction_from_the_offer_page(client, vetted_request, offer_a, officer_a):
    login(client, officer_a)
    assert 'data-testid="introduction"' in client.get(reverse("offers:detail", args=[offer_a.pk])).content.decode()
    client.post(
        reverse("matching_parties:request_introduction", args=[offer_a.pk]),
        {"capability_request": vetted_request.pk, "note": "Fits our need."},
    )
    match = Match.objects.get(capability_request=vetted_request, offer=offer_a)
    assert (match.source, match.state) == ("officer_request", MatchState.SUGGESTED)


def test_officer_b_cannot_ask_for_an_introduction_on_officer_as_request(client, vetted_request, offer_a, officer_b):
    login(client, officer_b).post(
        reverse("matching_parties:request_introduction", args=[offer_a.pk]),
        {"capability_request": vetted_request.pk, "note": "Mine."},
    )
    assert not Match.objects.exists()


def _pull_forms_shown_to(user, vetted_request, offer_a) -> set[str]:
    context = {"request": SimpleNamespace(user=user, GET={})}
    shown = {"interest": interest_form(context, vetted_request.pk), "introduction": introduction_form(context, offer_a)}
    return {name for name, form in shown.items() if form["show"]}


def test_the_pull_forms_show_only_to_those_who_may_use_them(
    vetted_request, offer_a, staff, startup_a_admin, officer_a, startup_a, unit_a
):
    # given: each role, then both organisations suspended (each user read again, as on their next request)
    before = {
        user.pk: _pull_forms_shown_to(user, vetted_request, offer_a) for user in (staff, startup_a_admin, officer_a)
    }
    for organisation in (startup_a, unit_a):
        organisation_set_vetting(organisation=organisation, to_state="suspended", note="Checks failed.", by=staff)
    startup_member, officer = User.objects.get(pk=startup_a_admin.pk), User.objects.get(pk=officer_a.pk)

    # then
    assert before == {staff.pk: set(), startup_a_admin.pk: {"interest"}, officer_a.pk: {"introduction"}}
    assert _pull_forms_shown_to(startup_member, vetted_request, offer_a) == set()
    assert _pull_forms_shown_to(officer, vetted_request, offer_a) == set()


AWAITED = "Your answer is awaited"


def test_the_list_awaits_an_answer_only_from_those_who_may_give_it(
    client, proposed, staff, startup_a, startup_a_admin, officer_a
):
    # given: the proposal awaits both sides
    listed = reverse("matching_parties:list")
    assert AWAITED in login(client, officer_a).get(listed).content.decode()

    # when: staff suspend the startup
    organisation_set_vetting(organisation=startup_a, to_state="suspended", note="Checks failed.", by=staff)

    # then: neither the suspended startup nor the officer, whose yes would now be refused, is asked for one
    for user in (startup_a_admin, officer_a):
        response = login(client, user).get(listed)
        assert response.status_code == 200
        assert 'data-testid="proposal-row"' in response.content.decode()
        assert AWAITED not in response.content.decode()


def test_the_interest_form_preselects_no_offer(client, vetted_request, offer_a, startup_a_admin):
    # when
    page = login(client, startup_a_admin).get(reverse("needs:detail", args=[vetted_request.pk])).content.decode()
    sent_without_choice = client.post(
        reverse("matching_parties:express_interest", args=[vetted_request.pk]), {"pitch": "Ours fits."}, follow=True
    )

    # then: the first choice is a blank prompt, and sending without choosing says what to do
    options = re.findall(r"<option[^>]*>[^<]*</option>", page)
    assert options[0] == '<option value="" selected>Choose one of your offers</option>'
    assert "Choose the offer that answers this request." in sent_without_choice.content.decode()
    assert not Match.objects.exists()


@pytest.mark.parametrize("state", [None, MatchState.SUGGESTED, MatchState.DISMISSED])
def test_the_same_interest_sent_twice_is_recorded_once_and_the_startup_is_told(
    client, vetted_request, offer_a, startup_a_admin, state
):
    # given: a fresh pair, one the engine suggested, or one staff dismissed: the startup is told the same
    if state is not None:
        make_match(vetted_request, offer_a, state=state)
    login(client, startup_a_admin)
    _interest(client, vetted_request, offer_a)

    # when
    again = _interest(client, vetted_request, offer_a)

    # then
    assert again[2] == ["You have already expressed interest with this offer."]
    assert MatchEvent.objects.filter(action=MatchAction.INTEREST).count() == 1


def test_the_same_introduction_request_sent_twice_is_recorded_once(client, vetted_request, offer_a, officer_a):
    login(client, officer_a)
    url = reverse("matching_parties:request_introduction", args=[offer_a.pk])
    client.post(url, {"capability_request": vetted_request.pk, "note": "Fits our need."})
    again = client.post(url, {"capability_request": vetted_request.pk, "note": "Fits our need."}, follow=True)
    assert "You have already asked for an introduction to this offer." in again.content.decode()
    assert MatchEvent.objects.filter(action=MatchAction.INTRODUCTION_REQUEST).count() == 1
