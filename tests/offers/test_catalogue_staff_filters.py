"""Staff narrow the catalogue to one startup and to an offer's state; officers have neither filter, and the page
offers to keep a search only when it has one."""

import pytest
from django.urls import reverse

from offers.models import OfferState
from tests.conftest import login
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(startup_a, startup_b):
    OfferFactory(organisation=startup_a, title="Alpha thermal sight")
    OfferFactory(organisation=startup_a, title="Alpha night sight", state=OfferState.DRAFT, published_at=None)
    OfferFactory(organisation=startup_b, title="Bravo thermal sight")


def _catalogue(client, user, **asked) -> str:
    login(client, user)
    client.cookies["django_language"] = "en"
    return client.get(reverse("offers:catalogue"), asked).content.decode()


def test_staff_narrow_the_catalogue_to_one_startup_and_a_state(client, staff, startup_a, offers):
    page = _catalogue(client, staff)
    assert 'name="organisation"' in page and 'name="state"' in page

    page = _catalogue(client, staff, organisation=startup_a.pk)
    assert "Alpha thermal sight" in page and "Alpha night sight" in page and "Bravo thermal sight" not in page
    assert f'<option value="{startup_a.pk}" selected>' in page

    page = _catalogue(client, staff, organisation=startup_a.pk, state=OfferState.DRAFT)
    assert "Alpha night sight" in page and "Alpha thermal sight" not in page


def test_an_officer_has_neither_filter_and_an_address_naming_a_startup_narrows_nothing(
    client, officer_a, startup_a, offers
):
    page = _catalogue(client, officer_a, organisation=startup_a.pk, state=OfferState.DRAFT)

    assert 'name="organisation"' not in page and 'name="state"' not in page
    assert "Alpha thermal sight" in page and "Bravo thermal sight" in page and "Alpha night sight" not in page


def test_the_catalogue_offers_to_keep_a_search_only_when_it_has_one(client, officer_a, offers):
    assert 'data-testid="save-search"' not in _catalogue(client, officer_a)
    assert 'data-testid="save-search"' in _catalogue(client, officer_a, country="FR")
