"""A request counted in the default unit shows it in the reader's language; a unit its officer wrote shows as
written."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from matching.checks import pair_checks
from matching.explanations import fit_rows
from tests.conftest import login
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory


def _read(client, user, url: str, language: str) -> str:
    login(client, user)
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.get(url).content.decode()


@pytest.mark.parametrize("written", ["units", "штук"])  # by the model, or by the form in Ukrainian
@pytest.mark.parametrize(("language", "shown"), [("uk", "12 штук"), ("en", "12 units")])
def test_the_default_unit_is_in_the_readers_language(
    client, officer_a, startup_a_admin, unit_a, written, language, shown
):
    counted = CapabilityRequestFactory(organisation=unit_a, quantity=12, unit=written)

    assert shown in _read(client, officer_a, reverse("needs:detail", args=[counted.pk]), language)
    assert shown in _read(client, startup_a_admin, reverse("needs:detail", args=[counted.pk]), language)
    assert shown in _read(client, startup_a_admin, reverse("needs:list"), language)


def test_a_unit_the_officer_wrote_is_shown_as_written(client, startup_a_admin, unit_a):
    counted = CapabilityRequestFactory(organisation=unit_a, quantity=3, unit="комплекти")

    assert "3 комплекти" in _read(client, startup_a_admin, reverse("needs:detail", args=[counted.pk]), "en")


def test_the_match_pages_side_by_side_counts_in_the_readers_unit(unit_a, startup_a):
    counted = CapabilityRequestFactory(organisation=unit_a, quantity=12, unit="units")
    offer = OfferFactory(organisation=startup_a, monthly_capacity=5)
    with translation.override("uk"):
        rows = fit_rows(pair_checks(counted, offer, timezone.localdate()), counted, offer)
        assert "12 штук" in [row.asked for row in rows]
