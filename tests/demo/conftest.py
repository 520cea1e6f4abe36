"""Each demo test starts with no matching engine in memory: the database is new each time."""

import pytest

from matching.bridge import worker


@pytest.fixture(autouse=True)
def _fresh_engine():
    worker.forget()
    yield
    worker.forget()
