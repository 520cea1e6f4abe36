"""The audit trail: written once and never changed, with the origin of each action; staff browse,
filter and export it."""

import csv
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from audit.models import AppendOnly, AuditEntry
from audit.services import audit_record
from tests.conftest import login


@pytest.fixture
def entry(staff, startup_a):
    return audit_record("organisation.vetting", actor=staff, obj=startup_a, detail={"to": "suspended"})


def test_an_entry_names_the_actor_the_object_and_its_organisation(entry, staff, startup_a):
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_email, entry.action) == (staff, "staff@example.org", "organisation.vetting")
    assert (entry.object_type, entry.object_id, entry.organisation_id) == (
        "profiles.organisation",
        str(startup_a.pk),
        startup_a.pk,
    )
    assert entry.origin is None  # written outside a request


def test_an_unknown_action_is_refused(staff):
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record("organisation.renamed_quietly", actor=staff)


def test_no_service_changes_or_deletes_an_entry(entry):
    entry.detail = {"to": "vetted"}
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="invitation.issued")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == {"to": "suspended"}


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditentry SET action = 'invitation.issued'", "DELETE FROM audit_auditentry"]
)
def test_the_database_refuses_changes_from_any_client(entry, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.filter(pk=entry.pk, action="organisation.vetting").exists()


def test_removing_a_person_keeps_their_entries(entry, staff):
    staff_id = staff.pk
    staff.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_email) == (staff_id, "staff@example.org")


def test_the_origin_address_comes_from_trusted_proxies_only(client, staff, settings):
    login(client, staff)
    client.get(reverse("profiles_staff:audit_csv"), REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client.get(reverse("profiles_staff:audit_csv"), REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="192.0.2.4")
    origins = list(AuditEntry.objects.filter(action="audit.exported").order_by("pk").values_list("origin", "path"))
    assert origins == [("10.0.0.7", "/staff/audit.csv"), ("192.0.2.4", "/staff/audit.csv")]


def test_staff_filter_the_trail(client, staff, startup_a, startup_b, officer_a):
    audit_record("organisation.vetting", actor=staff, obj=startup_a)
    audit_record("organisation.vetting", actor=staff, obj=startup_b)
    audit_record("invitation.issued", actor=officer_a, obj=startup_b)
    login(client, staff)
    page = client.get(reverse("profiles_staff:audit"), {"action": "organisation.vetting", "organisation": startup_b.pk})
    rows = page.context["page"].object_list
    assert [(row.action, row.organisation_id) for row in rows] == [("organisation.vetting", startup_b.pk)]
    assert "Vetting decision" in page.content.decode()
    by_actor = client.get(reverse("profiles_staff:audit"), {"actor": officer_a.email.upper()}).context["page"]
    assert [row.action for row in by_actor.object_list] == ["invitation.issued"]


def test_every_bad_filter_is_shown_at_once_and_nothing_is_hidden(client, staff, entry):
    login(client, staff)
    page = client.get(
        reverse("profiles_staff:audit"),
        {"action": "no.such", "actor": "not-an-address", "since": "2026-05-02", "until": "2026-05-01"},
    )
    form = page.context["form"]
    assert set(form.errors) == {"action", "actor", "until"}
    assert page.status_code == 200 and len(page.context["page"].object_list) == 1


def test_the_export_holds_the_filtered_rows_and_is_itself_recorded(client, staff, startup_a):
    audit_record("organisation.vetting", actor=staff, obj=startup_a, detail={"note": "=HYPERLINK()"})
    audit_record("invitation.issued", actor=staff, obj=startup_a)
    login(client, staff)
    response = client.get(reverse("profiles_staff:audit_csv"), {"action": "organisation.vetting"})
    assert response["Content-Type"].startswith("text/csv") and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["time", "action", "actor"]
    assert [row[1] for row in rows[1:]] == ["organisation.vetting"]
    exported = AuditEntry.objects.get(action="audit.exported")
    assert exported.actor == staff and exported.detail == {"action": "organisation.vetting"}


def test_the_page_says_when_nothing_is_recorded(client, staff):
    login(client, staff)
    assert "Nothing has been recorded yet." in client.get(reverse("profiles_staff:audit")).content.decode()


def test_the_page_uses_a_constant_number_of_queries(client, staff, startup_a, django_assert_max_num_queries):
    login(client, staff)
    audit_record("organisation.vetting", actor=staff, obj=startup_a)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("profiles_staff:audit"))
    for _ in range(30):
        audit_record("organisation.vetting", actor=staff, obj=startup_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("profiles_staff:audit"))
    assert len(response.context["page"].object_list) == 31
