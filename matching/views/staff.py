"""Staff pages of the pipeline: the match queue, a request's candidates and its curator, one match with its
curation, and the full rescores with their progress."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innovation_office.forms import add_service_errors
from innovation_office.paginator import CountedPaginator
from innovation_office.redirects import safe_next
from innovation_office.refusals import not_found
from needs.models import Visibility
from needs.selectors import request_get
from needs.services import request_curator_set, request_record_read, requests_record_reads
from profiles.decorators import staff_required
from profiles.selectors import office_staff
from taxonomy.selectors import area_tree

from .. import services, states
from ..checks import pair_checks
from ..explanations import fit_rows
from ..forms import (
    BulkForm,
    CuratorForm,
    DismissForm,
    MessageForm,
    NoteForm,
    ProposeForm,
    QueueFilterForm,
    TrialSlotForm,
)
from ..models import RunStatus
from ..selectors import (
    areas_of_pair,
    candidates_for_request,
    contacts_for_staff,
    match_get,
    matches_visible_to,
    scoring_run_get,
    scoring_runs_for,
    timeline_for,
)
from ..selectors.queue import (
    PAIRS_LISTED,
    PAIRS_SHOWN,
    queue_groups_for,
    queue_groups_of,
    queue_matches_get,
    queue_more_of,
    queue_narrowing,
)
from ..selectors.together import pilots_waiting_for_slot, trial_slots_for, waiting_on_licence, work_summary

# Requests a page of the queue shows.
QUEUE_PAGE_SIZE = 10


def _staff_by_name() -> list:
    return sorted(office_staff(), key=lambda user: user.display_name.lower())


@staff_required
@require_GET
def request_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    capability_request = request_get(request.user, pk)
    request_record_read(capability_request=capability_request, by=request.user)
    candidates = candidates_for_request(request.user, capability_request)
    rows = [{"match": match} for match in candidates]
    context = {
        "capability_request": capability_request,
        "rows": rows,
        "staff": _staff_by_name(),
    }
    return render(request, "matching/request_candidates.html", context)


@staff_required
@require_POST
def request_curator(request: HttpRequest, pk: int) -> HttpResponse:
    """Makes a staff member (or nobody) the curator of a request, from the queue or the request's candidates."""
    capability_request = request_get(request.user, pk)
    back = safe_next(request, reverse("matching:request_candidates", args=[pk]))
    staff = _staff_by_name()
    form = CuratorForm(request.POST, staff=staff)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["curator"]))
        return redirect(back)
    curator = next((user for user in staff if user.pk == form.cleaned_data["curator"]), None)
    try:
        request_curator_set(capability_request=capability_request, curator=curator, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _curator_done(curator, request.user))
    return redirect(back)


def _curator_done(curator, user) -> str:
    if curator is None:
        return _("The request has no curator now.")
    if curator == user:
        return _("You curate this request now.")
    return _("%(name)s curates this request now.") % {"name": curator.display_name}


