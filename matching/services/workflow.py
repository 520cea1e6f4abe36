"""The life of a match after the engine: curation by staff, the introduction, both parties' answers,
pilot, contract and field feedback. One service per action; each checks who acts and the state it
starts from, changes nothing when refused, writes a MatchEvent and tells the people concerned."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_office.transitions import IllegalTransition
from needs.models import CapabilityRequest, RequestState, Visibility
from notifications.services import notification_create
from profiles.models import Membership, Offer, OfferState, User, VettingState
from profiles.selectors import office_staff

from ..models import DismissReason, FieldFeedback, Match, MatchAction, MatchEvent, MatchSource, MatchState
from ..rules import CURATABLE, is_officer_party, is_startup_party
from .upsert import english_label

# After acceptance, staff or either party move the match forward, one step at a time.
FORWARD = {
    MatchAction.START_PILOT: ((MatchState.ACCEPTED,), MatchState.PILOTING),
    MatchAction.CONTRACT: ((MatchState.PILOTING,), MatchState.CONTRACTED),
    MatchAction.CLOSE: ((MatchState.PILOTING, MatchState.CONTRACTED), MatchState.CLOSED),
}


def _refuse(message: str):
    raise IllegalTransition(message)


def _locked(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("capability_request__organisation", "offer__organisation")
        .get(pk=match.pk)
    )


def _require_staff(user: User) -> None:
    if not user.is_office_staff:
        raise PermissionDenied(_("Only office staff can do this."))


def _record(
    match: Match, *, action: str, by: User | None, from_state: str, note: str = "", internal: bool = False
) -> MatchEvent:
    return MatchEvent.objects.create(
        match=match,
        actor=by,
        action=action,
        from_state=from_state,
        to_state=match.state,
        note=note,
        internal=internal,
        created_at=timezone.now(),
    )


def _move(
    match: Match, *, to_state: str, action: str, by: User, note: str = "", extra: dict | None = None
) -> MatchEvent:
    from_state = match.state
    now = timezone.now()
    match.state = to_state
    match.touched_at = match.touched_at or now
    match.updated_at = now
    for name, value in (extra or {}).items():
        setattr(match, name, value)
    match.save()
    return _record(match, action=action, by=by, from_state=from_state, note=note)


# Who hears about a match ----------------------------------------------------------------------------


def title_for_startup(match: Match) -> str:
    """What a startup may read of the request in a title: never a restricted request's own words."""
    request = match.capability_request
    request_part = request.title if request.visibility == Visibility.VETTED else _("a restricted capability request")
    return f"{match.offer.title} — {request_part}"


def title_for_officer(match: Match) -> str:
    return f"{match.capability_request.title} — {match.offer.title}"


def _members(organisation_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(organisation_id=organisation_id, user__is_active=True).select_related("user")
    ]


def _audience(match: Match) -> list[tuple[User, str]]:
    """Both parties' people, each with the title they may read."""
    startup = [(user, title_for_startup(match)) for user in _members(match.offer.organisation_id)]
    officers = [(user, title_for_officer(match)) for user in _members(match.capability_request.organisation_id)]
    return startup + officers


def _tell(match: Match, event: MatchEvent, recipients: list[tuple[User, str]], *, skip: User | None = None) -> None:
    for user, title in recipients:
        if skip is not None and user.pk == skip.pk:
            continue
        notification_create(
            recipient=user,
            kind="match.changed",
            dedup_key=f"match.changed:{event.pk}:{user.pk}",
            context={
                "title": title,
                "from_state_label": _state_label(event.from_state),
                "to_state_label": _state_label(event.to_state),
                "note": event.note,
            },
            url=_url_for(user, match),
        )


def _state_label(state: str) -> str:
    return english_label(MatchState(state).label) if state else english_label(MatchAction.SUGGEST.label)


def _url_for(user: User, match: Match) -> str:
    if user.is_office_staff:
        return reverse("matching:match_detail", args=[match.pk])
    return reverse("matches:detail", args=[match.pk])


def _tell_parties(match: Match, event: MatchEvent, *, by: User) -> None:
    _tell(match, event, _audience(match), skip=by)


# Staff curation -------------------------------------------------------------------------------------


@transaction.atomic
def match_shortlist(*, match: Match, by: User) -> Match:
    """Staff keep a suggested pair for a closer look."""
    _require_staff(by)
    match = _locked(match)
    if match.state != MatchState.SUGGESTED:
        _refuse(_("Only a suggested match can be shortlisted."))
    _move(match, to_state=MatchState.SHORTLISTED, action=MatchAction.SHORTLIST, by=by)
    return match


@transaction.atomic
def match_dismiss(*, match: Match, by: User, reason: str, note: str = "") -> Match:
    """Staff set a pair aside with a coded reason; rescoring will not bring it back."""
    _require_staff(by)
    if reason not in DismissReason.values:
        raise ValidationError({"reason": _("Choose why the match is dismissed.")})
    if reason == DismissReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say why, since the reason is “other”.")})
    match = _locked(match)
    if match.state not in CURATABLE:
        _refuse(_("Only a suggested or shortlisted match can be dismissed."))
    _move(
        match,
        to_state=MatchState.DISMISSED,
        action=MatchAction.DISMISS,
        by=by,
        note=note,
        extra={"dismiss_reason": reason},
    )
    return match


