"""Fixtures of the pipeline tests: a small catalogue the engine can tell apart, and eager Celery."""

import pytest

from innovation_office.celery import app
from matching.bridge import worker
from taxonomy.models import CapabilityArea
from tests.factories import OfferFactory, OrganisationFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory


@pytest.fixture(autouse=True)
def _fresh_engine():
    """Each test starts with no engine in memory (the database is new each time)."""
    worker.forget()
    yield
    worker.forget()


@pytest.fixture
def eager_celery():
    """Runs .delay() in-process for unit tests; the integration tests use a real worker instead."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def area(slug: str) -> CapabilityArea:
    return CapabilityArea.objects.get(slug=slug)


@pytest.fixture
def catalogue(db):
    startup = OrganisationFactory(legal_name="Aerodrive Systems GmbH")
    other = OrganisationFactory(legal_name="Demining Robotics BV", country="NL")
    interceptor = OfferFactory(
        organisation=startup,
        title="Radar-cued interceptor drone against Shahed-type loitering munitions",
        summary="A fast quadcopter interceptor that destroys one-way attack drones at night.",
        description=(
            "Interceptor drone with thermal seeker, 300 km/h dash speed, proximity fuze; defeats Shahed drones."
        ),
        trl=8,
        lead_time_days=30,
        monthly_capacity=300,
        areas=[area("uas-aerial-interceptor"), area("cuas-kinetic")],
    )
    demining = OfferFactory(
        organisation=other,
        title="Remote-controlled demining robot with flail",
        summary="A tracked robot that clears anti-personnel mines from farmland.",
        description="Tracked demining robot with a flail and ground-penetrating radar for agricultural land clearance.",
        trl=8,
        lead_time_days=60,
        monthly_capacity=10,
        areas=[area("demining")],
    )
    return {"interceptor": interceptor, "demining": demining}


@pytest.fixture
def interceptor_request(catalogue, unit_a):
    return CapabilityRequestFactory(
        organisation=unit_a,
        title="Interceptor drones against Shahed loitering munitions, night capable",
        description="We need interceptor drones to destroy Shahed-type attack drones at night, 200 units.",
        language="en",
        min_trl=7,
        quantity=200,
        areas=[area("uas-aerial-interceptor")],
    )


@pytest.fixture
def accepted(unit_a, startup_a, officer_a):
    """A match both sides accepted: startup A's interceptor for unit A's request (a module may define its own)."""
    capability_request = CapabilityRequestFactory(organisation=unit_a, created_by=officer_a, title="Night interceptors")
    return make_match(
        capability_request, OfferFactory(organisation=startup_a, title="Alpha interceptor"), state="accepted"
    )


@pytest.fixture
def controlled(unit_a, startup_a, officer_a):
    """An accepted match of an item on the EU Common Military List."""
    offer = OfferFactory(organisation=startup_a, title="Alpha warhead", export_control="ml", ml_category="ML4")
    return make_match(CapabilityRequestFactory(organisation=unit_a, created_by=officer_a), offer, state="accepted")
