"""Plain records the engine scores: capability requests, offers and taxonomy areas."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


@dataclasses.dataclass(frozen=True)
class RequestRecord:
    """A Ukrainian capability request, as the platform hands it to the engine."""

    id: str
    title: str
    description: str
    language: str = ""
    summary_en: str = ""
    areas: tuple[str, ...] = ()
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


def request_from_mapping(data: Mapping[str, Any]) -> RequestRecord:
    """A request from a loose mapping (a JSON line); only id, title and description are needed."""
    return RequestRecord(
        id=str(data["id"]),
        title=data.get("title") or "",
        description=data.get("description") or "",
        language=data.get("language") or "",
        summary_en=data.get("summary_en") or "",
        areas=tuple(data.get("areas") or ()),
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
