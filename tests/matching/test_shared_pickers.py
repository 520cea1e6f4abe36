"""The pull forms' pickers are drawn once and shared: a unit's officers see the same open requests on every offer's
page, a startup's members the same published offers on every request's page. Shared means among those readers
only, as fresh as the records, and in the reader's language."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from needs.models import RequestState
from offers.models import OfferState
from profiles.models import VettingState
from profiles.services import organisation_set_vetting
from tests.conftest import login
from tests.factories import OfferFactory, member_of
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db


def _options(page: str, name: str) -> list[str]:
    picker = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", picker.group(0)) if picker else []


def _offer_page(client, user, offer, language: str = "en") -> str:
    login(client, user)
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.get(reverse("offers:detail", args=[offer.pk])).content.decode()


def _request_page(client, user, capability_request) -> str:
    return login(client, user).get(reverse("needs:detail", args=[capability_request.pk])).content.decode()


@pytest.fixture
def offers(startup_b):
    return OfferFactory(organisation=startup_b), OfferFactory(organisation=startup_b)


def test_a_units_officers_share_its_open_requests_and_another_unit_sees_only_its_own(
    client, offers, unit_a, officer_a, officer_b
):
    # given: officer A's picker is drawn first
    CapabilityRequestFactory(organisation=unit_a, title="Unit A radar request")
    CapabilityRequestFactory(organisation=officer_b.organisation, title="Unit B jammer request")
    second_of_a = member_of(unit_a, email="officer.a2@example.org", full_name="Second Officer")
    first, other = offers

    # when
    seen_by_a = _offer_page(client, officer_a, first)
    seen_by_a_again = _offer_page(client, second_of_a, other)
    seen_by_b = _offer_page(client, officer_b, first)

    # then
    assert _options(seen_by_a, "capability_request") == ["Unit A radar request"]
    assert _options(seen_by_a_again, "capability_request") == ["Unit A radar request"]
    assert _options(seen_by_b, "capability_request") == ["Unit B jammer request"]
    # The shared fields sit in each page's own form: the introduction is asked for the offer on the page.
    action = reverse("matching_parties:request_introduction", args=[other.pk])
    assert f'<form method="post" action="{action}">' in seen_by_a_again


def test_a_request_opened_or_closed_shows_in_the_picker_at_once(client, offers, unit_a, officer_a):
    # given
    kept = CapabilityRequestFactory(organisation=unit_a, title="Night sights")
    first, other = offers
    assert _options(_offer_page(client, officer_a, first), "capability_request") == ["Night sights"]

    # when
    CapabilityRequestFactory(organisation=unit_a, title="Counter-drone nets")
    kept.state, kept.closed_at = RequestState.CLOSED, timezone.now()
    kept.save(update_fields=["state", "closed_at"])

    # then
    assert _options(_offer_page(client, officer_a, other), "capability_request") == ["Counter-drone nets"]


def test_a_suspended_unit_loses_the_form_though_its_picker_was_drawn(client, offers, unit_a, officer_a, staff):
    # given
    CapabilityRequestFactory(organisation=unit_a, title="Night sights")
    first, other = offers
    assert "Night sights" in _offer_page(client, officer_a, first)

    # when
    organisation_set_vetting(organisation=unit_a, to_state=VettingState.SUSPENDED, note="Under review.", by=staff)

    # then
    page = _offer_page(client, officer_a, other)
    assert 'data-testid="introduction"' not in page and "Night sights" not in page


def test_the_shared_picker_speaks_the_readers_language(client, offers, unit_a, officer_a):
    CapabilityRequestFactory(organisation=unit_a, title="Night sights")
    first, other = offers

    english = _offer_page(client, officer_a, first, "en")
    ukrainian = _offer_page(client, officer_a, other, "uk")

    assert ">Your request</label>" in english and ">Why this offer</label>" in english
    assert ">Your request</label>" not in ukrainian and ">Why this offer</label>" not in ukrainian


def test_a_startups_members_share_its_published_offers_and_another_startup_sees_only_its_own(
    client, unit_a, startup_a, startup_a_admin, startup_b, startup_b_admin
):
    # given
    OfferFactory(organisation=startup_a, title="Alpha interceptor", state=OfferState.PUBLISHED)
    OfferFactory(organisation=startup_a, title="Alpha draft", state=OfferState.DRAFT)
    OfferFactory(organisation=startup_b, title="Bravo radar", state=OfferState.PUBLISHED)
    colleague = member_of(startup_a, email="alpha.two@example.org", full_name="Second Alpha")
    first = CapabilityRequestFactory(organisation=unit_a)
    other = CapabilityRequestFactory(organisation=unit_a)

    # when
    seen_by_alpha = _request_page(client, startup_a_admin, first)
    seen_by_colleague = _request_page(client, colleague, other)
    seen_by_bravo = _request_page(client, startup_b_admin, first)

    # then
    choose = "Choose one of your offers"
    assert _options(seen_by_alpha, "offer") == [choose, "Alpha interceptor"]
    assert _options(seen_by_colleague, "offer") == [choose, "Alpha interceptor"]
    assert _options(seen_by_bravo, "offer") == [choose, "Bravo radar"]
    action = reverse("matching_parties:express_interest", args=[other.pk])
    assert f'<form method="post" action="{action}">' in seen_by_colleague


def test_an_offer_published_shows_in_the_startups_picker_at_once(client, unit_a, startup_a, startup_a_admin):
    # given: the startup has no published offer yet, and is told so
    first = CapabilityRequestFactory(organisation=unit_a)
    assert "Publish an offer first" in _request_page(client, startup_a_admin, first)

    # when
    OfferFactory(organisation=startup_a, title="Alpha interceptor", state=OfferState.PUBLISHED)

    # then
    page = _request_page(client, startup_a_admin, first)
    assert "Publish an offer first" not in page
    assert "Alpha interceptor" in _options(page, "offer")
