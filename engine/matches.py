"""Scored pairs made into the matches the platform stores: a relevance and an explanation each."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from itertools import chain

import numpy as np

from .explain import Context, Explanation, explain_pair
from .features import TextFeatures, TextReader
from .records import OfferRecord, RequestRecord
from .store import SlotTable


@dataclasses.dataclass(frozen=True)
class Match:
    """One scored (request, offer) pair, ready to be stored."""

    request_id: str
    offer_id: str
    # The chance that the pair is relevant (calibration.py).
    score: float
    explanation: Explanation
    engine_version: str
    config_hash: str


@dataclasses.dataclass(frozen=True)
class MatchMaker:
    """Makes the matches of scored pairs, reading back what explains each: the text of its
    records and the terms of its offer."""

    context: Context
    reader: TextReader
    requests: SlotTable
    offers: SlotTable
    request_records: Mapping[str, RequestRecord]
    offer_records: Mapping[str, OfferRecord]
    version: str
    config_hash: str

    def for_request(self, request_slot: int, offer_slots: np.ndarray, scores: np.ndarray) -> list[Match]:
        """Matches of a request with offers, from their scores (one per offer)."""
        request_text = self._request_text(request_slot)
        return [
            self._match(request_slot, int(o), float(scores[j]), request_text, self._offer_terms(int(o)))
            for j, o in enumerate(offer_slots)
        ]

    def for_offer(self, offer_slot: int, request_slots: np.ndarray, scores: np.ndarray) -> list[Match]:
        """Matches of an offer with requests, from their scores (one per request)."""
        offer_terms = self._offer_terms(offer_slot)
        return [
            self._match(int(r), offer_slot, float(scores[i]), self._request_text(int(r)), offer_terms)
            for i, r in enumerate(request_slots)
        ]

    def _match(
        self, request_slot: int, offer_slot: int, score: float, request_text: TextFeatures, offer_terms: set[str]
    ) -> Match:
        request = self.request_records[self.requests.ids[request_slot]]
        offer = self.offer_records[self.offers.ids[offer_slot]]
        explanation = explain_pair(request, offer, request_text, offer_terms, self.context)
        return Match(
            request_id=request.id,
            offer_id=offer.id,
            score=round(min(max(score, 0.0), 1.0), 6),
            explanation=explanation,
            engine_version=self.version,
            config_hash=self.config_hash,
        )

    def _request_text(self, request_slot: int) -> TextFeatures:
        request = self.request_records[self.requests.ids[request_slot]]
        return self.reader.record_text(request, self.context.config.request_title_weight)

    def _offer_terms(self, offer_slot: int) -> set[str]:
        """The terms of an offer, read back from its row of the index."""
        matrix, model = self.offers.matrix(), self.context.model
        columns = matrix.indices[matrix.indptr[offer_slot] : matrix.indptr[offer_slot + 1]]
        head = model.head[np.flatnonzero(self.offers.column("vector")[offer_slot, : len(model.head)])]
        return {model.terms[column] for column in chain(columns, head)}
