"""Repeated failed logins are throttled with a clear message."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import UserFactory

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


def _wrong_password(client, email: str, **headers):
    return client.post(reverse("profiles:login"), {"username": email, "password": "not-the-password"}, **headers)


def _right_password(client, user, **headers):
    return client.post(
        reverse("profiles:login"), {"username": user.email, "password": "correct-horse-battery"}, **headers
    )


@pytest.fixture
def accounts():
    return [UserFactory() for _ in range(4)]


def test_failures_spread_over_many_accounts_stop_logins_from_that_address(client, settings, accounts):
    # given: two wrong passwords for each of three accounts, never enough to lock any one of them
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    for account in accounts[:3]:
        assert [_wrong_password(client, account.email).status_code for _ in range(2)] == [200, 200]

    # when: a fourth account, with its right password, from the same address
    refused = _right_password(client, accounts[3])

    # then
    assert refused.status_code == 429
    assert "Too many failed log-in attempts have come from your address" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_is_per_address(client, settings, accounts):
    # given: the office's proxy passes on the caller's address
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for account in accounts[:3]:
        _wrong_password(client, account.email, HTTP_X_FORWARDED_FOR="203.0.113.7")

    # when
    from_the_guesser = _right_password(client, accounts[3], HTTP_X_FORWARDED_FOR="203.0.113.7")
    from_elsewhere = _right_password(client, accounts[3], HTTP_X_FORWARDED_FOR="198.51.100.20")

    # then
    assert from_the_guesser.status_code == 429
    assert from_elsewhere.status_code == 302


def test_a_made_up_forwarded_address_does_not_reset_the_count_without_a_trusted_proxy(client, settings, accounts):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for number, account in enumerate(accounts[:3]):
        _wrong_password(client, account.email, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")

    refused = _right_password(client, accounts[3], HTTP_X_FORWARDED_FOR="198.51.100.20")

    assert refused.status_code == 429


def test_a_successful_login_does_not_clear_the_failures_of_other_accounts(client, settings, accounts):
    # given
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for account in accounts[:3]:
        _wrong_password(client, account.email)

    # when: one account logs in, then the guessing goes on
    assert _right_password(client, accounts[3]).status_code == 302
    client.logout()
    fourth_failure = _wrong_password(client, accounts[0].email)
    next_attempt = _right_password(client, accounts[3])

    # then
    assert fourth_failure.status_code == 200
    assert next_attempt.status_code == 429


def test_the_address_may_log_in_again_once_the_window_has_passed(client, settings, accounts):
    # given
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    settings.LOGIN_FAILURES_WINDOW = timedelta(seconds=1)
    for account in accounts[:2]:
        _wrong_password(client, account.email)
    assert _right_password(client, accounts[3]).status_code == 429

    # when
    time.sleep(1.2)

    # then
    assert _right_password(client, accounts[3]).status_code == 302
