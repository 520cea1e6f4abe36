"""BM25 over weighted term bags, as sparse matrices with corpus statistics frozen at fit time.

Freezing the statistics (document frequencies, mean length) keeps a pair's score a function of
the pair alone, so scoring one changed record gives exactly what a full rescore would; a new fit
refreshes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from .config import EngineConfig

TermBag = Mapping[str, float]


class LexicalModel:
    """Vocabulary, IDF and length normalisation learnt from the offers at build time."""

    def __init__(self, offer_bags: Sequence[TermBag], config: EngineConfig) -> None:
        self.config = config
        document_frequency: dict[str, int] = {}
        for bag in offer_bags:
            for term in bag:
                document_frequency[term] = document_frequency.get(term, 0) + 1
        count = max(len(offer_bags), 1)
        # Terms in a large share of the offers separate little and cost the most to score.
        limit = config.lexical_max_df * count
        self.terms = sorted(t for t, df in document_frequency.items() if df <= limit or count < 20)
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        df = np.array([document_frequency[t] for t in self.terms], dtype=np.float64)
        self.idf = np.log1p((count - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = [sum(bag.values()) for bag in offer_bags]
        self.mean_length = float(np.mean(lengths)) if lengths else 1.0

    def offer_matrix(self, bags: Sequence[TermBag]) -> sp.csr_matrix:
        """Saturated, length-normalised term weights of offers (rows) over the vocabulary."""
        k1, b = self.config.bm25_k1, self.config.bm25_b
        rows, cols, vals = [], [], []
        for row, bag in enumerate(bags):
            norm = k1 * (1.0 - b + b * sum(bag.values()) / self.mean_length)
            for term, tf in bag.items():
                column = self.vocabulary.get(term)
                if column is not None:
                    rows.append(row)
                    cols.append(column)
                    vals.append(tf * (k1 + 1.0) / (tf + norm))
        return self._matrix(rows, cols, vals, len(bags))

    def request_matrix(self, bags: Sequence[TermBag]) -> tuple[sp.csr_matrix, np.ndarray]:
        """IDF-weighted query terms of requests, and each request's BM25 ceiling.

        The ceiling, the most any offer could score, counts only terms of the vocabulary: no
        offer can match the others (a Ukrainian request keeps its own words beside their
        translations). BM25 over the ceiling is then a share comparable across requests.
        """
        rows, cols, vals = [], [], []
        ceilings = np.zeros(len(bags), dtype=np.float32)
        for row, bag in enumerate(bags):
            for term, weight in bag.items():
                column = self.vocabulary.get(term)
                if column is not None:
                    idf = float(self.idf[column])
                    ceilings[row] += weight * idf * (self.config.bm25_k1 + 1.0)
                    rows.append(row)
                    cols.append(column)
                    vals.append(weight * idf)
        return self._matrix(rows, cols, vals, len(bags)), ceilings

    def _matrix(self, rows: list[int], cols: list[int], vals: list[float], n: int) -> sp.csr_matrix:
        matrix = sp.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(n, len(self.terms)),
            dtype=np.float32,
        )
        matrix.sum_duplicates()
        return matrix


def bm25_scores(requests: sp.csr_matrix, offers_by_term: sp.csr_matrix) -> np.ndarray:
    """Dense (requests x offers) BM25 from query weights and the term-major offer matrix."""
    return (requests @ offers_by_term).toarray()
