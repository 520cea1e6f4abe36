"""The offer catalogue's search also finds by meaning, as the matching engine ranks offers for a request:
a query sharing no word with an offer still finds it, a text unlike anything finds nothing, rows answering
every word keep their place first, and what the engine found is only what the reader may see."""

import pytest
from django.urls import reverse
from django.utils import translation

from innovation_office.search import RELEVANCE, text_search
from matching.bridge import search, worker
from matching.models import EncodedVector
from offers.models import Offer
from taxonomy.reading import search_query
from tests.conftest import login
from tests.factories import OfferFactory
from tests.offers.test_search import catalogue, found  # noqa: F401 - the shared catalogue fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_engines():
    search.forget()
    worker.forget()
    yield
    search.forget()
    worker.forget()


def scored():
    """What the scoring does for every published offer: encode it once and store its vectors for every process."""
    worker.synced_engine()


@pytest.fixture
def encoded(catalogue):
    """The shared catalogue, scored (so encoded) as its offers are when published."""
    scored()
    return catalogue


def test_a_query_sharing_no_word_with_an_offer_finds_it_by_meaning(officer_a, encoded):
    # «ППО від дронів» (air defence against drones) shares no word or glossary term with either interceptor.
    assert text_search(Offer.objects.all(), search_query("ППО від дронів")).count() == 0
    assert set(found(officer_a, "ППО від дронів")) == {
        "Дрон-перехоплювач СА-П3 для знищення «Шахедів»",
        "Radar-cued interceptor drone against Shahed-type drones",
    }
    assert found(officer_a, "медичний намет") == ["Field hospital tent"]


def test_a_text_unlike_anything_in_the_catalogue_finds_nothing(officer_a, encoded):
    assert found(officer_a, "qwzx") == []


def test_rows_answering_every_word_come_before_rows_found_by_meaning(encoded):
    sight, tent = encoded["sight"], encoded["tent"]
    ranked = text_search(Offer.objects.all(), search_query("thermal sight"), meaning={tent.pk: 0.99, sight.pk: 0.2})
    assert list(ranked.order_by(*RELEVANCE)) == [sight, tent]
    ranked = text_search(Offer.objects.all(), search_query("hospital"), meaning={sight.pk: 0.5})
    assert list(ranked.order_by(*RELEVANCE)) == [tent, sight]


def test_meaning_finds_only_what_the_reader_may_see(officer_a, encoded):
    assert found(officer_a, "медичний намет") == ["Field hospital tent"]
    # Archived a moment ago: the process's engine, which looks again within a minute, still holds it.
    Offer.objects.filter(pk=encoded["tent"].pk).update(state="archived")
    assert found(officer_a, "медичний намет") == []
    assert found(officer_a, "ППО від дронів", country="XX") == []


def test_a_search_stores_nothing_of_its_text(officer_a, encoded):
    found(officer_a, "медичний намет")
    stored = EncodedVector.objects.count()
    found(officer_a, "намет для поранених бійців")
    assert EncodedVector.objects.count() == stored


def test_an_offer_published_after_the_last_look_is_found_by_meaning_a_minute_later(
    officer_a, encoded, startup_b, monkeypatch
):
    assert found(officer_a, "медичний намет") == ["Field hospital tent"]
    OfferFactory(organisation=startup_b, title="Inflatable medical shelter for casualty collection points")
    scored()
    assert "Inflatable medical shelter for casualty collection points" not in found(officer_a, "медичний намет")
    monkeypatch.setattr("matching.bridge.search.SYNCED_WITHIN", 0)
    assert "Inflatable medical shelter for casualty collection points" in found(officer_a, "медичний намет")


def test_searching_encodes_no_offer_and_one_not_encoded_yet_is_found_by_meaning_once_it_is(
    officer_a, encoded, startup_b, monkeypatch
):
    monkeypatch.setattr("matching.bridge.search.SYNCED_WITHIN", 0)
    shelter = "Inflatable medical shelter for casualty collection points"
    OfferFactory(organisation=startup_b, title=shelter)
    stored = EncodedVector.objects.count()
    assert shelter not in found(officer_a, "медичний намет")
    assert EncodedVector.objects.count() == stored
    assert search._kept.engine.dense.encoder.encoded_count == 0
    scored()
    assert shelter in found(officer_a, "медичний намет")


