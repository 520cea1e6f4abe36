"""Structural components graded on distinct offer values sum to what grading every pair gives."""

import numpy as np

from matching.engine import EngineConfig
from matching.engine import structure
from matching.engine.store import SlotTable
from matching.engine.features import OFFER_AREA_SLOTS

NAN = np.nan
WEIGHTS = {"text": 0.5, "area": 0.2, "readiness": 0.1, "timing": 0.1, "capacity": 0.05, "price": 0.05}


def tables(count_offers: int, price_choices: int, seed: int = 1) -> tuple[SlotTable, SlotTable]:
    rng = np.random.default_rng(seed)
    areas = np.full((count_offers, OFFER_AREA_SLOTS), 5, dtype=np.int32)
    areas[:, 0] = rng.integers(0, 6, count_offers)  # 5 is the padding: no area
    areas[:, 1] = np.where(rng.random(count_offers) < 0.3, rng.integers(0, 5, count_offers), 5)
    offers = SlotTable()
    offers.append(
        [f"o{i}" for i in range(count_offers)],
        {
            "trl": rng.choice([3.0, 6.0, 9.0, NAN], count_offers).astype(np.float32),
            "lead": rng.choice([7.0, 30.0, 120.0, NAN], count_offers).astype(np.float32),
            "capacity": rng.choice([10.0, 100.0, NAN], count_offers).astype(np.float32),
            "price_low": rng.choice(np.arange(1.0, price_choices + 1), count_offers).astype(np.float32),
            "areas": areas,
        },
        None,
    )
    proximity = rng.choice([0.0, 0.5, 0.7, 1.0], (4, 6)).astype(np.float32)
    proximity[:, -1] = 0.0
    requests = SlotTable()
    requests.append(
        ["r0", "r1", "r2", "r3"],
        {
            "min_trl": np.array([7, NAN, 4, 9], dtype=np.float32),
            "days_left": np.array([60, 10, NAN, 200], dtype=np.float32),
            "quantity": np.array([500, NAN, 20, 5], dtype=np.float32),
            "budget_high": np.array([1e4, 50, NAN, 1e3], dtype=np.float32),
            "proximity": proximity,
            "has_areas": np.array([True, True, False, True]),
        },
        None,
    )
    return requests, offers


def sum_both_ways(requests: SlotTable, offers: SlotTable, offer_slots):
    found = structure.structural_components(EngineConfig())
    slots = np.arange(4)
    chosen = structure.plan(found, offers)
    steps = structure.steps(found, chosen, requests, slots, WEIGHTS)
    gathered = structure.gathered_sum(steps, requests, offers, slots, offer_slots, WEIGHTS)
    parts = {c.name: c.grade_pairs(requests, offers, slots, offer_slots) for c in found}
    return chosen, steps, gathered, structure.weighted_sum(parts, found, WEIGHTS)


def test_a_repetitive_catalogue_is_graded_on_distinct_values_with_the_same_sums():
    requests, offers = tables(2_000, price_choices=4)
    chosen, steps, gathered, direct = sum_both_ways(requests, offers, None)
    # TRL, lead time and capacity repeat: graded together on their few combinations.
    assert chosen.leading >= 3 and steps[0].table is not None
    assert steps[0].table.shape[1] < len(offers) // 2
    np.testing.assert_array_equal(gathered, direct)
    some = np.array([5, 17, 400, 1999])
    np.testing.assert_array_equal(sum_both_ways(requests, offers, some)[2], direct[:, some])


def test_values_that_hardly_repeat_are_graded_pair_by_pair_with_the_same_sums():
    requests, offers = tables(2_000, price_choices=2_000)
    chosen, steps, gathered, direct = sum_both_ways(requests, offers, None)
    assert steps[-1].component is not None and steps[-1].component.name == "price"
    assert steps[-1].table is None
    np.testing.assert_array_equal(gathered, direct)


def test_the_ceiling_bounds_every_sum():
    requests, offers = tables(500, price_choices=500)
    _, steps, gathered, _ = sum_both_ways(requests, offers, None)
    ceiling = structure.ceiling(steps, WEIGHTS)
    assert (gathered.max(axis=1) <= ceiling + 1e-6).all()
    assert (ceiling <= sum(w for name, w in WEIGHTS.items() if name != "text") + 1e-6).all()
