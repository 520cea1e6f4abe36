"""In a real browser: the capability-area picker of the offer form. Its filter box narrows the tree without
submitting the form, the tree is one stop in the tab order with the arrow keys inside it, and an error on the
areas marks the tree, not the filter box."""

import pytest
from playwright.sync_api import expect

from offers.models import Offer
from taxonomy.models import CapabilityArea
from tests.e2e.conftest import snap
from tests.e2e.test_offers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RED = "rgb(164, 22, 26)"
FOCUSED = "() => document.activeElement.closest('li, .field, .actions')?.textContent.trim().slice(0, 60) || ''"


def _new_offer(page, startup_a_admin):
    log_in(page, startup_a_admin)
    page.goto("/offers/new/")
    expect(page.get_by_role("heading", name="New offer")).to_be_visible()


def _focused_area(page) -> str:
    return page.evaluate("() => document.activeElement.closest('.area-tree li')?.dataset.terms || ''")


def test_enter_in_the_filter_box_narrows_the_tree_and_submits_nothing(page, startup_a_admin):
    # given
    _new_offer(page, startup_a_admin)
    page.get_by_label("Title").fill("Fibre-optic FPV strike kit")

    # when
    page.get_by_label("Find an area").fill("fpv")
    page.get_by_label("Find an area").press("Enter")

    # then
    fpv = CapabilityArea.objects.get(slug="uas-aerial-fpv")
    expect(page.locator(f"input[name=areas][value='{fpv.pk}']")).to_be_visible()
    expect(page.locator(".area-tree li:visible")).not_to_have_count(CapabilityArea.objects.count())
    expect(page.locator(".errorlist")).to_have_count(0)
    assert page.url.endswith("/offers/new/")
    assert not Offer.objects.exists()


def test_an_error_on_the_areas_marks_the_tree_not_the_filter_box(page, startup_a_admin):
    # given
    _new_offer(page, startup_a_admin)

    # when: saved with no area ticked
    page.get_by_role("button", name="Save as draft").click()

    # then
    expect(page.locator("#areas_error")).to_be_visible()
    assert page.get_by_label("Find an area").evaluate("(box) => getComputedStyle(box).borderTopColor") != RED
    assert page.locator(".area-tree").evaluate("(tree) => getComputedStyle(tree).borderLeftColor") == RED


def test_the_tree_is_one_stop_in_the_tab_order_with_arrow_keys_inside(page, startup_a_admin):
    # given
    _new_offer(page, startup_a_admin)
    areas = page.locator(".area-tree input[type=checkbox]")
    page.get_by_label("Find an area").focus()

    # when: Tab enters the tree on its first area, the arrows move, Space ticks
    page.keyboard.press("Tab")
    first = _focused_area(page)
    page.keyboard.press("ArrowDown")
    second = _focused_area(page)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowUp")
    back = _focused_area(page)

    # then
    assert first and second and first != second and back == first
    expect(areas.nth(1)).to_be_checked()
    expect(areas.nth(0)).not_to_be_checked()

    # and one more Tab leaves the tree for the next question
    page.keyboard.press("Tab")
    assert _focused_area(page) == ""

    # and "Save as draft" is a few dozen Tabs from the title, not a hundred
    page.get_by_label("Title").focus()
    presses = 0
    while page.evaluate("() => document.activeElement.textContent.trim()") != "Save as draft" and presses < 200:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 40
    snap(page, "offer-form-area-picker-en")
    page.get_by_role("button", name="УКР").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    snap(page, "offer-form-area-picker-uk")
