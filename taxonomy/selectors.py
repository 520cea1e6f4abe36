"""Reads of the capability-area tree (public vocabulary: every user may read it)."""

from dataclasses import dataclass

from django.core.cache import cache

from .models import CapabilityArea


@dataclass(frozen=True)
class AreaNode:
    area: CapabilityArea
    depth: int


# The tree changes only when the office edits it (admin, seed command), and is read by most pages: it is
# kept in the cache, dropped whenever an area is saved or deleted, and read again at worst this often.
TREE_CACHE_KEY = "taxonomy:areas"
TREE_CACHE_SECONDS = 10 * 60


def _areas() -> list[CapabilityArea]:
    areas = cache.get(TREE_CACHE_KEY)
    if areas is None:
        areas = list(CapabilityArea.objects.order_by("position"))
        cache.set(TREE_CACHE_KEY, areas, TREE_CACHE_SECONDS)
    return areas


def areas_changed(**kwargs) -> None:
    """Connected to CapabilityArea's saves and deletes: the next read sees the change."""
    cache.delete(TREE_CACHE_KEY)


def areas_by_slug() -> dict[str, CapabilityArea]:
    """Every area by its slug (the id the matching engine knows it by), from the cached tree."""
    return {area.slug: area for area in _areas()}


def area_tree() -> list[AreaNode]:
    """All areas in display order, each with its depth."""
    depth: dict[int, int] = {}
    nodes = []
    for area in _areas():
        depth[area.pk] = 0 if area.parent_id is None else depth[area.parent_id] + 1
        nodes.append(AreaNode(area=area, depth=depth[area.pk]))
    return nodes


def area_with_descendants_ids(area_id: int) -> set[int]:
    """The ids of an area and of every area below it, for "including sub-areas" filters."""
    children: dict[int | None, list[int]] = {}
    for area in _areas():
        children.setdefault(area.parent_id, []).append(area.pk)
    found, frontier = {area_id}, [area_id]
    while frontier:
        frontier = [child for pk in frontier for child in children.get(pk, [])]
        found.update(frontier)
    return found


@dataclass(frozen=True)
class AreaOption:
    node: AreaNode
    checked: bool


def area_options(chosen) -> list[AreaOption]:
    """The whole tree for a picker, each area ticked when its id is among `chosen` (kept on form errors)."""
    chosen = {str(value) for value in (chosen or [])}
    return [AreaOption(node=node, checked=str(node.area.pk) in chosen) for node in area_tree()]
