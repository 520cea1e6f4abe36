"""Refuses a request whose body is larger than REQUEST_BODY_MAX_BYTES before any of it is read.

Django's own limits apply only while a body is parsed, after a large upload has been received in full.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

TOO_LARGE = "The request is larger than the %(megabytes)g MB the platform accepts."


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _announced_length(request) <= settings.REQUEST_BODY_MAX_BYTES:
            return self.get_response(request)
        message = TOO_LARGE % {"megabytes": settings.REQUEST_BODY_MAX_BYTES / 1024 / 1024}
        if request.path.startswith("/api/"):
            return JsonResponse({"error": {"code": "too_large", "message": message, "fields": {}}}, status=413)
        return HttpResponse(render_to_string("413.html", {"message": message}), status=413)


def _announced_length(request) -> int:
    """The Content-Length the client sent; Django reads nothing of a body without a valid one."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
