"""The scoring upsert: the engine's candidates become suggested matches; stale untouched ones go."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from needs.models import CapabilityRequest, Urgency, Visibility
from needs.selectors import REQUEST_SUBJECT, name_without_reading
from notifications.services import in_language_of, notification_create, notification_renew
from offers.models import Offer
from profiles.selectors import members_in_good_standing, office_staff

from ..checks import OFFER_FIELDS, failed_count, pair_checks
from ..models import Match, MatchAction, MatchEvent, MatchSource, MatchState, untouched_suggestions

# How many of a day's new candidates a notice's one line names (its e-mail lists them all).
OFFERS_IN_A_LINE = 5
SCORE_FIELDS = [
    "score",
    "explanation",
    "checks",
    "failed_checks",
    "engine_version",
    "config_hash",
    "scored_at",
    "updated_at",
]


@dataclass(frozen=True)
class RefreshOutcome:
    created: int = 0
    updated: int = 0
    removed: int = 0


def english_label(label) -> str:
    """Notification contexts carry labels in English; they are translated when shown."""
    with translation.override("en"):
        return str(label)


def _apply_scores(match: Match, result, now, *, capability_request: CapabilityRequest, offer: Offer) -> None:
    """The engine's score and explanation of the pair, and its checklist read from the two rows."""
    match.score = min(1.0, max(0.0, float(result.score)))
    match.explanation = result.explanation.to_data()
    match.checks = pair_checks(capability_request, offer, timezone.localdate(now))
    match.failed_checks = failed_count(match.checks)
    match.engine_version = result.engine_version
    match.config_hash = result.config_hash
    match.scored_at = now
    match.updated_at = now


def _offers_to_check(offer_ids) -> dict[int, Offer]:
    """The offers of a request's candidates, with only what their checks read, in one query."""
    return Offer.objects.only("pk", *OFFER_FIELDS).in_bulk(list(offer_ids))


def candidate_notice(capability_request: CapabilityRequest, candidates: list[Match], user, day: date) -> dict:
    """What a curating staff member is told of a request's strong new candidates: one notice per request, reader
    and day, listing that day's candidates best first; a later batch the same day renews it
    (notifications.services.notification_renew) rather than adding another."""
    ranked = sorted(candidates, key=lambda match: (-match.score, match.pk))
    listed = [{"match": match.pk, "offer_title": match.offer.title, "score": match.score} for match in ranked]
    offer_list = ", ".join(f"{item['offer_title']} ({item['score']:.0%})" for item in listed[:OFFERS_IN_A_LINE])
    if len(listed) > OFFERS_IN_A_LINE:
        offer_list += ", …"
    return {
        "recipient": user,
        "kind": "match.candidates",
        "dedup_key": f"match.candidates:{capability_request.pk}:{user.pk}:{day.isoformat()}",
        "context": {
            "request_title": in_language_of(user, name_without_reading, capability_request),
            "count": len(listed),
            "offer_list": offer_list,
            "candidates": listed,
        },
        "url": reverse("matching:request_candidates", args=[capability_request.pk]),
        "subject_type": REQUEST_SUBJECT,
        "subject_id": capability_request.pk,
    }


def candidate_recipients(capability_request: CapabilityRequest, staff: list) -> list:
    """Who hears of a request's new candidates: its curator while a member of the office, else all of `staff`."""
    curator = next((user for user in staff if user.pk == capability_request.curator_id), None)
    return [curator] if curator is not None else staff


