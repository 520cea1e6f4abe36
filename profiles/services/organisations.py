"""Organisations: vetting decisions and their events."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from innovation_office.refusals import forbidden
from innovation_office.tasks import SCORE_OFFER, SCORE_REQUEST, enqueue_on_commit

from ..models import (
    MembershipRole,
    Organisation,
    User,
    VettingEvent,
)
from ..states import NEEDS_A_REASON, VETTING_STATES
from .accounts import on_commit_email


@transaction.atomic
def organisation_set_vetting(*, organisation: Organisation, to_state: str, note: str, by: User) -> Organisation:
    """Moves an organisation along the vetting states; illegal moves change nothing."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    from_state = organisation.vetting_state
    refusal = _("Only office staff can vet organisations, and never the office itself.")
    if not VETTING_STATES.may_move(by, organisation):
        forbidden(refusal)
    if not VETTING_STATES.move_to(from_state, to_state).may(by, organisation):
        forbidden(refusal)
    if to_state in NEEDS_A_REASON and not note.strip():
        raise ValidationError({"note": _("Give the reason: the organisation will read it.")})
    organisation.vetting_state = to_state
    organisation.vetted_by = by
    organisation.vetted_at = timezone.now()
    organisation.vetting_note = note
    organisation.save(update_fields=["vetting_state", "vetted_by", "vetted_at", "vetting_note"])
    VettingEvent.objects.create(
        organisation=organisation, actor=by, from_state=from_state, to_state=to_state, note=note
    )
    audit_record("organisation.vetting", actor=by, obj=organisation, detail={"from": from_state, "to": to_state})
    # Offers and requests enter or leave matching with their organisation's standing: score them again.
    for offer_id in organisation.offers.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_OFFER, offer_id)
    for request_id in organisation.capability_requests.values_list("pk", flat=True):
        enqueue_on_commit(SCORE_REQUEST, request_id)
    for member in organisation.memberships.filter(role=MembershipRole.ADMIN).select_related("user"):
        on_commit_email(
            template="vetting_decision",
            to=member.user.email,
            language=member.user.preferred_language,
            context={"organisation": organisation.legal_name, "state": to_state, "note": note},
        )
    return organisation