def test_a_look_reads_an_offer_without_vectors_again_only_once_the_scoring_stored_some(
    officer_a, encoded, startup_b, monkeypatch
):
    monkeypatch.setattr("matching.bridge.search.SYNCED_WITHIN", 0)
    OfferFactory(organisation=startup_b, title="Inflatable medical shelter for casualty collection points")
    found(officer_a, "медичний намет")
    slots = len(search._kept.engine.offers)  # a record read again takes a new slot
    for _ in range(3):
        found(officer_a, "медичний намет")
    assert len(search._kept.engine.offers) == slots
    scored()
    found(officer_a, "медичний намет")
    assert len(search._kept.engine.offers) == slots + 1


def test_the_page_says_a_result_was_found_close_in_meaning(client, officer_a, encoded):
    client.cookies["django_language"] = "uk"
    with translation.override("uk"):
        page = login(client, officer_a).get(reverse("offers:catalogue"), {"q": "медичний намет"}).content.decode()
    assert "Field hospital tent" in page
    assert "близьке за змістом" in page


@pytest.mark.parametrize("count", [5, 50])
def test_a_search_costs_the_same_queries_for_five_offers_or_fifty(
    client, officer_a, startup_a, django_assert_max_num_queries, count
):
    for number in range(count):
        OfferFactory(organisation=startup_a, title=f"Thermal camera {number}")
    scored()
    login(client, officer_a)
    client.get(reverse("offers:catalogue"), {"q": "радар"})  # the process's search engine is built at its first search
    for asked in ({"q": "тепловізор"}, {"q": "тепловізор", "trl_min": 5}):
        with django_assert_max_num_queries(5):
            response = client.get(reverse("offers:catalogue"), asked)
        assert response.context["page"].paginator.count == count


def test_a_narrowed_catalogue_is_searched_by_meaning_within_it(officer_a, encoded, startup_a, monkeypatch):
    monkeypatch.setattr("matching.bridge.search.LIMIT", 1)
    assert found(officer_a, "ППО від дронів") == ["Дрон-перехоплювач СА-П3 для знищення «Шахедів»"]
    assert found(officer_a, "ППО від дронів", country=startup_a.country) == [
        "Radar-cued interceptor drone against Shahed-type drones"
    ]


def test_a_look_upserts_what_changed_into_the_engine_it_keeps(officer_a, encoded, monkeypatch):
    assert found(officer_a, "медичний намет") == ["Field hospital tent"]
    kept = search._kept.engine
    tent = encoded["tent"]
    tent.title, tent.summary = "Stretcher with a heated cover", "Carries a casualty in the cold."
    tent.save(update_fields=["title", "summary"])
    scored()
    monkeypatch.setattr("matching.bridge.search.SYNCED_WITHIN", 0)
    assert found(officer_a, "ноші для поранених") == ["Stretcher with a heated cover"]
    assert search._kept.engine is kept


@pytest.mark.django_db(transaction=True)
def test_a_first_search_goes_by_words_while_the_engine_is_built_on_a_thread_of_its_own(officer_a, encoded, settings):
    settings.SEARCH_ENGINE_IN_BACKGROUND = True
    assert found(officer_a, "ППО від дронів") == []
    search._builder["thread"].join(timeout=60)
    assert set(found(officer_a, "ППО від дронів")) == {
        "Дрон-перехоплювач СА-П3 для знищення «Шахедів»",
        "Radar-cued interceptor drone against Shahed-type drones",
    }


@pytest.mark.parametrize("text", ["thermal", "thermal sight for night drones"])
@pytest.mark.parametrize("near", [{}, None])
def test_rows_found_by_words_alone_are_ranked_by_their_keys_too(encoded, text, near):
    # Ordered by relevance and read as keys (an alert, an export), the relevance of a search with nothing found by
    # meaning is a constant, which PostgreSQL refuses to order by unless it is written as an expression.
    ranked = text_search(Offer.objects.all(), search_query(text), meaning=near).order_by(*RELEVANCE)
    assert list(ranked.values_list("pk", flat=True)) == [offer.pk for offer in ranked]


def test_a_search_that_went_by_words_while_the_engine_was_built_is_not_kept_for_other_officers(
    client, officer_a, officer_b, encoded, settings, monkeypatch
):
    # given: this process's engine is still being built on a thread, so a search goes by words
    settings.SEARCH_ENGINE_IN_BACKGROUND = True
    monkeypatch.setattr("matching.bridge.search._build_away", lambda: None)
    first = login(client, officer_a).get(reverse("offers:catalogue"), {"q": "медичний намет"}).content.decode()
    assert "Field hospital tent" not in first

    # when: it is built, and another officer asks the same
    settings.SEARCH_ENGINE_IN_BACKGROUND = False
    later = login(client, officer_b).get(reverse("offers:catalogue"), {"q": "медичний намет"}).content.decode()

    # then: they are served what the engine finds, not the page of words
    assert "Field hospital tent" in later
