"""The content-hash vector cache: nothing is encoded twice, in memory or on disk."""

from engine import CachedEncoder, DirectoryCache
from tests.engine.engine_builders import CountingEncoder


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
