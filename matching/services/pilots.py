"""The pilot of a match: its plan and the two confirmations, the export checkpoint, the field-trial slots the office
keeps and books, the end of the pilot and the officer's report against the plan's criteria."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_office.refusals import forbidden
from innovation_office.transitions import IllegalTransition
from offers.models import ExportControl
from profiles.models import User
from profiles.uploads import check_pdf

from .. import states
from ..models import (
    CriterionOutcome,
    CriterionResult,
    ExportLicence,
    LicenceStatus,
    Match,
    MatchAction,
    MatchState,
    PilotPlan,
    ShippingPaidBy,
    SlotBooking,
    SuccessCriterion,
    TrialReport,
    TrialSlot,
)
from ..permissions import (
    may_keep_trial_slots,
    may_override_licence,
    may_record_licence,
    may_report_trial,
    may_work_as_party,
    side_of,
)
from ..selectors.together import report_due
from .timeline import locked, record_event, tell_parties, tell_staff
from .together import clean_photo

CRITERIA = (1, 5)


def _plan_errors(*, location: str, starts_on: date, ends_on: date, quantity: int, shipping: str, criteria) -> dict:
    errors = {}
    if not location.strip():
        errors["location"] = _("Say where the pilot takes place.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The pilot ends on or after the day it starts.")
    if quantity is None or quantity < 1:
        errors["quantity"] = _("A pilot tests at least one item.")
    if shipping not in ShippingPaidBy.values:
        errors["shipping_paid_by"] = _("Say who pays for shipping.")
    if not CRITERIA[0] <= len(criteria) <= CRITERIA[1]:
        errors["criteria"] = _("Give one to five measurable success criteria.")
    elif any(len(text) > 300 for text in criteria):
        errors["criteria"] = _("A success criterion holds at most 300 characters.")
    return errors


@transaction.atomic
def pilot_plan_save(
    *,
    match: Match,
    by: User,
    location: str,
    starts_on: date,
    ends_on: date,
    quantity: int,
    shipping_paid_by: str,
    criteria: list[str],
) -> PilotPlan:
    """Writes or rewrites the plan; a change withdraws both confirmations, and the writer's side confirms it."""
    match = locked(match)
    if not may_work_as_party(by, match):
        forbidden(_("Only the two parties write the pilot plan."))
    states.MATCH.check("start_pilot", match.state)
    criteria = [text.strip() for text in criteria if text.strip()]
    errors = _plan_errors(
        location=location,
        starts_on=starts_on,
        ends_on=ends_on,
        quantity=quantity,
        shipping=shipping_paid_by,
        criteria=criteria,
    )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    side = side_of(by, match)
    fields = {
        "location": location.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "quantity": quantity,
        "shipping_paid_by": shipping_paid_by,
        "written_by": by,
        "updated_at": now,
        "startup_confirmed_at": None,
        "startup_confirmed_by": None,
        "officer_confirmed_at": None,
        "officer_confirmed_by": None,
        f"{side}_confirmed_at": now,
        f"{side}_confirmed_by": by,
    }
    plan, _created = PilotPlan.objects.update_or_create(match=match, defaults=fields)
    plan.criteria.all().delete()
    SuccessCriterion.objects.bulk_create(
        [SuccessCriterion(plan=plan, position=position, text=text) for position, text in enumerate(criteria, 1)]
    )
    event = record_event(match, action=MatchAction.PLAN, by=by, from_state=match.state)
    tell_parties(match, event, by=by)
    return plan


@transaction.atomic
def pilot_plan_confirm(*, match: Match, by: User, version: str | None = None) -> PilotPlan:
    """The other side agrees to the plan as written; with both confirmations the pilot may start. `version` is
    the plan's version the reader saw (plan_version): a plan changed since then is not confirmed unread."""
    match = locked(match)
    if not may_work_as_party(by, match):
        forbidden(_("Only the two parties confirm the pilot plan."))
    states.MATCH.check("start_pilot", match.state)
    if reason := states.plan_confirmation_refusal(by, match):
        raise IllegalTransition(reason)
    plan = match.pilot_plan
    if version is not None and version != plan_version(plan):
        raise IllegalTransition(_("The plan changed since you opened it: read it again before you confirm it."))
    side = side_of(by, match)
    setattr(plan, f"{side}_confirmed_at", timezone.now())
    setattr(plan, f"{side}_confirmed_by", by)
    plan.save(update_fields=[f"{side}_confirmed_at", f"{side}_confirmed_by"])
    event = record_event(match, action=MatchAction.PLAN_CONFIRM, by=by, from_state=match.state)
    tell_parties(match, event, by=by)
    return plan


