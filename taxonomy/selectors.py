"""Reads of the capability-area tree (public vocabulary: every user may read it)."""

from dataclasses import dataclass

from .models import CapabilityArea


@dataclass(frozen=True)
class AreaNode:
    area: CapabilityArea
    depth: int


def area_tree() -> list[AreaNode]:
    """All areas in display order, each with its depth, from one query."""
    areas = list(CapabilityArea.objects.order_by("position"))
    depth: dict[int, int] = {}
    nodes = []
    for area in areas:
        depth[area.pk] = 0 if area.parent_id is None else depth[area.parent_id] + 1
        nodes.append(AreaNode(area=area, depth=depth[area.pk]))
    return nodes


def area_with_descendants_ids(area_id: int) -> set[int]:
    """The ids of an area and of every area below it, for "including sub-areas" filters."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in CapabilityArea.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
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
