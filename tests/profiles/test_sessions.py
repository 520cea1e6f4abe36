"""A session ends after a working day of inactivity and gets a new key once the second factor is proven."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from profiles.middleware import LAST_ACTIVITY_KEY
from profiles.models import VettingState
from profiles.services import api_token_create
from tests.conftest import enrol_authenticator, login

pytestmark = pytest.mark.django_db


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] -= seconds
    session.save()
    remaining = settings.SESSION_COOKIE_AGE - seconds
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=remaining)
    )
    if hasattr(session, "cache_key"):
        # With Redis the session is also cached, for as long as it has left to live.
        caches[settings.SESSION_CACHE_ALIAS].touch(session.cache_key, timeout=remaining)


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore()


def test_a_page_seen_after_a_pause_pushes_the_idle_expiry_eight_hours_ahead(client, startup_a_admin):
    # given
    login(client, startup_a_admin)
    _idle_for(client, 30 * 60)

    # when
    response = client.get(reverse("profiles:home"))

    # then
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    expiry = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expiry > timezone.now() + timedelta(hours=8, minutes=-1)


def test_a_session_left_idle_for_eight_hours_is_over(client, startup_a_admin):
    # given
    login(client, startup_a_admin)
    _idle_for(client, 8 * 60 * 60 + 1)

    # when
    response = client.get(reverse("profiles:home"))

    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("profiles:login"))


def test_proving_the_second_factor_gives_the_session_a_new_key(client, officer_a):
    # given
    device = enrol_authenticator(officer_a)
    login(client, officer_a, second_factor=False)
    key_before = client.session.session_key
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"

    # when
    response = client.post(reverse("profiles:two_factor_verify"), {"token": code})

    # then
    assert response.status_code == 302
    assert client.session.session_key != key_before
    assert not _session_store().exists(key_before)
    assert client.get(reverse("profiles:home")).status_code == 200


def test_an_api_call_with_a_token_opens_no_session(startup_a_admin):
    # given
    _token, raw = api_token_create(user=startup_a_admin, name="ERP")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    # when
    response = api.get("/api/v1/notifications/")

    # then
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_a_session_ended_by_logging_out_does_not_come_back_from_a_copy_of_its_cookie(client, startup_a_admin):
    # given: someone kept a copy of the cookie
    login(client, startup_a_admin)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("profiles:home")).status_code == 200

    # when
    client.post(reverse("profiles:logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get(reverse("profiles:home"))

    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("profiles:login"))


def test_a_suspension_counts_from_the_next_page_of_a_signed_in_member(client, startup_a, startup_a_admin):
    # given: the member has read the request catalogue
    login(client, startup_a_admin)
    assert client.get(reverse("needs:list")).context["vetted"]

    # when
    startup_a.vetting_state = VettingState.SUSPENDED
    startup_a.save(update_fields=["vetting_state"])

    # then
    assert not client.get(reverse("needs:list")).context["vetted"]


def test_a_session_whose_authenticator_was_removed_must_prove_the_second_factor_again(client, officer_a):
    # given
    login(client, officer_a)
    assert client.get(reverse("profiles:home")).status_code == 200

    # when
    TOTPDevice.objects.filter(user=officer_a).delete()
    response = client.get(reverse("profiles:home"))

    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("profiles:two_factor_setup"))


def test_a_session_verified_with_a_second_authenticator_stays_verified(client, officer_a):
    # given: the officer enrolled two authenticators and proved the second factor with the newer one
    enrol_authenticator(officer_a)
    newer = enrol_authenticator(officer_a)
    login(client, officer_a, second_factor=False)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = newer.persistent_id
    session.save()

    # when
    response = client.get(reverse("profiles:home"))

    # then
    assert response.status_code == 200
