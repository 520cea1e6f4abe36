"""matching/states.py is the one home of the match lifecycle: every state is reachable, every move has a
service that makes it, and the staff page, the party page and the API offer exactly the moves it allows."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from matching import services, states
from matching.models import Match, MatchState, PilotPlan, TrialReport
from profiles.models import Organisation, User
from tests.api.world import token_client
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

# The fields each move needs to succeed, in a form post and in an API call alike.
MOVE_FIELDS = {
    "dismiss": {"reason": "duplicate"},
    "propose": {"summary_for_startup": "A unit needs it.", "summary_for_officer": "It fits."},
}
BUTTON = re.compile(r'data-testid="(?:move-|step-)?(\w+)"')
MOVE_NAMES = set(states.MATCH.moves)


@pytest.fixture
def pair(unit_a, officer_a, startup_a):
    return CapabilityRequestFactory(organisation=unit_a, created_by=officer_a), OfferFactory(organisation=startup_a)


@pytest.fixture
def people(staff, startup_a_admin, officer_a):
    return {"staff": staff, "startup": startup_a_admin, "officer": officer_a}


# The "who" column of states.MATCH: who may make each move, whatever the state. Staff curate and may record the
# steps after the introduction; only the two parties answer; a party whose organisation is suspended, and any
# other organisation's member, makes no move at all.
PARTIES = {"startup", "officer"}
WHO = {
    "shortlist": {"staff"},
    "dismiss": {"staff"},
    "propose": {"staff"},
    "accept": PARTIES,
    "decline": PARTIES,
    "start_pilot": {"staff", *PARTIES},
    "contract": {"staff", *PARTIES},
    "close": {"staff", *PARTIES},
}
READERS = ("staff", "startup", "officer", "suspended startup", "suspended officer", "another startup", "another unit")


@pytest.fixture
def reader(request, people, startup_b_admin, officer_b):
    """A name of READERS and its user; "suspended …" is that party once the office suspended its organisation."""
    name = request.param
    if name.startswith("suspended "):
        party = people[name.removeprefix("suspended ")]
        Organisation.objects.filter(pk=party.organisation.pk).update(vetting_state="suspended")
        return name, User.objects.get(pk=party.pk)
    return name, {**people, "another startup": startup_b_admin, "another unit": officer_b}[name]


def _match(pair, state: str, **fields) -> Match:
    Match.objects.all().delete()
    return make_match(*pair, state=state, **fields)


def _prepare(match: Match, name: str) -> None:
    """What a move needs beyond the state: a plan both sides confirmed before the pilot, a report before the
    contract or the close of a pilot."""
    now = timezone.now()
    if name == "start_pilot" or match.state == MatchState.PILOTING:
        today = timezone.localdate()
        PilotPlan.objects.create(
            match=match,
            location="Range",
            starts_on=today,
            ends_on=today,
            quantity=1,
            shipping_paid_by="startup",
            startup_confirmed_at=now,
            officer_confirmed_at=now,
        )
    if match.state == MatchState.PILOTING and name in ("contract", "close"):
        TrialReport.objects.create(match=match, rating=4, what_worked="Yes", would_order_more=True)


def test_every_state_is_reachable_from_the_first():
    assert states.MATCH.reachable() == set(MatchState.values)


def test_the_exits_and_the_end_are_final():
    assert states.MATCH.final_states() == {MatchState.CLOSED, MatchState.DISMISSED, MatchState.DECLINED}


def test_every_move_has_a_service_and_every_service_a_move():
    assert set(services.MOVE_SERVICES) == MOVE_NAMES


@pytest.mark.parametrize("name", sorted(MOVE_NAMES))
def test_each_service_makes_its_move(pair, people, name):
    # given: a match in the move's first source state, the other side's yes already given for accept
    move = states.MATCH[name]
    answered = {"officer_accepted_at": timezone.now()} if name == "accept" else {}
    match = _match(pair, move.sources[0], **answered)
    _prepare(match, name)
    user = next(user for user in people.values() if move.may(user, match))

    # when
    fields = {"message": ""} if name in ("accept", "decline") else MOVE_FIELDS.get(name, {})
    services.MOVE_SERVICES[name](match=match, by=user, **fields)

    # then
    assert Match.objects.get(pk=match.pk).state == move.target


def test_a_first_yes_is_recorded_without_changing_the_state(pair, people):
    match = _match(pair, MatchState.PROPOSED)
    services.match_accept(match=match, by=people["startup"])
    match.refresh_from_db()
    assert (match.state, match.startup_accepted_at is not None) == (MatchState.PROPOSED, True)
    assert "accept" not in {move.name for move in states.moves_for(people["startup"], match)}
    assert "accept" in {move.name for move in states.moves_for(people["officer"], match)}


def _allowed(user, match) -> set[str]:
    return {move.name for move in states.moves_for(user, match)}


def _buttons(response) -> set[str]:
    return set(BUTTON.findall(response.content.decode())) & MOVE_NAMES


CASES = [(state, {}) for state in MatchState.values] + [(MatchState.PROPOSED, {"startup_accepted_at": timezone.now()})]


@pytest.mark.parametrize(("state", "fields"), CASES)
def test_the_staff_page_offers_exactly_the_allowed_moves(client, pair, people, state, fields):
    match = _match(pair, state, **fields)
    response = login(client, people["staff"]).get(reverse("matching:match_detail", args=[match.pk]))
    assert _buttons(response) == _allowed(people["staff"], match)


@pytest.mark.parametrize(("state", "fields"), CASES)
@pytest.mark.parametrize("side", ["startup", "officer"])
def test_the_party_page_offers_exactly_the_allowed_moves(client, pair, people, state, fields, side):
    match = _match(pair, state, **fields)
    response = login(client, people[side]).get(reverse("matching_parties:detail", args=[match.pk]))
    if state not in states.PROPOSED_OR_LATER:
        assert response.status_code == 404 and not _allowed(people[side], match)
        return
    assert _buttons(response) == _allowed(people[side], match)


def test_the_api_has_one_endpoint_per_move():
    for name in MOVE_NAMES:
        assert reverse(f"api:match-{name.replace('_', '-')}", args=[1]) == f"/api/v1/matches/1/{name}/"


@pytest.mark.parametrize(("state", "fields"), CASES)
@pytest.mark.parametrize("who", ["staff", "startup", "officer"])
def test_the_api_makes_exactly_the_allowed_moves(pair, people, state, fields, who):
    client = token_client(people[who])
    made = set()
    for name in sorted(MOVE_NAMES):
        match = _match(pair, state, **fields)
        body = {"message": ""} if name in ("accept", "decline") else MOVE_FIELDS.get(name, {})
        response = client.post(f"/api/v1/matches/{match.pk}/{name}/", body, format="json")
        assert response.status_code in (200, 403, 404, 409), (name, response.status_code, response.content[:200])
        if response.status_code == 200:
            made.add(name)
    assert made == _allowed(people[who], _match(pair, state, **fields))


@pytest.mark.parametrize(("state", "fields"), CASES)
@pytest.mark.parametrize("who", ["staff", "startup", "officer"])
def test_the_api_lists_exactly_the_allowed_moves(pair, people, state, fields, who):
    match = _match(pair, state, **fields)
    response = token_client(people[who]).get(f"/api/v1/matches/{match.pk}/")
    if who != "staff" and state not in states.PROPOSED_OR_LATER:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.json()["moves"] == [move.name for move in states.moves_for(people[who], match)]


def test_the_pages_show_the_buttons_a_reader_expects(client, pair, people):
    # given
    suggested = _match(pair, MatchState.SUGGESTED)
    staff_buttons = _buttons(login(client, people["staff"]).get(reverse("matching:match_detail", args=[suggested.pk])))
    accepted = _match(pair, MatchState.ACCEPTED)
    login(client, people["officer"])
    before_the_plan = _buttons(client.get(reverse("matching_parties:detail", args=[accepted.pk])))
    _prepare(accepted, "start_pilot")
    with_a_plan = _buttons(client.get(reverse("matching_parties:detail", args=[accepted.pk])))

    # then: the pilot is offered once both sides confirmed its plan
    assert staff_buttons == {"shortlist", "dismiss", "propose"}
    assert before_the_plan == {"decline"}
    assert with_a_plan == {"decline", "start_pilot"}


def test_the_who_column_names_every_move_and_nothing_else():
    assert set(WHO) == MOVE_NAMES


@pytest.mark.parametrize("reader", READERS, indirect=True)
@pytest.mark.parametrize("name", sorted(MOVE_NAMES))
def test_each_move_is_made_only_by_those_the_who_column_names(pair, reader, name):
    # given: a match where the state allows the move
    who, user = reader
    move = states.MATCH[name]
    match = _match(pair, move.sources[0])
    allowed = who in WHO[name]

    # when / then: the rule, and the service, answer alike
    assert move.may(user, match) is allowed
    if not allowed:
        fields = {"message": ""} if name in ("accept", "decline") else MOVE_FIELDS.get(name, {})
        with pytest.raises(PermissionDenied):
            services.MOVE_SERVICES[name](match=match, by=user, **fields)
        assert Match.objects.get(pk=match.pk).state == move.sources[0]
