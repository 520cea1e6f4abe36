"""The staff dashboard and its CSV exports."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from innovation_office.csv_export import csv_response
from profiles.decorators import staff_required

from ..selectors import dashboard
from .charts import bar_chart


@staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    figures = dashboard.figures(request.user)
    context = {
        "figures": figures,
        "funnel": figures.funnel,
        "funnel_chart": bar_chart([(row.label, [(row.value, f"state-{row.key}")]) for row in figures.funnel]),
        "gaps": figures.gaps,
        "gap_chart": bar_chart(
            [(gap.area, [(gap.with_candidate, "covered"), (gap.without_candidate, "gap")]) for gap in figures.gaps]
        ),
        "urgency": figures.urgency,
        "urgency_chart": bar_chart([(row.label, [(row.value, f"urgency-{row.key}")]) for row in figures.urgency]),
        "to_proposal": figures.to_proposal,
        "to_acceptance": figures.to_acceptance,
        "waiting_on_licence": figures.waiting_on_licence,
    }
    return render(request, "matching/dashboard.html", context)


@staff_required
@require_GET
def matches_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response(dashboard.match_export_rows(request.user), "matches")


@staff_required
@require_GET
def gaps_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response(dashboard.gap_export_rows(request.user), "capability-gaps")