def plan_version(plan: PilotPlan) -> str:
    """What a confirmation names of the plan it agrees to: the time of its last change."""
    return plan.updated_at.isoformat()


# The export checkpoint ---------------------------------------------------------------------------------


def _licence_errors(status: str, number: str, authority: str, valid_until: date | None) -> dict:
    errors = {}
    if status not in LicenceStatus.values:
        errors["status"] = _("Say whether the licence is held or applied for.")
    if not number.strip():
        errors["number"] = _("Give the licence or application number.")
    if not authority.strip():
        errors["issuing_authority"] = _("Name the authority that issues the licence.")
    if status == LicenceStatus.HELD and valid_until is None:
        errors["valid_until"] = _("Give the date the licence is valid until.")
    return errors


@transaction.atomic
def export_licence_record(
    *,
    match: Match,
    by: User,
    status: str,
    number: str,
    issuing_authority: str,
    valid_until: date | None = None,
    document=None,
) -> ExportLicence:
    """The startup records the licence it holds or applied for to ship a controlled item to Ukraine."""
    match = locked(match)
    if not may_record_licence(by, match):
        forbidden(_("The startup records its own export licence."))
    states.check_working(match)
    if match.offer.export_control == ExportControl.NOT_CONTROLLED:
        raise IllegalTransition(_("This item is not export-controlled: no licence is needed."))
    if errors := _licence_errors(status, number, issuing_authority, valid_until):
        raise ValidationError(errors)
    if document:
        check_pdf(document, field="document")
    licence = states.related(match, "export_licence") or ExportLicence(match=match)
    licence.status, licence.number, licence.issuing_authority = status, number.strip(), issuing_authority.strip()
    licence.valid_until, licence.recorded_by, licence.recorded_at = valid_until, by, timezone.now()
    if document:
        licence.document = document
    licence.save()
    event = record_event(match, action=MatchAction.LICENCE, by=by, from_state=match.state, note=licence.number)
    tell_parties(match, event, by=by)
    tell_staff(match, event)
    return licence


@transaction.atomic
def export_licence_override(*, match: Match, by: User, reason: str) -> ExportLicence:
    """Staff let a controlled item's pilot start without a held licence, and say why; the reason is kept."""
    match = locked(match)
    if not may_override_licence(by, match):
        forbidden(_("Only the office may override the export checkpoint."))
    states.MATCH.check("start_pilot", match.state)
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the pilot may start without a licence.")})
    licence = states.related(match, "export_licence") or ExportLicence(match=match)
    licence.override_reason, licence.override_by, licence.override_at = reason.strip(), by, timezone.now()
    licence.save()
    event = record_event(match, action=MatchAction.LICENCE_OVERRIDE, by=by, from_state=match.state, note=reason)
    tell_parties(match, event, by=by)
    return licence


# Field-trial slots -------------------------------------------------------------------------------------


@transaction.atomic
def trial_slot_create(
    *, by: User, place: str, starts_on: date, ends_on: date, capacity: int, areas=(), description: str = ""
) -> TrialSlot:
    if not may_keep_trial_slots(by):
        forbidden(_("Only the office keeps field-trial slots."))
    errors = {}
    if not place.strip():
        errors["place"] = _("Name the test range or unit.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The slot ends on or after the day it starts.")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("A slot takes at least one product.")
    if errors:
        raise ValidationError(errors)
    slot = TrialSlot.objects.create(
        place=place.strip(),
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        created_by=by,
    )
    slot.areas.set(areas)
    return slot


