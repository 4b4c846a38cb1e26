"""Replay benchmark: a synthetic one-hour session played in headless Chromium against the real app.

Run: .venv/bin/python bench/bench_replay.py [--minutes 60] [--play 6] [--seeks 20]
Prints the payload size, the player's drawn frames as a ratio of the browser's own requestAnimationFrame
rate measured in the same page at the same time (target 1.0: no dropped frames), long frames, and the
latency from a click on the timeline to the right image drawn on the canvas (the canvas' data-image names
the key drawn), p50/p95 (target <= 100 ms), as a ratio of the baseline: the same page loading a screenshot
it has not seen straight from the image route (new Image + decode), i.e. the floor any seek pays.
Every screenshot is a distinct file, so no seek is answered from a cache warmed by another.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import orjson
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.app_server import running_app  # noqa: E402
from viewer.replay import payload  # noqa: E402
from viewer.trace import load_session  # noqa: E402

W, H = 1920, 1080
MANIFEST = {"format": "trace/1", "session_id": "hour", "started_at": "2026-01-01T00:00:00Z", "user": "bench",
            "screens": [{"id": 0, "x": 0, "y": 0, "width": W, "height": H, "scale": 1}]}


def _events(minutes: float, rng) -> list[dict]:
    end = minutes * 60
    t = np.arange(0.0, end, 1 / 60)  # the pointer at 60 Hz the whole hour
    x = np.clip(W / 2 + np.cumsum(rng.normal(0, 6, len(t))), 0, W - 1).astype(int)
    y = np.clip(H / 2 + np.cumsum(rng.normal(0, 4, len(t))), 0, H - 1).astype(int)
    ev = [{"t": round(float(a), 3), "type": "move", "x": int(b), "y": int(c)} for a, b, c in zip(t, x, y)]
    for i, s in enumerate(np.arange(0.05, end, 2.0)):
        ev.append({"t": round(float(s), 3), "type": "screenshot", "file": f"screenshots/{i:04d}.jpg"})
    for s in np.arange(1.0, end, 3.0):
        ev.append({"t": round(float(s), 3), "type": "down", "x": 500, "y": 400, "button": "left"})
        ev.append({"t": round(float(s) + 0.08, 3), "type": "up", "x": 500, "y": 400, "button": "left"})
        ev.append({"t": round(float(s) + 0.5, 3), "type": "key_down", "key": "a"})
    for s in np.arange(0.0, end, 60.0):
        ev.append({"t": round(float(s), 3), "type": "focus", "app": "Editor", "title": f"file {int(s)}"})
    ev.sort(key=lambda e: e["t"])
    return ev


def make_session(root: Path, minutes: float) -> Path:
    d = root / "hour"
    (d / "screenshots").mkdir(parents=True)
    (d / "session.json").write_bytes(orjson.dumps(MANIFEST))
    rng = np.random.default_rng(0)
    events = _events(minutes, rng)
    (d / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(e) for e in events) + b"\n")
    shots = sum(1 for e in events if e["type"] == "screenshot")
    for i in range(shots):  # one file each: a seek's image is never in a cache another seek warmed
        img = Image.new("RGB", (W, H), tuple(int(v) for v in rng.integers(60, 220, 3)))
        draw = ImageDraw.Draw(img)
        for k in range(12):  # some windows and text, so decoding costs what a screen's does
            x, y = int(rng.integers(0, W - 400)), int(rng.integers(0, H - 300))
            draw.rectangle((x, y, x + 400, y + 300), fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
            draw.text((x + 10, y + 10), f"screen {i} window {k}", fill=(0, 0, 0))
        img.save(d / "screenshots" / f"{i:04d}.jpg", quality=80)
    return d


FIND = """() => { for (const h of document.querySelectorAll('*')) { const p = h.shadowRoot &&
  h.shadowRoot.querySelector('[data-testid=replay-player]'); if (p) return p; } return null; }"""

PLAY = """async (seconds) => {
  const find = %s; const p = find();
  const frames0 = Number(p.dataset.frames); let raf = 0, gaps = [], last = performance.now();
  const count = (n) => { raf++; gaps.push(n - last); last = n; if (!done) requestAnimationFrame(count); };
  let done = false; requestAnimationFrame(count);
  await new Promise((r) => setTimeout(r, seconds * 1000)); done = true;
  return {raf, drawn: Number(p.dataset.frames) - frames0, long: gaps.filter((g) => g > 50).length};
}""" % FIND

SEEK = """async (frac) => {
  const find = %s; const p = find(); const tl = p.querySelector('[data-testid=replay-timeline]');
  const r = tl.getBoundingClientRect(), x = r.left + r.width * frac, y = r.top + 20, t0 = performance.now();
  for (const type of ['pointerdown', 'pointerup'])
    tl.dispatchEvent(new PointerEvent(type, {clientX: x, clientY: y, bubbles: true, pointerId: 1}));
  const canvas = p.querySelector('canvas.rp-screen');
  while (performance.now() - t0 < 10000) {
    await new Promise((r) => requestAnimationFrame(r));
    if (canvas.dataset.image === `s:${p.dataset.want}`) break;
  }
  const ms = performance.now() - t0;  // where it went: waiting to ask, the request itself, drawing after
  const hit = performance.getEntriesByType("resource").filter((e) => e.name.includes(`/s%%3A${p.dataset.want}?`)).pop();
  return hit ? [ms, hit.startTime - t0, hit.responseEnd - hit.startTime] : [ms, NaN, NaN];
}""" % FIND


DIRECT = """async (urls) => {
  const out = [];
  for (const url of urls) {
    const t0 = performance.now(), img = new Image(); img.src = url;
    await img.decode(); out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 300));
  }
  return out;
}"""


def expected_shot(times: list[float], t: float) -> int:
    return int(np.searchsorted(np.asarray(times), t, side="right")) - 1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--play", type=float, default=6.0)
    ap.add_argument("--seeks", type=int, default=20)
    ap.add_argument("--gap", type=int, default=600, help="ms between seeks (the last one's side panel reruns then)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        session_dir = make_session(root, args.minutes)
        session = load_session(session_dir, Path(tmp) / "cache")
        size = len(json.dumps(payload.build(session)))
        print(f"session: {len(session.events):,} events, {args.minutes:g} min; player payload {size / 1e6:.2f} MB "
              f"(images not included: asked for near the playhead)")
        with running_app({"VIEWER_DATA": str(root), "VIEWER_CACHE": str(Path(tmp) / "cache")}) as url:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                media = []
                page.on("request", lambda r: media.append(r.url) if "/replay-media/" in r.url else None)
                start = time.perf_counter()
                page.goto(f"{url}/replay?session=hour&t=10")
                page.wait_for_selector('canvas.rp-screen[data-image^="s:"]', timeout=120_000)
                print(f"open to first image: {time.perf_counter() - start:.2f} s")
                page.keyboard.press(" ")
                page.wait_for_timeout(500)
                _playback(page, "1x", args.play)
                for _ in range(3):  # 1x -> 2x -> 4x -> 8x
                    page.keyboard.press("+")
                _playback(page, "8x", args.play)
                page.keyboard.press(" ")
                page.wait_for_timeout(1000)
                latencies, targets = _seeks(page, session, args.seeks, args.gap)
                direct = page.evaluate(DIRECT, _baseline_urls(media[-1], session, targets, args.seeks))
                _report("baseline: a new screenshot straight from the route", direct, direct)
                _report("seek to the right image drawn", latencies, direct)
                page.close()
                for _ in range(3):
                    _warm_open(browser, url)
                browser.close()


def _playback(page, speed: str, seconds: float) -> None:
    r = page.evaluate(PLAY, seconds)
    ratio = r["drawn"] / max(1, r["raf"])
    print(f"playback {speed}: {r['drawn']} frames drawn / {r['raf']} browser frames = {ratio:.3f} "
          f"(target 1.0); frames over 50 ms: {r['long']}")


def _warm_open(browser, url: str) -> None:
    """A second reviewer opening the session the app has loaded (its cache warm): until the first image is
    drawn and the player answers a key (target: interactive within 2 s)."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    start = time.perf_counter()
    page.goto(f"{url}/replay?session=hour&t=20")
    page.wait_for_selector('canvas.rp-screen[data-image^="s:"]', timeout=120_000)
    drawn = time.perf_counter() - start
    page.locator("[data-testid=replay-player]").focus()
    page.keyboard.press("]")  # next event: the player reacts
    page.wait_for_function("""() => { const p = (%s)(); return p && Number(p.dataset.t) > 20.0; }""" % FIND,
                           timeout=60_000)
    print(f"warm open: first image drawn {drawn:.2f} s, answering keys {time.perf_counter() - start:.2f} s "
          "(target 2 s)")
    page.close()


