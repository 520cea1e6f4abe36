"""The Django admin never shows an authenticator's secret, not even to staff."""

import pytest
from django.urls import reverse

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
