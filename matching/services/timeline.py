"""What every match service shares: locking the match, changing its state with a recorded event, and
telling the people concerned (each with the title they may read)."""

from django.urls import reverse
from django.utils import timezone

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


def tell(match: Match, event: MatchEvent, recipients: list[tuple[User, str]], *, skip: User | None = None) -> None:
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
            url=url_for(user, match),
            subject_type=notification_subject_for(user, match),
            subject_id=match.pk,
        )


def tell_parties(match: Match, event: MatchEvent, *, by: User) -> None:
    tell(match, event, audience(match), skip=by)


def tell_staff(match: Match, event: MatchEvent) -> None:
    tell(match, event, [(user, in_language_of(user, title_for_officer, match)) for user in office_staff()])
