"""The office's staff area: organisations and their vetting, and inviting Ukrainian officers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innovation_office.forms import add_service_errors
from innovation_office.paginator import CountedPaginator

from ..decorators import staff_required
from ..forms import OfficerInvitationForm, VettingForm
from ..models import OrganisationKind, VettingState
from ..selectors import (
    identity_changes_for_staff,
    organisation_get,
    organisations_for_staff_list,
    ukrainian_organisations_for_invitation,
)
from ..services import invitation_create, organisation_set_vetting
from .identity import vetting_page_context as identity_page_context
from .vetting import vetting_needs_a_second_staff_member, vetting_page_context

PAGE_SIZE = 25


@staff_required
@require_GET
def staff_index(request: HttpRequest) -> HttpResponse:
    pending = organisations_for_staff_list(request.user, vetting_state=VettingState.PENDING).count()
    identity_change_count = identity_changes_for_staff(request.user).count()
    context = {"pending_count": pending, "identity_change_count": identity_change_count}
    return render(request, "profiles/staff/index.html", context)


@staff_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    state = state if state in VettingState.values else ""
    kind = kind if kind in OrganisationKind.values else ""
    organisations = organisations_for_staff_list(request.user, vetting_state=state, kind=kind, query=query)
    if state == VettingState.PENDING:
        # The vetting queue shows who registered, so staff can judge without opening each organisation.
        organisations = organisations.prefetch_related("memberships__user")
    page = CountedPaginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "kind": kind,
        "query": query,
        "states": VettingState.choices,
        "kinds": [choice for choice in OrganisationKind.choices if choice[0] != OrganisationKind.OFFICE],
    }
    return render(request, "profiles/staff/organisation_list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The vetting page: the evidence, the history, a pending proposal, and the decision form."""
    organisation = organisation_get(request.user, pk)
    form = VettingForm(request.POST or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        to_state = form.cleaned_data["to_state"]
        proposed = vetting_needs_a_second_staff_member(organisation, to_state)
        try:
            organisation_set_vetting(
                organisation=organisation, to_state=to_state, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = _("Decision proposed: it takes effect when a second staff member confirms it.")
            messages.success(request, done if proposed else _("Vetting state updated."))
            return redirect("profiles_staff:organisation_detail", pk=organisation.pk)
    context = vetting_page_context(request, organisation, form)
    context.update(identity_page_context(request.user, organisation))
    return render(request, "profiles/staff/organisation_detail.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def invite_officer(request: HttpRequest) -> HttpResponse:
    form = OfficerInvitationForm(
        request.POST or None, organisations=ukrainian_organisations_for_invitation(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation_create(
                organisation=data["organisation"],
                email=data["email"],
                role=data["role"],
                by=request.user,
                language=data["language"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("profiles_staff:invite_officer")
    return render(request, "profiles/staff/invite_officer.html", {"form": form})
