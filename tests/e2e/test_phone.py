"""In a real browser at phone width: the header stays one row with a menu button, and the catalogue's filters
fold away so the first screen shows offers; at desktop width both are shown open."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import enrol_authenticator
from tests.e2e.conftest import DESKTOP, PHONE, snap
from tests.e2e.test_requests import log_in
from tests.factories import OfferFactory
from tests.notifications.conftest import notify

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def test_the_staff_header_is_one_row_on_a_phone_and_its_menu_opens(page, staff):
    # given
    log_in(page, staff, device=enrol_authenticator(staff))
    queue_link = page.locator("nav.site-nav a[href='/staff/matching/queue/']")

    # when
    page.set_viewport_size(PHONE)

    # then: the brand and a menu button, no wall of links
    assert _header_height(page) <= 90
    expect(queue_link).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(queue_link).to_be_visible()
    snap(page, "staff-menu-open")
    page.set_viewport_size(PHONE)
    queue_link.click()
    expect(page.locator("h1")).to_have_text("Match queue")

    # and at desktop width every link shows, without a menu button
    page.set_viewport_size(DESKTOP)
    expect(queue_link).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_the_catalogue_filters_fold_away_on_a_phone(page, open_page, staff, startup_a):
    # given
    OfferFactory(organisation=startup_a, title="Fibre-optic interceptor")
    log_in(page, staff, device=enrol_authenticator(staff))
    phone = open_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())  # the same staff member's session, on a phone

    # when
    page.goto(reverse("offers:catalogue"))
    phone.goto(reverse("offers:catalogue"))

    # then: on the phone the first offer is on the first screen, and the filters open on demand
    card = phone.locator(".offer-card").first
    assert card.bounding_box()["y"] < PHONE["height"]
    search = phone.get_by_role("searchbox", name="Search")
    expect(search).to_be_hidden()
    phone.get_by_text("Filters", exact=True).click()
    expect(search).to_be_visible()
    search.fill("interceptor")
    search.press("Enter")
    expect(phone.locator(".offer-card")).to_have_count(1)

    # and on a desktop the filters are open beside the results
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    snap(phone, "catalogue-en")
    phone.get_by_role("button", name="УКР").click()
    expect(phone.locator("html")).to_have_attribute("lang", "uk")
    snap(phone, "catalogue-uk")


def test_an_unread_notification_keeps_its_text_readable_on_a_phone_in_ukrainian(page, startup_a_admin):
    # given: an unread notice, whose "mark as read" button is long in Ukrainian
    notify(startup_a_admin)
    log_in(page, startup_a_admin)
    page.get_by_role("button", name="УКР").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")

    # when
    page.set_viewport_size(PHONE)
    page.goto(reverse("notifications:list"))

    # then: the text keeps most of the row, and the button goes under it rather than squeezing it to a column
    row = page.locator("li.notification.unread").first
    expect(row.get_by_role("button", name="Позначити як прочитане")).to_be_visible()
    body = row.locator(".notification-body").bounding_box()
    assert body["width"] >= 0.6 * row.bounding_box()["width"]
    snap(page, "notification-phone-uk")
