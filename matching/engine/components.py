"""Graded structural components, each a vectorised function of request and offer arrays.

Arguments broadcast against each other: request values as a column (b, 1) and offer values as a
row (1, n) give a (b, n) matrix; NaN marks a value that was not given. Scores are in [0, 1].
"""

from __future__ import annotations

import numpy as np

from .config import EngineConfig

DAYS_PER_MONTH = 30.0


def _judged(score: np.ndarray, unknown: np.ndarray, config: EngineConfig) -> np.ndarray:
    return np.where(unknown, np.float32(config.unknown_score), score).astype(np.float32)


def readiness(min_trl: np.ndarray, trl: np.ndarray, config: EngineConfig) -> np.ndarray:
    """1 when the offer's TRL reaches the minimum; less for every level short, 0 at the tolerance."""
    deficit = np.maximum(min_trl - trl, 0.0)
    score = np.clip(1.0 - deficit / config.readiness_tolerance, 0.0, 1.0)
    # No minimum asked: any offer is ready enough; a minimum but no TRL given: cannot tell.
    score = np.where(np.isnan(min_trl), 1.0, score)
    return _judged(score, ~np.isnan(min_trl) & np.isnan(trl), config)


def timing(days_left: np.ndarray, lead_days: np.ndarray, config: EngineConfig) -> np.ndarray:
    """1 when the lead time fits before the deadline; falls to 0 at twice the time left."""
    window = np.maximum(days_left, 1.0)
    overrun = np.maximum(lead_days - days_left, 0.0)
    score = np.clip(1.0 - overrun / window, 0.0, 1.0)
    score = np.where(np.isnan(days_left), 1.0, score)
    return _judged(score, ~np.isnan(days_left) & np.isnan(lead_days), config)


def production_months(days_left: np.ndarray, lead_days: np.ndarray, config: EngineConfig) -> np.ndarray:
    """Months of production between the end of the lead time and the deadline (at least one)."""
    lead = np.where(np.isnan(lead_days), 0.0, lead_days)
    months = (days_left - lead) / DAYS_PER_MONTH
    months = np.where(np.isnan(days_left), config.capacity_default_months, months)
    return np.maximum(months, 1.0)


def capacity(
    quantity: np.ndarray,
    monthly_capacity: np.ndarray,
    days_left: np.ndarray,
    lead_days: np.ndarray,
    config: EngineConfig,
) -> np.ndarray:
    """Share of the quantity the offer can deliver by the deadline, capped at 1."""
    deliverable = monthly_capacity * production_months(days_left, lead_days, config)
    score = np.clip(deliverable / np.maximum(quantity, 1e-9), 0.0, 1.0)
    score = np.where(np.isnan(quantity), 1.0, score)
    return _judged(score, ~np.isnan(quantity) & np.isnan(monthly_capacity), config)


def price(
    budget_high: np.ndarray,
    quantity: np.ndarray,
    unit_price_low: np.ndarray,
    config: EngineConfig,
) -> np.ndarray:
    """1 when the cheapest price of the quantity fits the budget; 0 at twice the budget."""
    units = np.where(np.isnan(quantity), 1.0, quantity)
    cost = unit_price_low * units
    overrun = np.maximum(cost / np.maximum(budget_high, 1e-9) - 1.0, 0.0)
    score = np.clip(1.0 - overrun, 0.0, 1.0)
    score = np.where(np.isnan(budget_high), 1.0, score)
    return _judged(score, ~np.isnan(budget_high) & np.isnan(unit_price_low), config)


def area_fit(
    request_proximity: np.ndarray,
    request_has_areas: np.ndarray,
    offer_areas: np.ndarray,
    config: EngineConfig,
) -> np.ndarray:
    """Proximity of the closest pair of areas on the tree (same > sibling > ancestor).

    `request_proximity` is (b, A + 1): each request's proximity to every area, with a last column
    of zeros; `offer_areas` is (n, m): each offer's area positions, padded with A.
    """
    score = np.zeros((request_proximity.shape[0], offer_areas.shape[0]), dtype=np.float32)
    for column in range(offer_areas.shape[1]):
        np.maximum(score, request_proximity[:, offer_areas[:, column]], out=score)
    offer_has_areas = offer_areas[:, 0] < request_proximity.shape[1] - 1
    unknown = ~request_has_areas[:, None] | ~offer_has_areas[None, :]
    return _judged(score, unknown, config)


def lexical(bm25: np.ndarray, ceiling: np.ndarray, config: EngineConfig) -> np.ndarray:
    """BM25 as a share of the request's ceiling, reaching 1 at `lexical_full_share` of it."""
    scale = np.maximum(ceiling * config.lexical_full_share, 1e-9)
    return np.minimum(bm25 / scale, 1.0).astype(np.float32)


def dense(cosine: np.ndarray, config: EngineConfig) -> np.ndarray:
    """Cosine similarity mapped linearly from [dense_floor, dense_ceiling] onto [0, 1]."""
    span = config.dense_ceiling - config.dense_floor
    return np.clip((cosine - config.dense_floor) / span, 0.0, 1.0).astype(np.float32)
