"""Staff curation of a pair: shortlist, dismiss with a coded reason, propose the introduction, note."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_office.refusals import forbidden
from notifications.services import notification_create
from profiles.models import User

from .. import states
from ..models import DismissReason, Match, MatchAction, MatchEvent, MatchState
from ..permissions import is_startup_party, may_curate
from ..selectors.matches import notification_subject_for
from .timeline import audience, locked, record_event, state_change, url_for


@transaction.atomic
def match_shortlist(*, match: Match, by: User) -> Match:
    """Staff keep a suggested pair for a closer look."""
    match = locked(match)
    states.check("shortlist", match=match, by=by)
    state_change(match, to_state=MatchState.SHORTLISTED, action=MatchAction.SHORTLIST, by=by)
    return match


def _dismissal_errors(reason: str, note: str) -> dict:
    if reason not in DismissReason.values:
        return {"reason": _("Choose why the match is dismissed.")}
    if reason == DismissReason.OTHER and not note.strip():
        return {"note": _("Say why, since the reason is “other”.")}
    return {}


@transaction.atomic
def match_dismiss(*, match: Match, by: User, reason: str, note: str = "") -> Match:
    """Staff set a pair aside with a coded reason; rescoring will not bring it back."""
    match = locked(match)
    states.check("dismiss", match=match, by=by)
    if errors := _dismissal_errors(reason, note):
        raise ValidationError(errors)
    state_change(
        match, to_state=MatchState.DISMISSED, action=MatchAction.DISMISS, by=by, note=note, dismiss_reason=reason
    )
    return match


def _summary_errors(summary_for_startup: str, summary_for_officer: str) -> dict:
    errors = {}
    if not summary_for_startup.strip():
        errors["summary_for_startup"] = _("Write what the startup should know about the request.")
    if not summary_for_officer.strip():
        errors["summary_for_officer"] = _("Write what the officer should know about the offer.")
    return errors


@transaction.atomic
def match_propose(*, match: Match, by: User, summary_for_startup: str, summary_for_officer: str) -> Match:
    """Staff propose an introduction: each side gets a summary written for it, and both are told."""
    if not may_curate(by):
        forbidden(_("Only office staff can do this."))
    if errors := _summary_errors(summary_for_startup, summary_for_officer):
        raise ValidationError(errors)
    match = locked(match)
    states.check("propose", match=match, by=by)
    event = state_change(
        match,
        to_state=MatchState.PROPOSED,
        action=MatchAction.PROPOSE,
        by=by,
        summary_for_startup=summary_for_startup.strip(),
        summary_for_officer=summary_for_officer.strip(),
        proposed_at=timezone.now(),
    )
    for user, title in audience(match):
        summary = match.summary_for_startup if is_startup_party(user, match) else match.summary_for_officer
        notification_create(
            recipient=user,
            kind="match.proposed",
            dedup_key=f"match.proposed:{event.pk}:{user.pk}",
            context={"title": title, "summary": summary},
            url=url_for(user, match),
            subject_type=notification_subject_for(user, match),
            subject_id=match.pk,
        )
    return match


@transaction.atomic
def match_add_note(*, match: Match, by: User, note: str) -> MatchEvent:
    """An internal note on the timeline, for staff eyes only."""
    if not may_curate(by):
        forbidden(_("Only office staff can do this."))
    if not note.strip():
        raise ValidationError({"note": _("Write the note first.")})
    match = locked(match)
    return record_event(match, action=MatchAction.NOTE, by=by, from_state=match.state, note=note.strip(), internal=True)
