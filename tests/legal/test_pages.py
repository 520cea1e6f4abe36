"""The pages an official service publishes: open to everyone, in both languages, linked from every footer."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db

PAGES = ("privacy", "terms", "notice", "accessibility", "contact")

# A phrase each page must say, in each language: what makes it the page it claims to be.
KEY_CONTENT = {
    "en": {
        "privacy": ["EU Defence Innovation Office, Kyiv", "European Data Protection Supervisor", "five years"],
        "terms": ["Each account belongs to one person", "not a procurement decision"],
        "notice": ["does not mean that the office", "endorses"],
        "accessibility": ["WCAG", "2.1, level AA", "Report a problem"],
        "contact": ["Do not send restricted information by e-mail", "five working days"],
    },
    "uk": {
        "privacy": ["Офіс оборонних інновацій ЄС, Київ", "Європейському інспекторові із захисту даних", "п'ять років"],
        "terms": ["Кожен обліковий запис належить одній особі", "не є рішенням про закупівлю"],
        "notice": ["не означають, що офіс", "схвалює"],
        "accessibility": ["WCAG", "2.1, рівень AA", "Повідомити про проблему"],
        "contact": ["Не надсилайте інформацію з обмеженим доступом електронною поштою", "п'яти робочих днів"],
    },
}
TITLES = {
    "en": {"privacy": "Privacy notice", "accessibility": "Accessibility statement"},
    "uk": {"privacy": "Повідомлення про конфіденційність", "accessibility": "Заява про доступність"},
}


def get_in(client, language: str, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_answers_anonymous_visitors_in_both_languages_with_its_content(client, language, page):
    # when
    html = get_in(client, language, reverse(f"legal:{page}"))

    # then
    assert f'lang="{language}"' in html
    for phrase in KEY_CONTENT[language][page]:
        assert phrase.replace("'", "&#x27;") in html or phrase in html, phrase


@pytest.mark.parametrize("language", ["en", "uk"])
def test_pages_carry_their_translated_title_and_last_updated_date(client, language):
    for page, title in TITLES[language].items():
        html = get_in(client, language, reverse(f"legal:{page}"))
        assert f"<h1>{title}</h1>" in html
        assert '<time datetime="2026-' in html
    assert ("Last updated" in html) == (language == "en")


def test_the_contact_address_comes_from_the_setting(client, settings):
    # given
    settings.OFFICE_CONTACT_EMAIL = "kyiv-office@example.org"

    # when
    html = get_in(client, "en", reverse("legal:contact"))

    # then
    assert 'href="mailto:kyiv-office@example.org"' in html
    assert ">office@example.org<" not in html


@pytest.mark.parametrize("url_name", ["landing", "profiles:login", "profiles:register", "legal:terms"])
def test_the_footer_of_public_pages_links_all_five(client, url_name):
    html = get_in(client, "en", reverse(url_name))
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<nav class="footer-nav" aria-label="Legal and contact">' in footer
    for page in PAGES:
        assert f'href="{reverse(f"legal:{page}")}"' in footer


def test_the_footer_of_signed_in_pages_links_all_five_in_ukrainian(client, startup_a_admin):
    # given
    login(client, startup_a_admin, second_factor=False)

    # when
    html = get_in(client, "uk", reverse("profiles:home"))

    # then
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Повідомлення про конфіденційність" in footer
    for page in PAGES:
        assert f'href="{reverse(f"legal:{page}")}"' in footer


def test_an_officer_may_read_the_privacy_notice_before_the_second_factor(client, officer_a):
    # given: password given, no second factor yet
    login(client, officer_a, second_factor=False)

    # when
    response = client.get(reverse("legal:privacy"))

    # then
    assert response.status_code == 200


def test_base_template_is_the_one_footer_of_every_page():
    """Every page extends base.html, whose footer carries the links (the harness requests every route)."""
    base = (settings.BASE_DIR / "templates" / "base.html").read_text()
    footer = base[base.index("<footer") : base.index("</footer>")]
    for page in PAGES:
        assert f"{{% url 'legal:{page}' %}}" in footer
