"""The pipeline on real services: a request saved through its service gets candidates from a real
worker within seconds, and concurrent scoring keeps one match per pair."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from innovation_office.celery import app
from matching.bridge import worker
from matching.models import Match, MatchEvent
from needs.services import RequestFields, request_create, request_open
from tests.conftest import login
from tests.integration.conftest import wait_for
from tests.matching.conftest import area, catalogue, interceptor_request  # noqa: F401 - fixtures

pytestmark = pytest.mark.integration

LATENCY_LIMIT = 5.0


def test_a_saved_request_has_candidates_visible_to_staff_within_five_seconds(
    celery_worker_process, catalogue, officer_a, staff, client
):  # noqa: F811
    # given: the catalogue's vectors are in the shared table, as a running deployment's workers left them
    worker.synced_engine()
    worker.forget()
    fields = RequestFields(
        title="Дрони-перехоплювачі проти шахедів, 200 одиниць",
        description="Потрібні дрони-перехоплювачі для знищення шахедів уночі, стійкі до РЕБ.",
        language="uk",
        min_trl=6,
        quantity=200,
        needed_by=timezone.localdate() + timedelta(days=60),
        areas=(area("uas-aerial-interceptor"),),
    )
    capability_request = request_create(fields=fields, by=officer_a)

    # when
    started = time.monotonic()
    request_open(capability_request=capability_request, by=officer_a)
    found = wait_for(
        lambda: Match.objects.filter(capability_request=capability_request).exists(), timeout=LATENCY_LIMIT
    )
    latency = time.monotonic() - started

    # then
    print(f"end_to_end_latency_seconds={latency:.3f}")
    assert found and latency < LATENCY_LIMIT
    page = login(client, staff).get(f"/staff/matching/requests/{capability_request.pk}/").content.decode()
    assert catalogue["interceptor"].title in page


def test_two_workers_scoring_one_request_at_once_keep_one_match_per_pair(celery_workers, interceptor_request):  # noqa: F811
    # given
    celery_workers(2)

    # when: the same request is scored by both workers at the same time, several times over
    for _ in range(4):
        app.signature("matching.score_request", args=(interceptor_request.pk,)).delay()
        app.signature("matching.score_request", args=(interceptor_request.pk,)).delay()

    # then
    assert wait_for(lambda: Match.objects.filter(capability_request=interceptor_request).exists())
    time.sleep(2)
    pairs = list(Match.objects.filter(capability_request=interceptor_request).values_list("offer_id", flat=True))
    assert len(pairs) == len(set(pairs)) >= 1
    assert MatchEvent.objects.filter(match__capability_request=interceptor_request).count() == len(pairs)
