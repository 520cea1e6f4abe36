"""One word for readiness per language: a Ukrainian reader sees "РГТ" in the filter, the form and the offer's
facts alike, never the English "TRL"."""

import pytest
from django.urls import reverse
from django.utils import translation

from offers.forms import CatalogueFilterForm, OfferForm
from offers.models import trl_label
from tests.conftest import login
from tests.factories import OfferFactory


def _labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value != ""]


@pytest.mark.parametrize(("language", "word"), [("uk", "РГТ"), ("en", "TRL")])
def test_the_readiness_choices_speak_the_readers_language(language, word):
    with translation.override(language):
        labels = _labels(OfferForm().fields["trl"]) + _labels(CatalogueFilterForm().fields["trl_min"])
        labels.append(trl_label(7))
    assert len(labels) == 19 and all(label.startswith(f"{word} ") for label in labels), labels


def test_a_ukrainian_officer_reads_one_word_on_the_catalogue_and_the_offer(client, officer_a, startup_a):
    offer = OfferFactory(organisation=startup_a, trl=7)
    officer_a.preferred_language = "uk"
    officer_a.save(update_fields=["preferred_language"])
    login(client, officer_a)
    client.cookies["django_language"] = "uk"
    with translation.override("uk"):  # restores the test's language after the pages activated Ukrainian
        pages = [client.get(reverse("offers:catalogue")), client.get(reverse("offers:detail", args=[offer.pk]))]
    for page in pages:
        text = page.content.decode()
        assert "РГТ 7" in text
        assert "TRL " not in text


def test_the_language_of_a_text_is_named_in_the_readers_language(client, officer_a, startup_a):
    offer = OfferFactory(organisation=startup_a, language="en")
    login(client, officer_a)
    client.cookies["django_language"] = "uk"
    with translation.override("uk"):
        text = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Англійська" in text and ">English<" not in text
