"""The parties' pages: the introductions proposed to them, and one match as their side may see it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .rules import is_startup_party
from .selectors import counterpart_for, match_get, proposals_for, timeline_for


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(proposals_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "matching/party_list.html", {"page": page})


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = match_get(request.user, pk)
    context = {
        "match": match,
        "side": "startup" if is_startup_party(request.user, match) else "officer",
        "counterpart": counterpart_for(request.user, match),
        "timeline": timeline_for(request.user, match),
    }
    return render(request, "matching/party_detail.html", context)
