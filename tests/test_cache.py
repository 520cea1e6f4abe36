"""The Redis cache shares one redis-py client per server among the calls and threads of a process."""

from concurrent.futures import ThreadPoolExecutor

from django.core.cache import cache, caches

from innovation_office.cache import SharedClientRedisCache


def test_the_tests_run_on_the_shared_client_cache():
    assert isinstance(caches["default"], SharedClientRedisCache)


def test_calls_share_one_client_and_threads_read_what_others_wrote():
    clients = {id(cache._cache.get_client()) for _ in range(3)} | {id(cache._cache.get_client(write=True))}
    assert len(clients) == 1

    def write_then_read(n):
        cache.set(f"cache-test-{n}", {"n": n}, 30)
        return cache.get(f"cache-test-{n}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(write_then_read, range(40))) == [{"n": n} for n in range(40)]
    assert cache.get_many([f"cache-test-{n}" for n in range(3)]) == {f"cache-test-{n}": {"n": n} for n in range(3)}
    cache.delete_many([f"cache-test-{n}" for n in range(40)])
