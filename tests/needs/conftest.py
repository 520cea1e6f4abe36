"""Fixtures for capability requests: areas by slug and the requests of officer A's unit."""

import pytest

from needs.models import RequestState, Visibility
from taxonomy.models import CapabilityArea
from taxonomy.seed import load_area_records, upsert_areas
from tests.needs.factories import CapabilityRequestFactory


@pytest.fixture(autouse=True)
def capability_areas(db):
    """The tree comes from a data migration; a browser test run earlier may have flushed it."""
    if not CapabilityArea.objects.exists():
        upsert_areas(CapabilityArea, load_area_records())


@pytest.fixture
def area(db):
    """Look an area up by its slug."""
    return lambda slug: CapabilityArea.objects.get(slug=slug)


@pytest.fixture
def open_request(unit_a, officer_a, area):
    return CapabilityRequestFactory(
        organisation=unit_a,
        created_by=officer_a,
        title="Thermal sights for night patrols",
        description="Handheld thermal sights for night patrols in winter.",
        budget_min_eur=120000,
        budget_max_eur=340000,
        areas=[area("sensors-thermal")],
    )


@pytest.fixture
def restricted_request(unit_a, officer_a, area):
    return CapabilityRequestFactory(
        organisation=unit_a,
        created_by=officer_a,
        title="Secure radios for the brigade HQ",
        visibility=Visibility.RESTRICTED,
        areas=[area("ew-protection")],
    )


@pytest.fixture
def draft_request(unit_a, officer_a):
    return CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, state=RequestState.DRAFT)
