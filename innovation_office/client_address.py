"""The address a request comes from: the connection's own, or the one that the configured proxies forwarded.

One answer for every limit that counts per address (the API's throttles, failed log-ins): a caller behind no
trusted proxy cannot pick its own address with an X-Forwarded-For header (settings: API_TRUSTED_PROXIES)."""

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_address(request: HttpRequest) -> str:
    return BaseThrottle().get_ident(request)
