"""The nightly rescore and the evaluation rank by the same path: the same records give the same top-K."""

import dataclasses
import json

import pytest

from engine.evaluation import rank_directory
from matching.bridge.records import area_nodes, matchable_offers, offer_records, open_requests_to_score, request_records
from matching.bridge.worker import engine_config
from matching.models import Match
from matching.services import scoring_run_start
from tests.factories import OfferFactory
from tests.matching.conftest import area
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(dataclasses.asdict(record), ensure_ascii=False) + "\n" for record in records))


def test_the_nightly_rescore_stores_the_top_k_the_evaluation_ranks(
    catalogue, unit_a, staff, tmp_path, settings, eager_celery, django_capture_on_commit_callbacks
):
    # given: a catalogue with near rivals, and requests in both languages
    settings.MATCHING_THRESHOLD = 0.0
    for n, title in enumerate(["Night interceptor quadcopter", "Thermal camera for drones", "Mine detector"]):
        OfferFactory(
            organisation=catalogue["interceptor"].organisation,
            title=title,
            description=f"{title}: interceptor drone parts, thermal seeker, batch {n}.",
            areas=[area("uas-aerial-interceptor")],
        )
    CapabilityRequestFactory(
        organisation=unit_a,
        title="Interceptor drones against Shahed drones",
        description="Interceptor drones to destroy Shahed attack drones at night.",
        language="en",
    )
    CapabilityRequestFactory(
        organisation=unit_a,
        title="Дрони-перехоплювачі проти Шахедів",
        description="Потрібні дрони-перехоплювачі з тепловізором для знищення Шахедів уночі.",
        language="uk",
    )

    # when: the nightly rescore stores its matches, and the evaluation ranks the same records
    with django_capture_on_commit_callbacks(execute=True):
        scoring_run_start(by=None, kind="nightly")
    write_jsonl(tmp_path / "offers.jsonl", offer_records(matchable_offers()))
    write_jsonl(tmp_path / "needs.jsonl", request_records(open_requests_to_score()))
    (tmp_path / "qrels.tsv").write_text("")
    ranked = rank_directory(tmp_path, {"en": tmp_path / "needs.jsonl"}, config=engine_config(), areas=area_nodes())

    # then: each request's stored candidates are the evaluation's top-K, in its order
    requests = list(open_requests_to_score())
    assert len(requests) == 2
    for capability_request in requests:
        stored = {str(m.offer_id): m.score for m in Match.objects.filter(capability_request=capability_request)}
        evaluated = ranked.rankings["en"][str(capability_request.pk)][: len(stored)]
        assert set(stored) == set(evaluated)
        # in the evaluation's order, the stored scores never rise
        assert [stored[o] for o in evaluated] == sorted(stored.values(), reverse=True)
        assert len(stored) == min(engine_config().top_k, len(ranked.rankings["en"][str(capability_request.pk)])) >= 4
