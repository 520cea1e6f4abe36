"""The error shape and status codes, and the schema and its documentation page."""

import pytest
from django.urls import reverse

from offers.models import Offer
from tests.api.world import error_of

pytestmark = pytest.mark.django_db


def test_invalid_input_is_400_with_messages_per_field(api, world):
    response = api["startup_a"].post("/api/v1/offers/", {"title": "", "trl": 12}, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert {"title", "trl", "areas"} <= set(error["fields"])


def test_a_service_rule_comes_back_as_a_field_error(api, world):
    # given: the price band order is the offer service's rule, not the serializer's
    body = {"price_min_eur": 500, "price_max_eur": 100}

    response = api["startup_a"].patch(f"/api/v1/offers/{world.published_offer.pk}/", body, format="json")

    assert response.status_code == 400
    assert "price_max_eur" in error_of(response)["fields"]


@pytest.mark.parametrize("depth", [100_000, 2_000])
def test_a_body_nested_too_deeply_is_400_and_changes_nothing(api, world, depth):
    # given
    body = "[" * depth + "]" * depth
    offers_before = Offer.objects.count()

    # when
    response = api["startup_a"].post("/api/v1/offers/", body, content_type="application/json")

    # then
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "parse_error"
    assert error["message"] == "The JSON is nested too deeply."
    assert Offer.objects.count() == offers_before


def test_a_body_larger_than_the_limit_is_413_before_it_is_read(api, world, settings):
    # given: a limit of 1 MB; the client announces 60 MB and sends a few bytes, so reading the body would fail
    settings.REQUEST_BODY_MAX_BYTES = 1024 * 1024

    # when
    response = api["startup_a"].post(
        "/api/v1/offers/", "{}", content_type="application/json", CONTENT_LENGTH=str(60 * 1024 * 1024)
    )

    # then
    assert response.status_code == 413
    assert error_of(response) == {
        "code": "too_large",
        "message": "The request is larger than the 1 MB the platform accepts.",
        "fields": {},
    }


def test_a_bad_filter_value_is_400(api, world):
    response = api["officer_a"].get("/api/v1/offers/", {"trl_min": "twelve"})

    assert response.status_code == 400
    assert "trl_min" in error_of(response)["fields"]


def test_an_object_outside_ones_view_is_404_with_the_error_shape(api, world):
    response = api["startup_b"].get(f"/api/v1/offers/{world.draft_offer.pk}/")

    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_an_illegal_match_transition_is_409(api, world):
    response = api["staff"].post(f"/api/v1/matches/{world.proposed_match.pk}/shortlist/", format="json")

    assert response.status_code == 409
    assert error_of(response)["code"] == "illegal_transition"


def test_a_refused_action_on_a_visible_object_is_403(api, world):
    # given: startup A is a party of the proposed match and sees it; startup B does not
    url = f"/api/v1/matches/{world.proposed_match.pk}/shortlist/"

    # when
    party, outsider = api["startup_a"].post(url, format="json"), api["startup_b"].post(url, format="json")

    # then: curating is staff's; the outsider is not even told the match exists
    assert party.status_code == 403
    assert error_of(party)["code"] == "permission_denied"
    assert outsider.status_code == 404


def test_the_schema_is_openapi_3_and_documents_every_operation(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 30
    for operation in operations:
        assert operation.get("summary"), operation["operationId"]
        assert {"401", "404", "429"} <= set(operation["responses"]), operation["operationId"]
        if "requestBody" in operation:
            assert "400" in operation["responses"], operation["operationId"]
    assert "bearerToken" in schema["components"]["securitySchemes"]


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "<script>" not in html
    assert "http" not in html.split("<body>")[1]


def test_an_address_with_a_line_break_gets_the_apis_404(client):
    response = client.post("/api/v1/matches/%1E%0A./propose/", {}, content_type="application/json")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
