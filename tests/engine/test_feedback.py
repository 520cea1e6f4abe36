"""Relevance feedback: a request's best offers lend it their words."""

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
    without = {m.offer_id: m.score for m in build([REQUEST], offers, top_k=23, feedback_offers=0).score_request("r")}
    # given: without feedback the kindred offer does not lead the unrelated one
    assert without["kindred"] <= without["unrelated"]
    # when
    matches = build([REQUEST], offers, top_k=3).score_request("r")
    # then: the best offer lends the request its words
    assert [m.offer_id for m in matches][:2] == ["best", "kindred"]
