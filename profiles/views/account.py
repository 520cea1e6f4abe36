"""The signed-in person's own data: downloading everything the platform holds about them, and closing
their account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innovation_office.refusals import forbidden

from ..forms import CloseAccountForm
from ..permissions import account_close_refusal
from ..services import account_close, personal_data_export


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(user=request.user)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False})
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def close_account(request: HttpRequest) -> HttpResponse:
    refusal = account_close_refusal(request.user)
    if request.method == "POST" and refusal:
        forbidden(refusal)
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_close(user=request.user, by=request.user)
        logout(request)
        messages.success(request, _("Your account is closed. Thank you for working with the office."))
        return redirect("landing")
    context = {"form": form, "refusal": refusal, "organisation": request.user.organisation}
    return render(request, "profiles/close_account.html", context)
