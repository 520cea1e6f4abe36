"""Fixtures for the offers tests: uploads land in a temporary folder; a valid offer's fields."""

import pytest

from taxonomy.models import CapabilityArea


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(private_uploads):
    return private_uploads


@pytest.fixture
def fpv_area(db):
    return CapabilityArea.objects.get(slug="uas-aerial-fpv")


@pytest.fixture
def offer_fields():
    """The keyword arguments of a valid offer, in the form the services take them."""

    def build(**overrides):
        fields = {
            "title": "Fibre-optic FPV strike kit",
            "summary": "Jam-proof FPV drone guided over 10 km of optical fibre.",
            "description": "Quadcopter with a spooled optical fibre link, immune to radio jamming.",
            "language": "en",
            "trl": 7,
            "field_tested_ua": True,
            "field_tested_note": "Three months with a brigade near Kupiansk.",
            "lead_time_days": 45,
            "monthly_capacity": 300,
            "price_min_eur": 900,
            "price_max_eur": 1400,
            "export_control": "dual_use",
            "ml_category": "",
            "licence_held": True,
        }
        return {**fields, **overrides}

    return build
