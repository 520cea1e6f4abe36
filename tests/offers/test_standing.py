"""Standing decides what an organisation does with offers, on every path: a startup awaiting vetting may
only draft; a suspended or rejected one may change nothing and leaves the catalogue; the officers of a
suspended unit no longer read the catalogue or its datasheets.

The tests speak to URL paths (which the move of offers into their own app kept), so they run the same
against the code before and after it."""

import pytest

from offers.models import Offer, OfferState
from profiles.models import VettingState
from tests.conftest import login
from tests.factories import OfferFactory
from tests.files import pdf_upload

pytestmark = pytest.mark.django_db

OUT_OF_GOOD_STANDING = [VettingState.SUSPENDED, VettingState.REJECTED]


def _set_standing(organisation, state: str) -> None:
    organisation.vetting_state = state
    organisation.save(update_fields=["vetting_state"])


def _offer_form(area) -> dict:
    return {
        "title": "Passive acoustic drone detector",
        "summary": "Hears Shaheds 5 km away.",
        "description": "A mesh of microphones that triangulates drones.",
        "language": "en",
        "areas": [area.pk],
        "trl": "6",
        "lead_time_days": "60",
        "monthly_capacity": "40",
        "export_control": "not_controlled",
    }


@pytest.mark.parametrize("state", OUT_OF_GOOD_STANDING)
def test_a_startup_out_of_good_standing_changes_none_of_its_offers(client, startup_a, startup_a_admin, state):
    # given
    published = OfferFactory(organisation=startup_a, title="Original")
    _set_standing(startup_a, state)
    login(client, startup_a_admin)

    # when
    edit_page = client.get(f"/offers/{published.pk}/edit/")
    unpublished = client.post(f"/offers/{published.pk}/unpublish/")
    archived = client.post(f"/offers/{published.pk}/archive/")

    # then
    assert [edit_page.status_code, unpublished.status_code, archived.status_code] == [403, 403, 403]
    assert Offer.objects.get(pk=published.pk).state == OfferState.PUBLISHED


@pytest.mark.parametrize("state", OUT_OF_GOOD_STANDING)
def test_a_startup_out_of_good_standing_drafts_no_new_offer(client, startup_a, startup_a_admin, fpv_area, state):
    # given
    _set_standing(startup_a, state)
    login(client, startup_a_admin)

    # when
    response = client.post("/offers/new/", _offer_form(fpv_area))

    # then
    assert response.status_code == 403
    assert not Offer.objects.filter(organisation=startup_a).exists()


def test_a_startup_awaiting_vetting_drafts_offers(client, pending_startup, pending_admin, fpv_area):
    response = login(client, pending_admin).post("/offers/new/", _offer_form(fpv_area))

    assert response.status_code == 302
    assert Offer.objects.get(organisation=pending_startup).state == OfferState.DRAFT


def test_a_suspended_startup_cannot_edit_its_company_profile(client, startup_a, startup_a_admin):
    # given
    _set_standing(startup_a, VettingState.SUSPENDED)
    profile = {
        "legal_name": "Renamed while suspended",
        "country": "DE",
        "registration_number": "HRB 777",
        "description": "Interceptor drones.",
    }

    # when
    login(client, startup_a_admin).post("/company/", profile)

    # then
    startup_a.refresh_from_db()
    assert startup_a.legal_name == "Alpha Drones GmbH"


def test_a_suspended_startups_offers_leave_the_catalogue(client, startup_a, officer_a):
    # given
    offer = OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    _set_standing(startup_a, VettingState.SUSPENDED)
    login(client, officer_a)

    # then
    assert "Acoustic drone detector" not in client.get("/catalogue/").content.decode()
    assert client.get(f"/offers/{offer.pk}/").status_code == 404


def test_the_officers_of_a_suspended_unit_no_longer_read_the_catalogue(client, startup_a, unit_a, officer_a):
    # given
    offer = OfferFactory(organisation=startup_a, datasheet=pdf_upload("datasheet.pdf"))
    _set_standing(unit_a, VettingState.SUSPENDED)
    login(client, officer_a)

    # when
    catalogue = client.get("/catalogue/")
    page = client.get(f"/offers/{offer.pk}/")
    datasheet = client.get(f"/offers/{offer.pk}/datasheet/")

    # then
    assert [catalogue.status_code, page.status_code, datasheet.status_code] == [404, 404, 404]
