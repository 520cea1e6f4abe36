"""Relevance a curator can read: the text evidence of a pair mapped to the chance that it is relevant.

The mapping is monotone (more evidence never means less relevance), fitted by isotonic regression
on the labelled pairs of a development set and shipped as data (`data/calibration.json`): the
evidence at each step and the share of relevant pairs there, read between steps by linear
interpolation. A request written in Ukrainian has its own mapping: its words reach the English
offers through translation, so the same relevance shows as less evidence. The file's fingerprint
is part of the configuration hash, so that scores made with an older mapping are recognised as
stale.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import pathlib
from collections.abc import Sequence

import numpy as np

DEFAULT_PATH = pathlib.Path(__file__).with_name("data") / "calibration.json"
CALIBRATIONS = {"sbir-dev": DEFAULT_PATH}
BINS = 10


@dataclasses.dataclass(frozen=True)
class Calibration:
    """A monotone step function of evidence, read by linear interpolation between its steps."""

    evidence: np.ndarray
    probability: np.ndarray

    def __call__(self, evidence: np.ndarray) -> np.ndarray:
        return np.interp(evidence, self.evidence, self.probability).astype(np.float32)

    def steps(self) -> dict[str, list[float]]:
        return {
            "evidence": [round(float(v), 4) for v in self.evidence],
            "probability": [round(float(v), 4) for v in self.probability],
        }


def fit(evidence: Sequence[float], relevant: Sequence[bool]) -> Calibration:
    """Isotonic regression of relevance on evidence (pool adjacent violators): blocks of pairs
    in evidence order whose shares of relevant pairs never fall; each block becomes one step at
    the mean evidence of its pairs. With no pairs to learn from, every pair is an even chance."""
    if not len(evidence):
        return Calibration(np.zeros(1), np.full(1, 0.5))
    order = np.argsort(np.asarray(evidence, dtype=np.float64), kind="stable")
    x = np.asarray(evidence, dtype=np.float64)[order]
    y = np.asarray(relevant, dtype=np.float64)[order]
    sums: list[float] = []
    counts: list[float] = []
    positions: list[float] = []
    for value, label in zip(x, y, strict=True):
        sums.append(label)
        counts.append(1.0)
        positions.append(value)
        while len(sums) > 1 and sums[-2] / counts[-2] >= sums[-1] / counts[-1]:
            label_sum, count, position = sums.pop(), counts.pop(), positions.pop()
            positions[-1] = (positions[-1] * counts[-1] + position * count) / (counts[-1] + count)
            sums[-1] += label_sum
            counts[-1] += count
    return Calibration(np.array(positions), np.array(sums) / np.array(counts))


def expected_calibration_error(probability: Sequence[float], relevant: Sequence[bool], bins: int = BINS) -> float:
    """The mean gap between the stated probability and the share of relevant pairs, over equal
    bins of probability, each weighted by its share of the pairs."""
    p = np.asarray(probability, dtype=np.float64)
    y = np.asarray(relevant, dtype=np.float64)
    if not len(p):
        return 0.0
    which = np.minimum((p * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.sum() / len(p) * abs(p[inside].mean() - y[inside].mean())
    return float(error)


# The languages of requests that have a mapping of their own; the others use English's.
LANGUAGES = ("en", "uk")


def to_json(mappings: dict[str, Calibration]) -> str:
    return json.dumps({language: mappings[language].steps() for language in LANGUAGES}, indent=1) + "\n"


@functools.cache
def shipped(name: str) -> dict[str, Calibration] | None:
    """A shipped mapping per request language by name; None for "" (the engine then maps evidence
    by a logistic curve)."""
    if not name:
        return None
    found = json.loads(_path(name).read_text())
    return {
        language: Calibration(np.array(found[language]["evidence"]), np.array(found[language]["probability"]))
        for language in LANGUAGES
    }


def digest(name: str) -> str:
    return hashlib.sha256(_path(name).read_bytes()).hexdigest()[:12] if name else ""


def _path(name: str) -> pathlib.Path:
    if name not in CALIBRATIONS:
        raise ValueError(f"unknown calibration {name!r}; known: {', '.join(sorted(CALIBRATIONS))}")
    return CALIBRATIONS[name]
