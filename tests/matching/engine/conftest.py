"""Fixtures of the engine tests."""

import pytest
from tests.matching.engine.engine_builders import catalogue_offers

from matching.engine import OfferRecord


@pytest.fixture
def catalogue() -> list[OfferRecord]:
    return catalogue_offers()
