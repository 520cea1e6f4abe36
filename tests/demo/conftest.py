"""Each demo test starts with no matching engine in memory: the database is new each time."""

import pytest

from matching import scoring


@pytest.fixture(autouse=True)
def _fresh_engine():
    scoring.forget()
    yield
    scoring.forget()
