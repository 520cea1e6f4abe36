"""Full rescores: staff (or the nightly schedule) start one; chunks of tasks carry it out."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from needs.models import CapabilityRequest, RequestState
from profiles.models import User

from ..models import RunKind, RunStatus, ScoringRun


@transaction.atomic
def scoring_run_start(*, by: User | None, kind: str = RunKind.FULL) -> ScoringRun:
    """Starts a full rescore (refused while another one is queued or running)."""
    if by is not None and not by.is_office_staff:
        raise PermissionDenied(_("Only office staff can start a rescore."))
    active = ScoringRun.objects.select_for_update().filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    if active.exists():
        raise ValidationError(_("A rescore is already in progress. Wait for it to finish."))
    run = ScoringRun.objects.create(
        kind=kind, started_by=by, requests_total=CapabilityRequest.objects.filter(state=RequestState.OPEN).count()
    )
    from ..tasks import rescore_chunk

    transaction.on_commit(lambda: rescore_chunk.delay(run.pk, 0))
    return run