@staff_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    """GET lists the queue, a group per request, with its filters; POST applies one bulk action to the ticked
    matches."""
    if request.method == "POST":
        return _queue_bulk(request)
    user = request.user
    filter_form = QueueFilterForm(request.GET or None, areas=area_tree())
    filters = filter_form.filters()
    page = CountedPaginator(queue_groups_for(user, filters), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    groups = queue_groups_of(user, list(page.object_list), filters)
    requests_record_reads([group.request for group in groups], by=user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filter_form,
        "narrowed": _narrowed(query, queue_narrowing(user, filters)),
        "page": page,
        "groups": [_group(group, query) for group in groups],
        "staff": _staff_by_name(),
        "query_string": query.urlencode(),
        "bulk_form": BulkForm(None, match_ids=[]),
    }
    return render(request, "matching/queue.html", context)


def _narrowed(query, names: dict[str, str]) -> list[dict]:
    """The request and startup the queue is narrowed to, each with the link that drops it."""
    labels = {"request": _("Request"), "startup": _("Startup")}
    narrowed = []
    for key, name in names.items():
        without = query.copy()
        without.pop(key, None)
        narrowed.append({"label": labels[key], "name": name, "drop": "?" + without.urlencode()})
    return narrowed


def _group(group, query) -> dict:
    # Its "more" loads the rest when opened (see queue_more), as the queue is filtered and but for the pairs shown.
    more = query.copy()
    more["shown"] = ",".join(str(match.pk) for match in group.pairs)
    return {
        "request": group.request,
        "waiting_since": group.waiting_since,
        "shown": [{"match": match} for match in group.pairs],
        "more": min(group.pairs_in_queue, PAIRS_LISTED) - len(group.pairs),
        "more_url": reverse("matching:queue_more", args=[group.request.pk]) + "?" + more.urlencode(),
        "pairs_in_queue": group.pairs_in_queue,
    }


@staff_required
@require_GET
def queue_more(request: HttpRequest, pk: int) -> HttpResponse:
    """The pairs of a request's group of the queue but for those the queue shows (`shown`), as the queue's filters
    (in the query) narrow them: what the group's "more" loads when opened. Opened as a page, the request's
    candidates."""
    capability_request = request_get(request.user, pk)
    if not request.htmx:
        return redirect("matching:request_candidates", pk=capability_request.pk)
    filters = QueueFilterForm(request.GET or None, areas=area_tree()).filters()
    shown = [int(part) for part in request.GET.get("shown", "").split(",")[:PAIRS_SHOWN] if _is_number(part)]
    pairs, unlisted = queue_more_of(request.user, capability_request, filters, shown)
    query = request.GET.copy()
    for name in ("page", "shown"):
        query.pop(name, None)
    context = {
        "capability_request": capability_request,
        "rows": [{"match": match} for match in pairs],
        "unlisted": unlisted,
        "query_string": query.urlencode(),
    }
    return render(request, "matching/includes/queue_more.html", context)


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18


def _queue_bulk(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("match_ids") if value.isdigit()]
    matches = queue_matches_get(request.user, ids)
    form = BulkForm(request.POST, match_ids=[match.pk for match in matches])
    back = request.POST.get("next", "")
    target = f"{request.path}?{back}" if back else request.path
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(target)
    data = form.cleaned_data
    done, refused = 0, []
    for match in matches:
        try:
            if data["action"] == "shortlist":
                services.match_shortlist(match=match, by=request.user)
            else:
                services.match_dismiss(match=match, by=request.user, reason=data["reason"], note=data["note"])
        except ValidationError as error:
            refused.append(f"{match.offer.title}: {' '.join(error.messages)}")
        else:
            done += 1
    if done:
        messages.success(request, _("%(count)d matches updated.") % {"count": done})
    for line in refused:
        messages.error(request, line)
    return redirect(target)


def _render_match(request: HttpRequest, match, *, status: int = 200, **forms) -> HttpResponse:
    request_record_read(capability_request=match.capability_request, by=request.user)
    moves = states.moves_for(request.user, match)
    areas, offer_areas = areas_of_pair(match)
    capability_request, offer = match.capability_request, match.offer
    # Read from the two rows as they are today, beside their values; the stored checklist is the last scoring's.
    checks = pair_checks(capability_request, offer, timezone.localdate())
    context = {
        "match": match,
        "fit_rows": fit_rows(checks, capability_request, offer),
        "contacts": contacts_for_staff(request.user, match),
        "timeline": timeline_for(request.user, match),
        "restricted": match.capability_request.visibility == Visibility.RESTRICTED,
        "areas": areas,
        "offer_areas": offer_areas,
        "dismiss_form": forms.get("dismiss") or DismissForm(),
        "propose_form": forms.get("propose") or ProposeForm(),
        "note_form": forms.get("note") or NoteForm(),
        "move_names": [move.name for move in moves],
        "steps": [move for move in moves if move.name in states.AFTER_INTRODUCTION],
        "work": work_summary(match) if match.state in states.REVEALED else None,
    }
    return render(request, "matching/match_detail.html", context, status=status)


@staff_required
@require_GET
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_match(request, match_get(request.user, pk, with_work=True))


# The form each move of the staff page posts; the steps after the introduction post an optional message.
MOVE_FORMS = {"shortlist": MessageForm, "dismiss": DismissForm, "propose": ProposeForm}
MOVE_DONE = {
    "shortlist": gettext_lazy("Shortlisted."),
    "dismiss": gettext_lazy("Dismissed."),
    "propose": gettext_lazy("Introduction proposed to both sides."),
}


def _move_arguments(name: str, data: dict) -> dict:
    if name in states.AFTER_INTRODUCTION:
        return {"note": data["message"]}
    if name == "shortlist":
        return {}
    return data


@staff_required
@require_POST
def match_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """One move of states.MATCH made by staff, through its service."""
    if move not in states.ON_THE_STAFF_PAGE:
        not_found()
    match = match_get(request.user, pk, with_work=True)
    form = MOVE_FORMS.get(move, MessageForm)(request.POST)
    if not form.is_valid():
        return _render_match(request, match, status=400, **{move: form})
    try:
        services.MOVE_SERVICES[move](match=match, by=request.user, **_move_arguments(move, form.cleaned_data))
    except ValidationError as error:
        if move in MOVE_FORMS and hasattr(error, "error_dict"):
            add_service_errors(form, error)
            return _render_match(request, match_get(request.user, pk, with_work=True), status=400, **{move: form})
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(MOVE_DONE.get(move) or _("The match moved on.")))
    return redirect("matching:match_detail", pk=pk)


