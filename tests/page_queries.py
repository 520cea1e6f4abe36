"""How many queries a page costs as what it lists grows: the same at 5 rows and at 50, and few of them."""

from collections.abc import Callable

SMALL, LARGE = 5, 50
# Every page, the session and the signed-in user included.
MOST_QUERIES = 5


def _counted_get(max_num_queries, client, url: str, most: int) -> int:
    """One GET of `url` as a returning visitor makes it (a first view warms the process), at most `most`
    queries (pytest-django's django_assert_max_num_queries)."""
    assert client.get(url).status_code == 200, url
    with max_num_queries(most) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def assert_pinned(
    max_num_queries, client, url: str, add_rows: Callable[[int], object], *, most: int = MOST_QUERIES
) -> None:
    """`add_rows(n)` adds n more of what the page lists; the page costs as much at 5 rows as at 50, at most `most`."""
    add_rows(SMALL)
    small = _counted_get(max_num_queries, client, url, most)
    add_rows(LARGE - SMALL)
    large = _counted_get(max_num_queries, client, url, small)
    assert large == small, f"{url}: {small} queries at {SMALL} rows, {large} at {LARGE}"
