"""Selectors for capability requests: who sees which request, the anonymised projection, filters and search."""

from dataclasses import fields as dataclass_fields
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from needs.models import RequestState, Visibility
from needs.selectors import (
    AnonymisedRequest,
    Ordering,
    StartupFilters,
    request_get,
    request_get_for,
    requests_for_management,
    requests_for_startup,
    requests_visible_to,
)
from profiles.models import OrganisationKind, VettingState
from tests.factories import OrganisationFactory, member_of
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def titles(page) -> list[str]:
    return [item.title for item in page.object_list]


def test_staff_see_every_request(staff, open_request, restricted_request, draft_request):
    assert set(requests_visible_to(staff)) == {open_request, restricted_request, draft_request}


def test_an_officer_sees_all_and_only_their_organisations_requests(
    officer_a, officer_b, open_request, restricted_request, draft_request
):
    assert set(requests_visible_to(officer_a)) == {open_request, restricted_request, draft_request}
    assert not requests_visible_to(officer_b).exists()
    with pytest.raises(Http404):
        request_get(officer_b, open_request.pk)


def test_a_vetted_startup_sees_only_open_vetted_visibility_requests(
    startup_a_admin, open_request, restricted_request, draft_request, unit_a
):
    closed = CapabilityRequestFactory(organisation=unit_a, state=RequestState.CLOSED)
    assert list(requests_visible_to(startup_a_admin)) == [open_request]
    assert titles(requests_for_startup(startup_a_admin)) == [open_request.title]
    for hidden in (restricted_request, draft_request, closed):
        with pytest.raises(Http404):
            request_get_for(startup_a_admin, hidden.pk)


@pytest.mark.parametrize("state", [VettingState.PENDING, VettingState.REJECTED, VettingState.SUSPENDED])
def test_a_startup_that_is_not_vetted_sees_nothing(open_request, state):
    organisation = OrganisationFactory(
        vetting_state=state, vetted_at=None if state == VettingState.PENDING else timezone.now()
    )
    member = member_of(organisation)
    assert not requests_visible_to(member).exists()
    assert titles(requests_for_startup(member)) == []
    with pytest.raises(Http404):
        request_get_for(member, open_request.pk)


def test_a_startup_never_gets_the_full_record(startup_a_admin, open_request):
    with pytest.raises(Http404):
        request_get(startup_a_admin, open_request.pk)


def test_the_projection_carries_no_organisation_officer_or_budget(startup_a_admin, open_request):
    # when
    item = request_get_for(startup_a_admin, open_request.pk)

    # then
    assert isinstance(item, AnonymisedRequest)
    names = {field.name for field in dataclass_fields(AnonymisedRequest)}
    assert not names & {
        "organisation",
        "organisation_id",
        "created_by",
        "created_by_id",
        "budget_min_eur",
        "budget_max_eur",
        "visibility",
    }
    rendered = repr(item)
    for secret in ("Військова частина А0001", "Андрій Офіцер", "officer.a@example.org", "120000", "340000"):
        assert secret not in rendered
    assert item.requester == "a Ukrainian defence unit"
    assert item.areas == ("Thermal imaging",)


@pytest.mark.parametrize(
    "kind, phrase",
    [
        (OrganisationKind.UA_UNIT, "a Ukrainian defence unit"),
        (OrganisationKind.UA_AGENCY, "a Ukrainian state agency"),
        (OrganisationKind.UA_COMPANY, "a Ukrainian defence company"),
    ],
)
def test_the_requester_is_named_only_by_the_kind_of_organisation(startup_a_admin, kind, phrase):
    organisation = OrganisationFactory(kind=kind, country="UA")
    capability_request = CapabilityRequestFactory(organisation=organisation)
    assert request_get_for(startup_a_admin, capability_request.pk).requester == phrase


@pytest.fixture
def catalogue(unit_a, unit_b, area):
    today = timezone.localdate()
    return {
        "fpv": CapabilityRequestFactory(
            organisation=unit_a,
            title="Fibre-optic FPV drones",
            description="Jamming-proof FPV drones for assault brigades.",
            areas=[area("uas-aerial-fpv")],
            urgency="critical",
            min_trl=7,
            needed_by=today + timedelta(days=20),
            language="en",
        ),
        "recon": CapabilityRequestFactory(
            organisation=unit_b,
            title="Розвідувальні дрони",
            description="Потрібні розвідувальні дрони з тепловізором.",
            areas=[area("uas-aerial-recon")],
            urgency="routine",
            min_trl=5,
            needed_by=today + timedelta(days=200),
            language="uk",
        ),
        "demining": CapabilityRequestFactory(
            organisation=unit_a,
            title="Demining robots",
            description="Remote ground robots to clear anti-tank mines.",
            areas=[area("ugv-demining")],
            urgency="priority",
            min_trl=8,
            needed_by=today + timedelta(days=120),
            language="en",
        ),
    }


