"""BM25 split into dense head columns and a sparse rest, and the in-place product."""

import numpy as np
import pytest

from engine import EngineConfig
from engine.lexical import LexicalModel, accumulate_product, raw_matrix


def model_and_bags(head_terms: int):
    bags = [
        {"drone": 2.0, "radar": 1.0},
        {"drone": 1.0, "mine": 3.0},
        {"drone": 1.0, "radar": 1.0, "jammer": 1.0},
        {},
        {"robot": 1.0},
    ]
    vocabulary: dict[str, int] = {}
    raw = raw_matrix(bags, vocabulary, grow=True)
    return LexicalModel(raw, list(vocabulary), EngineConfig(lexical_head_terms=head_terms)), bags


def test_the_commonest_terms_become_the_dense_head():
    model, _ = model_and_bags(2)
    assert sorted(model.terms[i] for i in model.head) == ["drone", "radar"]


def test_head_and_tail_add_up_to_the_whole_matrix():
    model, bags = model_and_bags(2)
    matrix = model.offer_matrix(bags)
    head, tail = model.split(matrix)
    assert head.shape == (5, 2) and head.dtype == np.float32
    rebuilt = tail.toarray()
    rebuilt[:, model.head] += head
    np.testing.assert_array_equal(rebuilt, matrix.toarray())
    assert tail[:, model.head].nnz == 0
    # An empty row and a row with only tail terms survive the split.
    assert tail[3].nnz == 0 and tail[4].nnz == 1


def test_no_head_leaves_the_matrix_whole():
    model, bags = model_and_bags(0)
    matrix = model.offer_matrix(bags)
    head, tail = model.split(matrix)
    assert head.shape == (5, 0)
    np.testing.assert_array_equal(tail.toarray(), matrix.toarray())


@pytest.mark.parametrize("requests", [1, 7])
def test_accumulate_product_adds_the_product_in_place(requests):
    rng = np.random.default_rng(requests)
    left = rng.standard_normal((requests, 5)).astype(np.float32)
    right = rng.standard_normal((11, 5)).astype(np.float32)
    out = rng.standard_normal((requests, 11)).astype(np.float32)
    expected = out + left @ right.T
    accumulate_product(out, left, right)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_accumulate_product_without_columns_adds_nothing():
    empty = np.zeros((7, 11), dtype=np.float32)
    accumulate_product(empty, np.zeros((7, 0), dtype=np.float32), np.zeros((11, 0), dtype=np.float32))
    assert not empty.any()
