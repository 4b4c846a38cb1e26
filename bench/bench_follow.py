"""Following flagged values: how well (generated sessions, real OCR) and how fast (a one-hour session with its
OCR text already cached).

Run: .venv/bin/python bench/bench_follow.py [--sessions N] [--minutes M] [--hour-minutes H] [--skip-quality]

Quality: generated sessions (light and dark themes, 1x and 2x screens, PNG, JPEG and WebP, one with screen
video), a keystrokes-only flag (scope events) per typed value of at least 6 characters, as a reviewer would
flag them; the derived regions are compared with the generator's gold boxes of those values (truth.json):
recall = gold boxes matched by a derived region at IoU >= 0.3 (target >= 0.95), precision = derived screen
regions matching a gold box of their value (target >= 0.9).

Speed: a synthetic session of H minutes (a 1280x800 screenshot every 2 s, each different, a value typed now
and then and shown on later screens), its words put in the OCR cache as an OCR would have read them; then
sync_session twice: with the screenshot runs not cached yet (every image decoded once for change detection)
and warm (target < 10 s for an hour). The ratio is against reading the session's cached OCR entries alone.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import orjson
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viewer.review import Store  # noqa: E402
from viewer.sample import generate_dataset, paint  # noqa: E402
from viewer.sensitive import follow, match  # noqa: E402
from viewer.sensitive.derived import sync_session  # noqa: E402
from viewer.sensitive.ocr import Word  # noqa: E402
from viewer.sensitive.ocr_cache import OcrCache, _store  # noqa: E402
from viewer.sensitive.typed import segments  # noqa: E402
from viewer.trace import load_session  # noqa: E402

TYPED_KINDS = ("email", "address", "card_number", "api_key")


# -- quality ------------------------------------------------------------------------------------------
def _typed_span(segs, value: str) -> tuple[float, float] | None:
    folded = match.folded_value(value)
    for seg in segs:
        text = seg.text
        hits = match.find(value, text, 1)
        if hits and match.folded_value(text[hits[0][0]:hits[0][1]]) == folded:
            return seg.span(*hits[0])
    return None


def quality(root: Path, sessions: int, minutes: float, seed: int) -> dict:
    paths = generate_dataset(root / "data", sessions, minutes, seed)
    url = f"sqlite:///{root / 'q.db'}"
    gold_total = gold_found = derived_total = derived_good = 0
    title_total = title_found = 0  # window titles holding a flagged value, and those a derived flag covers
    seconds = 0.0
    with Store.open(url) as store:
        for p in paths:
            session = load_session(p, root / "cache")
            truth = orjson.loads((p / "truth.json").read_bytes())
            segs = segments(session.events)
            gold: dict[str, list[list[int]]] = {}
            for item in truth["sensitive"]:
                if item.get("value") and match.followable(item["value"]):
                    gold.setdefault(match.folded_value(item["value"]), []).extend(item["regions"])
            flagged = {}
            for item in truth["sensitive"]:
                value = item.get("value")
                if item["kind"] not in TYPED_KINDS or not value or not match.followable(value):
                    continue
                span = _typed_span(segs, value)
                if span is None or match.folded_value(value) in flagged:
                    continue
                rec = store.add_flag(session.session_id, session.content_hash, reviewer="bench", t_start=span[0],
                                     t_end=span[1], scope="events", category=item["kind"])
                flagged[match.folded_value(value)] = rec.id
            start = time.perf_counter()
            sync_session(store, session, root / "cache")
            seconds += time.perf_counter() - start
            flags = store.flags(session.session_id)
            titles = [(float(t), title) for t, title in zip(session.events["t"], session.events["title"])
                      if isinstance(title, str)]
            raw = {match.folded_value(i["value"]): i["value"] for i in truth["sensitive"] if i.get("value")}
            for folded, fid in flagged.items():
                placed = [(f.data["t_start"], f.data["t_end"]) for f in flags_of(store, session, fid, "title")]
                shown = [t for t, title in titles if raw[folded] in title]
                title_total += len(shown)
                title_found += sum(any(a <= t <= b for a, b in placed) for t in shown)
            for folded, fid in flagged.items():
                boxes = [f.data["regions"] for f in flags if f.data.get("derived_from") == fid
                         and f.data.get("place") in ("screen", "video")]
                regions = [[r["screen"], r["x"], r["y"], r["w"], r["h"]] for rs in boxes for r in rs]
                wanted = [list(map(int, g)) for g in {tuple(g) for g in gold.get(folded, [])}]
                gold_total += len(wanted)
                gold_found += sum(any(follow.iou(g, r) >= 0.3 for r in regions) for g in wanted)
                derived_total += len(regions)
                derived_good += sum(any(follow.iou(g, r) >= 0.3 for g in wanted) for r in regions)
    return {"gold": gold_total, "recall": gold_found / max(1, gold_total), "derived": derived_total,
            "precision": derived_good / max(1, derived_total), "follow_s": seconds,
            "titles": title_total, "title_recall": title_found / max(1, title_total)}


def flags_of(store: Store, session, source_id: str, place: str) -> list:
    return [f for f in store.flags(session.session_id)
            if f.data.get("derived_from") == source_id and f.data.get("place") == place]


# -- speed --------------------------------------------------------------------------------------------
VALUES = ["maria.keller84@example.org", "4929 1234 5678 9012", "ghp_Q7hTz2LmX9pWv4Rk8sYb3NcD6fJe1GaU0iOo",
          "17 Harbour View Road", "jonas.berg@mailbox.net"]


def _words(lines: list[tuple[int, int, str]]) -> list[Word]:
    out = []
    for x, y, text in lines:
        for part in text.split(" "):
            w = max(8, paint.width(part, 18))
            out.append(Word(part, x, y, w, 18, 92.0, (1, 1, y)))
            x += w + 6
    return out


def hour_session(root: Path, minutes: float) -> tuple[Path, list[tuple[float, float, str]]]:
    """A session of `minutes` (a screenshot every 2 s), with every image's words in the OCR cache."""
    d = root / "hour"
    (d / "screenshots").mkdir(parents=True)
    events, typed, t = [], [], 0.0
    cache = OcrCache(root / "cache", "hour-1")
    shown: list[str] = []
    n = int(minutes * 30)
    for i in range(n):
        t = i * 2.0
        if i % 120 == 10:  # every 4 minutes a value is typed, then shown on the following screens
            value = VALUES[(i // 120) % len(VALUES)]
            events.append({"t": round(t + 0.1, 3), "type": "down", "x": 10, "y": 10, "button": "left"})
            for k, ch in enumerate(value):
                events.append({"t": round(t + 0.2 + k * 0.03, 3), "type": "key", "key": ch if ch != " " else " "})
            typed.append((t + 0.2, t + 0.2 + len(value) * 0.03, value))
            shown = [value]
        if i % 12 == 0:
            events.append({"t": round(t + 1.0, 3), "type": "focus", "app": "Browser",
                           "title": f"Page {i} - {shown[0] if shown and i % 24 == 0 else 'Shop'}"})
        lines = [(40, 40 + 30 * k, f"Row {i} item {k} costs {(i * 7 + k) % 97} euro") for k in range(12)]
        if shown and i % 3 == 0:
            lines.append((40, 420, f"Receipt for {shown[0]}"))
        img = Image.new("RGB", (1280, 800), (250, 250, 250))
        draw = ImageDraw.Draw(img)
        for x, y, text in lines:
            paint.text(draw, (x, y), text, 18, (20, 20, 20))
        file = f"screenshots/{i:05d}.png"
        img.save(d / file, compress_level=1)
        events.append({"t": round(t, 3), "type": "screenshot", "file": file})
        digest = hashlib.sha256((d / file).read_bytes()).hexdigest()
        _store(cache._path(digest), _words(lines))
    events.append({"t": round(t + 1.9, 3), "type": "move", "x": 1, "y": 1})
    events.sort(key=lambda e: e["t"])
    manifest = {"format": "trace/1", "session_id": "hour-1", "started_at": "2026-03-01T09:00:00Z", "user": "u-1",
                "recorder": {"name": "bench", "version": "1"}, "os": "linux", "timezone": "UTC",
                "screens": [{"id": 0, "x": 0, "y": 0, "width": 1280, "height": 800, "scale": 1.0}]}
    (d / "session.json").write_bytes(orjson.dumps(manifest))
    (d / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(e) for e in events) + b"\n")
    return d, typed


def speed(root: Path, minutes: float) -> dict:
    d, typed = hour_session(root, minutes)
    session = load_session(d, root / "cache")
    url = f"sqlite:///{root / 's.db'}"
    with Store.open(url) as store:
        for a, b, _value in typed:
            store.add_flag(session.session_id, session.content_hash, reviewer="bench", t_start=a, t_end=b,
                           scope="events", category="other")
        start = time.perf_counter()
        first = sync_session(store, session, root / "cache")
        cold = time.perf_counter() - start
        start = time.perf_counter()
        again = sync_session(store, session, root / "cache", force=True)
        warm = time.perf_counter() - start
    start = time.perf_counter()
    cache = OcrCache(root / "cache", session.session_id)
    for f in sorted((d / "screenshots").iterdir()):
        cache.words_of_file(f)
    floor = time.perf_counter() - start
    return {"screenshots": len(session.screenshots), "flags": len(typed), "places": first.added,
            "ocr_reads": first.ocr_reads + again.ocr_reads, "runs_cold_s": cold, "warm_s": warm, "floor_s": floor}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=3)
    ap.add_argument("--minutes", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hour-minutes", type=float, default=60.0)
    ap.add_argument("--skip-quality", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if not args.skip_quality:
            q = quality(root / "q", args.sessions, args.minutes, args.seed)
            print(f"titles: {q['titles']} window title(s) holding a flagged value, {q['title_recall']:.3f} covered "
                  "by a derived flag")
            print(f"quality: {q['gold']} gold boxes, recall {q['recall']:.3f} (target >= 0.95), "
                  f"{q['derived']} derived regions, precision {q['precision']:.3f} (target >= 0.9); "
                  f"first follow with OCR {q['follow_s']:.1f} s")
        s = speed(root / "s", args.hour_minutes)
        print(f"speed: {args.hour_minutes:.0f} min session, {s['screenshots']} screenshots, {s['flags']} flags, "
              f"{s['places']} places, {s['ocr_reads']} OCR reads")
        print(f"  follow with OCR cached, runs not yet: {s['runs_cold_s']:.2f} s")
        print(f"  follow warm: {s['warm_s']:.2f} s (target < 10 s) = {s['warm_s'] / s['floor_s']:.2f}x reading "
              f"the cached OCR entries alone ({s['floor_s']:.2f} s)")


if __name__ == "__main__":
    main()
