"""Failed log-ins counted per client address, whichever accounts they tried.

The per-account lockout (django-axes) stops guessing one password; this stops one address from trying a few
passwords on each of many accounts. The count lives in the cache for a fixed window that opens with the first
failure; a successful log-in does not reset it, since the failures were for other accounts."""

from django.conf import settings
from django.core.cache import cache


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
