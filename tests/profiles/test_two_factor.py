"""Staff and officers always use a second factor; startups may opt in."""

import base64
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from profiles.login_limits import SECOND_FACTOR_FIRST_WAIT, SECOND_FACTOR_FREE_FAILURES, second_factor_wait_until
from tests.conftest import enrol_authenticator, login

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_an_officer_without_authenticator_is_sent_to_enrolment_before_anything_else(client, officer_a):
    # given
    login(client, officer_a, second_factor=False)

    # when
    response = client.get(reverse("profiles:home"))

    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("profiles:two_factor_setup"))


def test_enrolment_shows_a_qr_code_and_confirms_with_a_valid_code(client, officer_a):
    # given
    login(client, officer_a, second_factor=False)
    page = client.get(reverse("profiles:two_factor_setup"))
    device = TOTPDevice.objects.get(user=officer_a, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()

    # when
    wrong = client.post(
        reverse("profiles:two_factor_setup"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    right = client.post(reverse("profiles:two_factor_setup"), {"token": _code(device)})

    # then
    assert "<svg" in page.content.decode() and secret in page.content.decode()
    assert "That code is not right" in wrong.content.decode()
    assert right.status_code == 302
    assert TOTPDevice.objects.get(user=officer_a).confirmed
    assert client.get(reverse("profiles:home")).status_code == 200


def test_staff_with_an_authenticator_must_enter_a_code_after_the_password(client, staff):
    # given
    device = enrol_authenticator(staff)
    login(client, staff, second_factor=False)

    # when
    blocked = client.get(reverse("profiles_staff:index"))
    verified = client.post(
        reverse("profiles:two_factor_verify"), {"token": _code(device), "next": reverse("profiles_staff:index")}
    )

    # then
    assert blocked.url.startswith(reverse("profiles:two_factor_verify"))
    assert verified.status_code == 302 and verified.url == reverse("profiles_staff:index")
    assert client.get(reverse("profiles_staff:index")).status_code == 200


def test_a_wrong_code_does_not_let_staff_in(client, staff):
    # given
    device = enrol_authenticator(staff)
    login(client, staff, second_factor=False)
    wrong = "123456" if _code(device) != "123456" else "654321"

    # when
    response = client.post(reverse("profiles:two_factor_verify"), {"token": wrong})

    # then
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("profiles_staff:index")).status_code == 302


def test_a_startup_without_authenticator_is_not_asked_for_a_code(client, startup_a_admin):
    login(client, startup_a_admin, second_factor=False)
    assert client.get(reverse("profiles:home")).status_code == 200


def test_a_startup_that_opted_in_must_use_its_code(client, startup_a_admin):
    # given
    enrol_authenticator(startup_a_admin)

    # when
    login(client, startup_a_admin, second_factor=False)

    # then
    assert client.get(reverse("profiles:home")).url.startswith(reverse("profiles:two_factor_verify"))


def _wrong(device: TOTPDevice) -> str:
    return "123456" if _code(device) != "123456" else "654321"


def test_a_mistyped_code_followed_at_once_by_the_right_one_lets_staff_in(client, staff):
    # given
    device = enrol_authenticator(staff)
    login(client, staff, second_factor=False)

    # when: a wrong code, then the right one within the same second
    wrong = client.post(reverse("profiles:two_factor_verify"), {"token": _wrong(device)})
    right = client.post(reverse("profiles:two_factor_verify"), {"token": _code(device)})

    # then
    page = wrong.content.decode()
    assert "That code is not right" in page and "too many" not in page.lower()
    assert right.status_code == 302
    assert client.get(reverse("profiles_staff:index")).status_code == 200


def test_after_many_wrong_codes_even_the_right_one_waits_and_the_page_says_so(client, staff):
    # given
    device = enrol_authenticator(staff)
    login(client, staff, second_factor=False)
    for _ in range(SECOND_FACTOR_FREE_FAILURES):
        client.post(reverse("profiles:two_factor_verify"), {"token": _wrong(device)})

    # when
    response = client.post(reverse("profiles:two_factor_verify"), {"token": _code(device)})

    # then
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("profiles_staff:index")).status_code == 302


def test_the_wait_after_many_wrong_codes_ends_and_doubles_with_each_further_one():
    # given
    now = timezone.now()
    first = SECOND_FACTOR_FIRST_WAIT

    # then
    assert second_factor_wait_until(SECOND_FACTOR_FREE_FAILURES - 1, now) is None
    assert second_factor_wait_until(SECOND_FACTOR_FREE_FAILURES, now) == now + first
    assert second_factor_wait_until(SECOND_FACTOR_FREE_FAILURES + 1, now) == now + 2 * first
    assert second_factor_wait_until(SECOND_FACTOR_FREE_FAILURES, now - first - timedelta(seconds=1)) is None
