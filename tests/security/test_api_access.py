"""The REST API's permission harness: every /api/v1/ route has rows, and every row holds for all seven roles,
calling with a personal token; the same table then holds for the browser session of each role."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from taxonomy.models import CapabilityArea
from tests.api.world import token_client, world  # noqa: F401  (fixtures)
from tests.conftest import login
from tests.security.api_access_table import API_ACCESS_TABLE, OK, ROLES


def _api_route_names() -> list[str]:
    api = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api")
    return [f"api:{pattern.name}" for pattern in api.url_patterns if isinstance(pattern, URLPattern)]


def test_every_api_route_has_a_row():
    routes = _api_route_names()
    assert len(routes) > 20
    missing = [route for route in routes if route not in {name.split("#")[0] for name in API_ACCESS_TABLE}]
    assert not missing, f"API routes without a row in tests/security/api_access_table.py: {missing}"


def test_every_row_names_an_api_route_that_exists():
    routes = set(_api_route_names())
    assert not [name for name in API_ACCESS_TABLE if name.split("#")[0] not in routes]


def outcome(response) -> str | int:
    return OK if 200 <= response.status_code < 300 else response.status_code


def _call(client, world, row):
    world.area_id = CapabilityArea.objects.order_by("position").values_list("pk", flat=True).first()
    data = row.data(world) if row.data else None
    return getattr(client, row.method)(row.url(world), data, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(API_ACCESS_TABLE))
def test_the_api_answers_each_role_as_the_table_says(world, route, role):
    row = API_ACCESS_TABLE[route]
    response = _call(token_client(getattr(world, role) if role != "anonymous" else None), world, row)
    assert outcome(response) == row.expect[role], f"{route} as {role}: {response.status_code} {response.content[:300]}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
@pytest.mark.parametrize("route", sorted(API_ACCESS_TABLE))
def test_a_browser_session_gets_the_same_answers(client, world, route, role):
    """The site's own calls use the session (second factor passed) instead of a token: same rights."""
    row = API_ACCESS_TABLE[route]
    login(client, getattr(world, role))
    world.area_id = CapabilityArea.objects.order_by("position").values_list("pk", flat=True).first()
    if row.method == "get":
        response = client.get(row.url(world))
    else:
        body = row.data(world) if row.data else {}
        response = getattr(client, row.method)(row.url(world), body, content_type="application/json")
    assert outcome(response) == row.expect[role], f"{route} as {role}: {response.status_code} {response.content[:300]}"
