"""Relevance feedback: the offers that answer a request best lend it the words they share.

A request states its need in a few words; the offers that answer it describe the same thing at
length, in the words of the trade. After a first pass over the text evidence, a request's
`feedback_offers` best offers are blended into one tf-idf vector of at most `feedback_terms`
terms, and every offer gains evidence by its similarity to that blend. An offer that answers the
same need in other words than the request's own then rises beside the offers that matched them.

Each best offer counts in the blend by a softmax of its evidence times its own text relevance, so
that offers that barely match lend little. The product is sparse (a blend holds few terms, and few
of them common ones), so a pair gets the same number whichever other pairs are scored with it.

Each request's blend (`Feedback`) is kept, so that scoring one request, one offer or a block reads
the same vector. It stays valid while the request's best offers do: the engine drops it, and
reports the request, when a changed offer would join them or one of them changes or goes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from .config import EngineConfig
from .lexical import LexicalModel

F32 = np.float32


@dataclasses.dataclass(frozen=True)
class Feedback:
    """One request's blend of its best offers, scaled to text evidence."""

    # Offer slots of the request's best offers, best first.
    members: np.ndarray
    # First-pass evidence an offer must beat to join them: that of the last member, -inf while
    # fewer offers than wanted are eligible, +inf for a request that is not matched at all.
    floor: float
    # The blend's weights over the vocabulary (a 1 x terms row).
    terms: sp.csr_matrix
    # Evidence every offer gives back: the baseline similarity, times the members' counts.
    baseline: float
    # Evidence each member gives back of its similarity to its own part of the blend.
    discounts: np.ndarray


def offer_scales(head: np.ndarray, tail: sp.csr_matrix, model: LexicalModel) -> np.ndarray:
    """1 / the length of each offer's tf-idf vector (its BM25 weights times IDF); 0 for none."""
    weighted_head = head * model.idf[model.head]
    squares = np.einsum("ij,ij->i", weighted_head, weighted_head, dtype=np.float64)
    weighted_tail = tail.multiply(model.idf[None, :]).tocsr()
    squares += np.asarray(weighted_tail.multiply(weighted_tail).sum(axis=1)).ravel()
    lengths = np.sqrt(squares)
    return np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0).astype(F32)


def offer_rows(head: np.ndarray, tail: sp.csr_matrix, scales: np.ndarray, model: LexicalModel) -> sp.csr_matrix:
    """Offers' unit-length tf-idf vectors (rows over the vocabulary), from their BM25 weights as
    the lexical model splits them: head terms dense, the rest sparse."""
    dense = sp.csr_matrix(head)
    placed = sp.csr_matrix((dense.data, model.head[dense.indices], dense.indptr), shape=tail.shape)
    whole = (placed + tail).multiply(model.idf[None, :]).tocsr()
    rows = (sp.diags(scales) @ whole).astype(F32).tocsr()
    rows.sort_indices()
    return rows


