"""Follow the value: what an accepted (or suggested) flag covers is read back from the trace itself, and
every other place the session shows or records that value is found.

- flag_values: the value(s) under a flag: the text typed in its span (typed.py), else the OCR text inside
  its regions on the screenshot shown at its start. Values shorter than match.MIN_LENGTH are not followed.
- find_places: where else each value is: OCR pages (screenshots and video frames, pages.py) as regions
  around the value's own words (the input field around them when there is one) for the time that screen is
  shown; window titles, `text` events, markers and the manifest's task instructions as text places.
- value_key: a keyed hash that recognises a value without holding it (HMAC-SHA256 of the folded value under
  a random key kept in the cache directory, owner-only).

Values live in memory only: a Value's repr is masked, and nothing here logs or stores one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import orjson
import pandas as pd
from PIL import Image

from viewer.trace.paths import require_inside

from . import match
from .findings import mask
from .ocr import _iou as iou, field_box
from .ocr_cache import OcrCache, write_private
from .pages import Page, fold_len
from .typed import Segment, segments

TEXT_PLACES = ("title", "text", "marker", "task")
PIXEL_PLACES = ("screen", "video")
PLACES = PIXEL_PLACES + TEXT_PLACES
EVENT_FIELD = {"title": ("focus", "title"), "text": ("text", "text"), "marker": ("marker", "label")}
WHOLE_SCREEN = 0.9  # a region this wide and tall is a whole-screen flag: no value of its own
KEY_FILE = "follow.key"
EPS = 0.0015


@dataclass(frozen=True)
class Value:
    category: str
    text: str = field(repr=False)  # the value itself: memory only

    def __repr__(self) -> str:
        return f"Value({self.category}, {mask(self.text, self.category)})"

    @property
    def folded(self) -> str:
        return match.folded_value(self.text)


@dataclass
class Place:
    """One other occurrence of value number `value`: pixels (regions [screen, x, y, w, h]) or a text field."""

    place: str
    t_start: float
    t_end: float
    regions: list[list[int]]
    value: int
    typing: bool = False  # seen while the value was being typed (a prefix of it, or the caret beside it)

    @property
    def scope(self) -> str:
        return "pixels" if self.place in PIXEL_PLACES else "events"


# -- the value under a flag ---------------------------------------------------------------------------
def _d(flag) -> dict:
    return flag if isinstance(flag, dict) else flag.data


def _regions(flag) -> list[list[int]]:
    out = []
    for r in _d(flag).get("regions") or []:
        if isinstance(r, dict):
            out.append([int(r.get("screen") or 0), r["x"], r["y"], r["w"], r["h"]])
        elif len(r) == 5:
            out.append(list(r))
        else:
            out.append([0, *r])
    return out


def typed_values(segs: list[Segment], a: float, b: float) -> list[str]:
    """Runs of characters typed inside [a, b], one per field, as they stand once typed."""
    out = []
    for seg in segs:
        run: list[str] = []
        for c in seg.chars:
            if c.t0 <= b + EPS and c.t1 >= a - EPS:
                run.append(c.ch)
            elif run:
                out.append("".join(run))
                run = []
        if run:
            out.append("".join(run))
    return [v.strip() for v in out if match.followable(v)]


def region_values(session, regions: list[list[int]], t: float, cache: OcrCache) -> list[str]:
    """The OCR text inside each region on the screenshot shown at `t`, one value per text line."""
    out = []
    for screen, x, y, w, h in regions:
        if _whole(session, screen, w, h):
            continue
        shot = session.screenshots.at(t + EPS, screen) or session.screenshots.at(t + EPS)
        if shot is None:
            continue
        try:
            words = cache.words_of_file(require_inside(session.path, shot.file))
        except (OSError, ValueError):
            continue
        inside = [v for v in words if x <= v.x + v.w / 2 <= x + w and y <= v.y + v.h / 2 <= y + h]
        page = Page("screen", screen, t, t, inside)
        page.index()
        for line in page.folded.split("\x00"):
            if len(line) >= match.MIN_LENGTH:
                out.append(line)
    return out


def _whole(session, screen: int, w: float, h: float) -> bool:
    s = next((s for s in session.manifest.screens if s.id == screen), None)
    return s is not None and w >= WHOLE_SCREEN * s.width and h >= WHOLE_SCREEN * s.height


def flag_values(session, flag, cache: OcrCache, segs: list[Segment] | None = None) -> list[Value]:
    """The values a flag covers, read back from the trace (never from the database)."""
    d = _d(flag)
    a, b = float(d["t_start"]), float(d["t_end"])
    category = str(d.get("category") or "other")
    found: list[str] = []
    if d.get("scope", "both") in ("events", "both"):
        found = typed_values(segs if segs is not None else segments(session.events), a, b)
    if not found and d.get("scope", "both") in ("pixels", "both"):
        found = region_values(session, _regions(flag), a, cache)
    unique = list(dict.fromkeys(found))
    return [Value(category, v) for v in unique]


# -- where else it is ---------------------------------------------------------------------------------
def _box(page: Page, a: int, b: int) -> list[list[int]]:
    """Boxes (one per line) of folded characters a..b, words cut by character share."""
    per_line: dict[int, list[float]] = {}
    for i in range(a, b):
        wi = page.origin[i]
        if wi < 0:
            continue
        w = page.words[wi]
        n = max(1, fold_len(w))
        x0 = w.x + w.w * page.offset[i] / n
        x1 = w.x + w.w * (page.offset[i] + 1) / n
        key = page.line_of[wi]
        box = per_line.get(key)
        if box is None:
            per_line[key] = [x0, w.y, x1, w.y + w.h]
        else:
            box[0], box[1], box[2], box[3] = min(box[0], x0), min(box[1], w.y), max(box[2], x1), max(box[3], w.y + w.h)
    return [[round(x0), round(y0), round(x1 - x0), round(y1 - y0)] for x0, y0, x1, y1 in per_line.values()]


def _hits(page: Page, needle: str, prefixes: bool) -> tuple[list[tuple[int, int]], bool]:
    """Folded ranges of `needle` on the page; with `prefixes`, else the longest prefix shown (a value being
    typed). (ranges, whether they are a prefix only)."""
    hits = match.find_raw(needle, page.folded)
    if hits or not prefixes:
        return hits, False
    for n in range(len(needle) - 1, match.MIN_LENGTH - 1, -1):
        i = page.folded.find(needle[:n])
        if i >= 0:
            return [(i, i + n)], True
    return [], False


class FieldBoxes:
    """The input-field box around a hit's words (ocr.field_box), from the screenshot decoded on demand, at
    most once each; with `path`, boxes found are kept there (owner-only JSON), so a warm follow decodes none."""

    def __init__(self, session, path: Path | None = None) -> None:
        self.session, self.path, self.grey, self.changed = session, path, {}, False
        self.known: dict[str, list[int]] = {}
        if path is not None and path.exists():
            try:
                self.known = orjson.loads(path.read_bytes())
            except (OSError, orjson.JSONDecodeError):
                self.known = {}

    def _image(self, file: str):
        if file not in self.grey:
            try:
                with Image.open(require_inside(self.session.path, file)) as im:
                    self.grey[file] = np.asarray(im.convert("L"))
            except (OSError, ValueError):
                self.grey[file] = None
        return self.grey[file]

    def __call__(self, file: str | None, box: list[int]) -> list[int]:
        if file is None:
            return box
        key = f"{file}|{box[0]},{box[1]},{box[2]},{box[3]}"
        if key not in self.known:
            img = self._image(file)
            self.known[key] = box if img is None else [int(v) for v in field_box(img, box)]
            self.changed = True
        return list(self.known[key])

    def save(self) -> None:
        if self.path is not None and self.changed:
            write_private(self.path, orjson.dumps(self.known))
            self.changed = False


def pixel_places(pages: list[Page], values: list[Value], typing: list[tuple[float, float]],
                 fields: FieldBoxes | None = None, own: list[list[int]] | None = None,
                 own_span: tuple[float, float] | None = None) -> list[Place]:
    """Pixel places of each value; consecutive pages of one screen with the value at the same spot are one
    place. `typing`: spans where the value was being typed (its prefixes count there). `own`: the source
    flag's own regions during `own_span` (not a place of its own)."""
    out: list[Place] = []
    open_: dict[tuple, list] = {}  # (place, screen, value) -> [(place, its region on the last page)]
    for page in sorted(pages, key=lambda p: (p.t0, p.place, p.screen)):
        now_open: dict[tuple, list] = {}
        for vi, value in enumerate(values):
            needle = value.folded
            being_typed = any(a - 2.0 <= page.t1 and page.t0 <= b + 2.0 for a, b in typing)
            hits, _prefix = _hits(page, needle, being_typed)
            for a, b in hits:
                for box in _box(page, a, b):
                    if box[2] < 2 * (b - a) / max(1, len(_box(page, a, b))) or box[3] < 4:
                        continue  # too small to hold the characters it stands for: a stray match
                    if fields is not None and page.place == "screen":
                        box = fields(page.file, box)
                    region = [page.screen, *box]
                    if own and own_span and own_span[0] - EPS <= page.t0 <= own_span[1] + EPS and \
                            any(iou(region, r) > 0.3 for r in own):
                        continue
                    key = (page.place, page.screen, vi)
                    prev = next((p for p, last in open_.get(key, []) if page.t0 - p.t_end < 0.01 + EPS * 2
                                 and iou(last, region) > 0.3), None)
                    if prev is not None:  # the same spot on the next look-alike page: one place, longer
                        prev.t_end, prev.typing = page.t1, prev.typing and being_typed
                        prev.regions[0] = union(prev.regions[0], region)
                        now_open.setdefault(key, []).append((prev, region))
                        continue
                    place = Place(page.place, page.t0, page.t1, [region], vi, being_typed)
                    out.append(place)
                    now_open.setdefault(key, []).append((place, region))
        for key in [k for k in open_ if k[:2] == (page.place, page.screen)]:
            del open_[key]  # a place is open only while the next page of its screen still shows it
        open_.update(now_open)
    return out


