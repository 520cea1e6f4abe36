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
