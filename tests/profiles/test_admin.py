"""The Django admin never shows an authenticator's secret, not even to staff, and a password it sets ends
the user's API tokens."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from profiles.services import api_token_create
from tests.conftest import enrol_authenticator, login

pytestmark = pytest.mark.django_db


def test_staff_cannot_read_an_officers_authenticator_key_in_the_admin(client, staff, officer_a):
    # given
    device = enrol_authenticator(officer_a)
    login(client, staff)

    # when
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    config = client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))
    qrcode = client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk]))

    # then
    assert listing.status_code == 200 and change.status_code == 200
    for page in (listing, change):
        assert device.key not in page.content.decode()
        assert "qrcode" not in page.content.decode()
    assert config.status_code == 403
    assert qrcode.status_code == 403


def test_a_password_set_by_staff_in_the_admin_revokes_the_users_api_tokens(client, staff, startup_a_admin):
    # given
    _token, raw = api_token_create(user=startup_a_admin, name="ERP")
    login(client, staff)

    # when
    response = client.post(
        reverse("admin:auth_user_password_change", args=[startup_a_admin.pk]),
        {"password1": "a-brand-new-secret-9", "password2": "a-brand-new-secret-9", "usable_password": "true"},
    )

    # then
    assert response.status_code == 302
    startup_a_admin.refresh_from_db()
    assert startup_a_admin.check_password("a-brand-new-secret-9")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/notifications/").status_code == 401
