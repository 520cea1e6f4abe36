"""Hand-made records, a small bilingual taxonomy and an engine builder for the engine tests."""

import hashlib

import numpy as np

from engine import AreaNode, EngineConfig, MatchingEngine, OfferRecord, RequestRecord

AREAS = [
    AreaNode("unmanned", None, "Unmanned systems", "Безпілотні системи", ("drones",), ("дрони",)),
    AreaNode("aerial", "unmanned", "Unmanned aerial systems", "Безпілотні авіаційні комплекси", ("UAV",), ("БпЛА",)),
    AreaNode(
        "interceptors",
        "aerial",
        "Interceptor drones",
        "Дрони-перехоплювачі",
        ("drone interceptor", "counter-drone interceptor"),
        ("перехоплювач дронів",),
    ),
    AreaNode("fpv", "aerial", "FPV drones", "FPV-дрони", ("kamikaze drone",), ("дрон-камікадзе",)),
    AreaNode("ground", "unmanned", "Unmanned ground vehicles", "Наземні роботизовані комплекси", ("UGV",), ("НРК",)),
    AreaNode("demining", None, "Demining", "Розмінування", ("mine clearance",), ("розмінування",)),
    AreaNode(
        "medical", None, "Medical evacuation", "Медична евакуація", ("casualty evacuation",), ("евакуація поранених",)
    ),
]


def offer(offer_id: str, title: str = "", description: str = "", **fields) -> OfferRecord:
    return OfferRecord(id=offer_id, title=title or offer_id, description=description, **fields)


def request(request_id: str, title: str = "", description: str = "", **fields) -> RequestRecord:
    return RequestRecord(id=request_id, title=title or request_id, description=description, **fields)


def build(requests, offers, english_encoder=None, **config_fields) -> MatchingEngine:
    """An engine without encoders, or with the given one as its English view. Its scores read the
    evidence by the logistic curve, which rises everywhere (the shipped calibration is tested on
    its own), so that a test can compare two scores."""
    config = EngineConfig(**{"encoder": "", "english_encoder": "", "calibration": "", **config_fields})
    return MatchingEngine.build(requests, offers, config=config, areas=AREAS, english_encoder=english_encoder)


def catalogue_offers() -> list[OfferRecord]:
    return [
        offer(
            "interceptor",
            "SkyNet Interceptor",
            "Fast interceptor drone that hunts and rams hostile reconnaissance drones; radar cueing.",
            areas=("interceptors",),
        ),
        offer(
            "demining-robot",
            "MineBot",
            "Tracked demining robot for mine clearance of fields and roads, remote controlled.",
            areas=("demining",),
        ),
        offer(
            "fpv",
            "Strike FPV",
            "FPV kamikaze drone with fibre-optic control for assault units.",
            areas=("fpv",),
        ),
        offer(
            "medevac",
            "MedCrawler",
            "Ground robot for casualty evacuation from the front line.",
            areas=("medical", "ground"),
        ),
    ]


class CountingEncoder:
    """Stands in for an encoder and remembers every text it was given to read."""

    name = "counting"
    dim = 3

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, kind):
        self.seen += list(texts)
        return np.array([[len(t), kind == "query", 1.0] for t in texts], dtype=np.float32)


class WordSumEncoder:
    """Stands in for an English encoder: a text's vector is the unit sum of a fixed random vector
    per word, so texts that share words are near and the same text always gives the same vector."""

    name = "word-sum"
    dim = 16

    def encode(self, texts, kind):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
                out[row] += np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            norm = np.linalg.norm(out[row])
            out[row] /= norm if norm else 1.0
        return out
