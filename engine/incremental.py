"""Keeps every request's top-K current as single records change, equal to a full rescore."""

from __future__ import annotations

from .engine import Match, MatchingEngine


class TopKTable:
    """Each matchable request's top-K offers, updated from one changed request or offer at a time."""

    def __init__(self, engine: MatchingEngine) -> None:
        self.engine = engine
        self.rows: dict[str, list[Match]] = {}

    def rebuild(self) -> None:
        self.rows.clear()
        for block in self.engine.rescore_all():
            for request_id, matches in zip(block.request_ids, self.engine.matches(block), strict=True):
                self._store(request_id, matches)

    def request_changed(self, request_id: str) -> None:
        """Call after the engine upserted or removed the request."""
        self.rows.pop(request_id, None)
        if request_id in self.engine.requests.slot_of:
            self._store(request_id, self.engine.score_request(request_id))

    def offer_changed(self, offer_id: str) -> None:
        """Call after the engine upserted or removed the offer: one pass over the requests.

        A request whose list held the offer and where it now scores lower (or is gone) is
        rescored in full, since its K+1-th offer is not known here, and so is a request whose
        relevance feedback the change altered; all others are merged.
        """
        fresh = {}
        if offer_id in self.engine.offers.slot_of:
            fresh = {match.request_id: match for match in self.engine.score_offer(offer_id)}
        refreshed = set(self.engine.take_feedback_changes())
        for request_id in refreshed:
            self.request_changed(request_id)
        for request_id in [r for r in self.rows if r not in refreshed]:
            self._merge(request_id, self.rows[request_id], fresh.get(request_id), offer_id)

    def _merge(self, request_id: str, row: list[Match], match: Match | None, offer_id: str) -> None:
        previous = next((m for m in row if m.offer_id == offer_id), None)
        if previous is not None and (match is None or match.score < previous.score):
            self.request_changed(request_id)
            return
        others = [m for m in row if m.offer_id != offer_id]
        if match is not None:
            others.append(match)
        self._store(request_id, others)

    def _store(self, request_id: str, matches: list[Match]) -> None:
        slots = self.engine.offers.slot_of
        ranked = sorted(matches, key=lambda m: (-m.score, slots[m.offer_id]))
        if ranked:
            self.rows[request_id] = ranked[: self.engine.config.top_k]
