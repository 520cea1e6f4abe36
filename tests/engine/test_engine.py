"""Ranking, eligibility, cross-lingual matching and versioning of the engine."""

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
    need = request("r1", "Interceptor drone", "interceptor drone", areas=("interceptors",))
    engine = build([need], catalogue)
    for match in engine.score_request("r1"):
        assert 0.0 <= match.score <= 1.0
        assert match.engine_version == ENGINE_VERSION
        assert match.config_hash == EngineConfig(encoder="", english_encoder="", calibration="").hash()


def test_config_hash_changes_with_any_weight():
    assert EngineConfig().hash() != EngineConfig(bm25_k1=1.3).hash()


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


def test_a_records_own_area_counts_and_a_sibling_area_counts_less():
    text = "Drone against reconnaissance drones"
    offers = [
        offer("elsewhere", "A", text, areas=("demining",)),
        offer("sibling", "B", text, areas=("fpv",)),
        offer("same", "C", text, areas=("interceptors",)),
    ]
    need = request("r1", "Drones", text, areas=("interceptors",))
    matches = build([need], offers, feedback_offers=0).score_request("r1")
    assert [m.offer_id for m in matches] == ["same", "sibling", "elsewhere"]
    assert matches[0].score > matches[1].score > matches[2].score


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
    assert matches[0].score > matches[1].score
