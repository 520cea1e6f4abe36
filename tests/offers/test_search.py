"""The search boxes find by meaning across Ukrainian and English, still find codes and names exactly, rank
the best answers first and say why each result matched."""

import pytest
from django.urls import reverse
from django.utils import translation

from matching.selectors.queue import QueueFilters, queue_for
from needs.selectors import StartupFilters, requests_for_management, requests_for_startup
from offers.selectors import CatalogueFilters, offer_catalogue
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def found(officer, query, **filters):
    ranked = offer_catalogue(officer, CatalogueFilters(query=query, sort="relevance", **filters))
    return [offer.title for offer in ranked]


@pytest.fixture
def catalogue(startup_a, startup_b):
    return {
        "flail": OfferFactory(
            organisation=startup_a,
            title="Remote-controlled demining vehicle with a flail",
            summary="Clears anti-personnel mines on a 3 m wide lane.",
            description="A tracked vehicle driven from 1 km away.",
        ),
        "survey": OfferFactory(
            organisation=startup_b,
            title="Magnetometer survey of fields",
            summary="Maps buried metal before demining starts.",
            description="Towed behind a quad bike.",
        ),
        "interceptor": OfferFactory(
            organisation=startup_b,
            language="uk",
            title="Дрон-перехоплювач СА-П3 для знищення «Шахедів»",
            summary="Перехоплює ударні дрони на підльоті.",
            description="Наводиться за даними РЛС.",
        ),
        "radar": OfferFactory(
            organisation=startup_a,
            title="Radar-cued interceptor drone against Shahed-type drones",
            summary="Intercepts one-way attack drones at night.",
            description="Cued by a 3D radar.",
        ),
        "sight": OfferFactory(
            organisation=startup_a,
            title="Clip-on thermal weapon sight",
            summary="640×512 thermal imager for rifles.",
            description="Military List ML22 technology is not involved.",
        ),
        "tent": OfferFactory(organisation=startup_b, title="Field hospital tent", summary="Heated, 20 beds."),
    }


def test_a_ukrainian_word_finds_english_offers(officer_a, catalogue):
    assert found(officer_a, "розмінування") == [
        "Remote-controlled demining vehicle with a flail",
        "Magnetometer survey of fields",
    ]


def test_ukrainian_and_english_queries_find_the_same_interceptors(officer_a, catalogue):
    english = set(found(officer_a, "interceptor Shahed"))
    ukrainian = set(found(officer_a, "перехоплювач Шахед"))
    assert (
        english
        == ukrainian
        == {
            "Дрон-перехоплювач СА-П3 для знищення «Шахедів»",
            "Radar-cued interceptor drone against Shahed-type drones",
        }
    )


def test_an_english_phrase_finds_ukrainian_requests(startup_a_admin, unit_a):
    CapabilityRequestFactory(
        organisation=unit_a,
        language="uk",
        title="Дрони-перехоплювачі для протидії «Шахедам»",
        description="Потрібні перехоплювачі ударних дронів для мобільних вогневих груп.",
    )
    CapabilityRequestFactory(organisation=unit_a, language="uk", title="Генератори", description="Живлення бліндажів.")
    page = requests_for_startup(startup_a_admin, StartupFilters(query="drone interceptors"))
    assert [item.title for item in page.object_list] == ["Дрони-перехоплювачі для протидії «Шахедам»"]


def test_codes_and_names_still_match_exactly(officer_a, catalogue, startup_b):
    # A code written in Cyrillic is found as it is typed on an English keyboard, and the other way round.
    assert found(officer_a, "SA-P3") == ["Дрон-перехоплювач СА-П3 для знищення «Шахедів»"]
    assert found(officer_a, "са-п3") == ["Дрон-перехоплювач СА-П3 для знищення «Шахедів»"]
    assert found(officer_a, "ML22") == ["Clip-on thermal weapon sight"]
    assert set(found(officer_a, startup_b.legal_name)) == {
        offer.title for offer in catalogue.values() if offer.organisation == startup_b
    }


def test_a_title_match_ranks_above_a_mention_in_the_body(officer_a, catalogue):
    assert found(officer_a, "demining")[0] == "Remote-controlled demining vehicle with a flail"


def test_filters_still_apply_to_a_search(officer_a, catalogue):
    catalogue["survey"].trl = 3
    catalogue["survey"].save(update_fields=["trl"])
    assert found(officer_a, "розмінування", trl_min=5) == ["Remote-controlled demining vehicle with a flail"]


def test_an_edited_offer_is_found_by_its_new_words(officer_a, catalogue):
    tent = catalogue["tent"]
    tent.title = "Field hospital tent for stabilisation points"
    tent.save(update_fields=["title"])
    assert found(officer_a, "stabilisation") == ["Field hospital tent for stabilisation points"]
    assert found(officer_a, "stabilisation radar") == []


def test_the_catalogue_page_says_why_each_offer_matched(client, officer_a, catalogue):
    page = login(client, officer_a).get(reverse("offers:catalogue"), {"q": "розмінування"}).content.decode()
    assert "2 offers" in page
    assert "розмінування → demining" in page
    assert '<option value="relevance" selected>' in page


def test_the_page_says_why_in_ukrainian(client, officer_a, catalogue):
    client.cookies["django_language"] = "uk"
    with translation.override("uk"):
        page = login(client, officer_a).get(reverse("offers:catalogue"), {"q": "LWIR"}).content.decode()
    assert "Clip-on thermal weapon sight" in page
    assert "Збіг:" in page
    assert "область: Тепловізійні засоби" in page


def test_the_officers_list_ranks_their_requests_by_the_search(officer_a, unit_a):
    best = CapabilityRequestFactory(organisation=unit_a, title="Demining robots", description="Flail robots.")
    mention = CapabilityRequestFactory(organisation=unit_a, title="Trucks", description="Also used after demining.")
    CapabilityRequestFactory(organisation=unit_a, title="Generators", description="Power for dugouts.")
    assert list(requests_for_management(officer_a, query="розмінування")) == [best, mention]


def test_the_staff_queue_finds_pairs_by_the_words_of_either_side(staff, unit_a, catalogue):
    request = CapabilityRequestFactory(organisation=unit_a, language="uk", title="Розмінування полів")
    demining = make_match(capability_request=request, offer=catalogue["flail"])
    make_match(capability_request=CapabilityRequestFactory(organisation=unit_a, title="Tents"), offer=catalogue["tent"])
    assert list(queue_for(staff, QueueFilters(query="demining"))) == [demining]
    assert list(queue_for(staff, QueueFilters(query="flail"))) == [demining]


def test_a_search_of_nothing_but_punctuation_lists_everything(officer_a, unit_a, catalogue):
    CapabilityRequestFactory(organisation=unit_a, title="Generators")
    assert len(found(officer_a, "\x88 ¿?")) == len(catalogue)
    assert [r.title for r in requests_for_management(officer_a, query="\x88")] == ["Generators"]
