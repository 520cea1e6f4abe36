"""Exact top-K selection with pruning: the bounds that let a ranking skip offers that cannot
reach a request's top-K."""

from __future__ import annotations

import numpy as np

from .store import SlotTable

# Score given to pairs that eligibility rules out; below any real score.
EXCLUDED = np.float32(-1.0)
# Margins for float rounding, in total-score and evidence units: keeping a few more offers
# never changes the result.
TOTAL_MARGIN = 1e-4
EVIDENCE_MARGIN = 1e-3


def kth_best(values: np.ndarray, k: int, least: float) -> np.ndarray:
    """The K-th best value of each row; `least` for every row when rows have fewer than K
    values, which tells nothing of the K-th best."""
    count = values.shape[1]
    if count < k:
        return np.full(values.shape[0], least, dtype=values.dtype)
    return np.partition(values, count - k, axis=1)[:, count - k]


def evidence_thresholds(
    floor: np.ndarray, text_weight: float, headroom: np.ndarray | float, offset: float
) -> np.ndarray:
    """Per request, the least text evidence with which an offer may still total `floor`,
    when text relevance is 1 / (1 + exp(offset - evidence)) and the other components add at
    most `headroom`: text(evidence) * text_weight + headroom >= floor."""
    if text_weight <= 0:
        return np.full(len(floor), -np.inf)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        needed = (floor.astype(np.float64) - headroom - TOTAL_MARGIN) / text_weight
        thresholds = offset + np.log(needed / (1.0 - needed)) - EVIDENCE_MARGIN
    return np.where(needed > 0, thresholds, -np.inf)


def top_k(totals: np.ndarray, floor: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The K best columns of each row and their values, in no particular order.

    `floor` is at most each row's K-th best value, so the K best are among the values that
    reach it: those are usually few, and sorting them costs less than partitioning the row.
    Rows where many reach it are partitioned.
    """
    above = totals >= floor[:, None]
    counts = np.count_nonzero(above, axis=1)
    few = (counts >= k) & (counts <= totals.shape[1] // 8)
    columns = np.empty((len(totals), k), dtype=np.int64)
    values = np.empty((len(totals), k), dtype=totals.dtype)
    if (~few).any():
        many = np.flatnonzero(~few)
        top = np.argpartition(-totals[many], k - 1, axis=1)[:, :k]
        columns[many] = top
        values[many] = np.take_along_axis(totals[many], top, axis=1)
    if few.any():
        above[~few] = False
        rows, found = np.divmod(np.flatnonzero(above), totals.shape[1])
        found_values = totals[rows, found]
        order = np.lexsort((-found_values, rows))
        first = np.concatenate([[0], np.cumsum(counts[few])[:-1]])
        pick = order[first[:, None] + np.arange(k)[None, :]]
        columns[few] = found[pick]
        values[few] = found_values[pick]
    return columns, values


def exclude(
    totals: np.ndarray,
    requests: SlotTable,
    offers: SlotTable,
    request_slots: np.ndarray,
    offer_slots: np.ndarray | None,
    value: np.float32 = EXCLUDED,
) -> None:
    """Marks the pairs that eligibility rules out, in place, in scores of requests (rows)
    against offers (columns; None = all)."""
    pick = slice(None) if offer_slots is None else offer_slots
    request_ok = requests.column("eligible")[request_slots] & requests.alive()[request_slots]
    offer_ok = offers.column("eligible")[pick] & offers.alive()[pick]
    if not request_ok.all():
        totals[~request_ok, :] = value
    if not offer_ok.all():
        totals[:, ~offer_ok] = value
