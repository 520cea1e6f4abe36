"""Scores capability requests against offers; plain Python and numpy, nothing from Django."""

from .config import ENGINE_VERSION, EngineConfig, config_from_overrides
from .encoders import BulkVectorCache, CachedEncoder, DirectoryCache, TextEncoder
from .engine import Match, MatchingEngine, RankedBlock
from .explain import Explanation
from .records import (
    AreaNode,
    OfferRecord,
    RequestRecord,
    area_from_mapping,
    offer_from_mapping,
    request_from_mapping,
)

__all__ = [
    "ENGINE_VERSION",
    "AreaNode",
    "BulkVectorCache",
    "CachedEncoder",
    "DirectoryCache",
    "EngineConfig",
    "Explanation",
    "Match",
    "MatchingEngine",
    "OfferRecord",
    "RankedBlock",
    "RequestRecord",
    "TextEncoder",
    "area_from_mapping",
    "config_from_overrides",
    "offer_from_mapping",
    "request_from_mapping",
]
