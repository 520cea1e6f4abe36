"""Every write to capability requests: each checks its actor, validates, and runs in one transaction."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, audit_record_many
from innovation_office.refusals import forbidden
from innovation_office.tasks import SCORE_REQUEST, enqueue_on_commit
from innovation_office.transitions import IllegalTransition
from profiles.models import Language, User
from taxonomy.models import CapabilityArea

from .models import CapabilityRequest, OperatingCondition, RequestState, Urgency, Visibility
from .permissions import is_audited_read, may_assign_curators, may_curate_request, may_manage, may_write_requests
from .selectors import name_without_reading, requests_visible_to
from .states import EDITABLE_STATES, FINAL_STATES, REQUEST_STATES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestFields:
    """Everything an officer writes into a request; the organisation and state are not theirs to set."""

    title: str
    description: str
    language: str
    min_trl: int
    quantity: int
    needed_by: date
    areas: tuple[CapabilityArea, ...]
    unit: str = "units"
    summary_en: str = ""
    title_en: str = ""
    conditions: tuple[str, ...] = ()
    conditions_note: str = ""
    budget_min_eur: int | None = None
    budget_max_eur: int | None = None
    urgency: str = Urgency.ROUTINE
    visibility: str = Visibility.VETTED


def request_field_errors(values: Mapping[str, Any], *, check_needed_by: bool) -> dict[str, str]:
    """A request's rules, checked on whichever values are given (a value missing or None is left to whoever
    parsed it): the request form runs them beside its own checks, so a submission's errors show at once."""
    errors: dict[str, str] = {}

    def given(name: str) -> bool:
        return values.get(name) is not None

    if given("title") and not values["title"].strip():
        errors["title"] = _("Give the request a title.")
    if given("description") and not values["description"].strip():
        errors["description"] = _("Describe the problem to solve.")
    if given("language") and values["language"] not in Language.values:
        errors["language"] = _("Choose English or Ukrainian.")
    if given("areas") and not values["areas"]:
        errors["areas"] = _("Pick at least one capability area.")
    unknown = [code for code in values.get("conditions") or () if code not in OperatingCondition.values]
    if unknown:
        errors["conditions"] = _("Unknown operating conditions: %(codes)s.") % {"codes": ", ".join(unknown)}
    if given("min_trl") and not 1 <= values["min_trl"] <= 9:
        errors["min_trl"] = _("The readiness level runs from 1 to 9.")
    if given("quantity") and values["quantity"] < 1:
        errors["quantity"] = _("The quantity must be at least 1.")
    if given("unit") and not values["unit"].strip():
        errors["unit"] = _("Say what is counted, e.g. units, sets, kits.")
    if check_needed_by and given("needed_by") and values["needed_by"] < timezone.localdate():
        errors["needed_by"] = _("The date is in the past: choose today or a later day.")
    for name in ("budget_min_eur", "budget_max_eur"):
        if given(name) and values[name] < 0:
            errors[name] = _("A budget cannot be negative.")
    low, high = values.get("budget_min_eur"), values.get("budget_max_eur")
    if low is not None and high is not None and low > high and "budget_min_eur" not in errors:
        errors["budget_max_eur"] = _("The upper end of the budget band is below its lower end.")
    if given("urgency") and values["urgency"] not in Urgency.values:
        errors["urgency"] = _("Choose routine, priority or critical.")
    if given("visibility") and values["visibility"] not in Visibility.values:
        errors["visibility"] = _("Choose who may see the request.")
    return errors


def _validate(fields: RequestFields, *, check_needed_by: bool) -> None:
    values = {item.name: getattr(fields, item.name) for item in dataclass_fields(RequestFields)}
    errors = request_field_errors(values, check_needed_by=check_needed_by)
    if errors:
        raise ValidationError(errors)


# The columns an officer's edit writes: every field of RequestFields but the areas (a relation).
WRITTEN_FIELDS = tuple(item.name for item in dataclass_fields(RequestFields) if item.name != "areas")


def _apply(capability_request: CapabilityRequest, fields: RequestFields) -> None:
    values = {name: getattr(fields, name) for name in WRITTEN_FIELDS}
    values["conditions"] = list(dict.fromkeys(fields.conditions))
    for name, value in values.items():
        setattr(capability_request, name, value)


def _announce(capability_request: CapabilityRequest, *, change: str, by: User) -> None:
    """Once the change is committed, the request is (re)scored: an open one gets fresh candidates,
    a closed, fulfilled or cancelled one loses its untouched suggestions. Until the scoring is done, the
    request's page says that candidates are being computed."""
    pk, actor = capability_request.pk, by.pk
    capability_request.scoring_queued_at = timezone.now()
    capability_request.save(update_fields=["scoring_queued_at"])
    transaction.on_commit(lambda: logger.info("capability request %s %s by user %s", pk, change, actor))
    enqueue_on_commit(SCORE_REQUEST, pk)


@transaction.atomic
def request_create(*, fields: RequestFields, by: User) -> CapabilityRequest:
    """An officer drafts a request for their own organisation."""
    if not may_write_requests(by):
        forbidden(_("Only Ukrainian officers can write capability requests."))
    _validate(fields, check_needed_by=True)
    now = timezone.now()
    capability_request = CapabilityRequest(organisation=by.organisation, created_by=by, created_at=now, updated_at=now)
    _apply(capability_request, fields)
    capability_request.save()
    capability_request.areas.set(fields.areas)
    _announce(capability_request, change="created", by=by)
    return capability_request


