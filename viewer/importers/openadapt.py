"""OpenAdapt recording databases (`openadapt.db`, `recording.db`) -> trace/1, one session per recording.

Time: t = epoch timestamp - recording.timestamp (the recording start; the earliest event if one is
earlier); `started_at` is that instant in UTC (exact: OpenAdapt stores epoch seconds); the recorder's
local timezone is not stored, so `timezone` is "unknown".
Coordinates: mouse positions are multiplied by screenshot size / monitor size when the screenshots show
a sane factor (macOS records points, screenshots are pixels), and rounded to pixels.
Screenshots (`png_data`) become files under screenshots/; window events become focus events (their full
`state` JSON goes to source/window_states.jsonl); other per-recording tables go to source/<table>.jsonl.
The database is opened read-only.
"""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path

import orjson

from .common import (SIDE_DIR, UNKNOWN, Built, coords_kind, extras, image_size, image_suffix, inferred_screen,
                     iso_utc, os_name, scale_between, screen_entry, screenshot_rel)
from .identity import IDENTITY_KEYS, find_identity
from .openadapt_fixtures import connect_fixtures, is_sql_dump
from .keys import UNIDENTIFIED, w3c_button, w3c_key
from .report import ImportReport

DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")
MAIN_TABLES = ("recording", "action_event", "screenshot", "window_event")
LINKS = ("recording_id", "recording_timestamp")
ACTION_COLUMNS = ("id", "name", "timestamp", *LINKS, "mouse_x", "mouse_y", "mouse_dx", "mouse_dy",
                  "mouse_button_name", "mouse_pressed")
LATE_SECONDS = 3600.0


def is_database(path: Path) -> bool:
    if is_sql_dump(path):
        return True
    if not (path.is_file() and path.suffix.lower() in DB_SUFFIXES):
        return False
    try:
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                return False
        con = _connect(path)
    except (OSError, sqlite3.Error):
        return False
    try:
        return {"recording", "action_event"} <= _tables(con)
    except sqlite3.Error:
        return False
    finally:
        con.close()


def _connect(path: Path) -> sqlite3.Connection:
    """Read-only; `immutable` when even a read-only open fails (a WAL database in a read-only folder)."""
    uri = Path(path).resolve().as_uri()
    try:
        con = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        con.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.Error:
        con = sqlite3.connect(f"{uri}?immutable=1", uri=True)
    con.row_factory = sqlite3.Row
    return con


def _open(path: Path) -> sqlite3.Connection:
    if path.suffix.lower() == ".sql":
        con = connect_fixtures(path)
        con.row_factory = sqlite3.Row
        return con
    return _connect(path)


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def read(db: Path, report: ImportReport):
    """One Built per recording row; the connection stays open while the caller writes each one.

    `db` may also be a .sql dump (like OpenAdapt's fixtures.sql), loaded into an in-memory database.
    """
    try:
        con = _open(db)
        recordings = [dict(r) for r in con.execute("SELECT * FROM recording ORDER BY timestamp")]
    except (sqlite3.Error, OSError, UnicodeDecodeError) as exc:
        report.add(db, 0, "bad-database", str(exc))
        return
    try:
        if not recordings:
            report.add(db, 0, "no-recordings", "the recording table is empty; nothing imported")
        for rec in recordings:
            built = _Recording(con, db, rec, report).build()
            if built is not None:
                yield built
    except sqlite3.Error as exc:
        report.add(db, 0, "bad-database", str(exc))
    finally:
        con.close()


