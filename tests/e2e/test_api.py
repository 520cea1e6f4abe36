"""In a real browser: a startup creates a personal API token (shown once) and revokes it; the API's Swagger UI
runs under the site's Content-Security-Policy (our own origin only) and calls the API."""

import pytest
import requests
from playwright.sync_api import expect

from profiles.models import ApiToken
from tests.e2e.conftest import snap

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, user) -> None:
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()


def test_a_startup_creates_a_token_uses_it_and_revokes_it(page, live_server, startup_a_admin):
    # given
    _log_in(page, startup_a_admin)

    # when
    page.goto("/account/tokens/")
    page.get_by_label("What the token is for").fill("Our ERP")
    page.get_by_role("button", name="Create the token").click()

    # then: the raw value is shown once, works on the API, and is gone from the page on reload
    raw = page.get_by_test_id("raw-token").input_value()
    expect(page.get_by_test_id("token-list")).to_contain_text("Our ERP")
    snap(page, "api-tokens")
    answer = requests.get(
        f"{live_server.url}/api/v1/offers/mine/", headers={"Authorization": f"Bearer {raw}"}, timeout=10
    )
    assert answer.status_code == 200
    page.reload()
    expect(page.get_by_test_id("raw-token")).to_have_count(0)

    # when
    page.get_by_role("button", name="Revoke Our ERP").click()

    # then
    expect(page.get_by_test_id("token-list")).to_contain_text("revoked")
    assert ApiToken.objects.get(name="Our ERP").revoked_at is not None
    answer = requests.get(
        f"{live_server.url}/api/v1/offers/mine/", headers={"Authorization": f"Bearer {raw}"}, timeout=10
    )
    assert answer.status_code == 401


def test_the_copy_button_puts_the_new_token_on_the_clipboard_and_says_so(page, live_server, startup_a_admin):
    # given
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    _log_in(page, startup_a_admin)
    page.goto("/account/tokens/")
    page.get_by_label("What the token is for").fill("Our ERP")
    page.get_by_role("button", name="Create the token").click()

    # when
    page.get_by_role("button", name="Copy the token").click()

    # then
    expect(page.locator("#new-token-copied")).to_have_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == page.get_by_test_id("raw-token").input_value()


def test_the_swagger_ui_works_under_the_content_security_policy(page, live_server, startup_a_admin):
    # given: the page fixture fails the test on any console error, CSP violations included
    _log_in(page, startup_a_admin)

    # when
    response = page.goto("/api/v1/docs/")

    # then
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("EU Defence Innovation Office API")
    operation = page.locator(".opblock-get").filter(has_text="/api/v1/capability-areas/")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_contain_text("200")
    snap(page, "api-docs")
