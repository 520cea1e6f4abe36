"""Staff pages of the pipeline: a request's candidates, and the full rescores with their progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from needs.selectors import request_get
from needs.services import request_record_read
from profiles.decorators import staff_required

from .models import RunStatus
from .selectors import (
    candidates_for_request,
    contacts_for_staff,
    match_get,
    scoring_run_get,
    scoring_runs_for,
    timeline_for,
)
from .services import scoring_run_start

COMPONENTS = ("text", "area", "readiness", "timing", "capacity", "price")


@staff_required
@require_GET
def request_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    capability_request = request_get(request.user, pk)
    request_record_read(capability_request=capability_request, by=request.user, path=request.path)
    candidates = candidates_for_request(request.user, capability_request)
    rows = [
        {"match": match, "bars": [(name, round(100 * match.components.get(name, 0))) for name in COMPONENTS]}
        for match in candidates
    ]
    return render(request, "matching/request_candidates.html", {"capability_request": capability_request, "rows": rows})


@staff_required
@require_GET
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_get(request.user, pk)
    request_record_read(capability_request=match.capability_request, by=request.user, path=request.path)
    context = {
        "match": match,
        "bars": [(name, round(100 * match.components.get(name, 0))) for name in COMPONENTS],
        "contacts": contacts_for_staff(request.user, match),
        "timeline": timeline_for(request.user, match),
    }
    return render(request, "matching/match_detail.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def runs(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            scoring_run_start(by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("A full rescore has started."))
        return redirect("matching:runs")
    page = Paginator(scoring_runs_for(request.user), 20).get_page(request.GET.get("page"))
    active = any(run.status in (RunStatus.QUEUED, RunStatus.RUNNING) for run in page.object_list)
    return render(request, "matching/runs.html", {"page": page, "active": active})


@staff_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "matching/_run_row.html", {"run": scoring_run_get(request.user, pk)})
