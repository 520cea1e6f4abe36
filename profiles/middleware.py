"""Keeps users who must use a second factor out of everything until they have used it, ends sessions
left idle, and keeps what signed-in users see out of caches."""

import time
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from .permissions import has_confirmed_device, requires_second_factor


def second_factor_exempt(view):
    """Marks a view reachable before the second factor (logging out, switching language, enrolling)."""
    view.second_factor_exempt = True
    return view


class VerifiedDeviceMiddleware(OTPMiddleware):
    """django-otp's middleware, which tells whether the session was verified with one of the user's
    authenticators; the authenticator most users have is already loaded with the user
    (profiles.backends.AccountBackend), so it is not asked of the database again. Any other (a second
    authenticator, one deleted or no longer confirmed) goes the library's own way."""

    def _verify_user_sync(self, request, user):
        device = getattr(user, "first_confirmed_device", None) if user.is_authenticated else None
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if device is None or not persistent_id or self._normalize_persistent_id(persistent_id) != device.persistent_id:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = device
        return user


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or getattr(view_func, "second_factor_exempt", False):
            return None
        if not requires_second_factor(user):
            return None
        target = "profiles:two_factor_verify" if has_confirmed_device(user) else "profiles:two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


LAST_ACTIVITY_KEY = "profiles.last_activity"
# The expiry is pushed back at most this often, so a busy session costs no write on every request.
ACTIVITY_REFRESH_SECONDS = 60


def stamp_session_activity(sender, request, user, **kwargs) -> None:
    """At login, the session starts its idle clock (saved with the login itself)."""
    request.session[LAST_ACTIVITY_KEY] = int(time.time())


class IdleSessionMiddleware:
    """A session in use has its expiry (SESSION_COOKIE_AGE from now) pushed back; one left idle for
    longer ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user, session = getattr(request, "user", None), request.session
        # Only a signed-in browser session: an API call with a token has none to keep alive.
        if user is None or not user.is_authenticated or session.session_key is None:
            return response
        now = int(time.time())
        if now - session.get(LAST_ACTIVITY_KEY, 0) >= ACTIVITY_REFRESH_SECONDS:
            session[LAST_ACTIVITY_KEY] = now
        return response


class NoStoreWhenSignedInMiddleware:
    """Whatever a signed-in user (or an API token) is shown may not be kept by a browser or proxy cache;
    a response that already states its own caching (an organisation's logo) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
