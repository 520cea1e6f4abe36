"""A startup's request catalogue renders its filters once per query and language, and never shows them stale."""

import pytest
from django.urls import reverse

from taxonomy.models import CapabilityArea
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_renamed_area_shows_in_the_request_catalogue_s_filters_at_once(client, startup_a_admin):
    login(client, startup_a_admin)
    client.cookies["django_language"] = "en"
    client.get(reverse("needs:list"), {"urgency": "critical"})

    area = CapabilityArea.objects.get(slug="sensors-thermal")
    area.name_en = "Thermal imagers and sights"
    area.save()

    page = client.get(reverse("needs:list"), {"urgency": "critical"}).content.decode()
    assert "Thermal imagers and sights" in page
    assert '<option value="critical" selected>' in page


def test_the_filters_name_the_areas_in_the_reader_s_language_and_keep_what_was_chosen(client, startup_a_admin):
    area = CapabilityArea.objects.get(slug="sensors-thermal")
    login(client, startup_a_admin)
    client.cookies["django_language"] = "en"
    assert area.name_en in client.get(reverse("needs:list")).content.decode()

    client.cookies["django_language"] = "uk"
    page = client.get(reverse("needs:list"), {"area": area.pk, "trl": "6"}).content.decode()

    assert f'<option value="{area.pk}" selected>\u00a0\u00a0\u00a0{area.name_uk}</option>' in page
    assert '<option value="6" selected>' in page
    assert area.name_en not in page
