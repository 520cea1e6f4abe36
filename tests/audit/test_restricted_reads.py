"""Every path that shows staff a restricted request's text writes one audit row per request shown, and a
path that does not show it writes none. The routes come from the permission harness's tables, so a new page
or API route is checked the day it is added."""

import pytest
from django.urls import reverse

from matching.models import Match
from needs.models import Visibility
from tests.api.world import token_client
from tests.api.world import world as api_world  # noqa: F401  (fixture)
from tests.conftest import login
from tests.factories import restricted_reads
from tests.security.access_table import ACCESS_TABLE, ALLOW
from tests.security.api_access_table import API_ACCESS_TABLE, OK
from tests.security.test_access import world  # noqa: F401  (fixture)

PAGE_ROUTES = sorted(name for name, row in ACCESS_TABLE.items() if row.method == "get" and row.expect["staff"] == ALLOW)
API_ROUTES = sorted(name for name, row in API_ACCESS_TABLE.items() if row.method == "get" and row.expect["staff"] == OK)


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _make_restricted(world) -> list:
    """Both of unit A's requests become restricted, with titles nothing else contains; each has a pair in the
    queue and the vetted one keeps its proposed match."""
    requests = [world.vetted_request, world.restricted_request]
    for number, capability_request in enumerate(requests, start=1):
        capability_request.visibility = Visibility.RESTRICTED
        capability_request.title = f"Zqxv restricted need {number}"
        capability_request.save(update_fields=["visibility", "title"])
        Match.objects.get_or_create(
            capability_request=capability_request, offer=world.published_offer, defaults={"score": 0.9}
        )
    return requests


def _check_each_read(route, text, requests, before):
    for capability_request in requests:
        shown = capability_request.title in text
        written = restricted_reads(capability_request).count() - before[capability_request.pk]
        assert written == (1 if shown else 0), (
            f"{route}: {'shows' if shown else 'does not show'} {capability_request.title!r}, {written} audit rows"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_each_page_audits_each_restricted_request_it_shows_staff(client, world, route):  # noqa: F811
    requests = _make_restricted(world)
    login(client, world.staff)
    url = ACCESS_TABLE[route].url(world)
    before = {r.pk: restricted_reads(r).count() for r in requests}
    response = client.get(url)
    _check_each_read(route, _text(response), requests, before)


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ROUTES)
def test_each_api_route_audits_each_restricted_request_it_shows_staff(api_world, route):  # noqa: F811
    requests = _make_restricted(api_world)
    row = API_ACCESS_TABLE[route]
    before = {r.pk: restricted_reads(r).count() for r in requests}
    response = token_client(api_world.staff).get(row.url(api_world), format="json")
    _check_each_read(route, _text(response), requests, before)


@pytest.mark.django_db
def test_the_full_api_list_of_requests_audits_every_restricted_one(api_world):  # noqa: F811
    requests = _make_restricted(api_world)
    response = token_client(api_world.staff).get("/api/v1/requests/", {"page_size": 100})
    assert response.status_code == 200
    assert [restricted_reads(r, user=api_world.staff).count() for r in requests] == [1, 1]


@pytest.mark.django_db
def test_a_search_audits_only_what_it_finds(client, world):  # noqa: F811
    first, second = _make_restricted(world)
    login(client, world.staff)
    client.get(reverse("needs:list"), {"q": "need 2"})
    assert (restricted_reads(first).count(), restricted_reads(second).count()) == (0, 1)


@pytest.mark.django_db
def test_an_api_edit_by_staff_is_a_read_too(api_world):  # noqa: F811
    first, _ = _make_restricted(api_world)
    response = token_client(api_world.staff).patch(f"/api/v1/requests/{first.pk}/", {"quantity": 7}, format="json")
    assert response.status_code == 200 and restricted_reads(first, user=api_world.staff).count() == 1


@pytest.mark.django_db
def test_menus_and_exports_name_a_restricted_request_by_number_only(client, world):  # noqa: F811
    first, second = _make_restricted(world)
    login(client, world.staff)
    # The queue narrowed to a request names it in its chip by number; the group below shows (and audits) it.
    queue = client.get(reverse("matching:queue"), {"request": second.pk}).content.decode()
    export = _text(client.get(reverse("matching_dashboard:matches_csv")))
    assert f"Request: Restricted request no. {second.pk}" in queue
    assert first.title not in export and f"Restricted request no. {first.pk}" in export
