"""Area suggestions: by the names of the areas, and by the areas of the nearest tagged records."""

import pathlib

import numpy as np
import pytest

from engine import DirectoryCache
from engine.areas import AreaSuggester
from engine.encoders import CachedEncoder, make_encoder
from engine.platform import load_areas
from engine.records import AreaNode
from tests.engine.engine_builders import WordSumEncoder

TAXONOMY = pathlib.Path(__file__).parents[2] / "taxonomy" / "data" / "capability_areas.json"
NODES = [
    AreaNode("drones", None, "Drones", "Дрони"),
    AreaNode("interceptors", "drones", "Interceptor drones", "Дрони-перехоплювачі"),
    AreaNode("medicine", None, "Tactical medicine", "Тактична медицина"),
]


@pytest.fixture(scope="module")
def e5(tmp_path_factory):
    return CachedEncoder(make_encoder("e5"), DirectoryCache(tmp_path_factory.mktemp("vectors")))


def suggested(suggester, text, **options):
    return [s.area_id for s in suggester.suggest([text], **options)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Дрони-перехоплювачі для збиття Шахедів уночі", {"uas-aerial-interceptor", "cuas-kinetic"}),
        ("Long-range thermal imaging cameras for observation posts", {"sensors-thermal"}),
        ("Турнікети та гемостатичні бинти для аптечок", {"medical-tactical"}),
    ],
)
def test_with_nothing_tagged_the_names_suggest_in_either_language(e5, text, expected):
    suggester = AreaSuggester(load_areas(TAXONOMY), e5)
    assert expected & set(suggested(suggester, text))


def test_a_text_near_tagged_records_is_given_their_area_first():
    encoder = WordSumEncoder()
    examples = encoder.encode(["tourniquet gauze bleeding kit", "tourniquet windlass bleeding"], "passage")
    suggester = AreaSuggester(NODES, encoder, examples, [("medicine",), ("medicine",)], name_share=0.3)
    assert suggested(suggester, "bleeding tourniquet kit")[0] == "medicine"


def test_a_tagged_record_is_not_its_own_neighbour():
    encoder = WordSumEncoder()
    texts = ["alpha beta gamma", "alpha beta delta"]
    examples = encoder.encode(texts, "passage")
    suggester = AreaSuggester(NODES, encoder, examples, [("medicine",), ("drones",)], name_share=0.0)
    vectors = encoder.encode(texts, "query")
    own = suggester.suggest_vectors(vectors, 1)
    left_out = suggester.suggest_vectors(vectors, 1, leave_out=[0, 1])
    assert [s[0].area_id for s in own] == ["medicine", "drones"]
    assert [s[0].area_id for s in left_out] == ["drones", "medicine"]


def test_with_records_of_one_area_scores_are_shares_of_one_best_first_and_unknown_tags_are_ignored():
    encoder = WordSumEncoder()
    examples = encoder.encode(["drone interceptor"], "passage")
    suggester = AreaSuggester(NODES, encoder, examples, [("interceptors", "no-such-area")])
    found = suggester.suggest(["interceptor drone"], count=3)[0]
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert found[0].area_id == "interceptors"
    assert 0 < sum(scores) <= 1 + 1e-6
    assert np.isclose(sum(s.score for s in suggester.suggest(["interceptor drone"], count=len(NODES))[0]), 1.0)


def test_a_taxonomy_without_areas_suggests_nothing():
    encoder = WordSumEncoder()
    assert AreaSuggester([], encoder).suggest(["interceptor drone", "tourniquet"]) == [[], []]