def snap_regions(places: list[Place], slack: float = 2.0) -> list[Place]:
    """A video place, or a screenshot place of a value being typed, whose box lies inside a larger screenshot
    place's box (same value and screen, about the same time) takes that box: while a value is typed the caret
    can hide the input field's edge, and video frames are not decoded again, so their boxes are the words'
    only, while the larger one is the input field around them."""
    shots = [(p, list(p.regions[0])) for p in places if p.place == "screen"]
    for p in places:
        if p.place != "video" and not p.typing:
            continue  # a whole value on a screenshot has its own box
        scr, x, y, w, h = p.regions[0]
        cx, cy = x + w / 2, y + h / 2
        hosts = [r for q, r in shots if q is not p and q.value == p.value and r[0] == scr and r[3] * r[4] > w * h
                 and q.t_start - slack <= p.t_end and p.t_start <= q.t_end + slack
                 and r[1] <= cx <= r[1] + r[3] and r[2] <= cy <= r[2] + r[4]]
        if hosts:
            p.regions[0] = list(max(hosts, key=lambda r: r[3] * r[4]))
    return places


def text_places(session, values: list[Value], own_span: tuple[float, float] | None = None) -> list[Place]:
    """Window titles, `text` events (outside the source's own span), markers and task instructions."""
    out: list[Place] = []
    ev = session.events
    for place, (etype, column) in EVENT_FIELD.items():
        if column not in ev.columns:
            continue
        rows = ev[ev["type"] == etype]
        for t, text in zip(rows["t"].to_numpy(dtype=float), rows[column].tolist()):
            if text is None or text is pd.NA or not isinstance(text, str):
                continue
            if place == "text" and own_span and own_span[0] - EPS <= t <= own_span[1] + EPS:
                continue
            folded = match.fold(text)
            for vi, value in enumerate(values):
                if match.find_folded(value.folded, folded, limit=1):
                    out.append(Place(place, float(t), float(t), [], vi))
    for task in session.manifest.tasks:
        folded = match.fold(task.instruction)
        for vi, value in enumerate(values):
            if match.find_folded(value.folded, folded, limit=1):
                out.append(Place("task", float(task.t_start), float(task.t_end), [], vi))
    return out


