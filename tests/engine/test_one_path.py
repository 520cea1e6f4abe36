"""One ranking path: a request alone, a block of a rescore, an offer against every request and an
engine kept up to date by single changes all give a pair the same score."""

import dataclasses
import random

import pytest

from tests.engine.engine_builders import WordSumEncoder, build, offer, request

WORDS = "drone interceptor radar mine robot evacuation battery thermal camera jammer antenna track".split()


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(3, 8)))


def random_offer(rng: random.Random, offer_id: str):
    return offer(offer_id, description=random_text(rng), is_published=rng.random() > 0.1)


def random_request(rng: random.Random, request_id: str):
    return request(request_id, description=random_text(rng))


def random_catalogue(rng: random.Random) -> tuple[list, list]:
    """12 requests and 40 offers."""
    return [random_request(rng, f"r{i}") for i in range(12)], [random_offer(rng, f"o{i}") for i in range(40)]


VIEWS = pytest.mark.parametrize("view", [{}, {"english_encoder": WordSumEncoder()}], ids=["words", "english-view"])


def rankings(engine) -> dict[str, list[tuple[str, float]]]:
    found = {}
    for block in engine.rank():
        for request_id, matches in zip(block.request_ids, engine.matches(block), strict=True):
            found[request_id] = [(m.offer_id, m.score) for m in matches]
    return found


def assert_same_rankings(left: dict, right: dict) -> None:
    """The same offers in the same order for every request, with the same scores. A score may
    differ in its last digits: a matrix product sums in another order for a block of requests
    than for one, and the last bit of a float32 can round either way."""
    assert {rid: [o for o, _ in pairs] for rid, pairs in left.items()} == {
        rid: [o for o, _ in pairs] for rid, pairs in right.items()
    }
    for rid, pairs in left.items():
        assert [s for _, s in pairs] == pytest.approx([s for _, s in right[rid]], abs=2e-6), rid


@VIEWS
def test_an_engine_kept_up_to_date_by_single_changes_ranks_as_a_fresh_one(view):
    rng = random.Random(3)
    requests, offers = random_catalogue(rng)
    engine = build(requests, offers, top_k=5, **view)
    current_offers = {o.id: o for o in offers}
    current_requests = {r.id: r for r in requests}
    for _step in range(60):
        action = rng.random()
        if action < 0.5:
            changed = random_offer(rng, f"o{rng.randrange(50)}")
            engine.upsert_offers([changed])
            current_offers[changed.id] = changed
        elif action < 0.65 and current_offers:
            gone = rng.choice(sorted(current_offers))
            engine.remove_offer(gone)
            del current_offers[gone]
        elif action < 0.9:
            changed = random_request(rng, f"r{rng.randrange(15)}")
            if rng.random() < 0.2:
                changed = dataclasses.replace(changed, is_open=False)
            engine.upsert_requests([changed])
            current_requests[changed.id] = changed
        else:
            gone = rng.choice(sorted(current_requests))
            engine.remove_request(gone)
            del current_requests[gone]
    # A fresh engine learns its statistics from the offers of today: give it the first fit's.
    fresh = build(requests, offers, top_k=5, **view)
    for gone in set(o.id for o in offers) - set(current_offers):
        fresh.remove_offer(gone)
    fresh.upsert_offers(list(current_offers.values()))
    for gone in set(r.id for r in requests) - set(current_requests):
        fresh.remove_request(gone)
    fresh.upsert_requests(list(current_requests.values()))
    kept = rankings(engine)
    assert len(kept) > 5
    assert_same_rankings(kept, rankings(fresh))


@VIEWS
def test_one_request_alone_equals_its_row_in_a_block(view):
    rng = random.Random(5)
    requests = [random_request(rng, f"r{i}") for i in range(20)]
    engine = build(requests, [random_offer(rng, f"o{i}") for i in range(60)], top_k=7, block_size=6, **view)
    alone = {
        request_id: [(m.offer_id, m.score) for m in engine.score_request(request_id)]
        for request_id in [r.id for r in requests]
    }
    assert_same_rankings(alone, rankings(engine))


@VIEWS
def test_an_offer_against_every_request_gets_the_scores_the_requests_rank_it_with(view):
    rng = random.Random(7)
    engine = build(*random_catalogue(rng), top_k=40, **view)
    ranked = rankings(engine)
    for offer_id in ("o1", "o2", "o3"):
        if offer_id not in engine.offers.slot_of:
            continue
        for match in engine.score_offer(offer_id):
            assert match.score == pytest.approx(dict(ranked[match.request_id])[offer_id], abs=2e-6)


def test_the_block_order_is_best_first_and_ties_fall_in_offer_order():
    same = "thermal camera drone"
    engine = build([request("r", same, same)], [offer(f"o{i}", same, same) for i in range(4)], feedback_offers=0)
    block = next(engine.rank())
    assert block.offer_ids[0] == ["o0", "o1", "o2", "o3"]
    assert list(block.scores[0]) == sorted(block.scores[0], reverse=True)


@VIEWS
def test_a_search_ranks_the_offers_as_a_request_with_that_title_and_keeps_nothing(view):
    rng = random.Random(11)
    requests, offers = random_catalogue(rng)
    engine = build(requests, offers, top_k=8, **view)
    for n in range(5):
        text = random_text(rng)
        engine.upsert_requests([request(f"probe{n}", title=text)])
        expected = [(m.offer_id, m.score) for m in engine.score_request(f"probe{n}")]
        engine.remove_request(f"probe{n}")
        ids, relevance = engine.search(text, 8)
        assert_same_rankings({"probe": list(zip(ids, relevance, strict=True))}, {"probe": expected})
    assert sorted(engine.requests.ids[s] for s in range(len(engine.requests.ids)) if engine.requests.alive()[s]) == (
        sorted(r.id for r in requests)
    )


@VIEWS
def test_a_search_of_requests_scores_them_as_an_offer_with_that_title_before_feedback(view):
    rng = random.Random(13)
    requests, offers = random_catalogue(rng)
    engine = build(requests, offers, top_k=8, feedback_offers=0, **view)
    for n in range(5):
        text = random_text(rng)
        engine.upsert_offers([offer(f"probe{n}", title=text)])
        expected = [(m.request_id, m.score) for m in engine.score_offer(f"probe{n}")]
        engine.remove_offer(f"probe{n}")
        ids, relevance = engine.search_requests(text, len(requests))
        assert_same_rankings({"probe": list(zip(ids, relevance, strict=True))}, {"probe": expected})
        ids, _ = engine.search_requests(text, len(requests), among=["r3", "r5", "gone"])
        assert sorted(ids) == ["r3", "r5"]
    assert sorted(engine.offers.slot_of) == sorted(o.id for o in offers)
