"""Full rescores: chunked, with progress staff can watch, safe to deliver twice, one at a time."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from matching import tasks
from matching.models import Match, RunStatus, ScoringRun
from matching.services import scoring_run_start
from tests.conftest import login
from tests.matching.conftest import area
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_requests(catalogue, unit_a):
    return [
        CapabilityRequestFactory(
            organisation=unit_a,
            title=f"Interceptor drones against Shahed drones, batch {n}",
            description="Interceptor drones to destroy Shahed attack drones at night.",
            language="en",
            areas=[area("uas-aerial-interceptor")],
        )
        for n in range(5)
    ]


def test_a_full_rescore_runs_in_chunks_and_records_its_progress(
    five_requests, staff, monkeypatch, eager_celery, django_capture_on_commit_callbacks
):
    # given
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        run = scoring_run_start(by=staff)

    # then
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED and run.finished_at is not None
    assert (run.requests_total, run.requests_done, run.progress_percent) == (5, 5, 100)
    assert run.pairs_scored == 5 * 2 and run.matches_written == Match.objects.count() >= 5
    assert run.last_request_id == five_requests[-1].pk and run.engine_version and run.config_hash


def test_a_chunk_delivered_twice_does_its_work_once(five_requests, staff, monkeypatch, eager_celery):
    # given: a run whose first chunk already went through
    monkeypatch.setattr(tasks, "BATCH_SIZE", 10)
    run = ScoringRun.objects.create(requests_total=5, started_by=staff)
    tasks.rescore_chunk_task(run.pk, 0)
    run.refresh_from_db()
    finished = (run.status, run.requests_done, run.matches_written)

    # when
    tasks.rescore_chunk_task(run.pk, 0)

    # then
    run.refresh_from_db()
    assert (run.status, run.requests_done, run.matches_written) == finished == ("finished", 5, Match.objects.count())


def test_only_one_rescore_at_a_time_and_only_staff_start_one(five_requests, staff, officer_a):
    scoring_run_start(by=staff)
    with pytest.raises(ValidationError):
        scoring_run_start(by=staff)
    with pytest.raises(PermissionDenied):
        scoring_run_start(by=officer_a)
    assert ScoringRun.objects.count() == 1


def test_staff_start_a_run_and_watch_its_progress(
    client, staff, five_requests, django_capture_on_commit_callbacks, eager_celery
):
    # given
    login(client, staff)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/matching/runs/")
    run = ScoringRun.objects.get()
    listing = client.get("/staff/matching/runs/").content.decode()
    row = client.get(f"/staff/matching/runs/{run.pk}/progress/", headers={"HX-Request": "true"}).content.decode()

    # then
    assert response.status_code == 302
    assert "Finished" in listing and 'value="100"' in listing
    assert row.startswith("<tr") and "hx-trigger" not in row


def test_a_running_row_keeps_polling(client, staff):
    login(client, staff)
    run = ScoringRun.objects.create(status=RunStatus.RUNNING, requests_total=10, requests_done=4)
    row = client.get(f"/staff/matching/runs/{run.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in row and 'value="40"' in row


def test_the_candidates_page_lists_matches_best_first_with_their_reasons(
    client, staff, interceptor_request, django_assert_max_num_queries
):
    # given
    tasks.score_request_task(interceptor_request.pk)
    login(client, staff)

    # when
    with django_assert_max_num_queries(20):
        page = client.get(f"/staff/matching/requests/{interceptor_request.pk}/").content.decode()

    # then
    assert "Radar-cued interceptor drone" in page and "Shared terms" in page
    assert page.count('data-testid="candidate"') == Match.objects.filter(capability_request=interceptor_request).count()
