"""The staff's side of identity: changes of identity awaiting the office (a list, one change with its
decision), and what the vetting page shows of possible duplicates and of the organisation's changes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innovation_office.forms import add_service_errors
from innovation_office.paginator import CountedPaginator

from ..decorators import staff_required
from ..forms import IdentityDecisionForm
from ..models import IdentityChangeState, Organisation, User
from ..selectors import identity_change_get, identity_changes_for_staff, identity_changes_of, possible_duplicates_of
from ..services import identity_change_approve, identity_change_decline

PAGE_SIZE = 25


def vetting_page_context(user: User, organisation: Organisation) -> dict:
    """What the organisation's vetting page hands to the includes `profiles/staff/includes/duplicates.html`
    and `profiles/staff/includes/identity_changes.html`."""
    return {
        "duplicates": possible_duplicates_of(user, organisation),
        "identity_changes": identity_changes_of(user, organisation)[:10],
        "identity_decision_form": IdentityDecisionForm(),
    }


@staff_required
@require_GET
def identity_change_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", IdentityChangeState.PENDING)
    state = state if state in IdentityChangeState.values or state == "" else IdentityChangeState.PENDING
    changes = identity_changes_for_staff(request.user, state=state)
    if state != IdentityChangeState.PENDING:
        changes = changes.reverse()
    page = CountedPaginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "states": IdentityChangeState.choices}
    return render(request, "profiles/staff/identity_changes.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def identity_change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = identity_change_get(request.user, pk)
    form = IdentityDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = identity_change_approve if form.cleaned_data["decision"] == "approve" else identity_change_decline
        try:
            decide(change=change, by=request.user, rationale=form.cleaned_data["rationale"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["decision"] == "approve":
                messages.success(request, _("The change is approved and applied."))
            else:
                messages.success(request, _("The change is declined."))
            return redirect("profiles_staff:organisation_detail", pk=change.organisation_id)
    context = {
        "change": change,
        "form": form,
        "duplicates": possible_duplicates_of(request.user, change.organisation),
    }
    return render(request, "profiles/staff/identity_change.html", context)
