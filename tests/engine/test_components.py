"""Text evidence on one scale, and the logistic reading of it an engine without a calibration uses."""

import numpy as np

from engine import EngineConfig
from engine import components as c

CONFIG = EngineConfig()


def values(*numbers: float) -> np.ndarray:
    return np.array(numbers, dtype=np.float32)


def test_text_rises_with_both_evidences_and_stays_in_the_unit_interval():
    bm25 = np.array([[0.0, 5.0, 10.0, 10.0]], dtype=np.float32)
    cosine = np.array([[0.80, 0.80, 0.80, 0.95]], dtype=np.float32)
    evidence = bm25 * c.lexical_factors(values(20.0), CONFIG)[:, None] + cosine * np.float32(
        c.dense_factors(CONFIG, 1, 0)[0]
    )
    score = c.text(evidence, c.text_offset(CONFIG, with_dense=True))[0]
    assert 0.0 < score[0] < score[1] < score[2] < score[3] < 1.0
