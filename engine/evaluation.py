"""Offline evaluation on a labelled directory: needs.jsonl, offers.jsonl and qrels.tsv (and, where
the set has them, needs-uk.jsonl and near-misses.tsv)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import pathlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence

import numpy as np

from . import calibration
from .areas import AreaSuggester
from .config import EngineConfig
from .engine import MatchingEngine
from .features import encoder_text
from .records import AreaNode, OfferRecord, RequestRecord, offer_from_mapping, request_from_mapping

CUTOFF = 10
PRECISION_CUTOFF = 5
# The pairs a calibration is fitted on: each need's best offers, as many as the platform keeps.
CALIBRATION_DEPTH = 50
FOLDS = 5
# Quality is measured on the text alone: a set's hand-given areas (the domain set has them) are
# there to measure area suggestions, and would tell the engine what it should find.
TEXT_ONLY = True


@dataclasses.dataclass(frozen=True)
class Metrics:
    p_at_5: float
    r_at_10: float
    ndcg_at_10: float
    mrr: float
    # Expected calibration error of the scores of each need's 10 best offers, each need scored by
    # a mapping fitted on the other folds' needs.
    ece: float
    seconds: float
    # Share of the needs whose first offer is one of their near-misses (near-misses.tsv: offers
    # that share a need's words but do not answer it); None where the set lists none.
    near_miss_at_1: float | None = None

    def lines(self) -> list[str]:
        return [f"{name}={value:.3f}" for name, value in dataclasses.asdict(self).items() if value is not None]


@dataclasses.dataclass
class Ranked:
    """Every need's ranking of the offers, with the text evidence of each, by needs file."""

    rankings: dict[str, dict[str, list[str]]]
    evidence: dict[str, dict[str, np.ndarray]]
    judgements: dict[str, dict[str, int]]
    # Building the engine (reading and encoding) and ranking, then ranking alone.
    seconds: float
    ranking_seconds: float


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


def read_near_misses(directory: str | pathlib.Path) -> dict[str, set[str]]:
    """Each need's near-misses (near-misses.tsv: need, offer, kind, why; a header line), or {}."""
    path = pathlib.Path(directory) / "near-misses.tsv"
    if not path.exists():
        return {}
    found: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        next(handle, None)
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2:
                found[fields[0]].add(fields[1])
    return dict(found)


def near_miss_at_1(rankings: Mapping[str, list[str]], near_misses: Mapping[str, set[str]]) -> float | None:
    """Share of the needs with near-misses whose first offer is one of them."""
    needs = [n for n in near_misses if n in rankings]
    if not needs:
        return None
    return sum(bool(rankings[n]) and rankings[n][0] in near_misses[n] for n in needs) / len(needs)


def needs_files(directory: str | pathlib.Path) -> dict[str, pathlib.Path]:
    """The needs files of a labelled directory by language: needs.jsonl, and needs-uk.jsonl when there."""
    directory = pathlib.Path(directory)
    found = {"en": directory / "needs.jsonl"}
    if (directory / "needs-uk.jsonl").exists():
        found["uk"] = directory / "needs-uk.jsonl"
    return found