@transaction.atomic
def match_propose(*, match: Match, by: User, summary_for_startup: str, summary_for_officer: str) -> Match:
    """Staff propose an introduction: each side gets a summary written for it, and both are told."""
    _require_staff(by)
    errors = {}
    if not summary_for_startup.strip():
        errors["summary_for_startup"] = _("Write what the startup should know about the request.")
    if not summary_for_officer.strip():
        errors["summary_for_officer"] = _("Write what the officer should know about the offer.")
    if errors:
        raise ValidationError(errors)
    match = _locked(match)
    if match.state not in CURATABLE:
        _refuse(_("Only a suggested or shortlisted match can be proposed."))
    if match.capability_request.state != RequestState.OPEN:
        _refuse(_("The request is no longer open."))
    if match.offer.state != OfferState.PUBLISHED or match.offer.organisation.vetting_state != VettingState.VETTED:
        _refuse(_("The offer is no longer published by a vetted startup."))
    event = _move(
        match,
        to_state=MatchState.PROPOSED,
        action=MatchAction.PROPOSE,
        by=by,
        extra={
            "summary_for_startup": summary_for_startup.strip(),
            "summary_for_officer": summary_for_officer.strip(),
            "proposed_at": timezone.now(),
        },
    )
    for user, title in _audience(match):
        summary = match.summary_for_startup if is_startup_party(user, match) else match.summary_for_officer
        notification_create(
            recipient=user,
            kind="match.proposed",
            dedup_key=f"match.proposed:{event.pk}:{user.pk}",
            context={"title": title, "summary": summary},
            url=_url_for(user, match),
        )
    return match


@transaction.atomic
def match_add_note(*, match: Match, by: User, note: str) -> MatchEvent:
    """An internal note on the timeline, for staff eyes only."""
    _require_staff(by)
    if not note.strip():
        raise ValidationError({"note": _("Write the note first.")})
    match = _locked(match)
    return _record(match, action=MatchAction.NOTE, by=by, from_state=match.state, note=note.strip(), internal=True)


# The parties' answers -------------------------------------------------------------------------------


def _require_party(user: User, match: Match) -> str:
    if is_startup_party(user, match):
        return "startup"
    if is_officer_party(user, match):
        return "officer"
    raise PermissionDenied(_("Only the two parties of this match can answer the proposal."))


@transaction.atomic
def match_accept(*, match: Match, by: User, message: str = "") -> Match:
    """One side says yes; when both have, the match is accepted and each may see the other."""
    match = _locked(match)
    side = _require_party(by, match)
    if match.state != MatchState.PROPOSED:
        _refuse(_("Only a proposed introduction can be accepted."))
    if getattr(match, f"{side}_accepted_at") is not None:
        _refuse(_("You have already accepted this introduction."))
    now = timezone.now()
    setattr(match, f"{side}_accepted_at", now)
    setattr(match, f"{side}_accepted_by", by)
    if match.startup_accepted_at and match.officer_accepted_at:
        event = _move(
            match,
            to_state=MatchState.ACCEPTED,
            action=MatchAction.ACCEPT,
            by=by,
            note=message,
            extra={"accepted_at": now},
        )
        _tell(match, event, _audience(match))
        return match
    match.touched_at = match.touched_at or now
    match.updated_at = now
    match.save()
    event = _record(match, action=MatchAction.ACCEPT, by=by, from_state=match.state, note=message)
    _tell_parties(match, event, by=by)
    return match


@transaction.atomic
def match_decline(*, match: Match, by: User, message: str = "") -> Match:
    """Either side says no: the match ends for both, and staff are told why."""
    match = _locked(match)
    _require_party(by, match)
    if match.state not in (MatchState.PROPOSED, MatchState.ACCEPTED):
        _refuse(_("Only a proposed or accepted introduction can be declined."))
    event = _move(match, to_state=MatchState.DECLINED, action=MatchAction.DECLINE, by=by, note=message)
    _tell_parties(match, event, by=by)
    _tell(match, event, [(user, title_for_officer(match)) for user in office_staff()])
    return match


def _forward(*, match: Match, by: User, action: str, note: str) -> Match:
    match = _locked(match)
    if not (by.is_office_staff or is_startup_party(by, match) or is_officer_party(by, match)):
        raise PermissionDenied(_("Only office staff and the two parties can move this match on."))
    from_states, to_state = FORWARD[action]
    if match.state not in from_states:
        _refuse(
            _("A match that is “%(from)s” cannot become “%(to)s”.")
            % {"from": MatchState(match.state).label, "to": MatchState(to_state).label}
        )
    event = _move(match, to_state=to_state, action=action, by=by, note=note)
    _tell_parties(match, event, by=by)
    return match


