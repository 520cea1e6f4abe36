"""Structural components graded on distinct offer values sum to what grading every pair gives."""

import numpy as np
import scipy.sparse as sp

from engine import EngineConfig, structure
from engine import components as c
from engine.features import OFFER_AREA_SLOTS
from engine.store import SlotTable

CONFIG = EngineConfig()
NAN = np.nan
WEIGHTS = {"text": 0.5, "area": 0.2, "readiness": 0.1, "timing": 0.1, "capacity": 0.05, "price": 0.05}


def values(*numbers: float) -> np.ndarray:
    return np.array(numbers, dtype=np.float32)


def no_terms(rows: int) -> sp.csr_matrix:
    return sp.csr_matrix((rows, 0), dtype=np.float32)


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
        no_terms(count_offers),
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
        no_terms(4),
    )
    return requests, offers


def sum_both_ways(requests: SlotTable, offers: SlotTable, offer_slots):
    found = structure.structural_components(CONFIG)
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


def test_grading_distinct_values_and_gathering_gives_each_pair_its_own_score():
    rng = np.random.default_rng(4)
    trl = rng.choice([3.0, 5.0, 7.0, NAN], size=400).astype(np.float32)
    lead = rng.choice([10.0, 45.0, 200.0, NAN], size=400).astype(np.float32)
    capacity = rng.choice([5.0, 50.0, NAN], size=400).astype(np.float32)
    (capacities, leads), codes = structure.distinct_values([capacity, lead])
    assert len(capacities) == 12  # 3 capacities x 4 lead times, NaN counting once each

    def grade(quantity, days, monthly, lead_days):
        return c.capacity(quantity, monthly, days, lead_days, CONFIG)

    asked = (values(20, NAN, 500), values(60, 30, NAN))
    gathered = structure.graded(grade, asked, (capacities, leads), codes, 0.25)
    direct = grade(*asked, capacity, lead) * np.float32(0.25)
    np.testing.assert_array_equal(gathered, direct)
    readiness = structure.graded(lambda m, t: c.readiness(m, t, CONFIG), (values(7, NAN),), (trl,), None, 1.0)
    np.testing.assert_array_equal(readiness, c.readiness(values(7, NAN), trl, CONFIG))


def test_distinct_values_of_unrepeated_and_empty_columns():
    (prices,), codes = structure.distinct_values([np.arange(5, dtype=np.float32)[::-1]])
    assert prices.tolist() == [0, 1, 2, 3, 4] and codes.tolist() == [4, 3, 2, 1, 0]
    (empty,), codes = structure.distinct_values([np.zeros(0, dtype=np.float32)])
    assert len(empty) == 0 and len(codes) == 0


def test_area_fit_graded_on_distinct_area_lists_equals_area_fit():
    proximity = np.array([[0.5, 1.0, 0.7, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0, 0.0]], dtype=np.float32)
    offer_areas = np.array([[1, 4, 4], [2, 0, 4], [4, 4, 4], [1, 4, 4], [3, 2, 4]] * 3, dtype=np.int32)
    has_areas = np.array([True, True])
    plain = c.area_fit(proximity, has_areas, offer_areas, CONFIG)
    assert plain[0, :5].tolist() == [1.0, np.float32(0.7), CONFIG.unknown_score, 1.0, np.float32(0.7)]
    distinct = structure.distinct_values([offer_areas])
    assert len(distinct[0][0]) == 4

    def grade(prox, has, areas):
        return c.area_fit(prox, has, areas, CONFIG)

    gathered = structure.graded(grade, (proximity, has_areas), distinct[0], distinct[1], 0.12)
    np.testing.assert_array_equal(gathered, plain * np.float32(0.12))
