"""The structural components of pairs, weighted and summed in one fixed order.

Every path that scores pairs adds the same weighted components in the same order, so a pair
gets the same total however it was reached. A full ranking grades components on the distinct
values of the offers' columns and gathers the results, which costs far less than grading every
pair when a catalogue repeats its values (TRL levels, lead times, capacities, lists of areas).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from . import components
from .config import EngineConfig
from .store import SlotTable

# What gathering a (requests x offers) matrix from a table costs, in element-wise passes
# (numpy's take moves one element at a time; measured on a 2-core machine).
GATHER_COST = 9.0


def distinct_values(columns: list[np.ndarray]) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The distinct value tuples of offer columns (NaN counts as one value; a 2-D column's
    rows count as values) and each offer's index among them."""
    count = len(columns[0])
    parts = [
        np.unique(column, axis=0, return_inverse=True)
        if column.ndim > 1
        else np.unique(column, return_inverse=True, equal_nan=True)
        for column in columns
    ]
    combined = np.zeros(count, dtype=np.int64)
    for values, inverse in parts:
        combined = combined * len(values) + inverse.ravel()
    keys, codes = np.unique(combined, return_inverse=True)
    distinct = []
    for values, _ in reversed(parts):
        distinct.append(values[keys % len(values)])
        keys = keys // len(values)
    return tuple(reversed(distinct)), codes.ravel().astype(np.intp)


def graded(
    grade: Callable[..., np.ndarray],
    request_values: tuple[np.ndarray, ...],
    offer_values: tuple[np.ndarray, ...],
    codes: np.ndarray | None,
    scale: float,
) -> np.ndarray:
    """A graded component of requests against offers, times `scale`.

    With `codes`, `offer_values` hold each distinct offer value once and `codes` says which one
    each offer has: the component is graded on the distinct values and gathered, which costs
    far less when a catalogue repeats its values (TRL levels, lead times, capacities). The pairs
    get the same numbers either way, since every component is graded pair by pair.
    """
    score = grade(*request_values, *offer_values)
    if scale != 1.0:
        score *= np.float32(scale)
    # Codes index the distinct values, so the gather needs no bounds checks ("clip" skips them).
    return score if codes is None else np.take(score, codes, axis=1, mode="clip")


@dataclasses.dataclass(frozen=True)
class Structural:
    """A structural component: the request and offer columns it reads, and its grading
    function of those values (request values first), which returns a (requests x offers)
    matrix in [0, 1]."""

    name: str
    request_columns: tuple[str, ...]
    offer_columns: tuple[str, ...]
    grade: Callable[..., np.ndarray]
    # Passes over a (requests x offers) matrix its grading makes, for `plan`.
    cost: float

    def grade_values(
        self,
        requests: SlotTable,
        request_slots: np.ndarray,
        offer_values: Mapping[str, np.ndarray],
        codes: np.ndarray | None = None,
        scale: float = 1.0,
    ) -> np.ndarray:
        """Requests (rows) against offer values by column name, times `scale`; gathered by
        `codes` when the values are distinct ones (see `graded`)."""
        asked = tuple(requests.column(name)[request_slots] for name in self.request_columns)
        stated = tuple(offer_values[name] for name in self.offer_columns)
        return graded(self.grade, asked, stated, codes, scale)

    def grade_pairs(
        self, requests: SlotTable, offers: SlotTable, request_slots: np.ndarray, offer_slots: np.ndarray | None
    ) -> np.ndarray:
        """Requests (rows) against offers (columns; None = all)."""
        pick = slice(None) if offer_slots is None else offer_slots
        stated = {name: offers.column(name)[pick] for name in self.offer_columns}
        return self.grade_values(requests, request_slots, stated)


def _readiness(config, min_trl, trl):
    return components.readiness(min_trl, trl, config)


def _timing(config, days_left, lead):
    return components.timing(days_left, lead, config)


def _capacity(config, quantity, days_left, monthly_capacity, lead):
    return components.capacity(quantity, monthly_capacity, days_left, lead, config)


def _area(config, proximity, has_areas, areas):
    return components.area_fit(proximity, has_areas, areas, config)


def _price(config, budget_high, quantity, price_low):
    return components.price(budget_high, quantity, price_low, config)


def structural_components(config: EngineConfig) -> list[Structural]:
    """The structural components in the order their weighted scores are summed. Those whose
    offer values repeat most come first, so that they can be graded together (see `plan`)."""
    return [
        Structural("readiness", ("min_trl",), ("trl",), functools.partial(_readiness, config), 6),
        Structural("timing", ("days_left",), ("lead",), functools.partial(_timing, config), 6),
        Structural(
            "capacity", ("quantity", "days_left"), ("capacity", "lead"), functools.partial(_capacity, config), 9
        ),
        Structural(
            "area", ("proximity", "has_areas"), ("areas",), functools.partial(_area, config), 3 * GATHER_COST + 2
        ),
        Structural("price", ("budget_high", "quantity"), ("price_low",), functools.partial(_price, config), 6),
    ]


