"""What every page needs to know of requests: whether the user may post one."""

from django.http import HttpRequest

from .permissions import may_write_requests


def needs_navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"may_write_requests": user is not None and may_write_requests(user)}