@transaction.atomic
def match_start_pilot(*, match: Match, by: User, note: str = "") -> Match:
    return _forward(match=match, by=by, action=MatchAction.START_PILOT, note=note)


@transaction.atomic
def match_record_contract(*, match: Match, by: User, note: str = "") -> Match:
    return _forward(match=match, by=by, action=MatchAction.CONTRACT, note=note)


@transaction.atomic
def match_close(*, match: Match, by: User, note: str = "") -> Match:
    return _forward(match=match, by=by, action=MatchAction.CLOSE, note=note)


@transaction.atomic
def feedback_submit(
    *, match: Match, by: User, rating: int, what_worked: str, what_failed: str = "", would_order_more: bool
) -> FieldFeedback:
    """After the pilot, the requesting unit's officer rates the product; the startup reads it."""
    match = _locked(match)
    if not is_officer_party(by, match):
        raise PermissionDenied(_("Only an officer of the requesting organisation can give field feedback."))
    if (
        match.state not in (MatchState.CONTRACTED, MatchState.CLOSED)
        or not match.events.filter(action=MatchAction.START_PILOT).exists()
    ):
        _refuse(_("Field feedback is given once the pilot has ended."))
    if FieldFeedback.objects.filter(match=match).exists():
        _refuse(_("Feedback for this pilot has already been given."))
    errors = {}
    if not 1 <= int(rating) <= 5:
        errors["rating"] = _("Rate from 1 to 5.")
    if not what_worked.strip():
        errors["what_worked"] = _("Say what worked, even briefly.")
    if errors:
        raise ValidationError(errors)
    feedback = FieldFeedback.objects.create(
        match=match,
        author=by,
        rating=int(rating),
        what_worked=what_worked.strip(),
        what_failed=what_failed.strip(),
        would_order_more=would_order_more,
    )
    event = _record(
        match,
        action=MatchAction.FEEDBACK,
        by=by,
        from_state=match.state,
        note=_("Rating: %(rating)s/5") % {"rating": rating},
    )
    _tell_parties(match, event, by=by)
    return feedback


# Pulls: a party asks for a pair ---------------------------------------------------------------------


def _pull(
    *, capability_request: CapabilityRequest, offer: Offer, by: User, source: str, action: str, note: str
) -> Match:
    if not note.strip():
        raise ValidationError({"note": _("Write a few words for the office.")})
    if capability_request.state != RequestState.OPEN:
        _refuse(_("The request is no longer open."))
    if offer.state != OfferState.PUBLISHED:
        _refuse(_("Only a published offer can be introduced."))
    CapabilityRequest.objects.select_for_update().filter(pk=capability_request.pk).first()
    now = timezone.now()
    match = Match.objects.select_for_update().filter(capability_request=capability_request, offer=offer).first()
    if match is None:
        match = Match.objects.create(
            capability_request=capability_request,
            offer=offer,
            score=0.0,
            source=source,
            touched_at=now,
            pull_note=note.strip(),
            pulled_at=now,
            created_at=now,
            updated_at=now,
        )
        from_state = ""
    elif match.state in CURATABLE:
        from_state = match.state
        match.source, match.pull_note, match.pulled_at = source, note.strip(), now
        match.touched_at = match.touched_at or now
        match.updated_at = now
        match.save()
    else:
        _refuse(_("The office is already handling this pair."))
    event = _record(match, action=action, by=by, from_state=from_state, note=note.strip())
    _tell(match, event, [(user, title_for_officer(match)) for user in office_staff()])
    from ..tasks import score_request_task

    transaction.on_commit(lambda: score_request_task.delay(capability_request.pk))
    return match


@transaction.atomic
def match_express_interest(*, capability_request: CapabilityRequest, offer: Offer, by: User, pitch: str) -> Match:
    """A vetted startup tells the office one of its offers answers a request it can see."""
    if not (by.is_startup_member and by.organisation.pk == offer.organisation_id and by.organisation.is_vetted):
        raise PermissionDenied(_("Only a vetted startup can express interest, with one of its own offers."))
    if capability_request.visibility != Visibility.VETTED:
        raise PermissionDenied(_("This request is not open to expressions of interest."))
    return _pull(
        capability_request=capability_request,
        offer=offer,
        by=by,
        source=MatchSource.STARTUP_INTEREST,
        action=MatchAction.INTEREST,
        note=pitch,
    )


@transaction.atomic
def match_request_introduction(*, capability_request: CapabilityRequest, offer: Offer, by: User, note: str) -> Match:
    """An officer asks the office to introduce one of their requests to an offer from the catalogue."""
    if not (by.is_officer and by.organisation.pk == capability_request.organisation_id):
        raise PermissionDenied(_("Only an officer of the requesting organisation can ask for an introduction."))
    if offer.organisation.vetting_state != VettingState.VETTED:
        raise PermissionDenied(_("This offer is not in the catalogue."))
    return _pull(
        capability_request=capability_request,
        offer=offer,
        by=by,
        source=MatchSource.OFFICER_REQUEST,
        action=MatchAction.INTRODUCTION_REQUEST,
        note=note,
    )
