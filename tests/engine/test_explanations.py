"""What a staff member reads about a pair."""

import datetime as dt

from tests.engine.engine_builders import build, offer, request


def test_explanation_lists_shared_terms_areas_and_what_fits():
    need = request(
        "r1",
        "Interceptor drones",
        "Interceptor drones against reconnaissance drones, radar cueing.",
        areas=("interceptors",),
        min_trl=6,
        needed_by=dt.date(2026, 3, 1),
        quantity=50,
        budget_band=(None, 100_000),
    )
    good = offer(
        "good",
        "SkyNet",
        "Interceptor drone with radar cueing.",
        areas=("interceptors",),
        trl=7,
        lead_time_days=30,
        monthly_capacity=100,
        price_band=(1_000, 1_500),
    )
    explanation = build([need], [good]).score_request("r1")[0].explanation
    assert "interceptor" in explanation.shared_terms
    assert "radar" in explanation.shared_terms
    assert any(area.startswith("Interceptor drones (same area)") for area in explanation.shared_areas)
    assert "TRL 7 meets minimum 6" in explanation.fits
    assert any(f.startswith("lead time 30 days within") for f in explanation.fits)
    assert explanation.against == []
    assert explanation.text().startswith("Shared terms: ")
    assert "Fits: TRL 7 meets minimum 6" in explanation.text()


def test_explanation_says_what_counts_against_the_pair():
    need = request(
        "r1",
        "Interceptor drones",
        "Interceptor drones",
        areas=("interceptors",),
        min_trl=7,
        needed_by=dt.date(2026, 2, 1),
        quantity=1000,
        budget_band=(None, 10_000),
    )
    weak = offer(
        "weak",
        "Robot",
        "Interceptor drone",
        areas=("demining",),
        trl=4,
        lead_time_days=90,
        monthly_capacity=10,
        price_band=(500, 800),
    )
    against = build([need], [weak]).score_request("r1")[0].explanation.against
    assert "TRL 4 below minimum 7" in against
    assert "lead time 90 days beyond deadline in 31 days" in against
    assert any(item.startswith("capacity 10/month delivers about") for item in against)
    assert any(item.startswith("price from EUR 500,000 over budget") for item in against)
    assert "no capability area in common" in against


def test_a_ukrainian_request_shares_taxonomy_concepts_with_an_english_offer(catalogue):
    need = request("r1", "Дрони-перехоплювачі", "Потрібні дрони-перехоплювачі.")
    explanation = build([need], catalogue).score_request("r1")[0].explanation
    assert explanation.shared_concepts[0] == "Interceptor drones"
    assert "little text in common" not in explanation.against


def test_translated_words_are_shown_with_the_english_words_they_matched():
    interceptor = offer("a", "Hawk", "Interceptor drone that destroys reconnaissance drones, with radar cueing.")
    need = request(
        "r1", "Перехоплювачі", "Перехоплювачі для знищення розвідувальних дронів з радіолокаційним наведенням."
    )
    shared = build([need], [interceptor]).score_request("r1")[0].explanation.shared_terms
    assert "розвідувальних ≈ reconnaissance" in shared
    assert "радіолокаційним ≈ radar" in shared
