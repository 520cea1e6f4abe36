"""Reads of offers: who sees which, and the catalogue's filters, search and sorting."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from offers.models import OfferState
from offers.selectors import (
    CatalogueFilters,
    offer_catalogue,
    offer_get,
    offer_get_for_edit,
    offers_visible_to,
    public_profiles_visible_to,
)
from profiles.models import VettingState
from taxonomy.models import CapabilityArea
from tests.factories import OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(startup_a, startup_b, pending_startup):
    suspended = OrganisationFactory(legal_name="Delta Suspended", vetting_state=VettingState.SUSPENDED)
    rejected = OrganisationFactory(legal_name="Echo Rejected", vetting_state=VettingState.REJECTED)
    return {
        "a_published": OfferFactory(organisation=startup_a),
        "a_draft": OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None),
        "a_archived": OfferFactory(organisation=startup_a, state=OfferState.ARCHIVED),
        "b_published": OfferFactory(organisation=startup_b),
        "pending_published": OfferFactory(organisation=pending_startup),
        "suspended_published": OfferFactory(organisation=suspended),
        "rejected_published": OfferFactory(organisation=rejected),
    }


def _names(queryset, offers) -> set[str]:
    by_pk = {offer.pk: name for name, offer in offers.items()}
    return {by_pk[offer.pk] for offer in queryset}


def test_an_officer_sees_only_published_offers_of_vetted_startups(officer_a, offers):
    assert _names(offers_visible_to(officer_a), offers) == {"a_published", "b_published"}


def test_a_startup_member_sees_every_offer_of_its_own_organisation_and_no_other(
    startup_a_admin, startup_b_admin, offers
):
    assert _names(offers_visible_to(startup_a_admin), offers) == {"a_published", "a_draft", "a_archived"}
    assert _names(offers_visible_to(startup_b_admin), offers) == {"b_published"}


def test_a_pending_startup_sees_its_own_offers_only(pending_admin, offers):
    assert _names(offers_visible_to(pending_admin), offers) == {"pending_published"}


def test_staff_see_every_offer(staff, offers):
    assert _names(offers_visible_to(staff), offers) == set(offers)


def test_anonymous_users_see_nothing(offers):
    assert not offers_visible_to(AnonymousUser()).exists()


def test_offers_outside_the_view_answer_404(startup_b_admin, officer_a, offers):
    with pytest.raises(Http404):
        offer_get(startup_b_admin, offers["a_draft"].pk)
    with pytest.raises(Http404):
        offer_get(officer_a, offers["a_draft"].pk)
    with pytest.raises(Http404):
        offer_get_for_edit(startup_b_admin, offers["a_published"].pk)
    assert offer_get(officer_a, offers["a_published"].pk) == offers["a_published"]


def test_an_officer_may_read_but_not_edit_a_published_offer(officer_a, offers):
    with pytest.raises(PermissionDenied):
        offer_get_for_edit(officer_a, offers["a_published"].pk)


def test_startups_have_no_catalogue(startup_a_admin, offers):
    with pytest.raises(Http404):
        offer_catalogue(startup_a_admin, CatalogueFilters())


def test_the_catalogue_filters_by_area_including_sub_areas(officer_a, startup_a):
    # given
    aerial = CapabilityArea.objects.get(slug="uas-aerial")
    fpv = CapabilityArea.objects.get(slug="uas-aerial-fpv")
    demining = CapabilityArea.objects.get(slug="ugv-demining")
    fpv_offer = OfferFactory(organisation=startup_a, areas=[fpv])
    aerial_offer = OfferFactory(organisation=startup_a, areas=[aerial])
    OfferFactory(organisation=startup_a, areas=[demining])

    # when
    found = offer_catalogue(officer_a, CatalogueFilters(area_id=aerial.pk))

    # then
    assert set(found) == {fpv_offer, aerial_offer}
    assert list(offer_catalogue(officer_a, CatalogueFilters(area_id=fpv.pk))) == [fpv_offer]


def test_the_catalogue_filters_by_each_criterion(officer_a, startup_a, startup_b):
    # given
    ready = OfferFactory(organisation=startup_a, trl=8, lead_time_days=10, field_tested_ua=True)
    early = OfferFactory(organisation=startup_b, trl=4, lead_time_days=120, export_control="ml", ml_category="ML4")

    def found(**filters):
        return set(offer_catalogue(officer_a, CatalogueFilters(**filters)))

    # then
    assert found(trl_min=7) == {ready}
    assert found(trl_min=4) == {ready, early}
    assert found(field_tested=True) == {ready}
    assert found(lead_time_max=30) == {ready}
    assert found(export_control="ml") == {early}
    assert found(country="FR") == {early}
    assert found(country="DE", trl_min=9) == set()


def test_only_staff_filter_by_organisation_and_state(officer_a, staff, startup_a, startup_b):
    a_draft = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)
    b_published = OfferFactory(organisation=startup_b)
    assert set(offer_catalogue(staff, CatalogueFilters(organisation_id=startup_a.pk))) == {a_draft}
    assert set(offer_catalogue(staff, CatalogueFilters(state="published"))) == {b_published}
    assert set(offer_catalogue(officer_a, CatalogueFilters(organisation_id=startup_a.pk, state="draft"))) == {
        b_published
    }


def test_search_finds_an_english_word_in_english_text(officer_a, startup_a):
    radar = OfferFactory(organisation=startup_a, title="Passive radar for small drones", summary="Detects quadcopters.")
    OfferFactory(organisation=startup_a, title="Field hospital tent")
    assert list(offer_catalogue(officer_a, CatalogueFilters(query="radars"))) == [radar]
    assert list(offer_catalogue(officer_a, CatalogueFilters(query="detecting"))) == [radar]


def test_search_finds_a_ukrainian_word_in_ukrainian_text(officer_a, startup_a):
    interceptor = OfferFactory(
        organisation=startup_a,
        language="uk",
        title="Дрон-перехоплювач",
        summary="Перехоплює розвідувальні дрони на висоті до 3 км.",
        description="Працює вночі.",
    )
    OfferFactory(
        organisation=startup_a, language="uk", title="Генератор", summary="Живлення для бліндажа.", description="."
    )
    # The generator's startup is called "Alpha Drones": it is found too, after the offer about drones.
    assert list(offer_catalogue(officer_a, CatalogueFilters(query="дронів", sort="relevance")))[0] == interceptor
    assert list(offer_catalogue(officer_a, CatalogueFilters(query="розвідувальних"))) == [interceptor]


def test_the_catalogue_sorts_newest_highest_trl_or_shortest_lead_time(officer_a, startup_a):
    now = timezone.now()
    old = OfferFactory(organisation=startup_a, trl=9, lead_time_days=60, published_at=now - timedelta(days=9))
    new = OfferFactory(organisation=startup_a, trl=5, lead_time_days=90, published_at=now)
    quick = OfferFactory(organisation=startup_a, trl=6, lead_time_days=7, published_at=now - timedelta(days=3))

    def order(sort):
        return list(offer_catalogue(officer_a, CatalogueFilters(sort=sort)))

    assert order("newest") == [new, quick, old]
    assert order("trl") == [old, quick, new]
    assert order("lead_time") == [quick, old, new]


def test_officers_see_the_public_profile_of_startups_in_the_catalogue_only(
    officer_a, startup_b_admin, startup_a, startup_b, pending_startup
):
    # given
    OfferFactory(organisation=startup_a)
    OfferFactory(organisation=startup_b, state=OfferState.DRAFT, published_at=None)
    OfferFactory(organisation=pending_startup)

    # then
    assert set(public_profiles_visible_to(officer_a)) == {startup_a}
    assert set(public_profiles_visible_to(startup_b_admin)) == {startup_b}
