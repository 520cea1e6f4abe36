"""The shipped Ukrainian→English glossary: its file, its lookup, and its effect on ranking."""

import dataclasses

import pytest

from engine import EngineConfig, MatchingEngine
from engine.glossary import DEFAULT_PATH, Glossary, GlossaryError, parse
from tests.engine.engine_builders import AREAS, offer, request


def glossary(*lines: str) -> Glossary:
    return Glossary(parse(lines))


def test_every_inflected_form_is_translated_by_the_stem_it_begins_with():
    found = glossary("перехоплювач\tinterceptor")
    for form in ("перехоплювач", "перехоплювачі", "перехоплювачів", "Перехоплювачами"):
        assert found.translate(form.lower()) == [("interceptor", 1.0)]
    assert found.translate("перехоплення") == []


def test_the_longest_stem_wins_over_a_shorter_one_that_begins_it():
    found = glossary("мін\tmine", "мінімальн\tminimum")
    assert found.translate("міни") == [("mine", 1.0)]
    assert found.translate("мінімальна") == [("minimum", 1.0)]


def test_a_short_abbreviation_translates_only_the_whole_word():
    found = glossary("пз\tsoftware", "пза\tsomething else")
    assert found.translate("пз") == [("softwar", 1.0)]
    assert found.translate("пзу") == []


def test_later_alternatives_and_long_phrases_weigh_less_than_the_first_word():
    weights = dict(glossary("безпілотник\tdrone, unmanned aerial vehicle").translate("безпілотники"))
    assert weights["drone"] == 1.0
    assert 0 < weights["unman"] < 0.5  # a later alternative, spread over three words
    assert weights["aerial"] == weights["vehicl"] == weights["unman"]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("ракета interceptor", "expected 'stem<TAB>translation"),
        ("ракета\t", "expected 'stem<TAB>translation"),
        ("р\tr", "not a Ukrainian word or stem"),
        ("rocket\tmissile", "not a Ukrainian word or stem"),
    ],
)
def test_a_malformed_line_is_refused_with_its_number(line, complaint):
    with pytest.raises(GlossaryError, match=f"line 2: .*{complaint}"):
        parse(["ракет\tmissile, rocket", line])


def test_a_stem_listed_twice_is_refused():
    with pytest.raises(GlossaryError, match="line 2: 'ракет' is listed twice"):
        parse(["ракет\tmissile", "ракет\trocket"])


def test_the_shipped_glossary_is_well_formed_and_broad():
    entries = parse(DEFAULT_PATH.read_text(encoding="utf-8").splitlines())
    assert len(entries) >= 2000
    shipped = dict(entries)
    # A few everyday words of the platform's requests, from different capability areas.
    for stem in ("безпілотн", "радіолокац", "акумулятор", "розмінув", "зв'яз", "тепловізор"):
        assert any(key.startswith(stem) or stem.startswith(key) for key in shipped), stem


def test_a_ukrainian_request_finds_english_offers_through_the_glossary_alone():
    # No encoder: the lexical ranker sees the request only through the glossary's translations.
    config = EngineConfig(encoder="", english_encoder="", calibration="")
    catalogue = [
        offer("interceptor", "Hawk", "Interceptor drone that destroys reconnaissance drones in flight."),
        offer("robot", "Crawler", "Tracked ground robot for demining and mine clearance."),
        offer("battery", "Volt", "Rugged lithium battery packs for field radios."),
    ]
    needs = [
        request("air", "Дрони-перехоплювачі", "Потрібні перехоплювачі для знищення розвідувальних дронів."),
        request("mines", "Робот для розмінування", "Наземний робот для розмінування полів."),
        request("power", "Акумулятори для радіостанцій", "Літієві акумулятори для польових радіостанцій."),
    ]
    engine = MatchingEngine.build(needs, catalogue, config=config, areas=AREAS)
    assert [engine.score_request(need.id)[0].offer_id for need in needs] == ["interceptor", "robot", "battery"]

    without = MatchingEngine.build(needs, catalogue, config=dataclasses.replace(config, glossary=""), areas=AREAS)
    assert without.score_request("power")[0].score < engine.score_request("power")[0].score


def test_the_configuration_hash_changes_with_the_glossary():
    assert EngineConfig().hash() != EngineConfig(glossary="").hash()
