"""In a real browser: a vetted startup asks for a new legal name, which waits for the office; staff see it,
and a possible duplicate, on the vetting page and approve it with a reason."""

import pytest
from playwright.sync_api import expect

from profiles.models import Organisation
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.e2e.test_offers import log_in
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_legal_name_waits_for_the_office_which_approves_it(
    page, open_page, live_server, startup_a, startup_a_admin, staff
):
    # given: another organisation with the same number in another country
    OrganisationFactory(
        legal_name="Alpha Drones Austria GmbH", country="AT", registration_number=startup_a.registration_number
    )
    log_in(page, startup_a_admin)
    page.goto(f"{live_server.url}/company/")

    # when: the startup renames itself
    page.get_by_label("Legal name").fill("Alpha Interceptors GmbH")
    page.get_by_label("Website").fill("https://interceptors.example")
    page.get_by_role("button", name="Save the profile").click()

    # then: the website changed, the name waits
    expect(page.get_by_test_id("pending-identity-change")).to_contain_text(
        "Your change of legal name awaits the office's approval."
    )
    snap(page, "company-identity-change-pending")
    startup_a.refresh_from_db()
    assert (startup_a.legal_name, startup_a.website) == ("Alpha Drones GmbH", "https://interceptors.example")

    # when: staff open the vetting page and approve
    staff_page = open_page()
    log_in(staff_page, staff, device=enrol_authenticator(staff))
    staff_page.goto(f"/staff/organisations/{startup_a.pk}/")
    expect(staff_page.get_by_test_id("possible-duplicates")).to_contain_text("Alpha Drones Austria GmbH")
    changes = staff_page.get_by_test_id("identity-changes")
    expect(changes).to_contain_text("Alpha Interceptors GmbH")
    snap(staff_page, "staff-identity-change-pending")
    changes.get_by_label("Decision").select_option("approve")
    changes.get_by_label("Rationale").fill("The register shows the new name since 1 December.")
    changes.get_by_role("button", name="Record the decision").click()

    # then
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Alpha Interceptors GmbH")
    expect(
        staff_page.get_by_text("Identity change: legal name Alpha Drones GmbH → Alpha Interceptors GmbH.")
    ).to_be_visible()
    snap(staff_page, "staff-identity-change-approved")
    assert Organisation.objects.get(pk=startup_a.pk).legal_name == "Alpha Interceptors GmbH"
