"""Resetting a password: the link in the e-mail, and what the new password ends."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from profiles.services import api_token_create

pytestmark = pytest.mark.django_db

NEW_PASSWORD = {"new_password1": "a-brand-new-secret-9", "new_password2": "a-brand-new-secret-9"}


def _reset_link(mailoutbox) -> str:
    return re.search(r"https?://\S+/account/password-reset/\S+/", mailoutbox[-1].body).group(0)


def _reset_password(client, mailoutbox, user):
    client.post(reverse("profiles:password_reset"), {"email": user.email})
    path = re.search(r"/account/password-reset/\S+/", _reset_link(mailoutbox)).group(0)
    form_page = client.get(path, follow=True)
    return client.post(form_page.redirect_chain[-1][0], NEW_PASSWORD, follow=True)


def _api_status(raw_token: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_token}")
    return api.get("/api/v1/notifications/").status_code


def test_a_password_reset_revokes_the_users_api_tokens_and_says_so(client, mailoutbox, startup_a_admin, officer_a):
    # given
    _token, own = api_token_create(user=startup_a_admin, name="ERP")
    _token, someone_elses = api_token_create(user=officer_a, name="Unit tool")
    assert _api_status(own) == 200

    # when
    done = _reset_password(client, mailoutbox, startup_a_admin)

    # then
    assert _api_status(own) == 401
    assert _api_status(someone_elses) == 200
    assert "API tokens" in done.content.decode()


def test_the_reset_link_is_built_from_the_site_url_not_the_host_header(client, mailoutbox, settings, startup_a_admin):
    # given
    settings.SITE_URL = "https://matching.innovation-office.example"

    # when
    client.post(reverse("profiles:password_reset"), {"email": startup_a_admin.email}, HTTP_HOST="localhost:6666")

    # then
    assert _reset_link(mailoutbox).startswith("https://matching.innovation-office.example/account/password-reset/")
