"""The Replay page part of bench_review.py: the page with N annotations on its session against none, in
AppTest and in Chromium, and what one page run reads from the store."""

from __future__ import annotations

import logging
import os
import shutil
import statistics
import time
from pathlib import Path

from timing import timed_ms
from viewer.review import Store
from viewer.trace import load_session

ROOT = Path(__file__).resolve().parents[1]
SESSION = "sample-7-0"


def annotate(url: str, content_hash: str, n: int, duration: float) -> None:
    """n annotations spread over the session: a third each labels, flags and comments (one transaction)."""
    with Store.open(url) as store, store.transaction("bench") as tx:
        for i in range(n):
            t = duration * i / max(1, n)
            if i % 3 == 0:
                tx.add("label", SESSION, content_hash, {"t_start": t, "t_end": t + 2, "instruction": f"task {i}",
                                                        "outcome": "success", "quality": 3, "tags": ["b"]})
            elif i % 3 == 1:
                tx.add("flag", SESSION, content_hash, {"t_start": t, "t_end": t + 1, "category": "email",
                                                       "scope": "pixels", "status": "accepted",
                                                       "regions": [{"screen": 0, "x": 10, "y": 10, "w": 50,
                                                                    "h": 20}]})
            else:
                tx.add("comment", SESSION, content_hash, {"t": t, "text": f"comment {i}"})


def quiet_streamlit() -> None:
    """AppTest from a plain script warns "missing ScriptRunContext" on every run: not a finding."""
    import streamlit  # noqa: F401  (creates the logger)

    logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    logger.addFilter(lambda record: "missing ScriptRunContext" not in record.getMessage())


def read_costs(url: str) -> None:
    """Why the page slows with many annotations: how often one page run reads the store, and what a read
    costs (medians of 20)."""
    calls: dict[str, int] = {}
    real = {name: getattr(Store, name) for name in ("find", "audit")}

    def counting(name):
        def call(self, *a, **kw):
            calls[name] = calls.get(name, 0) + 1
            return real[name](self, *a, **kw)
        return call

    for name in real:
        setattr(Store, name, counting(name))
    try:
        apptest_seconds(url, 1)  # two runs
    finally:
        for name, fn in real.items():
            setattr(Store, name, fn)
    with Store.open(url) as store:
        cost = {kind: statistics.median(timed_ms(lambda _: store.find(kind, SESSION), 20))
                for kind in ("label", "flag", "comment")}
        audit = statistics.median(timed_ms(lambda _: store.audit(session_id=SESSION), 20))
        other = statistics.median(timed_ms(lambda _: store.on_other_hash(SESSION, "-"), 20))
    print(f"  store reads in one page run: {calls.get('find', 0) / 2:g} find (labels, flags, comments, each read "
          f"several times by the panel, the player's bands and the suggestions), {calls.get('audit', 0) / 2:g} audit")
    print("  one read: " + ", ".join(f"{kind}s {ms:.1f} ms" for kind, ms in cost.items())
          + f", audit {audit:.1f} ms, on_other_hash (4 finds) {other:.1f} ms")


def _page() -> None:
    from viewer.ui.pages import replay

    replay.render()


def apptest_seconds(url: str, runs: int) -> tuple[float, float]:
    """(first run, median of the next runs) of the Replay page in AppTest, signed in as a reviewer."""
    from streamlit.testing.v1 import AppTest

    from viewer.ui.auth import KEY, SignedIn

    os.environ["VIEWER_DB_URL"] = url
    at = AppTest.from_function(_page, default_timeout=300)
    at.query_params["session"] = SESSION
    at.query_params["t"] = "3"
    at.session_state[KEY] = SignedIn("bench", "reviewer")
    at.session_state["replay_player_live"] = True  # as the browser player does once its first frame is drawn
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"the Replay page failed: {at.exception[0].message}")
    return times[0], statistics.median(times[1:])


PLAYER_READY = 'canvas.rp-screen[data-image^="s:"], canvas.rp-screen[data-image^="v:"]'  # a screenshot or video frame


def open_replay(browser, url: str) -> tuple[float, float]:
    """One fresh tab: (seconds to the player's first image, seconds until the review panel's last part is
    on the page and the script run has ended)."""
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    start = time.perf_counter()
    page.goto(f"{url}/replay?session={SESSION}&t=3")
    page.wait_for_selector(PLAYER_READY, timeout=300_000)
    ready = time.perf_counter() - start
    page.get_by_text("History", exact=True).wait_for(timeout=300_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=300_000)
    done = time.perf_counter() - start
    page.close()
    return ready, done


def browser_seconds(envs: dict[int, dict[str, str]], loads: int) -> dict[int, tuple[float, float]]:
    """Per case, medians of `loads` page loads. The cases' apps run side by side and their loads alternate,
    so a change in the machine's load hits both alike."""
    from contextlib import ExitStack

    from playwright.sync_api import sync_playwright

    from tests.app_server import running_app

    times: dict[int, list[tuple[float, float]]] = {count: [] for count in envs}
    with ExitStack() as stack, sync_playwright() as p:
        urls = {count: stack.enter_context(running_app(env)) for count, env in envs.items()}
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox", "--disable-gpu"])
        for count, url in urls.items():
            open_replay(browser, url)  # warms the app's caches
        for _ in range(loads):
            for count, url in urls.items():
                times[count].append(open_replay(browser, url))
        browser.close()
    return {count: (statistics.median(t[0] for t in got), statistics.median(t[1] for t in got))
            for count, got in times.items()}


def bench_page(root: Path, n: int, runs: int, loads: int) -> None:
    data = root / "data"
    shutil.copytree(ROOT / "sample_data" / SESSION, data / SESSION)
    cache = root / "cache"
    os.environ.update({"VIEWER_DATA": str(data), "VIEWER_CACHE": str(cache), "VIEWER_USER": "bench"})
    session = load_session(data / SESSION, cache)
    urls = {count: f"sqlite:///{root / f'page{count}.db'}" for count in (0, n)}
    Store.open(urls[0]).close()
    annotate(urls[n], session.content_hash, n, session.duration)
    print(f"Replay page, session {SESSION} ({len(session.events):,} events), 0 vs {n} annotations "
          f"(labels, flags, comments in thirds):")
    quiet_streamlit()
    apptest_seconds(urls[0], 1)  # warm up: imports and the session's load, so neither case pays for them
    apptest = {count: apptest_seconds(url, runs) for count, url in urls.items()}
    (f0, r0), (fn, rn) = apptest[0], apptest[n]
    print(f"  AppTest first run: {f0:.2f} s vs {fn:.2f} s = {fn / f0:.2f}x; "
          f"rerun (median of {runs}): {r0:.2f} s vs {rn:.2f} s = {rn / r0:.2f}x")
    read_costs(urls[n])
    if not loads:
        return
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(cache), "VIEWER_USER": "bench",
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    shown = browser_seconds({count: {**env, "VIEWER_DB_URL": url} for count, url in urls.items()}, loads)
    (p0, w0), (pn, wn) = shown[0], shown[n]
    print(f"  Chromium, open to the player's first image: {p0:.2f} s vs {pn:.2f} s = {pn / p0:.2f}x")
    print(f"  Chromium, open to the whole page rendered (review panel included): {w0:.2f} s vs {wn:.2f} s "
          f"= {wn / w0:.2f}x")