def rank_directory(
    directory: str | pathlib.Path,
    files: Mapping[str, str | pathlib.Path],
    *,
    config: EngineConfig,
    areas: Iterable[AreaNode] = (),
    cache: MutableMapping[str, bytes] | None = None,
    text_only: bool = False,
) -> Ranked:
    """Every offer ranked for every need of each needs file, by the engine's one ranking path.

    One engine holds the needs of every file (their ids prefixed by the file's name): the offers
    are read and encoded once. The judgements are read only to score: the engine sees the needs
    and offers alone; with `text_only`, not even the capability areas they were tagged with."""
    started = time.perf_counter()
    directory = pathlib.Path(directory)
    kept = {"areas": ()} if text_only else {}
    offers = [offer_from_mapping({**offer, **kept}) for offer in read_jsonl(directory / "offers.jsonl")]
    requests = [
        request_from_mapping({**need, "id": f"{name}:{need['id']}", **kept})
        for name, path in files.items()
        for need in read_jsonl(pathlib.Path(path))
    ]
    # Every offer is ranked, so that recall and reciprocal rank see the whole list.
    config = dataclasses.replace(config, top_k=max(len(offers), 1))
    engine = MatchingEngine.build(requests, offers, config=config, areas=areas, cache=cache)
    rankings: dict[str, dict[str, list[str]]] = {name: {} for name in files}
    evidence: dict[str, dict[str, np.ndarray]] = {name: {} for name in files}
    ranking_started = time.perf_counter()
    for block in engine.rank():
        for request_id, offer_ids, values in zip(block.request_ids, block.offer_ids, block.evidence, strict=True):
            name, need_id = request_id.split(":", 1)
            rankings[name][need_id] = offer_ids
            evidence[name][need_id] = values
    judgements = read_qrels(directory / "qrels.tsv")
    finished = time.perf_counter()
    return Ranked(rankings, evidence, judgements, finished - started, finished - ranking_started)


def evaluate_directory(
    directory: str | pathlib.Path,
    *,
    config: EngineConfig | None = None,
    areas: Iterable[AreaNode] = (),
    files: Mapping[str, str | pathlib.Path] | None = None,
    cache: MutableMapping[str, bytes] | None = None,
) -> dict[str, Metrics]:
    """P@5, R@10, nDCG@10, MRR and the cross-validated calibration error, per needs file."""
    files = files or needs_files(directory)
    ranked = rank_directory(
        directory, files, config=config or EngineConfig(), areas=areas, cache=cache, text_only=TEXT_ONLY
    )
    errors = cross_validated_errors(ranked)
    near_misses = read_near_misses(directory)
    return {
        name: Metrics(
            **ranking_metrics(ranked.rankings[name], ranked.judgements),
            ece=errors[name],
            seconds=ranked.seconds,
            near_miss_at_1=near_miss_at_1(ranked.rankings[name], near_misses),
        )
        for name in files
    }


def _fold(need_id: str) -> int:
    """A need's fold, the same in every language and every run."""
    return int(hashlib.sha256(need_id.encode()).hexdigest(), 16) % FOLDS


def _pairs(ranked: Ranked, name: str, need_ids: Iterable[str], depth: int) -> tuple[np.ndarray, np.ndarray]:
    """Evidence and relevance of the best `depth` offers of each need."""
    values, labels = [], []
    for need_id in need_ids:
        relevant = ranked.judgements.get(need_id, {})
        values.append(ranked.evidence[name][need_id][:depth])
        labels.append([offer_id in relevant for offer_id in ranked.rankings[name][need_id][:depth]])
    if not values:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return np.concatenate(values), np.concatenate([np.array(found, dtype=bool) for found in labels])


def fit_calibration(ranked: Ranked, held_out: int | None = None) -> dict[str, calibration.Calibration]:
    """The monotone mappings from evidence to relevance, one per language of needs ("uk" for the
    needs file of that name, "en" for the others), fitted on the judged needs (their best
    `CALIBRATION_DEPTH` offers), leaving out the needs of one fold."""
    pairs: dict[str, tuple[list, list]] = {language: ([], []) for language in calibration.LANGUAGES}
    for name, evidence in ranked.evidence.items():
        kept = [n for n in evidence if n in ranked.judgements and (held_out is None or _fold(n) != held_out)]
        values, labels = _pairs(ranked, name, kept, CALIBRATION_DEPTH)
        pairs[_language(name)][0].append(values)
        pairs[_language(name)][1].append(labels)
    # Needs of one language only: the other language reads by their mapping.
    if not pairs["uk"][0]:
        pairs["uk"] = pairs["en"]
    if not pairs["en"][0]:
        pairs["en"] = pairs["uk"]
    return {
        language: calibration.fit(np.concatenate(values), np.concatenate(labels))
        for language, (values, labels) in pairs.items()
    }


