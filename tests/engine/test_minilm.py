"""The English encoder (all-MiniLM-L6-v2 in numpy) and the English view it gives the engine."""

import numpy as np
import pytest
from scipy.special import erf

from engine import EngineConfig, MatchingEngine
from engine.bert import gelu
from engine.minilm import MiniLMEncoder, WordPiece, model_directory
from tests.engine.engine_builders import CountingEncoder, offer, request


@pytest.fixture(scope="module")
def minilm():
    return MiniLMEncoder()


def test_the_tokenizer_splits_words_punctuation_and_accents_as_bert_does():
    vocabulary = (model_directory() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    tokenizer = WordPiece(vocabulary, max_tokens=8)
    pieces = [vocabulary[i] for i in tokenizer.encode("Counter-UAS café")]
    assert pieces == ["[CLS]", "counter", "-", "ua", "##s", "cafe", "[SEP]"]
    # The model reads at most max_tokens tokens, the two markers included.
    assert len(tokenizer.encode("drone " * 50)) == 8


def test_the_vectors_are_the_published_model_s(minilm):
    # The first values of the model card's example sentence, as sentence-transformers gives them.
    vector = minilm.encode(["This is an example sentence"])[0]
    assert vector[:4] == pytest.approx([0.0677, 0.0635, 0.0487, 0.0793], abs=2e-4)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_the_activation_is_within_5e_4_of_the_exact_gelu():
    x = np.linspace(-12, 12, 200_001, dtype=np.float32)
    exact = x.astype(np.float64) * 0.5 * (1 + erf(x.astype(np.float64) / np.sqrt(2)))
    assert np.abs(gelu(x.copy()) - exact).max() < 5e-4
    # exact where the activation saturates, as the model's large activations need
    wide = np.array([-30, -8, 8, 30], dtype=np.float32)
    assert gelu(wide.copy()) == pytest.approx([0, 0, 8, 30], abs=1e-6)


def test_a_text_gets_the_same_vector_whichever_batch_it_is_packed_in(minilm):
    texts = [f"Drone number {i} " + "flies far and sees at night " * (i % 7) for i in range(40)]
    one_by_one = np.vstack([minilm.encode([text]) for text in texts])
    small_batches = MiniLMEncoder()
    small_batches.bert.batch_tokens = 100
    assert small_batches.encode(texts) == pytest.approx(one_by_one, abs=1e-5)
    assert minilm.encode(texts) == pytest.approx(one_by_one, abs=1e-5)


def test_texts_that_mean_the_same_are_closer_than_unrelated_ones(minilm):
    drone, interceptor, demining = minilm.encode(
        [
            "A small drone that hunts and intercepts enemy drones in flight.",
            "Counter-UAS quadcopter interceptor",
            "Robot for clearing landmines from farmland",
        ]
    )
    assert drone @ interceptor > drone @ demining + 0.2
    # One text alone or in a batch of texts of other lengths gives the same vector.
    alone = minilm.encode(["Counter-UAS quadcopter interceptor"])[0]
    assert alone == pytest.approx(interceptor, abs=1e-5)


def test_the_english_view_reads_a_ukrainian_request_through_the_glossary():
    reader = CountingEncoder()
    MatchingEngine.build(
        [request("r1", title="Дрони-перехоплювачі", description="Потрібні дрони-перехоплювачі для захисту неба.")],
        [offer("o1", title="Interceptor drone", description="A drone that intercepts drones.")],
        config=EngineConfig(encoder=""),
        english_encoder=reader,
    )
    offer_text, request_text = reader.seen
    assert offer_text.startswith("Interceptor drone")
    assert "drone" in request_text and not any("а" <= char <= "я" for char in request_text.lower())


def test_the_english_view_finds_an_offer_that_says_the_same_in_other_words(minilm):
    requests = [request("r1", title="Casualty evacuation", description="Move wounded soldiers to a field hospital.")]
    offers = [
        offer(
            "o1",
            title="Armoured ambulance",
            description="A protected vehicle that carries injured troops to medical care.",
        ),
        offer("o2", title="Night sight", description="A thermal camera that watches the border after dark."),
    ]
    lexical_only = MatchingEngine.build(
        requests, offers, config=EngineConfig(encoder="", english_encoder="", calibration="")
    )
    with_english = MatchingEngine.build(
        requests, offers, config=EngineConfig(encoder="", calibration=""), english_encoder=minilm
    )

    def text_scores(engine):
        return {m.offer_id: m.score for m in engine.score_request("r1")}

    # No word is shared: words alone cannot tell the offers apart; the English view reads the meaning.
    assert text_scores(lexical_only)["o1"] == text_scores(lexical_only)["o2"]
    english = text_scores(with_english)
    assert english["o1"] > english["o2"] + 0.05
