"""The API tests' world (something of everything), tokens for the seven roles, a JSON client, the error shape.

A plain module, so that the permission harness in tests/security can use the same fixtures."""

from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from matching.models import Match
from notifications.services import notification_create
from offers.models import OfferState
from profiles.services import api_token_create
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory


def token_client(user) -> APIClient:
    """A client that calls as `user` with a fresh personal token, or anonymously for None."""
    client = APIClient()
    if user is not None:
        _token, raw = api_token_create(user=user, name="test")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def api(roles):
    """A token client per role name."""
    return {name: token_client(user) for name, user in roles.items()}


@pytest.fixture
def world(roles, startup_a, startup_b, unit_a, unit_b, staff):
    """Officer A's unit: an open vetted request with a budget, a restricted one and a draft; officer B's unit:
    an open request. Startup A: a published offer, a draft and an archived one; startup B: a published offer.
    A match proposed on A's vetted request to A's published offer; a suggested one to B's; a notification for A."""
    vetted = CapabilityRequestFactory(
        organisation=unit_a,
        created_by=roles["officer_a"],
        budget_min_eur=1000,
        budget_max_eur=90000,
        title="Counter-drone sensors for the eastern sector",
    )
    restricted = CapabilityRequestFactory(organisation=unit_a, visibility="restricted", title="Secret jammer need")
    draft_request = CapabilityRequestFactory(organisation=unit_a, state="draft")
    other_request = CapabilityRequestFactory(organisation=unit_b, title="Demining robots for the south")
    published = OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    draft_offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)
    archived = OfferFactory(organisation=startup_a, state=OfferState.ARCHIVED)
    offer_b = OfferFactory(organisation=startup_b, title="Radar for small drones")
    proposed = Match.objects.create(
        capability_request=vetted,
        offer=published,
        score=0.8,
        state="proposed",
        proposed_at=timezone.now(),
        summary_for_startup="A unit needs detectors.",
        summary_for_officer="An acoustic detector fits.",
        explanation={"shared_terms": ["drone"], "text": "Both are about drones."},
        checks=[{"code": "readiness", "status": "fail", "values": {"minimum": 8, "trl": 5}}],
        failed_checks=1,
    )
    suggested = Match.objects.create(capability_request=vetted, offer=offer_b, score=0.6)
    notification = notification_create(
        recipient=roles["startup_a"],
        kind="organisation.vetted",
        dedup_key="api-world",
        context={"organisation": startup_a.legal_name, "state_label": "Vetted"},
        url="/home/",
        subject_type="profiles.organisation",
        subject_id=startup_a.pk,
    )
    return SimpleNamespace(
        **roles,
        startup_a_org=startup_a,
        startup_b_org=startup_b,
        unit_a=unit_a,
        unit_b=unit_b,
        vetted_request=vetted,
        restricted_request=restricted,
        draft_request=draft_request,
        other_request=other_request,
        published_offer=published,
        draft_offer=draft_offer,
        archived_offer=archived,
        offer_b=offer_b,
        proposed_match=proposed,
        suggested_match=suggested,
        notification=notification,
    )


def error_of(response) -> dict:
    """The body of an error response, after checking it has the API's one shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