@staff_required
@require_POST
def match_note(request: HttpRequest, pk: int) -> HttpResponse:
    """An internal note on the match's timeline."""
    match = match_get(request.user, pk, with_work=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_match(request, match, status=400, note=form)
    try:
        services.match_add_note(match=match, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_match(request, match, status=400, note=form)
    messages.success(request, _("Note added."))
    return redirect("matching:match_detail", pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def runs(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.scoring_run_start(by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("A full rescore has started."))
        return redirect("matching:runs")
    page = CountedPaginator(scoring_runs_for(request.user), 20).get_page(request.GET.get("page"))
    active = any(run.status in (RunStatus.QUEUED, RunStatus.RUNNING) for run in page.object_list)
    return render(request, "matching/runs.html", {"page": page, "active": active})


@staff_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "matching/_run_row.html", {"run": scoring_run_get(request.user, pk)})


def _month(value: str | None):
    """The first day of the month `YYYY-MM` names, or of this month."""
    try:
        month = datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)
    # The page links to the months either side: the calendar's first and last cannot be shown.
    return month if 1900 <= month.year <= 9000 else timezone.localdate().replace(day=1)


@staff_required
@require_http_methods(["GET", "POST"])
def trial_slots(request: HttpRequest) -> HttpResponse:
    """The office's field-trial capacity for one month: each slot with its bookings, the pilots waiting for one,
    and a form to add a slot."""
    areas = area_tree()
    form = TrialSlotForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            slot = services.trial_slot_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Field-trial slot added."))
            return redirect(reverse("matching:trial_slots") + f"?month={slot.starts_on:%Y-%m}")
    month = _month(request.GET.get("month"))
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    waiting = list(pilots_waiting_for_slot(request.user)[:50])
    requests_record_reads([match.capability_request for match in waiting], by=request.user)
    context = {
        "rows": trial_slots_for(request.user, month=month),
        "month": month,
        "previous": previous,
        "following": following,
        "waiting": waiting,
        "licences_waiting": waiting_on_licence(matches_visible_to(request.user)).count(),
        "form": form,
    }
    return render(request, "matching/trial_slots.html", context, status=400 if form.errors else 200)
