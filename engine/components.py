"""The scales that put the lexical and dense evidences of a pair on one scale of text evidence."""

from __future__ import annotations

import numpy as np

from .config import EngineConfig

F32 = np.float32


def lexical_factors(ceiling: np.ndarray, config: EngineConfig) -> np.ndarray:
    """Per-request factors that turn BM25 into its share of the text evidence:
    lexical_scale * BM25 / (the request's ceiling), over the spread. (b,)."""
    return (config.lexical_scale / config.text_spread / np.maximum(ceiling, 1e-9)).astype(F32)


def dense_factors(config: EngineConfig, width: int, english_width: int) -> np.ndarray:
    """Factor of each encoder column that turns the cosines into their share of the text
    evidence: the multilingual view's columns first, then the English view's."""
    factors = np.empty(width + english_width, dtype=F32)
    factors[:width] = config.dense_scale / config.text_spread
    factors[width:] = config.english_dense_scale / config.text_spread
    return factors


def text_offset(config: EngineConfig, with_dense: bool, with_english: bool = False) -> float:
    """The evidence at which text relevance is one half."""
    offset = config.text_midpoint
    if with_dense:
        offset += config.dense_scale * config.dense_baseline
    if with_english:
        offset += config.english_dense_scale * config.english_dense_baseline
    return offset / config.text_spread


def text(evidence: np.ndarray, offset: float) -> np.ndarray:
    """Text relevance from the fused evidence (see EngineConfig), mapped onto (0, 1) in place.

    The engine computes the evidence as one sum: the request rows are scaled by
    `lexical_factors` and `dense_factors` before the products, which saves passes over the matrix.
    """
    np.subtract(F32(offset), evidence, out=evidence)
    np.exp(evidence, out=evidence)
    evidence += F32(1.0)
    return np.reciprocal(evidence, out=evidence)
