"""Speed of the matching engine on a synthetic catalogue: 100k offers, 10k requests.

Prints name=value lines: single-request latency, a full rescore against a bare numpy matmul +
argpartition of the same shapes measured in the same run, peak memory, and encoding cost.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import AreaNode, EngineConfig, MatchingEngine, OfferRecord, RequestRecord  # noqa: E402

DIM = 384
# Text: half the words come from the document's topic, half from a general Zipf vocabulary
# whose commonest words are left out as stop words would be. This gives what real requests and
# offers show: about 25 query terms, each in roughly a tenth of the offers.
TOPICS = 300
TOPIC_WORDS = 100
GENERAL_WORDS = 6_000
STOP_WORDS = 100
OFFER_WORDS = (80, 220)  # an award abstract runs 150 words on average
REQUEST_WORDS = (20, 60)  # a request typed into a web form
# Weights of the direction every text vector shares and of a direction of the text's own
# (see BagEncoder); the rest goes to its words.
SHARED_DIRECTION = 0.9
OWN_DIRECTION = 0.3
# The same for the English view (all-MiniLM-L6-v2): on the SBIR development set it puts
# unrelated texts near a cosine of 0.12 and the best offer of a need near 0.69.
ENGLISH_SHARED_DIRECTION = 0.35


class BagEncoder:
    """Stands in for an encoder, with the cosines a real one gives.

    A text's vector is a fixed random projection of its words (texts that share words point the
    same way), plus a direction every text shares and one of its own: multilingual-e5 puts
    unrelated texts at a cosine near 0.8 and related ones higher, and the engine's dense
    evidence is calibrated on that. The weights give the cosines the real encoder gives
    between the needs and offers of the SBIR development set (median about 0.81, the best
    offer of a request about 0.89). Random vectors alone (cosine near 0 for every pair) would
    leave every text score near zero, a catalogue no real encoder produces.
    """

    dim = DIM

    def __init__(self, shared: float = SHARED_DIRECTION, own: float = OWN_DIRECTION, name: str = "bench-bag") -> None:
        self.name = name
        self.shared = shared
        self.own = own
        self.common = self._unit(b"\0shared direction")
        self.words: dict[str, np.ndarray] = {}

    @staticmethod
    def _unit(key: bytes) -> np.ndarray:
        seed = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")
        vector = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        return vector / np.linalg.norm(vector)

    def _word(self, word: str) -> np.ndarray:
        vector = self.words.get(word)
        if vector is None:
            vector = self.words[word] = self._unit(word.encode())
        return vector

    def encode(self, texts, kind):
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for row, body in enumerate(texts):
            words = body.split()
            bag = np.sum([self._word(w) for w in words], axis=0) if words else self.common
            bag = bag / max(float(np.linalg.norm(bag)), 1e-6)
            words_share = np.sqrt(max(1.0 - self.shared**2 - self.own**2, 0.0))
            vector = self.shared * self.common + self.own * self._unit(body.encode()) + words_share * bag
            out[row] = vector / np.linalg.norm(vector)
        return out


def synthetic_words(rng: np.random.Generator) -> list[str]:
    letters = np.array(list("abcdefghiklmnoprstuvy"))
    count = GENERAL_WORDS + TOPICS * TOPIC_WORDS
    return ["".join(rng.choice(letters, size=rng.integers(5, 12))) for _ in range(count)]


def synthetic_text(rng: np.random.Generator, words: list[str], bounds: tuple[int, int]) -> str:
    length = int(rng.integers(*bounds))
    topic = int(rng.integers(TOPICS))
    topical = GENERAL_WORDS + topic * TOPIC_WORDS + rng.integers(0, TOPIC_WORDS, length // 2)
    general = np.minimum(rng.zipf(1.1, size=length - length // 2) + STOP_WORDS, GENERAL_WORDS) - 1
    return " ".join(words[i] for i in np.concatenate([topical, general]))


def synthetic_areas() -> list[AreaNode]:
    areas = [AreaNode(f"a{i}", None, f"Area {i}") for i in range(8)]
    areas += [AreaNode(f"a{i}.{j}", f"a{i}", f"Area {i}.{j}") for i in range(8) for j in range(6)]
    return areas


def synthetic_records(n_offers: int, n_requests: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    words = synthetic_words(rng)
    area_ids = [a.id for a in synthetic_areas()]
    offers = [
        OfferRecord(
            id=f"o{i}",
            title=synthetic_text(rng, words, (3, 8)),
            description=synthetic_text(rng, words, OFFER_WORDS),
            areas=tuple(rng.choice(area_ids, size=rng.integers(1, 4), replace=False)),
        )
        for i in range(n_offers)
    ]
    requests = [
        RequestRecord(
            id=f"r{i}",
            title=synthetic_text(rng, words, (3, 10)),
            description=synthetic_text(rng, words, REQUEST_WORDS),
            areas=tuple(rng.choice(area_ids, size=rng.integers(1, 3), replace=False)),
        )
        for i in range(n_requests)
    ]
    return requests, offers


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(requests: np.ndarray, offers: np.ndarray, k: int, block: int) -> float:
    """Bare float32 matmul + argpartition top-k, in the engine's block size."""
    started = time.perf_counter()
    for start in range(0, len(requests), block):
        scores = requests[start : start + block] @ offers.T
        np.argpartition(-scores, k - 1, axis=1)[:, :k]
    return time.perf_counter() - started