def best_offers(first: np.ndarray, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each row's `count` best columns (equal evidence: the lower column first) and their
    evidence; columns at -inf (ruled out) are never chosen."""
    n = first.shape[1]
    if n > count:
        kth = np.partition(first, n - count, axis=1)[:, n - count]
    else:
        kth = np.full(first.shape[0], -np.inf, dtype=first.dtype)
    rows, columns = np.nonzero((first >= kth[:, None]) & np.isfinite(first))
    bounds = np.searchsorted(rows, np.arange(first.shape[0] + 1))
    chosen = []
    for row in range(first.shape[0]):
        candidates = columns[bounds[row] : bounds[row + 1]]
        values = first[row, candidates]
        order = np.lexsort((candidates, -values))[:count]
        chosen.append((candidates[order], values[order]))
    return chosen


def counts(evidence: np.ndarray, offset: float, config: EngineConfig) -> np.ndarray:
    """How much each of a request's best offers counts in its blend: a softmax of their
    evidence, times each one's own text relevance (the first pass's, at `offset`)."""
    if not len(evidence):
        return np.zeros(0)
    evidence = evidence.astype(np.float64)
    shares = np.exp((evidence - evidence.max()) / config.feedback_temperature)
    shares /= shares.sum()
    return shares / (1.0 + np.exp(offset - evidence))


def blend(
    chosen: list[tuple[np.ndarray, np.ndarray]],
    rows_of: Callable[[np.ndarray], sp.csr_matrix],
    model: LexicalModel,
    config: EngineConfig,
    offset: float,
) -> list[Feedback]:
    """The feedback of requests from their best offers and first-pass evidence (`chosen`):
    the counted sum of the offers' unit tf-idf vectors, cut to its `feedback_terms` largest
    terms and scaled to text evidence. `offset` is the first pass's text offset;
    `rows_of(slots)` gives offers' vectors as `offer_rows` does."""
    slots = np.unique(np.concatenate([members for members, _ in chosen] + [np.zeros(0, dtype=np.int64)]))
    vectors = rows_of(slots)
    position = {int(slot): i for i, slot in enumerate(slots)}
    weights = [counts(evidence, offset, config) for _, evidence in chosen]
    indptr = np.concatenate([[0], np.cumsum([len(members) for members, _ in chosen])])
    indices = np.array([position[int(m)] for members, _ in chosen for m in members], dtype=np.int64)
    values = np.concatenate(weights + [np.zeros(0)]).astype(F32)
    mixing = sp.csr_matrix((values, indices, indptr), shape=(len(chosen), len(slots)))
    kept = _largest_per_row((mixing @ vectors).tocsr(), config.feedback_terms)
    # A member's similarity to its own part of the blend: its count times the squares of its
    # components on the kept terms.
    on_kept = sp.csr_matrix((np.ones_like(kept.data), kept.indices, kept.indptr), shape=kept.shape)
    own = np.asarray((on_kept @ vectors.multiply(vectors).T).todense())
    scale = config.feedback_weight / config.text_spread
    kept.data *= F32(scale)
    feedback = []
    for row, (members, evidence) in enumerate(chosen):
        columns = [position[int(m)] for m in members]
        feedback.append(
            Feedback(
                members=members,
                floor=float(evidence[-1]) if len(members) >= config.feedback_offers else -np.inf,
                terms=kept[row],
                baseline=float(F32(scale * config.feedback_baseline * weights[row].sum())),
                discounts=((1.0 - config.feedback_self_share) * scale * weights[row] * own[row, columns]).astype(F32),
            )
        )
    return feedback


def unmatched(model: LexicalModel) -> Feedback:
    """The feedback of a request that is not matched (closed, say): nothing, never refreshed."""
    return Feedback(
        members=np.zeros(0, dtype=np.int64),
        floor=np.inf,
        terms=sp.csr_matrix((1, len(model.terms)), dtype=F32),
        baseline=0.0,
        discounts=np.zeros(0, dtype=F32),
    )


def add(
    evidence: np.ndarray,
    feedback: list[Feedback],
    offers_by_term: sp.csr_matrix,
    offer_slots: np.ndarray | None,
) -> None:
    """Adds each request's feedback to its row of evidence, in place: the blend's product with
    the offers' vectors (term-major, as `offer_rows` transposed), less the baseline, less each
    member's discount. `offer_slots` are the columns' offers (None: every offer, by slot).

    Sparse products and element-wise steps only, so that a pair gets the same number whichever
    offers and requests are scored with it."""
    terms = sp.vstack([f.terms for f in feedback], format="csr")
    if terms.nnz:
        product = (terms @ offers_by_term).tocoo()
        evidence[product.row, product.col] += product.data
    evidence -= np.array([f.baseline for f in feedback], dtype=F32)[:, None]
    column_of = None if offer_slots is None else {int(slot): i for i, slot in enumerate(offer_slots)}
    for row, kept in enumerate(feedback):
        for member, discount in zip(kept.members, kept.discounts, strict=True):
            column = int(member) if column_of is None else column_of.get(int(member))
            if column is not None:
                evidence[row, column] -= discount


def _largest_per_row(matrix: sp.csr_matrix, count: int) -> sp.csr_matrix:
    """The `count` largest entries of each row (equal values: the lower column first)."""
    matrix.sort_indices()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    keep = np.sort(order[rank < count])
    kept = np.bincount(rows[keep], minlength=matrix.shape[0])
    indptr = np.concatenate([[0], np.cumsum(kept)])
    return sp.csr_matrix((matrix.data[keep], matrix.indices[keep], indptr), shape=matrix.shape)
