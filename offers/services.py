"""Every write to offers and to a startup's company profile: each checks its actor and the rules."""

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from innovation_office.refusals import forbidden
from innovation_office.tasks import ALERT_SAVED_SEARCHES, SCORE_OFFER, enqueue_on_commit
from profiles.models import IDENTITY_FIELDS, Organisation, OrganisationKind, User
from profiles.permissions import has_passed_vetting
from profiles.services import identity_change_request, registration_number_check, registration_number_guard

from .models import ExportControl, Offer
from .permissions import may_draft_offer_for, may_edit_offer, may_edit_profile, refuse_offer_change
from .states import OFFER_STATES
from .uploads import check_datasheet, reencode_logo

logger = logging.getLogger(__name__)

OFFER_FIELDS = frozenset(
    {
        "title",
        "summary",
        "description",
        "language",
        "trl",
        "field_tested_ua",
        "field_tested_note",
        "lead_time_days",
        "monthly_capacity",
        "price_min_eur",
        "price_max_eur",
        "export_control",
        "ml_category",
        "licence_held",
    }
)
PROFILE_FIELDS = frozenset({"legal_name", "country", "registration_number", "website", "description", "ncage_code"})


def _require_may_edit(actor: User, offer: Offer) -> None:
    if not may_edit_offer(actor, offer):
        refuse_offer_change()


def _announce(offer: Offer, *, change: str, by: User) -> None:
    """Once the change is committed: who did it is logged, and the offer is (re)scored against open
    requests (a draft or archived offer loses its untouched suggestions). Until the scoring is done, the
    offer's page says that matching requests are being computed."""
    pk, actor = offer.pk, by.pk
    offer.scoring_queued_at = timezone.now()
    offer.save(update_fields=["scoring_queued_at"])
    transaction.on_commit(lambda: logger.info("offer %s: %s by user %s", pk, change, actor))
    enqueue_on_commit(SCORE_OFFER, pk)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise TypeError(f"Not offer fields: {sorted(unknown)}")


def _normalise(offer: Offer) -> None:
    """Drops answers that no longer apply, so a changed export status leaves no stale category behind."""
    if offer.export_control != ExportControl.MILITARY_LIST:
        offer.ml_category = ""
    if offer.export_control == ExportControl.NOT_CONTROLLED:
        offer.licence_held = False
    if not offer.field_tested_ua:
        offer.field_tested_note = ""


