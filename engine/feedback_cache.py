"""The requests' relevance feedback, kept between scorings until the offers it rests on change."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from . import feedback, ranking
from .config import EngineConfig
from .dense import DenseEncoders
from .lexical import LexicalModel
from .store import SlotTable

# Text evidence of requests (rows) against offers (columns; None = all) before feedback.
FirstPass = Callable[[np.ndarray, np.ndarray | None], np.ndarray]


class FeedbackCache:
    """Each request's relevance feedback by slot (`kept`), made from its first pass the first
    time the request is scored, and the offers' side of the feedback product.

    The engine reports every change of the offers (`offers_changed`); the feedback it makes
    stale is dropped and its request reported by `take_changes`.
    """

    def __init__(
        self,
        config: EngineConfig,
        requests: SlotTable,
        offers: SlotTable,
        dense: DenseEncoders,
        model: Callable[[], LexicalModel],
        first_pass: FirstPass,
    ) -> None:
        self.config = config
        self.requests = requests
        self.offers = offers
        self.dense = dense
        self._model = model
        self._first_pass = first_pass
        self.kept: dict[int, feedback.Feedback] = {}
        self._side: feedback.OfferSide | None = None
        # Requests whose feedback an offer change made stale since `take_changes` was last read.
        self._changes: set[str] = set()

    def reset(self) -> None:
        """Drops everything made from the previous statistics (after a fit)."""
        self.kept.clear()
        self._side = None

    def forget(self) -> None:
        """Drops every request's feedback: each is made again when the request is next scored."""
        self.kept.clear()

    def drop(self, request_id: str) -> None:
        """Drops a request's feedback (the request changed or went)."""
        self.kept.pop(self.requests.slot_of.get(request_id, -1), None)

    def take_changes(self) -> list[str]:
        """Requests whose feedback changed with the offers since the last call."""
        changed, self._changes = sorted(self._changes), set()
        return changed

    def offers_changed(self, added: np.ndarray, gone: list[int]) -> None:
        """Drops (and reports) the feedback of every request whose best offers or window these
        changes alter: one of them changed or went, or an added offer beats the last best offer
        or reaches the window."""
        self._side = None
        if not self.kept:
            return
        stale = {
            slot
            for slot, kept in self.kept.items()
            if np.isin(kept.members, gone).any() or np.isin(kept.window, gone).any()
        }
        holders = np.array(sorted(set(self.kept) - stale), dtype=np.int64)
        for start in range(0, len(holders) if len(added) else 0, self.config.block_size):
            block = holders[start : start + self.config.block_size]
            first = self._first_pass(block, added)
            ranking.exclude(first, self.requests, self.offers, block, added, np.float32(-np.inf))
            floors = np.array([self.kept[slot].floor for slot in block])
            cutoffs = np.array([self.kept[slot].cutoff for slot in block], dtype=np.float32)
            moved = (first > floors[:, None]) | (first >= cutoffs[:, None])
            stale.update(block[moved.any(axis=1)].tolist())
        for slot in stale:
            del self.kept[slot]
            self._changes.add(self.requests.ids[slot])

    def add(self, evidence: np.ndarray, request_slots: np.ndarray, offer_slots: np.ndarray | None) -> None:
        """Adds the requests' feedback to their first-pass evidence (`evidence`: requests
        against offers, None = all), in place."""
        if self.config.feedback_offers <= 0 or not len(request_slots):
            return
        kept = self._feedback_of(request_slots, evidence if offer_slots is None else None)
        english = self.dense.english_view(self.offers.column("vector"))
        if english is not None:  # on the first pass, which decides each request's window
            feedback.add_english(evidence, kept, english, offer_slots)
        feedback.add(evidence, kept, self._offer_side(offer_slots), offer_slots)

    def prepare(self) -> None:
        """Makes the offers' side of the product now, so that threads scoring at once do not
        each race to make it."""
        if self.config.feedback_offers > 0:
            self._offer_side(None)

    def terms(self, request_slot: int, offer_slot: int) -> list[str]:
        """The weighty terms of a request's relevance feedback (a tenth of the weightiest's
        weight at least), weightiest first, to explain an offer by; none for one of the best
        offers the feedback comes from, or a request without feedback."""
        kept = self.kept.get(request_slot)
        if kept is None or not len(kept.terms) or offer_slot in kept.members:
            return []
        order = np.lexsort((kept.terms, -kept.weights))
        weighty = order[kept.weights[order] >= 0.1 * kept.weights.max()]
        return [self._model().terms[kept.terms[i]] for i in weighty]

    def _feedback_of(self, request_slots: np.ndarray, first: np.ndarray | None) -> list[feedback.Feedback]:
        """The relevance feedback of requests, made for those that have none from their first
        pass against every offer (`first`, when the caller has it)."""
        missing = np.array([i for i, slot in enumerate(request_slots) if int(slot) not in self.kept], dtype=np.int64)
        matched = self.requests.column("eligible")[request_slots] & self.requests.alive()[request_slots]
        for slot in request_slots[missing[~matched[missing]]]:
            self.kept[int(slot)] = feedback.UNMATCHED
        missing = missing[matched[missing]]
        # Only eligible offers may be best offers (ruled-out ones are read past, not copied over).
        eligible = self.offers.column("eligible") & self.offers.alive()
        columns = None if eligible.all() else np.flatnonzero(eligible)
        for start in range(0, len(missing), self.config.block_size):
            rows = missing[start : start + self.config.block_size]
            slots = request_slots[rows]
            if first is None:
                block = self._first_pass(slots, None)
            else:  # the caller's rows, not a copy, when every one is wanted
                block = first if len(rows) == len(request_slots) else first[rows]
            for slot, kept in zip(slots, self._made(block, columns), strict=True):
                self.kept[int(slot)] = kept
        return [self.kept[int(slot)] for slot in request_slots]

    def _made(self, first: np.ndarray, columns: np.ndarray | None) -> list[feedback.Feedback]:
        """The feedback of requests from their first pass against every offer, its best offers
        taken among `columns` (None = all)."""
        offset = self.dense.text_offset()
        chosen = feedback.best_offers(first, self.config.feedback_offers, columns)
        made = feedback.blend(chosen, self._offer_rows, self._model(), self.config, offset)
        english = self.dense.english_view(self.offers.column("vector"))
        if english is None:
            return made
        return [
            feedback.with_english(kept, evidence, first[i], columns, english, self.config, offset)
            for i, (kept, (_, evidence)) in enumerate(zip(made, chosen, strict=True))
        ]

    def _offer_side(self, offer_slots: np.ndarray | None) -> feedback.OfferSide:
        """The offers' side of the feedback product: all offers (kept until they change) or some."""
        if offer_slots is not None:
            return feedback.offer_side(*self._offer_inputs(offer_slots))
        if self._side is None:
            self._side = feedback.offer_side(*self._offer_inputs(slice(None)))
        return self._side

    def _offer_rows(self, offer_slots: np.ndarray) -> sp.csr_matrix:
        return feedback.offer_rows(*self._offer_inputs(offer_slots))

    def _offer_inputs(self, offer_slots: np.ndarray | slice) -> tuple:
        model = self._model()
        head = self.offers.column("vector")[offer_slots, : len(model.head)]
        return head, self.offers.matrix()[offer_slots], self.offers.column("feedback_scale")[offer_slots], model