def _seeks(page, session, n: int, gap_ms: int) -> tuple[list[float], list[int]]:
    rng = np.random.default_rng(1)
    times = session.screenshots.times.tolist()
    start, end = float(session.events["t"].min()), float(session.events["t"].max())
    out, targets = [], []
    for frac in rng.uniform(0.02, 0.98, n):
        want = expected_shot(times, start + frac * (end - start))
        targets.append(want)
        page.evaluate(f"() => {{ ({FIND})().dataset.want = '{want}'; }}")
        out.append(page.evaluate(SEEK, float(frac)))
        page.wait_for_timeout(gap_ms)
    ask, net = [o[1] for o in out], [o[2] for o in out]
    after = [o[0] - a - b for o, a, b in zip(out, ask, net)]
    print(f"  of which (medians): until the image is asked for {np.nanmedian(ask):.0f} ms, its request "
          f"{np.nanmedian(net):.0f} ms, drawn after {np.nanmedian(after):.0f} ms")
    return [o[0] for o in out], targets


def _baseline_urls(seen_url: str, session, targets: list[int], n: int) -> list[str]:
    """Screenshots far from every seek (so neither the player nor the server has touched them), at the
    player's own width, from the URL the player used (its token)."""
    prefix, _, rest = seen_url.rpartition("/")
    query = rest.partition("?")[2]
    far = [i for i in range(len(session.screenshots)) if all(abs(i - t) > 12 for t in targets)]
    picks = np.random.default_rng(2).choice(far, size=min(n, len(far)), replace=False)
    return [f"{prefix}/s%3A{int(i)}?{query}" for i in picks]


def _report(what: str, ms: list[float], baseline: list[float]) -> None:
    p50, p95 = float(np.percentile(ms, 50)), float(np.percentile(ms, 95))
    b50 = float(np.percentile(baseline, 50))
    print(f"{what}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(ms):.0f} ms (n={len(ms)}); "
          f"p50 {p50 / b50:.2f}x the baseline's p50; p95 {p95 / 100:.2f}x the 100 ms target")


if __name__ == "__main__":
    main()
