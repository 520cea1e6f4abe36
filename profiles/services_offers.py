"""Every write to offers and to a startup's company profile: each checks its actor and the rules."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_office.tasks import enqueue_on_commit
from innovation_office.transitions import IllegalTransition

from .models import ExportControl, MembershipRole, Offer, OfferState, Organisation, OrganisationKind, User
from .selectors_offers import may_edit_offer
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

# Which state each move starts from and where it leads.
TRANSITIONS = {
    "publish": ((OfferState.DRAFT,), OfferState.PUBLISHED),
    "unpublish": ((OfferState.PUBLISHED,), OfferState.DRAFT),
    "archive": ((OfferState.DRAFT, OfferState.PUBLISHED), OfferState.ARCHIVED),
    "restore": ((OfferState.ARCHIVED,), OfferState.DRAFT),
}


def _require_may_edit(actor: User, offer: Offer) -> None:
    if not may_edit_offer(actor, offer):
        raise PermissionDenied(_("You cannot change this organisation's offers."))


def _announce(offer: Offer, *, change: str, by: User) -> None:
    """Once the change is committed: who did it is logged, and the offer is (re)scored against open
    requests (a draft or archived offer loses its untouched suggestions)."""
    pk, actor = offer.pk, by.pk
    transaction.on_commit(lambda: logger.info("offer %s: %s by user %s", pk, change, actor))
    enqueue_on_commit("matching.score_offer", pk)


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


def _validate(offer: Offer, areas) -> None:
    """The offer's rules, each reported beside the field it concerns."""
    errors: dict[str, list] = {}
    try:
        offer.full_clean(exclude=["organisation", "created_by", "datasheet"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if (
        offer.price_min_eur is not None
        and offer.price_max_eur is not None
        and offer.price_min_eur > offer.price_max_eur
    ):
        errors.setdefault("price_max_eur", []).append(_("The upper price must not be lower than the lower price."))
    if offer.export_control == ExportControl.MILITARY_LIST and not offer.ml_category:
        errors.setdefault("ml_category", []).append(_("Choose the Military List category (ML1–ML22)."))
    if not areas:
        errors.setdefault("areas", []).append(_("Choose at least one capability area."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_create(*, organisation: Organisation, areas, datasheet=None, by: User, **fields: Any) -> Offer:
    """A member of a startup (or staff) drafts an offer for it; any startup, vetted or not, may prepare drafts."""
    _check_fields(fields)
    if organisation.kind != OrganisationKind.STARTUP:
        raise PermissionDenied(_("Only startups publish offers."))
    now = timezone.now()
    offer = Offer(organisation=organisation, created_by=by, created_at=now, updated_at=now, **fields)
    _require_may_edit(by, offer)
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
    offer.save()
    offer.areas.set(areas)
    if datasheet is not None and old_datasheet:
        storage = offer.datasheet.storage
        transaction.on_commit(lambda: storage.delete(old_datasheet))
    _announce(offer, change="updated", by=by)
    return offer


def _move(*, offer: Offer, move: str, by: User, **changes: Any) -> Offer:
    _require_may_edit(by, offer)
    offer = Offer.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=offer.pk)
    sources, target = TRANSITIONS[move]
    if offer.state not in sources:
        raise IllegalTransition(
            _("An offer that is “%(from)s” cannot become “%(to)s”.")
            % {"from": OfferState(offer.state).label, "to": OfferState(target).label}
        )
    offer.state = target
    for name, value in changes.items():
        setattr(offer, name, value)
    offer.save(update_fields=["state", *changes])
    _announce(offer, change=move, by=by)
    return offer


@transaction.atomic
def offer_publish(*, offer: Offer, by: User) -> Offer:
    """Puts a draft in the catalogue; only an organisation the office has vetted may publish."""
    _require_may_edit(by, offer)
    organisation = Organisation.objects.get(pk=offer.organisation_id)
    if not organisation.is_vetted:
        raise ValidationError(
            _(
                "Only vetted organisations can publish offers. Your organisation is “%(state)s”: "
                "keep preparing the draft, and publish it once the office has vetted you."
            )
            % {"state": organisation.get_vetting_state_display()}
        )
    return _move(offer=offer, move="publish", by=by, published_at=timezone.now())


@transaction.atomic
def offer_unpublish(*, offer: Offer, by: User) -> Offer:
    """Takes a published offer back to draft: it leaves the catalogue until published again."""
    return _move(offer=offer, move="unpublish", by=by)


@transaction.atomic
def offer_archive(*, offer: Offer, by: User) -> Offer:
    return _move(offer=offer, move="archive", by=by)


@transaction.atomic
def offer_restore(*, offer: Offer, by: User) -> Offer:
    """Brings an archived offer back as a draft."""
    return _move(offer=offer, move="restore", by=by)


def may_edit_profile(user: User, organisation: Organisation) -> bool:
    """The organisation's administrators, and office staff."""
    if user.is_office_staff:
        return True
    return organisation.memberships.filter(user=user, role=MembershipRole.ADMIN).exists()


@transaction.atomic
def organisation_update_profile(*, organisation: Organisation, logo=None, by: User, **fields: Any) -> Organisation:
    """An administrator (or staff) edits the company profile; a new logo is re-encoded before it is stored."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Not profile fields: {sorted(unknown)}")
    if not may_edit_profile(by, organisation):
        raise PermissionDenied(_("Only an administrator of the organisation can edit its profile."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean(exclude=["logo", "vetted_by"])
    old_logo = organisation.logo.name if organisation.logo else ""
    if logo is not None:
        organisation.logo = reencode_logo(logo)
    organisation.save(update_fields=[*fields, "logo"])
    if logo is not None and old_logo:
        storage = organisation.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return organisation
