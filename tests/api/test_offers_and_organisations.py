"""Offers and organisations over the API: the same catalogue, filters and rules as the pages."""

import pytest

from offers.models import Offer, OfferState
from taxonomy.models import CapabilityArea
from tests.api.world import error_of, token_client
from tests.factories import OfferFactory, member_of

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_officers_browse_published_offers_of_vetted_startups_only(api, world, pending_startup):
    # given: a published offer of a startup still awaiting vetting
    OfferFactory(organisation=pending_startup, title="Unvetted radar")

    # when
    found = ids(api["officer_b"].get("/api/v1/offers/"))

    # then
    assert set(found) == {world.published_offer.pk, world.offer_b.pk}


def test_the_catalogue_filters_and_searches_like_the_page(api, world):
    # given
    OfferFactory(organisation=world.startup_b_org, title="Heavy mortar locator", trl=9, lead_time_days=200)

    # when / then
    assert ids(api["officer_a"].get("/api/v1/offers/", {"search": "acoustic detector"})) == [world.published_offer.pk]
    assert ids(api["officer_a"].get("/api/v1/offers/", {"search": "мінометний радар"})) == []
    # A Ukrainian word finds the offers that hold its English translation.
    assert ids(api["officer_a"].get("/api/v1/offers/", {"search": "радар"})) == ids(
        api["officer_a"].get("/api/v1/offers/", {"search": "radar"})
    )
    assert ids(api["officer_a"].get("/api/v1/offers/", {"country": "FR", "lead_time_max": 100})) == [world.offer_b.pk]
    assert len(ids(api["officer_a"].get("/api/v1/offers/", {"trl_min": 9}))) == 1
    first = ids(api["officer_a"].get("/api/v1/offers/", {"ordering": "trl"}))[0]
    assert Offer.objects.get(pk=first).trl == 9


def test_a_startup_lists_its_own_offers_in_every_state(api, world):
    response = api["startup_a"].get("/api/v1/offers/mine/")

    assert set(ids(response)) == {world.published_offer.pk, world.draft_offer.pk, world.archived_offer.pk}
    assert ids(api["startup_a"].get("/api/v1/offers/mine/", {"state": "draft"})) == [world.draft_offer.pk]


def test_a_startup_drafts_edits_and_publishes_an_offer(api, world):
    # given
    area = CapabilityArea.objects.order_by("position").first()
    body = {
        "title": "Thermal sight",
        "summary": "A sight.",
        "description": "For night work.",
        "language": "en",
        "areas": [area.pk],
        "trl": 6,
        "lead_time_days": 20,
        "monthly_capacity": 50,
        "export_control": "ml",
        "ml_category": "ML15",
        "licence_held": True,
    }

    # when
    created = api["startup_a"].post("/api/v1/offers/", body, format="json")
    pk = created.json()["id"]
    edited = api["startup_a"].patch(f"/api/v1/offers/{pk}/", {"export_control": "not_controlled"}, format="json")
    published = api["startup_a"].post(f"/api/v1/offers/{pk}/publish/", format="json")
    again = api["startup_a"].post(f"/api/v1/offers/{pk}/publish/", format="json")

    # then: the service's normalisation applied (no stale ML category), and the offer is in the catalogue
    assert created.status_code == 201 and created.json()["state"] == "draft"
    assert edited.json()["ml_category"] == "" and edited.json()["licence_held"] is False
    assert published.json()["state"] == "published"
    assert again.status_code == 409 and error_of(again)["code"] == "illegal_transition"
    assert pk in ids(api["officer_a"].get("/api/v1/offers/"))


def test_a_pending_startup_may_draft_but_not_publish(api, world):
    offer = OfferFactory(organisation=world.pending_startup.organisation, state=OfferState.DRAFT, published_at=None)

    response = api["pending_startup"].post(f"/api/v1/offers/{offer.pk}/publish/", format="json")

    # Its own offer, visible to it, but not its to publish yet: refused (403) with the reason.
    assert response.status_code == 403
    assert "vetted" in error_of(response)["message"]
    assert api["pending_startup"].get(f"/api/v1/offers/{offer.pk}/").json()["moves"] == ["archive"]


def test_another_startups_offer_cannot_be_read_or_written_by_id(api, world):
    url = f"/api/v1/offers/{world.published_offer.pk}/"

    assert api["startup_b"].get(url).status_code == 404
    assert api["startup_b"].patch(url, {"title": "Mine now"}, format="json").status_code == 404
    assert api["startup_b"].post(url + "archive/", format="json").status_code == 404
    # The officer reads the offer in the catalogue, so the refusal to change it is 403, not 404.
    assert api["officer_a"].patch(url, {"title": "Officer's"}, format="json").status_code == 403
    world.published_offer.refresh_from_db()
    assert world.published_offer.title == "Acoustic drone detector"


def test_organisations_are_ones_own_and_only_admins_edit_them(api, world):
    # given
    colleague = member_of(world.startup_a_org, role="member")

    # when
    own = api["startup_a"].get("/api/v1/organisations/")
    other = api["startup_a"].get(f"/api/v1/organisations/{world.startup_b_org.pk}/")
    by_member = token_client(colleague).patch(
        f"/api/v1/organisations/{world.startup_a_org.pk}/", {"website": "https://x.example"}, format="json"
    )
    by_admin = api["startup_a"].patch(
        f"/api/v1/organisations/{world.startup_a_org.pk}/", {"ncage_code": "D1234"}, format="json"
    )

    # then
    assert ids(own) == [world.startup_a_org.pk]
    assert other.status_code == 404
    assert by_member.status_code == 403
    assert by_admin.status_code == 200 and by_admin.json()["ncage_code"] == "D1234"
    assert len(ids(api["staff"].get("/api/v1/organisations/", {"page_size": 100}))) >= 6
