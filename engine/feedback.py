"""Relevance feedback: the offers that answer a request best lend it the words they share.

A request states its need in a few words; the offers that answer it describe the same thing at
length, in the words of the trade. After a first pass over the text evidence, a request's
`feedback_offers` best offers are blended into one tf-idf vector of at most `feedback_terms`
terms, and every offer gains evidence by its similarity to that blend. An offer that answers the
same need in other words than the request's own then rises beside the offers that matched them.

Each best offer counts in the blend by a softmax of its evidence times its own text relevance, so
that offers that barely match lend little. The product runs as a sparse product over the rare
terms and element-wise rows for the few common (head) terms a blend holds: no BLAS reduction, so a
pair gets the same number whichever other pairs are scored with it.

The feedback is made anew each time a request is ranked, from the same first pass against
every offer, so one request, a block of a rescore and one offer scored against every request all
give a pair the same number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from .config import EngineConfig
from .lexical import LexicalModel

F32 = np.float32
# Requests whose rare-term product is taken at once: bounds its sparse temporaries.
PRODUCT_ROWS = 16


@dataclasses.dataclass(frozen=True)
class Feedback:
    """One request's blend of its best offers, scaled to text evidence."""

    # Offer slots of the request's best offers, best first.
    members: np.ndarray
    # The blend's terms (vocabulary columns, ascending) and weights, split as the lexical model
    # splits terms: the head terms by position in the head, and the rest.
    head_positions: np.ndarray
    head_weights: np.ndarray
    tail_terms: np.ndarray
    tail_weights: np.ndarray
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


@dataclasses.dataclass(frozen=True)
class OfferSide:
    """Offers' unit tf-idf vectors for the feedback product: the head terms as rows (head x
    offers), the other terms term-major (vocabulary x offers)."""

    head: np.ndarray
    by_term: sp.csr_matrix


def _unit(
    head: np.ndarray, tail: sp.csr_matrix, scales: np.ndarray, model: LexicalModel
) -> tuple[np.ndarray, sp.csr_matrix]:
    """Offers' unit tf-idf vectors (rows) from their BM25 weights as the lexical model splits
    them: the head terms dense, the rest sparse."""
    dense = (head * model.idf[model.head][None, :] * scales[:, None]).astype(F32)
    rest = (sp.diags(scales) @ tail.multiply(model.idf[None, :]).tocsr()).astype(F32).tocsr()
    return dense, rest


def offer_side(head: np.ndarray, tail: sp.csr_matrix, scales: np.ndarray, model: LexicalModel) -> OfferSide:
    """The feedback side of offers from their BM25 weights as the lexical model splits them."""
    dense, rest = _unit(head, tail, scales, model)
    return OfferSide(head=np.ascontiguousarray(dense.T), by_term=rest.T.tocsr())


def offer_rows(head: np.ndarray, tail: sp.csr_matrix, scales: np.ndarray, model: LexicalModel) -> sp.csr_matrix:
    """Offers' unit tf-idf vectors as rows over the whole vocabulary."""
    dense, rest = _unit(head, tail, scales, model)
    dense = sp.csr_matrix(dense)
    placed = sp.csr_matrix((dense.data, model.head[dense.indices], dense.indptr), shape=rest.shape)
    rows = (placed + rest).tocsr()
    rows.sort_indices()
    return rows


def best_offers(
    first: np.ndarray, count: int, columns: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each row's `count` best columns among `columns` (None: all; equal evidence: the lower
    column first), with their evidence. `count` is small: that many passes of argmax, each
    best found set aside until the next, cost less than a partition."""
    part = first if columns is None else first[:, columns]
    rows = np.arange(part.shape[0])
    found = np.zeros((part.shape[0], 0), dtype=np.int64)
    values = np.zeros((part.shape[0], 0), dtype=part.dtype)
    for _ in range(min(count, part.shape[1])):
        best = np.argmax(part, axis=1)
        found = np.column_stack([found, best])
        values = np.column_stack([values, part[rows, best]])
        part[rows, best] = -np.inf
    # Put back what was set aside (`part` may be the caller's array).
    for step in range(found.shape[1]):
        part[rows, found[:, step]] = values[:, step]
    chosen = []
    for row in rows:
        keep = np.isfinite(values[row])
        picked = found[row][keep]
        chosen.append((picked if columns is None else columns[picked], values[row][keep]))
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
    # Where each kept term sits in the head (the head's length for the other terms).
    head_position = np.searchsorted(model.head, kept.indices)
    head_position[model.head[np.minimum(head_position, len(model.head) - 1)] != kept.indices] = len(model.head)
    feedback = []
    for row, (members, _) in enumerate(chosen):
        columns = [position[int(m)] for m in members]
        span = slice(kept.indptr[row], kept.indptr[row + 1])
        terms, weights_of_terms, at = kept.indices[span], kept.data[span], head_position[span]
        in_head = at < len(model.head)
        feedback.append(
            Feedback(
                members=members,
                head_positions=at[in_head],
                head_weights=weights_of_terms[in_head],
                tail_terms=terms[~in_head],
                tail_weights=weights_of_terms[~in_head],
                baseline=float(F32(scale * config.feedback_baseline * weights[row].sum())),
                discounts=((1.0 - config.feedback_self_share) * scale * weights[row] * own[row, columns]).astype(F32),
            )
        )
    return feedback


def add(evidence: np.ndarray, feedback: list[Feedback], side: OfferSide) -> None:
    """Adds each request's feedback to its row of evidence against every offer, in place: the
    blend's product with the offers' vectors, less the baseline, less each member's discount.

    The rare terms' product runs a few requests at a time, which bounds its temporaries."""
    for start in range(0, len(feedback), PRODUCT_ROWS):
        part = feedback[start : start + PRODUCT_ROWS]
        indptr = np.concatenate([[0], np.cumsum([len(f.tail_terms) for f in part])])
        if indptr[-1]:
            terms = np.concatenate([f.tail_terms for f in part])
            weights = np.concatenate([f.tail_weights for f in part])
            tail = sp.csr_matrix((weights, terms, indptr), shape=(len(part), side.by_term.shape[0]))
            evidence[start : start + len(part)] += (tail @ side.by_term).toarray()
    for row, kept in enumerate(feedback):
        for position, weight in zip(kept.head_positions, kept.head_weights, strict=True):
            evidence[row] += weight * side.head[position]
    evidence -= np.array([f.baseline for f in feedback], dtype=F32)[:, None]
    for row, kept in enumerate(feedback):
        evidence[row, kept.members] -= kept.discounts


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
