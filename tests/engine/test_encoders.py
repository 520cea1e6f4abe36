"""The content-hash vector cache: nothing is encoded twice, in memory, on disk or in a shared store."""

from engine import CachedEncoder, DirectoryCache, EngineConfig, MatchingEngine
from engine.encoders import RecentVectors
from tests.engine.engine_builders import CountingEncoder, build, offer, request


def test_unchanged_text_is_never_encoded_twice(tmp_path):
    inner = CountingEncoder()
    first = CachedEncoder(inner, DirectoryCache(tmp_path)).encode(["a", "bb", "a"], "passage")
    again = CachedEncoder(inner, DirectoryCache(tmp_path)).encode(["bb", "a", "ccc"], "passage")
    assert inner.seen == ["a", "bb", "ccc"]
    assert first[0].tolist() == first[2].tolist() == again[1].tolist() == [1.0, 0.0, 1.0]


def test_query_and_passage_of_one_text_are_cached_apart():
    inner = CountingEncoder()
    cached = CachedEncoder(inner, {})
    cached.encode(["a"], "passage")
    query = cached.encode(["a"], "query")
    assert inner.seen == ["a", "a"]
    assert query[0, 1] == 1.0


class SharedCache(dict):
    """Stands in for a cache shared over a network, and counts its round trips."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[set[str]] = []
        self.writes: list[str] = []

    def get_many(self, keys):
        self.reads.append(set(keys))
        return {key: self[key] for key in keys if key in self}

    def set_many(self, vectors, *, encoder):
        self.writes.append(encoder)
        self.update(vectors)


def test_a_shared_cache_is_read_once_per_batch_of_texts_and_written_once_per_encoded_batch():
    # given
    shared = SharedCache()
    CachedEncoder(CountingEncoder(), shared).encode([f"offer {n}" for n in range(600)], "passage")

    # when: a second process meets the same catalogue and one new offer
    inner = CountingEncoder()
    CachedEncoder(inner, shared).encode([f"offer {n}" for n in range(601)], "passage")

    # then
    assert inner.seen == ["offer 600"]
    assert len(shared.reads) == 2 and len(shared.reads[-1]) == 601
    assert shared.writes == ["counting"] * 4


def test_recent_vectors_keep_the_last_ones_read_or_set():
    inner = CountingEncoder()
    recent = CachedEncoder(inner, RecentVectors(2))
    recent.encode(["a", "bb"], "query")
    recent.encode(["a"], "query")  # read: "a" is now the most recent
    recent.encode(["ccc"], "query")  # pushes out "bb"
    recent.encode(["a", "bb"], "query")
    assert inner.seen == ["a", "bb", "ccc", "bb"]


def test_a_search_encodes_its_text_once_and_stores_it_nowhere_shared():
    shared = SharedCache()
    english = CountingEncoder()
    engine = build([], [offer("o1", "thermal camera"), offer("o2", "demining robot")], english_encoder=english)
    engine.dense.english_encoder.cache = shared
    for _ in range(3):
        ids, _relevance = engine.search("thermal camera for drones", 5)
        assert ids[0] == "o1"
    assert english.seen.count("thermal camera for drones") == 1
    assert shared == {} and shared.writes == []


def test_an_engine_that_encodes_no_record_says_which_records_it_found_no_vector_for():
    shared, english = {}, CountingEncoder()
    config = EngineConfig(encoder="", english_encoder="", calibration="")
    offers = [offer("o1", "thermal camera"), offer("o2", "demining robot")]
    requests = [request("r1", "thermal camera for drones"), request("r2", "robot to clear mines")]
    scoring = MatchingEngine(config=config, english_encoder=english, cache=shared)
    scoring.fit(offers)
    scoring.upsert_offers(offers[:1])  # the scoring has stored o1's and r1's vectors only
    scoring.upsert_requests(requests[:1])
    reading = MatchingEngine(config=config, english_encoder=english, cache=shared, encode_records=False)
    reading.fit(offers)
    encoded = len(english.seen)
    reading.upsert_offers(offers)
    reading.upsert_requests(requests)
    assert reading.without_vectors() == (["o2"], ["r2"])
    assert len(english.seen) == encoded
    scoring.upsert_offers(offers[1:])
    scoring.upsert_requests(requests[1:])
    reading.upsert_offers(offers[1:])
    reading.upsert_requests(requests[1:])
    assert reading.without_vectors() == ([], [])
