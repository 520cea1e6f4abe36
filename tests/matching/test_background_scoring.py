"""The embedded mode: saving a request or an offer answers before its scoring is done; the scoring finishes on
the background thread, and meanwhile the page says that candidates are being computed."""

import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovation_office.tasks import background_tasks_drain
from matching.bridge import worker
from matching.models import Match
from taxonomy.models import CapabilityArea
from taxonomy.seed import load_area_records, upsert_areas
from tests.conftest import login
from tests.factories import member_of
from tests.matching.helpers import offer_form_data, request_form_data

pytestmark = pytest.mark.django_db(transaction=True)

# The longest the engine is held back: a save that waited for the scoring would take at least this long.
HOLD_SECONDS = 5


@pytest.fixture(autouse=True)
def capability_areas(transactional_db):
    """The tree comes from a data migration, which an earlier test that flushed the database took away."""
    if not CapabilityArea.objects.exists():
        upsert_areas(CapabilityArea, load_area_records())


@pytest.fixture
def embedded_tasks(eager_celery, settings):
    """Tasks as `make run` has them: no worker, queued work on the background thread."""
    settings.TASKS_IN_BACKGROUND = True
    yield
    background_tasks_drain()


@pytest.fixture
def engine_held(monkeypatch):
    """The engine starts scoring only once the test lets it (or after HOLD_SECONDS)."""
    released = threading.Event()

    def held(rank):
        def rank_when_released(pk: int):
            released.wait(HOLD_SECONDS)
            return rank(pk)

        return rank_when_released

    for name in ("rank_for_request", "rank_for_offer"):
        monkeypatch.setattr(worker, name, held(getattr(worker, name)))
    yield released
    released.set()


def test_saving_a_request_answers_at_once_and_its_candidates_follow(
    client, interceptor_request, catalogue, officer_a, embedded_tasks, engine_held
):
    # given
    login(client, officer_a)
    page = reverse("needs:detail", args=[interceptor_request.pk])

    # when
    started = timezone.now()
    response = client.post(
        reverse("needs:edit", args=[interceptor_request.pk]),
        request_form_data(interceptor_request, description=f"{interceptor_request.description} Urgent."),
    )
    answered_in = timezone.now() - started

    # then: the page answers while the engine has not scored yet, and says so
    assert response.status_code == 302 and response.url == page
    assert answered_in < timedelta(seconds=HOLD_SECONDS)
    assert not Match.objects.filter(capability_request=interceptor_request).exists()
    assert "Finding candidate offers…" in client.get(page).content.decode()

    # and when the scoring has run, the candidate is there and the note is gone
    engine_held.set()
    background_tasks_drain()
    match = Match.objects.get(capability_request=interceptor_request)
    assert match.offer == catalogue["interceptor"]
    assert "Finding candidate offers…" not in client.get(page).content.decode()


def test_saving_an_offer_answers_at_once_and_its_requests_follow(
    client, interceptor_request, catalogue, embedded_tasks, engine_held
):
    # given
    offer = catalogue["interceptor"]
    startup_member = member_of(offer.organisation, email="anna@aerodrive.example")
    login(client, startup_member, second_factor=False)
    page = reverse("offers:detail", args=[offer.pk])

    # when
    started = timezone.now()
    response = client.post(
        reverse("offers:edit", args=[offer.pk]), offer_form_data(offer, summary=f"{offer.summary} Ships in a month.")
    )
    answered_in = timezone.now() - started

    # then
    assert response.status_code == 302 and response.url == page
    assert answered_in < timedelta(seconds=HOLD_SECONDS)
    assert not Match.objects.filter(offer=offer).exists()
    assert "Finding matching requests…" in client.get(page).content.decode()

    # and when the scoring has run
    engine_held.set()
    background_tasks_drain()
    assert Match.objects.filter(offer=offer, capability_request=interceptor_request).exists()
    assert "Finding matching requests…" not in client.get(page).content.decode()
