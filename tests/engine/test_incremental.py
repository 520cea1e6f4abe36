"""Scoring single changes keeps every top-K equal to a full rescore."""

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest

from engine import TopKTable
from tests.engine.engine_builders import TODAY, WordSumEncoder, build, offer, request

WORDS = "drone interceptor radar mine robot evacuation battery thermal camera jammer antenna track".split()


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(3, 8)))


def random_offer(rng: random.Random, offer_id: str):
    return offer(
        offer_id,
        description=random_text(rng),
        trl=rng.choice([None, 3, 5, 7, 9]),
        lead_time_days=rng.choice([None, 10, 60, 200]),
        monthly_capacity=rng.choice([None, 5, 50]),
        is_published=rng.random() > 0.1,
    )


def random_request(rng: random.Random, request_id: str):
    return request(
        request_id, description=random_text(rng), min_trl=rng.choice([None, 4, 7]), quantity=rng.choice([None, 20, 200])
    )


def random_catalogue(rng: random.Random) -> tuple[list, list]:
    """12 requests and 40 offers."""
    offers = [random_offer(rng, f"o{i}") for i in range(40)]
    return [random_request(rng, f"r{i}") for i in range(12)], offers


# Each property holds with words alone and with an English view, whose relevance feedback has a
# window small enough here (3 offers) that the cap often decides who is in it.
VIEWS = pytest.mark.parametrize(
    "view",
    [{}, {"english_encoder": WordSumEncoder(), "english_feedback_offers": 3}],
    ids=["words", "english-view"],
)


def ranked(rows: dict) -> dict:
    return {rid: [(m.offer_id, m.score) for m in matches] for rid, matches in rows.items()}


def assert_same_rankings(left: dict, right: dict) -> None:
    """The same offers in the same order for every request, with the same scores. A score may
    differ in its last shown digit: a matrix product sums in another order for a block of
    requests than for one, and the last bit of a float32 can round either way."""
    assert {rid: [offer for offer, _ in pairs] for rid, pairs in left.items()} == {
        rid: [offer for offer, _ in pairs] for rid, pairs in right.items()
    }
    for rid, pairs in left.items():
        assert [score for _, score in pairs] == pytest.approx([score for _, score in right[rid]], abs=2e-6), rid


@VIEWS
def test_incremental_updates_equal_a_full_rescore(view):
    rng = random.Random(3)
    engine = build(*random_catalogue(rng), top_k=5, **view)
    table = TopKTable(engine)
    table.rebuild()

    for _step in range(60):
        action = rng.random()
        if action < 0.5:
            changed = random_offer(rng, f"o{rng.randrange(50)}")
            engine.upsert_offers([changed])
            table.offer_changed(changed.id)
        elif action < 0.65 and engine.offers.slot_of:
            gone = rng.choice(sorted(engine.offers.slot_of))
            engine.remove_offer(gone)
            table.offer_changed(gone)
        elif action < 0.9:
            changed = random_request(rng, f"r{rng.randrange(15)}")
            if rng.random() < 0.2:
                changed = dataclasses.replace(changed, is_open=False)
            engine.upsert_requests([changed])
            table.request_changed(changed.id)
        else:
            gone = rng.choice(sorted(engine.requests.slot_of))
            engine.remove_request(gone)
            table.request_changed(gone)

    full = TopKTable(engine)
    full.rebuild()
    assert_same_rankings(ranked(table.rows), ranked(full.rows))
    assert len(full.rows) > 5
    # The relevance feedback kept through the changes is what the current offers give afresh.
    engine.forget_feedback()
    afresh = TopKTable(engine)
    afresh.rebuild()
    assert_same_rankings(ranked(afresh.rows), ranked(table.rows))


