"""The parties' pages: the introductions proposed to them, one match as their side may see it with their answer
and the steps after it, and the pulls (a startup's interest in a request, an officer's request for an introduction)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from needs.models import RequestState, Visibility
from needs.selectors import request_get, request_get_for, requests_for_management, requests_visible_to
from offers.models import OfferState
from offers.selectors import offer_get, own_offers

from . import services
from .forms import FeedbackForm, InterestForm, IntroductionForm, MessageForm
from .models import FieldFeedback, MatchState
from .rules import is_officer_party, is_startup_party
from .selectors import counterpart_for, match_get, proposals_for, timeline_for
from .steps import STEPS, steps_for, take_step


def _side(user, match) -> str:
    if is_startup_party(user, match):
        return "startup"
    if is_officer_party(user, match):
        return "officer"
    return "staff"


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(proposals_for(request.user), 20).get_page(request.GET.get("page"))
    rows = [{"match": match, "side": _side(request.user, match)} for match in page.object_list]
    return render(request, "matching/party_list.html", {"page": page, "rows": rows})


def _startup_view_of_request(user, match):
    """What the startup may read of the request: the anonymised projection while it is open to vetted startups,
    otherwise (restricted, or no longer open) only the office's summary."""
    if match.capability_request.visibility != Visibility.VETTED:
        return None
    try:
        return request_get_for(user, match.capability_request_id)
    except Http404:
        return None


def _feedback(match) -> FieldFeedback | None:
    return FieldFeedback.objects.filter(match=match).first()


def _render_detail(request: HttpRequest, match, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    side = _side(user, match)
    my_acceptance = getattr(match, f"{side}_accepted_at", None) if side != "staff" else None
    feedback = _feedback(match)
    context = {
        "match": match,
        "side": side,
        "request_item": _startup_view_of_request(user, match) if side == "startup" else None,
        "counterpart": counterpart_for(user, match),
        "timeline": timeline_for(user, match),
        "may_answer": side != "staff" and match.state == MatchState.PROPOSED and my_acceptance is None,
        "may_decline": side != "staff" and match.state in (MatchState.PROPOSED, MatchState.ACCEPTED),
        "my_acceptance": my_acceptance,
        "answer_form": forms.get("answer") or MessageForm(),
        "steps": steps_for(match.state),
        "step_form": MessageForm(),
        "feedback": feedback,
        "feedback_form": forms.get("feedback") or FeedbackForm(),
        "may_give_feedback": (
            side == "officer"
            and feedback is None
            and match.state in (MatchState.CONTRACTED, MatchState.CLOSED)
            and match.events.filter(action="start_pilot").exists()
        ),
    }
    return render(request, "matching/party_detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, match_get(request.user, pk))


def _act(action: str, match, by, data: dict) -> str:
    if action == "accept":
        services.match_accept(match=match, by=by, message=data["message"])
        return _("You accepted the introduction.")
    if action == "decline":
        services.match_decline(match=match, by=by, message=data["message"])
        return _("You declined the introduction.")
    if action == "feedback":
        services.feedback_submit(match=match, by=by, **data)
        return _("Thank you: your feedback has been sent to the startup.")
    take_step(action, match=match, by=by, note=data["message"])
    return _("The match moved on.")


@login_required
@require_POST
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Accept, decline, a step after acceptance, or field feedback, each through its service."""
    if action not in ("accept", "decline", "feedback", *STEPS):
        raise Http404
    match = match_get(request.user, pk)
    form = (FeedbackForm if action == "feedback" else MessageForm)(request.POST)
    form_key = "feedback" if action == "feedback" else "answer"
    if not form.is_valid():
        return _render_detail(request, match, status=400, **{form_key: form})
    try:
        done = _act(action, match, request.user, form.cleaned_data)
    except (PermissionDenied, ValidationError) as error:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _render_detail(request, match, status=400, **{form_key: form})
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, done)
    return redirect("matches:detail", pk=pk)


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
    capability_request = requests_visible_to(user).get(pk=pk)
    offers = own_offers(user, state=OfferState.PUBLISHED)
    form = InterestForm(request.POST, offers=offers)
    if not form.is_valid():
        _pull_failed(request, form)
        return redirect("needs:detail", pk=pk)
    try:
        services.match_express_interest(
            capability_request=capability_request,
            offer=offers.get(pk=form.cleaned_data["offer"]),
            by=user,
            pitch=form.cleaned_data["pitch"],
        )
    except (PermissionDenied, ValidationError) as error:
        _pull_failed(request, form, error)
    else:
        messages.success(request, _("The office has your interest and will come back to you."))
    return redirect("needs:detail", pk=pk)


@login_required
@require_POST
def request_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer asks the office to introduce one of their open requests to an offer in the catalogue."""
    user = request.user
    offer = offer_get(user, pk)
    if not user.is_officer:
        raise Http404
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
    except (PermissionDenied, ValidationError) as error:
        _pull_failed(request, form, error)
    else:
        messages.success(request, _("The office has your request for an introduction and will come back to you."))
    return redirect("offers:detail", pk=pk)
