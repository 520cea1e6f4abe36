"""In a real browser: a vetted startup writes an offer with a datasheet and publishes it; an officer finds it in
the catalogue by a filter and a search word, opens it and downloads the datasheet."""

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from offers.models import Offer, OfferState
from offers.services import organisation_update_profile
from taxonomy.models import CapabilityArea
from tests.conftest import enrol_authenticator
from tests.e2e.conftest import snap
from tests.factories import OfferFactory
from tests.files import pdf_bytes, png_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def log_in(page, user, *, device=None) -> None:
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        page.locator("input[name=token]").fill(f"{totp(device.bin_key):06d}")
        page.locator("form.card button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def test_a_vetted_startup_creates_and_publishes_an_offer_with_a_datasheet(
    page, live_server, startup_a, startup_a_admin
):
    # given
    fpv = CapabilityArea.objects.get(slug="uas-aerial-fpv")
    log_in(page, startup_a_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Our offers").click()
    expect(page.get_by_role("heading", name="Our offers")).to_be_visible()
    snap(page, "offers-mine-empty")
    page.get_by_role("link", name="New offer").click()

    # when: a first attempt leaves out the Military List category
    page.get_by_label("Title").fill("Fibre-optic FPV strike kit")
    page.get_by_label("Summary").fill("Jam-proof FPV drone guided over 10 km of optical fibre.")
    page.get_by_label("Description").fill(
        "A quadcopter controlled through a spooled optical fibre: immune to radio jamming, no RF signature.\n\n"
        "Delivered with ground station, goggles and three spools."
    )
    page.locator("#area-filter-input").fill("fpv")
    expect(page.locator(f"input[name=areas][value='{fpv.pk}']")).to_be_visible()
    page.locator(f"input[name=areas][value='{fpv.pk}']").check()
    page.get_by_label("TRL 7 — system prototype demonstrated in an operational environment").check()
    page.get_by_label("Field-tested in Ukraine").check()
    page.get_by_label("Where and how it was tested").fill("Three months with an assault brigade, winter 2025.")
    page.get_by_label("Lead time (days)").fill("45")
    page.get_by_label("Monthly capacity (units)").fill("300")
    page.get_by_label("Unit price from (EUR)").fill("900")
    page.get_by_label("Unit price up to (EUR)").fill("1400")
    page.get_by_label("EU Common Military List").check()
    page.get_by_label("Datasheet (PDF, at most 10 MB)").set_input_files(
        {"name": "fpv-kit.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Save as draft").click()

    # then the form comes back with the error beside the field and everything typed kept
    expect(page.locator("#id_ml_category_error")).to_contain_text("Choose the Military List category")
    expect(page.get_by_label("Title")).to_have_value("Fibre-optic FPV strike kit")
    expect(page.locator(f"input[name=areas][value='{fpv.pk}']")).to_be_checked()
    snap(page, "offer-form-error")

    # when the category is chosen and the datasheet attached again
    page.get_by_label("Military List category").select_option("ML10")
    page.get_by_label("Datasheet (PDF, at most 10 MB)").set_input_files(
        {"name": "fpv-kit.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("The offer is saved as a draft.")).to_be_visible()
    expect(page.get_by_test_id("offer-state")).to_have_text("Draft")
    snap(page, "offer-draft")
    page.get_by_role("button", name="Publish").click()

    # then
    expect(page.get_by_text("The offer is published")).to_be_visible()
    expect(page.get_by_test_id("offer-state")).to_have_text("Published")
    snap(page, "offer-published")
    offer = Offer.objects.get()
    assert offer.state == OfferState.PUBLISHED and offer.published_at is not None
    assert (offer.export_control, offer.ml_category, offer.trl) == ("ml", "ML10", 7)
    assert offer.datasheet.read().startswith(b"%PDF-")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Our offers").click()
    expect(page.get_by_role("link", name="Fibre-optic FPV strike kit")).to_be_visible()
    snap(page, "offers-mine")


def test_an_admin_edits_the_company_profile_and_uploads_a_logo(page, live_server, startup_a, startup_a_admin):
    # given
    log_in(page, startup_a_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Company profile").click()

    # when
    page.get_by_label("NCAGE code").fill("D12AB")
    page.get_by_label("Logo (PNG, JPEG or WebP, at most 2 MB)").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png_upload().read()}
    )
    page.get_by_role("button", name="Save the profile").click()

    # then
    expect(page.get_by_text("The company profile is saved.")).to_be_visible()
    expect(page.get_by_role("img", name="Current logo")).to_be_visible()
    expect(page.get_by_label("NCAGE code")).to_have_value("D12AB")
    snap(page, "company-profile")
    startup_a.refresh_from_db()
    assert startup_a.ncage_code == "D12AB" and startup_a.logo.name.endswith(".png")


def test_an_officer_finds_an_offer_by_filter_and_search_and_downloads_its_datasheet(
    page, live_server, startup_a, startup_a_admin, startup_b, officer_a
):
    # given
    detection = CapabilityArea.objects.get(slug="cuas-detection")
    fpv = CapabilityArea.objects.get(slug="uas-aerial-fpv")
    startup_a.ncage_code = "D1234"
    startup_a.save(update_fields=["ncage_code"])
    organisation_update_profile(organisation=startup_a, logo=png_upload(), by=startup_a_admin)
    wanted = OfferFactory(
        organisation=startup_a,
        areas=[detection],
        trl=6,
        title="Acoustic drone detection mesh",
        summary="A mesh of microphones that hears Shahed-type drones 5 km away and triangulates them.",
        description="Solar-powered acoustic nodes, LoRa mesh, alerts to tablets.",
        field_tested_ua=True,
        lead_time_days=21,
        export_control="dual_use",
    )
    wanted.datasheet.save("sheet.pdf", _pdf_file(), save=True)
    OfferFactory(
        organisation=startup_b,
        areas=[detection],
        trl=8,
        title="Radar for small drones",
        summary="Passive radar that detects quadcopters.",
        lead_time_days=90,
    )
    OfferFactory(organisation=startup_b, areas=[fpv], title="FPV trainer", summary="Simulator for FPV pilots.")
    device = enrol_authenticator(officer_a)

    # when
    log_in(page, officer_a, device=device)
    page.get_by_role("button", name="EN").click()  # officers read Ukrainian by default; this test reads English
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Offer catalogue").click()
    expect(page.get_by_role("heading", name="Offer catalogue")).to_be_visible()
    snap(page, "offer-catalogue")
    page.get_by_label("Capability area").select_option(str(CapabilityArea.objects.get(slug="counter-uas").pk))
    page.get_by_label("Search").fill("acoustic")
    page.get_by_role("button", name="Show offers").click()

    # then
    expect(page.get_by_role("status")).to_have_text("1 offer")
    expect(page.get_by_role("link", name="Acoustic drone detection mesh")).to_be_visible()
    snap(page, "offer-catalogue-filtered")
    page.get_by_role("link", name="Acoustic drone detection mesh").click()
    expect(page.get_by_role("heading", name="Acoustic drone detection mesh")).to_be_visible()
    expect(page.get_by_text("TRL 6 — technology demonstrated in a relevant environment")).to_be_visible()
    expect(page.get_by_text("D1234")).to_be_visible()
    expect(page.get_by_role("img", name="Logo of Alpha Drones GmbH")).to_be_visible()
    snap(page, "offer-detail-officer")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the datasheet").click()
    assert download.value.suggested_filename == "acoustic-drone-detection-mesh.pdf"
    with open(download.value.path(), "rb") as file:
        assert file.read() == pdf_bytes()


def _pdf_file():
    from django.core.files.base import ContentFile

    return ContentFile(pdf_bytes())
