"""An introduction completes only while both sides are live: a suspended organisation's members may not answer
a proposal or move a match on, nor read the other side; a cancelled request or an archived offer ends the
introduction. Each test fails on the code before the rule moved into matching/states.py and permissions.py."""

import pytest
from django.urls import reverse

from matching.models import Match, MatchState
from matching.selectors import counterpart_for, match_get
from needs.services import request_cancel
from offers.services import offer_archive
from profiles.services import organisation_set_vetting
from tests.api.world import _fresh_throttle_counters, api, world  # noqa: F401  (fixtures)
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _suspend(organisation, staff):
    organisation_set_vetting(organisation=organisation, to_state="suspended", note="Under investigation.", by=staff)


def _accept_url(match) -> str:
    return f"/api/v1/matches/{match.pk}/accept/"


def _reloaded(match) -> Match:
    return Match.objects.get(pk=match.pk)


def test_a_suspended_startup_cannot_accept_through_the_api(api, world):
    # given
    _suspend(world.startup_a_org, world.staff)

    # when
    response = api["startup_a"].post(_accept_url(world.proposed_match), {"message": "Yes."}, format="json")

    # then
    assert response.status_code in (403, 404, 409)
    assert _reloaded(world.proposed_match).startup_accepted_at is None


def test_a_suspended_startup_cannot_accept_through_the_page(client, world):
    # given
    _suspend(world.startup_a_org, world.staff)

    # when
    login(client, world.startup_a).post(reverse("matching_parties:move", args=[world.proposed_match.pk, "accept"]))

    # then
    assert _reloaded(world.proposed_match).startup_accepted_at is None


def test_a_startup_suspended_after_its_yes_never_meets_the_unit(api, world):
    # given: the startup said yes, then staff suspended it
    api["startup_a"].post(_accept_url(world.proposed_match), {}, format="json")
    _suspend(world.startup_a_org, world.staff)

    # when: the officer says yes too
    response = api["officer_a"].post(_accept_url(world.proposed_match), {}, format="json")

    # then: the introduction does not complete, and nothing of the unit reaches the startup
    assert response.status_code == 409
    assert _reloaded(world.proposed_match).state == MatchState.PROPOSED
    body = api["startup_a"].get(f"/api/v1/matches/{world.proposed_match.pk}/")
    assert world.unit_a.legal_name not in body.content.decode()
    assert world.officer_a.email not in body.content.decode()


def test_a_startup_suspended_after_the_introduction_no_longer_reads_the_unit(api, world):
    # given: both sides accepted, then staff suspended the startup
    api["startup_a"].post(_accept_url(world.proposed_match), {}, format="json")
    api["officer_a"].post(_accept_url(world.proposed_match), {}, format="json")
    assert _reloaded(world.proposed_match).state == MatchState.ACCEPTED
    _suspend(world.startup_a_org, world.staff)

    # when
    match = match_get(world.startup_a, world.proposed_match.pk)
    detail = api["startup_a"].get(f"/api/v1/matches/{world.proposed_match.pk}/")

    # then
    assert counterpart_for(world.startup_a, match) is None
    assert world.unit_a.legal_name not in detail.content.decode()
    assert world.officer_a.email not in detail.content.decode()
    pilot = api["startup_a"].post(f"/api/v1/matches/{world.proposed_match.pk}/start_pilot/", {}, format="json")
    assert pilot.status_code in (403, 404, 409)
    assert _reloaded(world.proposed_match).state == MatchState.ACCEPTED


@pytest.mark.parametrize("ended", ["request_cancelled", "offer_archived"])
def test_an_introduction_cannot_complete_once_either_side_is_gone(api, world, ended):
    # given: the startup accepted, then the request was cancelled or the offer archived
    api["startup_a"].post(_accept_url(world.proposed_match), {}, format="json")
    if ended == "request_cancelled":
        request_cancel(capability_request=world.vetted_request, by=world.officer_a)
    else:
        offer_archive(offer=world.published_offer, by=world.startup_a)

    # when
    response = api["officer_a"].post(_accept_url(world.proposed_match), {}, format="json")

    # then
    assert response.status_code == 409
    assert _reloaded(world.proposed_match).state == MatchState.PROPOSED
    assert counterpart_for(world.startup_a, match_get(world.startup_a, world.proposed_match.pk)) is None


def test_an_officer_of_a_suspended_unit_can_neither_accept_nor_move_the_match_on(api, world):
    # given: the startup accepted; staff suspend the unit
    api["startup_a"].post(_accept_url(world.proposed_match), {}, format="json")
    _suspend(world.unit_a, world.staff)

    # when
    accepted = api["officer_a"].post(_accept_url(world.proposed_match), {}, format="json")

    # then
    assert accepted.status_code in (403, 404, 409)
    assert _reloaded(world.proposed_match).state == MatchState.PROPOSED


def test_an_officer_of_a_suspended_unit_cannot_start_the_pilot(api, world):
    # given: both accepted, then staff suspend the unit
    api["startup_a"].post(_accept_url(world.proposed_match), {}, format="json")
    api["officer_a"].post(_accept_url(world.proposed_match), {}, format="json")
    _suspend(world.unit_a, world.staff)

    # when
    response = api["officer_a"].post(f"/api/v1/matches/{world.proposed_match.pk}/start_pilot/", {}, format="json")

    # then
    assert response.status_code in (403, 404, 409)
    assert _reloaded(world.proposed_match).state == MatchState.ACCEPTED
