"""What a signed-in user is shown is never kept by the browser's or a proxy's cache."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from profiles.services import api_token_create
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_pages_shown_to_a_signed_in_user_are_not_stored(client, startup_a_admin):
    # when
    response = login(client, startup_a_admin).get(reverse("profiles:home"))

    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_csv_exports_are_not_stored(client, staff):
    # when
    response = login(client, staff).get(reverse("matching_dashboard:matches_csv"))

    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_api_answers_to_a_token_are_not_stored(startup_a_admin):
    # given
    _token, raw = api_token_create(user=startup_a_admin, name="ERP")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    # when
    response = api.get("/api/v1/notifications/")

    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
