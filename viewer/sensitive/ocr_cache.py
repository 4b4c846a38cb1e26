"""The OCR text cache: the words Tesseract read on an image, kept so that following a value, suggesting
and verifying never read the same image twice.

Entries are keyed by the image's SHA-256 and the OCR engine's version (Tesseract's version and the way
this project calls it), so an upgrade reads again. They hold sensitive text: they live only under the
cache directory (VIEWER_CACHE), one folder per session (named by a hash of the session id, never the id
itself), written owner-only and atomically, removed with the session (erasure), and never exported or logged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import orjson
from PIL import Image

from .ocr import Word, page_langs, read_words

FOLDER = "ocr"
READER_VERSION = "words-30"  # bump when read_words changes what it returns


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Tesseract's version, ours and the languages a page is read in (installing one reads again); "none" when
    Tesseract cannot run (reading then raises OcrUnavailable)."""
    try:
        import pytesseract

        return f"tesseract-{pytesseract.get_tesseract_version()}-{READER_VERSION}-{page_langs()}"
    except Exception:  # not installed: no entry is ever written under this name
        return "none"


def session_folder(cache_dir: Path, session_id: str) -> Path:
    return Path(cache_dir) / FOLDER / hashlib.sha256(str(session_id).encode()).hexdigest()[:24]


def erase(cache_dir: Path, session_id: str) -> bool:
    """Remove every OCR entry of a session; True when there was something."""
    folder = session_folder(cache_dir, session_id)
    if not folder.exists():
        return False
    shutil.rmtree(folder)
    return True


class OcrCache:
    """Words per image of one session. `reads` counts the images that had to be read (not in the cache)."""

    def __init__(self, cache_dir: Path | None, session_id: str) -> None:
        self.folder = session_folder(cache_dir, session_id) if cache_dir is not None else None
        self.memory: dict[str, list[Word]] = {}
        self.runs: dict[int, list] = {}  # screenshot runs per loaded session (pages.screenshot_runs)
        self.reads = 0

    def _path(self, digest: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{engine_version()}-{digest}.json"

    def words_of_file(self, path: Path, digest: str | None = None) -> list[Word]:
        """`digest`: the file's SHA-256 when the caller knows it (then the file is read only when not cached)."""
        digest = digest or file_digest(path)
        return self._words(digest, lambda: _open(path))

    def words_of_image(self, img: Image.Image) -> list[Word]:
        """For decoded frames (video): keyed by the pixels' hash."""
        digest = hashlib.sha256(img.tobytes() + repr(img.size).encode()).hexdigest()
        return self._words(digest, lambda: img)

    def cached(self, path: Path) -> bool:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        p = self._path(digest)
        return digest in self.memory or (p is not None and p.exists())

    def _words(self, digest: str, image) -> list[Word]:
        if digest in self.memory:
            return self.memory[digest]
        p = self._path(digest)
        words = _load(p) if p is not None else None
        if words is None:
            words = read_words(image())
            self.reads += 1
            if p is not None:
                _store(p, words)
        self.memory[digest] = words
        return words


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _open(path: Path) -> Image.Image:
    with Image.open(path) as im:
        im.load()
        return im.copy()


def _load(path: Path) -> list[Word] | None:
    try:
        rows = orjson.loads(path.read_bytes())
        return [Word(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6])) for r in rows]
    except (OSError, orjson.JSONDecodeError, IndexError, TypeError):
        return None  # missing or damaged: read the image again


def _store(path: Path, words: list[Word]) -> None:
    write_private(path, orjson.dumps([[w.text, w.x, w.y, w.w, w.h, w.conf, list(w.line)] for w in words]))


def write_private(path: Path, body: bytes) -> None:
    """Owner-only and atomic: a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")  # created 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
