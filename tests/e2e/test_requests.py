"""In a real browser: an officer writes a capability request in Ukrainian and opens it; a vetted startup finds it
by a filter and a search word, and reads it anonymised."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from needs.models import CapabilityRequest, RequestState
from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.needs.factories import CapabilityRequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


TITLE = "Дрони-перехоплювачі для захисту підстанцій"


def log_in(page, user, *, device=None) -> None:
    page.goto("/account/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    if device is not None:
        page.locator("input[name=token]").fill(f"{totp(device.bin_key):06d}")
        page.locator("form.card button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def write_request_in_ukrainian(page, officer, area_pk_fpv: int) -> None:
    page.get_by_role("button", name="УКР").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    page.locator("nav.site-nav a[href='/requests/']").click()
    page.locator("a.button[href='/requests/new/']").first.click()

    page.locator("#id_title").fill(TITLE)
    page.locator("input[name=language][value=uk]").check()
    page.locator("#id_description").fill(
        "Підрозділ потребує дронів-перехоплювачів для захисту підстанцій від ударних БпЛА вночі, "
        "в умовах сильної РЕБ. Потрібна автоматична система наведення."
    )
    page.locator("#id_summary_en").fill("Interceptor drones to protect substations from strike drones at night.")
    page.locator("#area-filter-input").fill("перехоп")
    expect(page.locator(f"input[name=areas][value='{area_pk_fpv}']")).to_be_visible()
    page.locator(f"input[name=areas][value='{area_pk_fpv}']").check()
    page.locator("input[name=conditions][value=heavy_ew]").check()
    page.locator("input[name=conditions][value=night]").check()
    page.locator("#id_conditions_note").fill("Морози до −20 °C")
    page.locator("input[name=min_trl][value='6']").check()
    page.locator("#id_quantity").fill("40")
    page.locator("#id_unit").fill("комплектів")
    page.locator("#id_needed_by").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    page.locator("#id_budget_min_eur").fill("900000")
    page.locator("#id_budget_max_eur").fill("400000")
    page.locator("input[name=urgency][value=critical]").check()
    page.locator("input[name=visibility][value=vetted]").check()
    page.locator("form.request-form button[type=submit]").click()

    # A budget band upside down: the message sits beside the field and nothing typed is lost.
    expect(page.locator(".field.has-error #id_budget_max_eur")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator(f"input[name=areas][value='{area_pk_fpv}']")).to_be_checked()
    snap(page, "request-form-error-uk")
    page.locator("#id_budget_max_eur").fill("1500000")
    page.locator("form.request-form button[type=submit]").click()


def test_an_officer_writes_a_request_in_ukrainian_and_a_vetted_startup_finds_it_anonymised(
    page, open_page, officer_a, unit_a, startup_a_admin
):
    # given
    officer_a.preferred_language = "en"
    officer_a.save(update_fields=["preferred_language"])
    device = enrol_authenticator(officer_a)
    interceptors = CapabilityArea.objects.get(slug="uas-aerial-interceptor")
    unmanned = CapabilityArea.objects.get(slug="unmanned-systems")

    # when: the officer writes and opens the request in the Ukrainian interface
    log_in(page, officer_a, device=device)
    write_request_in_ukrainian(page, officer_a, interceptors.pk)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_test_id("request-state")).to_have_attribute("data-state", "draft")
    snap(page, "request-draft-uk")
    page.locator("form:has(input[name=to][value=open]) button").click()
    expect(page.get_by_test_id("request-state")).to_have_attribute("data-state", "open")
    snap(page, "request-open-uk")
    page.locator("nav.site-nav a[href='/requests/']").click()
    snap(page, "requests-officer-list-uk")

    # then: a vetted startup, in English, finds it by area and by an inflected Ukrainian word
    startup = open_page()
    log_in(startup, startup_a_admin)
    startup.locator("nav.site-nav a[href='/requests/']").click()
    startup.locator("#id_area").select_option(str(unmanned.pk))
    startup.locator("#id_q").fill("дронів")
    startup.locator("#id_order").select_option("urgent")
    startup.locator("form.catalogue-filters button[type=submit]").click()
    cards = startup.get_by_test_id("request-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(TITLE)
    expect(cards.first).to_contain_text("A Ukrainian defence unit")
    snap(startup, "requests-startup-catalogue")
    startup.locator("#id_q").fill("танків")
    startup.locator("form.catalogue-filters button[type=submit]").click()
    expect(startup.get_by_test_id("request-card")).to_have_count(0)
    snap(startup, "requests-startup-no-match")
    startup.go_back()
    startup.get_by_role("link", name=TITLE).click()
    expect(startup.locator("h1")).to_have_text(TITLE)
    html = startup.content()
    for secret in (
        unit_a.legal_name,
        officer_a.full_name,
        officer_a.email,
        "900000",
        "900 000",
        "1500000",
        "1 500 000",
    ):
        assert secret not in html
    expect(startup.locator("body")).to_contain_text("Requested by A Ukrainian defence unit")
    snap(startup, "requests-startup-detail")
    created = CapabilityRequest.objects.get(title=TITLE)
    assert (created.state, created.language, created.budget_max_eur) == (RequestState.OPEN, "uk", 1500000)


def test_staff_open_a_restricted_request_and_find_their_read_in_the_audit(page, live_server, staff, unit_a, officer_a):
    # given
    restricted = CapabilityRequestFactory(
        organisation=unit_a,
        created_by=officer_a,
        title="Захищені радіостанції для штабу бригади",
        language="uk",
        description="Потрібні радіостанції зі стійкістю до РЕБ для штабу.",
        visibility="restricted",
        budget_min_eur=250000,
        budget_max_eur=1200000,
    )
    CapabilityRequestFactory(organisation=unit_a, title="Thermal sights for night patrols", urgency="critical")
    device = enrol_authenticator(staff)

    # when
    log_in(page, staff, device=device)
    page.locator("nav.site-nav a[href='/requests/']").click()
    expect(page.locator("table.request-table tbody tr")).to_have_count(2)
    snap(page, "requests-staff-list")
    page.get_by_role("link", name=restricted.title).click()
    expect(page.get_by_test_id("audit-notice")).to_be_visible()
    snap(page, "request-staff-restricted")
    page.locator("nav.site-nav a[href='/staff/audit/']").click()
    page.get_by_label("Action").select_option("request.read_restricted")
    page.get_by_role("button", name="Filter").click()

    # then: the list that showed it and the page that opened it, each a read; the trail names it by number
    expect(page.get_by_test_id("audit-row")).to_have_count(2)
    expect(page.locator("table tbody")).to_contain_text(f"Restricted request no. {restricted.pk}")
    expect(page.locator("table tbody")).not_to_contain_text(restricted.title)
    expect(page.locator("table tbody")).to_contain_text(staff.full_name)
    snap(page, "audit-trail")
