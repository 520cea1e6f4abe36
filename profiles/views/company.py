"""A startup's company profile: its administrators edit it, its other members read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import add_service_errors
from ..forms_offers import CompanyProfileForm
from ..selectors_offers import own_startup
from ..services_offers import may_edit_profile, organisation_update_profile


@login_required
@require_http_methods(["GET", "POST"])
def company(request: HttpRequest) -> HttpResponse:
    organisation = own_startup(request.user)
    if not may_edit_profile(request.user, organisation):
        if request.method == "POST":
            return redirect("profiles:company_profile")
        return render(request, "profiles/offers/company.html", {"organisation": organisation})
    initial = {name: getattr(organisation, name) for name in CompanyProfileForm.base_fields if name != "logo"}
    form = CompanyProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update_profile(organisation=organisation, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The company profile is saved."))
            return redirect("profiles:company_profile")
    return render(request, "profiles/offers/company.html", {"organisation": organisation, "form": form})
