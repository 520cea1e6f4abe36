"""A user's personal API tokens: the list, creating one (its value shown once), and revoking one.

The page sits behind the second factor like every other page, so a token, which the API does not
challenge again, can only come from a session that has passed it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from innovation_office.forms import add_service_errors

from ..forms import ApiTokenForm
from ..selectors import api_token_get, api_tokens_of
from ..services import api_token_create, api_token_revoke

NEW_TOKEN_KEY = "profiles.new_api_token"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    form = ApiTokenForm(request.POST or None, organisation_kind=organisation.kind if organisation else "")
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = api_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown on the next page view only (post/redirect/get: a reload creates no second token).
            request.session[NEW_TOKEN_KEY] = raw
            return redirect("profiles:api_tokens")
    raw_token = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    context = {"form": form, "tokens": api_tokens_of(request.user), "raw_token": raw_token, "now": timezone.now()}
    return render(request, "profiles/tokens.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_get(request.user, pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("profiles:api_tokens")
