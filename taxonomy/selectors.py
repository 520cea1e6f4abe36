"""Reads of the capability-area tree (public vocabulary: every user may read it)."""

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from .models import CapabilityArea


@dataclass(frozen=True)
class AreaNode:
    area: CapabilityArea
    depth: int


# The tree changes only when the office edits it (admin, seed command), and is read by most pages: each
# process keeps the areas it read under the tree's version, a short token in the cache that every save or
# delete of an area replaces (at once, and again on commit, so that rows read between the two are not
# kept). A page then reads the token, not the tree: unpickling some ninety areas from the cache on every
# page cost a tenth of a signed-in page.
TREE_VERSION_KEY = "taxonomy:areas:version"
# A version also ends this long after it was made, so that a change that sends no signal (raw SQL, a bulk
# update) shows within it.
TREE_VERSION_SECONDS = 10 * 60
_kept: tuple[str, list[CapabilityArea]] | None = None


def _areas() -> list[CapabilityArea]:
    """Every area in display order. Read-only: the list and its areas are shared by the process's pages."""
    global _kept
    version = cache.get(TREE_VERSION_KEY)
    if version is None:
        cache.add(TREE_VERSION_KEY, uuid.uuid4().hex, TREE_VERSION_SECONDS)
        version = cache.get(TREE_VERSION_KEY)
    kept = _kept
    if kept is not None and kept[0] == version:
        return kept[1]
    # Read after the version: a change made meanwhile has replaced it, and the next page reads again.
    areas = list(CapabilityArea.objects.order_by("position"))
    _kept = (version, areas)
    return areas


def _new_version() -> None:
    cache.set(TREE_VERSION_KEY, uuid.uuid4().hex, TREE_VERSION_SECONDS)


def areas_changed(**kwargs) -> None:
    """Connected to CapabilityArea's saves and deletes: the next read, in any process, sees the change."""
    _new_version()
    transaction.on_commit(_new_version)


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
