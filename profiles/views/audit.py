"""The audit trail for staff: browse and filter it, and export what the filter selects as CSV."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.forms import AuditFilterForm
from audit.services import audit_record
from innovation_office.csv_export import csv_response
from innovation_office.paginator import CountedPaginator

from ..decorators import staff_required
from ..selectors import audit_trail_for

PAGE_SIZE = 50
CSV_HEADER = (
    "time",
    "action",
    "actor",
    "object_type",
    "object_id",
    "object",
    "organisation",
    "origin",
    "path",
    "detail",
)


@staff_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = audit_trail_for(request.user, **form.filters())
    page = CountedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "profiles/staff/audit.html", {"form": form, "page": page, "query": query.urlencode()})


def _rows(entries):
    yield CSV_HEADER
    for entry in entries.iterator(chunk_size=2000):
        yield (
            timezone.localtime(entry.at).isoformat(),
            entry.action,
            entry.actor_email,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            entry.organisation_id,
            entry.origin,
            entry.path,
            entry.detail or "",
        )


@staff_required
@require_GET
def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    audit_record("audit.exported", actor=request.user, detail={k: str(v) for k, v in filters.items() if v})
    return csv_response(_rows(audit_trail_for(request.user, **filters)), "audit-trail")