@transaction.atomic
def trial_slot_book(*, match: Match, slot: TrialSlot, by: User) -> SlotBooking:
    """Takes one place of `slot` for the match's pilot. The slot's row is locked first, so two staff booking its
    last place at once get one booking and one refusal."""
    if not may_keep_trial_slots(by):
        forbidden(_("Only the office books field-trial slots."))
    slot = TrialSlot.objects.select_for_update().get(pk=slot.pk)
    match = locked(match)
    if match.state not in (MatchState.ACCEPTED, MatchState.PILOTING):
        raise IllegalTransition(_("A slot is booked for a pilot that is planned or running."))
    if states.related(match, "slot_booking") is not None:
        raise IllegalTransition(_("This pilot already has a slot."))
    if slot.ends_on < timezone.localdate():
        raise IllegalTransition(_("This slot is over."))
    if slot.bookings.count() >= slot.capacity:
        raise IllegalTransition(_("This slot is fully booked."))
    booking = SlotBooking.objects.create(slot=slot, match=match, booked_by=by)
    event = record_event(match, action=MatchAction.SLOT_BOOK, by=by, from_state=match.state, note=slot.place)
    tell_parties(match, event, by=by)
    return booking


# The end of the pilot and its report -------------------------------------------------------------------


@transaction.atomic
def pilot_end(*, match: Match, by: User, note: str = "") -> PilotPlan:
    """Either side ends a running pilot before its last day; the officer's report is due from then."""
    match = locked(match)
    if not may_work_as_party(by, match):
        forbidden(_("Only the two parties end the pilot."))
    if reason := states.pilot_end_refusal(match):
        raise IllegalTransition(reason)
    plan = match.pilot_plan
    plan.ended_at, plan.ended_by = timezone.now(), by
    plan.save(update_fields=["ended_at", "ended_by"])
    event = record_event(match, action=MatchAction.END_PILOT, by=by, from_state=match.state, note=note)
    tell_parties(match, event, by=by)
    return plan


def _result_errors(criteria, results: dict) -> dict:
    missing = [criterion.position for criterion in criteria if results.get(criterion.pk, {}).get("outcome") is None]
    wrong = [pk for pk, result in results.items() if result.get("outcome") not in (None, *CriterionOutcome.values)]
    if missing or wrong:
        return {"results": _("Say for every success criterion whether it was met.")}
    return {}


@transaction.atomic
def trial_report_submit(
    *,
    match: Match,
    by: User,
    rating: int,
    what_worked: str,
    what_failed: str = "",
    would_order_more: bool,
    results: dict | None = None,
) -> TrialReport:
    """The officer's report when the pilot ends: each success criterion met, partly met or not met (with a note
    and an optional photo), an overall rating and whether the unit would order more. The startup reads it."""
    match = locked(match)
    if not may_report_trial(by, match):
        forbidden(_("Only an officer of the requesting organisation reports on the pilot."))
    if not report_due(match):
        if states.related(match, "trial_report") is not None:
            raise IllegalTransition(_("The report on this pilot has already been given."))
        raise IllegalTransition(_("The report is given once the pilot has ended."))
    results = results or {}
    plan = states.related(match, "pilot_plan")
    criteria = list(plan.criteria.all()) if plan is not None else []
    errors = _result_errors(criteria, results)
    if not 1 <= int(rating) <= 5:
        errors["rating"] = _("Rate from 1 to 5.")
    if not what_worked.strip():
        errors["what_worked"] = _("Say what worked, even briefly.")
    if errors:
        raise ValidationError(errors)
    photos = {
        pk: clean_photo(photo, field="results") for pk, result in results.items() if (photo := result.get("photo"))
    }
    report = TrialReport.objects.create(
        match=match,
        author=by,
        rating=int(rating),
        what_worked=what_worked.strip(),
        what_failed=what_failed.strip(),
        would_order_more=would_order_more,
    )
    for criterion in criteria:
        result = results[criterion.pk]
        CriterionResult.objects.create(
            report=report,
            criterion=criterion,
            outcome=result["outcome"],
            note=(result.get("note") or "").strip(),
            photo=photos.get(criterion.pk) or "",
        )
    event = record_event(match, action=MatchAction.REPORT, by=by, from_state=match.state, note=f"{rating}/5")
    tell_parties(match, event, by=by)
    tell_staff(match, event)
    return report
