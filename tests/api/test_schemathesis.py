"""Schemathesis against the live schema: every operation, called as each of the seven roles with generated
valid and invalid input, never answers 5xx and always answers as the schema says (status, content type,
headers, body).

Bounded (a few generated examples per operation beside schemathesis's boundary cases) so it runs in a
minute or two inside `make test`."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from profiles.services import api_token_create
from tests.security.api_access_table import ROLES

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 25
CALLS: dict[str, dict] = {"per_operation": {}, "by_role": {}}


schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _in_process_calls(settings):
    # Generated calls come fast: no throttling here (the throttles have their own tests).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/min", "anon": "100000/min"},
    }
    # The calls run in this thread through the WSGI handler, which would close the test's database connection
    # (and with it the test's transaction) after each one, as Django's own test client prevents.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def role_headers(world) -> dict[str, dict]:
    headers = {"anonymous": {}}
    for role in ROLES[1:]:
        _token, raw = api_token_create(user=getattr(world, role), name="schemathesis")
        headers[role] = {"Authorization": f"Bearer {raw}"}
    return headers


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    per_operation = CALLS["per_operation"]
    print(
        f"\nschemathesis: operations={len(per_operation)} cases={sum(per_operation.values())} "
        f"by_role={CALLS['by_role']}"
    )
    assert not per_operation or min(per_operation.values()) >= len(ROLES), "an operation was not called by every role"


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_every_role_as_the_schema_says(case, role_headers):
    # The roles take turns, case by case, so each operation is called by all seven with varied input.
    done = CALLS["per_operation"].get(case.operation.label, 0)
    CALLS["per_operation"][case.operation.label] = done + 1
    role = ROLES[done % len(ROLES)]
    CALLS["by_role"][role] = CALLS["by_role"].get(role, 0) + 1
    case.call_and_validate(headers={**(case.headers or {}), **role_headers[role]}, checks=CHECKS)
