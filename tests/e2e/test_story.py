"""The whole story in a real browser, with a real worker: an officer posts a request in Ukrainian, the engine
suggests a startup's offer, staff read why and propose an introduction, both sides accept and see each other;
then they work together (a message with a file, a meeting picked from proposed times, a pilot plan both agree,
a trial slot, the export licence), the pilot runs, the officer reports on it in Ukrainian and the startup reads
the report in English."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from matching.models import Match, MatchState, TrialReport
from matching.services import trial_slot_create
from needs.models import CapabilityRequest
from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_requests import TITLE, log_in, write_request_in_ukrainian
from tests.factories import member_of
from tests.files import pdf_bytes
from tests.integration.conftest import celery_workers, wait_for  # noqa: F401 - fixture
from tests.matching.conftest import catalogue  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

STARTUP_SUMMARY = (
    "A Ukrainian defence unit needs 40 interceptor sets for night defence of substations under heavy jamming."
)
OFFICER_SUMMARY = (
    "Aerodrive's interceptor: TRL 8, 300 a month, 30 days' lead time. It fits your night and jamming conditions."
)


def _open_introduction(page) -> None:
    page.locator("nav.site-nav a[href='/matches/']").click()
    page.get_by_test_id("proposal-row").first.locator("a").click()


def test_from_a_request_in_ukrainian_to_a_trial_report(
    page, open_page, celery_workers, catalogue, officer_a, unit_a, staff, pending_admin
):  # noqa: F811
    # given: a real worker, and the interceptor's startup with a person to sign in
    celery_workers(1)
    interceptor = catalogue["interceptor"]
    type(interceptor).objects.filter(pk=interceptor.pk).update(export_control="ml", ml_category="ML10")
    startup_user = member_of(interceptor.organisation, email="anna@aerodrive.example", full_name="Anna Keller")
    officer_device, staff_device = enrol_authenticator(officer_a), enrol_authenticator(staff)
    areas = CapabilityArea.objects.get(slug="uas-aerial-interceptor")

    # when: the officer writes and opens the request in Ukrainian; the worker scores it
    log_in(page, officer_a, device=officer_device)
    write_request_in_ukrainian(page, officer_a, areas.pk)
    page.locator("form:has(input[name=to][value=open]) button").click()
    expect(page.get_by_test_id("request-state")).to_have_attribute("data-state", "open")
    request = CapabilityRequest.objects.get(title=TITLE)
    assert wait_for(lambda: Match.objects.filter(capability_request=request, offer=interceptor).exists(), timeout=20)

    # then: staff find the pair in the queue, read the explanation and propose
    staff_page = open_page()
    log_in(staff_page, staff, device=staff_device)
    staff_page.locator("nav.site-nav a[href='/staff/matching/queue/']").click()
    group = staff_page.get_by_test_id("queue-group").filter(has_text=TITLE)
    expect(group).to_contain_text(unit_a.legal_name)
    row = group.get_by_test_id("queue-row").filter(has_text=interceptor.title)
    snap(staff_page, "story-01-staff-queue")
    row.get_by_role("link", name=interceptor.title).click()
    expect(staff_page.get_by_test_id("explanation")).to_be_visible()
    expect(staff_page.get_by_test_id("match-state")).to_have_attribute("data-state", "suggested")
    snap(staff_page, "story-02-staff-match")
    staff_page.locator("#id_summary_for_startup").fill(STARTUP_SUMMARY)
    staff_page.locator("#id_summary_for_officer").fill(OFFICER_SUMMARY)
    staff_page.locator("form.propose-form button[type=submit]").click()
    expect(staff_page.get_by_test_id("match-state")).to_have_attribute("data-state", "proposed")
    snap(staff_page, "story-03-staff-proposed")

    # the startup reads its summary and the anonymised request, and accepts
    startup = open_page()
    log_in(startup, startup_user)
    _open_introduction(startup)
    expect(startup.get_by_test_id("office-summary")).to_contain_text(STARTUP_SUMMARY)
    html = startup.content()
    for secret in (
        unit_a.legal_name,
        officer_a.full_name,
        officer_a.email,
        OFFICER_SUMMARY,
        "1500000",
        "1 500 000",
        "900000",
    ):
        assert secret not in html
    snap(startup, "story-04-startup-proposal")
    startup.locator("#id_message").fill("We can ship pilot units within two weeks.")
    startup.get_by_test_id("accept").click()
    expect(startup.get_by_test_id("waiting")).to_be_visible()
    snap(startup, "story-05-startup-accepted")

    # the officer, in Ukrainian, accepts and sees the startup's contact
    _open_introduction(page)
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_test_id("office-summary")).to_contain_text(OFFICER_SUMMARY)
    snap(page, "story-06-officer-proposal-uk")
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("counterpart")).to_contain_text(interceptor.organisation.legal_name)
    expect(page.get_by_test_id("counterpart")).to_contain_text(startup_user.email)
    snap(page, "story-07-officer-contacts-uk")

    # the startup now sees the unit and its officer, never the budget
    startup.reload()
    expect(startup.get_by_test_id("counterpart")).to_contain_text(unit_a.legal_name)
    expect(startup.get_by_test_id("counterpart")).to_contain_text(officer_a.email)
    assert "1500000" not in startup.content() and "1 500 000" not in startup.content()
    snap(startup, "story-08-startup-contacts")

    # the startup opens the work together and sends its test report as a PDF
    startup.get_by_test_id("open-work").click()
    startup.locator("#id_body").fill("Our last range report is attached. When can we show the seeker?")
    startup.locator("#id_attachment").set_input_files(
        files=[{"name": "range-report.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    startup.get_by_test_id("send-message").click()
    expect(startup.get_by_test_id("message")).to_contain_text("range-report.pdf")

    # and proposes a meeting at two times, in its own time zone
    day = timezone.localdate() + timedelta(days=5)
    startup.locator("summary", has_text="Propose a meeting").click()
    startup.locator("#id_topic").fill("Seeker demonstration")
    startup.locator("#id_time_1").fill(f"{day}T10:00")
    startup.locator("#id_time_2").fill(f"{day + timedelta(days=1)}T15:00")
    startup.get_by_test_id("propose-meeting").click()
    expect(startup.get_by_test_id("meeting")).to_have_attribute("data-state", "proposed")
    snap(startup, "story-09-startup-work")

    # the officer, in Ukrainian, reads the message, picks a time and writes the pilot plan
    page.get_by_test_id("open-work").click()
    expect(page.get_by_test_id("message")).to_contain_text("range-report.pdf")
    page.get_by_test_id("pick-time").click()
    expect(page.get_by_test_id("meeting")).to_have_attribute("data-state", "confirmed")
    page.locator("#id_location").fill("Полігон у Київській області")
    page.locator("#id_starts_on").fill(f"{timezone.localdate() + timedelta(days=1)}")
    page.locator("#id_ends_on").fill(f"{timezone.localdate() + timedelta(days=29)}")
    page.locator("#id_quantity").fill("10")
    page.locator("#id_criterion_1").fill("Тримає відеозв'язок під РЕБ бригади 10 вильотів")
    page.locator("#id_criterion_2").fill("Знищує 8 з 10 цілей уночі")
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("plan")).to_contain_text("Знищує 8 з 10 цілей уночі")
    snap(page, "story-10-officer-plan-uk")

    # the startup confirms the plan and records its export licence
    startup.reload()
    startup.get_by_test_id("confirm-plan").click()
    startup.locator("input[name=status][value=held]").check()
    startup.locator("#id_number").fill("DE-AG-2026-0117")
    startup.locator("#id_issuing_authority").fill("BAFA")
    startup.locator("#id_valid_until").fill(f"{timezone.localdate() + timedelta(days=365)}")
    startup.locator("#id_document").set_input_files(
        files=[{"name": "licence.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    startup.get_by_test_id("record-licence").click()
    expect(startup.get_by_test_id("licence")).to_contain_text("DE-AG-2026-0117")
    snap(startup, "story-11-startup-licence")

    # staff book a field-trial slot for the pilot
    trial_slot_create(
        by=staff,
        place="Test range, Kyiv region",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=60),
        capacity=2,
    )
    match = Match.objects.get(capability_request=request, offer=interceptor)
    staff_page.goto(f"/matches/{match.pk}/together/")
    staff_page.get_by_test_id("book-slot").click()
    expect(staff_page.get_by_test_id("booking")).to_contain_text("Test range, Kyiv region")
    snap(staff_page, "story-12-staff-work")
    staff_page.locator("nav.site-nav a[href='/staff/']").click()
    staff_page.locator("a[href='/staff/matching/trial-slots/']").click()
    expect(staff_page.get_by_test_id("slot-row")).to_contain_text(interceptor.title)
    snap(staff_page, "story-12-staff-trial-slots")

    # the officer starts the pilot, ends it, and reports against each criterion
    page.reload()
    page.get_by_test_id("step-start_pilot").click()
    expect(page.get_by_test_id("match-state")).to_have_attribute("data-state", "piloting")
    page.get_by_test_id("open-work").click()
    page.get_by_test_id("end-pilot").click()
    criteria = page.get_by_test_id("report-form").locator("fieldset.criterion")
    criteria.nth(0).locator("input[value=met]").check()
    criteria.nth(1).locator("input[value=partly]").check()
    criteria.nth(1).locator("textarea").fill("Шість із десяти: дві цілі пішли на малій висоті.")
    page.locator("input[name=rating][value='4']").check()
    page.locator("#id_what_worked").fill("Надійно працює вночі та під РЕБ; екіпажі навчилися за два дні.")
    page.locator("#id_what_failed").fill("Батареї сідають на морозі нижче −15 °C.")
    page.locator("input[name=would_order_more][value=yes]").check()
    snap(page, "story-13-officer-report-form-uk")
    page.get_by_test_id("send-report").click()
    expect(page.get_by_test_id("trial-report")).to_contain_text("4/5")
    snap(page, "story-14-officer-report-sent-uk")

    # then: the startup reads the report in English, with the officer's own words
    startup.reload()
    expect(startup.get_by_test_id("trial-report")).to_contain_text("Partly met")
    expect(startup.get_by_test_id("trial-report")).to_contain_text("Батареї сідають на морозі")
    snap(startup, "story-15-startup-report")
    match.refresh_from_db()
    assert match.state == MatchState.PILOTING
    assert TrialReport.objects.get(match=match).rating == 4

    # and staff see it all on the dashboard
    staff_page.locator("nav.site-nav a[href='/staff/dashboard/']").click()
    expect(staff_page.get_by_test_id("funnel")).to_be_visible()
    snap(staff_page, "story-16-staff-dashboard")

    # and the organisations awaiting vetting, with what they gave at registration
    staff_page.locator("nav.site-nav a[href='/staff/']").click()
    snap(staff_page, "story-17-staff-index")
    staff_page.get_by_role("link", name="Vetting queue").click()
    expect(staff_page.get_by_test_id("vetting-item")).to_contain_text(pending_admin.email)
    snap(staff_page, "story-18-staff-vetting-queue")