def encoding_cost(config: EngineConfig) -> None:
    """Milliseconds per offer of each real encoder, on forty award abstracts."""
    from engine.encoders import make_encoder

    sample = Path(__file__).resolve().parent.parent / "tests" / "matching" / "data" / "sbir-slice" / "offers.jsonl"
    import json

    descriptions = [json.loads(line)["description"] for line in sample.open()][:40]
    views = [("encode_ms_per_offer", config.encoder, config.encoder_max_chars)]
    views.append(("english_encode_ms_per_offer", config.english_encoder, config.english_max_chars))
    for label, name, limit in views:
        if not name:
            continue
        encoder = make_encoder(name)
        texts = [text[:limit] for text in descriptions]
        started = time.perf_counter()
        encoder.encode(texts, "passage")
        print(f"{label}={(time.perf_counter() - started) / len(texts) * 1e3:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2, help="timings of the full rescore and the bare product")
    args = parser.parse_args()

    config = EngineConfig()
    started = time.perf_counter()
    requests, offers = synthetic_records(args.offers, args.requests)
    engine = MatchingEngine.build(
        requests,
        offers,
        config=config,
        areas=synthetic_areas(),
        encoder=BagEncoder(),
        english_encoder=BagEncoder(ENGLISH_SHARED_DIRECTION, name="bench-bag-english"),
    )
    print(f"offers={args.offers}\nrequests={args.requests}")
    print(f"build_seconds={time.perf_counter() - started:.1f}")

    next(engine.rank([requests[0].id]))  # warm-up: builds the term-major matrix once
    latencies = []
    for request in requests[: args.samples]:
        started = time.perf_counter()
        next(engine.rank([request.id]))
        latencies.append(time.perf_counter() - started)
    print(f"single_request_top50_ms_p50={np.percentile(latencies, 50) * 1e3:.1f}")
    print(f"single_request_top50_ms_p99={np.percentile(latencies, 99) * 1e3:.1f}")
    explained = []
    for request in requests[: args.samples // 4]:
        started = time.perf_counter()
        engine.score_request(request.id)
        explained.append(time.perf_counter() - started)
    print(f"single_request_with_explanations_ms_p50={np.percentile(explained, 50) * 1e3:.1f}")
    # One offer against every request: its pairs' relevance feedback needs each request's first
    # pass against every offer, so this costs about what a full rescore's products cost.
    started = time.perf_counter()
    engine.score_offer(offers[0].id)
    print(f"single_offer_against_all_requests_seconds={time.perf_counter() - started:.1f}")

    # Each timing is the best of `--repeats` runs, the engine's and the bare product's alike:
    # the least disturbed run is the one that measures the code.
    rss_before = peak_rss_mb()
    full, kept = np.inf, 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        kept = sum(len(block.request_ids) for block in engine.rank())
        full = min(full, time.perf_counter() - started)
    rss_after = peak_rss_mb()
    # The encoders' vectors alone, every view (the engine's product also carries its head
    # terms' columns).
    dense = engine.dense.factors.size
    vectors_r = np.ascontiguousarray(engine.requests.column("vector")[:, -dense:])
    vectors_o = np.ascontiguousarray(engine.offers.column("vector")[:, -dense:])
    bare = min(baseline(vectors_r, vectors_o, config.top_k, config.block_size) for _ in range(args.repeats))
    print(f"full_rescore_requests={kept}")
    print(f"full_rescore_seconds={full:.1f}")
    print(f"bare_matmul_argpartition_seconds={bare:.1f}")
    print(f"full_rescore_ratio={full / bare:.2f}")
    print(f"peak_rss_mb={rss_after:.0f}")
    print(f"rescore_added_rss_mb={rss_after - rss_before:.0f}")
    encoding_cost(dataclasses.replace(config))


if __name__ == "__main__":
    main()
