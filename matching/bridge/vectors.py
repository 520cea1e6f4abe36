"""The engine's vector cache as a database table, shared by every worker and web process.

A process starting cold reads the catalogue's vectors from `EncodedVector` in a few queries instead of
encoding every text again; what it does encode it stores for the others.
"""

import threading
from collections.abc import Collection, Iterator, Mapping, MutableMapping

from engine.encoders import TextEncoder, make_encoder

from ..models import EncodedVector

# Keys per query: well within SQLite's limit on bound parameters, and few round trips for a catalogue.
READ_CHUNK = 900
WRITE_BATCH = 500


# The encoders the web side uses (area suggestions, search), loaded once per process by the names the
# configuration gives: a model takes seconds to load and tens of megabytes to hold.
_models: dict[str, TextEncoder | None] = {}
_models_lock = threading.Lock()


def loaded_encoder(name: str) -> TextEncoder | None:
    """The process's encoder of that name (None for "")."""
    with _models_lock:
        if name not in _models:
            _models[name] = make_encoder(name)
        return _models[name]


class VectorTable(MutableMapping[str, bytes]):
    """Encoded vectors by the engine's content hash, read and written many at a time."""

    def get_many(self, keys: Collection[str]) -> dict[str, bytes]:
        wanted = sorted(set(keys))
        found: dict[str, bytes] = {}
        for start in range(0, len(wanted), READ_CHUNK):
            rows = EncodedVector.objects.filter(key__in=wanted[start : start + READ_CHUNK])
            found.update((key, bytes(vector)) for key, vector in rows.values_list("key", "vector"))
        return found

    def set_many(self, vectors: Mapping[str, bytes], *, encoder: str) -> None:
        # Another process may store the same text's vector at the same moment: the first row stays (it is
        # the same vector). Sorted keys make two such writers wait on each other's rows in one order.
        rows = [EncodedVector(key=key, encoder=encoder, vector=vectors[key]) for key in sorted(vectors)]
        EncodedVector.objects.bulk_create(rows, batch_size=WRITE_BATCH, ignore_conflicts=True)

    def __getitem__(self, key: str) -> bytes:
        found = self.get_many([key])
        if key not in found:
            raise KeyError(key)
        return found[key]

    def __setitem__(self, key: str, value: bytes) -> None:
        raise TypeError("a stored vector names its encoder: use set_many(vectors, encoder=…)")

    def __delitem__(self, key: str) -> None:
        deleted, _ = EncodedVector.objects.filter(key=key).delete()
        if not deleted:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return EncodedVector.objects.values_list("key", flat=True).iterator()

    def __len__(self) -> int:
        return EncodedVector.objects.count()
