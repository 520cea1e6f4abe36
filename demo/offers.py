"""Demo offers for `seed_demo`: idempotent, keyed by organisation and title."""

from django.utils import timezone

from offers.models import Offer, OfferState
from profiles.models import Organisation
from taxonomy.models import CapabilityArea

from .accounts import load


def seed_offers(organisations: dict[str, Organisation]) -> int:
    """Creates or refreshes the demo offers (keyed by organisation and title); returns how many."""
    areas = {area.slug: area for area in CapabilityArea.objects.all()}
    records = load("offers.json")
    for record in records:
        state = record["state"]
        offer, _ = Offer.objects.update_or_create(
            organisation=organisations[record["organisation"]],
            title=record["title"],
            defaults={
                "summary": record["summary"],
                "description": record["description"],
                "language": record["language"],
                "trl": record["trl"],
                "field_tested_ua": record["field_tested_ua"],
                "field_tested_note": record["field_tested_note"],
                "lead_time_days": record["lead_time_days"],
                "monthly_capacity": record["monthly_capacity"],
                "price_min_eur": record["price_min_eur"],
                "price_max_eur": record["price_max_eur"],
                "export_control": record["export_control"],
                "ml_category": record["ml_category"],
                "licence_held": record["licence_held"],
                "state": state,
                "published_at": timezone.now() if state != OfferState.DRAFT else None,
            },
        )
        offer.areas.set([areas[slug] for slug in record["areas"]])
    return len(records)
