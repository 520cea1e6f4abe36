"""Append-only columnar storage of records by slot, so that updates never rebuild the whole catalogue."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp


class SlotTable:
    """Rows addressed by slot: a replaced record gets a new slot and its old slot goes dead.

    Columns are numpy arrays (first axis = slot) or one sparse matrix; new rows wait in a pending
    list and are concatenated on the next read, so a burst of updates costs one concatenation.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.slot_of: dict[str, int] = {}
        self._alive = np.zeros(0, dtype=bool)
        self._columns: dict[str, np.ndarray] = {}
        self._matrix: sp.csr_matrix | None = None
        self._pending: list[tuple[Mapping[str, np.ndarray], sp.csr_matrix]] = []

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, ids: list[str], columns: Mapping[str, np.ndarray], matrix: sp.csr_matrix) -> None:
        """Add rows; any earlier slot of the same id goes dead."""
        for record_id in ids:
            self.remove(record_id)
        for record_id in ids:
            self.slot_of[record_id] = len(self.ids)
            self.ids.append(record_id)
        self._alive = np.concatenate([self._alive, np.ones(len(ids), dtype=bool)])
        self._pending.append((columns, matrix))

    def remove(self, record_id: str) -> None:
        slot = self.slot_of.pop(record_id, None)
        if slot is not None:
            self._alive[slot] = False

    def alive(self) -> np.ndarray:
        return self._alive

    def column(self, name: str) -> np.ndarray:
        self._flush()
        return self._columns[name]

    def matrix(self) -> sp.csr_matrix:
        self._flush()
        assert self._matrix is not None
        return self._matrix

    def _flush(self) -> None:
        if not self._pending:
            return
        parts = ([], [])
        if self._matrix is not None:
            parts[0].append(self._columns)
            parts[1].append(self._matrix)
        for columns, matrix in self._pending:
            parts[0].append(columns)
            parts[1].append(matrix)
        self._columns = {name: np.concatenate([cols[name] for cols in parts[0]]) for name in parts[0][0]}
        self._matrix = sp.vstack(parts[1], format="csr")
        self._pending.clear()
