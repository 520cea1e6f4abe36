"""Top-K selection and the pruning bounds of a ranking."""

import numpy as np

from engine import EngineConfig
from engine import components as c
from engine.ranking import evidence_thresholds, kth_best, top_k


def best_sets(totals: np.ndarray, k: int) -> list[list[float]]:
    return [sorted(row, reverse=True)[:k] for row in totals.tolist()]


def test_top_k_from_the_values_above_a_floor_equals_the_k_best():
    rng = np.random.default_rng(7)
    totals = rng.random((6, 500)).astype(np.float32)
    floor = kth_best(totals[:, :60], 5, -1.0)  # a floor from some of the columns
    columns, values = top_k(totals, floor, 5)
    assert best_sets(values, 5) == best_sets(totals, 5)
    assert (np.take_along_axis(totals, columns, axis=1) == values).all()


def test_top_k_without_a_useful_floor_partitions_every_row():
    totals = np.random.default_rng(8).random((3, 40)).astype(np.float32)
    columns, values = top_k(totals, np.full(3, -1.0), 4)
    assert best_sets(values, 4) == best_sets(totals, 4)


def test_kth_best_of_rows_shorter_than_k_bounds_nothing():
    values = np.array([[0.5, 0.2], [0.9, 0.7]], dtype=np.float32)
    assert kth_best(values, 2, -1.0).tolist() == [np.float32(0.2), np.float32(0.7)]
    assert kth_best(values, 3, -1.0).tolist() == [-1.0, -1.0]


def test_an_offer_below_its_threshold_cannot_reach_the_floor():
    config = EngineConfig()
    offset = c.text_offset(config, with_dense=True)
    floor, text_weight, headroom = np.array([0.6, 0.2]), 0.7, 0.3
    threshold = evidence_thresholds(floor, text_weight, headroom, offset)
    # Nothing is pruned for a floor the headroom alone reaches.
    assert threshold[1] == -np.inf
    evidence = np.array([[threshold[0] - 0.01, threshold[0] + 0.01]], dtype=np.float32)
    best_totals = c.text(evidence.copy(), offset) * text_weight + headroom
    assert best_totals[0, 0] < floor[0] <= best_totals[0, 1] + 1e-3


def test_top_k_partitions_only_the_rows_the_floor_does_not_narrow():
    totals = np.random.default_rng(9).random((4, 400)).astype(np.float32)
    floor = kth_best(totals, 6, -1.0)
    floor[1] = -1.0  # every value reaches it
    floor[2] = 2.0  # no value reaches it
    columns, values = top_k(totals, floor, 6)
    assert best_sets(values, 6) == best_sets(totals, 6)
    assert (np.take_along_axis(totals, columns, axis=1) == values).all()
