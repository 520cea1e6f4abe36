"""Relevance feedback: a request's best offers lend it their words, and stay current as offers change."""

import numpy as np

from engine import EngineConfig, feedback
from tests.engine.engine_builders import build, offer, request

REQUEST = request("r", "Counter-drone interceptor", "Interceptor to stop hostile reconnaissance drones.")
BEST = offer(
    "best",
    "Hunter",
    "Interceptor drone that rams hostile reconnaissance drones; launched from a rail, guided by "
    "radar cueing and a thermal seeker, reusable after a net capture.",
)
# Says what the best offer says, in none of the request's words.
KINDRED = offer("kindred", "Falcon", "Rail launched net capture with radar cueing and a thermal seeker, reusable.")
# As close to the request's words as the kindred offer, on another subject.
UNRELATED = offer("unrelated", "Sapper", "Mine clearance robot with a flail, remote controlled from a rail car.")
FILLER = [
    offer(f"f{i}", f"Item {i}", f"Field kitchen number {i} with a diesel heater and a water tank.") for i in range(20)
]


def ranks(engine, request_id="r"):
    return [m.offer_id for m in engine.score_request(request_id)]


def test_an_offer_like_the_best_match_rises_above_an_unrelated_one():
    # (the unrelated offer first: among offers of equal evidence, the earlier one is preferred)
    offers = [BEST, UNRELATED, KINDRED, *FILLER]
    without = build([REQUEST], offers, top_k=3, feedback_offers=0)
    text = without._score(np.array([0]), None)[1]["text"][0]
    # given: without feedback the kindred offer does not lead the unrelated one on text
    assert text[2] <= text[1]
    # when
    matches = build([REQUEST], offers, top_k=3).score_request("r")
    # then: the best offer lends the request its words
    assert [m.offer_id for m in matches][:2] == ["best", "kindred"]


def test_an_added_offer_that_joins_the_best_refreshes_the_request():
    engine = build(
        [REQUEST, request("other", "Field kitchen", "Diesel field kitchen.")], [BEST, UNRELATED, *FILLER], top_k=3
    )
    list(engine.rescore_all())
    assert engine.take_feedback_changes() == []
    # when: an offer better than the request's second best arrives
    engine.upsert_offers([offer("twin", "Hunter 2", BEST.description)])
    # then: the request must be scored again; the kitchen request is untouched
    assert engine.take_feedback_changes() == ["r"]
    assert engine.take_feedback_changes() == []
    assert ranks(engine)[:2] == ["best", "twin"]


def test_an_added_offer_outside_the_best_changes_no_feedback():
    engine = build([REQUEST], [BEST, KINDRED, UNRELATED, *FILLER], top_k=3)
    list(engine.rescore_all())
    engine.upsert_offers([offer("f99", "Item 99", "Field kitchen with a diesel heater.")])
    assert engine.take_feedback_changes() == []


def test_a_best_offer_that_goes_refreshes_the_request():
    engine = build([REQUEST], [BEST, KINDRED, UNRELATED, *FILLER], top_k=3)
    list(engine.rescore_all())
    engine.remove_offer("best")
    assert engine.take_feedback_changes() == ["r"]
    assert "best" not in ranks(engine)


def test_the_window_holds_the_offers_near_the_best_and_its_cut_lies_in_a_gap():
    config = EngineConfig(english_feedback_window=3.0, english_feedback_offers=3)
    first = np.array([9.0, 10.0, 5.0, 9.5, 8.0, 9.0], dtype=np.float32)
    # Five offers are within 3 of the best; the window keeps the three best and the one tied
    # with the third.
    cutoff, slots = feedback.window(first, None, 10.0, config)
    assert sorted(slots.tolist()) == [0, 1, 3, 5]
    # The cut lies midway to the next offer down, so that an evidence a float step off stays on
    # its side: a product of another shape may round the last bit either way.
    assert cutoff == 8.5
    # Only eligible offers count: with the 9.5 ruled out, the best and the two at 9 make the three.
    cutoff, slots = feedback.window(first, np.array([0, 1, 2, 4, 5]), 10.0, config)
    assert sorted(slots.tolist()) == [0, 1, 5]
    assert cutoff == 8.5
