"""The page the two parties and the office share once both accepted: the conversation, meetings, the pilot plan,
the export checkpoint, the trial slot and the trial report, with a form for each step the reader may take. The
files it links to are served by downloads.py."""

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from innovation_office.forms import add_service_errors, submission_done, submission_key, submission_record
from innovation_office.refusals import forbidden, not_found
from needs.services import request_record_read
from offers.models import ExportControl
from profiles.countries import KYIV, time_zone_of
from profiles.permissions import is_staff

from .. import services, states
from ..exports import export_implication
from ..forms import (
    ConversationForm,
    LicenceForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingMoveForm,
    MeetingPickForm,
    OverrideForm,
    PilotPlanForm,
    PlanConfirmForm,
    SlotBookingForm,
    TrialReportForm,
)
from ..models import MatchState, MeetingState
from ..permissions import (
    may_keep_trial_slots,
    may_override_licence,
    may_record_licence,
    may_report_trial,
    may_work_as_party,
    may_write_message,
    side_of,
)
from ..selectors import title_for_officer, title_for_startup
from ..selectors.together import (
    EPOCH,
    bookable_slots_for,
    conversation_for,
    last_read_at,
    meeting_get,
    meetings_for,
    report_due,
    report_results,
    work_match_get,
)
from ..services.pilots import plan_version


def _times(meeting, zones: list[tuple[str, str]]) -> list[dict]:
    """Each proposed time in Kyiv and in the startup's zone, side by side."""
    return [
        {"slot": slot, "local": [(label, slot.starts_at.astimezone(zoneinfo.ZoneInfo(zone))) for zone, label in zones]}
        for slot in meeting.slots.all()
    ]


def _plan_initial(plan) -> dict:
    if plan is None:
        return {}
    initial = {
        name: getattr(plan, name) for name in ("location", "starts_on", "ends_on", "quantity", "shipping_paid_by")
    }
    initial.update({f"criterion_{criterion.position}": criterion.text for criterion in plan.criteria.all()})
    return initial


def _zones(match) -> list[tuple[str, str]]:
    startup_zone = time_zone_of(match.offer.organisation.country)
    zones = [(KYIV, _("Kyiv"))]
    if startup_zone != KYIV:
        zones.append((startup_zone, match.offer.organisation.get_country_display()))
    return zones


