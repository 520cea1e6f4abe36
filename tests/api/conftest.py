"""Fixtures of the API tests: see tests/api/world.py."""

from tests.api.world import _fresh_throttle_counters, api, world  # noqa: F401  (fixtures)
