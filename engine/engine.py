"""The matching engine: builds indexes from records and scores requests against offers in blocks."""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Collection, Iterable, Iterator, MutableMapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

from . import calibration, components, feedback
from .config import ENGINE_VERSION, EngineConfig
from .dense import DenseEncoders
from .encoders import TextEncoder
from .explain import Context
from .features import TextReader, is_ukrainian
from .glossary import shipped as shipped_glossary
from .lexical import LexicalModel, accumulate_product, bm25_scores, raw_matrix, stack_rows
from .matches import Match, MatchMaker
from .ranking import exclude
from .records import AreaNode, OfferRecord, RequestRecord
from .store import SlotTable
from .taxonomy import Taxonomy


@dataclasses.dataclass(frozen=True)
class RankedBlock:
    """Top-K offers of a block of requests, best first: offer slots and relevance per request."""

    request_ids: list[str]
    offer_ids: list[list[str]]
    offer_slots: list[np.ndarray]
    # Relevance (the chance a pair is relevant) and the text evidence it was read from.
    scores: list[np.ndarray]
    evidence: list[np.ndarray]


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
        encode_records: bool = True,
    ) -> None:
        self.config = config or EngineConfig()
        self.version = ENGINE_VERSION
        self.config_hash = self.config.hash()
        self.taxonomy = Taxonomy(areas)
        self.glossary = shipped_glossary(self.config.glossary, self.config.glossary_alternative_weight)
        self.calibration = calibration.shipped(self.config.calibration)
        cache = {} if cache is None else cache
        # encode_records=False: records' vectors only read from the cache (see DenseEncoders).
        self.dense = DenseEncoders(self.config, self.glossary, encoder, english_encoder, cache, encode_records)
        self.reader = TextReader(self.config, self.taxonomy, self.glossary)
        self.lexical: LexicalModel | None = None
        self.offers = SlotTable()
        self.requests = SlotTable()
        self.offer_records: dict[str, OfferRecord] = {}
        self.request_records: dict[str, RequestRecord] = {}
        # Kept until the offers change: their term-major matrix and their side of the feedback product.
        self._offers_by_term: sp.csr_matrix | None = None
        self._feedback_side: feedback.OfferSide | None = None
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
        # Chunk by chunk into one sparse matrix: the term bags of a large catalogue would take
        # gigabytes as Python dictionaries.
        vocabulary: dict[str, int] = {}
        parts = [raw_matrix(bags, vocabulary, grow=True) for bags in self.reader.term_bag_chunks(offers, 1.0)]
        raw = stack_rows(parts, len(vocabulary))
        self.lexical = LexicalModel(raw, list(vocabulary), self.config)
        self._offers_changed()
        # Upserting the same offers next (as a build does) reuses this work.
        self._prepared = (offers, raw)

    # Updates -------------------------------------------------------------------------------

    def upsert_offers(self, offers: Sequence[OfferRecord]) -> None:
        head, tail = self._model().split(self._offer_matrix(offers))
        columns = {"eligible": np.array([o.is_published and o.organisation_vetted for o in offers], dtype=bool)}
        columns["vector"] = self.dense.vectors(head, offers, "passage")
        columns["feedback_scale"] = feedback.offer_scales(head, tail, self._model())
        self.offer_records.update((offer.id, offer) for offer in offers)
        self.offers.append([o.id for o in offers], columns, tail)
        self._offers_changed()

    def _offer_matrix(self, offers: Sequence[OfferRecord]) -> sp.csr_matrix:
        prepared, self._prepared = self._prepared, None
        if prepared is not None and len(prepared[0]) == len(offers):
            if all(a is b or a == b for a, b in zip(prepared[0], offers, strict=True)):
                return self._model().fitted_offer_matrix(prepared[1])
        chunks = [self._model().offer_matrix(bags) for bags in self.reader.term_bag_chunks(offers, 1.0)]
        return sp.vstack(chunks, format="csr") if chunks else self._model().offer_matrix([])

    def upsert_requests(self, requests: Sequence[RequestRecord]) -> None:
        columns, tail = self._request_columns(requests, shared=True)
        self.request_records.update((request.id, request) for request in requests)
        self.requests.append([r.id for r in requests], columns, tail)

    def _request_columns(
        self, requests: Sequence[RequestRecord], *, shared: bool
    ) -> tuple[dict[str, np.ndarray], sp.csr_matrix]:
        """What the index holds of requests: eligibility, language, BM25 ceiling and dense row (the
        head terms' weights, then the encoders' vectors), and their sparse tail of terms."""
        bags = self.reader.term_bags(requests, self.config.request_title_weight)
        visibilities = self.config.matchable_visibilities
        columns = {
            "eligible": np.array([r.is_open and r.visibility in visibilities for r in requests], dtype=bool),
            "ukrainian": np.array([is_ukrainian(r) for r in requests], dtype=bool),
        }
        matrix, columns["ceiling"] = self._model().request_matrix(bags)
        head, tail = self._model().split(matrix)
        columns["vector"] = self.dense.vectors(head, requests, "query", shared=shared)
        return columns, tail

    def without_vectors(self) -> tuple[list[str], list[str]]:
        """The offers and the requests some view of which has no vector: read from a cache that did not hold
        it yet, by an engine that encodes no record (`encode_records=False`). Upserting them again reads it
        again."""
        return self._unread(self.offers), self._unread(self.requests)

    def _unread(self, table: SlotTable) -> list[str]:
        if not len(table):
            return []
        vectors = table.column("vector")[:, len(self._model().head) :]
        empty = np.zeros(len(vectors), dtype=bool)
        start = 0
        for dim in self.dense.dims():
            empty |= ~vectors[:, start : start + dim].any(axis=1)
            start += dim
        return [table.ids[slot] for slot in np.flatnonzero(empty & table.alive())]

    def remove_offer(self, offer_id: str) -> None:
        self.offers.remove(offer_id)
        self.offer_records.pop(offer_id, None)
        self._offers_changed()

    def remove_request(self, request_id: str) -> None:
        self.requests.remove(request_id)
        self.request_records.pop(request_id, None)

    def _offers_changed(self) -> None:
        """Drops what was derived from the offers."""
        self._offers_by_term = None
        self._feedback_side = None

    # Scoring -------------------------------------------------------------------------------

    def rank(self, request_ids: Sequence[str] | None = None) -> Iterator[RankedBlock]:
        """Top-K offers of requests (None: every live one), `block_size` requests at a time, in
        the order given. This is the one ranking path: one request, a chunk of a rescore and a
        whole evaluation all go through it.

        `rescore_threads` blocks are ranked at once: numpy and scipy release the interpreter
        lock in their loops, so the element-wise work that BLAS does not parallelise still uses
        every core. Memory is bounded by threads x block size x offers.
        """
        if request_ids is None:
            slots = np.flatnonzero(self.requests.alive())
        else:
            slots = np.array([self.requests.slot_of[request_id] for request_id in request_ids], dtype=np.int64)
        # Built once here, not raced for by the threads.
        self._term_major()
        self.offers.matrix()
        self.requests.matrix()
        size = self.config.block_size
        blocks = [slots[start : start + size] for start in range(0, len(slots), size)]
        if self.config.rescore_threads <= 1 or len(blocks) <= 1:
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
        """Full matches (score and explanation) for the pairs of a ranked block."""
        maker = self._match_maker()
        return [
            maker.for_request(self.requests.slot_of[request_id], slots, scores)
            for request_id, slots, scores in zip(block.request_ids, block.offer_slots, block.scores, strict=True)
        ]

    def score_request(self, request_id: str) -> list[Match]:
        """The top-K offers for one request, best first (empty if the request is not matchable)."""
        return self.matches(next(self.rank([request_id])))[0]

    def score_offer(self, offer_id: str, min_score: float = 0.0) -> list[Match]:
        """This offer against every matchable request scoring at least `min_score`, best first:
        the same score for each pair as `rank` gives it."""
        slot = self.offers.slot_of[offer_id]
        request_slots = np.flatnonzero(self.requests.alive())
        # A block of requests at a time: each one's feedback reads its first pass against every
        # offer, and all of them at once would hold requests x offers floats.
        size = self.config.block_size
        evidence = np.concatenate(
            [np.zeros(0, dtype=np.float32)]
            + [
                self._evidence(request_slots[start : start + size], np.array([slot]))[:, 0]
                for start in range(0, len(request_slots), size)
            ]
        )
        scores = self.relevance(evidence, request_slots)
        keep = np.flatnonzero(np.isfinite(evidence) & (scores >= min_score))
        keep = keep[np.lexsort((request_slots[keep], -evidence[keep]))]
        return self._match_maker().for_offer(slot, request_slots[keep], scores[keep])

    def search(self, text: str, limit: int, among: Collection[str] | None = None) -> tuple[list[str], np.ndarray]:
        """The offers that best answer a search box's text, best first, with the chance that each is
        relevant: how the catalogues' search finds by meaning. The text is read as the title of a
        request and ranked as one, but not kept: its vectors stay among the process's recent ones,
        out of the shared cache. With `among`, only those offers are ranked (a narrowed catalogue)."""
        columns, tail = self._request_columns([RequestRecord(id="", title=text, description="")], shared=False)
        evidence = self._text_evidence(tail, columns["ceiling"], columns["vector"])
        exclude(evidence, None, self.offers, None, None)
        if self.config.feedback_offers > 0:
            self._add_feedback(evidence)
        row = evidence[0]
        if among is not None:
            kept = np.zeros(row.shape, dtype=bool)
            kept[[self.offers.slot_of[offer_id] for offer_id in among if offer_id in self.offers.slot_of]] = True
            row[~kept] = -np.inf
        top = np.flatnonzero(np.isfinite(row))
        top = top[np.lexsort((top, -row[top]))][:limit]
        return [self.offers.ids[slot] for slot in top], self._read(row[top], columns["ukrainian"])

    def search_requests(
        self, text: str, limit: int, among: Collection[str] | None = None
    ) -> tuple[list[str], np.ndarray]:
        """The matchable requests that a search box's text best answers, best first, with the chance that
        each is relevant: how the request catalogues find by meaning. The text is read as the title of an
        offer and each request is scored against it as `rank` scores a pair before relevance feedback
        (which widens a request's reading by its best offers: a text read as an offer is not among
        them). Kept nowhere, as in `search`. With `among`, only those requests are ranked."""
        requests = self.requests
        if not len(requests):
            return [], np.zeros(0, dtype=np.float32)
        record = OfferRecord(id="", title=text, description="")
        head, tail = self._model().split(self._model().offer_matrix(self.reader.term_bags([record], 1.0)))
        vector = self.dense.vectors(head, [record], "passage", shared=False)
        slots = np.flatnonzero(requests.alive() & requests.column("eligible"))
        if among is not None:
            wanted = [requests.slot_of[request_id] for request_id in among if request_id in requests.slot_of]
            slots = slots[np.isin(slots, wanted)]
        vectors = np.take(requests.column("vector"), slots, axis=0)
        text_offer = (tail.T.tocsr(), vector)
        evidence = self._text_evidence(requests.matrix()[slots], requests.column("ceiling")[slots], vectors, text_offer)
        evidence = evidence[:, 0]
        top = np.lexsort((slots, -evidence))[:limit]
        ukrainian = requests.column("ukrainian")[slots[top]]
        return [requests.ids[slot] for slot in slots[top]], self._read(evidence[top], ukrainian)

    def relevance(self, evidence: np.ndarray, request_slots: np.ndarray) -> np.ndarray:
        """The chance that pairs with this text evidence are relevant (see calibration.py), each
        of its request (`request_slots`, one per value, or one for them all)."""
        return self._read(evidence, self.requests.column("ukrainian")[request_slots])

    def _read(self, evidence: np.ndarray, ukrainian: np.ndarray) -> np.ndarray:
        """Evidence read as relevance, by the mapping of its request's language (`ukrainian`, broadcast)."""
        if self.calibration is None:  # the logistic curve the configuration's settings give
            return components.text(evidence.astype(np.float32), self.dense.text_offset())
        ukrainian = np.broadcast_to(ukrainian, evidence.shape)
        out = self.calibration["en"](evidence)
        if ukrainian.any():
            out[ukrainian] = self.calibration["uk"](evidence[ukrainian])
        return out

    def _match_maker(self) -> MatchMaker:
        """What makes matches of scored pairs, with the statistics of the last fit."""
        context = Context(self.config, self.taxonomy, self._model())
        return MatchMaker(
            context=context,
            reader=self.reader,
            requests=self.requests,
            offers=self.offers,
            request_records=self.request_records,
            offer_records=self.offer_records,
            version=self.version,
            config_hash=self.config_hash,
        )

    def _rank(self, request_slots: np.ndarray) -> RankedBlock:
        """Exact top-K of a block of requests by text evidence, best first; equal evidence in
        slot order, so that every path returns the same list."""
        ids = [self.requests.ids[s] for s in request_slots]
        evidence = self._evidence(request_slots, None)
        k = min(self.config.top_k, evidence.shape[1])
        top = np.argpartition(-evidence, k - 1, axis=1)[:, :k] if k else np.zeros((len(ids), 0), dtype=np.int64)
        values = np.take_along_axis(evidence, top, axis=1)
        order = np.lexsort((top, -values), axis=1)
        top, values = np.take_along_axis(top, order, axis=1), np.take_along_axis(values, order, axis=1)
        kept = np.isfinite(values)
        slots = [row[keep] for row, keep in zip(top, kept, strict=True)]
        evidence = [row[keep] for row, keep in zip(values, kept, strict=True)]
        return RankedBlock(
            request_ids=ids,
            offer_ids=[[self.offers.ids[slot] for slot in row] for row in slots],
            offer_slots=slots,
            scores=[self.relevance(row, slot) for row, slot in zip(evidence, request_slots, strict=True)],
            evidence=evidence,
        )

    def _evidence(self, request_slots: np.ndarray, offer_slots: np.ndarray | None) -> np.ndarray:
        """Text evidence of requests (rows) against offers (columns; None = all): the first
        pass plus each request's relevance feedback, made from its first pass against every
        offer; -inf where eligibility rules a pair out."""
        first = self._first_pass(request_slots)
        exclude(first, self.requests, self.offers, request_slots, None)
        if self.config.feedback_offers > 0:
            self._add_feedback(first)
        return first if offer_slots is None else first[:, offer_slots]

    def _first_pass(self, request_slots: np.ndarray) -> np.ndarray:
        """Text evidence before feedback of requests against every offer."""
        req = self.requests
        vectors = np.take(req.column("vector"), request_slots, axis=0)
        return self._text_evidence(req.matrix()[request_slots], req.column("ceiling")[request_slots], vectors)

    def _text_evidence(
        self,
        tail: sp.csr_matrix,
        ceilings: np.ndarray,
        vectors: np.ndarray,
        offers: tuple[sp.csr_matrix, np.ndarray] | None = None,
    ) -> np.ndarray:
        """BM25 of the sparse terms, plus one matrix product of the head terms' columns and encoder
        vectors, against every offer (or `offers`: their term-major tail and their rows of the product).
        The request rows (`vectors`, changed in place) carry the scale factors, so the sum needs no
        pass of its own."""
        by_term, offer_vectors = offers or (self._term_major(), self.offers.column("vector"))
        lexical = components.lexical_factors(ceilings, self.config)
        evidence = bm25_scores(sp.diags(lexical, format="csr") @ tail, by_term)
        head = len(self._model().head)
        vectors[:, :head] *= lexical[:, None]
        vectors[:, head:] *= self.dense.factors
        accumulate_product(evidence, vectors, offer_vectors)
        return evidence

    def _add_feedback(self, first: np.ndarray) -> None:
        """Adds each request's relevance feedback (feedback.py) to its row of first-pass evidence
        against every offer, in place."""
        model = self._model()
        chosen = feedback.best_offers(first, self.config.feedback_offers)
        made = feedback.blend(chosen, self._feedback_rows, model, self.config, self.dense.text_offset())
        if self._feedback_side is None:
            self._feedback_side = feedback.offer_side(*self._feedback_inputs(slice(None)))
        feedback.add(first, made, self._feedback_side)

    def _feedback_rows(self, offer_slots: np.ndarray) -> sp.csr_matrix:
        return feedback.offer_rows(*self._feedback_inputs(offer_slots))

    def _feedback_inputs(self, offer_slots: np.ndarray | slice) -> tuple:
        model = self._model()
        head = self.offers.column("vector")[offer_slots, : len(model.head)]
        return head, self.offers.matrix()[offer_slots], self.offers.column("feedback_scale")[offer_slots], model

    def _term_major(self) -> sp.csr_matrix:
        if self._offers_by_term is None:
            self._offers_by_term = self.offers.matrix().T.tocsr()
        return self._offers_by_term

    def _model(self) -> LexicalModel:
        if self.lexical is None:
            raise RuntimeError("call fit(offers) before adding records")
        return self.lexical
