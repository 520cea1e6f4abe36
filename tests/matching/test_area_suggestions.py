"""Capability areas suggested while a request or an offer is typed: what the form's script asks for."""

import pytest
from django.urls import reverse
from django.utils import translation

from matching.bridge import areas, worker
from matching.bridge.records import area_nodes
from matching.models import EncodedVector
from matching.views import suggestions
from needs.models import Visibility
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.conftest import area
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db
URL = reverse("matching_parties:area_suggestions")

MESH = "Mesh and MANET networks"
SQUAD_TEXT = {"title": "Kit of nodes for squads", "description": "Keep squads talking across the trench line."}


def mesh_offer(startup):
    return OfferFactory(
        organisation=startup,
        title="Kestrel mesh kit",
        description="Ruggedised kit of nodes that keep squads talking across the trench line in every weather.",
        areas=[area("comms-mesh")],
    )


def mesh_request(unit):
    return CapabilityRequestFactory(
        organisation=unit,
        title="Kestrel squad nodes",
        description="Ruggedised nodes that keep squads talking across the trench line in every weather.",
        areas=[area("comms-mesh")],
    )


@pytest.fixture(autouse=True)
def _fresh_suggester():
    areas.forget()
    yield
    areas.forget()


def suggest(client, language: str = "en", **fields) -> list[str]:
    client.cookies["django_language"] = language
    with translation.override(language):
        response = client.post(URL, fields)
    assert response.status_code == 200, response.content
    return [found["name"] for found in response.json()["areas"]]


def test_an_officer_typing_in_ukrainian_is_offered_the_areas_in_ukrainian(client, officer_a):
    login(client, officer_a)
    found = suggest(
        client,
        "uk",
        title="Дрони-перехоплювачі проти Шахедів",
        description="Потрібні дрони-перехоплювачі з тепловізором, щоб збивати ударні БпЛА типу Шахед уночі.",
    )
    assert len(found) == 3
    assert {"Дрони-перехоплювачі", "Кінетичне ураження БпЛА"} & set(found)


def test_a_startup_typing_an_offer_is_offered_its_areas(client, startup_a_admin):
    login(client, startup_a_admin)
    found = suggest(
        client,
        title="HemoStop windlass tourniquet",
        summary="A tourniquet for tactical combat casualty care.",
        description="Windlass tourniquet and haemostatic gauze for individual first-aid kits.",
    )
    assert "Tactical combat casualty care" in found


def test_the_areas_of_tagged_offers_are_learnt_from_their_stored_vectors_and_nothing_is_encoded_for_them(
    client, officer_a, startup_a
):
    # given: an offer tagged with an area its words do not name, encoded by the engine, and one not encoded yet
    mesh_offer(startup_a)
    worker.synced_engine()
    stored = EncodedVector.objects.count()
    OfferFactory(organisation=startup_a, title="Late offer", description="Not encoded yet.", areas=[area("demining")])
    login(client, officer_a)

    found = suggest(client, **SQUAD_TEXT)

    # then: the tagged offer's area is suggested; what was stored is the areas' names, once each: neither
    # the new offer's text nor the typed one
    assert MESH in found
    assert EncodedVector.objects.count() - stored == len(area_nodes())


def test_a_restricted_request_lends_nothing(client, unit_a, startup_a_admin):
    CapabilityRequestFactory(
        organisation=unit_a,
        title="Kestrel squad nodes",
        description="Ruggedised nodes that keep squads talking across the trench line in every weather.",
        visibility=Visibility.RESTRICTED,
        areas=[area("cyber-osint")],
    )
    worker.synced_engine()
    login(client, startup_a_admin)
    found = suggest(client, title="Squad nodes", description="Keep squads talking across the trench line.")
    assert "OSINT and information operations analysis" not in found


def test_an_empty_text_suggests_nothing(client, officer_a):
    login(client, officer_a)
    assert suggest(client, title="", description="   ") == []


def test_a_user_asking_too_often_is_told_to_wait_until_the_next_minute(client, officer_a, monkeypatch):
    minute = [100_000]
    monkeypatch.setattr(suggestions, "_clock", lambda: minute[0] * 60.0)
    login(client, officer_a)
    answers = [client.post(URL, {"title": ""}).status_code for _ in range(31)]
    assert answers == [200] * 30 + [429]
    minute[0] += 1
    assert client.post(URL, {"title": ""}).status_code == 200


def test_the_request_form_offers_suggestions_from_its_title_and_description(client, officer_a):
    login(client, officer_a)
    html = client.get(reverse("needs:create")).content.decode()
    assert f'data-url="{URL}"' in html
    assert 'data-fields="title description"' in html


def test_a_new_tagged_offer_is_learnt_once_the_kept_suggester_is_looked_at_again(
    client, officer_a, startup_a, monkeypatch
):
    login(client, officer_a)
    assert MESH not in suggest(client, **SQUAD_TEXT)
    mesh_offer(startup_a)
    worker.synced_engine()
    # within the refresh interval the kept suggester answers as it was built
    assert MESH not in suggest(client, **SQUAD_TEXT)
    monkeypatch.setattr(areas, "REFRESH_SECONDS", 0)
    assert MESH in suggest(client, **SQUAD_TEXT)


def test_a_startup_learns_nothing_of_another_startups_offers(client, startup_a, startup_b_admin):
    # startups have no catalogue: the areas of a rival's offer must not show through the suggestions
    mesh_offer(startup_a)
    worker.synced_engine()
    login(client, startup_b_admin)
    assert MESH not in suggest(client, **SQUAD_TEXT)


def test_an_officer_learns_nothing_of_requests(client, unit_a, officer_b):
    # an officer reads their own organisation's requests only: another unit's must not show through
    mesh_request(unit_a)
    worker.synced_engine()
    login(client, officer_b)
    assert MESH not in suggest(client, **SQUAD_TEXT)


def test_a_vetted_startup_learns_from_the_requests_it_may_read(client, unit_a, startup_b_admin):
    mesh_request(unit_a)
    worker.synced_engine()
    login(client, startup_b_admin)
    assert MESH in suggest(client, **SQUAD_TEXT)


def test_a_startup_awaiting_vetting_is_suggested_from_the_names_alone(client, startup_a, unit_a, pending_admin):
    mesh_offer(startup_a)
    mesh_request(unit_a)
    worker.synced_engine()
    login(client, pending_admin)
    assert MESH not in suggest(client, **SQUAD_TEXT)


def test_a_record_encoded_after_the_suggester_was_built_is_learnt_at_the_next_look(
    client, officer_a, startup_a, monkeypatch
):
    # given: a tagged offer the engine has not encoded yet when the suggester is built
    mesh_offer(startup_a)
    login(client, officer_a)
    assert MESH not in suggest(client, **SQUAD_TEXT)
    # when: the engine encodes it (nothing else changes in the catalogue), and the suggester is looked at again
    worker.synced_engine()
    monkeypatch.setattr(areas, "REFRESH_SECONDS", 0)
    # then
    assert MESH in suggest(client, **SQUAD_TEXT)
