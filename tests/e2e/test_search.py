"""In a real browser: an officer searches the catalogue in Ukrainian and finds the English offers, each saying why
it matched; the same page in English; an offer found by meaning; and a startup finds a Ukrainian request with English
words, and another by meaning."""

import pytest
from playwright.sync_api import expect

from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_offers import log_in
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demining(startup_a, startup_b):
    OfferFactory(
        organisation=startup_a,
        title="Remote-controlled demining vehicle with a flail",
        summary="Clears anti-personnel mines on a 3 m wide lane.",
    )
    OfferFactory(organisation=startup_b, title="Magnetometer survey before demining", summary="Maps buried metal.")
    OfferFactory(organisation=startup_b, title="Field hospital tent", summary="Heated, 20 beds.", description=".")


def test_an_officer_finds_english_offers_with_a_ukrainian_word(page, live_server, officer_a, demining):
    # given
    log_in(page, officer_a, device=enrol_authenticator(officer_a))
    page.goto("/catalogue/")

    # when: the officer, who reads the site in Ukrainian, searches in Ukrainian
    page.locator("form.catalogue-filters input[name=q]").fill("розмінування")
    page.locator("form.catalogue-filters button[type=submit]").click()

    # then
    cards = page.locator(".offer-card")
    expect(cards).to_have_count(2)
    expect(cards.first.get_by_role("heading")).to_have_text("Remote-controlled demining vehicle with a flail")
    expect(cards.first.locator(".search-reasons")).to_contain_text("Збіг: розмінування → demining")
    expect(page.locator("#sort")).to_have_value("relevance")
    snap(page, "search-01-ukrainian-word-uk")

    # and the same page in English
    page.locator("form.lang-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("status")).to_have_text("2 offers")
    expect(page.locator(".offer-card").first.locator(".search-reasons")).to_contain_text("Matched:")
    snap(page, "search-02-ukrainian-word-en")


def test_a_startup_finds_a_ukrainian_request_with_english_words(page, live_server, startup_a_admin, unit_a):
    CapabilityRequestFactory(
        organisation=unit_a,
        language="uk",
        title="Дрони-перехоплювачі для протидії «Шахедам»",
        description="Потрібні перехоплювачі ударних дронів для мобільних вогневих груп.",
    )
    CapabilityRequestFactory(organisation=unit_a, language="uk", title="Генератори", description="Живлення бліндажів.")
    log_in(page, startup_a_admin)
    page.goto("/requests/?q=drone+interceptors")
    cards = page.get_by_test_id("request-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Дрони-перехоплювачі")
    expect(cards.first.locator(".search-reasons")).to_contain_text("drone")
    snap(page, "search-03-english-words-ukrainian-request")


def test_an_officer_finds_an_offer_by_meaning(page, live_server, officer_a, demining):
    from matching.bridge import worker

    worker.synced_engine()  # the scoring encodes each published offer and stores its vectors
    worker.forget()
    log_in(page, officer_a, device=enrol_authenticator(officer_a))

    # when: «a medical tent», one of whose words no offer holds
    page.goto("/catalogue/?q=медичний+намет")

    # then
    cards = page.locator(".offer-card")
    expect(cards.first.get_by_role("heading")).to_have_text("Field hospital tent")
    expect(cards.first.locator(".search-reasons")).to_contain_text("близьке за змістом")
    snap(page, "search-04-by-meaning-uk")


def test_a_startup_finds_a_ukrainian_request_by_meaning(page, live_server, startup_a_admin, unit_a):
    from matching.bridge import worker

    CapabilityRequestFactory(
        organisation=unit_a,
        language="uk",
        title="Перехоплювачі для збиття «Шахедів» на підльоті",
        description="Потрібні засоби, що знищують ударні безпілотники типу «Шахед» уночі.",
    )
    CapabilityRequestFactory(organisation=unit_a, language="uk", title="Генератори", description="Живлення бліндажів.")
    worker.synced_engine()  # the scoring encodes each open request and stores its vectors
    worker.forget()
    log_in(page, startup_a_admin)

    # when: "counter-drone", a word neither request holds, nor its translation
    page.goto("/requests/?q=counter-drone")

    # then
    cards = page.get_by_test_id("request-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Перехоплювачі для збиття")
    expect(cards.first.locator(".search-reasons")).to_contain_text("close in meaning")
    snap(page, "search-05-request-by-meaning-en")
