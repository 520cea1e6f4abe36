"""Eligibility: the pairs that are never matched, whatever their text."""

from __future__ import annotations

import numpy as np

from .store import SlotTable


def exclude(
    evidence: np.ndarray,
    requests: SlotTable | None,
    offers: SlotTable,
    request_slots: np.ndarray | None,
    offer_slots: np.ndarray | None,
) -> None:
    """Sets to -inf, in place, the pairs that eligibility rules out, in evidence of requests
    (rows) against offers (columns; None = all): a closed or unmatchable request, an unpublished
    offer or one of a startup that is not vetted, a record removed."""
    pick = slice(None) if offer_slots is None else offer_slots
    offer_ok = offers.column("eligible")[pick] & offers.alive()[pick]
    if requests is not None:
        request_ok = requests.column("eligible")[request_slots] & requests.alive()[request_slots]
        evidence[~request_ok, :] = -np.inf
    if not offer_ok.all():
        evidence[:, ~offer_ok] = -np.inf
