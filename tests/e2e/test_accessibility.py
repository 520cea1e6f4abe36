"""In a real browser: pages held to no accessibility violation at all, of any impact, at phone and desktop
width (every other page fails only on serious and critical ones, see conftest.py)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_violations, snap
from tests.e2e.test_requests import log_in
from tests.needs.factories import CapabilityRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


def _violations_at_both_widths(page) -> list[str]:
    found = []
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.evaluate("() => new Promise(requestAnimationFrame)")
        found += [f"{viewport['width']} px: {line}" for line in accessibility_violations(page, EVERY_IMPACT)]
    return found


def test_the_check_finds_a_violation(page):
    # given: a page, then a list item outside any list, which the check must catch
    page.goto("/")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<li>Stray</li>')")

    # when
    found = accessibility_violations(page)

    # then
    assert any(line.startswith("listitem (serious) at /") for line in found)


def test_the_landing_page_has_no_violation(page):
    # when
    page.goto("/")
    expect(page.locator(".hero h1")).to_be_visible()

    # then
    assert _violations_at_both_widths(page) == []


def test_the_staff_dashboard_has_no_violation(page, staff, unit_a):
    # given: open requests in areas with long names, so the gaps table is wider than a phone
    for slug in ("uas-aerial-interceptor", "demining", "uas-aerial-fpv"):
        CapabilityRequestFactory(organisation=unit_a, areas=[CapabilityArea.objects.get(slug=slug)])
    log_in(page, staff, device=enrol_authenticator(staff))

    # when
    page.goto(reverse("matching_dashboard:index"))
    expect(page.get_by_test_id("gaps")).to_be_visible()

    # then
    assert _violations_at_both_widths(page) == []
    snap(page, "staff-dashboard")
