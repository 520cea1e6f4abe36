"""The language switcher turns every page Ukrainian or English, and the choice sticks."""

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_switching_to_ukrainian_translates_the_landing_page_and_sticks(client):
    # when
    response = client.post(reverse("switch_language"), {"language": "uk", "next": "/"})
    page = client.get("/").content.decode()

    # then
    assert response.status_code == 302 and response.url == "/"
    assert 'lang="uk"' in page
    assert "Увійти" in page
    assert "Log in" not in page


def test_switching_back_to_english(client):
    client.post(reverse("switch_language"), {"language": "uk", "next": "/"})
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get("/").content.decode()


def test_a_signed_in_user_keeps_the_choice_as_preference(client, startup_a_admin):
    # given
    login(client, startup_a_admin, second_factor=False)

    # when
    client.post(reverse("switch_language"), {"language": "uk", "next": reverse("profiles:home")})

    # then
    startup_a_admin.refresh_from_db()
    assert startup_a_admin.preferred_language == "uk"


def test_the_switch_never_redirects_off_site(client):
    response = client.post(reverse("switch_language"), {"language": "uk", "next": "https://evil.example/"})
    assert response.url == "/"


def test_an_unknown_language_changes_nothing(client):
    client.post(reverse("switch_language"), {"language": "xx", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_login_applies_the_users_preferred_language(client, startup_a_admin):
    # given
    startup_a_admin.preferred_language = "uk"
    startup_a_admin.save()

    # when
    client.post(reverse("profiles:login"), {"username": startup_a_admin.email, "password": "correct-horse-battery"})

    # then
    assert 'lang="uk"' in client.get(reverse("profiles:home")).content.decode()
