"""Where the current action comes from: the request's origin address and path, kept for the audit.

A middleware sets them per request, so services record the origin without being handed the request;
work outside a request (tasks, commands) records none.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest

from innovation_office.client_address import client_address


@dataclass(frozen=True)
class Origin:
    address: str | None = None
    path: str = ""


_NOWHERE = Origin()
_current: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def current_origin() -> Origin:
    return _current.get() or _NOWHERE


class AuditOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _current.set(Origin(address=client_address(request) or None, path=request.path[:300]))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
