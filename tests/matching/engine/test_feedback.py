"""Relevance feedback: a request's best offers lend it their words, and stay current as offers change."""

import random

import numpy as np

from matching.engine import TopKTable

from tests.matching.engine.engine_builders import build, offer, request
from tests.matching.engine.test_incremental import random_offer, random_request, ranked

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
FILLER = [offer(f"f{i}", f"Item {i}", f"Field kitchen number {i} with a diesel heater and a water tank.") for i in range(20)]


def ranks(engine, request_id="r"):
    return [m.offer_id for m in engine.score_request(request_id)]


def test_an_offer_like_the_best_match_rises_above_an_unrelated_one():
    # (the unrelated offer first: among offers of equal evidence, the earlier one is preferred)
    offers = [BEST, UNRELATED, KINDRED, *FILLER]
    without = build([REQUEST], offers, top_k=3, feedback_offers=0)
    text = without._score(np.array([0]), None)[1]["text"][0]
    # given: without feedback the kindred offer does not lead the unrelated one on text
    assert text[2] <= text[1]
    # when / then: the best offer lends the request its words
    assert ranks(build([REQUEST], offers, top_k=3))[:2] == ["best", "kindred"]


def test_an_added_offer_that_joins_the_best_refreshes_the_request():
    engine = build([REQUEST, request("other", "Field kitchen", "Diesel field kitchen.")], [BEST, UNRELATED, *FILLER], top_k=3)
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


def test_incremental_feedback_equals_feedback_made_afresh():
    rng = random.Random(8)
    engine = build([random_request(rng, f"r{i}") for i in range(12)], [random_offer(rng, f"o{i}") for i in range(40)], top_k=5)
    table = TopKTable(engine)
    table.rebuild()
    for _ in range(40):
        if rng.random() < 0.7:
            changed = random_offer(rng, f"o{rng.randrange(50)}")
            engine.upsert_offers([changed])
            table.offer_changed(changed.id)
        else:
            gone = rng.choice(sorted(engine.offers.slot_of))
            engine.remove_offer(gone)
            table.offer_changed(gone)
    # Forget every request's feedback: a full rescore makes it again from the current offers.
    engine._feedback.clear()
    fresh = TopKTable(engine)
    fresh.rebuild()
    assert ranked(table.rows) == ranked(fresh.rows)
    assert len(fresh.rows) > 5
