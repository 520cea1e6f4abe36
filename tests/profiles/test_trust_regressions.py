"""Regressions of "Trust that holds", finding 4: a vetted organisation changed its identity at will, and
registration took look-alike registration numbers, showed a constraint's name, told whether an e-mail had
an account, and re-sent its form on reload. Each test talks only to the pages and the API."""

import re

import pytest
from django.urls import reverse

from profiles.models import Organisation, User
from tests.api.world import token_client
from tests.conftest import login
from tests.factories import OrganisationFactory
from tests.profiles import test_registration

pytestmark = pytest.mark.django_db

TAKEN = (
    "A company with this registration number is already registered on the platform. If it is yours, ask its "
    "administrator to invite you, or write to the office."
)


# The registration form of test_registration, for a German company (the numbers below are German).
FORM = {**test_registration.FORM, "country": "DE", "registration_number": "HRB 123456"}


def _register(client, django_capture_on_commit_callbacks, **overrides):
    return test_registration._register(
        client,
        django_capture_on_commit_callbacks,
        **{"country": "DE", "registration_number": "HRB 123456", **overrides},
    )


@pytest.fixture(autouse=True)
def _uploads(private_uploads):
    """Registration stores its documents: in a temporary folder here."""


def _page(response) -> str:
    """The page as text, without what changes on every answer (the script nonce, the CSRF token)."""
    text = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


# A vetted organisation's identity ---------------------------------------------------------------------


def test_an_api_patch_of_a_vetted_organisations_identity_is_not_applied_but_awaits_the_office(startup_a_admin):
    # given
    organisation = startup_a_admin.organisation
    before = (organisation.legal_name, organisation.registration_number, organisation.country)

    # when
    response = token_client(startup_a_admin).patch(
        f"/api/v1/organisations/{organisation.pk}/",
        {"legal_name": "Shell Company Ltd", "registration_number": "HRB 999999", "country": "AT"},
        format="json",
    )

    # then: nothing changed, and a change request waits for the office
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert (organisation.legal_name, organisation.registration_number, organisation.country) == before
    assert organisation.vetting_state == "vetted"
    body = response.json()
    assert body["legal_name"] == before[0]
    pending = body["pending_identity_change"]
    assert pending["state"] == "pending"
    assert (pending["legal_name"], pending["registration_number"], pending["country"]) == (
        "Shell Company Ltd",
        "HRB 999999",
        "AT",
    )
    assert "awaits the office's approval" in pending["message"]


def test_the_company_page_of_a_vetted_startup_sends_a_new_legal_name_to_the_office(client, startup_a_admin):
    # given
    organisation = startup_a_admin.organisation
    login(client, startup_a_admin)
    form = {
        "legal_name": "Renamed Overnight GmbH",
        "country": organisation.country,
        "registration_number": organisation.registration_number,
        "website": "https://new-site.example",
        "description": organisation.description,
        "ncage_code": "",
    }

    # when
    response = client.post(reverse("offers:company_profile"), form, follow=True)

    # then: the website changed at once, the name did not, and the page says the name awaits the office
    organisation.refresh_from_db()
    assert organisation.website == "https://new-site.example"
    assert organisation.legal_name != "Renamed Overnight GmbH"
    assert "awaits the office&#x27;s approval" in response.content.decode()


# Registration numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "look_alike",
    [
        "hrb 123456",  # case
        "HRB123456",  # spaces
        "HRB 123\u200b456",  # zero-width space
        "НRВ 123456",  # Cyrillic Н and В
    ],
)
def test_registration_refuses_a_look_alike_of_a_registered_number(
    client, django_capture_on_commit_callbacks, look_alike
):
    # given
    OrganisationFactory(country="DE", registration_number="HRB 123456")

    # when
    response = _register(client, django_capture_on_commit_callbacks, registration_number=look_alike)

    # then
    assert response.status_code == 200
    assert response.content.decode().count(TAKEN) == 1
    assert not User.objects.filter(email=FORM["email"]).exists()


def test_registration_refuses_every_cyrillic_look_alike_letter(client, django_capture_on_commit_callbacks):
    # given: a number written with the Latin letters that Cyrillic А Е О Р С Н К М Т Х imitate
    OrganisationFactory(country="UA", registration_number="AEOPCHKMTX 42", kind="ua_company")

    # when
    response = _register(client, django_capture_on_commit_callbacks, country="UA", registration_number="АЕОРСНКМТХ 42")

    # then
    assert response.content.decode().count(TAKEN) == 1
    assert Organisation.objects.filter(country="UA").count() == 1


def test_an_exact_duplicate_shows_one_clear_message_and_no_constraint_name(client, django_capture_on_commit_callbacks):
    # given
    OrganisationFactory(country="DE", registration_number="HRB 123456")

    # when
    response = _register(client, django_capture_on_commit_callbacks)

    # then
    page = response.content.decode()
    assert page.count(TAKEN) == 1
    assert "constraint" not in page.lower()
    assert "organisation_registration" not in page


# Registration: no account revealed, Post/Redirect/Get ----------------------------------------------------


def test_registration_with_an_address_that_has_an_account_does_not_reveal_it(
    client, mailoutbox, django_capture_on_commit_callbacks, startup_a_admin
):
    # given: the answer to a new address
    fresh = _register(client, django_capture_on_commit_callbacks, email="new.person@nordic-aerial.example")
    fresh_page = _page(client.get(fresh.url)).replace("new.person@nordic-aerial.example", "ADDRESS")
    mailoutbox.clear()

    # when: the same form with an address that already has an account
    taken = _register(
        client,
        django_capture_on_commit_callbacks,
        email=startup_a_admin.email.upper(),
        registration_number="HRB 654321",
        legal_name="Another Company GmbH",
    )
    taken_page = _page(client.get(taken.url)).replace(startup_a_admin.email, "ADDRESS")

    # then: the same outcome, nothing created, and the owner of the address is told
    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    assert "already exists" not in taken_page
    assert taken_page == fresh_page
    assert not Organisation.objects.filter(legal_name="Another Company GmbH").exists()
    assert [message.to for message in mailoutbox] == [[startup_a_admin.email]]
    assert "log in" in mailoutbox[0].body.lower() and "reset your password" in mailoutbox[0].body.lower()


def test_the_confirmation_page_is_reached_by_a_redirect_so_a_reload_sends_nothing_again(
    client, django_capture_on_commit_callbacks
):
    # when
    response = _register(client, django_capture_on_commit_callbacks)
    reloaded = client.get(response.url)
    reloaded_again = client.get(response.url)

    # then
    assert response.status_code == 302
    assert reloaded.status_code == reloaded_again.status_code == 200
    assert FORM["email"].lower() in reloaded.content.decode()
    assert Organisation.objects.filter(legal_name=FORM["legal_name"]).count() == 1


def test_the_registration_form_is_not_stored_so_back_does_not_show_it_filled(client):
    response = client.get(reverse("profiles:register"))

    assert "no-store" in response["Cache-Control"]
