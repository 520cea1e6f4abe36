"""The matching engine: builds indexes from records and scores requests against offers in blocks."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, MutableMapping, Sequence

import numpy as np
import scipy.sparse as sp

from . import components
from .config import ENGINE_VERSION, EngineConfig
from .encoders import CachedEncoder, TextEncoder, make_encoder
from .explain import Explanation, explain_pair
from .features import (
    TextFeatures,
    encoder_text,
    offer_columns,
    request_columns,
    text_features,
)
from .lexical import LexicalModel, bm25_scores
from .lexicon import Lexicon
from .records import AreaNode, OfferRecord, RequestRecord
from .store import SlotTable
from .taxonomy import Taxonomy

# Score given to pairs that eligibility rules out; below any real score.
EXCLUDED = np.float32(-1.0)
COMPONENTS = ("text", "area", "readiness", "timing", "capacity", "price")


@dataclasses.dataclass(frozen=True)
class Match:
    """One scored (request, offer) pair, ready to be stored."""

    request_id: str
    offer_id: str
    score: float
    components: dict[str, float]
    explanation: Explanation
    engine_version: str
    config_hash: str


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
        cache: MutableMapping[str, bytes] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.config = config or EngineConfig()
        self.version = ENGINE_VERSION
        self.config_hash = self.config.hash()
        self.today = today or dt.date.today()
        self.taxonomy = Taxonomy(areas, self.config)
        base = encoder if encoder is not None else make_encoder(self.config.encoder)
        self.encoder = None if base is None else CachedEncoder(base, {} if cache is None else cache)
        self.lexicon = None if self.encoder is None else Lexicon(self.encoder, self.config)
        self.lexical: LexicalModel | None = None
        self.offers = SlotTable()
        self.requests = SlotTable()
        self.offer_records: dict[str, OfferRecord] = {}
        self.request_records: dict[str, RequestRecord] = {}
        self.text: dict[tuple[str, str], TextFeatures] = {}
        self._offers_by_term: sp.csr_matrix | None = None

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
        if self.lexicon is not None:
            names = [" ".join(node.names()) for node in self.taxonomy.nodes]
            self.lexicon.fit([f"{o.title} {o.description} {o.summary_en}" for o in offers] + names)
        bags = [f.bag for f in text_features(offers, self.config, self.taxonomy, self.lexicon)]
        self.lexical = LexicalModel(bags, self.config)

    # Updates -------------------------------------------------------------------------------

    def upsert_offers(self, offers: Sequence[OfferRecord]) -> None:
        features = text_features(offers, self.config, self.taxonomy, self.lexicon)
        columns = offer_columns(offers, self.taxonomy)
        columns["dense"] = self._encode([encoder_text(o, self.config) for o in offers], "passage")
        for offer, feature in zip(offers, features, strict=True):
            self.offer_records[offer.id] = offer
            self.text["offer", offer.id] = feature
        matrix = self._model().offer_matrix([f.bag for f in features])
        self.offers.append([o.id for o in offers], columns, matrix)
        self._offers_by_term = None

    def upsert_requests(self, requests: Sequence[RequestRecord]) -> None:
        features = text_features(requests, self.config, self.taxonomy, self.lexicon)
        visibilities = frozenset(self.config.matchable_visibilities)
        columns = request_columns(requests, self.taxonomy, self.today, visibilities)
        columns["dense"] = self._encode([encoder_text(r, self.config) for r in requests], "query")
        matrix, ceilings = self._model().request_matrix([f.bag for f in features])
        columns["ceiling"] = ceilings
        for request, feature in zip(requests, features, strict=True):
            self.request_records[request.id] = request
            self.text["request", request.id] = feature
        self.requests.append([r.id for r in requests], columns, matrix)

    def remove_offer(self, offer_id: str) -> None:
        self.offers.remove(offer_id)
        self.offer_records.pop(offer_id, None)
        self.text.pop(("offer", offer_id), None)

    def remove_request(self, request_id: str) -> None:
        self.requests.remove(request_id)
        self.request_records.pop(request_id, None)
        self.text.pop(("request", request_id), None)

    # Scoring -------------------------------------------------------------------------------

    def score_request(self, request_id: str) -> list[Match]:
        """The top-K offers for one request, best first (empty if the request is not matchable)."""
        slot = self.requests.slot_of[request_id]
        block = self._rank(np.array([slot]))
        return self.matches(block)[0]

    def score_offer(self, offer_id: str) -> list[Match]:
        """This offer against every matchable request, best first."""
        slot = self.offers.slot_of[offer_id]
        request_slots = np.flatnonzero(self.requests.alive())
        totals, parts = self._score(request_slots, np.array([slot]))
        keep = totals[:, 0] > EXCLUDED
        return [
            self._match(int(r), slot, float(totals[i, 0]), {c: float(parts[c][i, 0]) for c in parts})
            for i, r in enumerate(request_slots)
            if keep[i]
        ]

    def rescore_all(self) -> Iterator[RankedBlock]:
        """Top-K of every live request, block by block: memory is bounded by the block size."""
        slots = np.flatnonzero(self.requests.alive())
        for start in range(0, len(slots), self.config.block_size):
            yield self._rank(slots[start : start + self.config.block_size])

    def matches(self, block: RankedBlock) -> list[list[Match]]:
        """Full matches (components and explanation) for the pairs of a ranked block."""
        result = []
        for row, request_id in enumerate(block.request_ids):
            request_slot = self.requests.slot_of[request_id]
            keep = block.scores[row] > EXCLUDED
            offer_slots = block.offer_slots[row][keep]
            totals, parts = self._score(np.array([request_slot]), offer_slots)
            result.append(
                [
                    self._match(request_slot, int(o), float(totals[0, j]), {c: float(parts[c][0, j]) for c in parts})
                    for j, o in enumerate(offer_slots)
                ]
            )
        return result

    def _rank(self, request_slots: np.ndarray) -> RankedBlock:
        totals, _ = self._score(request_slots, None)
        k = min(self.config.top_k, totals.shape[1])
        if k == 0:
            empty = np.zeros((len(request_slots), 0))
            return RankedBlock([self.requests.ids[s] for s in request_slots], empty.astype(int), empty)
        top = np.argpartition(-totals, k - 1, axis=1)[:, :k]
        top_scores = np.take_along_axis(totals, top, axis=1)
        # Best first; equal scores in slot order, so that every path returns the same list.
        order = np.lexsort((top, -top_scores), axis=1)
        return RankedBlock(
            request_ids=[self.requests.ids[s] for s in request_slots],
            offer_slots=np.take_along_axis(top, order, axis=1),
            scores=np.take_along_axis(top_scores, order, axis=1),
        )

    def _score(
        self, request_slots: np.ndarray, offer_slots: np.ndarray | None
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Totals and components of requests (rows) against offers (columns; None = all)."""
        config, req, off = self.config, self.requests, self.offers
        pick = slice(None) if offer_slots is None else offer_slots

        def r(name: str) -> np.ndarray:
            return req.column(name)[request_slots][:, None]

        def o(name: str) -> np.ndarray:
            return off.column(name)[pick][None, :]

        offers_by_term = self._term_major()
        if offer_slots is not None:
            offers_by_term = offers_by_term[:, offer_slots]
        bm25 = bm25_scores(req.matrix()[request_slots], offers_by_term)
        text = components.lexical(bm25, r("ceiling"), config)
        if self.encoder is not None:
            cosine = req.column("dense")[request_slots] @ off.column("dense")[pick].T
            text = config.lexical_weight * text + (1 - config.lexical_weight) * components.dense(cosine, config)
        parts = {
            "text": text,
            "area": components.area_fit(
                req.column("proximity")[request_slots],
                req.column("has_areas")[request_slots],
                off.column("areas")[pick],
                config,
            ),
            "readiness": components.readiness(r("min_trl"), o("trl"), config),
            "timing": components.timing(r("days_left"), o("lead"), config),
            "capacity": components.capacity(r("quantity"), o("capacity"), r("days_left"), o("lead"), config),
            "price": components.price(r("budget_high"), r("quantity"), o("price_low"), config),
        }
        weights = config.component_weights()
        totals = sum(np.float32(weights[c] / sum(weights.values())) * parts[c] for c in COMPONENTS)
        eligible = (r("eligible") & req.alive()[request_slots][:, None]) & (
            o("eligible") & off.alive()[pick][None, :]
        )
        return np.where(eligible, totals, EXCLUDED).astype(np.float32), parts

    def _match(self, request_slot: int, offer_slot: int, total: float, parts: dict[str, float]) -> Match:
        request = self.request_records[self.requests.ids[request_slot]]
        offer = self.offer_records[self.offers.ids[offer_slot]]
        explanation = explain_pair(
            request,
            offer,
            parts,
            self.text["request", request.id],
            self.text["offer", offer.id],
            self,
        )
        return Match(
            request_id=request.id,
            offer_id=offer.id,
            score=round(total, 6),
            components={name: round(value, 4) for name, value in parts.items()},
            explanation=explanation,
            engine_version=self.version,
            config_hash=self.config_hash,
        )

    def _term_major(self) -> sp.csr_matrix:
        if self._offers_by_term is None:
            self._offers_by_term = self.offers.matrix().T.tocsr()
        return self._offers_by_term

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        if self.encoder is None:
            return np.zeros((len(texts), 0), dtype=np.float32)
        return self.encoder.encode(texts, kind)

    def _model(self) -> LexicalModel:
        if self.lexical is None:
            raise RuntimeError("call fit(offers) before adding records")
        return self.lexical
