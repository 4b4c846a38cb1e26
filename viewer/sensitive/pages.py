"""What a session showed, as OCR text: one Page per run of screenshots that look the same (per screen), and
per run of screen-video frames that look the same, with the words Tesseract read there (through the OCR
cache) and the time that screen was shown.

Video frames: one frame a second is compared (perceptual signature) with the last frame read, and read
when the screen changed visibly, so a screen that stays the same is read once; words are mapped
from the frame back to the screen's own pixels (screens side by side, scaled to the frame width, as the
export lays them out).

The screenshot runs of a session are kept in its OCR cache folder too (keyed by each file's size and mtime),
so following again with the OCR text cached decodes no image.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import orjson
from PIL import Image

from viewer.trace.paths import require_inside

from .ocr import SIG_SIZE, Word, _lines, changed
from .ocr_cache import OcrCache, engine_version, file_digest, write_private

SEPARATOR = "\x00"  # between lines in a page's folded text: never part of a folded value
NOT_WORD = re.compile(r"[\W_]+")

# progress(done, total, what) while pages are read
Progress = Callable[[int, int, str], None]


@dataclass
class Page:
    """The text of one screen during [t0, t1]; `place` is "screen" (screenshots) or "video" (frames).
    Once indexed, `words` are in reading order, `line_of` numbers their lines and `folded` is their folded
    text, lines apart; `origin`/`offset` (folded char -> word, position in it) are built when first asked."""

    place: str
    screen: int
    t0: float
    t1: float
    words: list[Word]
    file: str | None = None  # the screenshot (screen pages)
    folded: str = ""
    line_of: list[int] = field(default_factory=list)  # word -> its line number
    _origin: list[int] | None = field(default=None, repr=False)
    _offset: list[int] | None = field(default=None, repr=False)

    def index(self) -> None:
        """Put the words in reading order and build the folded text."""
        lines = _lines(self.words)
        self.words = [w for line in lines for w in line]
        self.line_of = [n for n, line in enumerate(lines) for _ in line]
        self.folded = "".join("".join(NOT_WORD.sub("", w.text.casefold()) for w in line) + SEPARATOR
                              for line in lines)
        self._origin = self._offset = None

    def _map(self) -> None:
        origin, offset = [], []
        for i, w in enumerate(self.words):
            if i and self.line_of[i] != self.line_of[i - 1]:
                origin.append(-1)
                offset.append(0)
            n = fold_len(w)
            origin += [i] * n
            offset += range(n)
        if self.words:
            origin.append(-1)
            offset.append(0)
        self._origin, self._offset = origin, offset

    @property
    def origin(self) -> list[int]:
        if self._origin is None:
            self._map()
        return self._origin

    @property
    def offset(self) -> list[int]:
        if self._offset is None:
            self._map()
        return self._offset


def fold_len(word: Word) -> int:
    return len(NOT_WORD.sub("", word.text.casefold()))


def screenshot_runs(session, cache: OcrCache) -> list[tuple[int, float, float, str, str | None]]:
    """(screen, t_from, t_to, file, its SHA-256) per run of look-alike screenshots, cached by the files'
    stamps (so a warm follow neither decodes nor hashes an image)."""
    if id(session) in cache.runs:
        return cache.runs[id(session)]
    idx = session.screenshots
    stamps = []
    root = os.fspath(session.path)
    for file in idx.files:
        file = str(file)
        try:
            if os.path.isabs(file) or ".." in file.replace("\\", "/").split("/"):
                raise ValueError("outside")  # checked properly (links too) when the file is read
            st = os.stat(os.path.join(root, file))
            stamps.append((file, st.st_size, st.st_mtime_ns))
        except (OSError, ValueError):
            stamps.append((file, -1, -1))
    key = hashlib.sha256(orjson.dumps(["runs-2", stamps, idx.times.tolist(), idx.screens.tolist(),
                                       session.duration])).hexdigest()[:24]
    path = cache.folder / f"runs-{key}.json" if cache.folder is not None else None
    if path is not None and path.exists():
        try:
            cache.runs[id(session)] = [tuple(r) for r in orjson.loads(path.read_bytes())]
            return cache.runs[id(session)]
        except orjson.JSONDecodeError:
            pass
    from .shots import changed_shots

    runs = []
    for screen, t0, t1, file in changed_shots(session):
        try:
            runs.append((screen, t0, t1, file, file_digest(require_inside(session.path, file))))
        except (OSError, ValueError):
            runs.append((screen, t0, t1, file, None))
    if path is not None:
        write_private(path, orjson.dumps(runs))
    cache.runs[id(session)] = runs
    return runs


def screenshot_pages(session, cache: OcrCache, progress: Progress | None = None, workers: int = 2
                     ) -> list[Page]:
    """A page per run of look-alike screenshots; images not in the OCR cache are read `workers` at a time
    (Tesseract is a subprocess: threads are enough)."""
    runs = screenshot_runs(session, cache)

    def read(run):
        try:
            return run, cache.words_of_file(require_inside(session.path, run[3]), run[4])
        except (OSError, ValueError):
            return run, None  # unreadable: the validator reports it

    pages = []
    with ThreadPoolExecutor(max(1, workers)) as pool:
        for n, ((screen, t0, t1, file, _digest), words) in enumerate(pool.map(read, runs)):
            if words is not None:
                pages.append(Page("screen", int(screen), float(t0), float(t1), words, file))
            if progress is not None:
                progress(n + 1, len(runs), "screenshots")
    return pages


class VideoLayout:
    """Screens side by side in the frame, scaled to its width (as viewer.export.pixels lays them out)."""

    def __init__(self, screens, frame_width: int) -> None:
        self.screens = list(screens)
        self.min_x = min((s.x for s in self.screens), default=0)
        self.min_y = min((s.y for s in self.screens), default=0)
        right = max((s.x + s.width for s in self.screens), default=0)
        self.scale = frame_width / (right - self.min_x) if right > self.min_x else 1.0

    def crop(self, frame: np.ndarray, screen) -> np.ndarray:
        """The part of a (grey) frame that shows `screen`."""
        s = self.scale
        x0, y0 = round((screen.x - self.min_x) * s), round((screen.y - self.min_y) * s)
        return frame[y0:y0 + round(screen.height * s), x0:x0 + round(screen.width * s)]

    def to_screen(self, w: Word) -> tuple[int, Word]:
        cx = (w.x + w.w / 2) / self.scale + self.min_x
        screen = next((s for s in self.screens if s.x <= cx < s.x + s.width), None)
        sid, ox, oy = (screen.id, screen.x, screen.y) if screen else (0, 0, 0)
        s = self.scale
        return sid, Word(w.text, round(w.x / s + self.min_x - ox), round(w.y / s + self.min_y - oy),
                         max(1, round(w.w / s)), max(1, round(w.h / s)), w.conf, w.line)


class _Shown:
    """Whether a video frame shows what the screenshots on screen at that time show (then their pages
    already hold its text, and the frame is not read)."""

    def __init__(self, session, layout: VideoLayout) -> None:
        self.session, self.layout, self.sigs = session, layout, {}

    def _sig(self, file: str):
        if file not in self.sigs:
            try:
                with Image.open(require_inside(self.session.path, file)) as im:
                    self.sigs[file] = np.asarray(im.convert("L").resize(SIG_SIZE, Image.Resampling.BOX),
                                                 dtype=np.int16)
            except (OSError, ValueError):
                self.sigs[file] = None
        return self.sigs[file]

    def cover(self, grey: np.ndarray, t: float) -> bool:
        import cv2

        for screen in self.layout.screens:
            shot = self.session.screenshots.at(t, screen.id) or self.session.screenshots.at(t)
            sig = self._sig(shot.file) if shot is not None else None
            part = self.layout.crop(grey, screen)
            if sig is None or part.size == 0:
                return False
            mine = np.asarray(cv2.resize(part, SIG_SIZE, interpolation=cv2.INTER_AREA), dtype=np.int16)
            if changed(sig, mine):
                return False
        return bool(self.layout.screens)


def video_pages(session, cache: OcrCache, progress: Progress | None = None, workers: int = 2) -> list[Page]:
    """Pages of the screen video: one frame a second is looked at, and read when the screen changed visibly
    since the last frame read (a screen that stays the same is read once)."""
    video = session.manifest.video
    if video is None:
        return []
    try:
        path = require_inside(session.path, video.file)
    except ValueError:
        return []
    import cv2

    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        return []
    fps = cap.get(cv2.CAP_PROP_FPS) or 10.0
    step = max(1, round(fps))  # one frame per second
    layout = VideoLayout(session.manifest.screens, int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)))
    shots = _Shown(session, layout)
    runs: list[list] = []  # [t0, t1, future words, or None where the screenshots show the same]
    last_sig, i = None, 0
    with ThreadPoolExecutor(max(1, workers)) as pool:
        try:
            while True:
                if i % step:
                    if not cap.grab():
                        break
                    i += 1
                    continue
                ok, frame = cap.read()
                if not ok:
                    break
                t = float(video.t0) + i / fps
                grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
                sig = np.asarray(cv2.resize(grey, SIG_SIZE, interpolation=cv2.INTER_AREA), dtype=np.int16)
                if changed(last_sig, sig):
                    last_sig = sig
                    if not shots.cover(grey, t):
                        runs.append([t, t, pool.submit(cache.words_of_image, Image.fromarray(grey))])
                    elif runs and runs[-1][2] is not None:
                        runs.append([t, t, None])  # the screenshots' pages cover this screen from here
                i += 1
        finally:
            cap.release()
        end = float(video.t0) + i / fps - 0.001
        pages = []
        for n, (t0, _t1, job) in enumerate(runs):
            if job is None:
                continue
            t1 = runs[n + 1][0] - 0.001 if n + 1 < len(runs) else end
            per_screen: dict[int, list[Word]] = {}
            for w in job.result():
                sid, sw = layout.to_screen(w)
                per_screen.setdefault(sid, []).append(sw)
            pages += [Page("video", sid, t0, t1, words) for sid, words in per_screen.items()]
            if progress is not None:
                progress(n + 1, len(runs), "video frames")
    return pages


def _bundle_path(session, cache: OcrCache) -> Path | None:
    """Where the session's indexed pages are kept: named by the screenshots' runs and the video's stamp."""
    if cache.folder is None:
        return None
    runs = screenshot_runs(session, cache)
    video = None
    if session.manifest.video is not None:
        try:
            st = os.stat(require_inside(session.path, session.manifest.video.file))
            video = (session.manifest.video.file, st.st_size, st.st_mtime_ns, session.manifest.video.t0)
        except (OSError, ValueError):
            video = None
    key = hashlib.sha256(orjson.dumps(["pages-2", engine_version(), runs, video,
                                       [[s.id, s.x, s.y, s.width, s.height] for s in session.manifest.screens]])
                         ).hexdigest()[:24]
    return cache.folder / f"pages-{key}.json"


