"""In a real browser: a title with a long unbroken word (a model code) wraps inside its page at phone and
desktop width, on every page that shows it, instead of pushing the page wider than the screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_requests import log_in
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MODEL_CODE = "INTERCEPTOR-" + "X7Q9" * 27  # 120 characters and no place to break
WIDTHS = (390, 1280)
# The page's width, the first elements whose right edge passes the screen's, and those among the elements
# showing the code.
OVERFLOW = """(code) => {
  const width = document.documentElement.clientWidth;
  const shows = (element) => element.textContent.includes(code);
  const showing = Array.from(document.querySelectorAll("body *"))
    .filter((element) => shows(element) && !Array.from(element.children).some(shows));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    wider: Array.from(document.querySelectorAll("body *"))
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .slice(0, 4)
      .map((element) => `${element.tagName}.${element.className}`),
    outside: showing
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .map((element) => element.tagName),
  };
}"""


@pytest.fixture
def long_titles(unit_a, startup_a):
    request = CapabilityRequestFactory(organisation=unit_a, title=f"Request {MODEL_CODE}")
    offer = OfferFactory(organisation=startup_a, title=f"Offer {MODEL_CODE}")
    elsewhere = CapabilityRequestFactory(organisation=unit_a, title=MODEL_CODE)
    return {
        "request": request,
        "offer": offer,
        "suggested": make_match(request, offer),
        "proposed": make_match(elsewhere, offer, state="proposed"),
    }


def _overflows(page, paths: list[str]) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            expect(page.locator("main")).to_contain_text(MODEL_CODE)
            measured = page.evaluate(OVERFLOW, MODEL_CODE)
            if measured["scrollWidth"] > measured["width"] or measured["outside"]:
                found.append(f"{path} at {width} px: {measured}")
    return found


def test_staff_pages_fit_the_screen(page, staff, long_titles):
    # given
    log_in(page, staff, device=enrol_authenticator(staff))
    offer, request, match = long_titles["offer"], long_titles["request"], long_titles["suggested"]

    # when
    found = _overflows(
        page,
        [
            reverse("offers:detail", args=[offer.pk]),
            reverse("offers:catalogue"),
            reverse("needs:list"),
            reverse("needs:detail", args=[request.pk]),
            reverse("matching:queue"),
            reverse("matching:request_candidates", args=[request.pk]),
            reverse("matching:match_detail", args=[match.pk]),
        ],
    )

    # then
    assert found == [], "\n".join(found)
    page.goto(reverse("offers:detail", args=[offer.pk]))
    snap(page, "offer-long-title-en")
    page.get_by_role("button", name="УКР").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    snap(page, "offer-long-title-uk")
    page.goto(reverse("offers:catalogue"))
    snap(page, "catalogue-long-title-uk")


def test_the_parties_pages_fit_the_screen(page, open_page, officer_a, startup_a_admin, long_titles):
    # given
    log_in(page, officer_a, device=enrol_authenticator(officer_a))
    startup = open_page()
    log_in(startup, startup_a_admin)
    match = long_titles["proposed"]

    # when
    found = _overflows(
        page,
        [
            reverse("offers:catalogue"),
            reverse("needs:list"),
            reverse("matching_parties:list"),
            reverse("matching_parties:detail", args=[match.pk]),
        ],
    )
    found += _overflows(
        startup,
        [
            reverse("offers:list"),
            reverse("offers:detail", args=[long_titles["offer"].pk]),
            reverse("needs:list"),
            reverse("needs:detail", args=[long_titles["request"].pk]),
            reverse("matching_parties:list"),
            reverse("matching_parties:detail", args=[match.pk]),
        ],
    )

    # then
    assert found == [], "\n".join(found)
