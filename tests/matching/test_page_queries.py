"""What the matching pages cost: the same few queries whatever the number of matches, events or runs."""

import pytest
from django.urls import reverse

from matching.models import MatchAction, MatchEvent, MatchState, RunStatus, ScoringRun
from tests.conftest import login
from tests.factories import OfferFactory, OrganisationFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def _matches(unit, startup, state=MatchState.SUGGESTED):
    def add(count):
        for _ in range(count):
            make_match(CapabilityRequestFactory(organisation=unit), OfferFactory(organisation=startup), state=state)

    return add


def _events_of(match, actor):
    def add(count):
        for _ in range(count):
            MatchEvent.objects.create(
                match=match, actor=actor, action=MatchAction.NOTE, from_state=match.state, to_state=match.state
            )

    return add


@pytest.fixture
def accepted(unit_a, officer_a, startup_a):
    capability_request = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a)
    return make_match(capability_request, OfferFactory(organisation=startup_a), state=MatchState.ACCEPTED)


# The queue: the user, the two menus of its filters, a page of requests with their total, their pairs, and the
# staff who may curate them.
QUEUE_QUERIES = 6


def _curated_requests(unit, startup, curator):
    """Requests of four pairs each (one more than a group shows), curated by `curator`."""

    def add(count):
        for _ in range(count):
            capability_request = CapabilityRequestFactory(organisation=unit, curator=curator)
            for _ in range(4):
                make_match(capability_request, OfferFactory(organisation=startup))

    return add


def test_the_queue(pinned, client, staff, unit_a):
    login(client, staff)
    pinned(client, reverse("matching:queue"), _matches(unit_a, OrganisationFactory()), most=QUEUE_QUERIES)


def test_the_queue_of_curated_requests_with_more_pairs_than_shown(pinned, client, staff, unit_a, startup_a):
    login(client, staff)
    url = f"{reverse('matching:queue')}?curator=mine"
    pinned(client, url, _curated_requests(unit_a, startup_a, staff), most=QUEUE_QUERIES)


def test_the_queue_with_filters(pinned, client, staff, unit_a, startup_a):
    login(client, staff)
    url = f"{reverse('matching:queue')}?startup={startup_a.pk}&urgency=priority"
    pinned(client, url, _matches(unit_a, startup_a), most=QUEUE_QUERIES)


def test_the_staff_match_page(pinned, client, staff, accepted):
    login(client, staff)
    pinned(client, reverse("matching:match_detail", args=[accepted.pk]), _events_of(accepted, staff))


def test_the_match_page_for_the_startup(pinned, client, startup_a_admin, accepted):
    login(client, startup_a_admin)
    url = reverse("matching_parties:detail", args=[accepted.pk])
    pinned(client, url, _events_of(accepted, startup_a_admin))


def test_the_match_page_for_the_officer(pinned, client, officer_a, accepted):
    login(client, officer_a)
    pinned(client, reverse("matching_parties:detail", args=[accepted.pk]), _events_of(accepted, officer_a))


def test_the_proposals_to_a_startup(pinned, client, startup_a_admin, startup_a, unit_a):
    login(client, startup_a_admin)
    pinned(client, reverse("matching_parties:list"), _matches(unit_a, startup_a, MatchState.PROPOSED))


def test_the_proposals_to_an_officer(pinned, client, officer_a, unit_a):
    login(client, officer_a)
    url = reverse("matching_parties:list")
    pinned(client, url, _matches(unit_a, OrganisationFactory(), MatchState.PROPOSED))


def test_the_candidates_of_a_request(pinned, client, staff, unit_a):
    capability_request = CapabilityRequestFactory(organisation=unit_a)

    def add(count):
        for _ in range(count):
            make_match(capability_request, OfferFactory(organisation=OrganisationFactory()))

    # The user, the request, its candidates and the staff who may curate it.
    login(client, staff)
    pinned(client, reverse("matching:request_candidates", args=[capability_request.pk]), add, most=6)


def test_the_dashboard(pinned, client, staff, unit_a):
    # Five figures over three tables, one query each, and the user: one over the bound.
    login(client, staff)
    pinned(client, reverse("matching_dashboard:index"), _matches(unit_a, OrganisationFactory()), most=6)


def test_the_scoring_runs(pinned, client, staff):
    def add(count):
        ScoringRun.objects.bulk_create([ScoringRun(started_by=staff, status=RunStatus.FINISHED) for _ in range(count)])

    login(client, staff)
    pinned(client, reverse("matching:runs"), add)


def test_the_requests_that_fit_a_startups_offers(pinned, client, startup_a_admin, startup_a, unit_a):
    login(client, startup_a_admin)
    pinned(client, reverse("matching_parties:fitting_requests"), _matches(unit_a, startup_a))
