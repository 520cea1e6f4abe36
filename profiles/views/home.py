"""The signed-in user's starting page: what state their organisation is in and where to go next."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..permissions import has_confirmed_device


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {"organisation": request.user.organisation, "has_authenticator": has_confirmed_device(request.user)}
    return render(request, "profiles/home.html", context)
