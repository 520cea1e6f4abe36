"""The whole story in a real browser, with a real worker: an officer posts a request in Ukrainian, the engine
suggests a startup's offer, staff read why and propose an introduction, both sides accept and see each other,
the pilot starts and ends, the officer gives field feedback and the startup reads it."""

import pytest
from playwright.sync_api import expect

from matching.models import FieldFeedback, Match, MatchState
from needs.models import CapabilityRequest
from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_requests import TITLE, log_in, write_request_in_ukrainian
from tests.factories import member_of
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


def test_from_a_request_in_ukrainian_to_field_feedback(
    page, open_page, celery_workers, catalogue, officer_a, unit_a, staff, pending_admin
):  # noqa: F811
    # given: a real worker, and the interceptor's startup with a person to sign in
    celery_workers(1)
    interceptor = catalogue["interceptor"]
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

    # the officer starts the pilot, closes it after the trial, and gives feedback
    page.locator("#step-start_pilot").fill("Пілот: 10 комплектів, чотири тижні.")
    page.get_by_test_id("step-start_pilot").click()
    expect(page.get_by_test_id("match-state")).to_have_attribute("data-state", "piloting")
    snap(page, "story-09-officer-piloting-uk")
    page.get_by_test_id("step-close").click()
    expect(page.get_by_test_id("match-state")).to_have_attribute("data-state", "closed")
    page.locator("input[name=rating][value='4']").check()
    page.locator("#id_what_worked").fill("Надійно працює вночі та під РЕБ; екіпажі навчилися за два дні.")
    page.locator("#id_what_failed").fill("Батареї сідають на морозі нижче −15 °C.")
    page.locator("input[name=would_order_more][value=yes]").check()
    snap(page, "story-10-officer-feedback-form-uk")
    page.get_by_test_id("send-feedback").click()
    expect(page.get_by_test_id("feedback")).to_contain_text("4/5")
    snap(page, "story-11-officer-feedback-sent-uk")

    # then: the startup reads the feedback
    startup.reload()
    expect(startup.get_by_test_id("feedback")).to_contain_text("Батареї сідають на морозі")
    snap(startup, "story-12-startup-feedback")
    match = Match.objects.get(capability_request=request, offer=interceptor)
    assert match.state == MatchState.CLOSED
    assert FieldFeedback.objects.get(match=match).rating == 4

    # and staff see it all on the dashboard
    staff_page.locator("nav.site-nav a[href='/staff/dashboard/']").click()
    expect(staff_page.get_by_test_id("funnel")).to_be_visible()
    snap(staff_page, "story-13-staff-dashboard")

    # and the organisations awaiting vetting, with what they gave at registration
    staff_page.locator("nav.site-nav a[href='/staff/']").click()
    snap(staff_page, "story-14-staff-index")
    staff_page.get_by_role("link", name="Vetting queue").click()
    expect(staff_page.get_by_test_id("vetting-item")).to_contain_text(pending_admin.email)
    snap(staff_page, "story-15-staff-vetting-queue")
