"""The parties' pages: the introductions proposed to them, one match as their side may see it with their answer
and the steps after it, and the pulls (a startup's interest in a request, an officer's request for an introduction)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from innovation_office.forms import add_service_errors
from innovation_office.paginator import CountedPaginator
from innovation_office.refusals import not_found
from needs.models import RequestState
from needs.permissions import reads_anonymised_requests
from needs.selectors import request_get, request_get_for, requests_for_management
from needs.services import request_record_read, requests_record_reads
from offers.models import OfferState
from offers.selectors import offer_get, own_offers

from .. import services, states
from ..forms import InterestForm, IntroductionForm, MessageForm
from ..permissions import may_request_introduction, may_see_work, side_of, startup_reads_request_text
from ..selectors import counterpart_for, match_get, proposals_for, timeline_for
from ..selectors.fitting import fitting_requests_for
from ..selectors.together import work_summary


def _side(user, match) -> str:
    return side_of(user, match) or "staff"


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    page = CountedPaginator(proposals_for(request.user), 20).get_page(request.GET.get("page"))
    rows = [
        {
            "match": match,
            "side": _side(request.user, match),
            "awaits_answer": "accept" in {move.name for move in states.moves_for(request.user, match)},
        }
        for match in page.object_list
    ]
    requests_record_reads([match.capability_request for match in page.object_list], by=request.user)
    return render(request, "matching/party_list.html", {"page": page, "rows": rows})


def _startup_view_of_request(user, match):
    """What the startup may read of the request: the anonymised projection while it is open to vetted startups,
    otherwise (restricted, or no longer open) only the office's summary."""
    if not startup_reads_request_text(match):
        return None
    try:
        return request_get_for(user, match.capability_request_id)
    except Http404:
        return None


def _render_detail(request: HttpRequest, match, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    side = _side(user, match)
    moves = states.moves_for(user, match)
    move_names = [move.name for move in moves]
    request_record_read(capability_request=match.capability_request, by=user)
    context = {
        "match": match,
        "side": side,
        "request_item": _startup_view_of_request(user, match) if side == "startup" else None,
        "counterpart": counterpart_for(user, match),
        "timeline": timeline_for(user, match),
        "may_answer": "accept" in move_names,
        "may_decline": "decline" in move_names,
        "my_acceptance": getattr(match, f"{side}_accepted_at", None) if side != "staff" else None,
        "answer_form": forms.get("answer") or MessageForm(),
        "steps": [move for move in moves if move.name in states.AFTER_INTRODUCTION],
        "work": work_summary(match) if match.state in states.REVEALED and may_see_work(user, match) else None,
    }
    return render(request, "matching/party_detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, match_get(request.user, pk, with_work=True))


def _failed(request: HttpRequest, match, form, form_key: str, error: Exception) -> HttpResponse | None:
    """Shows a refusal: beside the form's fields when it names them, otherwise as a message."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return _render_detail(request, match, status=400, **{form_key: form})
    messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    return None


MOVE_DONE = {
    "accept": gettext_lazy("You accepted the introduction."),
    "decline": gettext_lazy("You declined the introduction."),
}


def _arguments(move: str, message: str) -> dict:
    return {"message": message} if move in ("accept", "decline") else {"note": message}


@login_required
@require_POST
def move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """A party's answer (accept, decline) or a step after the introduction, through its service."""
    if move not in states.ON_THE_PARTY_PAGE:
        not_found()
    match = match_get(request.user, pk, with_work=True)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, match, status=400, answer=form)
    try:
        services.MOVE_SERVICES[move](match=match, by=request.user, **_arguments(move, form.cleaned_data["message"]))
    except ValidationError as error:
        if (response := _failed(request, match, form, "answer", error)) is not None:
            return response
    else:
        messages.success(request, str(MOVE_DONE.get(move) or _("The match moved on.")))
    return redirect("matching_parties:detail", pk=pk)


def _pull_failed(request: HttpRequest, form, error: Exception | None = None) -> None:
    if error is not None:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@login_required
@require_POST
def express_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """A vetted startup's interest in a request it can read, with one of its published offers."""
    user = request.user
    request_get_for(user, pk)
    offers = own_offers(user, state=OfferState.PUBLISHED)
    form = InterestForm(request.POST, offers=offers)
    if not form.is_valid():
        _pull_failed(request, form)
        return redirect("needs:detail", pk=pk)
    try:
        services.match_express_interest(
            capability_request_id=pk,
            offer=offers.get(pk=form.cleaned_data["offer"]),
            by=user,
            pitch=form.cleaned_data["pitch"],
        )
    except ValidationError as error:
        _pull_failed(request, form, error)
    else:
        messages.success(request, _("The office has your interest and will come back to you."))
    return redirect("needs:detail", pk=pk)


@login_required
@require_POST
def request_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer asks the office to introduce one of their open requests to an offer in the catalogue."""
    user = request.user
    if not may_request_introduction(user):
        not_found()
    offer = offer_get(user, pk)
    requests = requests_for_management(user, state=RequestState.OPEN)
    form = IntroductionForm(request.POST, requests=requests)
    if not form.is_valid():
        _pull_failed(request, form)
        return redirect("offers:detail", pk=pk)
    try:
        services.match_request_introduction(
            capability_request=request_get(user, form.cleaned_data["capability_request"]),
            offer=offer,
            by=user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _pull_failed(request, form, error)
    else:
        messages.success(request, _("The office has your request for an introduction and will come back to you."))
    return redirect("offers:detail", pk=pk)


@login_required
@require_GET
def fitting_requests(request: HttpRequest) -> HttpResponse:
    """A startup's published offers, each with the open requests that fit it best."""
    context = {
        "reads_requests": reads_anonymised_requests(request.user),
        "offers": fitting_requests_for(request.user),
    }
    return render(request, "matching/fitting_requests.html", context)