def test_the_area_filter_includes_sub_areas(startup_a_admin, catalogue, area):
    def found(slug: str) -> list[str]:
        return sorted(titles(requests_for_startup(startup_a_admin, StartupFilters(area_id=area(slug).pk))))

    assert found("unmanned-systems") == ["Demining robots", "Fibre-optic FPV drones", "Розвідувальні дрони"]
    assert found("uas-aerial") == ["Fibre-optic FPV drones", "Розвідувальні дрони"]
    assert found("uas-aerial-recon") == ["Розвідувальні дрони"]
    assert found("counter-uas") == []


def test_filters_by_urgency_readiness_date_window_and_language(startup_a_admin, catalogue):
    today = timezone.localdate()
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(urgency="critical"))) == [
        "Fibre-optic FPV drones"
    ]
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(max_min_trl=5))) == ["Розвідувальні дрони"]
    assert sorted(titles(requests_for_startup(startup_a_admin, StartupFilters(max_min_trl=7)))) == [
        "Fibre-optic FPV drones",
        "Розвідувальні дрони",
    ]
    window = StartupFilters(needed_from=today + timedelta(days=30), needed_to=today + timedelta(days=150))
    assert titles(requests_for_startup(startup_a_admin, window)) == ["Demining robots"]
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(language="uk"))) == ["Розвідувальні дрони"]


def test_search_finds_an_english_word_in_english_text(startup_a_admin, catalogue):
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(query="mines"))) == ["Demining robots"]
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(query="robot"))) == ["Demining robots"]


def test_search_finds_an_inflected_ukrainian_word(startup_a_admin, catalogue):
    # "дронів" (genitive plural) finds "дрони" first, and the English request about drones after it
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(query="дронів"))) == [
        "Розвідувальні дрони",
        "Fibre-optic FPV drones",
    ]
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(query="тепловізор"))) == ["Розвідувальні дрони"]
    # "танків" means tanks: it finds the English request for clearing anti-tank mines, and nothing about drones
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(query="танків"))) == ["Demining robots"]
    assert titles(requests_for_startup(startup_a_admin, StartupFilters(query="гармати"))) == []


def test_newest_or_most_urgent_first(startup_a_admin, catalogue):
    urgent = requests_for_startup(startup_a_admin, StartupFilters(ordering=Ordering.URGENT))
    assert titles(urgent) == ["Fibre-optic FPV drones", "Demining robots", "Розвідувальні дрони"]
    newest = requests_for_startup(startup_a_admin, StartupFilters(ordering=Ordering.NEWEST))
    assert titles(newest) == ["Demining robots", "Розвідувальні дрони", "Fibre-optic FPV drones"]


def test_the_catalogue_is_paginated_by_twenty(startup_a_admin, unit_a):
    CapabilityRequestFactory.create_batch(23, organisation=unit_a)
    first = requests_for_startup(startup_a_admin)
    second = requests_for_startup(startup_a_admin, page_number=2)
    assert (len(first.object_list), len(second.object_list), first.paginator.count) == (20, 3, 23)


def test_staff_filter_the_full_list_by_organisation_state_and_words(staff, unit_a, unit_b, open_request, draft_request):
    other = CapabilityRequestFactory(organisation=unit_b, title="Body armour plates")
    assert set(requests_for_management(staff, organisation_id=unit_b.pk)) == {other}
    assert set(requests_for_management(staff, state=RequestState.DRAFT)) == {draft_request}
    assert set(requests_for_management(staff, query="armour")) == {other}
    assert set(requests_for_management(staff, organisation_id=unit_a.pk)) == {open_request, draft_request}


def test_restricted_requests_are_invisible_to_every_startup(
    startup_a_admin, startup_b_admin, pending_admin, restricted_request
):
    for member in (startup_a_admin, startup_b_admin, pending_admin):
        assert not requests_visible_to(member).filter(visibility=Visibility.RESTRICTED).exists()
        with pytest.raises(Http404):
            request_get_for(member, restricted_request.pk)
