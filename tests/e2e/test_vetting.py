"""In a real browser, under the four-eyes rule: staff member A reads a pending startup's evidence and proposes
to vet it with a written rationale; staff member B, signed in with their own second factor, confirms it; the
startup is then vetted. Screenshots of the vetting page at 1280 and 390 pixels, in English and Ukrainian."""

import pytest
from playwright.sync_api import expect

from profiles.models import VettingState
from profiles.services import organisation_set_vetting
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import ARTIFACTS, DESKTOP
from tests.e2e.test_requests import log_in
from tests.factories import OfferFactory, with_evidence

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RATIONALE = "Register extract matches the registration number; owners declared and screened against EU lists."
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def shots(page, name: str) -> None:
    """test-artifacts/<name>-desktop.png (1280 px) and <name>-phone.png (390 px), whole pages."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.evaluate("() => new Promise(requestAnimationFrame)")
        page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def _second_page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-GB")
    return context, context.new_page()


def test_two_staff_members_vet_a_startup_on_its_evidence(
    page, browser, live_server, settings, staff, staff_b, pending_startup, pending_admin, private_uploads
):
    # given: the rule is on, and the startup gave a register extract, a declaration and a draft offer
    settings.VETTING_FOUR_EYES = True
    with_evidence(pending_startup, name="Handelsregisterauszug HRB 4711.pdf")
    OfferFactory(organisation=pending_startup, title="Passive radar kit", state="draft", published_at=None)
    device_a, device_b = enrol_authenticator(staff), enrol_authenticator(staff_b)

    # when: staff member A opens the queue, reads the evidence and proposes to vet
    log_in(page, staff, device=device_a)
    page.goto("/staff/organisations/?state=pending")
    page.get_by_test_id("vetting-item").filter(has_text=pending_startup.legal_name).get_by_role("link").first.click()
    expect(page.get_by_test_id("documents")).to_contain_text("Handelsregisterauszug HRB 4711.pdf")
    expect(page.get_by_test_id("declaration")).to_contain_text("Clara Charlie (Germany), 100%.")
    expect(page.get_by_test_id("offers")).to_contain_text("Passive radar kit")
    expect(page.locator("#id_to_state")).to_have_value("")
    with page.expect_download() as download:
        page.get_by_test_id("documents").get_by_role("link").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    shots(page, "vetting-01-evidence")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Choose a decision.")).to_be_visible()
    expect(page.locator("#id_note_error")).to_be_visible()
    page.locator("#id_to_state").select_option("vetted")
    page.locator("#id_note").fill(RATIONALE)
    page.get_by_role("button", name="Record the decision").click()

    # then: the proposal waits for a second pair of eyes, and the startup is still pending
    expect(page.get_by_test_id("awaiting-second")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm the decision")).to_have_count(0)
    expect(page.get_by_test_id("vetting-state")).to_have_attribute("data-state", "pending")
    shots(page, "vetting-02-proposed-awaiting")

    # when: staff member B signs in with their own second factor and confirms
    context_b, page_b = _second_page(browser, live_server)
    log_in(page_b, staff_b, device=device_b)
    page_b.goto("/staff/organisations/?state=pending")
    item = page_b.get_by_test_id("vetting-item").filter(has_text=pending_startup.legal_name)
    expect(item.get_by_test_id("awaits-confirmation")).to_be_visible()
    shots(page_b, "vetting-03-queue-awaiting")
    item.get_by_role("link", name="Review the proposal").click()
    expect(page_b.get_by_test_id("pending-proposal")).to_contain_text(RATIONALE)
    expect(page_b.get_by_test_id("pending-proposal")).to_contain_text(staff.full_name)
    shots(page_b, "vetting-04-second-staff-reviews")
    page_b.get_by_test_id("pending-proposal").get_by_role("textbox").fill("Checked the extract myself: agreed.")
    page_b.get_by_role("button", name="Confirm the decision").click()

    # then: the startup is vetted, and the history names both
    expect(page_b.get_by_test_id("vetting-state")).to_have_attribute("data-state", "vetted")
    expect(page_b.get_by_text("Checked the extract myself: agreed.")).to_be_visible()
    shots(page_b, "vetting-05-confirmed")
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.VETTED and pending_startup.vetted_by == staff_b

    # and the same page in Ukrainian, at both widths
    page_b.get_by_role("button", name="УКР").click()
    expect(page_b.locator("html")).to_have_attribute("lang", "uk")
    shots(page_b, "vetting-06-confirmed-uk")
    context_b.close()


def test_the_vetting_page_in_ukrainian_while_a_proposal_awaits(
    page, browser, live_server, settings, staff, staff_b, pending_startup, pending_admin, private_uploads
):
    # given: staff member A proposed; staff member B reads the page in Ukrainian
    settings.VETTING_FOUR_EYES = True
    with_evidence(pending_startup)
    organisation_set_vetting(organisation=pending_startup, to_state="vetted", note=RATIONALE, by=staff)
    log_in(page, staff_b, device=enrol_authenticator(staff_b))

    # when
    page.get_by_role("button", name="УКР").click()
    page.goto(f"/staff/organisations/{pending_startup.pk}/")

    # then
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_test_id("pending-proposal")).to_contain_text(RATIONALE)
    shots(page, "vetting-07-review-uk")
