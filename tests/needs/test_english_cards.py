"""A startup that reads English sees a Ukrainian request's English title and summary on the catalogue's cards,
with the original one click away; a Ukrainian reader sees the original."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import login
from tests.needs.factories import CapabilityRequestFactory
from tests.needs.test_views import form_data

ORIGINAL_TITLE = "Дрони-перехоплювачі для захисту підстанцій"
ORIGINAL_TEXT = "Потрібні дрони-перехоплювачі проти ударних БпЛА вночі."


@pytest.fixture
def ukrainian_request(unit_a):
    return CapabilityRequestFactory(
        organisation=unit_a,
        language="uk",
        title=ORIGINAL_TITLE,
        title_en="Interceptor drones for substations",
        description=ORIGINAL_TEXT,
        summary_en="Interceptor drones to protect substations at night.",
    )


def _catalogue(client, user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    login(client, user)
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.get(reverse("needs:list")).content.decode()


def test_an_english_reader_sees_the_english_title_and_summary_on_the_card(client, startup_a_admin, ukrainian_request):
    page = _catalogue(client, startup_a_admin, "en")
    card = page[page.index('data-testid="request-card"') :]
    assert card.index("Interceptor drones for substations") < card.index(ORIGINAL_TITLE)  # the original below
    assert "Interceptor drones to protect substations at night." in card
    assert "Original (Ukrainian)" in card


def test_a_ukrainian_reader_sees_the_original(client, startup_a_admin, ukrainian_request):
    page = _catalogue(client, startup_a_admin, "uk")
    assert ORIGINAL_TITLE in page and ORIGINAL_TEXT in page
    assert "Interceptor drones for substations" not in page


def test_without_an_english_text_the_card_shows_the_original(client, startup_a_admin, unit_a):
    CapabilityRequestFactory(organisation=unit_a, language="uk", title=ORIGINAL_TITLE, title_en="", summary_en="")
    page = _catalogue(client, startup_a_admin, "en")
    assert ORIGINAL_TITLE in page and "Original (Ukrainian)" not in page


def test_an_officer_gives_an_english_title(client, officer_a, area):
    login(client, officer_a)
    client.post(reverse("needs:create"), form_data(area, title_en="Interceptor drones for substations"))
    request = officer_a.organisation.capability_requests.get()
    assert request.title_en == "Interceptor drones for substations"


def test_the_api_gives_startups_the_english_title(startup_a_admin, ukrainian_request):
    from tests.api.world import token_client

    body = token_client(startup_a_admin).get(f"/api/v1/open-requests/{ukrainian_request.pk}/").json()
    assert body["title_en"] == "Interceptor drones for substations"
