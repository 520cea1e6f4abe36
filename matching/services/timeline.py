"""What every match service shares: locking the match, changing its state with a recorded event, and
telling the people concerned (each with the title they may read)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from notifications.services import in_language_of, notification_create
from profiles.models import User
from profiles.permissions import is_staff
from profiles.selectors import members_in_good_standing, office_staff

from ..models import Match, MatchAction, MatchEvent, MatchState
from ..selectors.matches import notification_subject_for, title_for_officer, title_for_startup
from .upsert import english_label


def locked(match: Match) -> Match:
    """The match re-read under a row lock, with both sides' organisations for the checks."""
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("capability_request__organisation", "offer__organisation")
        .get(pk=match.pk)
    )


def record_event(
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


def touch(match: Match, **changes) -> list[str]:
    """Sets the given fields and the times a person's action leaves; returns the fields to save."""
    now = timezone.now()
    changes.setdefault("touched_at", match.touched_at or now)
    changes["updated_at"] = now
    for name, value in changes.items():
        setattr(match, name, value)
    return list(changes)


def state_change(match: Match, *, to_state: str, action: str, by: User, note: str = "", **changes) -> MatchEvent:
    """Moves the match to `to_state` (the caller checked the move in states.py) and records it."""
    from_state = match.state
    match.save(update_fields=touch(match, state=to_state, **changes))
    return record_event(match, action=action, by=by, from_state=from_state, note=note)


# Who hears about a match ----------------------------------------------------------------------------


def audience(match: Match) -> list[tuple[User, str]]:
    """Both parties' people, each with the title they may read; an organisation out of good standing hears nothing."""
    startup = [
        (user, in_language_of(user, title_for_startup, match))
        for user in members_in_good_standing(match.offer.organisation_id)
    ]
    officers = [
        (user, in_language_of(user, title_for_officer, match))
        for user in members_in_good_standing(match.capability_request.organisation_id)
    ]
    return startup + officers


def url_for(user: User, match: Match) -> str:
    if is_staff(user):
        return reverse("matching:match_detail", args=[match.pk])
    return reverse("matching_parties:detail", args=[match.pk])


def _state_label(state: str) -> str:
    return english_label(MatchState(state).label) if state else english_label(MatchAction.SUGGEST.label)


# What a step that leaves the state as it was is told as (English message ids, translated when shown).
EVENT_LABELS = {
    (MatchAction.ACCEPT, "startup"): gettext_lazy("the startup accepted; the requester's answer is awaited"),
    (MatchAction.ACCEPT, "requester"): gettext_lazy("the requester accepted; the startup's answer is awaited"),
    (MatchAction.FEEDBACK, ""): gettext_lazy("field feedback was given"),
    (MatchAction.REPORT, ""): gettext_lazy("the trial report was given"),
    (MatchAction.MEETING_PROPOSE, ""): gettext_lazy("a meeting was proposed"),
    (MatchAction.MEETING_CONFIRM, ""): gettext_lazy("a meeting was confirmed"),
    (MatchAction.MEETING_CANCEL, ""): gettext_lazy("a meeting was cancelled"),
    (MatchAction.PLAN, ""): gettext_lazy("the pilot plan was written; both sides confirm it"),
    (MatchAction.PLAN_CONFIRM, ""): gettext_lazy("the pilot plan was confirmed"),
    (MatchAction.SLOT_BOOK, ""): gettext_lazy("a field-trial slot was booked"),
    (MatchAction.LICENCE, ""): gettext_lazy("the export licence was recorded"),
    (MatchAction.LICENCE_OVERRIDE, ""): gettext_lazy("the office let the pilot start without an export licence"),
    (MatchAction.END_PILOT, ""): gettext_lazy("the pilot was ended; the officer's report is due"),
    (MatchAction.INTEREST, ""): gettext_lazy("the startup expressed interest"),
    (MatchAction.INTRODUCTION_REQUEST, ""): gettext_lazy("the requester asked for an introduction"),
}


def _event_label(match: Match, event: MatchEvent) -> str:
    side = ""
    if event.action == MatchAction.ACCEPT and event.actor is not None:
        organisation = event.actor.organisation
        side = "startup" if organisation is not None and organisation.pk == match.offer.organisation_id else "requester"
    label = EVENT_LABELS.get((event.action, side)) or gettext_lazy("a message was added")
    return english_label(label)


def _what_happened(match: Match, event: MatchEvent) -> tuple[str, dict]:
    """The notification's kind and context: a move between states, or what happened when the state stayed."""
    if event.from_state == event.to_state:
        return "match.event", {"event_label": _event_label(match, event), "note": event.note}
    from_label, to_label = _state_label(event.from_state), _state_label(event.to_state)
    return "match.changed", {"from_state_label": from_label, "to_state_label": to_label, "note": event.note}


def tell(
    match: Match,
    event: MatchEvent,
    recipients: list[tuple[User, str]],
    *,
    skip: User | None = None,
    extra: dict | None = None,
) -> None:
    """Tells each recipient what `event` did, under the title they may read; `extra` joins the context (a
    calendar invitation, which the e-mail attaches)."""
    kind, context = _what_happened(match, event)
    _notify(match, recipients, kind=kind, key=str(event.pk), context={**context, **(extra or {})}, skip=skip)


def _notify(
    match: Match, recipients: list[tuple[User, str]], *, kind: str, key: str, context: dict, skip: User | None
) -> None:
    for user, title in recipients:
        if skip is not None and user.pk == skip.pk:
            continue
        notification_create(
            recipient=user,
            kind=kind,
            dedup_key=f"{kind}:{key}:{user.pk}",
            context={"title": title, **context},
            url=url_for(user, match),
            subject_type=notification_subject_for(user, match),
            subject_id=match.pk,
        )


def tell_about(match: Match, *, by: User | None, kind: str, key: str, context: dict) -> None:
    """Tells both parties (not `by`) of something that is not a step of the match: a message, a reminder."""
    _notify(match, audience(match), kind=kind, key=key, context=context, skip=by)


def tell_parties(match: Match, event: MatchEvent, *, by: User) -> None:
    tell(match, event, audience(match), skip=by)


def tell_staff(match: Match, event: MatchEvent) -> None:
    tell(match, event, [(user, in_language_of(user, title_for_officer, match)) for user in office_staff()])
