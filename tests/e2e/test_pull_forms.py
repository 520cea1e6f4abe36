"""In a real browser: an officer finds the unit's open requests in the introduction form of every offer's page
(the picker is drawn once for the unit and shared), in English and in Ukrainian, and asks for an introduction."""

import pytest
from playwright.sync_api import expect

from matching.models import Match
from offers.models import OfferState
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_offers import log_in
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_picks_one_of_the_units_requests_on_any_offers_page(page, live_server, unit_a, officer_a):
    # given
    officer_a.preferred_language = "en"
    officer_a.save(update_fields=["preferred_language"])
    nets = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, title="Counter-drone nets")
    CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, title="Night sights for sentries")
    first = OfferFactory(title="Kevlar drone net launcher", state=OfferState.PUBLISHED)
    second = OfferFactory(title="Thermal clip-on sight", state=OfferState.PUBLISHED)
    log_in(page, officer_a, device=enrol_authenticator(officer_a))

    # when: the picker drawn on one offer's page is the one the next offer's page shows
    page.goto(f"/offers/{first.pk}/")
    picker = page.get_by_label("Your request")
    expect(picker.locator("option")).to_have_text(["Night sights for sentries", "Counter-drone nets"])
    page.goto(f"/offers/{second.pk}/")
    expect(page.get_by_label("Your request").locator("option")).to_have_count(2)
    snap(page, "offer-introduction-picker-en")
    page.get_by_role("button", name="УКР").click()
    expect(page.get_by_role("heading", name="Попросити про знайомство")).to_be_visible()
    snap(page, "offer-introduction-picker-uk")
    page.get_by_role("button", name="EN").click()

    # then: the introduction is asked for the offer on the page
    page.get_by_label("Your request").select_option(label="Counter-drone nets")
    page.get_by_label("Why this offer").fill("Nets for the substations.")
    page.get_by_role("button", name="Send to the office").click()
    expect(page.get_by_text("The office has your request for an introduction")).to_be_visible()
    assert Match.objects.filter(capability_request=nets, offer=second).exists()
    assert not Match.objects.filter(offer=first).exists()
