"""BM25 over weighted term bags, as sparse matrices with corpus statistics frozen at fit time.

Freezing the statistics (document frequencies, mean length) keeps a pair's score a function of
the pair alone, so scoring one changed record gives exactly what a full rescore would; a new fit
refreshes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.linalg import blas

from .config import EngineConfig

TermBag = Mapping[str, float]


class LexicalModel:
    """Vocabulary, IDF and length normalisation learnt from the offers at build time."""

    def __init__(self, raw: sp.csr_matrix, terms: Sequence[str], config: EngineConfig) -> None:
        """`raw` holds the offers' term weights (rows) over `terms`, as `raw_matrix` builds it."""
        self.config = config
        count = max(raw.shape[0], 1)
        document_frequency = np.bincount(raw.indices, minlength=len(terms))
        # Terms in a large share of the offers separate little and cost the most to score.
        limit = config.lexical_max_df * count if count >= 20 else np.inf
        kept = [i for i in np.flatnonzero((document_frequency > 0) & (document_frequency <= limit))]
        kept.sort(key=lambda i: terms[i])
        self.terms = [terms[i] for i in kept]
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        df = document_frequency[kept].astype(np.float64)
        self.idf = np.log1p((count - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.mean_length = float(raw.sum(axis=1).mean()) if raw.shape[0] else 1.0
        # The commonest terms, best first (ties by term): scored as dense columns (see `split`).
        head = np.lexsort((np.arange(len(df)), -df))[: max(config.lexical_head_terms, 0)]
        self.head = np.sort(head)
        self._tail_mask = np.ones(len(self.terms), dtype=bool)
        self._tail_mask[self.head] = False
        # Where each of the raw matrix's columns lands in the vocabulary (-1: left out).
        self._fitted_columns = np.full(len(terms), -1, dtype=np.int64)
        self._fitted_columns[kept] = np.arange(len(kept))

    def fitted_offer_matrix(self, raw: sp.csr_matrix) -> sp.csr_matrix:
        """The BM25 matrix of the offers the model was fitted on, from their raw matrix."""
        return self._saturated(raw, np.asarray(raw.sum(axis=1)).ravel(), self._fitted_columns)

    def offer_matrix(self, bags: Sequence[TermBag]) -> sp.csr_matrix:
        """Saturated, length-normalised term weights of offers (rows) over the vocabulary."""
        lengths = np.array([sum(bag.values()) for bag in bags], dtype=np.float64)
        raw = raw_matrix(bags, self.vocabulary)
        return self._saturated(raw, lengths, np.arange(len(self.terms)))

    def _saturated(self, raw: sp.csr_matrix, lengths: np.ndarray, columns: np.ndarray) -> sp.csr_matrix:
        # A term's weight saturates with its frequency, and more so in a longer offer.
        k1, b = self.config.bm25_k1, self.config.bm25_b
        norms = np.repeat(k1 * (1.0 - b + b * lengths / self.mean_length), np.diff(raw.indptr))
        values = raw.data * (k1 + 1.0) / (raw.data + norms)
        rows = np.repeat(np.arange(raw.shape[0]), np.diff(raw.indptr))
        target = columns[raw.indices]
        keep = target >= 0
        return self._matrix(rows[keep], target[keep], values[keep], raw.shape[0])

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

    def split(self, matrix: sp.csr_matrix) -> tuple[np.ndarray, sp.csr_matrix]:
        """A term matrix (rows over the vocabulary) as the dense columns of the head terms and
        the sparse rest: the two sum to the same scores as the whole."""
        head = np.ascontiguousarray(matrix[:, self.head].toarray(), dtype=np.float32)
        keep = self._tail_mask[matrix.indices]
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        counts = np.bincount(rows[keep], minlength=matrix.shape[0])
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(matrix.indptr.dtype)
        tail = sp.csr_matrix((matrix.data[keep], matrix.indices[keep], indptr), shape=matrix.shape)
        return head, tail

    def _matrix(self, rows, cols, vals, n: int) -> sp.csr_matrix:
        matrix = sp.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(n, len(self.terms)),
            dtype=np.float32,
        )
        matrix.sum_duplicates()
        return matrix


def raw_matrix(bags: Sequence[TermBag], vocabulary: dict[str, int], grow: bool = False) -> sp.csr_matrix:
    """Term weights of bags as a sparse matrix over a vocabulary's columns (float64, so that
    a fitted offer and the same offer added later get the same BM25 weights). With `grow`,
    terms not yet in the vocabulary are added to it; otherwise they are left out."""
    indptr, indices, data = [0], [], []
    for bag in bags:
        for term, weight in bag.items():
            column = vocabulary.get(term)
            if column is None:
                if not grow:
                    continue
                column = vocabulary[term] = len(vocabulary)
            indices.append(column)
            data.append(weight)
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(bags), len(vocabulary)),
    )


def stack_rows(parts: Sequence[sp.csr_matrix], width: int) -> sp.csr_matrix:
    """Row blocks built while a vocabulary grew, widened to its final size and stacked."""
    widened = [sp.csr_matrix((part.data, part.indices, part.indptr), shape=(part.shape[0], width)) for part in parts]
    return sp.vstack(widened, format="csr") if widened else sp.csr_matrix((0, width))


def bm25_scores(requests: sp.csr_matrix, offers_by_term: sp.csr_matrix) -> np.ndarray:
    """Dense (requests x offers) BM25 from query weights and the term-major offer matrix."""
    return (requests @ offers_by_term).toarray()


def accumulate_product(out: np.ndarray, left: np.ndarray, right: np.ndarray) -> None:
    """out += left @ right.T, in place: BLAS adds the product to `out` as it computes it,
    which saves a pass over a (requests x offers) matrix."""
    if not out.size or not left.shape[1]:
        return
    if left.shape[0] == 1:
        # One request: a matrix-vector product, which BLAS does far faster than a
        # one-column matrix product.
        out[0] += right @ left[0]
        return
    # out.T is (offers x requests) in Fortran order: the layout BLAS writes to.
    result = blas.sgemm(1.0, right.T, left.T, beta=1.0, c=out.T, trans_a=1, overwrite_c=1)
    if not np.shares_memory(result, out):
        out[...] = result.T
