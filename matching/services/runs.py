"""Full rescores: staff (or the nightly schedule) start one; chunks of tasks carry it out and record their
progress here, each update conditional so a chunk delivered twice counts once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_office.refusals import forbidden
from profiles.models import User

from ..bridge.records import open_requests_to_score
from ..models import RunKind, RunStatus, ScoringRun
from ..permissions import may_curate

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


@transaction.atomic
def scoring_run_start(*, by: User | None, kind: str = RunKind.FULL) -> ScoringRun:
    """Starts a full rescore (refused while another one is queued or running); `by` is None for the schedule."""
    if by is not None and not may_curate(by):
        forbidden(_("Only office staff can start a rescore."))
    if ScoringRun.objects.select_for_update().filter(status__in=ACTIVE).exists():
        raise ValidationError(_("A rescore is already in progress. Wait for it to finish."))
    run = ScoringRun.objects.create(kind=kind, started_by=by, requests_total=open_requests_to_score().count())
    from ..tasks import rescore_chunk_task

    transaction.on_commit(lambda: rescore_chunk_task.delay(run.pk, 0))
    return run


def scoring_run_claim(*, run_id: int) -> ScoringRun | None:
    """The run a chunk works for, marked running on its first chunk; None once it finished or failed."""
    run = ScoringRun.objects.filter(pk=run_id, status__in=ACTIVE).first()
    if run is not None and run.status == RunStatus.QUEUED:
        ScoringRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    return run


def scoring_run_fail(*, run_id: int, error: Exception) -> None:
    ScoringRun.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), errors=f"{error.__class__.__name__}: {error}"[:2000]
    )


def scoring_run_advance(
    *,
    run_id: int,
    after_id: int,
    last_request_id: int,
    requests: int,
    pairs: int,
    written: int,
    engine_version: str,
    config_hash: str,
    finished: bool,
) -> bool:
    """Records one chunk's progress, only if the run is still where the chunk started; True when it was."""
    progress = {
        "last_request_id": last_request_id,
        "requests_done": Least(F("requests_done") + requests, F("requests_total")),
        "pairs_scored": F("pairs_scored") + pairs,
        "matches_written": F("matches_written") + written,
        "engine_version": engine_version,
        "config_hash": config_hash,
    }
    if finished:
        progress.update(status=RunStatus.FINISHED, finished_at=timezone.now(), requests_done=F("requests_total"))
    return bool(ScoringRun.objects.filter(pk=run_id, last_request_id=after_id).update(**progress))
