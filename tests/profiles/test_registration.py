"""A startup registers, confirms its e-mail, logs in and waits for vetting."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profiles.models import Membership, MembershipRole, Organisation, OwnershipDeclaration, User, VettingState
from profiles.services import email_confirmation_token
from tests.files import (
    html_as_pdf_upload,
    oversize_pdf_upload,
    pdf_bytes,
    pdf_upload,
    pdf_with_open_action_script_bytes,
)

pytestmark = pytest.mark.django_db

FORM = {
    "legal_name": "Nordic Aerial Systems Oy",
    "country": "FI",
    "registration_number": "3141592-6",
    "website": "https://nordic-aerial.example",
    "description": "Fixed-wing reconnaissance drones for long-range missions.",
    "full_name": "Aino Virtanen",
    "email": "Aino@Nordic-Aerial.example",
    "password1": "kestävä-salasana-42",
    "password2": "kestävä-salasana-42",
    "ncage_code": "A1B2C",
    "beneficial_owners": "Aino Virtanen (Finland), 60%; Mikko Laine (Finland), 40%.",
    "not_under_eu_restrictive_measures": "on",
    "not_controlled_from_restricted_countries": "on",
    "true_and_complete": "on",
    "accepts_terms": "on",
}
DECLARATION = ("not_under_eu_restrictive_measures", "not_controlled_from_restricted_countries", "true_and_complete")


def _register(client, django_capture_on_commit_callbacks, *, documents=None, **overrides):
    documents = [pdf_upload("Kaupparekisteriote 2026.pdf")] if documents is None else documents
    data = {key: value for key, value in {**FORM, **overrides}.items() if value is not None}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("profiles:register"), {**data, "documents": documents})


def _link_in(message) -> str:
    return re.search(r"https?://\S+(/account/confirm/\S+/)", message.body).group(1)


def test_it_creates_a_pending_startup_with_its_admin_and_sends_a_confirmation(
    client, mailoutbox, django_capture_on_commit_callbacks, private_uploads
):
    # when
    response = _register(client, django_capture_on_commit_callbacks)

    # then
    assert response.status_code == 302
    assert "aino@nordic-aerial.example" in client.get(response.url).content.decode()
    user = User.objects.get(email="aino@nordic-aerial.example")
    organisation = Organisation.objects.get(legal_name="Nordic Aerial Systems Oy")
    assert organisation.vetting_state == VettingState.PENDING
    assert Membership.objects.get(user=user).role == MembershipRole.ADMIN
    assert user.email_confirmed_at is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["aino@nordic-aerial.example"]
    assert mailoutbox[0].alternatives and "/account/confirm/" in mailoutbox[0].alternatives[0][0]


def test_it_keeps_what_was_typed_and_explains_errors(client, django_capture_on_commit_callbacks, private_uploads):
    # when
    response = _register(
        client, django_capture_on_commit_callbacks, password2="something-else-entirely", website="not a url at all"
    )

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "The two passwords differ." in page
    assert "Enter a valid URL." in page
    assert 'value="Nordic Aerial Systems Oy"' in page
    assert not User.objects.exists()


def test_an_address_already_registered_creates_nothing_and_its_owner_is_told(
    client, mailoutbox, django_capture_on_commit_callbacks, startup_a_admin, private_uploads
):
    # when
    response = _register(client, django_capture_on_commit_callbacks, email=startup_a_admin.email.upper())

    # then: the applicant sees the usual answer (see test_trust_regressions.py); the owner gets a note
    assert response.status_code == 302
    assert "already exists" not in client.get(response.url).content.decode()
    assert not Organisation.objects.filter(legal_name="Nordic Aerial Systems Oy").exists()
    assert [message.to for message in mailoutbox] == [[startup_a_admin.email]]
    assert "Someone tried to register" in mailoutbox[0].subject


def test_login_is_refused_until_the_address_is_confirmed(
    client, mailoutbox, django_capture_on_commit_callbacks, private_uploads
):
    # given
    _register(client, django_capture_on_commit_callbacks)
    credentials = {"username": "aino@nordic-aerial.example", "password": FORM["password1"]}

    # when
    refused = client.post(reverse("profiles:login"), credentials)
    confirmed = client.get(_link_in(mailoutbox[0]))
    accepted = client.post(reverse("profiles:login"), credentials)

    # then
    assert "Confirm your e-mail address first" in refused.content.decode()
    assert confirmed.status_code == 302
    assert accepted.status_code == 302
    home = client.get(reverse("profiles:home"))
    assert "Awaiting vetting" in home.content.decode()


def test_the_evidence_is_kept_privately_with_the_declaration_and_its_time(
    client, django_capture_on_commit_callbacks, private_uploads
):
    # when
    documents = [pdf_upload("extract.pdf"), pdf_upload("b.pdf")]
    _register(client, django_capture_on_commit_callbacks, documents=documents, ncage_code="a1b2c")

    # then
    organisation = Organisation.objects.get(legal_name="Nordic Aerial Systems Oy")
    assert organisation.ncage_code == "A1B2C"
    documents = list(organisation.registration_documents.all())
    assert [document.original_name for document in documents] == ["extract.pdf", "b.pdf"]
    assert all((private_uploads / document.file.name).exists() for document in documents)
    assert all("extract" not in document.file.name for document in documents)
    declaration = OwnershipDeclaration.objects.get(organisation=organisation)
    assert declaration.beneficial_owners.startswith("Aino Virtanen (Finland)")
    assert declaration.declared_at is not None
    assert declaration.declared_by.email == "aino@nordic-aerial.example"


def test_every_missing_piece_of_evidence_is_named_at_once(client, django_capture_on_commit_callbacks):
    # when: no document, no owners, no confirmation, and a mismatched password
    overrides = {name: None for name in DECLARATION}
    response = _register(
        client,
        django_capture_on_commit_callbacks,
        documents=[],
        beneficial_owners="",
        password2="something-else-entirely",
        **overrides,
    )

    # then
    page = response.content.decode()
    assert "Attach at least one registration document (PDF)." in page
    assert "This field is required." in page
    assert page.count("Registration needs this confirmation.") == 3
    assert "The two passwords differ." in page
    assert not Organisation.objects.exists()


def _scripted_pdf_upload():
    return SimpleUploadedFile("extract.pdf", pdf_with_open_action_script_bytes(), content_type="application/pdf")


@pytest.mark.parametrize(
    ("upload", "message"),
    [(html_as_pdf_upload, "not a PDF"), (oversize_pdf_upload, "10 MB"), (_scripted_pdf_upload, "active content")],
)
def test_a_file_that_fails_the_pdf_check_must_be_chosen_again(
    client, django_capture_on_commit_callbacks, upload, message
):
    # when: the bad file comes with another error elsewhere on the form
    response = _register(client, django_capture_on_commit_callbacks, documents=[upload()], website="not a url")

    # then: both are named, and the form says plainly that the files are to be chosen again
    page = response.content.decode()
    assert message in page
    assert "Enter a valid URL." in page
    assert "choose them again" in page
    assert not Organisation.objects.exists()


def test_good_files_are_asked_for_again_when_another_field_fails(client, django_capture_on_commit_callbacks):
    response = _register(client, django_capture_on_commit_callbacks, password2="something-else-entirely")

    assert "choose them again" in response.content.decode()


def test_a_forged_confirmation_link_is_rejected(client, startup_a_admin):
    # given
    startup_a_admin.email_confirmed_at = None
    startup_a_admin.save()
    token = email_confirmation_token(startup_a_admin)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    # when
    response = client.get(reverse("profiles:confirm_email", args=[forged]))

    # then
    assert response.status_code == 400
    startup_a_admin.refresh_from_db()
    assert startup_a_admin.email_confirmed_at is None


def test_an_expired_confirmation_link_is_rejected(client, settings, startup_a_admin):
    # given
    settings.EMAIL_CONFIRMATION_MAX_AGE = -1
    startup_a_admin.email_confirmed_at = None
    startup_a_admin.save()

    # when
    response = client.get(reverse("profiles:confirm_email", args=[email_confirmation_token(startup_a_admin)]))

    # then
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_password_reset_sends_a_working_link(client, mailoutbox, startup_a_admin):
    # when
    client.post(reverse("profiles:password_reset"), {"email": startup_a_admin.email})
    link = re.search(r"https?://[^/\s]+(/account/password-reset/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret-9", "new_password2": "a-brand-new-secret-9"},
    )

    # then
    assert done.status_code == 302
    startup_a_admin.refresh_from_db()
    assert startup_a_admin.check_password("a-brand-new-secret-9")


def test_the_documents_together_fit_in_one_request(client, django_capture_on_commit_callbacks):
    # given: two PDFs of 5.2 MB each, every one of them under the limit, the request under the site's
    big = pdf_bytes() + b"%" + b"x" * (5_200 * 1024)
    documents = [SimpleUploadedFile(f"part-{n}.pdf", big, content_type="application/pdf") for n in (1, 2)]

    # when
    response = _register(client, django_capture_on_commit_callbacks, documents=documents)

    # then
    assert "Together the documents are larger than 10 MB." in response.content.decode()
    assert not Organisation.objects.exists()


def test_registration_asks_for_the_terms_and_records_when_they_were_accepted(
    client, django_capture_on_commit_callbacks, private_uploads
):
    refused = client.post(reverse("profiles:register"), {**FORM, "accepts_terms": ""})
    assert "Accept the terms of use to register." in refused.content.decode()
    assert reverse("legal:terms") in refused.content.decode() and reverse("legal:privacy") in refused.content.decode()
    _register(client, django_capture_on_commit_callbacks)
    assert User.objects.get(email__iexact=FORM["email"]).terms_accepted_at is not None
