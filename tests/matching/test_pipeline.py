"""The scoring upsert: candidates appear, staff decisions survive rescoring, untouched low pairs go."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from matching.bridge import worker
from matching.bridge.records import matchable_offers
from matching.models import Match, MatchEvent, MatchState
from matching.services import match_shortlist, matches_refresh_for_request
from matching.tasks import score_offer_task, score_request_task
from notifications.models import Notification
from tests.factories import OfferFactory, member_of
from tests.matching.conftest import area

pytestmark = pytest.mark.django_db


def test_scoring_a_request_suggests_the_fitting_offer_only(interceptor_request, catalogue, staff):
    # when
    created = score_request_task(interceptor_request.pk)

    # then
    match = Match.objects.get(capability_request=interceptor_request)
    assert created == 1
    assert match.offer == catalogue["interceptor"] and match.state == MatchState.SUGGESTED
    assert 0.4 <= match.score <= 1
    assert match.engine_version and match.config_hash and match.explanation["terms"]
    assert {"readiness", "timing", "capacity", "export_control", "datasheet", "field_tested"} <= {
        check["code"] for check in match.checks
    }
    assert match.failed_checks == sum(check["status"] == "fail" for check in match.checks)
    assert list(match.events.values_list("from_state", "to_state")) == [("", "suggested")]
    assert not Match.objects.filter(offer=catalogue["demining"]).exists()


def test_a_strong_new_candidate_notifies_curating_staff_once_for_its_request(interceptor_request, staff, settings):
    # given
    settings.MATCHING_NOTIFY_THRESHOLD = settings.MATCHING_THRESHOLD

    # when
    score_request_task(interceptor_request.pk)
    score_request_task(interceptor_request.pk)

    # then
    notifications = Notification.objects.filter(recipient=staff, kind="match.candidates")
    assert notifications.count() == 1
    (candidate,) = notifications.get().context["candidates"]
    assert candidate["offer_title"].startswith("Radar-cued interceptor")


def test_only_the_active_members_of_the_startup_hear_of_a_request_they_may_answer(
    interceptor_request, catalogue, settings
):
    # given: one member of the interceptor's startup left, the other is still there
    settings.MATCHING_NOTIFY_THRESHOLD = settings.MATCHING_THRESHOLD
    startup = catalogue["interceptor"].organisation
    present, gone = member_of(startup), member_of(startup)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    # when
    score_request_task(interceptor_request.pk)

    # then
    told = Notification.objects.filter(kind="request.suggested").values_list("recipient_id", flat=True)
    assert set(told) == {present.pk}


def test_rescoring_is_idempotent(interceptor_request):
    score_request_task(interceptor_request.pk)
    first = list(Match.objects.values_list("offer_id", "score"))
    assert score_request_task(interceptor_request.pk) == 0
    assert list(Match.objects.values_list("offer_id", "score")) == first
    assert MatchEvent.objects.count() == len(first)


def _make_irrelevant(offer) -> None:
    offer.title = "Field kitchen trailer for 200 soldiers"
    offer.summary = "Cooks hot meals in the field."
    offer.description = "A towed kitchen with boilers and ovens for field catering."
    offer.updated_at = timezone.now()
    offer.save()
    offer.areas.set([area("logistics")])


def test_staff_decisions_survive_rescoring_and_untouched_low_pairs_go(interceptor_request, catalogue, staff, unit_a):
    # given: two requests share the interceptor offer; staff shortlist one of the pairs
    from tests.needs.factories import CapabilityRequestFactory

    other_request = CapabilityRequestFactory(
        organisation=unit_a,
        title="Interceptor drones to defend a power plant from Shahed drones",
        description="Interceptor drones against Shahed loitering munitions, night.",
        language="en",
        areas=[area("uas-aerial-interceptor")],
    )
    score_request_task(interceptor_request.pk)
    score_request_task(other_request.pk)
    kept = match_shortlist(match=Match.objects.get(capability_request=interceptor_request), by=staff)

    # when: the offer becomes irrelevant to both requests and both are rescored
    _make_irrelevant(catalogue["interceptor"])
    score_request_task(interceptor_request.pk)
    score_request_task(other_request.pk)

    # then
    kept.refresh_from_db()
    assert kept.state == MatchState.SHORTLISTED and kept.score < 0.4
    assert list(kept.events.values_list("to_state", flat=True)) == ["suggested", "shortlisted"]
    assert not Match.objects.filter(capability_request=other_request).exists()


def test_scoring_an_offer_pairs_it_with_open_requests(interceptor_request, catalogue):
    # when
    score_offer_task(catalogue["interceptor"].pk)

    # then
    assert Match.objects.filter(capability_request=interceptor_request, offer=catalogue["interceptor"]).exists()
    assert score_offer_task(catalogue["demining"].pk) == 0


def test_an_offer_is_scored_while_no_request_is_open(catalogue):
    # when: the first offer saved on a new platform
    created = score_offer_task(catalogue["interceptor"].pk)

    # then
    assert created == 0 and not Match.objects.exists()


def test_a_request_is_scored_while_no_offer_is_published(unit_a):
    # given
    from tests.needs.factories import CapabilityRequestFactory

    capability_request = CapabilityRequestFactory(organisation=unit_a)

    # when
    created = score_request_task(capability_request.pk)

    # then
    assert created == 0 and not Match.objects.exists()


def test_a_closed_request_is_not_scored(interceptor_request):
    interceptor_request.state = "closed"
    interceptor_request.closed_at = timezone.now()
    interceptor_request.save()
    assert score_request_task(interceptor_request.pk) == 0
    assert not Match.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scorings_of_one_request_keep_one_match_per_pair(interceptor_request):
    # given
    results = worker.rank_for_request(interceptor_request.pk)
    barrier = threading.Barrier(2)
    errors = []

    def refresh():
        try:
            barrier.wait()
            matches_refresh_for_request(capability_request_id=interceptor_request.pk, results=results)
        except Exception as error:  # noqa: BLE001 - the test reports any failure of either thread
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert not errors
    assert (
        Match.objects.filter(capability_request=interceptor_request).count()
        == len([r for r in results if r.score >= 0.4])
        >= 1
    )
    assert MatchEvent.objects.count() == Match.objects.count()


def test_closing_a_request_withdraws_its_untouched_suggestions_only(
    interceptor_request, catalogue, staff, officer_a, eager_celery, django_capture_on_commit_callbacks, settings
):
    # given: two suggestions, one of which staff shortlisted
    settings.MATCHING_THRESHOLD = 0.2
    from needs.services import request_close
    from tests.factories import OfferFactory

    OfferFactory(
        organisation=catalogue["interceptor"].organisation,
        title="Interceptor drone kit for Shahed drones at night",
        description="Interceptor drones that destroy Shahed attack drones at night.",
        areas=[area("uas-aerial-interceptor")],
    )
    score_request_task(interceptor_request.pk)
    assert Match.objects.count() == 2
    shortlisted = match_shortlist(match=Match.objects.order_by("pk").first(), by=staff)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        request_close(capability_request=interceptor_request, by=officer_a)

    # then
    assert list(Match.objects.values_list("pk", flat=True)) == [shortlisted.pk]


def test_saving_a_request_through_its_service_scores_it(
    catalogue, officer_a, eager_celery, django_capture_on_commit_callbacks
):
    # given
    from needs.services import RequestFields, request_create, request_open

    fields = RequestFields(
        title="Interceptor drones against Shahed drones",
        description="Interceptor drones to destroy Shahed drones at night.",
        language="en",
        min_trl=6,
        quantity=50,
        needed_by=timezone.localdate() + timedelta(days=60),
        areas=(area("uas-aerial-interceptor"),),
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        capability_request = request_create(fields=fields, by=officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        request_open(capability_request=capability_request, by=officer_a)

    # then
    assert Match.objects.filter(capability_request=capability_request, offer=catalogue["interceptor"]).exists()


def test_suspending_a_unit_withdraws_the_untouched_suggestions_of_its_requests_and_reinstating_brings_them_back(
    interceptor_request, catalogue, staff, unit_a, eager_celery, django_capture_on_commit_callbacks
):
    # given
    from profiles.services import organisation_set_vetting

    score_request_task(interceptor_request.pk)
    assert Match.objects.filter(capability_request=interceptor_request).exists()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        organisation_set_vetting(organisation=unit_a, to_state="suspended", note="Under review.", by=staff)

    # then
    assert not Match.objects.filter(capability_request=interceptor_request).exists()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        organisation_set_vetting(organisation=unit_a, to_state="vetted", note="Concern cleared after review.", by=staff)

    # then
    assert Match.objects.filter(capability_request=interceptor_request, offer=catalogue["interceptor"]).exists()


def test_the_engine_scores_the_published_offers_of_startups_only(startup_a, unit_a, office):
    # given: a published offer of a startup, and offers somehow published by a unit and by the office
    of_a_startup = OfferFactory(organisation=startup_a)
    OfferFactory(organisation=unit_a)
    OfferFactory(organisation=office)

    # then
    assert list(matchable_offers()) == [of_a_startup]
