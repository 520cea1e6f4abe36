"""Cursor pages: every row exactly once whatever the ordering (nulls and ties included), no COUNT(*) and no
OFFSET, and the same number of queries per request whatever the page size."""

import base64
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import Match
from notifications.services import notification_create
from offers.models import OfferState
from tests.api.world import error_of
from tests.factories import OfferFactory, OrganisationFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def walk(client, url: str, params: dict) -> tuple[list[int], int]:
    """Every id of a list, following `next`; and how many pages it took."""
    seen, pages, response = [], 0, client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        pages += 1
        if body["next"] is None:
            return seen, pages
        response = client.get(body["next"])


@pytest.fixture
def catalogue(world):
    """Offers with repeated TRLs and lead times (ties), and drafts without a publication date (nulls, for staff)."""
    base = timezone.now()
    for n in range(23):
        OfferFactory(
            organisation=world.startup_b_org,
            trl=1 + n % 3,
            lead_time_days=10 * (n % 4),
            published_at=base - timedelta(hours=n % 5),
        )
    for _ in range(4):
        OfferFactory(organisation=world.startup_b_org, state=OfferState.DRAFT, published_at=None)
    return world


@pytest.mark.parametrize("ordering", ["newest", "trl", "lead_time"])
@pytest.mark.parametrize("role", ["officer_a", "staff"])
def test_walking_the_catalogue_by_cursor_gives_every_offer_once_in_the_pages_order(api, catalogue, ordering, role):
    # when
    walked, pages = walk(api[role], "/api/v1/offers/", {"ordering": ordering, "page_size": 4})
    whole = api[role].get("/api/v1/offers/", {"ordering": ordering, "page_size": 100}).json()["results"]

    # then
    assert walked == [row["id"] for row in whole]
    assert len(walked) == len(set(walked)) == (25 if role == "officer_a" else 31)
    assert pages == -(-len(walked) // 4)


def test_walking_the_startups_catalogue_by_urgency(api, world):
    for n in range(9):
        CapabilityRequestFactory(organisation=world.unit_b, urgency=("routine", "priority", "critical")[n % 3])

    walked, _ = walk(api["startup_a"], "/api/v1/open-requests/", {"ordering": "urgent", "page_size": 2})
    whole = api["startup_a"].get("/api/v1/open-requests/", {"ordering": "urgent", "page_size": 100}).json()["results"]

    assert walked == [row["id"] for row in whole] and len(walked) == 11


def test_a_page_is_one_keyset_query_without_count_or_offset(api, catalogue):
    first = api["officer_a"].get("/api/v1/offers/", {"page_size": 5}).json()

    with CaptureQueriesContext(connection) as queries:
        api["officer_a"].get(first["next"])

    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "COUNT(" not in sql and "OFFSET" not in sql


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        _cursor(None),
        _cursor([1]),
        _cursor(["a", 1, 2]),
        _cursor(["yesterday", 1]),
        _cursor([None, "x"]),
        _cursor([True, 1]),
    ],
)
def test_a_forged_cursor_is_400(api, world, cursor):
    response = api["officer_a"].get("/api/v1/offers/", {"cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in error_of(response)["fields"]


@pytest.mark.parametrize("page_size", ["0", "101", "many"])
def test_a_page_size_out_of_range_is_400(api, world, page_size):
    assert api["officer_a"].get("/api/v1/offers/", {"page_size": page_size}).status_code == 400


@pytest.fixture
def many(world, roles):
    """Sixty of everything each list shows, so that a page of 50 is full."""
    for n in range(60):
        OrganisationFactory()
        offer = OfferFactory(organisation=world.startup_a_org)
        request = CapabilityRequestFactory(organisation=world.unit_a)
        Match.objects.create(
            capability_request=request,
            offer=offer,
            score=0.5,
            state="proposed",
            proposed_at=timezone.now(),
            summary_for_startup="S",
            summary_for_officer="O",
        )
        notification_create(
            recipient=roles["startup_a"],
            kind="organisation.vetted",
            dedup_key=f"many-{n}",
            url="/home/",
            context={"organisation": "Alpha", "state_label": "Vetted"},
            subject_type="profiles.organisation",
            subject_id=roles["startup_a"].organisation.pk,
        )
    return world


LISTS = [
    ("officer_a", "/api/v1/offers/", {"area": "1", "search": "fibre", "trl_min": "1"}),
    ("staff", "/api/v1/offers/", {}),
    ("startup_a", "/api/v1/offers/mine/", {}),
    ("officer_a", "/api/v1/requests/", {"search": "drones"}),
    ("staff", "/api/v1/requests/", {}),
    ("startup_b", "/api/v1/open-requests/", {"area": "1"}),
    ("startup_a", "/api/v1/matches/", {}),
    ("officer_a", "/api/v1/matches/", {}),
    ("staff", "/api/v1/matches/", {}),
    ("startup_a", "/api/v1/notifications/", {}),
    ("staff", "/api/v1/organisations/", {}),
]


@pytest.mark.parametrize(("role", "url", "params"), LISTS)
def test_a_list_costs_the_same_queries_for_5_rows_as_for_50(
    api, many, django_assert_max_num_queries, role, url, params
):
    # given: a first call so that per-process caches (content types, the token's last use) are warm
    client = api[role]
    client.get(url, params)

    # when
    with CaptureQueriesContext(connection) as small:
        five = client.get(url, {**params, "page_size": 5})
    with django_assert_max_num_queries(len(small.captured_queries)):
        fifty = client.get(url, {**params, "page_size": 50})

    # then
    assert len(five.json()["results"]) == 5
    assert len(fifty.json()["results"]) == 50
    assert len(small.captured_queries) <= 8


def _forged_cursors(client, url: str, params: dict, value) -> list[str]:
    """`value` in each place of the list's own cursor (when it has a second page), and in cursors of every length."""
    shapes = [[value] * length for length in range(1, 6)]
    following = client.get(url, {**params, "page_size": 1}).json()["next"]
    if following:
        issued = json.loads(base64.urlsafe_b64decode(following.split("cursor=")[1].split("&")[0] + "=="))
        shapes += [issued[:place] + [value] + issued[place + 1 :] for place in range(len(issued))]
    return [_cursor(shape) for shape in shapes]


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 2**70, -(2**70), "\x00"])
@pytest.mark.parametrize(("role", "url", "params"), LISTS)
def test_a_cursor_holding_a_value_no_row_can_have_is_400_on_every_list(api, world, role, url, params, value):
    # given
    cursors = _forged_cursors(api[role], url, params, value)

    # when
    responses = [api[role].get(url, {**params, "cursor": cursor}) for cursor in cursors]

    # then
    for response in responses:
        assert response.status_code == 400, response.content
        assert error_of(response)["fields"] == {"cursor": ["This cursor is not valid."]}
