"""`suggest --ocr` at dataset scale: throughput per worker, 2 workers over 1 (local processes and a Dask
LocalCluster), an unchanged re-run's cost against the first run, peak memory per worker, and the hours a
10,000-hour collection would take at the measured rate.

Run: .venv/bin/python bench/bench_suggest_scale.py [--sessions 200] [--minutes 0.2] [--shots 5] [--workers 2]
[--no-dask]
A generated dataset (`python -m viewer sample`'s sessions; `--shots N` cuts each after its N-th changed
screenshot, video dropped, since the generator's shortest session has about 19); each run starts with an empty
cache (every changed screenshot read by Tesseract) and its own database. Ratios are measured in this run, on
this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil  # noqa: E402

from viewer.engine import Engine, EngineOptions  # noqa: E402
from viewer.review.store import Store  # noqa: E402
from viewer.sample import generate_dataset  # noqa: E402
from viewer.sensitive.batch import SuggestOptions, SuggestState, suggest_dataset  # noqa: E402
from viewer.sensitive.shots import changed_shots  # noqa: E402
from viewer.trace import load_session  # noqa: E402

COLLECTION_HOURS = 10_000


class PeakMemory:
    """Samples the resident memory of this process's descendants: peak per worker process (Python) and of
    any one Tesseract process."""

    def __init__(self) -> None:
        self.worker_mb = 0.0
        self.tesseract_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.1):
            for p in me.children(recursive=True):
                try:
                    mb = p.memory_info().rss / 2**20
                    name = p.name()
                except psutil.Error:
                    continue
                if name.startswith("tesseract"):
                    self.tesseract_mb = max(self.tesseract_mb, mb)
                elif name.startswith("python"):
                    self.worker_mb = max(self.worker_mb, mb)


def self_cpu() -> float:
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def cpu_now() -> float:
    """CPU seconds of this process and its finished descendants (workers, Tesseract): load-independent."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run(dirs: list[Path], root: Path, name: str, kind: str, workers: int, cache: Path | None = None) -> dict:
    cache = cache or root / f"cache-{name}"
    url = f"sqlite:///{root / f'{name}.db'}"
    options = SuggestOptions(ocr=True, cache_dir=str(cache))
    cpu, mine = cpu_now(), self_cpu()
    with Store.open(url) as store, Engine(EngineOptions(kind, workers), env={"OMP_THREAD_LIMIT": "1"}) as eng:
        eng.everywhere(os.getpid)  # workers started before the clock (a LocalCluster takes seconds)
        with PeakMemory() as mem:
            start = time.perf_counter()
            result = suggest_dataset(dirs, options, eng, store, state=SuggestState.for_job(cache, root, url))
            seconds = time.perf_counter() - start
    mine = self_cpu() - mine  # the coordinating process: storing and following values
    cpu = cpu_now() - cpu  # the workers are reaped when the engine closes: their CPU counts from then
    p = result.progress
    return {"seconds": seconds, "cpu": cpu, "coordinator_cpu": mine, "screenshots": p.screenshots, "skipped": p.skipped, "flags": p.added,
            "worker_mb": mem.worker_mb, "tesseract_mb": mem.tesseract_mb, "cache": cache}


def cut_after(d: Path, shots: int, cache: Path) -> None:
    """Cut a generated session (events.jsonl) just before its (shots+1)-th changed screenshot: later events and
    screenshot files go, so do the video, the truth file and the tasks that end after the cut."""
    runs = changed_shots(load_session(d, cache))
    if len(runs) <= shots:
        return
    cut = runs[shots][1]
    events = [json.loads(line) for line in (d / "events.jsonl").read_text().splitlines() if line.strip()]
    kept = [e for e in events if e["t"] < cut]
    (d / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in kept))
    files = {e["file"] for e in kept if e["type"] == "screenshot"}
    for png in (d / "screenshots").iterdir():
        if f"screenshots/{png.name}" not in files:
            png.unlink()
    manifest = json.loads((d / "session.json").read_text())
    if manifest.pop("video", None):
        (d / "screen.mp4").unlink()
    manifest["tasks"] = [t for t in manifest.get("tasks", []) if t["t_end"] < cut]
    (d / "session.json").write_text(json.dumps(manifest, indent=2))
    (d / "truth.json").unlink(missing_ok=True)


def changed_per_minute(dirs: list[Path], cache: Path) -> tuple[int, float]:
    changed, minutes = 0, 0.0
    for d in dirs:
        s = load_session(d, cache)
        changed += len(changed_shots(s))
        minutes += s.duration / 60
    return changed, changed / minutes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--minutes", type=float, default=0.2, help="length of each generated session")
    ap.add_argument("--shots", type=int, default=None, help="cut each session after this many changed screenshots")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-suggest-"))
    dirs = generate_dataset(root / "data", args.sessions, args.minutes, 7)
    if args.shots:
        for d in dirs:
            cut_after(d, args.shots, root / "cache-cut")
    changed, per_minute = changed_per_minute(dirs, root / "cache-count")
    print(f"{len(dirs)} sessions of {args.minutes} min, {changed} changed screenshots "
          f"({changed / len(dirs):.1f} per session, {per_minute:.1f} per recorded minute); "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    engines = ["local"] + ([] if args.no_dask else ["dask"])
    rows = {}
    for kind in engines:
        many = run(dirs, root, f"{kind}-{args.workers}", kind, args.workers)  # N first: a warm page cache
        one = run(dirs, root, f"{kind}-1", kind, 1)  # favours the single worker, never the speed-up
        again = run(dirs, root, f"{kind}-{args.workers}", kind, args.workers, cache=many["cache"])
        rows[kind] = (one, many, again)
        rate1 = changed / one["seconds"]
        print(f"{kind:5}: CPU per changed screenshot {one['cpu'] / changed:.2f} s (1 worker) / "
              f"{many['cpu'] / changed:.2f} s ({args.workers} workers): {changed / one['cpu']:.2f} screenshots/s "
              f"per busy core; the coordinating process {one['coordinator_cpu']:.1f} s of {one['cpu']:.1f} s")
        print(f"{kind:5}: 1 worker {one['seconds']:.1f} s ({rate1:.2f} changed screenshots/s per worker), "
              f"{args.workers} workers {many['seconds']:.1f} s: speed-up {one['seconds'] / many['seconds']:.2f}x; "
              f"unchanged re-run {again['seconds']:.2f} s = {100 * again['seconds'] / many['seconds']:.1f}% of the "
              f"first ({again['skipped']} skipped); peak per worker {many['worker_mb']:.0f} MB "
              f"(+ Tesseract {many['tesseract_mb']:.0f} MB); flags {one['flags']}/{many['flags']}")
    one = rows["local"][0]
    rate = changed / one["cpu"]  # per worker with a core of its own (wall-clock here depends on the load)
    shots = COLLECTION_HOURS * 60 * per_minute
    worker_hours = shots / rate / 3600
    print(f"projection: {COLLECTION_HOURS} recorded hours = {shots / 1e6:.1f} M changed screenshots at "
          f"{per_minute:.1f}/min; at {rate:.2f}/s per worker on its own core: {worker_hours:,.0f} worker-hours "
          f"({worker_hours / 100:,.0f} h on 100 workers, {worker_hours / 1000:,.1f} h on 1000)")


if __name__ == "__main__":
    main()
