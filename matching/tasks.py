"""Scoring jobs: one request, one offer, or a full rescore in chunks that re-queue themselves. Each task asks
the bridge's worker engine for rankings and stores them through a service. And the meetings' reminders."""

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from innovation_office import tasks as registry

from .bridge import worker
from .bridge.records import open_requests_to_score
from .models import RunKind
from .services import (
    matches_refresh_for_offer,
    matches_refresh_for_request,
    matches_withdraw_for_offer,
    matches_withdraw_for_request,
    meetings_remind,
    offer_scoring_done,
    request_scoring_done,
    scoring_run_advance,
    scoring_run_claim,
    scoring_run_fail,
    scoring_run_start,
)

BATCH_SIZE = 200


@shared_task(name=registry.SCORE_REQUEST)
def score_request_task(capability_request_id: int) -> int:
    """Scores one request against every matchable offer and stores its candidates; a request that is no
    longer open loses its untouched suggestions instead (idempotent either way)."""
    started = timezone.now()
    try:
        results = worker.rank_for_request(capability_request_id)
        if results is None:
            matches_withdraw_for_request(capability_request_id=capability_request_id)
            return 0
        return matches_refresh_for_request(capability_request_id=capability_request_id, results=results).created
    finally:
        request_scoring_done(capability_request_id=capability_request_id, started=started)


@shared_task(name=registry.SCORE_OFFER)
def score_offer_task(offer_id: int) -> int:
    """Scores one offer against every open request and stores the pairs above the threshold; an offer that
    is no longer matchable (archived, unpublished, startup not vetted) loses its untouched suggestions."""
    started = timezone.now()
    try:
        results = worker.rank_for_offer(offer_id)
        if results is None:
            matches_withdraw_for_offer(offer_id=offer_id)
            return 0
        return matches_refresh_for_offer(offer_id=offer_id, results=results).created
    finally:
        offer_scoring_done(offer_id=offer_id, started=started)


@shared_task(name=registry.RESCORE_CHUNK)
def rescore_chunk_task(run_id: int, after_id: int) -> None:
    """Rescores the next BATCH_SIZE open requests after `after_id`, records progress, queues the rest.

    Safe to deliver twice: a chunk that another delivery already finished only re-queues its successor,
    and the progress update is conditional on the run still being where this chunk started."""
    run = scoring_run_claim(run_id=run_id)
    if run is None:
        return
    if run.last_request_id > after_id:
        rescore_chunk_task.delay(run_id, run.last_request_id)
        return
    request_ids = list(
        open_requests_to_score().filter(pk__gt=after_id).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE]
    )
    try:
        ranked = worker.rank_requests(request_ids, rebuild=after_id == 0)
        written = sum(
            matches_refresh_for_request(capability_request_id=pk, results=results).created
            for pk, results in ranked.items()
        )
    except Exception as error:
        scoring_run_fail(run_id=run_id, error=error)
        raise
    last = request_ids[-1] if request_ids else after_id
    finished = len(request_ids) < BATCH_SIZE
    advanced = scoring_run_advance(
        run_id=run_id,
        after_id=after_id,
        last_request_id=last,
        requests=len(request_ids),
        pairs=len(ranked) * worker.offer_count(),
        written=written,
        engine_version=worker.engine_version(),
        config_hash=worker.engine_config().hash(),
        finished=finished,
    )
    if advanced and not finished:
        rescore_chunk_task.delay(run_id, last)


@shared_task(name=registry.NIGHTLY_RESCORE)
def nightly_rescore_task() -> int | None:
    """Beat's nightly full rescore; skipped when a rescore is already in progress."""
    try:
        return scoring_run_start(by=None, kind=RunKind.NIGHTLY).pk
    except ValidationError:
        return None


@shared_task(name="matching.remind_meetings")
def remind_meetings_task() -> int:
    """Reminds both parties of each confirmed meeting in the next 24 hours, once (a meeting reminded is marked)."""
    return meetings_remind()
