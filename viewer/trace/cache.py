"""Content hashes and the cache of loaded events, kept outside the read-only trace directory.

A cache entry is keyed by the hash of the bytes it was made from (manifest + events) and the
loader version, so a changed trace never reads a stale entry; entries are written atomically.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.ipc as ipc
import xxhash

LOADER_VERSION = "1"
RACY_NS = 3_000_000_000


def content_hash(*parts: bytes) -> str:
    """A 128-bit xxh3 digest over the parts (length-prefixed, so parts cannot run together)."""
    h = xxhash.xxh3_128()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def dataset_key(root: Path | str) -> str:
    return content_hash(os.fspath(Path(root).resolve()).encode("utf-8", "surrogateescape"))[:16]


def cached_report_path(root: Path | str, cache_dir: Path | str) -> Path:
    """Where the last quality report of the dataset at `root` is kept under the cache (the incremental scan reads
    it back; erasure drops a person's rows from it). Here, beside the cache's other layout, so both can reach it."""
    return Path(cache_dir) / "quality" / f"{Path(root).resolve().name}-{dataset_key(root)}.parquet"


class EventsCache:
    def __init__(self, root: Path | None):
        self.root = Path(root) if root else None

    def _stamp_path(self, events: Path) -> Path:
        return self.root / "stamps" / f"{xxhash.xxh3_64_hexdigest(str(events.resolve()).encode())}.json"

    @staticmethod
    def _stamp(events: Path, manifest_bytes: bytes) -> list:
        st = events.stat()
        return [st.st_size, st.st_mtime_ns, st.st_ino, content_hash(manifest_bytes)]

    def known_hash(self, events: Path, manifest_bytes: bytes) -> str | None:
        """The content hash computed the last time, if the file's size, mtime and inode are unchanged.

        Saves reading the whole events file on a warm load; any rewrite changes the stamp.
        """
        if self.root is None:
            return None
        try:
            saved = orjson.loads(self._stamp_path(events).read_bytes())
            return saved["hash"] if saved["stamp"] == self._stamp(events, manifest_bytes) else None
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            return None

    def remember_hash(self, events: Path, manifest_bytes: bytes, key: str) -> None:
        """Not for a file modified in the last seconds: a rewrite within the clock's tick could keep
        the same stamp (git's "racy" case), so such files are hashed again next time."""
        if self.root is None or time.time_ns() - events.stat().st_mtime_ns < RACY_NS:
            return
        body = orjson.dumps({"stamp": self._stamp(events, manifest_bytes), "hash": key})
        _atomic_write(self._stamp_path(events), body)

    def _path(self, key: str) -> Path:
        return self.root / "events" / f"{key}-v{LOADER_VERSION}.arrow"

    def get(self, key: str) -> pa.Table | None:
        if self.root is None:
            return None
        path = self._path(key)
        try:
            with pa.memory_map(str(path)) as source:
                return ipc.open_file(source).read_all()
        except (FileNotFoundError, pa.ArrowInvalid, OSError):
            return None

    def put(self, key: str, table: pa.Table) -> None:
        """Best effort: a cache that cannot be written only costs speed."""
        if self.root is None:
            return
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with pa.OSFile(str(tmp), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
            os.replace(tmp, path)
        except (OSError, pa.ArrowInvalid):
            tmp.unlink(missing_ok=True)


def _atomic_write(path: Path, body: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(body)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
