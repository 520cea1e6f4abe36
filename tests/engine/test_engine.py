"""Ranking, eligibility, cross-lingual matching and versioning of the engine."""

import datetime as dt

from engine import ENGINE_VERSION, EngineConfig
from tests.engine.engine_builders import build, offer, request


def test_ukrainian_interceptor_request_finds_the_english_interceptor_offer(catalogue):
    need = request(
        "r1",
        "Дрони-перехоплювачі для захисту позицій",
        "Потрібні дрони-перехоплювачі проти розвідувальних БпЛА противника.",
        language="uk",
    )
    matches = build([need], catalogue).score_request("r1")
    ranked = [m.offer_id for m in matches]
    assert ranked.index("interceptor") < ranked.index("demining-robot")
    assert ranked[0] == "interceptor"


def test_english_request_ranks_the_matching_offer_first(catalogue):
    need = request("r1", "Mine clearance", "Remote controlled robot to clear mines from roads.")
    matches = build([need], catalogue).score_request("r1")
    assert matches[0].offer_id == "demining-robot"


def test_scores_are_in_unit_interval_and_carry_version_and_config_hash(catalogue):
    need = request("r1", "Interceptor drone", "interceptor drone", min_trl=9, areas=("interceptors",))
    engine = build([need], catalogue)
    for match in engine.score_request("r1"):
        assert 0.0 <= match.score <= 1.0
        assert set(match.components) == {"text", "area", "readiness", "timing", "capacity", "price"}
        assert all(0.0 <= value <= 1.0 for value in match.components.values())
        assert match.engine_version == ENGINE_VERSION
        assert match.config_hash == EngineConfig(encoder="", english_encoder="").hash()


def test_config_hash_changes_with_any_weight():
    assert EngineConfig().hash() != EngineConfig(weight_price=0.05).hash()


def test_unpublished_and_unvetted_offers_and_closed_requests_are_never_matched(catalogue):
    hidden = [
        offer("draft", "Interceptor drone", "interceptor drone", is_published=False),
        offer("unvetted", "Interceptor drone", "interceptor drone", organisation_vetted=False),
    ]
    need = request("r1", "Interceptor drone", "interceptor drone")
    closed = request("r2", "Interceptor drone", "interceptor drone", is_open=False)
    engine = build([need, closed], catalogue + hidden)
    assert {m.offer_id for m in engine.score_request("r1")}.isdisjoint({"draft", "unvetted"})
    assert engine.score_request("r2") == []
    assert [m.request_id for m in engine.score_offer("interceptor")] == ["r1"]


def test_top_k_bounds_the_list(catalogue):
    need = request("r1", "drone", "drone")
    assert len(build([need], catalogue, top_k=2).score_request("r1")) == 2


def test_structure_decides_between_equal_texts():
    text = "Interceptor drone against reconnaissance drones"
    offers = [
        offer("slow", "A", text, trl=4, lead_time_days=200, monthly_capacity=5),
        offer("ready", "B", text, trl=8, lead_time_days=20, monthly_capacity=100),
    ]
    need = request("r1", "Interceptors", text, min_trl=7, needed_by=dt.date(2026, 3, 1), quantity=100)
    matches = build([need], offers).score_request("r1")
    assert [m.offer_id for m in matches] == ["ready", "slow"]
    slow = matches[1]
    assert slow.components["readiness"] == 0.0
    assert slow.components["timing"] < 1.0


def test_a_hyphenated_code_matches_as_one_term():
    """ "ADS-B" is not just "ADS": the offer that names the code outranks one that repeats its
    first part, and the explanation shows the code as written."""
    need = request("r1", "ADS-B for UAS operations", "Safe UAS operations in shared airspace with ADS-B.")
    offers = [
        offer(
            "acronym", "ADS Inc.", "ADS (Applied Defense Solutions): ADS builds space catalogues for UAS operations."
        ),
        offer("code", "Beacon", "A light ADS-B transponder for small UAS, for operations in shared airspace."),
    ]
    matches = build([need], offers, feedback_offers=0).score_request("r1")
    assert [m.offer_id for m in matches] == ["code", "acronym"]
    # shown as written, and not beside its own first part
    assert ("ads-b", None) in matches[0].explanation.terms
    assert ("ads", None) not in matches[0].explanation.terms


def test_a_compound_matches_its_spelling_without_the_hyphen():
    need = request("r1", "Nondestructive inspection", "Nondestructive inspection of welds.")
    offers = [
        offer("hyphen", "Scanner", "Non-destructive inspection of welds in hulls."),
        offer("plain", "Camera", "Visual inspection of welds in hulls."),
    ]
    matches = build([need], offers, feedback_offers=0).score_request("r1")
    assert matches[0].offer_id == "hyphen"
    assert matches[0].components["text"] > matches[1].components["text"]
