"""Keeps users who must use a second factor out of everything until they have used it."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .permissions import has_confirmed_device, requires_second_factor


def second_factor_exempt(view):
    """Marks a view reachable before the second factor (logging out, switching language, enrolling)."""
    view.second_factor_exempt = True
    return view


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