def _lock(capability_request: CapabilityRequest, by: User) -> CapabilityRequest:
    if not may_manage(by, capability_request):
        forbidden(_("You cannot change this request."))
    return CapabilityRequest.objects.select_for_update().get(pk=capability_request.pk)


@transaction.atomic
def request_update(*, capability_request: CapabilityRequest, fields: RequestFields, by: User) -> CapabilityRequest:
    """Edits a draft or open request; a finished one is read-only."""
    capability_request = _lock(capability_request, by)
    if capability_request.state not in EDITABLE_STATES:
        raise IllegalTransition(
            _("This request is %(state)s: it can no longer be edited.")
            % {"state": capability_request.get_state_display().lower()}
        )
    _validate(fields, check_needed_by=fields.needed_by != capability_request.needed_by)
    _apply(capability_request, fields)
    capability_request.updated_at = timezone.now()
    capability_request.save(update_fields=[*WRITTEN_FIELDS, "updated_at"])
    capability_request.areas.set(fields.areas)
    _announce(capability_request, change="updated", by=by)
    return capability_request


def _transition(capability_request: CapabilityRequest, *, move: str, by: User) -> CapabilityRequest:
    capability_request = CapabilityRequest.objects.select_for_update().get(pk=capability_request.pk)
    refusal = _("You cannot change this request.")
    to_state = REQUEST_STATES.authorise(move, user=by, obj=capability_request, refusal=refusal).target
    audit_record(
        "request.state",
        actor=by,
        obj=capability_request,
        label=name_without_reading(capability_request),
        detail={"move": move, "from": capability_request.state, "to": to_state},
    )
    now = timezone.now()
    capability_request.state = to_state
    capability_request.updated_at = now
    update_fields = ["state", "updated_at"]
    if to_state == RequestState.OPEN:
        capability_request.opened_at = now
        update_fields.append("opened_at")
    if to_state in FINAL_STATES:
        capability_request.closed_at = now
        update_fields.append("closed_at")
    capability_request.save(update_fields=update_fields)
    _announce(capability_request, change=to_state, by=by)
    return capability_request


@transaction.atomic
def request_open(*, capability_request: CapabilityRequest, by: User) -> CapabilityRequest:
    """Publishes a draft: staff and, for `vetted` visibility, vetted startups can now read it."""
    if capability_request.state == RequestState.DRAFT and capability_request.needed_by < timezone.localdate():
        raise ValidationError({"needed_by": _("The needed-by date has passed: change it before opening the request.")})
    return _transition(capability_request, move="open", by=by)


@transaction.atomic
def request_close(*, capability_request: CapabilityRequest, by: User) -> CapabilityRequest:
    return _transition(capability_request, move="close", by=by)


@transaction.atomic
def request_cancel(*, capability_request: CapabilityRequest, by: User) -> CapabilityRequest:
    return _transition(capability_request, move="cancel", by=by)


@transaction.atomic
def request_fulfil(*, capability_request: CapabilityRequest, by: User) -> CapabilityRequest:
    return _transition(capability_request, move="fulfil", by=by)


# The service of each move of needs.states.REQUEST_STATES.
MOVE_SERVICES = {
    "open": request_open,
    "fulfil": request_fulfil,
    "close": request_close,
    "cancel": request_cancel,
}


@transaction.atomic
def request_curator_set(*, capability_request: CapabilityRequest, curator: User | None, by: User) -> CapabilityRequest:
    """Staff make `curator` the owner of the request's candidates (None: nobody); the curator alone is then
    told of new candidates. Recorded in the audit trail, since it decides who hears of a restricted request."""
    if not may_assign_curators(by):
        forbidden(_("Only office staff can assign a request's curator."))
    if curator is not None and not may_curate_request(curator):
        raise ValidationError({"curator": _("Only an active member of the office can curate a request.")})
    capability_request = CapabilityRequest.objects.select_for_update().get(pk=capability_request.pk)
    before = capability_request.curator_id
    new = curator.pk if curator is not None else None
    if before == new:
        return capability_request
    audit_record(
        "request.curator",
        actor=by,
        obj=capability_request,
        label=name_without_reading(capability_request),
        detail={"from": before, "to": new},
    )
    capability_request.curator = curator
    capability_request.save(update_fields=["curator"])
    return capability_request


def request_record_read(*, capability_request: CapabilityRequest, by: User) -> bool:
    """Audits a staff member reading a restricted request (one row per read); other reads leave no record.
    True when the read was audited."""
    if not is_audited_read(by, capability_request):
        return False
    audit_record(
        "request.read_restricted", actor=by, obj=capability_request, label=name_without_reading(capability_request)
    )
    return True


def requests_record_reads(requests, *, by: User) -> int:
    """The same for a page that shows several requests at once (a list, a search, an export, the queue):
    one row per restricted request shown (once, however often the page shows it), written together."""
    audited = list({row.pk: row for row in requests if is_audited_read(by, row)}.values())
    return (
        audit_record_many("request.read_restricted", actor=by, objects=audited, label=name_without_reading)
        if audited
        else 0
    )


def requests_created_by_export(user: User) -> list[dict]:
    """The requests the user wrote and may still read, for their data download; a staff author reading a
    restricted one this way leaves an audit row like any other read."""
    rows = list(requests_visible_to(user).filter(created_by=user).order_by("created_at", "pk"))
    requests_record_reads(rows, by=user)
    return [
        {
            "id": row.pk,
            "title": row.title,
            "state": row.state,
            "visibility": row.visibility,
            "created_at": row.created_at,
        }
        for row in rows
    ]
