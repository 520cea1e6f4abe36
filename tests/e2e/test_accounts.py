"""In a real browser: a startup registers and waits for vetting; an officer joins by invitation and enrols TOTP;
the language switcher turns the site Ukrainian."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from profiles.models import Organisation, User
from profiles.services import invitation_create
from tests.e2e.conftest import snap
from tests.files import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_registration(page) -> None:
    """A Lithuanian startup's registration, with its evidence and the terms accepted."""
    page.get_by_label("Legal name of the company").fill("Baltic Drone Works UAB")
    page.get_by_label("Country of registration").select_option("LT")
    page.get_by_label("Company registration number").fill("305512345")
    page.get_by_label("Website").fill("https://baltic-drone.example")
    page.get_by_label("What the company does").fill("Fibre-optic FPV drones immune to jamming.")
    page.get_by_label("Registration documents (PDF, at most 10 MB in all)").set_input_files(
        {"name": "Registrų centro išrašas.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_label("Who ultimately owns or controls the company").fill("Rūta Kazlauskienė (Lithuania), 100%.")
    page.get_by_label("Neither the company nor its owners or managers are listed").check()
    page.get_by_label("The company is not owned or controlled").check()
    page.get_by_label("This information is true and complete").check()
    page.get_by_label("I accept the terms of use.").check()
    page.get_by_label("Your full name").fill("Rūta Kazlauskienė")
    page.get_by_label("Your work e-mail").fill("ruta@baltic-drone.example")
    page.get_by_label("Password", exact=True).fill("fibre-optic-fpv-2026")
    page.get_by_label("Password again").fill("fibre-optic-fpv-2026")


def test_a_startup_registers_confirms_logs_in_and_awaits_vetting(page, live_server, mailoutbox, private_uploads):
    # given
    page.goto("/")
    snap(page, "landing")
    page.get_by_role("link", name="Register your startup").click()

    # when
    fill_registration(page)
    snap(page, "register-filled")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    link = re.search(r"https?://\S+(/account/confirm/\S+/)", mailoutbox[-1].body).group(1)
    page.goto(link)
    expect(page.get_by_text("Your e-mail address is confirmed")).to_be_visible()
    page.get_by_label("E-mail").fill("ruta@baltic-drone.example")
    page.get_by_label("Password").fill("fibre-optic-fpv-2026")
    page.get_by_role("button", name="Log in").click()

    # then
    expect(page.get_by_test_id("vetting-status")).to_contain_text("Awaiting vetting")
    snap(page, "startup-awaiting-vetting")
    organisation = Organisation.objects.get(legal_name="Baltic Drone Works UAB")
    assert organisation.vetting_state == "pending"
    assert organisation.registration_documents.get().original_name == "Registrų centro išrašas.pdf"
    assert organisation.ownership_declarations.get().true_and_complete


def test_after_registering_reload_sends_nothing_and_back_shows_an_empty_form(
    page, live_server, mailoutbox, private_uploads
):
    # given
    page.goto("/register/")
    fill_registration(page)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    # when
    page.reload()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.go_back()

    # then: one organisation, one e-mail, and the form came back empty (it is never kept in a cache)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page.get_by_label("Legal name of the company")).to_have_value("")
    snap(page, "register-after-back")
    assert Organisation.objects.filter(legal_name="Baltic Drone Works UAB").count() == 1
    assert len(mailoutbox) == 1


def test_an_officer_accepts_an_invitation_and_enrols_an_authenticator(page, live_server, staff, unit_a):
    # given
    _, token = invitation_create(organisation=unit_a, email="mykola@unit.example", by=staff)

    # when
    page.goto(f"/invitations/{token}/")
    snap(page, "invitation-accept")
    page.get_by_label("Your full name").fill("Микола Петренко")
    page.get_by_label("Password", exact=True).fill("зимова-операція-2026")
    page.get_by_label("Password again").fill("зимова-операція-2026")
    page.get_by_label("I accept the terms of use.").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    snap(page, "totp-enrolment")
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    device = User.objects.get(email="mykola@unit.example").totpdevice_set.get()
    page.get_by_label("Six-digit code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm and continue").click()

    # then
    expect(page.get_by_role("heading", name="Welcome, Микола Петренко")).to_be_visible()
    assert len(secret) >= 16
    assert User.objects.get(email="mykola@unit.example").totpdevice_set.get().confirmed
    snap(page, "officer-home")


def test_the_language_switcher_turns_the_site_ukrainian_and_the_choice_sticks(page, live_server):
    # given
    page.goto("/")

    # when
    page.get_by_role("button", name="УКР").click()

    # then
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("navigation").get_by_role("link", name="Увійти")).to_be_visible()
    page.goto("/register/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Register your startup")
    snap(page, "register-ukrainian")
    page.goto("/")
    snap(page, "landing-ukrainian")
