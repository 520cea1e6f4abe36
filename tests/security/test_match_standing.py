"""An introduction completes only while both sides are live: a suspended organisation's members may not answer
a proposal or move a match on, nor read the other side, and nobody reads a suspended organisation's identity;
a cancelled request or an archived offer ends the introduction. A suspended member still reads their own
matches (200); a move that is not theirs to make answers 403, one the pair no longer allows 409."""

import pytest
from django.urls import reverse

from matching.models import Match, MatchState
from matching.selectors import counterpart_for, match_get
from needs.services import request_cancel
from offers.services import offer_archive
from profiles.services import organisation_set_vetting
from tests.api.world import api, world  # noqa: F401  (fixtures)
from tests.conftest import login
from tests.matching.helpers import agree_plan

pytestmark = pytest.mark.django_db


def _suspend(organisation, staff):
    organisation_set_vetting(organisation=organisation, to_state="suspended", note="Under investigation.", by=staff)


def _url(match, move: str = "") -> str:
    return f"/api/v1/matches/{match.pk}/{move}/" if move else f"/api/v1/matches/{match.pk}/"


def _reloaded(match) -> Match:
    return Match.objects.get(pk=match.pk)


def _both_accept(api, match) -> None:
    api["startup_a"].post(_url(match, "accept"), {}, format="json")
    api["officer_a"].post(_url(match, "accept"), {}, format="json")
    assert _reloaded(match).state == MatchState.ACCEPTED


def _read_by(api, role: str, match):
    """The reader's view of the match: it answers 200 and names nobody on the other side."""
    response = api[role].get(_url(match))
    assert response.status_code == 200
    assert response.json()["counterpart"] is None
    return response.content.decode()


def _read_moves(api, role: str, match) -> list[str]:
    return api[role].get(_url(match)).json()["moves"]


def test_a_suspended_startup_cannot_accept_through_the_api(api, world):
    # given
    _suspend(world.startup_a_org, world.staff)

    # when
    response = api["startup_a"].post(_url(world.proposed_match, "accept"), {"message": "Yes."}, format="json")

    # then: it still sees the match, but the answer is not its to give
    assert response.status_code == 403
    assert _reloaded(world.proposed_match).startup_accepted_at is None


def test_a_suspended_startup_cannot_accept_through_the_page(client, world):
    # given
    _suspend(world.startup_a_org, world.staff)

    # when
    response = login(client, world.startup_a).post(
        reverse("matching_parties:move", args=[world.proposed_match.pk, "accept"])
    )

    # then
    assert response.status_code == 403
    assert _reloaded(world.proposed_match).startup_accepted_at is None


def test_a_startup_suspended_after_its_yes_never_meets_the_unit(api, world):
    # given: the startup said yes, then staff suspended it
    api["startup_a"].post(_url(world.proposed_match, "accept"), {}, format="json")
    _suspend(world.startup_a_org, world.staff)

    # when: the officer says yes too
    response = api["officer_a"].post(_url(world.proposed_match, "accept"), {}, format="json")

    # then: the introduction does not complete, and nothing of the unit reaches the startup
    assert response.status_code == 409
    assert _reloaded(world.proposed_match).state == MatchState.PROPOSED
    body = _read_by(api, "startup_a", world.proposed_match)
    assert world.unit_a.legal_name not in body
    assert world.officer_a.email not in body


def test_a_startup_suspended_after_the_introduction_no_longer_reads_the_unit(api, world):
    # given: both sides accepted, then staff suspended the startup
    _both_accept(api, world.proposed_match)
    _suspend(world.startup_a_org, world.staff)

    # when
    match = match_get(world.startup_a, world.proposed_match.pk)
    body = _read_by(api, "startup_a", world.proposed_match)
    pilot = api["startup_a"].post(_url(world.proposed_match, "start_pilot"), {}, format="json")

    # then
    assert counterpart_for(world.startup_a, match) is None
    assert world.unit_a.legal_name not in body
    assert world.officer_a.email not in body
    assert pilot.status_code == 403
    assert _reloaded(world.proposed_match).state == MatchState.ACCEPTED


