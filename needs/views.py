"""Pages for capability requests: officers write them, startups browse them anonymised, staff oversee them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation_office.forms import (
    add_service_errors,
    submission_done,
    submission_key,
    submission_record,
)
from innovation_office.fragments import known_parameters, page_number, shared_part
from innovation_office.paginator import CountedPaginator
from innovation_office.refusals import forbidden, not_found
from innovation_office.search import meaning_ready
from offers.models import TRL_DEFINITIONS
from profiles.permissions import is_staff
from profiles.selectors import ukrainian_organisations_for_invitation
from taxonomy.reading import tell_why_matched
from taxonomy.selectors import areas_version

from .forms import CapabilityRequestForm, ManagementFilterForm, StartupFilterForm
from .models import CapabilityRequest, OperatingCondition, RequestState
from .permissions import (
    may_manage,
    may_write_requests,
    reads_anonymised_requests,
    reads_own_requests,
    sees_full_requests,
)
from .selectors import (
    catalogue_readers,
    request_get,
    request_get_for,
    requests_for_management,
    requests_for_startup,
)
from .services import MOVE_SERVICES, request_create, request_record_read, request_update, requests_record_reads
from .states import EDITABLE_STATES, REQUEST_STATES

MANAGEMENT_PAGE_SIZE = 20


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_startup_member:
        return _startup_catalogue(request)
    if sees_full_requests(request.user):
        return _management_list(request)
    not_found()


def _startup_catalogue(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    # Read before the form checks its values against the areas (see offers.views.catalogue).
    filters_stamp = areas_version()
    form = StartupFilterForm(request.GET)
    reads = reads_anonymised_requests(request.user)
    context = {"form": form, "vetted": reads, "organisation": organisation}
    if reads:
        filters = form.filters()
        known = known_parameters(request.GET, form.fields)
        number = page_number(request.GET.get("page"))
        context["results"] = shared_part(
            "request-catalogue",
            catalogue_readers(request.user),
            (filters, number),
            lambda: render_to_string(
                "needs/includes/catalogue_results.html",
                {
                    "page": requests_for_startup(request.user, filters, number),
                    "query_string": known.urlencode(),
                    "LANGUAGE_CODE": get_language(),
                },
            ),
            keep=lambda: not filters.by_meaning or meaning_ready(CapabilityRequest),
        )
        context["query_string"] = _without_page(request)
        context["filters_stamp"] = filters_stamp
    return render(request, "needs/catalogue.html", context)


def _management_list(request: HttpRequest) -> HttpResponse:
    organisations = None
    if is_staff(request.user):
        organisations = ukrainian_organisations_for_invitation(request.user)
    form = ManagementFilterForm(request.GET, organisations=organisations)
    requests = requests_for_management(request.user, **form.values())
    page = CountedPaginator(requests, MANAGEMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    requests_record_reads(page.object_list, by=request.user)
    if query := form.values()["query"]:
        tell_why_matched(query, page.object_list)
    context = {"form": form, "page": page, "query_string": _without_page(request)}
    return render(request, "needs/request_list.html", context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.is_startup_member:
        return render(request, "needs/catalogue_detail.html", {"item": request_get_for(request.user, pk)})
    capability_request = request_get(request.user, pk)
    audited = request_record_read(capability_request=capability_request, by=request.user)
    context = {
        "capability_request": capability_request,
        "audited": audited,
        "editable": capability_request.state in EDITABLE_STATES,
        "transitions": _transition_buttons(request.user, capability_request),
        "candidates_pending": may_manage(request.user, capability_request) and capability_request.candidates_pending,
        "trl_definition": TRL_DEFINITIONS.get(capability_request.min_trl, ""),
        "condition_labels": [
            OperatingCondition(code).label
            for code in capability_request.conditions
            if code in OperatingCondition.values
        ],
    }
    return render(request, "needs/request_detail.html", context)


@login_required
@require_GET
def request_scoring(request: HttpRequest, pk: int) -> HttpResponse:
    """The request page's note while its candidate offers are being computed; empty once they are. It shows
    nothing of the request, so reading it is not audited."""
    capability_request = request_get(request.user, pk)
    if not may_manage(request.user, capability_request):
        forbidden(_("You cannot change this request."))
    context = {"capability_request": capability_request, "candidates_pending": capability_request.candidates_pending}
    return render(request, "needs/includes/candidates_pending.html", context)


# How each move's button looks; which buttons show is REQUEST_STATES's to say.
BUTTON_CLASSES = {
    "open": "button",
    "fulfil": "button secondary",
    "close": "button secondary",
    "cancel": "button danger",
}


def _transition_buttons(user, capability_request) -> list[tuple[str, str, str]]:
    return [
        (move.target, move.label, BUTTON_CLASSES[move.name])
        for move in REQUEST_STATES.moves_for(user, capability_request)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def request_create_view(request: HttpRequest) -> HttpResponse:
    if not reads_own_requests(request.user):
        not_found()
    if not may_write_requests(request.user):
        forbidden(_("Your organisation is not in good standing: it cannot post requests."))
    key = submission_key(request)
    already_saved = request.method == "POST" and submission_done(request, "needs.request", key)
    if already_saved:
        messages.info(request, _("This form was already sent: the request is saved once, here."))
        return redirect("needs:detail", pk=already_saved)
    form = CapabilityRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            capability_request = request_create(fields=form.request_fields(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            submission_record(request, "needs.request", key, capability_request.pk)
            messages.success(request, _("The request is saved as a draft. Open it when it is ready for suppliers."))
            return redirect("needs:detail", pk=capability_request.pk)
    return render(request, "needs/request_form.html", {"form": form, "creating": True, "submission_key": key})


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    capability_request = request_get(request.user, pk)
    if not may_manage(request.user, capability_request):
        forbidden(_("You cannot change this request."))
    if capability_request.state not in EDITABLE_STATES:
        messages.error(request, _("This request is finished and can no longer be edited."))
        return redirect("needs:detail", pk=capability_request.pk)
    form = CapabilityRequestForm(request.POST or None, instance=capability_request)
    if request.method == "POST" and form.is_valid():
        try:
            request_update(capability_request=capability_request, fields=form.request_fields(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("needs:detail", pk=capability_request.pk)
    request_record_read(capability_request=capability_request, by=request.user)
    context = {"form": form, "creating": False, "capability_request": capability_request}
    return render(request, "needs/request_form.html", context)


@login_required
@require_POST
def request_change_state(request: HttpRequest, pk: int) -> HttpResponse:
    capability_request = request_get(request.user, pk)
    target = request.POST.get("to", "")
    if target not in RequestState.values:
        messages.error(request, _("Unknown change of state."))
        return redirect("needs:detail", pk=capability_request.pk)
    try:
        move = REQUEST_STATES.move_to(capability_request.state, target)
        capability_request = MOVE_SERVICES[move.name](capability_request=capability_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The request is now %(state)s.") % {"state": capability_request.get_state_display().lower()}
        )
    return redirect("needs:detail", pk=capability_request.pk)
