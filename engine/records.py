"""Plain records the engine scores: capability requests, offers and taxonomy areas."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

# (low, high) in EUR; either end may be None when open.
Band = tuple[float | None, float | None]


@dataclasses.dataclass(frozen=True)
class RequestRecord:
    """A Ukrainian capability request, as the platform hands it to the engine."""

    id: str
    title: str
    description: str
    language: str = ""
    summary_en: str = ""
    areas: tuple[str, ...] = ()
    min_trl: int | None = None
    quantity: float | None = None
    needed_by: dt.date | None = None
    # Total budget for the quantity asked, EUR.
    budget_band: Band | None = None
    is_open: bool = True
    visibility: str = "vetted"


@dataclasses.dataclass(frozen=True)
class OfferRecord:
    """A startup's published product or capability."""

    id: str
    title: str
    description: str
    language: str = ""
    summary_en: str = ""
    areas: tuple[str, ...] = ()
    trl: int | None = None
    monthly_capacity: float | None = None
    lead_time_days: int | None = None
    # Price of one unit, EUR.
    price_band: Band | None = None
    is_published: bool = True
    organisation_vetted: bool = True


@dataclasses.dataclass(frozen=True)
class AreaNode:
    """One capability area of the taxonomy tree, with its names in English and Ukrainian."""

    id: str
    parent_id: str | None = None
    name_en: str = ""
    name_uk: str = ""
    synonyms_en: tuple[str, ...] = ()
    synonyms_uk: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        candidates = (self.name_en, self.name_uk, *self.synonyms_en, *self.synonyms_uk)
        return tuple(name for name in candidates if name)


def _band(value: Any) -> Band | None:
    if value is None:
        return None
    low, high = value
    return (None if low is None else float(low), None if high is None else float(high))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def request_from_mapping(data: Mapping[str, Any]) -> RequestRecord:
    """A request from a loose mapping (a JSON line); only id, title and description are needed."""
    return RequestRecord(
        id=str(data["id"]),
        title=data.get("title") or "",
        description=data.get("description") or "",
        language=data.get("language") or "",
        summary_en=data.get("summary_en") or "",
        areas=tuple(data.get("areas") or ()),
        min_trl=data.get("min_trl"),
        quantity=data.get("quantity"),
        needed_by=_date(data.get("needed_by")),
        budget_band=_band(data.get("budget_band")),
        is_open=data.get("is_open", True),
        visibility=data.get("visibility", "vetted"),
    )


def offer_from_mapping(data: Mapping[str, Any]) -> OfferRecord:
    """An offer from a loose mapping (a JSON line); only id, title and description are needed."""
    return OfferRecord(
        id=str(data["id"]),
        title=data.get("title") or "",
        description=data.get("description") or "",
        language=data.get("language") or "",
        summary_en=data.get("summary_en") or "",
        areas=tuple(data.get("areas") or ()),
        trl=data.get("trl"),
        monthly_capacity=data.get("monthly_capacity"),
        lead_time_days=data.get("lead_time_days"),
        price_band=_band(data.get("price_band")),
        is_published=data.get("is_published", True),
        organisation_vetted=data.get("organisation_vetted", True),
    )


def area_from_mapping(data: Mapping[str, Any]) -> AreaNode:
    """An area from the platform's taxonomy JSON (slug, parent, name_en, name_uk, synonyms_*)."""
    return AreaNode(
        id=str(data.get("slug") or data["id"]),
        parent_id=data.get("parent") or data.get("parent_id"),
        name_en=data.get("name_en") or "",
        name_uk=data.get("name_uk") or "",
        synonyms_en=tuple(data.get("synonyms_en") or ()),
        synonyms_uk=tuple(data.get("synonyms_uk") or ()),
    )
