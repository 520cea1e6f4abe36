"""Where the platform's taxonomy file is read into area records (plain data, no Django)."""

from __future__ import annotations

import json
import pathlib

from .records import AreaNode, area_from_mapping


def load_areas(path: str | pathlib.Path) -> list[AreaNode]:
    """Areas from a JSON list of {slug, parent, name_en, name_uk, synonyms_en, synonyms_uk}."""
    with pathlib.Path(path).open(encoding="utf-8") as handle:
        return [area_from_mapping(item) for item in json.load(handle)]
