"""Dense text encoders and the content-hash cache that keeps each text from being encoded twice.

A cache is any `MutableMapping[str, bytes]` (a dict, `DirectoryCache`, a database table). A cache
shared over a network also offers `get_many` and `set_many` (`BulkVectorCache`): the encoder then
reads a whole catalogue's vectors, and writes each batch it encodes, in a few round trips instead of
one per text.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
from collections import OrderedDict
from collections.abc import Collection, Mapping, MutableMapping, Sequence
from typing import Literal, Protocol

import numpy as np

Kind = Literal["query", "passage"]
ENCODE_BATCH = 256


class TextEncoder(Protocol):
    """Turns texts into L2-normalised float32 vectors; `name` identifies the model for caching."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray: ...


def _e5() -> TextEncoder:
    from .e5 import E5Encoder  # imported here: loading the model takes half a second

    return E5Encoder()


def _minilm() -> TextEncoder:
    from .minilm import MiniLMEncoder  # imported here: loading the model takes a second

    return MiniLMEncoder()


ENCODERS = {"e5": _e5, "minilm": _minilm}


def make_encoder(name: str) -> TextEncoder | None:
    """The encoder a configuration names, or None for a lexical-only engine."""
    if not name:
        return None
    if name not in ENCODERS:
        raise ValueError(f"unknown encoder {name!r}; known: {', '.join(sorted(ENCODERS))}")
    return ENCODERS[name]()


class DirectoryCache(MutableMapping[str, bytes]):
    """A vector cache on disk: one small file per content hash, safe to share between processes."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = pathlib.Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> pathlib.Path:
        return self.root / key[:2] / key

    def __getitem__(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def __setitem__(self, key: str, value: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(exist_ok=True)
        # Write then rename, so a reader never sees half a vector.
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(value)
        partial.replace(path)

    def __delitem__(self, key: str) -> None:
        self._path(key).unlink()

    def __iter__(self):
        return (path.name for path in self.root.glob("*/*") if not path.suffix)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class RecentVectors(MutableMapping[str, bytes]):
    """A cache in the process's memory of the last `size` vectors set or read: for texts that are nobody's
    record (a search box's), so that paging through results does not encode the text again."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[str, bytes] = OrderedDict()

    def __getitem__(self, key: str) -> bytes:
        self._kept.move_to_end(key)
        return self._kept[key]

    def __setitem__(self, key: str, value: bytes) -> None:
        self._kept[key] = value
        self._kept.move_to_end(key)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)

    def __delitem__(self, key: str) -> None:
        del self._kept[key]

    def __iter__(self):
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)


class BulkVectorCache(Protocol):
    """What a cache adds to the mapping to be read and written many vectors at a time."""

    def get_many(self, keys: Collection[str]) -> dict[str, bytes]:
        """The stored vectors of those keys that have one."""
        ...

    def set_many(self, vectors: Mapping[str, bytes], *, encoder: str) -> None:
        """Stores the vectors (by key) that `encoder` made; a key stored already keeps its vector."""
        ...


def _read_many(cache: MutableMapping[str, bytes], keys: Collection[str]) -> dict[str, bytes]:
    if not keys:
        return {}
    get_many = getattr(cache, "get_many", None)
    if get_many is not None:
        return get_many(keys)
    return {key: blob for key in keys if (blob := cache.get(key)) is not None}


def _write_many(cache: MutableMapping[str, bytes], vectors: dict[str, bytes], encoder: str) -> None:
    set_many = getattr(cache, "set_many", None)
    if set_many is not None:
        set_many(vectors, encoder=encoder)
    else:
        cache.update(vectors)


class CachedEncoder:
    """Wraps an encoder with a cache keyed by (model, kind, text) hash; encodes only what is new."""

    def __init__(self, encoder: TextEncoder, cache: MutableMapping[str, bytes]) -> None:
        self.encoder = encoder
        self.cache = cache
        self.name = encoder.name
        self.dim = encoder.dim
        self.encoded_count = 0

    def _key(self, text: str, kind: Kind) -> str:
        return hashlib.sha256(f"{self.name}\0{kind}\0{text}".encode()).hexdigest()

    def stored(self, texts: Sequence[str], kind: Kind) -> tuple[np.ndarray, np.ndarray]:
        """The vectors of the texts that the cache holds, encoding none: (vectors, which rows were held)."""
        keys = [self._key(text, kind) for text in texts]
        stored = _read_many(self.cache, set(keys))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        held = np.zeros(len(texts), dtype=bool)
        for row, key in enumerate(keys):
            if (blob := stored.get(key)) is not None:
                out[row], held[row] = np.frombuffer(blob, dtype=np.float32), True
        return out, held

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        keys = [self._key(text, kind) for text in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        stored = _read_many(self.cache, set(keys))
        missing: dict[str, list[int]] = {}
        for row, key in enumerate(keys):
            blob = stored.get(key)
            if blob is None:
                missing.setdefault(key, []).append(row)
            else:
                out[row] = np.frombuffer(blob, dtype=np.float32)
        pending = list(missing.items())
        # In batches, so that an interrupted encoding of a large catalogue keeps what it did.
        for start in range(0, len(pending), ENCODE_BATCH):
            batch = pending[start : start + ENCODE_BATCH]
            vectors = self.encoder.encode([texts[rows[0]] for _, rows in batch], kind).astype(np.float32)
            self.encoded_count += len(batch)
            fresh = {}
            for (key, rows), vector in zip(batch, vectors, strict=True):
                fresh[key] = vector.tobytes()
                out[rows] = vector
            _write_many(self.cache, fresh, self.name)
        return out