def _language(name: str) -> str:
    return "uk" if name in ("uk", "needs-uk") else "en"


def cross_validated_errors(ranked: Ranked) -> dict[str, float]:
    """Per needs file, the expected calibration error of its needs' 10 best offers, each need's
    pairs scored by the mapping of its language fitted without its fold."""
    mappings = [fit_calibration(ranked, fold) for fold in range(FOLDS)]
    errors = {}
    for name, evidence in ranked.evidence.items():
        probabilities, labels = [], []
        for fold, mapping in enumerate(mappings):
            judged = [n for n in evidence if n in ranked.judgements and _fold(n) == fold]
            values, found = _pairs(ranked, name, judged, CUTOFF)
            probabilities.append(mapping[_language(name)](values))
            labels.append(found)
        errors[name] = calibration.expected_calibration_error(np.concatenate(probabilities), np.concatenate(labels))
    return errors


# Each feature of the engine and the settings that turn it off, for the ablation table.
ABLATIONS: dict[str, dict] = {
    "dense view (multilingual encoder)": {"encoder": ""},
    "English view (MiniLM)": {"english_encoder": ""},
    "glossary": {"glossary": ""},
    "tf-idf feedback": {"feedback_offers": 0},
    "title weight": {"request_title_weight": 1.0},
}


def ablate(
    directory: str | pathlib.Path,
    *,
    config: EngineConfig,
    areas: Iterable[AreaNode] = (),
    cache: MutableMapping[str, bytes] | None = None,
    only: Iterable[str] | None = None,
) -> Iterator[tuple[str, dict[str, float], float]]:
    """For the configuration and for each feature turned off in turn: nDCG@10 per needs file
    and the seconds per need of ranking (every offer, with explanations left out)."""
    files = needs_files(directory)
    for label, overrides in {"configuration": {}, **ABLATIONS}.items():
        if only and label != "configuration" and label not in only:
            continue
        changed = dataclasses.replace(config, **overrides)
        ranked = rank_directory(directory, files, config=changed, areas=areas, cache=cache, text_only=TEXT_ONLY)
        quality = {name: ranking_metrics(ranked.rankings[name], ranked.judgements)["ndcg_at_10"] for name in files}
        count = sum(len(found) for found in ranked.rankings.values())
        yield label, quality, ranked.ranking_seconds / max(count, 1)


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


def area_accuracy(
    offers: Sequence[OfferRecord],
    needs: Mapping[str, Sequence[RequestRecord]],
    suggester_for: Callable[[np.ndarray, list[tuple[str, ...]]], AreaSuggester],
    encode: Callable[[list[str], str], np.ndarray],
    max_chars: int,
) -> dict[str, tuple[float, float]]:
    """How often a record's hand-given areas hold the first suggested area, and one of the three
    first: each offer suggested from the other offers (left out of its own neighbours), each
    needs file's needs from the offers. By group ("offers", then each needs file)."""
    offers = [offer for offer in offers if offer.areas]
    vectors = encode([encoder_text(offer, max_chars) for offer in offers], "passage")
    suggester = suggester_for(vectors, [offer.areas for offer in offers])
    found = {
        "offers": (offers, suggester.suggest_vectors(_typed(offers, encode, max_chars), leave_out=range(len(offers))))
    }
    for name, records in needs.items():
        records = [record for record in records if record.areas]
        found[name] = (records, suggester.suggest_vectors(_typed(records, encode, max_chars)))
    return {
        name: (
            float(np.mean([bool(set(r.areas) & {s[0].area_id}) for r, s in zip(records, suggested, strict=True)])),
            float(
                np.mean([bool(set(r.areas) & {x.area_id for x in s}) for r, s in zip(records, suggested, strict=True)])
            ),
        )
        for name, (records, suggested) in found.items()
        if records
    }


def _typed(records: Sequence[OfferRecord | RequestRecord], encode, max_chars: int) -> np.ndarray:
    """Records' vectors as a text typed into a form is read: as a query."""
    return encode([encoder_text(record, max_chars) for record in records], "query")
