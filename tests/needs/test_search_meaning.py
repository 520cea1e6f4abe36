"""The request catalogues and the staff's queue also find by meaning: the open requests that an offer with the
search box's title would answer, as the matching engine scores the pair. An English text finds a Ukrainian
request sharing none of its words, and what the engine found is only what the reader may see."""

import pytest
from django.urls import reverse
from django.utils import translation

from innovation_office.search import text_search
from matching.bridge import worker
from matching.selectors.queue import QueueFilters, queue_groups_for
from needs.models import CapabilityRequest
from needs.selectors import StartupFilters, requests_for_management, requests_for_startup
from taxonomy.reading import search_query
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory
from tests.offers.test_search_meaning import _fresh_engines  # noqa: F401 - the process's engines, dropped around each test

pytestmark = pytest.mark.django_db

INTERCEPTORS = "Перехоплювачі для збиття «Шахедів» на підльоті"
STRETCHERS = "Ноші для евакуації поранених з поля бою"
RADIOS = "Encrypted handheld radios for platoon leaders"


@pytest.fixture
def requests(unit_a, unit_b):
    made = {
        "interceptors": CapabilityRequestFactory(
            organisation=unit_a,
            language="uk",
            title=INTERCEPTORS,
            description="Потрібні засоби, що знищують ударні безпілотники типу «Шахед» уночі.",
        ),
        "stretchers": CapabilityRequestFactory(
            organisation=unit_a,
            language="uk",
            title=STRETCHERS,
            description="Легкі ноші, які несуть двоє бійців під обстрілом.",
        ),
        "radios": CapabilityRequestFactory(
            organisation=unit_b,
            title=RADIOS,
            description="Voice and data over 5 km in forest, resistant to jamming.",
        ),
    }
    worker.synced_engine()  # the scoring encodes each open request once and stores its vectors
    return made


def startup_found(user, text, **filters) -> list[str]:
    page = requests_for_startup(user, StartupFilters(query=text, ordering="relevance", **filters))
    return [row.title for row in page.object_list]


def test_an_english_text_finds_a_ukrainian_request_sharing_none_of_its_words(startup_a_admin, requests):
    for text, request in (("counter-drone", INTERCEPTORS), ("casualty carrying", STRETCHERS)):
        assert text_search(CapabilityRequest.objects.all(), search_query(text)).count() == 0
        assert startup_found(startup_a_admin, text)[0] == request


def test_a_text_unlike_anything_finds_no_request(startup_a_admin, requests):
    assert startup_found(startup_a_admin, "qwzx") == []


def test_meaning_keeps_to_the_reader_and_the_order_asked_for(startup_a_admin, requests):
    requests["interceptors"].visibility = "restricted"
    requests["interceptors"].save(update_fields=["visibility"])  # the engine still scores it
    assert INTERCEPTORS not in startup_found(startup_a_admin, "counter-drone")
    newest = requests_for_startup(startup_a_admin, StartupFilters(query="casualty carrying"))
    assert list(newest.object_list) == []  # by words only, when not ranked by relevance


def test_an_officer_finds_by_meaning_among_the_units_requests_only(officer_a, officer_b, unit_b, requests, monkeypatch):
    guns = "Зенітні кулеметні установки для мобільних вогневих груп"
    CapabilityRequestFactory(organisation=unit_b, language="uk", title=guns, description="Кулемети на турелях.")
    worker.synced_engine()
    monkeypatch.setattr("matching.bridge.search.LIMIT", 1)
    text = "shoot down loitering munitions"
    assert [r.title for r in requests_for_management(officer_a, query=text)] == [INTERCEPTORS]
    # The other unit's officer gets the best of their own requests, not nothing.
    assert [r.title for r in requests_for_management(officer_b, query=text)] == [guns]


def test_a_filtered_request_catalogue_is_searched_by_meaning_within_it(startup_a_admin, unit_b, requests, monkeypatch):
    guns = "Зенітні кулеметні установки для мобільних вогневих груп"
    CapabilityRequestFactory(
        organisation=unit_b, language="uk", title=guns, description="Кулемети на турелях.", urgency="critical"
    )
    worker.synced_engine()
    monkeypatch.setattr("matching.bridge.search.LIMIT", 1)
    text = "shoot down loitering munitions"
    assert startup_found(startup_a_admin, text) == [INTERCEPTORS]
    assert startup_found(startup_a_admin, text, urgency="critical") == [guns]


def test_the_startups_page_says_a_request_was_found_close_in_meaning(client, startup_a_admin, requests):
    client.cookies["django_language"] = "uk"
    with translation.override("uk"):
        page = login(client, startup_a_admin).get(reverse("needs:list"), {"q": "counter-drone"})
    assert INTERCEPTORS in page.content.decode()
    assert "близьке за змістом" in page.content.decode()


def test_the_queue_finds_a_request_by_meaning_after_the_groups_answering_the_words(staff, requests, startup_b):
    for request in requests.values():
        make_match(request, OfferFactory(organisation=startup_b, title="Spare batteries"))
    make_match(requests["radios"], OfferFactory(organisation=startup_b, title="Anti-Shahed interceptor drone"))
    groups = [row["capability_request_id"] for row in queue_groups_for(staff, QueueFilters(query="anti-Shahed"))]
    # The radios' group holds an offer with the words; the interceptors' request is found by meaning.
    assert groups == [requests["radios"].pk, requests["interceptors"].pk]


def test_a_narrowed_queue_is_searched_by_meaning_within_it(staff, requests, unit_b, startup_a, startup_b, monkeypatch):
    guns = CapabilityRequestFactory(
        organisation=unit_b, language="uk", title="Зенітні кулеметні установки", description="Кулемети на турелях."
    )
    worker.synced_engine()
    make_match(requests["interceptors"], OfferFactory(organisation=startup_b, title="Spare batteries"))
    make_match(guns, OfferFactory(organisation=startup_a, title="Spare batteries"))
    monkeypatch.setattr("matching.bridge.search.LIMIT", 1)
    text = "shoot down loitering munitions"
    everyone = queue_groups_for(staff, QueueFilters(query=text))
    narrowed = queue_groups_for(staff, QueueFilters(query=text, startup_id=startup_a.pk))
    assert [row["capability_request_id"] for row in everyone] == [requests["interceptors"].pk]
    assert [row["capability_request_id"] for row in narrowed] == [guns.pk]


@pytest.mark.parametrize("count", [5, 50])
def test_a_search_of_the_request_catalogue_costs_the_same_queries_for_five_requests_or_fifty(
    client, startup_a_admin, unit_a, django_assert_max_num_queries, count
):
    CapabilityRequestFactory.create_batch(count, organisation=unit_a, title="Нічні тепловізори для розвідки")
    worker.synced_engine()
    login(client, startup_a_admin)
    client.get(reverse("needs:list"), {"q": "radar"})  # the process's search engine is built at its first search
    with django_assert_max_num_queries(5):
        response = client.get(reverse("needs:list"), {"q": "thermal camera"})
    assert response.context["page"].paginator.count == count
