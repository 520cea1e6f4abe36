"""Loads the shipped capability-area tree (taxonomy/data/capability_areas.json) into the database."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "capability_areas.json"


def load_area_records() -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def upsert_areas(area_model, records: list[dict]) -> int:
    """Create or update every area by slug, parents first; returns how many were written."""
    by_slug = {area.slug: area for area in area_model.objects.all()}
    for position, record in enumerate(records):
        parent = by_slug[record["parent"]] if record.get("parent") else None
        values = {
            "parent": parent,
            "name_en": record["name_en"],
            "name_uk": record["name_uk"],
            "synonyms_en": record.get("synonyms_en", []),
            "synonyms_uk": record.get("synonyms_uk", []),
            "position": position,
        }
        area, _ = area_model.objects.update_or_create(slug=record["slug"], defaults=values)
        by_slug[area.slug] = area
    return len(records)
