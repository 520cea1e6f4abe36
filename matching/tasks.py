"""Scoring jobs: one request, one offer, or a full rescore in chunks that re-queue themselves."""

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone

from innovation_office.tasks import enqueue_on_commit
from needs.models import CapabilityRequest, RequestState

from . import scoring
from .models import RunKind, RunStatus, ScoringRun
from .services import (
    matches_refresh_for_offer,
    matches_refresh_for_request,
    matches_withdraw_for_offer,
    matches_withdraw_for_request,
    scoring_run_start,
)

BATCH_SIZE = 200


@shared_task(name="matching.score_request")
def score_request(capability_request_id: int) -> int:
    """Scores one request against every matchable offer and stores its candidates; a request that is no
    longer open loses its untouched suggestions instead (idempotent either way)."""
    results = scoring.score_request(capability_request_id)
    _score_refreshed_requests()
    if results is None:
        matches_withdraw_for_request(capability_request_id=capability_request_id)
        return 0
    return matches_refresh_for_request(capability_request_id=capability_request_id, results=results).created


@shared_task(name="matching.score_offer")
def score_offer(offer_id: int) -> int:
    """Scores one offer against every open request and stores the pairs above the threshold; an offer that
    is no longer matchable (archived, unpublished, startup not vetted) loses its untouched suggestions."""
    results = scoring.score_offer(offer_id)
    _score_refreshed_requests()
    if results is None:
        matches_withdraw_for_offer(offer_id=offer_id)
        return 0
    return matches_refresh_for_offer(offer_id=offer_id, results=results).created


def _score_refreshed_requests() -> None:
    """Queues a scoring of each request whose relevance feedback the offers' changes altered."""
    for capability_request_id in scoring.take_refreshed_requests():
        enqueue_on_commit("matching.score_request", capability_request_id)


@shared_task(name="matching.rescore_chunk")
def rescore_chunk(run_id: int, after_id: int) -> None:
    """Rescores the next BATCH_SIZE open requests after `after_id`, records progress, queues the rest.

    Safe to deliver twice: a chunk that another delivery already finished only re-queues its successor,
    and the progress update is conditional on the run still being where this chunk started."""
    run = ScoringRun.objects.filter(pk=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
    if run is None:
        return
    if run.last_request_id > after_id:
        rescore_chunk.delay(run_id, run.last_request_id)
        return
    if run.status == RunStatus.QUEUED:
        ScoringRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    request_ids = list(
        CapabilityRequest.objects.filter(state=RequestState.OPEN, pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    try:
        ranked = scoring.rank_requests(request_ids, rebuild=after_id == 0)
        written = sum(
            matches_refresh_for_request(capability_request_id=pk, results=results).created
            for pk, results in ranked.items()
        )
    except Exception as error:
        ScoringRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), errors=f"{error.__class__.__name__}: {error}"[:2000]
        )
        raise
    _score_refreshed_requests()
    last = request_ids[-1] if request_ids else after_id
    finished = len(request_ids) < BATCH_SIZE
    progress = {
        "last_request_id": last,
        "requests_done": Least(F("requests_done") + len(request_ids), F("requests_total")),
        "pairs_scored": F("pairs_scored") + len(ranked) * scoring.offer_count(),
        "matches_written": F("matches_written") + written,
        "engine_version": scoring.engine_version(),
        "config_hash": scoring.engine_config().hash(),
    }
    if finished:
        progress.update(status=RunStatus.FINISHED, finished_at=timezone.now(), requests_done=F("requests_total"))
    advanced = ScoringRun.objects.filter(pk=run_id, last_request_id=after_id).update(**progress)
    if advanced and not finished:
        rescore_chunk.delay(run_id, last)


@shared_task(name="matching.nightly_rescore")
def nightly_rescore() -> int | None:
    """Beat's nightly full rescore; skipped when a rescore is already in progress."""
    try:
        return scoring_run_start(by=None, kind=RunKind.NIGHTLY).pk
    except ValidationError:
        return None