def offer_rule_errors(values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The rules across fields (the price band's order, the Military List category), checked on whichever
    values are given: the offer form runs them beside its own checks, so a submission's errors show at once."""
    errors: dict[str, list[str]] = {}
    low, high = values.get("price_min_eur"), values.get("price_max_eur")
    if low is not None and high is not None and low > high:
        errors["price_max_eur"] = [_("The upper price must not be lower than the lower price.")]
    if values.get("export_control") == ExportControl.MILITARY_LIST and not values.get("ml_category"):
        errors["ml_category"] = [_("Choose the Military List category (ML1–ML22).")]
    return errors


def _validate(offer: Offer, areas) -> None:
    """The offer's rules, each reported beside the field it concerns."""
    errors: dict[str, list] = {}
    try:
        offer.full_clean(exclude=["organisation", "created_by", "datasheet"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field, messages in offer_rule_errors({name: getattr(offer, name) for name in OFFER_FIELDS}).items():
        errors.setdefault(field, []).extend(messages)
    if not areas:
        errors.setdefault("areas", []).append(_("Choose at least one capability area."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_create(*, organisation: Organisation, areas, datasheet=None, by: User, **fields: Any) -> Offer:
    """A member of a startup (or staff) drafts an offer for it; a startup awaiting vetting may prepare drafts."""
    _check_fields(fields)
    if organisation.kind != OrganisationKind.STARTUP:
        forbidden(_("Only startups publish offers."))
    if not may_draft_offer_for(by, organisation):
        refuse_offer_change()
    now = timezone.now()
    offer = Offer(organisation=organisation, created_by=by, created_at=now, updated_at=now, **fields)
    _normalise(offer)
    _validate(offer, areas)
    if datasheet is not None:
        check_datasheet(datasheet)
        offer.datasheet = datasheet
    offer.save()
    offer.areas.set(areas)
    _announce(offer, change="created", by=by)
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, areas, datasheet=None, by: User, **fields: Any) -> Offer:
    """Changes an offer's content (not its state); a new datasheet replaces the old one."""
    _check_fields(fields)
    _require_may_edit(by, offer)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    for name, value in fields.items():
        setattr(offer, name, value)
    _normalise(offer)
    _validate(offer, areas)
    old_datasheet = offer.datasheet.name if offer.datasheet else ""
    if datasheet is not None:
        check_datasheet(datasheet)
        offer.datasheet = datasheet
    offer.updated_at = timezone.now()
    offer.save(update_fields=[*OFFER_FIELDS, "datasheet", "updated_at"])
    offer.areas.set(areas)
    if datasheet is not None and old_datasheet:
        storage = offer.datasheet.storage
        transaction.on_commit(lambda: storage.delete(old_datasheet))
    _announce(offer, change="updated", by=by)
    return offer


def _offer_move(*, offer: Offer, name: str, by: User, **changes: Any) -> Offer:
    """Every state change: the actor must be allowed the move (else 403), and the state must allow it (else 409)."""
    offer = Offer.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=offer.pk)
    if not OFFER_STATES[name].may(by, offer):
        if not may_edit_offer(by, offer):
            refuse_offer_change()
        forbidden(_publish_refusal(offer))
    move = OFFER_STATES.check(name, offer.state)
    audit_record("offer.state", actor=by, obj=offer, detail={"move": name, "from": offer.state, "to": move.target})
    offer.state = move.target
    for field, value in changes.items():
        setattr(offer, field, value)
    offer.save(update_fields=["state", *changes])
    _announce(offer, change=name, by=by)
    return offer


def _publish_refusal(offer: Offer) -> str:
    """Said to a startup that may prepare offers but not (yet, or any longer) put them in the catalogue."""
    return _(
        "Only vetted organisations can publish offers. Your organisation is “%(state)s”: "
        "keep preparing the draft, and publish it once the office has vetted you."
    ) % {"state": offer.organisation.get_vetting_state_display()}


@transaction.atomic
def offer_publish(*, offer: Offer, by: User) -> Offer:
    """Puts a draft in the catalogue; only an organisation in good standing may publish."""
    offer = _offer_move(offer=offer, name="publish", by=by, published_at=timezone.now())
    enqueue_on_commit(ALERT_SAVED_SEARCHES, offer.pk)
    return offer


@transaction.atomic
def offer_unpublish(*, offer: Offer, by: User) -> Offer:
    """Takes a published offer back to draft: it leaves the catalogue until published again."""
    return _offer_move(offer=offer, name="unpublish", by=by)


@transaction.atomic
def offer_archive(*, offer: Offer, by: User) -> Offer:
    return _offer_move(offer=offer, name="archive", by=by)


@transaction.atomic
def offer_restore(*, offer: Offer, by: User) -> Offer:
    """Brings an archived offer back as a draft."""
    return _offer_move(offer=offer, name="restore", by=by)


# The service behind each move of OFFER_STATES, for the pages and the API.
OFFER_MOVES = {
    "publish": offer_publish,
    "unpublish": offer_unpublish,
    "archive": offer_archive,
    "restore": offer_restore,
}


@transaction.atomic
def organisation_update_profile(*, organisation: Organisation, logo=None, by: User, **fields: Any) -> Organisation:
    """An administrator (or staff) edits the company profile; a new logo is re-encoded before it is stored.
    Once the organisation has passed vetting, a new legal name, registration number or country is not
    applied: it becomes a change of identity awaiting the office (profiles' identity_change_request);
    the other fields still change at once. A registration number another company holds is refused."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Not profile fields: {sorted(unknown)}")
    if not may_edit_profile(by, organisation):
        forbidden(_("Only an administrator of the organisation can edit its profile."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if has_passed_vetting(organisation):
        identity = {name: fields.pop(name) for name in IDENTITY_FIELDS if name in fields}
        if identity:
            identity_change_request(organisation=organisation, by=by, **identity)
    for name, value in fields.items():
        setattr(organisation, name, value)
    if "registration_number" in fields or "country" in fields:
        registration_number_check(
            country=organisation.country, number=organisation.registration_number, exclude_pk=organisation.pk
        )
    # The registration key's uniqueness is the check above, with its message on the field.
    organisation.full_clean(exclude=["logo", "vetted_by", "registration_key"])
    old_logo = organisation.logo.name if organisation.logo else ""
    if logo is not None:
        organisation.logo = reencode_logo(logo)
    with registration_number_guard():
        organisation.save(update_fields=[*fields, "logo"])
    if logo is not None and old_logo:
        storage = organisation.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return organisation
