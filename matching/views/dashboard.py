"""The staff dashboard and its CSV exports."""

import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from profiles.decorators import staff_required

from ..selectors import dashboard
from .charts import bar_chart

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_response(rows, name: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([csv_safe(cell) for cell in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.csv"'
    add_never_cache_headers(response)
    return response


@staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    funnel = dashboard.funnel(user)
    gaps = dashboard.capability_gaps(user)
    urgency = dashboard.requests_by_urgency(user)
    context = {
        "funnel": funnel,
        "funnel_chart": bar_chart([(row.label, [(row.value, f"state-{row.key}")]) for row in funnel]),
        "gaps": gaps,
        "gap_chart": bar_chart(
            [(gap.area, [(gap.with_candidate, "covered"), (gap.without_candidate, "gap")]) for gap in gaps]
        ),
        "urgency": urgency,
        "urgency_chart": bar_chart([(row.label, [(row.value, f"urgency-{row.key}")]) for row in urgency]),
        "to_proposal": dashboard.time_to_first_proposal(user),
        "to_acceptance": dashboard.time_to_acceptance(user),
    }
    return render(request, "matching/dashboard.html", context)


@staff_required
@require_GET
def matches_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv_response(dashboard.match_export_rows(request.user), "matches")


@staff_required
@require_GET
def gaps_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv_response(dashboard.gap_export_rows(request.user), "capability-gaps")
