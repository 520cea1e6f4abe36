"""The migration that brings registration keys fills them for the rows already there, and look-alikes
registered before the check existed leave the constraint intact and are still shown to staff."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from profiles.models import Organisation, OrganisationKind
from profiles.selectors import possible_duplicates_of
from tests.factories import member_of

BEFORE_THE_KEY = [("profiles", "0005_vetting_evidence")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture
def database_before_the_key():
    """The test database taken back to the migration before the key, then forward to the latest whatever the
    test did, so the tests that follow find it fully migrated."""
    executor = _migrate(BEFORE_THE_KEY)
    yield executor.loader.project_state(BEFORE_THE_KEY).apps
    _migrate(None)


def test_keys_are_filled_and_an_older_look_alike_keeps_its_key(database_before_the_key):
    # given: rows written before the key existed, two of them look-alikes
    old = database_before_the_key.get_model("profiles", "Organisation")
    now = timezone.now()

    def row(name, country, number, state="vetted", age=0):
        return old.objects.create(
            kind="startup",
            legal_name=name,
            country=country,
            registration_number=number,
            vetting_state=state,
            vetted_at=None if state == "pending" else now,
            created_at=now - timedelta(days=age),
        ).pk

    first = row("First GmbH", "DE", "HRB 123", age=10)
    look_alike = row("Look-alike GmbH", "DE", "hrb\u200b123", state="pending", age=1)
    rejected = row("Rejected GmbH", "DE", "HRB 9", state="rejected", age=5)
    after_rejection = row("After Rejection GmbH", "DE", "HRB9", state="pending", age=2)
    austrian = row("Austrian GmbH", "AT", "HRB 123", age=3)
    row("No Number", "UA", "")

    # when
    _migrate(None)

    # then
    keys = dict(Organisation.objects.values_list("pk", "registration_key"))
    assert keys[first] == "HRB123" and keys[look_alike] == ""
    assert keys[rejected] == keys[after_rejection] == "HRB9"
    assert keys[austrian] == "HRB123"
    office = Organisation.objects.create(kind=OrganisationKind.OFFICE, legal_name="Office", country="UA")
    staff = member_of(office, email="staff@example.org")
    found = {organisation.pk for organisation in possible_duplicates_of(staff, Organisation.objects.get(pk=first))}
    assert found == {look_alike, austrian}