def test_an_offer_leaving_a_window_of_the_english_feedback_refreshes_its_request():
    # given: requests whose English feedback windows are full (3 offers), and an offer in one of
    # them that is not one of the request's best offers
    engine = build(
        *random_catalogue(random.Random(3)), top_k=5, english_encoder=WordSumEncoder(), english_feedback_offers=3
    )
    table = TopKTable(engine)
    table.rebuild()
    kept = engine.feedback_cache.kept.values()
    outside_the_best = [set(each.window.tolist()) - set(each.members.tolist()) for each in kept]
    leaving = engine.offers.ids[min(next(slots for slots in outside_the_best if slots))]
    # when: it goes
    engine.remove_offer(leaving)
    table.offer_changed(leaving)
    # then: the table is what the remaining offers give afresh (the next offer joins the window)
    engine.forget_feedback()
    afresh = TopKTable(engine)
    afresh.rebuild()
    assert_same_rankings(ranked(table.rows), ranked(afresh.rows))


@VIEWS
def test_one_request_scored_alone_equals_its_row_in_a_full_rescore(view):
    rng = random.Random(5)
    requests = [random_request(rng, f"r{i}") for i in range(20)]
    engine = build(requests, [random_offer(rng, f"o{i}") for i in range(60)], top_k=7, block_size=6, **view)
    full = TopKTable(engine)
    full.rebuild()
    for request_id, row in full.rows.items():
        assert [(m.offer_id, m.score) for m in engine.score_request(request_id)] == [(m.offer_id, m.score) for m in row]


@pytest.mark.parametrize(
    "weights",
    [
        # Structural weights large enough that the pruning bound is tight and often decides.
        {"weight_text": 0.5, "weight_readiness": 0.2, "weight_capacity": 0.2},
        # The default weights, under which text relevance decides most.
        {},
    ],
)
@VIEWS
def test_ranking_that_skips_hopeless_offers_equals_scoring_every_pair(weights, view):
    rng = random.Random(11)
    offers = [random_offer(rng, f"o{i}") for i in range(300)]
    requests = [random_request(rng, f"r{i}") for i in range(40)]
    engine = build(requests, offers, top_k=10, **weights, **view)
    slots = np.arange(len(requests))
    ranked_block = engine._rank(slots)
    totals, _ = engine._score(slots, None)
    for row in range(len(slots)):
        everything = sorted(float(t) for t in totals[row] if t > -1)[::-1][:10]
        kept = [
            (float(score), int(slot))
            for score, slot in zip(ranked_block.scores[row], ranked_block.offer_slots[row], strict=True)
            if score > -1
        ]
        # The same scores, each the pair's own (offers tied at the last place may differ).
        assert [score for score, _ in kept] == everything, row
        assert all(totals[row, slot] == score for score, slot in kept)


def test_a_weaker_text_with_a_better_fit_is_not_pruned_away():
    # given: the best text fits the request badly; a slightly weaker text fits it fully
    deadline = TODAY + dt.timedelta(days=30)
    wanted = request(
        "r",
        "thermal camera drone",
        "thermal camera drone for night patrols",
        min_trl=9,
        quantity=10,
        needed_by=deadline,
    )
    strong = offer(
        "strong",
        "thermal camera drone",
        "thermal camera drone for night patrols",
        trl=3,
        lead_time_days=200,
        monthly_capacity=1,
    )
    fitting = offer(
        "fitting", "thermal camera drone", "thermal drone for patrols", trl=9, lead_time_days=5, monthly_capacity=100
    )
    others = [offer(f"o{i}", "radar", f"radar antenna jammer {WORDS[i % len(WORDS)]}") for i in range(30)]
    # (without relevance feedback, which would lift both texts to the top of the scale)
    engine = build([wanted], [strong, fitting, *others], top_k=1, feedback_offers=0)
    totals, parts = engine._score(np.array([0]), None)
    assert parts["text"][0, 0] > parts["text"][0, 1] and totals[0, 1] > totals[0, 0]
    # when / then
    assert [m.offer_id for m in engine.score_request("r")] == ["fitting"]
