"""In a real browser: staff read a pair's explanation and its checks side by side, in English and Ukrainian, at
desktop and phone width (test-artifacts/match-page-{en,uk}-{desktop,phone}.png)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from matching.checks import failed_count, pair_checks
from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_requests import log_in
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pair(unit_a, startup_a):
    capability_request = CapabilityRequestFactory(
        organisation=unit_a,
        title="Розмінування полів на Харківщині",
        language="uk",
        min_trl=7,
        quantity=100,
        needed_by=timezone.localdate() + timedelta(days=45),
        budget_max_eur=100_000,
        areas=[CapabilityArea.objects.get(slug="demining")],
    )
    offer = OfferFactory(
        organisation=startup_a,
        title="Flail demining vehicle",
        trl=8,
        lead_time_days=21,
        monthly_capacity=200,
        price_min_eur=2_500,
        export_control="dual_use",
        field_tested_ua=True,
        field_tested_note="Two months with a deminer battalion near Izium.",
    )
    checks = pair_checks(capability_request, offer, timezone.localdate())
    explanation = {
        "terms": [{"word": "розмінування", "english": "demining"}, {"word": "flail"}],
        "areas": [{"area": "demining", "relation": "same"}],
    }
    return make_match(
        capability_request,
        offer,
        score=0.82,
        explanation=explanation,
        checks=checks,
        failed_checks=failed_count(checks),
    )


def test_staff_read_the_explanation_and_the_checks_side_by_side(page, staff, pair):
    # when
    log_in(page, staff, device=enrol_authenticator(staff))
    page.goto(reverse("matching:match_detail", args=[pair.pk]))

    # then: the failing price is marked in words, not only in colour
    price = page.locator("[data-check=price]")
    expect(price).to_contain_text("Fails")
    expect(price).to_contain_text("€2,500 × 100 = €250,000")
    expect(page.get_by_test_id("explanation")).to_contain_text("Shared terms: розмінування ≈ demining, flail")
    snap(page, "match-page-en")

    # when: the reader switches to Ukrainian
    page.get_by_role("button", name="УКР").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")

    # then
    expect(page.get_by_test_id("explanation")).to_contain_text("Спільні терміни: розмінування ≈ demining, flail")
    expect(page.locator("[data-check=readiness]")).to_contain_text("РГТ 8")
    snap(page, "match-page-uk")