def find_places(session, flag, values: list[Value], pages: list[Page], fields: FieldBoxes | None = None
                ) -> list[Place]:
    """Every other place of the flag's values in the session (pages: session_pages(session, cache);
    fields: where input-field boxes come from, default decoded here and not kept)."""
    d = _d(flag)
    span = (float(d["t_start"]), float(d["t_end"]))
    typing = [span] if d.get("scope", "both") in ("events", "both") else []
    own = _regions(flag) if d.get("scope", "both") in ("pixels", "both") else []
    found = snap_regions(pixel_places(pages, values, typing, fields or FieldBoxes(session), own, span))
    return found + text_places(session, values, span if typing else None)




def union(a: list, b: list) -> list:
    x0, y0 = min(a[1], b[1]), min(a[2], b[2])
    x1, y1 = max(a[1] + a[3], b[1] + b[3]), max(a[2] + a[4], b[2] + b[4])
    return [a[0], x0, y0, x1 - x0, y1 - y0]


# -- the keyed hash -----------------------------------------------------------------------------------
def follow_key(cache_dir: Path) -> bytes:
    """This installation's secret for value keys: made once, owner-only, under the cache directory."""
    path = Path(cache_dir) / KEY_FILE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made meanwhile by another process
        return path.read_bytes()
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(32))
    return path.read_bytes()


def value_key(key: bytes, value: Value) -> str:
    return hmac.new(key, f"{value.category}\x00{value.folded}".encode(), hashlib.sha256).hexdigest()[:32]

