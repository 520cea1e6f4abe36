"""Graded components of a pair, each computed for a block of requests against many offers at once.

Every function takes request values as a vector (b,) and offer values as a vector (n,) and returns
a (b, n) float32 matrix of scores in [0, 1]; NaN marks a value that was not given. A request that
sets no constraint accepts every offer (1); an offer that does not say cannot be judged
(`unknown_score`). The arithmetic runs in place on one matrix, since a full rescore touches
billions of pairs and each pass over them costs.
"""

from __future__ import annotations

import numpy as np

from .config import EngineConfig

DAYS_PER_MONTH = 30.0
F32 = np.float32


def _outer_difference(row: np.ndarray, column: np.ndarray) -> np.ndarray:
    """(b, n) matrix of column[j] - row[i]."""
    return np.subtract(column[None, :], row[:, None], dtype=F32)


def _settle(score: np.ndarray, asked: np.ndarray, stated: np.ndarray, config: EngineConfig) -> np.ndarray:
    """Unstated offer values are unknown; requests that ask nothing accept anything."""
    unstated = ~stated
    if unstated.any():
        score[:, unstated] = config.unknown_score
    not_asked = ~asked
    if not_asked.any():
        score[not_asked, :] = 1.0
    return score


def readiness(min_trl: np.ndarray, trl: np.ndarray, config: EngineConfig) -> np.ndarray:
    """1 when the offer's TRL reaches the minimum; less for every level short, 0 at the tolerance."""
    score = _outer_difference(min_trl, trl)  # surplus of levels, negative when short
    np.minimum(score, 0.0, out=score)
    score *= F32(1.0 / config.readiness_tolerance)
    score += F32(1.0)
    np.maximum(score, 0.0, out=score)
    return _settle(score, ~np.isnan(min_trl), ~np.isnan(trl), config)


def timing(days_left: np.ndarray, lead_days: np.ndarray, config: EngineConfig) -> np.ndarray:
    """1 when the lead time fits before the deadline; falls to 0 at twice the time left."""
    score = _outer_difference(days_left, lead_days)  # overrun in days, negative when in time
    np.maximum(score, 0.0, out=score)
    score *= (-1.0 / np.maximum(days_left, 1.0)).astype(F32)[:, None]
    score += F32(1.0)
    np.maximum(score, 0.0, out=score)
    return _settle(score, ~np.isnan(days_left), ~np.isnan(lead_days), config)


def production_months(days_left: np.ndarray, lead_days: np.ndarray, config: EngineConfig) -> np.ndarray:
    """Months of production between the end of the lead time and the deadline, at least one;
    `capacity_default_months` when the request has no deadline. (b, n)."""
    lead = np.nan_to_num(lead_days, nan=0.0)
    months = np.subtract(np.nan_to_num(days_left, nan=0.0)[:, None], lead[None, :], dtype=F32)
    months *= F32(1.0 / DAYS_PER_MONTH)
    np.maximum(months, 1.0, out=months)
    no_deadline = np.isnan(days_left)
    if no_deadline.any():
        months[no_deadline, :] = max(config.capacity_default_months, 1.0)
    return months


def capacity(
    quantity: np.ndarray,
    monthly_capacity: np.ndarray,
    days_left: np.ndarray,
    lead_days: np.ndarray,
    config: EngineConfig,
) -> np.ndarray:
    """Share of the quantity the offer can deliver by the deadline, capped at 1."""
    score = production_months(days_left, lead_days, config)
    score *= np.nan_to_num(monthly_capacity, nan=0.0).astype(F32)[None, :]
    score *= (1.0 / np.maximum(np.nan_to_num(quantity, nan=1.0), 1e-9)).astype(F32)[:, None]
    np.minimum(score, 1.0, out=score)
    return _settle(score, ~np.isnan(quantity), ~np.isnan(monthly_capacity), config)


def price(
    budget_high: np.ndarray,
    quantity: np.ndarray,
    unit_price_low: np.ndarray,
    config: EngineConfig,
) -> np.ndarray:
    """1 when the cheapest price of the quantity fits the budget; 0 at twice the budget."""
    units = np.where(np.isnan(quantity), 1.0, quantity)
    per_budget = (units / np.maximum(np.nan_to_num(budget_high, nan=1.0), 1e-9)).astype(F32)
    score = np.multiply(per_budget[:, None], np.nan_to_num(unit_price_low, nan=0.0).astype(F32)[None, :])
    np.subtract(F32(2.0), score, out=score)  # 2 - cost / budget
    np.clip(score, 0.0, 1.0, out=score)
    return _settle(score, ~np.isnan(budget_high), ~np.isnan(unit_price_low), config)


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
    padding = request_proximity.shape[1] - 1
    # Every position is a column of the proximity table, so the gathers need no bounds checks
    # ("clip" mode skips them, which makes them a third faster).
    score = np.take(request_proximity, offer_areas[:, 0], axis=1, mode="clip")
    # Offers list their areas first: columns that hold only padding add nothing.
    for column in np.flatnonzero((offer_areas[:, 1:] < padding).any(axis=0)) + 1:
        np.maximum(score, np.take(request_proximity, offer_areas[:, column], axis=1, mode="clip"), out=score)
    unknown = offer_areas[:, 0] >= padding
    if unknown.any():
        score[:, unknown] = config.unknown_score
    if (~request_has_areas).any():
        score[~request_has_areas, :] = config.unknown_score
    return score


def lexical_factors(ceiling: np.ndarray, config: EngineConfig) -> np.ndarray:
    """Per-request factors that turn BM25 into its share of the text evidence:
    lexical_scale * BM25 / (the request's ceiling), over the spread. (b,)."""
    return (config.lexical_scale / config.text_spread / np.maximum(ceiling, 1e-9)).astype(F32)


def dense_factors(config: EngineConfig, width: int, english_width: int) -> np.ndarray:
    """Factor of each encoder column that turns the cosines into their share of the text
    evidence: the multilingual view's columns first, then the English view's."""
    factors = np.empty(width + english_width, dtype=F32)
    factors[:width] = config.dense_scale / config.text_spread
    factors[width:] = config.english_dense_scale / config.text_spread
    return factors


def text_offset(config: EngineConfig, with_dense: bool, with_english: bool = False) -> float:
    """The evidence at which text relevance is one half."""
    offset = config.text_midpoint
    if with_dense:
        offset += config.dense_scale * config.dense_baseline
    if with_english:
        offset += config.english_dense_scale * config.english_dense_baseline
    return offset / config.text_spread


def text(evidence: np.ndarray, offset: float) -> np.ndarray:
    """Text relevance from the fused evidence (see EngineConfig), mapped onto (0, 1) in place.

    The engine computes the evidence as one sum: the request rows are scaled by
    `lexical_factors` and `dense_factors` before the products, which saves passes over the matrix.
    """
    np.subtract(F32(offset), evidence, out=evidence)
    np.exp(evidence, out=evidence)
    evidence += F32(1.0)
    return np.reciprocal(evidence, out=evidence)
