"""In a real browser, with a real worker: an officer posts a request; once the worker has scored it, staff
find the candidates in the staff area and the bell tells them."""

import pytest
from playwright.sync_api import expect

from matching.models import Match
from needs.models import CapabilityRequest
from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_requests import TITLE, log_in, write_request_in_ukrainian
from tests.integration.conftest import celery_workers, wait_for  # noqa: F401 - fixture
from tests.matching.conftest import catalogue  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_staff_see_the_candidates_of_a_new_request_and_the_bell_rings(
    page, open_page, celery_workers, catalogue, officer_a, staff, monkeypatch
):  # noqa: F811
    # given: a worker that tells staff of every stored candidate
    monkeypatch.setenv("MATCHING_NOTIFY_THRESHOLD", "0.4")
    celery_workers(1)
    officer_device, staff_device = enrol_authenticator(officer_a), enrol_authenticator(staff)
    interceptors = CapabilityArea.objects.get(slug="uas-aerial-interceptor")

    # when: the officer writes the request and opens it
    log_in(page, officer_a, device=officer_device)
    write_request_in_ukrainian(page, officer_a, interceptors.pk)
    page.locator("form:has(input[name=to][value=open]) button").click()
    expect(page.get_by_test_id("request-state")).to_have_attribute("data-state", "open")
    request = CapabilityRequest.objects.get(title=TITLE)
    assert wait_for(lambda: Match.objects.filter(capability_request=request).exists(), timeout=10)

    # then: staff see the bell, follow it to the candidates, and read why the engine paired them
    staff_page = open_page()
    log_in(staff_page, staff, device=staff_device)
    expect(staff_page.get_by_test_id("unread-count")).to_be_visible()
    snap(staff_page, "pipeline-staff-bell")
    staff_page.locator("#notification-bell").click()
    staff_page.get_by_role("link", name=TITLE).first.click()
    expect(staff_page.locator("h1")).to_have_text(TITLE)
    expect(staff_page.get_by_test_id("candidate").first).to_contain_text(catalogue["interceptor"].title)
    snap(staff_page, "pipeline-staff-candidates")
