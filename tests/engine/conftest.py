"""Fixtures of the engine tests."""

import pytest

from engine import OfferRecord
from tests.engine.engine_builders import catalogue_offers


@pytest.fixture
def catalogue() -> list[OfferRecord]:
    return catalogue_offers()
