"""Pages anyone may open: the landing page, the language switch and the health check."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from innovation_office.redirects import safe_next

from ..middleware import second_factor_exempt
from ..services import user_set_language


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "landing.html")


@second_factor_exempt
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Sets the language cookie (and the user's preference) and returns to the page they were on."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    translation.activate(language)
    set_language_cookie(response, language)
    return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - a health check reports any failure as data
        return f"error: {error.__class__.__name__}"
    return "ok"


def _redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


@second_factor_exempt
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_status(), "redis": _redis_status()}
    healthy = all(value in ("ok", "not configured") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
