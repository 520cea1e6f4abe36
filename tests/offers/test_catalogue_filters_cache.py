"""An officer's catalogue filters are rendered once per query and language, and never shown stale."""

import pytest
from django.urls import reverse

from taxonomy.models import CapabilityArea
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_renamed_area_shows_in_the_filters_at_once(client, officer_a):
    login(client, officer_a)
    client.cookies["django_language"] = "en"
    assert "Thermal imaging" in client.get(reverse("offers:catalogue")).content.decode()

    area = CapabilityArea.objects.get(slug="sensors-thermal")
    area.name_en = "Thermal imagers and sights"
    area.save()

    page = client.get(reverse("offers:catalogue")).content.decode()
    assert "Thermal imagers and sights" in page


def test_the_chosen_filters_stay_chosen(client, officer_a):
    login(client, officer_a)
    client.cookies["django_language"] = "en"
    client.get(reverse("offers:catalogue"))
    page = client.get(reverse("offers:catalogue"), {"country": "FR"}).content.decode()
    assert '<option value="FR" selected>' in page


def test_filters_rendered_for_one_search_serve_another_with_the_same_filters_but_never_other_filters(client, officer_a):
    login(client, officer_a)
    client.cookies["django_language"] = "en"
    client.get(reverse("offers:catalogue"), {"q": "radar", "country": "FR", "trl_min": "7"})

    same = client.get(reverse("offers:catalogue"), {"q": "drone", "country": "FR", "trl_min": "7"}).content.decode()
    other = client.get(reverse("offers:catalogue"), {"q": "drone", "country": "DE"}).content.decode()

    assert '<option value="FR" selected>' in same and 'value="drone"' in same
    assert '<option value="DE" selected>' in other and '<option value="FR" selected>' not in other


def test_the_filters_name_the_areas_in_the_reader_s_language_and_keep_the_chosen_one(client, officer_a):
    area = CapabilityArea.objects.get(slug="sensors-thermal")
    login(client, officer_a)
    client.cookies["django_language"] = "en"
    assert area.name_en in client.get(reverse("offers:catalogue")).content.decode()

    client.cookies["django_language"] = "uk"
    page = client.get(reverse("offers:catalogue"), {"area": area.pk}).content.decode()

    assert f'<option value="{area.pk}" selected>— {area.name_uk}</option>' in page
    assert area.name_en not in page


def test_a_new_area_shows_in_the_filters_at_once_and_filters_the_offers(client, officer_a):
    login(client, officer_a)
    client.cookies["django_language"] = "en"
    client.get(reverse("offers:catalogue"))

    area = CapabilityArea.objects.create(slug="new-area", name_en="Loitering decoys", name_uk="Баражувальні макети")

    page = client.get(reverse("offers:catalogue"), {"area": area.pk}).content.decode()
    assert f'<option value="{area.pk}" selected>Loitering decoys</option>' in page
