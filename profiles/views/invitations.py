"""Following an invitation link: set a name and password, then (officers) enrol a second factor."""

from django.contrib.auth import login as auth_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from innovation_office.forms import add_service_errors

from ..forms import InvitationAcceptForm
from ..middleware import second_factor_exempt
from ..services import invitation_accept, invitation_check
from .public import set_language_cookie


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_check(token)
    except ValidationError as error:
        return render(request, "profiles/invitation_invalid.html", {"errors": error.messages}, status=404)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        language = (get_language() or "uk")[:2]
        try:
            user = invitation_accept(
                raw_token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=language,
                accepts_terms=form.cleaned_data["accepts_terms"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            auth_login(request, user, backend="profiles.backends.AccountBackend")
            response = redirect("profiles:home")
            set_language_cookie(response, language)
            return response
    return render(request, "profiles/invitation_accept.html", {"form": form, "invitation": invitation})
