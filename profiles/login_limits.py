"""Failed log-ins counted per client address, whichever accounts they tried.

The per-account lockout (django-axes) stops guessing one password; this stops one address from trying a few
passwords on each of many accounts. The count lives in the cache for a fixed window that opens with the first
failure; a successful log-in does not reset it, since the failures were for other accounts.

Wrong codes of the second factor are counted per authenticator, on its own row (django-otp's counters)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _key(address: str) -> str:
    return f"login-failures:{address}"


def login_blocked_for(address: str) -> bool:
    return cache.get(_key(address), 0) >= settings.LOGIN_FAILURES_PER_ADDRESS


def login_failure_record(address: str) -> None:
    key, window = _key(address), int(settings.LOGIN_FAILURES_WINDOW.total_seconds())
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # the window closed between the two calls: this failure opens the next one
        cache.add(key, 1, timeout=window)


# The second factor: a few wrong codes in a row are mistakes (a code typed as it changed); after that each
# further wrong code doubles the wait before the next try, from SECOND_FACTOR_FIRST_WAIT up to the longest.
SECOND_FACTOR_FREE_FAILURES = 5
SECOND_FACTOR_FIRST_WAIT = timedelta(seconds=30)
SECOND_FACTOR_LONGEST_WAIT = timedelta(hours=1)


def second_factor_wait_until(failures: int, last_failure: datetime | None) -> datetime | None:
    """When the next code may be tried after `failures` wrong codes in a row, or None when it may be now."""
    if failures < SECOND_FACTOR_FREE_FAILURES or last_failure is None:
        return None
    wait = min(SECOND_FACTOR_FIRST_WAIT * 2 ** (failures - SECOND_FACTOR_FREE_FAILURES), SECOND_FACTOR_LONGEST_WAIT)
    until = last_failure + wait
    return until if until > timezone.now() else None