class _Recording:
    """One recording row and what belongs to it, read from the open database."""

    def __init__(self, con: sqlite3.Connection, db: Path, rec: dict, report: ImportReport):
        self.con, self.db, self.rec, self.report = con, db, rec, report
        self.tables = _tables(con)
        self.where = db
        self.tag = f"recording {rec.get('id', rec.get('timestamp'))}"

    def warn(self, code: str, message: str) -> None:
        self.report.warn(self.where, 0, code, f"{self.tag}: {message}")

    def error(self, code: str, message: str) -> None:
        self.report.add(self.where, 0, code, f"{self.tag}: {message}")

    def rows(self, table: str, columns: str = "*") -> list[dict]:
        """The rows of `table` belonging to this recording, by recording_id or recording_timestamp."""
        if table not in self.tables:
            return []
        cols = _columns(self.con, table)
        link = next((c for c in LINKS if c in cols and self.rec.get(c.split("_", 1)[1]) is not None), None)
        if link is None:
            return []
        order = " ORDER BY timestamp" if "timestamp" in cols else ""
        sql = f'SELECT {columns} FROM "{table}" WHERE {link} = ?{order}'
        return [dict(r) for r in self.con.execute(sql, (self.rec[link.split("_", 1)[1]],))]

    def build(self) -> Built | None:
        actions, windows = self.rows("action_event"), self.rows("window_event")
        shots = self.rows("screenshot", "id, timestamp, length(png_data) AS size")
        if not (actions or windows or shots):
            self.error("no-events", "no action, window or screenshot rows; nothing imported")
            return None
        t_zero = self._t_zero(actions + windows + shots)
        pixels = self._pixel_size(shots)
        factors = self._factors(pixels)
        identity = find_identity([self.rec], [self.db.name, self.db.parent.name])
        built = Built(self._session_id(), "openadapt", {}, identity=identity)
        built.events = self._actions(actions, t_zero, factors) + self._windows(windows, t_zero, built)
        built.events += self._screenshots(shots, t_zero, built)
        built.manifest = self._manifest(t_zero, factors, pixels, built)
        self._side_tables(built)
        return built

    def _session_id(self) -> str:
        rid = self.rec.get("id")
        stamp = int(self.rec["timestamp"]) if isinstance(self.rec.get("timestamp"), (int, float)) else None
        return "-".join(str(p) for p in ("openadapt", rid, stamp) if p is not None)

    # --- clock and scale ---
    def _t_zero(self, rows: list[dict]) -> float:
        times = [r["timestamp"] for r in rows if isinstance(r.get("timestamp"), (int, float))]
        start = self.rec.get("timestamp")
        if not isinstance(start, (int, float)):
            self.warn("no-start", "the recording has no timestamp; t = 0 at the first event")
            return min(times)
        if times and min(times) < start:
            self.warn("early-events", f"events start {start - min(times):.3f} s before "
                             "the recording timestamp; t = 0 at the first event")
            return min(times)
        if times and min(times) - start > LATE_SECONDS:
            self.warn("late-events", f"the first event is {(min(times) - start) / 3600:.1f}"
                             " h after the recording timestamp (t keeps that gap)")
        return float(start)

    def _pixel_size(self, shots: list[dict]):
        for shot in shots[:1]:
            data = self._blob(shot["id"])
            return image_size(data) if data else None
        return None

    def _logical(self):
        w, h = self.rec.get("monitor_width"), self.rec.get("monitor_height")
        return (int(w), int(h)) if isinstance(w, (int, float)) and isinstance(h, (int, float)) else None

    def _factors(self, pixels):
        factors = scale_between(self._logical(), pixels)
        if pixels and self._logical() and factors is None:
            self.warn("scale-unknown", f"screenshot {pixels[0]}x{pixels[1]} does not "
                             f"match monitor {self._logical()[0]}x{self._logical()[1]}; coordinates kept as recorded")
        return factors

    # --- events ---
    def _actions(self, rows: list[dict], t_zero: float, factors) -> list[dict]:
        out = []
        for row in rows:
            event = self._action(row, t_zero, factors)
            if event is not None:
                out.append(event)
        return out

    def _action(self, row: dict, t_zero: float, factors) -> dict | None:
        row = {k: (None if v == "null" else v) for k, v in row.items()}
        name, ts = row.get("name"), row.get("timestamp")
        line = f"action_event {row.get('id')}"
        if not isinstance(ts, (int, float)):
            self.error("bad-event", f"{line}: no timestamp; skipped")
            return None
        event = {"t": ts - t_zero, **_mapped(name, row, factors)}
        if event.get("type") is None:
            self.error("bad-event", f"{line}: {name!r} without its fields; skipped")
            return None
        if event["type"] == "marker" and name not in ("click",):
            self.warn("unknown-action", f"{line}: action {name!r} kept as a marker event")
        return {**event, **extras(row, ACTION_COLUMNS), "action_event_id": row.get("id")}

    def _windows(self, rows: list[dict], t_zero: float, built: Built) -> list[dict]:
        out, states = [], []
        for row in rows:
            if not isinstance(row.get("timestamp"), (int, float)):
                self.error("bad-event", f"window_event {row.get('id')}: no timestamp; skipped")
                continue
            state = _json(row.get("state"))
            title = row.get("title") if isinstance(row.get("title"), str) else None
            event = {"t": row["timestamp"] - t_zero, "type": "focus", "app": _app(state, title)}
            if title is not None:
                event["title"] = title
            rest = extras(row, ("id", "timestamp", "state", "title", *LINKS))
            out.append({**event, **rest, "window_event_id": row.get("id")})
            if state is not None:
                states.append({"window_event_id": row.get("id"), "timestamp": row["timestamp"], "state": state})
        if states:
            built.add_file(f"{SIDE_DIR}/window_states.jsonl", _jsonl(states))
        return out

    def _screenshots(self, rows: list[dict], t_zero: float, built: Built) -> list[dict]:
        out = []
        for index, row in enumerate(rows):
            name = f"screenshot {row.get('id')}"
            if not row.get("size") or not isinstance(row.get("timestamp"), (int, float)):
                self.warn("no-image", f"{name} has no png_data or no timestamp (diff-encoded screenshots "
                          "are not supported); skipped")
                continue
            head = self._blob(row["id"], 1 << 12) or b""
            if image_size(head) is None and image_size(self._blob(row["id"]) or b"") is None:
                rel = f"{SIDE_DIR}/unreadable_screenshots/{row['id']}{image_suffix(head)}"
                built.add_file(rel, lambda sid=row["id"]: self._blob(sid))
                self.warn("bad-image", f"{name}: png_data is not a readable image; kept as {rel}, "
                          "no screenshot event")
                continue
            rel = screenshot_rel(index, image_suffix(head))
            built.add_file(rel, lambda sid=row["id"]: self._blob(sid))
            out.append({"t": row["timestamp"] - t_zero, "type": "screenshot", "file": rel, "screen": 0,
                        "screenshot_id": row.get("id")})
        return out

    def _blob(self, shot_id: int, length: int | None = None) -> bytes | None:
        sql = "SELECT png_data FROM screenshot WHERE id = ?" if length is None else \
            f"SELECT substr(png_data, 1, {int(length)}) FROM screenshot WHERE id = ?"
        row = self.con.execute(sql, (shot_id,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    # --- manifest and side tables ---
    def _manifest(self, t_zero: float, factors, pixels, built: Built) -> dict:
        rec = self.rec
        last = max((e["t"] for e in built.events), default=0.0)
        manifest = {
            "session_id": built.session_id,
            "started_at": iso_utc(t_zero),
            "user": built.identity.user or UNKNOWN,
            "recorder": {"name": "openadapt", "version": UNKNOWN},
            "os": os_name(rec.get("platform")),
            "timezone": UNKNOWN,
            "screens": [screen_entry(self._logical(), factors, pixels) if self._logical() or pixels else
                        inferred_screen(built.events)],
            "coords": coords_kind(factors, rec.get("platform")),
            "clock": {"t_zero": "recording start" if t_zero == rec.get("timestamp") else "first event",
                      "source_time_at_t_zero": t_zero, "source_clock": "epoch seconds"},
            "import": {"source_format": "openadapt", "source_name": self.db.name, "recording_id": rec.get("id")},
            "source_metadata": {k: v for k, v in rec.items() if k not in ("task_description", *IDENTITY_KEYS)},
        }
        if rec.get("task_description"):
            manifest["tasks"] = [{"t_start": 0.0, "t_end": round(last, 3), "instruction": rec["task_description"]}]
        self._attach_video(manifest, built, t_zero)
        return manifest

    def _attach_video(self, manifest: dict, built: Built, t_zero: float) -> None:
        videos = sorted(self.db.parent.glob("oa_recording-*.mp4"))
        start = self.rec.get("video_start_time")
        if len(videos) != 1:
            if start is not None:
                self.warn("missing-video", f"a video was recorded but {len(videos)} oa_recording-*.mp4 "
                          "files are beside the database; none attached")
            return
        t0 = (start - t_zero) if isinstance(start, (int, float)) else 0.0
        if start is None:
            self.report.warn(videos[0], 0, "video-offset-unknown", "no video_start_time; assumed t0 = 0")
        manifest["video"] = {"file": "screen.mp4", "t0": round(t0, 3), "source_file": videos[0].name}
        built.add_file("screen.mp4", videos[0])

    def _side_tables(self, built: Built) -> None:
        for table in sorted(self.tables - set(MAIN_TABLES)):
            rows = self.rows(table)
            if rows:
                built.add_file(f"{SIDE_DIR}/{table}.jsonl", _jsonl(rows))


def _mapped(name, row: dict, factors) -> dict:
    """The trace/1 type and fields of one action_event row ({"type": None} when its fields are missing)."""
    if name in ("move", "click", "scroll"):
        x, y = row.get("mouse_x"), row.get("mouse_y")
        if not (isinstance(x, (int, float)) and isinstance(y, (int, float))):
            return {"type": None}
        sx, sy = factors or (1.0, 1.0)
        xy = {"x": round(x * sx), "y": round(y * sy)}
        if name == "move":
            return {"type": "move", **xy}
        if name == "scroll":
            return {"type": "scroll", **xy, "dx": row.get("mouse_dx") or 0, "dy": row.get("mouse_dy") or 0}
        button = w3c_button(row.get("mouse_button_name"))
        kind = "down" if row.get("mouse_pressed") else "up"
        if button is None:
            return {"type": "marker", **xy, "label": f"mouse button {row.get('mouse_button_name')} {kind}"}
        return {"type": kind, **xy, "button": button}
    if name in ("press", "release"):
        return {"type": "key_down" if name == "press" else "key_up", "key": _key(row)}
    return {"type": "marker", "label": f"openadapt {name}"}


def _key(row: dict) -> str:
    """key_name (a pynput Key name) first, then the typed character, then the canonical (unmodified) key."""
    for column in ("key_name", "key_char", "canonical_key_name", "canonical_key_char"):
        value = row.get(column)
        if value:
            key = w3c_key(value)
            if key != UNIDENTIFIED:
                return key
    return UNIDENTIFIED


def _app(state, title: str | None) -> str:
    """The application: the window owner when the state names it, else the last ' - ' part of the title."""
    meta = state.get("meta") if isinstance(state, dict) else None
    if isinstance(meta, dict):
        for key in ("kCGWindowOwnerName", "app_name", "application", "process_name", "owner"):
            if isinstance(meta.get(key), str) and meta[key]:
                return meta[key]
    if title:
        return title.rsplit(" - ", 1)[-1].strip() or title
    return UNKNOWN


def _json(value):
    if isinstance(value, (bytes, str)):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return value
    return value


def _jsonl(rows: list[dict]) -> bytes:
    def default(v):
        if isinstance(v, (bytes, memoryview)):
            return {"$base64": base64.b64encode(bytes(v)).decode()}
        return str(v)
    return b"".join(orjson.dumps(r, default=default) + b"\n" for r in rows)
