"""Reads of the capability-area tree (public vocabulary: every user may read it)."""

import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

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


@dataclass(frozen=True)
class _Tree:
    version: str
    areas: list[CapabilityArea]
    # What pages build from the areas (a form's choices in a language), kept as long as the areas are.
    built: dict = field(default_factory=dict)


_kept: _Tree | None = None


def _tree() -> _Tree:
    """Every area in display order (see _in_tree_order), under its version. Read-only: shared by the process's
    pages."""
    global _kept
    version = cache.get(TREE_VERSION_KEY)
    if version is None:
        cache.add(TREE_VERSION_KEY, uuid.uuid4().hex, TREE_VERSION_SECONDS)
        version = cache.get(TREE_VERSION_KEY)
    kept = _kept
    if kept is not None and kept.version == version:
        return kept
    # Read after the version: a change made meanwhile has replaced it, and the next page reads again.
    kept = _kept = _Tree(version=version, areas=_in_tree_order(list(CapabilityArea.objects.order_by("position"))))
    return kept


def _in_tree_order(areas: list[CapabilityArea]) -> list[CapabilityArea]:
    """The areas (in position order) with each broader area before its narrower ones, each level by position:
    positions are set by hand, and nothing keeps a narrower area's after its broader one's."""
    children: dict[int | None, list[CapabilityArea]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    ordered: list[CapabilityArea] = []
    waiting = list(reversed(children.get(None, [])))
    while waiting:
        area = waiting.pop()
        ordered.append(area)
        waiting.extend(reversed(children.get(area.pk, [])))
    return ordered


def _areas() -> list[CapabilityArea]:
    return _tree().areas


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


def areas_version() -> str:
    """Names the areas as the process holds them now: it changes whenever they may have (a page keeps what it
    renders from the areas under it, with the language)."""
    return _tree().version


def area_choices(indent: str) -> list[tuple[int, str]]:
    """Every area as a form's choice, in display order: its id, and its name in the active language after
    `indent` once per level below the top. Built once per version of the areas and language; read-only."""
    tree = _tree()
    key = ("choices", indent, get_language())
    choices = tree.built.get(key)
    if choices is None:
        depth: dict[int, int] = {}
        choices = []
        for area in tree.areas:
            depth[area.pk] = 0 if area.parent_id is None else depth[area.parent_id] + 1
            choices.append((area.pk, indent * depth[area.pk] + area.name))
        tree.built[key] = choices
    return choices


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
