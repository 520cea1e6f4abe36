"""Authentication and throttling of the API: personal tokens, the site's session with CSRF, rate limits."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from profiles.models import ApiToken
from profiles.services import api_token_create, api_token_revoke
from tests.api.world import error_of
from tests.conftest import login

pytestmark = pytest.mark.django_db
MINE = "/api/v1/offers/mine/"


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_authenticates_its_user(startup_a_admin):
    # given
    _token, raw = api_token_create(user=startup_a_admin, name="ERP")

    # when
    response = bearer(raw).get(MINE)

    # then
    assert response.status_code == 200


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer dio_not-a-token", "Bearer two words", "Token abc"])
def test_missing_or_unknown_credentials_answer_401_with_the_error_shape(db, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(MINE)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error_of(response)["code"] in ("not_authenticated", "authentication_failed")


def test_a_revoked_token_is_refused(startup_a_admin):
    token, raw = api_token_create(user=startup_a_admin, name="ERP")
    api_token_revoke(token=token, by=startup_a_admin)

    assert bearer(raw).get(MINE).status_code == 401


def test_an_expired_token_is_refused(startup_a_admin):
    token, raw = api_token_create(user=startup_a_admin, name="ERP", expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert bearer(raw).get(MINE).status_code == 401


def test_the_token_of_a_deactivated_user_is_refused(startup_a_admin):
    _token, raw = api_token_create(user=startup_a_admin, name="ERP")
    startup_a_admin.is_active = False
    startup_a_admin.save(update_fields=["is_active"])

    assert bearer(raw).get(MINE).status_code == 401


def test_only_the_hash_is_stored_and_the_lookup_is_by_hash(startup_a_admin):
    token, raw = api_token_create(user=startup_a_admin, name="ERP")

    assert raw not in (token.token_hash, token.prefix)
    assert raw.startswith(token.prefix)
    assert bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B")).get(MINE).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(startup_a_admin):
    # given
    token, raw = api_token_create(user=startup_a_admin, name="ERP")
    client = bearer(raw)

    # when: the first call records the use
    client.get(MINE)
    first = ApiToken.objects.get(pk=token.pk).last_used_at

    # then: a second call within the minute writes nothing
    client.get(MINE)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    # when a minute has passed
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    client.get(MINE)

    # then
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - timedelta(seconds=61)
    assert first is not None


def test_a_session_call_needs_the_csrf_token_for_a_write(staff):
    # given: the site's own htmx calls use the session; Django's test client skips CSRF unless asked
    browser = Client(enforce_csrf_checks=True)
    login(browser, staff)

    # when
    refused = browser.post("/api/v1/notifications/read-all/", content_type="application/json")
    browser.get("/account/tokens/")
    accepted = browser.post(
        "/api/v1/notifications/read-all/",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )

    # then
    assert refused.status_code == 403
    assert "CSRF" in error_of(refused)["message"]
    assert accepted.status_code == 200


def test_a_token_is_not_challenged_for_a_second_factor(officer_a):
    """Officers pass a second factor in the browser; a token, created only from such a session,
    is not challenged again."""
    _token, raw = api_token_create(user=officer_a, name="Unit system")

    assert bearer(raw).get("/api/v1/requests/").status_code == 200


def test_an_officers_session_without_the_second_factor_reaches_no_data(client, officer_a):
    login(client, officer_a, second_factor=False)

    response = client.get("/api/v1/requests/")

    assert response.status_code == 302
    assert "/account/two-factor/" in response.url


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "3/min", "anon": "2/min"}}


def test_throttles_answer_429_per_user_and_per_anonymous_address(low_rates, startup_a_admin, startup_b_admin):
    # given
    _t, raw_a = api_token_create(user=startup_a_admin, name="A")
    _t, raw_b = api_token_create(user=startup_b_admin, name="B")
    a, b, anonymous = bearer(raw_a), bearer(raw_b), APIClient()

    # when
    answers_a = [a.get(MINE).status_code for _ in range(4)]
    answer_b = b.get(MINE).status_code
    answers_anonymous = [anonymous.get(reverse("api:capability-areas")).status_code for _ in range(3)]

    # then: A is throttled, B (another user) is not; anonymous callers have their own, lower, limit
    assert answers_a == [200, 200, 200, 429]
    assert answer_b == 200
    assert answers_anonymous == [200, 200, 429]
    throttled = a.get(MINE)
    assert int(throttled["Retry-After"]) > 0
    assert error_of(throttled)["code"] == "throttled"


def test_an_anonymous_caller_cannot_dodge_its_limit_with_a_made_up_forwarded_address(low_rates):
    # given
    anonymous = APIClient()

    # when
    answers = [
        anonymous.get(reverse("api:capability-areas"), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]

    # then
    assert answers == [200, 200, 429]


def test_behind_a_trusted_proxy_the_address_it_forwards_is_the_one_limited(low_rates, settings):
    # given: one proxy in front, which appends the address it saw
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    anonymous = APIClient()

    # when
    first = [anonymous.get(reverse("api:capability-areas"), HTTP_X_FORWARDED_FOR="203.0.113.1") for _ in range(3)]
    other = anonymous.get(reverse("api:capability-areas"), HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.2")

    # then
    assert [answer.status_code for answer in first] == [200, 200, 429]
    assert other.status_code == 200
