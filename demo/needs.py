"""Demo capability requests for `seed_demo`: idempotent, keyed by organisation and title."""

from datetime import timedelta

from django.utils import timezone

from needs.models import CapabilityRequest, RequestState
from profiles.models import Membership, Organisation
from taxonomy.models import CapabilityArea

from .accounts import load


def seed_requests(organisations: dict[str, Organisation]) -> int:
    areas = {area.slug: area for area in CapabilityArea.objects.all()}
    authors = {
        membership.organisation_id: membership.user
        for membership in Membership.objects.select_related("user").order_by("-role", "pk")
    }
    records = load("requests.json")
    now = timezone.now()
    for record in records:
        organisation = organisations[record["organisation"]]
        state = record["state"]
        request, _ = CapabilityRequest.objects.update_or_create(
            organisation=organisation,
            title=record["title"],
            defaults={
                "created_by": authors.get(organisation.pk),
                "description": record["description"],
                "language": record["language"],
                "summary_en": record["summary_en"],
                "conditions": record["conditions"],
                "conditions_note": record["conditions_note"],
                "min_trl": record["min_trl"],
                "quantity": record["quantity"],
                "unit": record["unit"],
                "needed_by": (now + timedelta(days=record["needed_in_days"])).date(),
                "budget_min_eur": record["budget_min_eur"],
                "budget_max_eur": record["budget_max_eur"],
                "urgency": record["urgency"],
                "visibility": record["visibility"],
                "state": state,
                "opened_at": None if state == RequestState.DRAFT else now,
                "closed_at": now if state in (RequestState.FULFILLED, RequestState.CLOSED) else None,
            },
        )
        request.areas.set([areas[slug] for slug in record["areas"]])
    return len(records)