def _strong_candidates_of(capability_request: CapabilityRequest, day: date) -> list[Match]:
    """The request's strong candidates the engine found on `day` (local time), as they stand now."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return list(
        Match.objects.filter(
            capability_request=capability_request,
            source=MatchSource.ENGINE,
            score__gte=settings.MATCHING_NOTIFY_THRESHOLD,
            created_at__gte=start,
            created_at__lt=start + timedelta(days=1),
        ).select_related("offer")
    )


def suggested_request_notice(match: Match, user) -> dict | None:
    """What a member of the offer's startup is told of a request it may answer (in the weekly digest);
    None for a restricted request, which a startup never hears of."""
    request, offer = match.capability_request, match.offer
    if request.visibility != Visibility.VETTED:
        return None
    return {
        "recipient": user,
        "kind": "request.suggested",
        "digest_only": True,
        "dedup_key": f"request.suggested:{request.pk}:{offer.organisation_id}:{user.pk}",
        "context": {
            "request_title": request.title,
            "urgency_label": english_label(Urgency(request.urgency).label),
            "needed_by": request.needed_by.isoformat(),
            "offer_title": offer.title,
        },
        "url": reverse("needs:detail", args=[request.pk]),
        "subject_type": REQUEST_SUBJECT,
        "subject_id": request.pk,
    }


def _notify_new_pairs(matches: list[Match]) -> None:
    """Curating staff hear of strong new candidates, once a day per request; the offer's startup hears of
    requests it may answer."""
    strong = [match for match in matches if match.score >= settings.MATCHING_NOTIFY_THRESHOLD]
    if not strong:
        return
    day = timezone.localdate()
    staff = office_staff()
    requests = {match.capability_request_id: match.capability_request for match in strong}
    for capability_request in requests.values():
        candidates = _strong_candidates_of(capability_request, day)
        for user in candidate_recipients(capability_request, staff):
            notification_renew(**candidate_notice(capability_request, candidates, user, day))
    startup_members = {
        organisation_id: members_in_good_standing(organisation_id)
        for organisation_id in {match.offer.organisation_id for match in strong}
    }
    for match in strong:
        for user in startup_members.get(match.offer.organisation_id, []):
            if (notice := suggested_request_notice(match, user)) is not None:
                notification_create(**notice)


def _record_creation(matches: list[Match], now) -> None:
    MatchEvent.objects.bulk_create(
        [
            MatchEvent(
                match=match, action=MatchAction.SUGGEST, from_state="", to_state=MatchState.SUGGESTED, created_at=now
            )
            for match in matches
        ]
    )


@transaction.atomic
def matches_refresh_for_request(*, capability_request_id: int, results: list) -> RefreshOutcome:
    """Upserts the engine's candidates for one request: new pairs above the threshold are suggested,
    known pairs get fresh scores, untouched suggestions that fell below the threshold are withdrawn.
    Pairs a person acted on keep their state and history whatever the score."""
    request = CapabilityRequest.objects.select_for_update().filter(pk=capability_request_id).first()
    if request is None:
        return RefreshOutcome()
    now = timezone.now()
    threshold = settings.MATCHING_THRESHOLD
    results = {int(result.offer_id): result for result in results}
    existing = {match.offer_id: match for match in Match.objects.filter(capability_request=request)}
    rescored = [match for match in existing.values() if match.offer_id in results]
    fresh_ids = [
        offer_id for offer_id, result in results.items() if offer_id not in existing and result.score >= threshold
    ]
    offers = _offers_to_check([*(match.offer_id for match in rescored), *fresh_ids])
    rescored = [match for match in rescored if match.offer_id in offers]
    for match in rescored:
        _apply_scores(match, results[match.offer_id], now, capability_request=request, offer=offers[match.offer_id])
    Match.objects.bulk_update(rescored, SCORE_FIELDS)
    fresh = []
    for offer_id in fresh_ids:
        if offer_id not in offers:  # deleted since it was scored
            continue
        match = Match(capability_request=request, offer_id=offer_id, created_at=now)
        _apply_scores(match, results[offer_id], now, capability_request=request, offer=offers[offer_id])
        fresh.append(match)
    Match.objects.bulk_create(fresh)
    _record_creation(fresh, now)
    stale = [
        match.pk
        for offer_id, match in existing.items()
        if match.is_untouched_suggestion and (offer_id not in results or results[offer_id].score < threshold)
    ]
    Match.objects.filter(pk__in=stale).delete()
    created = list(Match.objects.filter(pk__in=[m.pk for m in fresh]).select_related("capability_request", "offer"))
    _notify_new_pairs(created)
    return RefreshOutcome(
        created=len(fresh), updated=len(rescored) - len(set(stale) & {m.pk for m in rescored}), removed=len(stale)
    )


def matches_refresh_for_offer(*, offer_id: int, results: list) -> RefreshOutcome:
    """Upserts one offer's pairs with every open request, one request at a time (same rules and locks)."""
    total = RefreshOutcome()
    offer = _offers_to_check([offer_id]).get(offer_id)
    if offer is None:
        return total
    for result in sorted(results, key=lambda result: int(result.request_id)):
        outcome = _refresh_one_pair(request_id=int(result.request_id), offer=offer, result=result)
        total = RefreshOutcome(
            total.created + outcome.created, total.updated + outcome.updated, total.removed + outcome.removed
        )
    return total


@transaction.atomic
def _refresh_one_pair(*, request_id: int, offer: Offer, result) -> RefreshOutcome:
    request = CapabilityRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        return RefreshOutcome()
    now = timezone.now()
    offer_id = offer.pk
    match = Match.objects.filter(capability_request=request, offer_id=offer_id).first()
    if match is not None:
        _apply_scores(match, result, now, capability_request=request, offer=offer)
        if match.is_untouched_suggestion and match.score < settings.MATCHING_THRESHOLD:
            match.delete()
            return RefreshOutcome(removed=1)
        match.save(update_fields=SCORE_FIELDS)
        return RefreshOutcome(updated=1)
    if result.score < settings.MATCHING_THRESHOLD:
        return RefreshOutcome()
    match = Match(capability_request=request, offer_id=offer_id, created_at=now)
    _apply_scores(match, result, now, capability_request=request, offer=offer)
    match.save()
    _record_creation([match], now)
    _notify_new_pairs([Match.objects.select_related("capability_request", "offer").get(pk=match.pk)])
    return RefreshOutcome(created=1)


def matches_withdraw_for_request(*, capability_request_id: int) -> int:
    """A closed, fulfilled or cancelled request takes its untouched suggestions with it."""
    deleted, _ = Match.objects.filter(untouched_suggestions(), capability_request_id=capability_request_id).delete()
    return deleted


def matches_withdraw_for_offer(*, offer_id: int) -> int:
    """An archived or unpublished offer, or one whose startup lost its vetting, takes its untouched
    suggestions with it."""
    deleted, _ = Match.objects.filter(untouched_suggestions(), offer_id=offer_id).delete()
    return deleted


# A scoring that began at `started` read every change queued until then: once it has ended (failed too: then
# no candidates are coming), the page of its request or offer stops saying that candidates are being
# computed, unless a later change queued another scoring.
def request_scoring_done(*, capability_request_id: int, started) -> None:
    CapabilityRequest.objects.filter(pk=capability_request_id, scoring_queued_at__lte=started).update(
        scoring_queued_at=None
    )


def offer_scoring_done(*, offer_id: int, started) -> None:
    Offer.objects.filter(pk=offer_id, scoring_queued_at__lte=started).update(scoring_queued_at=None)