def _add(total: np.ndarray | None, part: np.ndarray) -> np.ndarray:
    if total is None:
        return part
    total += part
    return total


def weighted_sum(
    parts: Mapping[str, np.ndarray], found: Sequence[Structural], weights: Mapping[str, float]
) -> np.ndarray | None:
    """The weighted sum of graded components, in their order (None without components)."""
    total = None
    for component in found:
        total = _add(total, parts[component.name] * np.float32(weights[component.name]))
    return total


# Distinct offer values by column name, and each offer's index among them.
Distinct = tuple[dict[str, np.ndarray], np.ndarray]


@dataclasses.dataclass(frozen=True)
class Plan:
    """How a ranking grades the components: the first `leading` together on the distinct
    combinations of their offer values; each other one on its own distinct values when they
    repeat enough (None: pair by pair)."""

    leading: int
    leading_values: Distinct | None
    others: list[Distinct | None]


def plan(found: Sequence[Structural], offers: SlotTable) -> Plan:
    """Grade on distinct values wherever that costs less than grading every pair."""
    count = len(offers)

    def distinct(group: Sequence[Structural]) -> Distinct:
        names = list(dict.fromkeys(name for component in group for name in component.offer_columns))
        values, codes = distinct_values([offers.column(name) for name in names])
        return dict(zip(names, values, strict=True)), codes

    def saving(group: Sequence[Structural], values: Distinct) -> float:
        cost, distinct_count = sum(c.cost for c in group), len(next(iter(values[0].values())))
        return cost * count - (cost * distinct_count + GATHER_COST * count)

    leading, leading_values, best = 0, None, 0.0
    for size in range(2, len(found) + 1):
        values = distinct(found[:size])
        if (gain := saving(found[:size], values)) > best:
            leading, leading_values, best = size, values, gain
    others = []
    for component in found[leading:]:
        values = distinct([component])
        others.append(values if saving([component], values) > 0 else None)
    return Plan(leading, leading_values, others)


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of a structural sum: a table of weighted scores of the requests against
    distinct offer values, gathered by each offer's `codes`; or, without a table, one
    component graded pair by pair."""

    component: Structural | None
    table: np.ndarray | None = None
    codes: np.ndarray | None = None


def steps(
    found: Sequence[Structural],
    chosen: Plan,
    requests: SlotTable,
    request_slots: np.ndarray,
    weights: Mapping[str, float],
) -> list[Step]:
    """The steps that sum these requests' weighted components in their order: the leading
    ones graded and summed on their distinct combinations, the others on their own distinct
    values or later pair by pair. Grading is element-wise and the sum keeps its order, so
    every pair gets the same number as `weighted_sum` gives it."""
    result = []
    if chosen.leading_values is not None:
        values, codes = chosen.leading_values
        table = None
        for component in found[: chosen.leading]:
            table = _add(table, component.grade_values(requests, request_slots, values, None, weights[component.name]))
        result.append(Step(None, table, codes))
    for component, distinct in zip(found[chosen.leading :], chosen.others, strict=True):
        if distinct is None:
            result.append(Step(component))
        else:
            values, codes = distinct
            table = component.grade_values(requests, request_slots, values, None, weights[component.name])
            result.append(Step(component, table, codes))
    return result


def ceiling(found_steps: Sequence[Step], weights: Mapping[str, float]) -> np.ndarray | float:
    """The most the weighted components can add up to for each request: each table's best
    value, or the weight of a component graded pair by pair."""
    total: np.ndarray | float = 0.0
    for step in found_steps:
        if step.table is None:
            assert step.component is not None
            total = total + weights[step.component.name]
        elif step.table.shape[1]:
            total = total + step.table.max(axis=1).astype(np.float64)
    return total


def gathered_sum(
    found_steps: Sequence[Step],
    requests: SlotTable,
    offers: SlotTable,
    request_slots: np.ndarray,
    offer_slots: np.ndarray | None,
    weights: Mapping[str, float],
) -> np.ndarray | None:
    """The weighted sum of the components of requests (rows) against offers (columns;
    None = all), from `steps`."""
    pick = slice(None) if offer_slots is None else offer_slots
    total = None
    for step in found_steps:
        if step.table is None:
            assert step.component is not None
            part = step.component.grade_pairs(requests, offers, request_slots, offer_slots)
            part *= np.float32(weights[step.component.name])
        else:
            assert step.codes is not None
            # Codes index the table's columns: no bounds checks needed ("clip" skips them).
            part = np.take(step.table, step.codes[pick], axis=1, mode="clip")
        total = _add(total, part)
    return total
