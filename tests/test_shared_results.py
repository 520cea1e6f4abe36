"""A catalogue's results are rendered once for every reader who sees the same rows; a change to what they show
is seen on the next page, by everyone, and nobody is served another scope's rows."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from innovation_office.fragments import catalogue_stamp
from needs.services import request_close, request_curator_set
from offers.models import OfferState
from offers.services import offer_publish, offer_unpublish
from profiles.models import VettingState
from profiles.services.organisations import organisation_set_vetting
from taxonomy.models import CapabilityArea
from tests.conftest import login
from tests.factories import OfferFactory, member_of
from tests.needs.factories import CapabilityRequestFactory


def _catalogue(client, user, **asked) -> str:
    return login(client, user).get(reverse("offers:catalogue"), asked).content.decode()


@pytest.fixture
def officer_a2(unit_a):
    return member_of(unit_a, email="officer.a2@example.org")


def test_an_offer_published_shows_at_once_to_every_officer(client, officer_a, officer_b, startup_a, startup_a_admin):
    OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    waiting = OfferFactory(organisation=startup_a, title="Fibre-optic FPV kit", state=OfferState.DRAFT)
    assert "Fibre-optic FPV kit" not in _catalogue(client, officer_a)

    offer_publish(offer=waiting, by=startup_a_admin)

    assert "Fibre-optic FPV kit" in _catalogue(client, officer_b)
    assert "Fibre-optic FPV kit" in _catalogue(client, officer_a, q="fibre")
    offer_unpublish(offer=waiting, by=startup_a_admin)
    assert "Fibre-optic FPV kit" not in _catalogue(client, officer_a, q="fibre")


def test_a_suspended_startups_offers_leave_the_shared_page_at_once(client, officer_a, officer_b, startup_a, staff):
    OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    assert "Acoustic drone detector" in _catalogue(client, officer_a)

    organisation_set_vetting(
        organisation=startup_a, to_state=VettingState.SUSPENDED, note="Under review by the office.", by=staff
    )

    assert "Acoustic drone detector" not in _catalogue(client, officer_b)


def test_a_renamed_area_shows_at_once(client, officer_a, startup_a):
    area = CapabilityArea.objects.order_by("position").first()
    OfferFactory(organisation=startup_a, areas=[area])
    assert f'<li class="chip area">{area.name_en}</li>' in _catalogue(client, officer_a)

    area.name_en = "Counter-drone, renamed"
    area.save()

    assert '<li class="chip area">Counter-drone, renamed</li>' in _catalogue(client, officer_a)


def test_staff_and_officers_never_share_a_page(client, staff, officer_a, startup_a):
    OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    OfferFactory(organisation=startup_a, title="Unfinished draft radar", state=OfferState.DRAFT)

    assert "Unfinished draft radar" in _catalogue(client, staff)
    assert "Unfinished draft radar" not in _catalogue(client, officer_a)
    assert "Unfinished draft radar" in _catalogue(client, staff)


def test_the_shared_page_is_in_the_readers_language(client, officer_a, startup_a):
    OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    assert "Sort by" in _catalogue(client, officer_a)
    client.cookies["django_language"] = "uk"
    with translation.override("uk"):
        page = client.get(reverse("offers:catalogue")).content.decode()
    assert "Sort by" not in page and "Acoustic drone detector" in page


def test_the_officer_of_a_suspended_unit_is_not_served_the_shared_page(
    client, officer_a, officer_b, unit_a, startup_a, staff
):
    OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    organisation_set_vetting(
        organisation=unit_a, to_state=VettingState.SUSPENDED, note="Under review by the office.", by=staff
    )

    assert "Acoustic drone detector" in _catalogue(client, officer_b)
    assert login(client, officer_a).get(reverse("offers:catalogue")).status_code == 404


def test_a_change_moves_the_stamp_again_once_committed(startup_a, startup_a_admin, django_capture_on_commit_callbacks):
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offer_publish(offer=offer, by=startup_a_admin)
        during = catalogue_stamp()
    for callback in callbacks:
        callback()
    # A page rendered before the commit, from the rows as they were, is kept under a stamp no longer read.
    assert catalogue_stamp() != during


def test_a_closed_request_leaves_every_startups_catalogue_at_once(
    client, startup_a_admin, startup_b_admin, unit_a, officer_a
):
    asked = CapabilityRequestFactory(organisation=unit_a, title="Перехоплювачі «Шахедів»", state="open")
    assert "Перехоплювачі «Шахедів»" in login(client, startup_a_admin).get(reverse("needs:list")).content.decode()

    request_close(capability_request=asked, by=officer_a)

    assert "Перехоплювачі «Шахедів»" not in login(client, startup_b_admin).get(reverse("needs:list")).content.decode()


def test_a_startup_awaiting_vetting_is_not_served_the_shared_catalogue(client, startup_a_admin, pending_admin, unit_a):
    CapabilityRequestFactory(organisation=unit_a, title="Перехоплювачі «Шахедів»", state="open")
    assert "Перехоплювачі «Шахедів»" in login(client, startup_a_admin).get(reverse("needs:list")).content.decode()

    page = login(client, pending_admin).get(reverse("needs:list")).content.decode()

    assert "Перехоплювачі «Шахедів»" not in page and 'data-testid="catalogue-locked"' in page


def test_a_renamed_startup_and_a_changed_area_of_an_offer_show_at_once(client, officer_a, startup_a):
    first, second = CapabilityArea.objects.order_by("position")[:2]
    offer = OfferFactory(organisation=startup_a, title="Acoustic drone detector", areas=[first])
    assert f'<li class="chip area">{second.name_en}</li>' not in _catalogue(client, officer_a)

    startup_a.legal_name = "Renamed Acoustics GmbH"
    startup_a.save()
    assert "Renamed Acoustics GmbH" in _catalogue(client, officer_a)

    offer.areas.add(second)
    assert f'<li class="chip area">{second.name_en}</li>' in _catalogue(client, officer_a)


def test_a_page_read_by_another_officer_costs_three_queries_whatever_parameter_the_page_ignores(
    client, officer_a, officer_a2, startup_a, django_assert_max_num_queries
):
    for number in range(25):
        OfferFactory(organisation=startup_a, title=f"Thermal camera {number}")
    _catalogue(client, officer_a, q="thermal", page="2", utm_source="newsletter-a")
    login(client, officer_a2)
    with django_assert_max_num_queries(3):
        page = client.get(reverse("offers:catalogue"), {"q": "thermal", "page": "2", "utm_source": "b"})
    results = page.content.decode()[page.content.decode().index('class="results-count"') :]
    assert "Thermal camera" in results and "25 offers" in results and "utm_source" not in results


def test_the_shared_request_catalogue_is_in_english_for_an_english_reader(client, startup_a_admin, unit_a):
    CapabilityRequestFactory(
        organisation=unit_a, title="Перехоплювачі «Шахедів»", title_en="Shahed interceptors", language="uk"
    )
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        page = login(client, startup_a_admin).get(reverse("needs:list")).content.decode()
    assert ">Shahed interceptors</a>" in page


def test_a_save_no_catalogue_shows_leaves_the_pages_kept(startup_a, officer_a, unit_a, staff):
    offer = OfferFactory(organisation=startup_a)
    asked = CapabilityRequestFactory(organisation=unit_a)
    before = catalogue_stamp()
    offer.save(update_fields=["scoring_queued_at"])
    request_curator_set(capability_request=asked, curator=staff, by=staff)
    assert catalogue_stamp() == before
    offer.save(update_fields=["title"])
    assert catalogue_stamp() != before


def test_reading_the_search_terms_again_moves_the_stamp(startup_a):
    OfferFactory(organisation=startup_a)
    before = catalogue_stamp()
    call_command("reindex_search", verbosity=0)
    assert catalogue_stamp() != before


def test_a_write_goes_on_when_the_cache_cannot_be_reached(startup_a, startup_a_admin, monkeypatch, caplog):
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT)

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("innovation_office.fragments.cache.incr", unreachable)
    offer_publish(offer=offer, by=startup_a_admin)
    offer.refresh_from_db()
    assert offer.state == OfferState.PUBLISHED
    assert "stamp could not be moved" in caplog.text


def _own_offers(client, user, **asked) -> str:
    return login(client, user).get(reverse("offers:list"), asked).content.decode()


def test_a_startups_own_offers_are_shared_by_its_members_and_nobody_else(client, startup_a, startup_b, startup_b_admin):
    first = member_of(startup_a, email="first@startup-a.example")
    second = member_of(startup_a, email="second@startup-a.example")
    OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    assert "Acoustic drone detector" in _own_offers(client, first)
    assert "Acoustic drone detector" not in _own_offers(client, startup_b_admin)

    OfferFactory(organisation=startup_a, title="Fibre-optic FPV kit", state=OfferState.DRAFT)

    assert "Fibre-optic FPV kit" in _own_offers(client, second)
    assert "Fibre-optic FPV kit" in _own_offers(client, first, state="draft")
    assert "Fibre-optic FPV kit" not in _own_offers(client, first, state="published")
    assert "Fibre-optic FPV kit" not in _own_offers(client, startup_b_admin)


def test_an_offer_unpublished_leaves_its_startups_list_of_published_offers_at_once(client, startup_a, startup_a_admin):
    offer = OfferFactory(organisation=startup_a, title="Acoustic drone detector")
    assert "Acoustic drone detector" in _own_offers(client, startup_a_admin, state="published")

    offer_unpublish(offer=offer, by=startup_a_admin)

    assert "Acoustic drone detector" not in _own_offers(client, startup_a_admin, state="published")
    assert "Acoustic drone detector" in _own_offers(client, startup_a_admin)
