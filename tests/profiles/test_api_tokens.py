"""The API token page: an example that fits the reader, an expiry by default, and a copy button."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from profiles.models import ApiToken
from tests.conftest import login

pytestmark = pytest.mark.django_db

PAGE = reverse("profiles:api_tokens")


def test_the_example_of_what_a_token_is_for_fits_the_readers_organisation(client, startup_a_admin, officer_a):
    startup_page = html.unescape(login(client, startup_a_admin).get(PAGE).content.decode())
    officer_page = html.unescape(login(client, officer_a).get(PAGE).content.decode())
    assert "brigade" not in startup_page and "For example: your company's order system." in startup_page
    assert "For example: the brigade's logistics system." in officer_page


def test_a_token_expires_after_90_days_unless_another_term_is_chosen(client, startup_a_admin):
    # given
    page = login(client, startup_a_admin).get(PAGE).content.decode()

    # when
    client.post(PAGE, {"name": "Our ERP"})

    # then
    assert re.search(r'<input[^>]*name="expiry"[^>]*value="90"[^>]*checked', page)
    assert "does not expire" not in page
    left = ApiToken.objects.get(name="Our ERP").expires_at - timezone.now()
    assert timedelta(days=89, hours=23) < left <= timedelta(days=90)


@pytest.mark.parametrize(("choice", "days"), [("30", 30), ("365", 365)])
def test_a_token_expires_after_the_chosen_term(client, startup_a_admin, choice, days):
    login(client, startup_a_admin).post(PAGE, {"name": "Our ERP", "expiry": choice})
    left = ApiToken.objects.get(name="Our ERP").expires_at - timezone.now()
    assert timedelta(days=days - 1) < left <= timedelta(days=days)


def test_a_token_expires_at_the_end_of_a_chosen_date_which_must_be_ahead(client, startup_a_admin):
    # given
    login(client, startup_a_admin)
    day = timezone.localdate() + timedelta(days=10)

    # when
    past = client.post(PAGE, {"name": "Old", "expiry": "date", "expires_on": "2020-01-01"})
    client.post(PAGE, {"name": "Our ERP", "expiry": "date", "expires_on": day.isoformat()})

    # then
    assert "Choose a day after today." in past.content.decode() and not ApiToken.objects.filter(name="Old").exists()
    expires_at = timezone.localtime(ApiToken.objects.get(name="Our ERP").expires_at)
    assert expires_at.date() == day + timedelta(days=1) and expires_at.time().hour == 0


def test_a_date_must_be_given_when_the_term_is_a_date(client, startup_a_admin):
    response = login(client, startup_a_admin).post(PAGE, {"name": "Our ERP", "expiry": "date"})
    assert "Choose the last day the token works." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_new_token_comes_with_a_copy_button_and_a_field_to_select_it_from(client, startup_a_admin):
    # when
    login(client, startup_a_admin).post(PAGE, {"name": "Our ERP"})
    page = client.get(PAGE).content.decode()

    # then
    assert 'readonly data-testid="raw-token"' in page
    assert 'data-copy-from="new-token-value"' in page and ">Copy the token</button>" in page
    assert "/static/js/copy-token.js" in page
