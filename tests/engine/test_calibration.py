"""The mapping from text evidence to the chance that a pair is relevant."""

import numpy as np
import pytest

from engine import EngineConfig, calibration
from engine.calibration import expected_calibration_error, fit, shipped


def labelled_pairs(seed: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs whose chance of being relevant is a logistic curve of their evidence."""
    rng = np.random.default_rng(seed)
    evidence = rng.normal(2.0, 1.5, count)
    relevant = rng.random(count) < 1.0 / (1.0 + np.exp(-(evidence - 3.0)))
    return evidence, relevant


def test_the_fitted_mapping_never_falls_and_stays_in_the_unit_interval():
    evidence, relevant = labelled_pairs(1, 4000)
    mapping = fit(evidence, relevant)
    probability = mapping(np.linspace(-5, 10, 500))
    assert (np.diff(probability) >= 0).all()
    assert probability.min() >= 0.0 and probability.max() <= 1.0
    assert (np.diff(mapping.evidence) > 0).all()


def test_with_no_pairs_to_learn_from_every_pair_is_an_even_chance():
    # a set of a few needs leaves some folds without any: their mapping must still read evidence
    mapping = fit(np.zeros(0), np.zeros(0, dtype=bool))
    assert mapping(np.array([-3.0, 0.0, 9.0])).tolist() == [0.5, 0.5, 0.5]


def test_a_held_aside_fold_is_calibrated_within_the_stated_error():
    train_evidence, train_relevant = labelled_pairs(2, 8000)
    held_evidence, held_relevant = labelled_pairs(3, 2000)
    mapping = fit(train_evidence, train_relevant)
    assert expected_calibration_error(mapping(held_evidence), held_relevant) <= 0.05
    # while scoring every pair at the base rate's complement is far off
    assert expected_calibration_error(np.full(2000, 0.9), held_relevant) > 0.3


def test_calibration_error_by_hand():
    # bin 0.1-0.2 holds two pairs said 0.15, one relevant (gap 0.35); bin 0.9-1 two said 0.95, both relevant
    error = expected_calibration_error([0.15, 0.15, 0.95, 0.95], [True, False, True, True])
    assert error == pytest.approx(0.5 * 0.35 + 0.5 * 0.05)


def test_the_shipped_mappings_are_monotone_and_their_content_is_in_the_configuration_hash(monkeypatch, tmp_path):
    for language, mapping in shipped("sbir-dev").items():
        assert (np.diff(mapping.probability) >= 0).all(), language
        assert 0.0 <= mapping.probability.min() <= mapping.probability.max() <= 1.0
    before = EngineConfig().hash()
    edited = tmp_path / "calibration.json"
    edited.write_text(calibration.to_json({language: fit([0, 1], [False, True]) for language in ("en", "uk")}))
    monkeypatch.setitem(calibration.CALIBRATIONS, "sbir-dev", edited)
    assert EngineConfig().hash() != before


def test_a_request_in_ukrainian_reads_its_evidence_by_its_own_mapping(monkeypatch):
    from tests.engine.engine_builders import build, offer, request

    # given: mappings that tell the languages apart at any evidence
    mappings = {"en": fit([0.0, 100.0], [False, True]), "uk": fit([-100.0, 0.0], [False, True])}
    monkeypatch.setattr(calibration, "shipped", lambda name: mappings)
    requests = [request("en", "thermal camera", "thermal camera"), request("uk", "тепловізор", "тепловізор камера")]
    engine = build(requests, [offer("o", "thermal camera")], calibration="sbir-dev")
    # then: the same offer reads as more likely relevant to the Ukrainian request's lower evidence
    assert engine.score_request("uk")[0].score > engine.score_request("en")[0].score


def test_an_engine_without_a_calibration_reads_evidence_by_its_logistic_curve():
    from tests.engine.engine_builders import build, offer, request

    engine = build([request("r", "thermal camera", "thermal camera")], [offer("o", "thermal camera")], calibration="")
    (match,) = engine.score_request("r")
    assert 0.5 < match.score < 1.0
