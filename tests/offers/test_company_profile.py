"""The company profile: administrators edit it, members read it, nobody else reaches it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from offers.services import organisation_update_profile
from tests.conftest import login
from tests.factories import member_of
from tests.files import png_upload, text_as_png_upload

pytestmark = pytest.mark.django_db

PROFILE = {
    "legal_name": "Alpha Drones GmbH",
    "country": "DE",
    "registration_number": "HRB 777",
    "website": "https://alpha.example",
    "description": "Interceptor drones.",
    "ncage_code": "D1234",
}


def test_an_admin_of_a_startup_awaiting_vetting_edits_every_field_of_the_profile(
    client, pending_startup, pending_admin
):
    # when
    response = login(client, pending_admin).post(
        reverse("offers:company_profile"),
        {**PROFILE, "legal_name": "Alpha Interceptors GmbH", "ncage_code": "d9z8x", "logo": png_upload()},
    )

    # then
    assert response.status_code == 302
    pending_startup.refresh_from_db()
    assert pending_startup.legal_name == "Alpha Interceptors GmbH"
    assert (pending_startup.registration_number, pending_startup.website, pending_startup.ncage_code) == (
        "HRB 777",
        "https://alpha.example",
        "D9Z8X",
    )
    assert pending_startup.logo.name.endswith(".png")


def test_an_admin_of_a_vetted_startup_edits_the_profile_and_its_identity_awaits_the_office(
    client, startup_a, startup_a_admin
):
    # when
    response = login(client, startup_a_admin).post(
        reverse("offers:company_profile"),
        {**PROFILE, "legal_name": "Alpha Interceptors GmbH", "ncage_code": "d9z8x", "logo": png_upload()},
        follow=True,
    )

    # then: the new name and number wait for the office; the rest is saved
    startup_a.refresh_from_db()
    assert startup_a.legal_name == "Alpha Drones GmbH"
    assert (startup_a.website, startup_a.ncage_code) == ("https://alpha.example", "D9Z8X")
    assert startup_a.logo.name.endswith(".png")
    page = response.content.decode()
    assert "Your change of legal name, registration number awaits the office&#x27;s approval." in page
    pending = startup_a.identity_changes.get(state="pending")
    assert pending.proposed() == {"legal_name": "Alpha Interceptors GmbH", "registration_number": "HRB 777"}


def test_a_member_reads_the_profile_but_cannot_change_it(client, startup_a):
    # given
    member = member_of(startup_a, role="member")
    login(client, member)

    # when
    page = client.get(reverse("offers:company_profile"))
    client.post(reverse("offers:company_profile"), {**PROFILE, "legal_name": "Renamed"})

    # then
    assert (
        page.status_code == 200
        and b"Only administrators" in page.content
        and b'<form method="post" enctype' not in page.content
    )
    startup_a.refresh_from_db()
    assert startup_a.legal_name == "Alpha Drones GmbH"
    with pytest.raises(PermissionDenied):
        organisation_update_profile(organisation=startup_a, by=member, legal_name="Renamed")


def test_an_admin_of_another_startup_cannot_edit_the_profile(startup_a, startup_b_admin):
    with pytest.raises(PermissionDenied):
        organisation_update_profile(organisation=startup_a, by=startup_b_admin, legal_name="Taken over")


def test_a_wrong_ncage_code_and_a_fake_logo_are_shown_beside_their_fields_and_the_input_is_kept(
    client, startup_a_admin
):
    # when
    response = login(client, startup_a_admin).post(
        reverse("offers:company_profile"),
        {**PROFILE, "legal_name": "Kept Name GmbH", "ncage_code": "12", "logo": text_as_png_upload()},
    )

    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert "ncage_code" in form.errors
    assert form["legal_name"].value() == "Kept Name GmbH"


def test_the_logo_error_is_shown_beside_the_logo_field(client, startup_a_admin):
    response = login(client, startup_a_admin).post(
        reverse("offers:company_profile"), {**PROFILE, "logo": text_as_png_upload()}
    )
    assert "PNG, JPEG or WebP" in " ".join(response.context["form"].errors["logo"])


def test_the_service_refuses_an_invalid_ncage_code(startup_a, startup_a_admin):
    with pytest.raises(ValidationError) as refused:
        organisation_update_profile(organisation=startup_a, by=startup_a_admin, ncage_code="TOO-LONG")
    assert "ncage_code" in refused.value.message_dict


def test_a_good_logo_sent_with_a_failed_form_is_named_and_the_form_says_to_choose_it_again(client, startup_a_admin):
    data = {**PROFILE, "website": "not a web address", "logo": png_upload("badge.png")}
    page = login(client, startup_a_admin).post(reverse("offers:company_profile"), data).content.decode()
    assert "“badge.png” was not kept: choose it again before you save." in page
