"""What the engine says a pair shares: words and capability areas, as data the platform renders."""

from engine.text import STOP_WORDS
from tests.engine.engine_builders import build, offer, request

FUNCTION_WORDS = {"вночі", "роботи", "проти", "для", "with", "for", "system", "systems", "система"}


def explain(need, offers, **config):
    return build([need], offers, **config).score_request(need.id)[0].explanation


def words_shown(explanation) -> set[str]:
    return {word for pair in explanation.terms for word in pair if word}


def test_an_explanation_is_plain_data_of_shared_words_and_areas():
    need = request(
        "r1",
        "Interceptor drones",
        "Interceptor drones against reconnaissance drones, radar cueing.",
        areas=("interceptors",),
    )
    good = offer("good", "SkyNet", "Interceptor drone with radar cueing.", areas=("interceptors",))

    data = explain(need, [good]).to_data()

    assert {"word": "interceptor"} in data["terms"] and {"word": "radar"} in data["terms"]
    assert data["areas"] == [{"area": "interceptors", "relation": "same"}]
    assert set(data) == {"terms", "areas"}


def test_areas_say_how_the_offer_stands_to_the_request():
    need = request("r1", "Sensors", "Sensors.", areas=("interceptors",))
    offers = [
        offer("sibling", "Strike", "Sensors.", areas=("fpv",)),
        offer("broader", "Any", "Sensors.", areas=("aerial",)),
        offer("apart", "Sapper", "Sensors.", areas=("demining",)),
    ]
    engine = build([need], offers)

    relations = {match.offer_id: match.explanation.areas for match in engine.score_request("r1")}

    assert relations["sibling"] == [("fpv", "sibling")]
    assert relations["broader"] == [("aerial", "broader")]
    assert relations.get("apart", []) == []


def test_no_function_word_of_either_language_is_a_shared_term():
    # given: both texts share function words and vague ones as well as the words that matter
    need = request(
        "r1",
        "Система для виявлення дронів вночі",
        "Потрібна система для виявлення ворожих дронів вночі, проти роботи РЕБ, для роботи з радаром.",
    )
    detector = offer(
        "d",
        "Nightwatch",
        "A system for the detection of hostile drones at night, with work against EW, for radar work.",
    )

    explanation = explain(need, [detector])

    # then: the meaningful words are shared, none of the function words
    assert ("дронів", "drone") in explanation.terms or ("дронів", "drones") in explanation.terms
    assert not words_shown(explanation) & FUNCTION_WORDS
    assert not words_shown(explanation) & STOP_WORDS


def test_english_function_words_are_left_out_of_english_pairs():
    need = request("r1", "System for night detection", "A system with radar for detection of drones.")
    detector = offer("d", "Nightwatch", "A system with radar for the detection of drones.")

    shown = words_shown(explain(need, [detector]))

    assert {"radar", "detection"} <= shown
    assert not shown & FUNCTION_WORDS


def test_the_glossary_first_translation_is_shown_as_a_pair():
    need = request("r1", "Розмінування", "Розмінування полів після обстрілів.")
    sapper = offer("s", "Sapper", "Demining of fields with a flail.")

    assert ("розмінування", "demining") in explain(need, [sapper]).terms
    assert {"word": "розмінування", "english": "demining"} in explain(need, [sapper]).to_data()["terms"]


def test_a_translation_the_glossary_gives_only_as_an_alternative_is_not_shown():
    # "об'єкт" is first an object; a target only after it
    need = request("r1", "Ураження об'єктів", "Ураження об'єктів противника.")
    targeting = offer("t", "Aim", "Targeting pod for strike drones.")

    explanation = explain(need, [targeting])

    assert not any(word.startswith("об'єкт") for word, _ in explanation.terms)
    assert "targeting" not in words_shown(explanation)


def test_translated_words_are_shown_with_the_english_words_they_matched():
    interceptor = offer("a", "Hawk", "Interceptor drone that destroys reconnaissance drones, with radar cueing.")
    need = request(
        "r1", "Перехоплювачі", "Перехоплювачі для знищення розвідувальних дронів з радіолокаційним наведенням."
    )

    terms = explain(need, [interceptor]).terms

    assert ("розвідувальних", "reconnaissance") in terms
    assert ("радіолокаційним", "radar") in terms


def test_a_word_most_of_a_large_catalogue_uses_is_not_shown():
    # given: a catalogue of 30 offers, a third of which are "rugged"
    offers = [offer(f"o{i}", f"Item {i}", f"Rugged tablet number {i}.") for i in range(10)]
    offers += [offer(f"k{i}", f"Kitchen {i}", f"Field kitchen {i} with a diesel heater.") for i in range(19)]
    offers.append(offer("radar", "Sentinel", "Rugged radar mast."))
    need = request("r1", "Radar", "A rugged radar mast.")

    terms = build([need], offers).score_request("r1")[0].explanation.terms

    # then: the rare words explain the pair, the common one does not
    assert ("radar", None) in terms and ("mast", None) in terms
    assert ("rugged", None) not in terms