def fields_path(session, cache: OcrCache) -> Path | None:
    """Where the input-field boxes around hits on these pages are kept (beside the pages' bundle)."""
    path = _bundle_path(session, cache)
    return None if path is None else path.with_name(path.name.replace("pages-", "fields-", 1))


def _load_bundle(path: Path | None) -> list[Page] | None:
    if path is None or not path.exists():
        return None
    try:
        rows = orjson.loads(path.read_bytes())
        pages = []
        for place, screen, t0, t1, file, words, folded, line_of in rows:
            pages.append(Page(place, screen, t0, t1, [Word(w[0], w[1], w[2], w[3], w[4], w[5], (0, 0, 0))
                                                      for w in words], file, folded, line_of))
        return pages
    except (OSError, orjson.JSONDecodeError, ValueError, TypeError, IndexError):
        return None  # damaged: built again


def _save_bundle(path: Path | None, pages: list[Page]) -> None:
    if path is None:
        return
    rows = [[p.place, p.screen, p.t0, p.t1, p.file, [[w.text, w.x, w.y, w.w, w.h, w.conf] for w in p.words],
             p.folded, p.line_of] for p in pages]
    write_private(path, orjson.dumps(rows))


def session_pages(session, cache: OcrCache, progress: Progress | None = None) -> list[Page]:
    """Every page of the session (screenshots, then video frames), indexed for searching; kept in the OCR
    cache folder as one file, so a warm follow reads it in one go."""
    path = _bundle_path(session, cache)
    pages = _load_bundle(path)
    if pages is not None:
        return pages
    pages = screenshot_pages(session, cache, progress) + video_pages(session, cache, progress)
    for p in pages:
        p.index()
    _save_bundle(path, pages)
    return pages

