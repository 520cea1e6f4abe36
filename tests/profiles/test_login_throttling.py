"""Repeated failed logins are throttled with a clear message."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_sixth_wrong_password_locks_the_account_out_for_that_address(client, settings, startup_a_admin):
    # given
    wrong = {"username": startup_a_admin.email, "password": "not-the-password"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("profiles:login"), wrong).status_code == 200

    # when
    locked = client.post(reverse("profiles:login"), wrong)
    even_right = client.post(
        reverse("profiles:login"), {"username": startup_a_admin.email, "password": "correct-horse-battery"}
    )

    # then
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()
    assert even_right.status_code == 429


def test_a_wrong_password_says_so_without_revealing_the_account(client, startup_a_admin):
    response = client.post(reverse("profiles:login"), {"username": startup_a_admin.email, "password": "nope-nope-nope"})
    unknown = client.post(reverse("profiles:login"), {"username": "nobody@example.org", "password": "nope-nope-nope"})
    assert "The e-mail or the password is not right." in response.content.decode()
    assert "The e-mail or the password is not right." in unknown.content.decode()
