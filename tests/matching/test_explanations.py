"""A pair's explanation and checklist as staff read them: the same stored data in each reader's language."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from matching.checks import pair_checks
from matching.explanations import explanation_lines, shown_checks
from taxonomy.models import CapabilityArea
from tests.conftest import login
from tests.factories import OfferFactory
from tests.matching.helpers import make_match
from tests.needs.factories import CapabilityRequestFactory

pytestmark = pytest.mark.django_db

EXPLANATION = {
    "terms": [{"word": "розмінування", "english": "demining"}, {"word": "flail"}],
    "areas": [{"area": "demining", "relation": "same"}],
}


def text_of(response) -> str:
    """What a reader sees: the page's text without its tags, spaces collapsed."""
    body = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def get_in(client, url: str, language: str):
    client.cookies["django_language"] = language
    with translation.override(language):
        return client.get(url)


@pytest.fixture
def pair(unit_a, startup_a):
    capability_request = CapabilityRequestFactory(
        organisation=unit_a,
        min_trl=7,
        quantity=100,
        needed_by=timezone.localdate() + timedelta(days=45),
        budget_max_eur=100_000,
        areas=[CapabilityArea.objects.get(slug="demining")],
    )
    offer = OfferFactory(organisation=startup_a, trl=8, lead_time_days=21, monthly_capacity=200, price_min_eur=2_500)
    checks = pair_checks(capability_request, offer, timezone.localdate())
    return make_match(capability_request, offer, explanation=EXPLANATION, checks=checks, failed_checks=1)


def test_the_same_explanation_reads_in_ukrainian_and_in_english(client, staff, pair):
    login(client, staff)
    url = reverse("matching:match_detail", args=[pair.pk])

    ukrainian, english = text_of(get_in(client, url, "uk")), text_of(get_in(client, url, "en"))

    assert "спільні терміни: розмінування ≈ demining, flail" in ukrainian.lower()
    assert "Shared terms: розмінування ≈ demining, flail" in english
    assert "Розмінування" in ukrainian.split("Спільні напрями спроможностей:")[1][:60]
    assert "Shared capability areas: Demining (same area)" in english


def test_the_match_page_sets_the_request_beside_the_offer_and_marks_the_failing_price(client, staff, pair):
    login(client, staff)

    response = get_in(client, reverse("matching:match_detail", args=[pair.pk]), "en")
    html = response.content.decode()

    # then: a row per check, each with its verdict in words and a sign, not only a colour
    price = re.search(r'<tr class="check-fail" data-check="price".*?</tr>', html, re.S).group(0)
    assert "up to €100,000" in price and "€2,500 × 100 = €250,000" in price
    assert "Fails" in price and "✗" in price
    readiness = re.search(r'<tr class="check-fit" data-check="readiness".*?</tr>', html, re.S).group(0)
    assert "TRL ≥ 7" in readiness and "TRL 8" in readiness and "Fits" in readiness
    assert 'data-check="timing" data-status="fit"' in html
    assert "bars" not in html


def test_a_check_reads_with_its_values_in_both_languages(pair):
    with translation.override("en"):
        english = {check.code: check.text for check in shown_checks(pair.checks)}
    with translation.override("uk"):
        ukrainian = {check.code: check.text for check in shown_checks(pair.checks)}

    assert english["readiness"] == "TRL 8 meets the minimum TRL 7"
    assert "РГТ 8" in ukrainian["readiness"] and "РГТ 7" in ukrainian["readiness"]
    assert english["timing"] == "Lead time 21 days, within the 45 days left"
    # Ukrainian counts in its own plural forms: 21 день, 45 днів
    assert "21 день" in ukrainian["timing"] and "45 днів" in ukrainian["timing"]
    assert english["price"] == "€250,000 (€2,500 × 100), over the budget of €100,000"


def test_the_candidates_page_shows_each_candidates_checks(client, staff, pair):
    login(client, staff)

    text = text_of(get_in(client, reverse("matching:request_candidates", args=[pair.capability_request.pk]), "en"))

    assert "Price Fails €250,000 (€2,500 × 100), over the budget of €100,000" in text
    assert "Shared terms: розмінування ≈ demining, flail" in text


def test_an_explanation_stored_in_the_old_format_still_reads(client, staff, unit_a, startup_a):
    old = {"shared_terms": ["drone"], "fits": ["TRL 8 meets minimum 7"], "text": "Shared terms: drone."}
    match = make_match(CapabilityRequestFactory(organisation=unit_a), OfferFactory(organisation=startup_a))
    match.explanation, match.checks = old, []
    match.save(update_fields=["explanation", "checks"])
    login(client, staff)

    page = get_in(client, reverse("matching:match_detail", args=[match.pk]), "uk")
    candidates = get_in(client, reverse("matching:request_candidates", args=[match.capability_request.pk]), "en")

    assert page.status_code == 200 and "Shared terms: drone." in text_of(page)
    assert "Shared terms: drone." in text_of(candidates)
    assert explanation_lines({}) == []


def test_an_area_removed_from_the_tree_is_left_out():
    lines = explanation_lines({"terms": [], "areas": [{"area": "no-such-area", "relation": "same"}]})

    assert lines == []


def test_a_queue_row_names_its_warnings_and_failures_with_their_reasons_and_counts_what_fits(client, staff, pair):
    row = re.search(r'<ul class="pair-checks compact".*?</ul>', _queue_html(client, staff, "en"), re.S).group(0)
    text = _text_of(row)
    assert "✓ 4 checks fit : Readiness, Timing, Capacity, Export control" in text
    assert "✗ Price : Fails. €250,000 (€2,500 × 100), over the budget of €100,000" in text
    assert "! Datasheet : Warning. No datasheet attached" in text
    # A fit shows no phrase: 'TRL 8 meets the minimum TRL 7' is on the match page.
    assert "meets the minimum" not in row

    row = re.search(r'<ul class="pair-checks compact".*?</ul>', _queue_html(client, staff, "uk"), re.S).group(0)
    assert "✓ 4 перевірки відповідають" in _text_of(row)


def test_a_pairs_relevance_reads_as_a_percentage_with_its_meaning_in_the_readers_language(client, staff, pair):
    pair.score = 0.875
    pair.save(update_fields=["score"])

    english = re.search(r'<p class="score".*?</p>', _queue_html(client, staff, "en"), re.S).group(0)
    ukrainian = re.search(r'<p class="score".*?</p>', _queue_html(client, staff, "uk"), re.S).group(0)

    assert _text_of(english).strip() == "88% relevance" and 'title="The chance that this pair is relevant' in english
    assert _text_of(ukrainian).strip() == "88% релевантність" and 'title="Імовірність, що пара доречна' in ukrainian


def _queue_html(client, staff, language: str) -> str:
    return get_in(login(client, staff), reverse("matching:queue"), language).content.decode()


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
