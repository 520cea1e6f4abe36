"""In a real browser: while an officer types a request (in Ukrainian) or a startup an offer (in English), the form
suggests three capability areas; one click ticks the area in the tree, another unticks it."""

import pytest
from playwright.sync_api import expect

from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_requests import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FIRST = 30_000


def test_an_officer_typing_a_request_in_ukrainian_ticks_a_suggested_area_in_one_click(page, officer_a):
    # given: the new-request form, in Ukrainian
    log_in(page, officer_a, device=enrol_authenticator(officer_a))
    page.get_by_role("button", name="УКР").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    page.goto("/requests/new/")
    suggestions = page.locator("[data-area-suggestions] button")
    expect(suggestions).to_have_count(0)
    expect(page.get_by_text("Запропоновано за вашим текстом")).to_be_hidden()

    # when: the officer writes the need
    page.locator("#id_title").fill("Дрони-перехоплювачі проти Шахедів")
    page.locator("#id_description").fill(
        "Потрібні дрони-перехоплювачі з тепловізором, щоб збивати ударні БпЛА типу Шахед уночі, в умовах РЕБ."
    )

    # then: three areas are suggested, in Ukrainian (the server's first suggestion loads the encoder and reads
    # the areas' names: seconds, once per process)
    expect(suggestions).to_have_count(3, timeout=FIRST)
    interceptors = CapabilityArea.objects.get(slug="uas-aerial-interceptor")
    suggested = page.locator("[data-area-suggestions] button", has_text=interceptors.name_uk)
    expect(suggested).to_have_attribute("aria-pressed", "false")
    checkbox = page.locator(f".area-tree input[value='{interceptors.pk}']")
    expect(checkbox).not_to_be_checked()

    # when: the suggestion is clicked, it ticks the area and says so
    suggested.click()
    expect(checkbox).to_be_checked()
    expect(suggested).to_have_attribute("aria-pressed", "true")
    expect(suggested).to_contain_text("✓")
    snap(page, "area-suggestions-uk")

    # and a second click, from the keyboard, unticks it
    suggested.focus()
    page.keyboard.press("Enter")
    expect(checkbox).not_to_be_checked()
    expect(suggested).to_have_attribute("aria-pressed", "false")


def test_a_startup_typing_an_offer_is_suggested_its_areas(page, startup_a_admin):
    log_in(page, startup_a_admin, device=enrol_authenticator(startup_a_admin))
    page.goto("/offers/new/")
    page.locator("#id_title").fill("HemoStop windlass tourniquet")
    page.locator("#id_summary").fill("A tourniquet and haemostatic gauze for individual first-aid kits.")
    medical = CapabilityArea.objects.get(slug="medical-tactical")
    suggested = page.locator("[data-area-suggestions] button", has_text=medical.name_en)
    expect(suggested).to_be_visible(timeout=FIRST)
    # ticking the area in the tree shows on the suggestion too
    page.locator(f".area-tree input[value='{medical.pk}']").check()
    expect(suggested).to_have_attribute("aria-pressed", "true")
    snap(page, "area-suggestions-en")
