"""Fixtures of the API tests: see tests/api/world.py."""

from tests.api.world import api, world  # noqa: F401  (fixtures)
