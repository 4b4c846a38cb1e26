"""Export benchmark: a redacted export against `shutil.copytree` of the same dataset, in the same process.

Run: .venv/bin/python bench/bench_export.py [--copies N] [--minutes M] [--repeat R]
Prints the export's time over copytree with few flags (one small events flag per session; target
<= 1.5x), the cost of each redacted screenshot, and the cost of re-encoding a minute of screen video.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viewer.export import export_dataset  # noqa: E402
from viewer.review import Store  # noqa: E402
from viewer.sample import generate_dataset  # noqa: E402
from viewer.trace import load_session  # noqa: E402

KEY = b"bench-key"


def timed(fn, cleanup) -> tuple[float, float]:
    """(wall, cpu) seconds of one run; CPU time counts every thread and the kernel's copying (sys time)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    spent = time.perf_counter() - start, time.process_time() - start_cpu
    cleanup()
    return spent


def paired(copy, export, cleanup, repeat: int) -> dict:
    """copytree and export run in turn, `repeat` times: on a shared machine a load spike then hits both.
    The median of the per-pair ratios, and the best wall / CPU time of each."""
    pairs = [(timed(copy, cleanup), timed(export, cleanup)) for _ in range(repeat)]
    ratios = sorted(e[0] / c[0] for c, e in pairs)
    return {"copy": min(c[0] for c, _ in pairs), "export": min(e[0] for _, e in pairs),
            "ratio": ratios[len(ratios) // 2],
            "cpu_ratio": min(e[1] for _, e in pairs) / min(c[1] for c, _ in pairs)}


def make_dataset(root: Path, minutes: float, copies: int) -> Path:
    """Three generated sessions (PNG + video, JPEG on two screens, WebP), each copied `copies` times."""
    base = root / "base"
    generate_dataset(base, 3, minutes, 17)
    data = root / "data"
    for i in range(copies):
        for src in sorted(base.iterdir()):
            dst = data / f"{src.name}-c{i}"
            shutil.copytree(src, dst)
            manifest = orjson.loads((dst / "session.json").read_bytes())
            manifest["session_id"] = dst.name
            (dst / "session.json").write_bytes(orjson.dumps(manifest))
    return data


def _shots(session) -> list[tuple[float, str]]:
    ev = session.events
    shots = ev[ev["type"] == "screenshot"]
    return list(zip(shots["t"].astype(float), shots["file"], strict=True))


def annotate(data: Path, url: str, screenshot_flags: bool, video_flags: bool) -> dict:
    """Approve all; one small events flag per session; optionally a pixel flag over every screenshot of
    the sessions without video, or over the whole video of those with one. Returns what the flags touch."""
    touched = {"screenshots": 0, "video_s": 0.0}
    with Store.open(url) as store:
        for d in sorted(data.iterdir()):
            s = load_session(d)
            store.set_review(s.session_id, s.content_hash, "approved", reviewer="b")
            store.add_flag(s.session_id, s.content_hash, reviewer="b", t_start=5.0, t_end=8.0, scope="events",
                           category="password", status="accepted")
            end = float(s.events["t"].max())
            region = [{"screen": 0, "x": 100, "y": 100, "w": 400, "h": 60}]
            if s.manifest.video is None and screenshot_flags:
                store.add_flag(s.session_id, s.content_hash, reviewer="b", t_start=0.0, t_end=end, scope="pixels",
                               category="pii", status="accepted", regions=region)
                touched["screenshots"] += len(_shots(s))
            if s.manifest.video is not None and video_flags:
                store.add_flag(s.session_id, s.content_hash, reviewer="b", t_start=0.0, t_end=end, scope="pixels",
                               category="pii", status="accepted", regions=region)
                touched["video_s"] += end
    return touched


def timed_export(data: Path, url: str, out: Path) -> float:
    with Store.open(url) as store:
        return timed(lambda: export_dataset(data, out, store, KEY), lambda: shutil.rmtree(out))[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--minutes", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        data = make_dataset(root, args.minutes, args.copies)
        files = sum(1 for p in data.rglob("*") if p.is_file())
        mb = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6
        out = root / "out"
        shutil.copytree(data, out)  # warm the page cache for both
        shutil.rmtree(out)
        few = f"sqlite:///{root / 'few.db'}"
        annotate(data, few, False, False)
        with Store.open(few) as store:
            m = paired(lambda: shutil.copytree(data, out), lambda: export_dataset(data, out, store, KEY),
                       lambda: shutil.rmtree(out), args.repeat)
        shots_url, video_url = f"sqlite:///{root / 'shots.db'}", f"sqlite:///{root / 'video.db'}"
        n_shots = annotate(data, shots_url, True, False)["screenshots"]
        shots_s = min(timed_export(data, shots_url, out) for _ in range(2))
        video_s = annotate(data, video_url, False, True)["video_s"]
        video_t = timed_export(data, video_url, out)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    sessions, few_s = args.copies * 3, m["export"]
    print(f"dataset: {sessions} sessions, {files} files, {mb:.1f} MB; {args.repeat} interleaved pairs")
    print(f"shutil.copytree:   {m['copy']:.3f} s best (baseline)")
    print(f"export, few flags: {few_s:.3f} s best -> median {m['ratio']:.2f}x copytree (target <= 1.5x); "
          f"CPU {m['cpu_ratio']:.2f}x")
    print(f"export, {n_shots} screenshots redacted: {shots_s:.3f} s -> "
          f"{(shots_s - few_s) / max(n_shots, 1) * 1000:.1f} ms per redacted screenshot")
    print(f"export, {video_s / 60:.1f} video minutes redacted: {video_t:.3f} s -> "
          f"{(video_t - few_s) / max(video_s / 60, 1e-9):.2f} s per re-encoded video minute")

if __name__ == "__main__":
    main()
