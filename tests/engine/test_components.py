"""Each graded component on hand-made values."""

import numpy as np
import pytest

from engine import EngineConfig
from engine import components as c

CONFIG = EngineConfig()
NAN = np.nan


def values(*numbers: float) -> np.ndarray:
    return np.array(numbers, dtype=np.float32)


def test_readiness_trl_4_against_minimum_7_loses_to_trl_7():
    score = c.readiness(values(7), values(4, 7), CONFIG)[0]
    assert score[1] == 1.0
    assert score[0] == 0.0


def test_readiness_grades_each_missing_level():
    score = c.readiness(values(7), values(6, 5, 9), CONFIG)[0]
    assert score[2] == 1.0 > score[0] > score[1] > 0.0


def test_readiness_without_minimum_accepts_any_offer_and_unknown_trl_is_neutral():
    assert c.readiness(values(NAN), values(2), CONFIG)[0, 0] == 1.0
    assert c.readiness(values(5), values(NAN), CONFIG)[0, 0] == CONFIG.unknown_score


def test_timing_fits_when_lead_time_is_within_deadline_and_falls_beyond():
    score = c.timing(values(60), values(30, 90, 150), CONFIG)[0]
    assert score[0] == 1.0
    assert 0.0 < score[1] < 1.0
    assert score[2] == 0.0


def test_capacity_counts_production_months_before_the_deadline():
    # 90 days left, 30 days lead: two months at 50 a month deliver 100.
    score = c.capacity(values(100, 400), values(50), values(90, 90), values(30), CONFIG)[:, 0]
    assert score[0] == 1.0
    assert score[1] == pytest.approx(0.25)


def test_capacity_without_deadline_assumes_the_default_months():
    score = c.capacity(values(100), values(50, 100), values(NAN), values(30, 30), CONFIG)[0]
    assert score[0] == pytest.approx(0.5)
    assert score[1] == 1.0


def test_price_of_the_quantity_against_the_budget():
    score = c.price(values(10_000), values(10), values(900, 1500, 2500), CONFIG)[0]
    assert score[0] == 1.0
    assert score[1] == pytest.approx(0.5)
    assert score[2] == 0.0


def test_area_fit_ranks_same_over_sibling_over_ancestor_over_unrelated():
    # Tree: 0 root; 1 and 2 children of 0; 3 unrelated. Request asks for area 1.
    proximity = np.array([[CONFIG.area_ancestor, CONFIG.area_same, CONFIG.area_sibling, 0.0, 0.0]], dtype=np.float32)
    offer_areas = np.array([[1], [2], [0], [3]], dtype=np.int32)
    score = c.area_fit(proximity, np.array([True]), offer_areas, CONFIG)[0]
    assert score[0] > score[1] > score[2] > score[3] == 0.0


def test_components_score_a_block_of_requests_against_offers():
    score = c.readiness(values(3, 9), values(1, 5, 9), CONFIG)
    assert score.shape == (2, 3)
    assert score[0, 1] == 1.0 and score[1, 1] < 1.0


def test_text_rises_with_both_evidences_and_stays_in_the_unit_interval():
    bm25 = np.array([[0.0, 5.0, 10.0, 10.0]], dtype=np.float32)
    cosine = np.array([[0.80, 0.80, 0.80, 0.95]], dtype=np.float32)
    evidence = bm25 * c.lexical_factors(values(20.0), CONFIG)[:, None] + cosine * np.float32(
        c.dense_factors(CONFIG, 1, 0)[0]
    )
    score = c.text(evidence, c.text_offset(CONFIG, with_dense=True))[0]
    assert 0.0 < score[0] < score[1] < score[2] < score[3] < 1.0
