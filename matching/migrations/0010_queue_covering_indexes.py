"""Indexes that let the staff's queue count and order its groups from the indexes alone: grouping the pairs in the
queue by request read every match row (some 3,000 pages at 17,000 matches, with their explanations), and
joining each request's urgency read every request row. PostgreSQL only: SQLite has no covering indexes, and
embedded mode holds a demo's few hundred pairs."""

from django.db import migrations

from innovation_office.search import run_on_postgresql

CREATE = [
    "CREATE INDEX IF NOT EXISTS matching_match_queue_groups"
    " ON matching_match (state, capability_request_id) INCLUDE (created_at, id)",
    "CREATE INDEX IF NOT EXISTS needs_capabilityrequest_urgency ON needs_capabilityrequest (id) INCLUDE (urgency)",
]
DROP = [
    "DROP INDEX IF EXISTS matching_match_queue_groups",
    "DROP INDEX IF EXISTS needs_capabilityrequest_urgency",
]


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0009_vectors_of_the_c_engine"),
        ("needs", "0009_request_curator"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
