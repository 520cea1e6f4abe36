"""A startup registers, confirms its e-mail, logs in and waits for vetting."""

import re

import pytest
from django.urls import reverse

from profiles.models import Membership, MembershipRole, Organisation, User, VettingState
from profiles.services import email_confirmation_token

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
}


def _register(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("profiles:register"), {**FORM, **overrides})


def _link_in(message) -> str:
    return re.search(r"https?://\S+(/account/confirm/\S+/)", message.body).group(1)


def test_it_creates_a_pending_startup_with_its_admin_and_sends_a_confirmation(
    client, mailoutbox, django_capture_on_commit_callbacks
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


def test_it_keeps_what_was_typed_and_explains_errors(client, django_capture_on_commit_callbacks):
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
    client, mailoutbox, django_capture_on_commit_callbacks, startup_a_admin
):
    # when
    response = _register(client, django_capture_on_commit_callbacks, email=startup_a_admin.email.upper())

    # then: the applicant sees the usual answer (see test_trust_regressions.py); the owner gets a note
    assert response.status_code == 302
    assert "already exists" not in client.get(response.url).content.decode()
    assert not Organisation.objects.filter(legal_name="Nordic Aerial Systems Oy").exists()
    assert [message.to for message in mailoutbox] == [[startup_a_admin.email]]
    assert "Someone tried to register" in mailoutbox[0].subject


def test_login_is_refused_until_the_address_is_confirmed(client, mailoutbox, django_capture_on_commit_callbacks):
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