def _page(request: HttpRequest, match, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    request_record_read(capability_request=match.capability_request, by=user)
    side = side_of(user, match) or "staff"
    working = match.state in states.WORKING
    party = may_work_as_party(user, match)
    plan = states.related(match, "pilot_plan")
    licence = states.related(match, "export_licence")
    moves = states.moves_for(user, match)
    zones = _zones(match)
    my_zone = time_zone_of(match.offer.organisation.country) if side == "startup" else KYIV
    meetings = [
        {
            "meeting": meeting,
            "times": _times(meeting, zones),
            "moves": {move.name for move in states.MEETING.moves_for(user, meeting)} if working else set(),
        }
        for meeting in meetings_for(match)
    ]
    for row in meetings:
        row["meeting"].match = match
    planning = match.state == MatchState.ACCEPTED
    controlled = match.offer.export_control != ExportControl.NOT_CONTROLLED
    criteria = list(plan.criteria.all()) if plan is not None else []
    context = {
        "match": match,
        "side": side,
        "submission_key": submission_key(request),
        "title": title_for_startup(match) if side == "startup" else title_for_officer(match),
        "back_url": reverse("matching:match_detail" if is_staff(user) else "matching_parties:detail", args=[match.pk]),
        "move_url": "matching:match_move" if is_staff(user) else "matching_parties:move",
        "working": working,
        "conversation": conversation_for(user, match, everything=request.GET.get("all") == "1"),
        "read_until": forms.get("read_until"),
        "conversation_form": forms.get("conversation") or ConversationForm(),
        "meetings": meetings,
        "zones": zones,
        "meeting_form": forms.get("meeting") or MeetingForm(initial={"time_zone": my_zone}),
        "cancel_form": MeetingCancelForm(),
        "move_form": MeetingMoveForm(initial={"time_zone": my_zone}),
        "meeting_errors": forms.get("meeting_change"),
        "may_meet": party and working,
        "plan": plan,
        "plan_version": plan_version(plan) if plan is not None else "",
        "meeting_confirmed": any(row["meeting"].state == MeetingState.CONFIRMED for row in meetings),
        "criteria": criteria,
        "plan_form": forms.get("plan") or PilotPlanForm(initial=_plan_initial(plan)),
        "may_plan": party and planning,
        "may_confirm_plan": party and planning and not states.plan_confirmation_refusal(user, match),
        "controlled": controlled,
        "implication": export_implication(match.offer),
        "licence": licence,
        "licence_form": forms.get("licence") or LicenceForm(),
        "may_record_licence": controlled and working and may_record_licence(user, match),
        "override_form": forms.get("override") or OverrideForm(),
        "may_override": controlled and planning and may_override_licence(user, match) and states.licence_refusal(match),
        "pilot_refusal": states.pilot_refusal(match) if planning else "",
        "steps": [move for move in moves if move.name in states.AFTER_INTRODUCTION],
        "booking": states.related(match, "slot_booking"),
        "slot_form": None,
        "may_end": party and not states.pilot_end_refusal(match),
        "report": states.related(match, "trial_report"),
        "results": report_results(match),
        "report_form": None,
    }
    if context["booking"] is None and match.state in (MatchState.ACCEPTED, MatchState.PILOTING):
        slot_form = forms.get("slot") or SlotBookingForm(slots=bookable_slots_for(user, match))
        context["slot_form"] = slot_form if slot_form.slots else None
    if may_report_trial(user, match) and report_due(match):
        context["report_form"] = forms.get("report") or TrialReportForm(criteria=criteria)
    return render(request, "matching/together.html", context, status=status)


@login_required
@require_GET
def page(request: HttpRequest, pk: int) -> HttpResponse:
    match = work_match_get(request.user, pk)
    read_until = last_read_at(request.user, match) or EPOCH  # never opened: everything the others wrote is new
    services.conversation_mark_read(match=match, by=request.user)
    return _page(request, match, read_until=read_until)


def _back(match, anchor: str) -> HttpResponse:
    return redirect(reverse("matching_parties:together", args=[match.pk]) + f"#{anchor}")


def _act(
    request: HttpRequest, on, form, *, who, key: str, anchor: str, done: str, service, once: str = "", **fixed
) -> HttpResponse:
    """For the match `on`: calls `service` with the reader, `fixed` and what the form read (its `arguments()`,
    or its cleaned data). A reader the rule `who` refuses is refused before anything they sent is read (403);
    what the service refuses about a field is shown beside it (400); a state that forbids the step is shown as
    a message above the page. A form that makes something (`once` names its kind) is made once whatever the
    number of times it is sent (a double click, Back then Send)."""
    if not who(request.user, on):
        forbidden(_("This step is not yours to take on this match."))
    sent_key = submission_key(request) if once else ""
    if once and submission_done(request, once, sent_key) is not None:
        return _back(on, anchor)
    if not form.is_valid():
        return _page(request, on, status=400, **{key: form})
    arguments = form.arguments() if hasattr(form, "arguments") else form.cleaned_data
    try:
        made = service(by=request.user, **fixed, **arguments)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            add_service_errors(form, error)
            return _page(request, work_match_get(request.user, on.pk), status=400, **{key: form})
        messages.error(request, " ".join(error.messages))
    else:
        if once:
            submission_record(request, once, sent_key, made.pk)
        messages.success(request, done)
    return _back(on, anchor)


@dataclass(frozen=True)
class Step:
    """A step on the work page that posts one form to one service: who may take it (asked before the form is
    read), the form, the service, where the page shows the form and the outcome, and what the reader is told."""

    form: type
    service: Callable
    who: Callable
    key: str
    anchor: str
    done: str
    once: str = ""  # the kind of thing it makes, which a form sent twice makes once


STEPS = {
    "message": Step(
        ConversationForm,
        services.message_send,
        may_write_message,
        "conversation",
        "conversation",
        gettext_lazy("Message sent."),
        once="message",
    ),
    "meeting_propose": Step(
        MeetingForm,
        services.meeting_propose,
        may_work_as_party,
        "meeting",
        "meetings",
        gettext_lazy("Meeting proposed: the other side picks a time."),
        once="meeting",
    ),
    "plan": Step(
        PilotPlanForm,
        services.pilot_plan_save,
        may_work_as_party,
        "plan",
        "plan",
        gettext_lazy("Pilot plan saved: the other side confirms it."),
    ),
    "plan_confirm": Step(
        PlanConfirmForm,
        services.pilot_plan_confirm,
        may_work_as_party,
        "plan",
        "plan",
        gettext_lazy("You confirmed the pilot plan."),
    ),
    "licence": Step(
        LicenceForm,
        services.export_licence_record,
        may_record_licence,
        "licence",
        "export",
        gettext_lazy("Export licence recorded."),
    ),
    "licence_override": Step(
        OverrideForm,
        services.export_licence_override,
        may_override_licence,
        "override",
        "export",
        gettext_lazy("The pilot may start without a licence."),
    ),
    "pilot_end": Step(
        Form,
        services.pilot_end,
        may_work_as_party,
        "end",
        "report",
        gettext_lazy("The pilot has ended: the officer's report is due."),
    ),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One of STEPS on a match (its route names it)."""
    match = work_match_get(request.user, pk)
    step = STEPS[name]
    form = step.form(request.POST, request.FILES)
    return _act(
        request,
        match,
        form,
        key=step.key,
        anchor=step.anchor,
        done=str(step.done),
        who=step.who,
        service=step.service,
        once=step.once,
        match=match,
    )


# Each step on a proposed or confirmed meeting: its form, its service and what the reader is told when it is done.
MEETING_STEPS = {
    "confirm": (
        MeetingPickForm,
        services.meeting_confirm,
        gettext_lazy("Meeting confirmed: both sides get it as a calendar invitation."),
    ),
    "cancel": (MeetingCancelForm, services.meeting_cancel, gettext_lazy("Meeting cancelled.")),
    "move": (MeetingMoveForm, services.meeting_move, gettext_lazy("New times proposed: the other side picks one.")),
}


@login_required
@require_POST
def meeting_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Pick a proposed time, cancel, or move a meeting (cancel it with a reason and propose new times)."""
    if step not in MEETING_STEPS:
        not_found()
    meeting = meeting_get(request.user, pk)
    form_class, service, done = MEETING_STEPS[step]
    form = form_class(request.POST)
    anchor = f"meeting-{meeting.pk}"
    return _act(
        request,
        meeting.match,
        form,
        key="meeting_change",
        anchor=anchor,
        done=str(done),
        who=may_work_as_party,
        service=service,
        meeting=meeting,
    )


@login_required
@require_POST
def slot_book(request: HttpRequest, pk: int) -> HttpResponse:
    match = work_match_get(request.user, pk)
    slots = bookable_slots_for(request.user, match)
    form = SlotBookingForm(request.POST, slots=slots)
    done = _("Field-trial slot booked.")
    return _act(
        request,
        match,
        form,
        key="slot",
        anchor="slot",
        done=done,
        who=may_keep_trial_slots,
        service=services.trial_slot_book,
        match=match,
    )


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    match = work_match_get(request.user, pk)
    if may_report_trial(request.user, match) and not report_due(match):
        messages.error(request, _("The report is given once the pilot has ended."))
        return _back(match, "report")
    plan = states.related(match, "pilot_plan")
    form = TrialReportForm(request.POST, request.FILES, criteria=plan.criteria.all() if plan is not None else ())
    done = _("Thank you: the startup can now read your report.")
    return _act(
        request,
        match,
        form,
        key="report",
        anchor="report",
        done=done,
        who=may_report_trial,
        service=services.trial_report_submit,
        match=match,
    )
