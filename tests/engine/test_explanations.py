"""What a staff member reads about a pair."""

from tests.engine.engine_builders import build, offer, request


def test_explanation_lists_shared_terms_and_areas():
    need = request(
        "r1",
        "Interceptor drones",
        "Interceptor drones against reconnaissance drones, radar cueing.",
        areas=("interceptors",),
    )
    good = offer("good", "SkyNet", "Interceptor drone with radar cueing.", areas=("interceptors",))
    explanation = build([need], [good]).score_request("r1")[0].explanation
    assert "interceptor" in explanation.shared_terms
    assert "radar" in explanation.shared_terms
    assert any(area.startswith("Interceptor drones (same area)") for area in explanation.shared_areas)


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
