"""Capability areas suggested for a text: by the areas of the tagged records nearest to it, and by
the names of the areas themselves.

A text is read by the multilingual encoder, so a request typed in Ukrainian finds areas tagged on
English offers. Two votes, each a share of one:
- the names: each area's name (English and Ukrainian, with its broader area's) by a softmax of its
  cosine with the text at `temperature`;
- the neighbours: the `neighbours` tagged records nearest the text, each lending every area it
  carries its cosine, over the sum of their cosines (a record of two areas lends both in full).
An area's score is `name_share` of the first plus the rest of the second. Where nothing is tagged
yet, the names alone suggest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from .encoders import TextEncoder
from .records import AreaNode


@dataclasses.dataclass(frozen=True)
class Suggestion:
    area_id: str
    score: float


class AreaSuggester:
    """Suggests areas for encoded texts from tagged examples (vectors and their areas)."""

    def __init__(
        self,
        nodes: Sequence[AreaNode],
        encoder: TextEncoder,
        examples: np.ndarray | None = None,
        example_areas: Sequence[Sequence[str]] = (),
        *,
        neighbours: int = 10,
        name_share: float = 0.7,
        temperature: float = 0.02,
    ) -> None:
        by_id = {node.id: node for node in nodes}
        self.area_ids = [node.id for node in nodes]
        self.encoder = encoder
        self.neighbours = neighbours
        self.name_share = name_share
        self.temperature = temperature
        self.names = encoder.encode([_area_text(node, by_id.get(node.parent_id or "")) for node in nodes], "query")
        known = {area_id: i for i, area_id in enumerate(self.area_ids)}
        self.examples = np.zeros((0, encoder.dim), dtype=np.float32) if examples is None else examples
        # Which areas each example carries: examples x areas, 0/1.
        self.tags = np.zeros((len(self.examples), len(self.area_ids)), dtype=np.float32)
        for row, areas in enumerate(example_areas):
            for area_id in areas:
                if area_id in known:
                    self.tags[row, known[area_id]] = 1.0

    def suggest(self, texts: Sequence[str], count: int = 3, *, leave_out: Sequence[int] = ()) -> list[list[Suggestion]]:
        """The `count` best areas for each text, best first; `leave_out[i]` (when given) is the
        row of text i among the examples, so that a tagged record is not its own neighbour."""
        vectors = self.encoder.encode(list(texts), "query")
        return self.suggest_vectors(vectors, count, leave_out=leave_out)

    def suggest_vectors(
        self, vectors: np.ndarray, count: int = 3, *, leave_out: Sequence[int] = ()
    ) -> list[list[Suggestion]]:
        if not self.area_ids:
            return [[] for _ in range(len(vectors))]
        named = (vectors @ self.names.T) / self.temperature
        named = np.exp(named - named.max(axis=1, keepdims=True))
        named /= named.sum(axis=1, keepdims=True)
        if not len(self.examples):
            scores = named
        else:
            similarity = vectors @ self.examples.T
            for row, own in enumerate(leave_out):
                if 0 <= own < similarity.shape[1]:
                    similarity[row, own] = -np.inf
            k = min(self.neighbours, similarity.shape[1])
            nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
            weights = np.take_along_axis(similarity, nearest, axis=1)
            # An unrelated record (or one left out) lends nothing, rather than a negative vote.
            weights = np.where(np.isfinite(weights), np.maximum(weights, 0.0), 0.0)
            # Each text's votes: the cosine of each near example, to each of its areas.
            votes = np.einsum("tk,tka->ta", weights, self.tags[nearest])
            votes /= np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)
            scores = self.name_share * named + (1 - self.name_share) * votes
        best = np.argsort(-scores, axis=1, kind="stable")[:, :count]
        return [
            [Suggestion(self.area_ids[i], float(row_scores[i])) for i in row]
            for row, row_scores in zip(best, scores, strict=True)
        ]


def _area_text(node: AreaNode, parent: AreaNode | None) -> str:
    """What an area is called, in both languages, with the area it belongs to."""
    names = "; ".join(name for name in (node.name_en, node.name_uk, *node.synonyms_en, *node.synonyms_uk) if name)
    if parent is None:
        return names
    return f"{names} ({'; '.join(name for name in (parent.name_en, parent.name_uk) if name)})"
