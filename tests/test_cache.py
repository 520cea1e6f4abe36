"""The Redis cache keeps one redis-py client per server instead of making one for every call."""

from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from innovation_office.cache import SharedClientRedisCache

# The tests' Redis when they run with one (as `make test` runs them), else the local server's default.
REDIS = settings.REDIS_URL or "redis://127.0.0.1:6379/0"


def test_the_configured_cache_is_the_shared_client_one_when_there_is_redis():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == ("innovation_office.cache.SharedClientRedisCache" if settings.REDIS_URL else backend)


def test_calls_share_one_client_and_threads_sharing_the_cache_read_what_they_wrote():
    cache = SharedClientRedisCache(REDIS, {"KEY_PREFIX": "cache-test"})
    clients = {id(cache._cache.get_client()) for _ in range(3)} | {id(cache._cache.get_client(write=True))}
    assert len(clients) == 1

    def write_then_read(n):
        cache.set(f"value-{n}", {"n": n}, 30)
        return cache.get(f"value-{n}")

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(write_then_read, range(40))) == [{"n": n} for n in range(40)]
        assert cache.get_many([f"value-{n}" for n in range(3)]) == {f"value-{n}": {"n": n} for n in range(3)}
    finally:
        cache.delete_many([f"value-{n}" for n in range(40)])
