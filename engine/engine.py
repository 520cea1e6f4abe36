"""The matching engine: builds indexes from records and scores requests against offers in blocks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

from . import components, feedback, ranking, structure
from .config import ENGINE_VERSION, EngineConfig
from .dense import DenseEncoders
from .encoders import TextEncoder
from .explain import Context
from .features import TextReader, offer_columns, request_columns
from .feedback_cache import FeedbackCache
from .glossary import shipped as shipped_glossary
from .lexical import LexicalModel, accumulate_product, bm25_scores, raw_matrix, stack_rows
from .lexicon import Lexicon
from .matches import Match, MatchMaker
from .ranking import EXCLUDED
from .records import AreaNode, OfferRecord, RequestRecord
from .store import SlotTable
from .taxonomy import Taxonomy

# Requests whose structural components are computed together in a ranking: few, so that the
# offers any of them may rank stay few.
PRUNED_ROWS = 16


@dataclasses.dataclass(frozen=True)
class RankedBlock:
    """Top-K offers of a block of requests as arrays: offer slots and totals, best first."""

    request_ids: list[str]
    offer_slots: np.ndarray
    scores: np.ndarray


class MatchingEngine:
    """Holds the indexes of the current offers and requests and scores them against each other."""

    def __init__(
        self,
        *,
        config: EngineConfig | None = None,
        areas: Iterable[AreaNode] = (),
        encoder: TextEncoder | None = None,
        english_encoder: TextEncoder | None = None,
        cache: MutableMapping[str, bytes] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.config = config or EngineConfig()
        self.version = ENGINE_VERSION
        self.config_hash = self.config.hash()
        self.today = today or dt.date.today()
        self.taxonomy = Taxonomy(areas, self.config)
        self.glossary = shipped_glossary(self.config.glossary, self.config.glossary_alternative_weight)
        cache = {} if cache is None else cache
        self.dense = DenseEncoders(self.config, self.glossary, encoder, english_encoder, cache)
        self.lexicon = None if self.dense.encoder is None else Lexicon(self.dense.encoder, self.config)
        self.reader = TextReader(self.config, self.taxonomy, self.lexicon, self.glossary)
        self.lexical: LexicalModel | None = None
        self.offers = SlotTable()
        self.requests = SlotTable()
        self.offer_records: dict[str, OfferRecord] = {}
        self.request_records: dict[str, RequestRecord] = {}
        self._offers_by_term: sp.csr_matrix | None = None
        self._structure = structure.structural_components(self.config)
        self._plan: structure.Plan | None = None
        self.feedback_cache = FeedbackCache(
            self.config, self.requests, self.offers, self.dense, self._model, self._first_pass
        )
        # The offers of the last fit and their raw term matrix, for the upsert that follows it.
        self._prepared: tuple[Sequence[OfferRecord], sp.csr_matrix] | None = None

    @classmethod
    def build(
        cls,
        requests: Sequence[RequestRecord],
        offers: Sequence[OfferRecord],
        **options,
    ) -> MatchingEngine:
        """An engine indexing these records, with corpus statistics learnt from the offers."""
        engine = cls(**options)
        engine.fit(offers)
        engine.upsert_offers(offers)
        engine.upsert_requests(requests)
        return engine

    def fit(self, offers: Sequence[OfferRecord]) -> None:
        """Learn the vocabulary and statistics from a catalogue; scores depend on them alone."""
        self.reader.fit(offers)
        # Chunk by chunk into one sparse matrix: the term bags of a large catalogue would take
        # gigabytes as Python dictionaries.
        vocabulary: dict[str, int] = {}
        parts = [raw_matrix(bags, vocabulary, grow=True) for bags in self.reader.term_bag_chunks(offers, 1.0)]
        raw = stack_rows(parts, len(vocabulary))
        self.lexical = LexicalModel(raw, list(vocabulary), self.config)
        self.feedback_cache.reset()
        # Upserting the same offers next (as a build does) reuses this work.
        self._prepared = (offers, raw)

    # Updates -------------------------------------------------------------------------------

    def upsert_offers(self, offers: Sequence[OfferRecord]) -> None:
        head, tail = self._model().split(self._offer_matrix(offers))
        columns = offer_columns(offers, self.taxonomy)
        columns["vector"] = self.dense.vectors(head, offers, "passage")
        columns["feedback_scale"] = feedback.offer_scales(head, tail, self._model())
        replaced = [self.offers.slot_of[o.id] for o in offers if o.id in self.offers.slot_of]
        self.offer_records.update((offer.id, offer) for offer in offers)
        self.offers.append([o.id for o in offers], columns, tail)
        self._offers_changed(np.array([self.offers.slot_of[o.id] for o in offers], dtype=np.int64), replaced)

    def _offer_matrix(self, offers: Sequence[OfferRecord]) -> sp.csr_matrix:
        prepared, self._prepared = self._prepared, None
        if prepared is not None and len(prepared[0]) == len(offers):
            if all(a is b or a == b for a, b in zip(prepared[0], offers, strict=True)):
                return self._model().fitted_offer_matrix(prepared[1])
        chunks = [self._model().offer_matrix(bags) for bags in self.reader.term_bag_chunks(offers, 1.0)]
        return sp.vstack(chunks, format="csr") if chunks else self._model().offer_matrix([])

    def upsert_requests(self, requests: Sequence[RequestRecord]) -> None:
        for request in requests:
            self.feedback_cache.drop(request.id)
        bags = self.reader.term_bags(requests, self.config.request_title_weight)
        visibilities = frozenset(self.config.matchable_visibilities)
        columns = request_columns(requests, self.taxonomy, self.today, visibilities)
        matrix, columns["ceiling"] = self._model().request_matrix(bags)
        head, tail = self._model().split(matrix)
        columns["vector"] = self.dense.vectors(head, requests, "query")
        self.request_records.update((request.id, request) for request in requests)
        self.requests.append([r.id for r in requests], columns, tail)

    def remove_offer(self, offer_id: str) -> None:
        slot = self.offers.slot_of.get(offer_id)
        self.offers.remove(offer_id)
        self.offer_records.pop(offer_id, None)
        if slot is not None:
            self._offers_changed(np.zeros(0, dtype=np.int64), [slot])

    def remove_request(self, request_id: str) -> None:
        self.feedback_cache.drop(request_id)
        self.requests.remove(request_id)
        self.request_records.pop(request_id, None)

    def forget_feedback(self) -> None:
        """Drops every request's relevance feedback: each is made again from the current offers
        when the request is next scored (as after a new fit)."""
        self.feedback_cache.forget()

    def take_feedback_changes(self) -> list[str]:
        """Requests whose relevance feedback changed with the offers since the last call: each
        of their scores may have moved, so each must be scored again (`score_request`)."""
        return self.feedback_cache.take_changes()

    def _offers_changed(self, added: np.ndarray, gone: list[int]) -> None:
        """Drops what was kept of the offers: their term-major matrix, the structural plan and
        the relevance feedback these changes make stale."""
        self._offers_by_term = None
        self._plan = None
        self.feedback_cache.offers_changed(added, gone)

    # Scoring -------------------------------------------------------------------------------

    def score_request(self, request_id: str) -> list[Match]:
        """The top-K offers for one request, best first (empty if the request is not matchable)."""
        slot = self.requests.slot_of[request_id]
        block = self._rank(np.array([slot]))
        return self.matches(block)[0]

    def score_offer(self, offer_id: str, min_score: float = 0.0) -> list[Match]:
        """This offer against every matchable request scoring at least `min_score`, best first."""
        slot = self.offers.slot_of[offer_id]
        request_slots = np.flatnonzero(self.requests.alive())
        totals, parts = self._score(request_slots, np.array([slot]))
        keep = np.flatnonzero((totals[:, 0] > EXCLUDED) & (totals[:, 0] >= min_score))
        keep = keep[np.lexsort((request_slots[keep], -totals[keep, 0]))]
        kept_parts = {c: part[keep, 0] for c, part in parts.items()}
        return self._match_maker().for_offer(slot, request_slots[keep], totals[keep, 0], kept_parts)

    def rescore_all(self) -> Iterator[RankedBlock]:
        """Top-K of every live request, block by block, in request order.

        `rescore_threads` blocks are scored at once: numpy and scipy release the interpreter
        lock in their loops, so the element-wise work that BLAS does not parallelise still
        uses every core. Memory is bounded by threads x block size x offers.
        """
        # Built once here, not raced for by the threads.
        self._term_major()
        self._structure_plan()
        self.feedback_cache.prepare()
        self.offers.matrix()
        self.requests.matrix()
        slots = np.flatnonzero(self.requests.alive())
        blocks = [
            slots[start : start + self.config.block_size] for start in range(0, len(slots), self.config.block_size)
        ]
        if self.config.rescore_threads <= 1:
            yield from map(self._rank, blocks)
            return
        with ThreadPoolExecutor(self.config.rescore_threads) as pool:
            pending: deque[Future[RankedBlock]] = deque()
            for block in blocks:
                pending.append(pool.submit(self._rank, block))
                if len(pending) >= self.config.rescore_threads:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def matches(self, block: RankedBlock) -> list[list[Match]]:
        """Full matches (components and explanation) for the pairs of a ranked block."""
        maker, result = self._match_maker(), []
        for row, request_id in enumerate(block.request_ids):
            request_slot = self.requests.slot_of[request_id]
            offer_slots = block.offer_slots[row][block.scores[row] > EXCLUDED]
            totals, parts = self._score(np.array([request_slot]), offer_slots)
            row_parts = {c: part[0] for c, part in parts.items()}
            result.append(maker.for_request(request_slot, offer_slots, totals[0], row_parts))
        return result

    def _match_maker(self) -> MatchMaker:
        """What makes matches of scored pairs, with the statistics of the last fit."""
        context = Context(self.config, self.taxonomy, self.today, self._model(), self.reader.english_form)
        return MatchMaker(
            context=context,
            reader=self.reader,
            requests=self.requests,
            offers=self.offers,
            request_records=self.request_records,
            offer_records=self.offer_records,
            feedback_terms=self.feedback_cache.terms,
            version=self.version,
            config_hash=self.config_hash,
        )

    def _rank(self, request_slots: np.ndarray) -> RankedBlock:
        """Exact top-K of a block of requests, with text relevance and the structural
        components computed only for the offers that could reach it.

        A pair's total is at most its weighted text score plus the most the structural
        components can add for its request (the headroom: the best value of each component's
        table, or its weight). The offers of the K best text evidences are scored in full
        first: the K-th best of their totals is a floor for the K-th best total of all. An
        offer whose weighted text plus the headroom stays below that floor cannot reach the
        top-K. Text relevance rises with the evidence, so the test is one comparison of the
        evidence with a threshold per request.
        """
        ids = [self.requests.ids[s] for s in request_slots]
        weights = self._weights()
        evidence = self._evidence(request_slots, None)
        ranking.exclude(evidence, self.requests, self.offers, request_slots, None, np.float32(-np.inf))
        n = evidence.shape[1]
        k = min(self.config.top_k, n)
        if k == 0:
            empty = np.zeros((len(request_slots), 0))
            return RankedBlock(ids, empty.astype(int), empty)
        kth = np.partition(evidence, n - k, axis=1)[:, n - k]
        # Requests that are not matched (closed, say) neither seed nor keep any offer.
        matched = self.requests.column("eligible")[request_slots] & self.requests.alive()[request_slots]
        kth[~matched] = np.inf
        top_slots = np.tile(np.arange(k), (len(request_slots), 1))
        top_scores = np.full((len(request_slots), k), EXCLUDED, dtype=np.float32)
        for start in range(0, len(request_slots), PRUNED_ROWS):
            rows = slice(start, start + PRUNED_ROWS)
            if not matched[rows].any():
                continue
            block, slots = evidence[rows], request_slots[rows]
            steps = structure.steps(self._structure, self._structure_plan(), self.requests, slots, weights)
            seeds = np.flatnonzero((block >= kth[rows, None]).any(axis=0))
            floor = ranking.kth_best(self._totals(block, slots, seeds, weights, steps), k, EXCLUDED)
            headroom = structure.ceiling(steps, weights)
            thresholds = ranking.evidence_thresholds(floor, weights["text"], headroom, self._text_offset())
            thresholds[~matched[rows]] = np.inf
            passing = (block >= thresholds[:, None]).any(axis=0)
            # All offers, when all pass (or, by float rounding, fewer than K do).
            columns = None if passing.all() or passing.sum() < k else np.flatnonzero(passing)
            totals = self._totals(block, slots, columns, weights, steps)
            top, top_scores[rows] = ranking.top_k(totals, floor, k)
            top_slots[rows] = top if columns is None else columns[top]
        # Best first; equal scores in slot order, so that every path returns the same list.
        order = np.lexsort((top_slots, -top_scores), axis=1)
        return RankedBlock(
            request_ids=ids,
            offer_slots=np.take_along_axis(top_slots, order, axis=1),
            scores=np.take_along_axis(top_scores, order, axis=1),
        )

    def _totals(
        self,
        evidence: np.ndarray,
        request_slots: np.ndarray,
        columns: np.ndarray | None,
        weights: Mapping[str, float],
        steps: list[structure.Step],
    ) -> np.ndarray:
        """Totals of requests against the offers in `columns` (None = all), from their
        evidence and structural steps; the same numbers as `_score` gives."""
        picked = evidence.copy() if columns is None else evidence[:, columns]
        totals = components.text(picked, self._text_offset())
        totals *= np.float32(weights["text"])
        structural = structure.gathered_sum(steps, self.requests, self.offers, request_slots, columns, weights)
        if structural is not None:
            totals += structural
        ranking.exclude(totals, self.requests, self.offers, request_slots, columns)
        return totals

    def _weights(self) -> dict[str, float]:
        """Component weights normalised to sum to one."""
        weights = self.config.component_weights()
        norm = sum(weights.values())
        return {name: weight / norm for name, weight in weights.items()}

    def _score(
        self, request_slots: np.ndarray, offer_slots: np.ndarray | None
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Totals and components of requests (rows) against offers (columns; None = all)."""
        weights = self._weights()
        parts = {"text": self._text_part(request_slots, offer_slots)}
        for component in self._structure:
            parts[component.name] = component.grade_pairs(self.requests, self.offers, request_slots, offer_slots)
        totals = parts["text"] * np.float32(weights["text"])
        structural = structure.weighted_sum(parts, self._structure, weights)
        if structural is not None:
            totals += structural
        ranking.exclude(totals, self.requests, self.offers, request_slots, offer_slots)
        return totals, parts

    def _text_part(self, request_slots: np.ndarray, offer_slots: np.ndarray | None) -> np.ndarray:
        return components.text(self._evidence(request_slots, offer_slots), self._text_offset())

    def _text_offset(self) -> float:
        return self.dense.text_offset()

    def _evidence(self, request_slots: np.ndarray, offer_slots: np.ndarray | None) -> np.ndarray:
        """Text evidence of requests (rows) against offers (columns; None = all): the first pass
        (`_first_pass`) plus the relevance feedback of each request."""
        evidence = self._first_pass(request_slots, offer_slots)
        self.feedback_cache.add(evidence, request_slots, offer_slots)
        return evidence

    def _first_pass(self, request_slots: np.ndarray, offer_slots: np.ndarray | None) -> np.ndarray:
        """Text evidence before feedback: BM25 of the sparse terms, plus one matrix product of
        the head terms' columns and encoder vectors. The request rows carry the scale factors,
        so the sum needs no pass of its own."""
        req, off = self.requests, self.offers
        if offer_slots is None:
            offers_by_term, offer_vectors = self._term_major(), off.column("vector")
        else:
            offers_by_term = off.matrix()[offer_slots].T.tocsr()
            offer_vectors = off.column("vector")[offer_slots]
        lexical = components.lexical_factors(req.column("ceiling")[request_slots], self.config)
        queries = sp.diags(lexical, format="csr") @ req.matrix()[request_slots]
        evidence = bm25_scores(queries, offers_by_term)
        vectors = np.take(req.column("vector"), request_slots, axis=0)
        head = len(self._model().head)
        vectors[:, :head] *= lexical[:, None]
        vectors[:, head:] *= self.dense.factors
        accumulate_product(evidence, vectors, offer_vectors)
        return evidence

    def _structure_plan(self) -> structure.Plan:
        """How a ranking grades the structural components, kept until the offers change."""
        if self._plan is None:
            self._plan = structure.plan(self._structure, self.offers)
        return self._plan

    def english_form(self, stem: str) -> str:
        """How the catalogue spells an English stem (its commonest word), for explanations."""
        return self.reader.english_form(stem)

    def _term_major(self) -> sp.csr_matrix:
        if self._offers_by_term is None:
            self._offers_by_term = self.offers.matrix().T.tocsr()
        return self._offers_by_term

    def _model(self) -> LexicalModel:
        if self.lexical is None:
            raise RuntimeError("call fit(offers) before adding records")
        return self.lexical
