"""The evaluation function: metric arithmetic by hand, and the configured engine on a data slice."""

import pathlib

import pytest

from engine import EngineConfig
from engine.evaluation import evaluate_directory, near_miss_at_1, ranking_metrics, read_near_misses

SLICE = pathlib.Path(__file__).parent.parent / "matching" / "data" / "sbir-slice"


@pytest.fixture(scope="module")
def vectors() -> dict[str, bytes]:
    """One vector cache for the module: the slice's offers are encoded once."""
    return {}


def test_metrics_by_hand():
    rankings = {"n1": ["a", "x", "b"], "n2": ["y", "z", "c"]}
    judgements = {"n1": {"a": 1, "b": 1}, "n2": {"c": 1}}
    metrics = ranking_metrics(rankings, judgements)
    assert metrics["p_at_5"] == pytest.approx((2 / 5 + 1 / 5) / 2)
    assert metrics["r_at_10"] == pytest.approx(1.0)
    assert metrics["mrr"] == pytest.approx((1 + 1 / 3) / 2)
    ndcg_n1 = (1 + 1 / 2) / (1 + 1 / 1.5849625)
    assert metrics["ndcg_at_10"] == pytest.approx((ndcg_n1 + 0.5) / 2)


def test_engine_ranks_judged_offers_near_the_top_of_the_slice_in_both_languages(vectors):
    metrics = evaluate_directory(SLICE, config=EngineConfig(), cache=vectors)
    assert set(metrics) == {"en", "uk"}
    assert metrics["en"].ndcg_at_10 > 0.8
    assert metrics["en"].mrr > 0.8
    assert metrics["uk"].ndcg_at_10 > 0.8
    assert 0.0 <= metrics["en"].ece <= 1.0
    assert metrics["en"].seconds > 0


def test_ukrainian_needs_find_english_offers_on_the_slice(vectors):
    needs = {"uk": SLICE / "needs-uk.jsonl"}
    metrics = evaluate_directory(SLICE, config=EngineConfig(), files=needs, cache=vectors)["uk"]
    glossary_only = evaluate_directory(SLICE, config=EngineConfig(encoder="", english_encoder=""), files=needs)["uk"]
    untranslated = evaluate_directory(
        SLICE, config=EngineConfig(encoder="", english_encoder="", glossary=""), files=needs
    )["uk"]
    assert metrics.ndcg_at_10 > 0.8
    # The glossary and the encoder are what carry Ukrainian across: without them, little does.
    assert glossary_only.ndcg_at_10 > untranslated.ndcg_at_10 + 0.3
    assert metrics.ndcg_at_10 > untranslated.ndcg_at_10 + 0.3


def test_near_miss_at_1_counts_the_needs_whose_first_offer_is_a_near_miss(tmp_path):
    rows = [
        "need_id\toffer_id\tkind\twhy",
        "n1\tx\ttrainer\ta target drone",
        "n2\ty\tcomponent\ta part",
        "n2\tz\ttrainer\tinert",
    ]
    (tmp_path / "near-misses.tsv").write_text("\n".join(rows) + "\n")
    found = read_near_misses(tmp_path)
    assert found == {"n1": {"x"}, "n2": {"y", "z"}}
    assert near_miss_at_1({"n1": ["x", "a"], "n2": ["c", "y"]}, found) == 0.5
    assert near_miss_at_1({"n1": ["x"]}, {}) is None
    assert read_near_misses(tmp_path / "nowhere") == {}