def test_the_unit_no_longer_reads_a_startup_suspended_after_the_introduction(api, client, world):
    # given: both sides accepted, then staff suspended the startup
    _both_accept(api, world.proposed_match)
    _suspend(world.startup_a_org, world.staff)

    # when: the officer, in good standing, opens the match in the API and on its page
    body = _read_by(api, "officer_a", world.proposed_match)
    page = login(client, world.officer_a).get(reverse("matching_parties:detail", args=[world.proposed_match.pk]))

    # then: the startup's name and contact stay hidden
    assert counterpart_for(world.officer_a, match_get(world.officer_a, world.proposed_match.pk)) is None
    assert page.status_code == 200
    assert page.context["counterpart"] is None
    for text in (body, page.content.decode()):
        assert world.startup_a_org.legal_name not in text
        assert world.startup_a.email not in text


def test_a_startup_no_longer_reads_a_unit_suspended_after_the_introduction(api, world):
    # given: both sides accepted, then staff suspended the unit
    _both_accept(api, world.proposed_match)
    _suspend(world.unit_a, world.staff)

    # when
    body = _read_by(api, "startup_a", world.proposed_match)

    # then
    assert counterpart_for(world.startup_a, match_get(world.startup_a, world.proposed_match.pk)) is None
    assert world.unit_a.legal_name not in body
    assert world.officer_a.email not in body


@pytest.mark.parametrize("role", ["officer_a", "staff"])
def test_no_pilot_starts_with_a_suspended_startup(api, world, role):
    # given: both sides accepted, then staff suspended the startup
    _both_accept(api, world.proposed_match)
    _suspend(world.startup_a_org, world.staff)

    # when: the unit, in good standing, or staff try to start the pilot
    response = api[role].post(_url(world.proposed_match, "start_pilot"), {}, format="json")

    # then: the pair forbids it, and no one is offered the move
    assert response.status_code == 409
    assert "start_pilot" not in _read_moves(api, role, world.proposed_match)
    assert _reloaded(world.proposed_match).state == MatchState.ACCEPTED


def test_staff_still_close_a_match_whose_startup_was_suspended(api, world):
    # given: a pilot under way, then staff suspended the startup
    _both_accept(api, world.proposed_match)
    agree_plan(world.proposed_match, startup=world.startup_a, officer=world.officer_a)
    assert api["officer_a"].post(_url(world.proposed_match, "start_pilot"), {}, format="json").status_code == 200
    _suspend(world.startup_a_org, world.staff)

    # when
    contract = api["officer_a"].post(_url(world.proposed_match, "contract"), {}, format="json")
    closed = api["staff"].post(_url(world.proposed_match, "close"), {"note": "Wound down."}, format="json")

    # then: no contract with a suspended startup, but the match can be wound down
    assert contract.status_code == 409
    assert closed.status_code == 200
    assert _reloaded(world.proposed_match).state == MatchState.CLOSED


@pytest.mark.parametrize("ended", ["request_cancelled", "offer_archived"])
def test_an_introduction_cannot_complete_once_either_side_is_gone(api, world, ended):
    # given: the startup accepted, then the request was cancelled or the offer archived
    api["startup_a"].post(_url(world.proposed_match, "accept"), {}, format="json")
    if ended == "request_cancelled":
        request_cancel(capability_request=world.vetted_request, by=world.officer_a)
    else:
        offer_archive(offer=world.published_offer, by=world.startup_a)

    # when
    response = api["officer_a"].post(_url(world.proposed_match, "accept"), {}, format="json")

    # then
    assert response.status_code == 409
    assert _reloaded(world.proposed_match).state == MatchState.PROPOSED
    assert counterpart_for(world.startup_a, match_get(world.startup_a, world.proposed_match.pk)) is None


def test_an_officer_of_a_suspended_unit_can_neither_accept_nor_move_the_match_on(api, world):
    # given: the startup accepted; staff suspend the unit
    api["startup_a"].post(_url(world.proposed_match, "accept"), {}, format="json")
    _suspend(world.unit_a, world.staff)

    # when
    accepted = api["officer_a"].post(_url(world.proposed_match, "accept"), {}, format="json")

    # then: the officer still sees the match, but the answer is not theirs to give
    assert accepted.status_code == 403
    assert _reloaded(world.proposed_match).state == MatchState.PROPOSED


def test_an_officer_of_a_suspended_unit_cannot_start_the_pilot(api, world):
    # given: both accepted, then staff suspend the unit
    _both_accept(api, world.proposed_match)
    _suspend(world.unit_a, world.staff)

    # when
    response = api["officer_a"].post(_url(world.proposed_match, "start_pilot"), {}, format="json")

    # then
    assert response.status_code == 403
    assert _reloaded(world.proposed_match).state == MatchState.ACCEPTED
