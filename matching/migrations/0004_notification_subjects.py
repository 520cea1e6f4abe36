"""Notifications written before they named their subject get it back from their de-duplication key.

Matching wrote every such notification, and its keys say what each was about:
"match.candidate:<match>:<user>", "request.suggested:<request>:<organisation>:<user>",
"match.proposed:<event>:<user>" and "match.changed:<event>:<user>". A match's notification gets the
strict subject (its reader must still read the request's own words), since whether its title quoted
them is not recorded. A row whose key fits none of these keeps no subject, and so shows only the
neutral line and is never e-mailed.
"""

from django.db import migrations

MATCH_SUBJECT = "matching.match"
REQUEST_SUBJECT = "needs.capabilityrequest"
BATCH = 2000


def _subject(dedup_key: str, match_of_event: dict[int, int]) -> tuple[str, int | None]:
    kind, _, rest = dedup_key.partition(":")
    first = rest.partition(":")[0]
    if not first.isdigit():
        return "", None
    if kind == "match.candidate":
        return MATCH_SUBJECT, int(first)
    if kind == "request.suggested":
        return REQUEST_SUBJECT, int(first)
    if kind in ("match.proposed", "match.changed") and int(first) in match_of_event:
        return MATCH_SUBJECT, match_of_event[int(first)]
    return "", None


def _event_id(dedup_key: str) -> int | None:
    kind, _, rest = dedup_key.partition(":")
    first = rest.partition(":")[0]
    return int(first) if kind in ("match.proposed", "match.changed") and first.isdigit() else None


def notification_subjects_backfill(apps, schema_editor) -> None:
    Notification = apps.get_model("notifications", "Notification")
    MatchEvent = apps.get_model("matching", "MatchEvent")
    waiting = Notification.objects.filter(subject_type="").order_by("pk")
    last = 0
    while rows := list(waiting.filter(pk__gt=last).only("pk", "dedup_key")[:BATCH]):
        last = rows[-1].pk
        events = {event_id for row in rows if (event_id := _event_id(row.dedup_key)) is not None}
        match_of_event = dict(MatchEvent.objects.filter(pk__in=events).values_list("pk", "match_id"))
        changed = []
        for row in rows:
            row.subject_type, row.subject_id = _subject(row.dedup_key, match_of_event)
            if row.subject_type:
                changed.append(row)
        Notification.objects.bulk_update(changed, ["subject_type", "subject_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_match_offer_in_offers_app"),
        ("notifications", "0002_notification_subject"),
    ]

    operations = [migrations.RunPython(notification_subjects_backfill, migrations.RunPython.noop, elidable=True)]
