"""Offline evaluation on a labelled directory: needs.jsonl, offers.jsonl and qrels.tsv."""

from __future__ import annotations

import dataclasses
import json
import math
import pathlib
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, MutableMapping

import numpy as np

from .config import EngineConfig
from .engine import MatchingEngine
from .records import AreaNode, offer_from_mapping, request_from_mapping

CUTOFF = 10
PRECISION_CUTOFF = 5


@dataclasses.dataclass(frozen=True)
class Metrics:
    p_at_5: float
    r_at_10: float
    ndcg_at_10: float
    mrr: float
    seconds: float

    def lines(self) -> list[str]:
        return [f"{name}={value:.3f}" for name, value in dataclasses.asdict(self).items()]


def read_jsonl(path: pathlib.Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: pathlib.Path) -> dict[str, dict[str, int]]:
    judgements: dict[str, dict[str, int]] = defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if len(fields) >= 3 and int(fields[2]) > 0:
                judgements[fields[0]][fields[1]] = int(fields[2])
    return dict(judgements)


def evaluate_directory(
    directory: str | pathlib.Path,
    *,
    config: EngineConfig | None = None,
    areas: Iterable[AreaNode] = (),
    needs_file: str | pathlib.Path | None = None,
    cache: MutableMapping[str, bytes] | None = None,
) -> Metrics:
    """Rank every offer for every need with the engine and score the rankings against qrels.tsv.

    The judgements are read only to score: the engine sees the needs and offers alone.
    """
    started = time.perf_counter()
    directory = pathlib.Path(directory)
    needs = read_jsonl(pathlib.Path(needs_file) if needs_file else directory / "needs.jsonl")
    offers = read_jsonl(directory / "offers.jsonl")
    config = config or EngineConfig()
    # Every offer is ranked, so that recall and reciprocal rank see the whole list.
    config = dataclasses.replace(config, top_k=max(len(offers), 1))
    engine = MatchingEngine.build(
        [request_from_mapping(n) for n in needs],
        [offer_from_mapping(o) for o in offers],
        config=config,
        areas=areas,
        cache=cache,
    )
    rankings = {}
    for block in engine.rescore_all():
        for request_id, slots in zip(block.request_ids, block.offer_slots, strict=True):
            rankings[request_id] = [engine.offers.ids[slot] for slot in slots]
    judgements = read_qrels(directory / "qrels.tsv")
    scores = ranking_metrics(rankings, judgements)
    return Metrics(**scores, seconds=time.perf_counter() - started)


def ranking_metrics(rankings: Mapping[str, list[str]], judgements: Mapping[str, Mapping[str, int]]) -> dict[str, float]:
    """Mean P@5, R@10, nDCG@10 and MRR over the needs that have at least one relevant offer."""
    per_need = [
        _need_metrics(rankings.get(need_id, []), relevant) for need_id, relevant in judgements.items() if relevant
    ]
    if not per_need:
        return {"p_at_5": 0.0, "r_at_10": 0.0, "ndcg_at_10": 0.0, "mrr": 0.0}
    return {name: float(np.mean([m[name] for m in per_need])) for name in per_need[0]}


def _need_metrics(ranking: list[str], relevant: Mapping[str, int]) -> dict[str, float]:
    gains = [relevant.get(offer_id, 0) for offer_id in ranking]
    hits = [gain > 0 for gain in gains]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:CUTOFF]))
    ideal = sorted(relevant.values(), reverse=True)[:CUTOFF]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    first = next((i for i, hit in enumerate(hits) if hit), None)
    return {
        "p_at_5": sum(hits[:PRECISION_CUTOFF]) / PRECISION_CUTOFF,
        "r_at_10": sum(hits[:CUTOFF]) / len(relevant),
        "ndcg_at_10": dcg / idcg if idcg else 0.0,
        "mrr": 0.0 if first is None else 1.0 / (first + 1),
    }
