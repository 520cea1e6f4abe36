"""Capability requests over the API: whole records for their officers and staff, the anonymised projection
for vetted startups (no organisation, officer or budget), and the same services for every write."""

from datetime import timedelta

import pytest
from django.utils import timezone

from needs.models import CapabilityRequest
from taxonomy.models import CapabilityArea
from tests.api.world import error_of
from tests.factories import restricted_reads

pytestmark = pytest.mark.django_db
SECRETS = ("Військова частина", "budget", "organisation", "created_by", "officer")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_vetted_startup_reads_open_vetted_requests_anonymised(api, world):
    # when
    rows = results(api["startup_b"].get("/api/v1/open-requests/"))
    one = api["startup_b"].get(f"/api/v1/open-requests/{world.vetted_request.pk}/")

    # then: neither restricted nor draft requests, and nothing that names the unit or its money
    assert {row["id"] for row in rows} == {world.vetted_request.pk, world.other_request.pk}
    for body in [*rows, one.json()]:
        text = str(body)
        assert not any(secret in text for secret in SECRETS), body
        assert "90000" not in text
    assert one.json()["requester"] == "a Ukrainian defence unit"


def test_a_pending_startup_sees_no_requests(api, world):
    assert results(api["pending_startup"].get("/api/v1/open-requests/")) == []
    assert api["pending_startup"].get(f"/api/v1/open-requests/{world.vetted_request.pk}/").status_code == 404


def test_startups_filter_the_catalogue_like_the_page(api, world):
    world.other_request.urgency = "critical"
    world.other_request.save(update_fields=["urgency"])

    urgent = results(api["startup_a"].get("/api/v1/open-requests/", {"ordering": "urgent"}))
    searched = results(api["startup_a"].get("/api/v1/open-requests/", {"search": "demining"}))
    critical = results(api["startup_a"].get("/api/v1/open-requests/", {"urgency": "critical"}))

    assert urgent[0]["id"] == world.other_request.pk
    assert [row["id"] for row in searched] == [world.other_request.pk]
    assert [row["id"] for row in critical] == [world.other_request.pk]


def test_an_officer_lists_only_their_organisations_requests(api, world):
    rows = results(api["officer_a"].get("/api/v1/requests/"))

    assert {row["id"] for row in rows} == {world.vetted_request.pk, world.restricted_request.pk, world.draft_request.pk}
    assert {row["organisation"] for row in rows} == {world.unit_a.pk}
    assert results(api["startup_a"].get("/api/v1/requests/")) == []


def test_another_units_request_cannot_be_read_or_written_by_id(api, world):
    url = f"/api/v1/requests/{world.other_request.pk}/"

    assert api["officer_a"].get(url).status_code == 404
    assert api["officer_a"].patch(url, {"quantity": 1}, format="json").status_code == 404
    assert api["officer_a"].post(url + "cancel/").status_code == 404
    world.other_request.refresh_from_db()
    assert world.other_request.state == "open" and world.other_request.quantity == 20


def test_an_officer_drafts_edits_and_opens_a_request(api, world):
    # given
    area = CapabilityArea.objects.order_by("position").first()
    body = {
        "title": "Night sights",
        "description": "We need night sights.",
        "language": "uk",
        "areas": [area.pk],
        "min_trl": 5,
        "quantity": 10,
        "needed_by": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "budget_min_eur": 100,
        "budget_max_eur": 200,
        "conditions": ["night", "winter"],
    }

    # when
    created = api["officer_a"].post("/api/v1/requests/", body, format="json")
    pk = created.json()["id"]
    edited = api["officer_a"].patch(f"/api/v1/requests/{pk}/", {"quantity": 12}, format="json")
    opened = api["officer_a"].post(f"/api/v1/requests/{pk}/open/")
    reopened = api["officer_a"].post(f"/api/v1/requests/{pk}/open/")

    # then
    assert created.status_code == 201 and created.json()["state"] == "draft"
    assert edited.json()["quantity"] == 12 and edited.json()["budget_max_eur"] == 200
    assert edited.json()["conditions"] == ["night", "winter"]
    assert opened.json()["state"] == "open"
    assert reopened.status_code == 409
    assert CapabilityRequest.objects.get(pk=pk).organisation == world.unit_a


def test_a_past_deadline_is_refused_by_the_service(api, world):
    body = {"needed_by": (timezone.localdate() - timedelta(days=1)).isoformat()}

    response = api["officer_a"].patch(f"/api/v1/requests/{world.vetted_request.pk}/", body, format="json")

    assert response.status_code == 400
    assert "needed_by" in error_of(response)["fields"]


def test_staff_reads_of_restricted_requests_are_audited(api, world):
    api["staff"].get(f"/api/v1/requests/{world.restricted_request.pk}/")
    api["officer_a"].get(f"/api/v1/requests/{world.restricted_request.pk}/")

    reads = restricted_reads(world.restricted_request)
    assert [read.actor for read in reads] == [world.staff]
