"""Cross-lingual terms: Ukrainian words rewritten into the catalogue's English words."""

import hashlib

import numpy as np

from engine import EngineConfig, MatchingEngine
from engine.cognates import phonetic_key
from tests.engine.engine_builders import AREAS, offer, request

# Hand-made vectors standing in for a multilingual encoder: a Ukrainian word and its English
# translation share a direction; other words point anywhere; whole texts sit close together,
# as real sentence vectors do, so that the words decide.
SHARED = {
    "interceptor": 0, "перехоплювач": 0, "перехоплювачі": 0,
    "radar": 1, "радаром": 1, "радар": 1,
    "robot": 2, "робот": 2,
}  # fmt: skip
DIM = 64


class WordEncoder:
    name = "test-words"
    dim = DIM

    def encode(self, texts, kind):
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, body in enumerate(texts):
            if body in SHARED:
                out[row, SHARED[body]] = 1.0
                continue
            seed = int.from_bytes(hashlib.sha256(body.encode()).digest()[:4], "little")
            out[row, 4:] = np.random.default_rng(seed).standard_normal(DIM - 4)
            if " " in body:
                out[row, 4:] *= 0.02
                out[row, 3] = 1.0
            out[row] /= np.linalg.norm(out[row])
        return out


def build(requests, offers) -> MatchingEngine:
    return MatchingEngine.build(requests, offers, config=EngineConfig(), areas=AREAS, encoder=WordEncoder(), cache={})


CATALOGUE = [
    offer("interceptor", "Hawk", "Interceptor drone with radar cueing. Interceptor for air defence."),
    offer("robot", "Crawler", "Ground robot for demining. Robot with tracks for mine clearance."),
    offer("radar-robot", "Sentinel", "Robot carrying a radar mast."),
]


def test_a_ukrainian_request_is_matched_through_translated_words():
    need = request("r1", "Перехоплювачі з радаром", "Потрібен перехоплювач, наведення радаром.")
    matches = build([need], CATALOGUE).score_request("r1")
    assert matches[0].offer_id == "interceptor"
    assert ("перехоплювачі", "interceptor") in matches[0].explanation.terms


def test_words_without_a_close_translation_stay_untranslated():
    engine = build([request("r1", "Перехоплювач")], CATALOGUE)
    assert engine.lexicon.translate(["невідоме"])["невідоме"] == []
    assert engine.lexicon.translate(["перехоплювач"])["перехоплювач"][0][0] == "interceptor"


def test_cognates_share_a_phonetic_key():
    assert phonetic_key("архітектура")[:9] == phonetic_key("architecture")[:9]
    assert phonetic_key("композит") == phonetic_key("composit")
