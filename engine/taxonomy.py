"""The capability-area tree: how areas stand to each other, and its names as a bilingual vocabulary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from . import text
from .records import AreaNode

CONCEPT_PREFIX = "§"


class Taxonomy:
    """Areas by id, how they stand to each other, and the stemmed phrases that name each of them."""

    def __init__(self, nodes: Iterable[AreaNode]) -> None:
        self.nodes: list[AreaNode] = list(nodes)
        self.index: dict[str, int] = {node.id: i for i, node in enumerate(self.nodes)}
        self._phrases = self._phrase_table()

    def __len__(self) -> int:
        return len(self.nodes)

    def name(self, area_id: str, language: str = "en") -> str:
        node = self.nodes[self.index[area_id]]
        return (node.name_uk if language == "uk" else node.name_en) or node.name_en or node.id

    def indices(self, area_ids: Sequence[str]) -> list[int]:
        """Positions of the known areas among the given ids; unknown ids are ignored."""
        return [self.index[area] for area in area_ids if area in self.index]

    def concepts(self, stems: Sequence[str]) -> list[str]:
        """Areas whose name or synonym occurs in a stem sequence, once per occurrence."""
        return [area_id for _start, _end, area_id in self.spans(stems)]

    def spans(self, stems: Sequence[str]) -> list[tuple[int, int, str]]:
        """(start, end, area) of each occurrence of an area's name or synonym in a stem sequence."""
        found = []
        for start, first in enumerate(stems):
            for phrase, area_id in self._phrases.get(first, ()):
                if tuple(stems[start : start + len(phrase)]) == phrase:
                    found.append((start, start + len(phrase), area_id))
        return found

    def ancestors(self, i: int) -> list[int]:
        chain, seen = [], {i}
        parent = self.nodes[i].parent_id
        while parent in self.index and self.index[parent] not in seen:
            j = self.index[parent]
            chain.append(j)
            seen.add(j)
            parent = self.nodes[j].parent_id
        return chain

    def relation(self, asked: str, offered: str) -> str | None:
        """How an offered area stands to a requested one on the tree: "same", "sibling",
        "broader" or "narrower"; None when they are unrelated or unknown."""
        if asked not in self.index or offered not in self.index:
            return None
        if asked == offered:
            return "same"
        i, j = self.index[asked], self.index[offered]
        parent_i, parent_j = self.nodes[i].parent_id, self.nodes[j].parent_id
        if parent_i in self.index and parent_i == parent_j:
            return "sibling"
        if j in self.ancestors(i):
            return "broader"
        if i in self.ancestors(j):
            return "narrower"
        return None

    def _phrase_table(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        table: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for node in self.nodes:
            for name in node.names():
                phrase = tuple(text.stems(name))
                if phrase and (phrase, node.id) not in table[phrase[0]]:
                    table[phrase[0]].append((phrase, node.id))
        return dict(table)


def concept_term(area_id: str) -> str:
    return CONCEPT_PREFIX + area_id


def is_concept_term(term: str) -> bool:
    return term.startswith(CONCEPT_PREFIX)
