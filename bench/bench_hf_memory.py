"""`export --format hf` on datasets of about 1 GB and 4 GB: peak resident memory of the export (the command's
process and its children together), steps per second and MB/s, against `export --format trace` of the same
sessions run the same way.

Run: .venv/bin/python bench/bench_hf_memory.py [--gb 1 4] [--minutes 8] [--base DIR]
A few sessions are generated (`python -m viewer sample`, or taken from --base) and replicated under fresh
random session ids (their files hard-linked, so a dataset costs almost no disk; each copy its own manifest,
with one of 20 people as its user so that the splits by person have something to split) until the dataset
holds the size asked for; every session is approved in a throwaway SQLite database, with no flag (following a
flag would OCR every screen: that cost is bench_follow's). Each export runs as `python -m viewer export` in a
child process whose resident memory, with its children's, is sampled every 20 ms. An export writes about
twice the dataset's size for a while (its hidden trace copy, then the shards): check `df` first. Everything
is deleted after each size. Prints the machine's load average beside the figures (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KEY = "bench-key-" + "k" * 22
PEOPLE = 20
SAMPLE_S = 0.02


def generate(base: Path, minutes: float) -> Path:
    subprocess.run([sys.executable, "-m", "viewer", "sample", str(base), "--sessions", "3", "--minutes",
                    str(minutes), "--seed", "5"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return base


def sessions_of(base: Path) -> list[Path]:
    return sorted(p for p in base.iterdir() if (p / "session.json").is_file())


def replicate(base: Path, data: Path, target_bytes: int) -> tuple[int, int]:
    """Copies of the base sessions under fresh ids until `target_bytes`; (sessions, bytes)."""
    data.mkdir(parents=True)
    total = n = 0
    while total < target_bytes:
        for src in sessions_of(base):
            sid = f"bench-{uuid.uuid4().hex[:16]}"
            dst = data / sid
            for folder, _, names in os.walk(src):
                out = dst / Path(folder).relative_to(src)
                out.mkdir(parents=True, exist_ok=True)
                for name in names:
                    if name == "truth.json":
                        continue
                    if name == "session.json" and Path(folder) == src:
                        manifest = orjson.loads((src / name).read_bytes())
                        manifest.update(session_id=sid, user=f"person-{n % PEOPLE}@example.org")
                        (out / name).write_bytes(orjson.dumps(manifest))
                    else:
                        os.link(Path(folder) / name, out / name)
                    total += (out / name).stat().st_size
            n += 1
    return n, total


def approve(data: Path, url: str) -> None:
    from viewer.review import Store
    from viewer.trace import load_session

    with Store.open(url) as store:
        for d in sessions_of(data):
            s = load_session(d)
            store.set_review(s.session_id, s.content_hash, "approved", reviewer="bench")


def run_export(fmt: str, data: Path, out: Path, url: str, cache: Path) -> dict:
    """One export in a child process: seconds, peak MB of the process tree (sum) and of its biggest process."""
    env = {**os.environ, "VIEWER_EXPORT_KEY": KEY, "VIEWER_CACHE": str(cache)}
    cmd = [sys.executable, "-m", "viewer", "export", str(data), str(out), "--db", url, "--format", fmt]
    if fmt == "hf":
        cmd += ["--unknown-split", "train"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    top = psutil.Process(proc.pid)
    peak_tree = peak_one = 0
    while proc.poll() is None:
        try:
            rss = [top.memory_info().rss] + [c.memory_info().rss for c in top.children(recursive=True)]
        except psutil.Error:
            rss = [0]
        peak_tree, peak_one = max(peak_tree, sum(rss)), max(peak_one, max(rss))
        time.sleep(SAMPLE_S)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"export --format {fmt} failed: {err[-2000:]}")
    body = orjson.loads((out / "manifest.json").read_bytes())
    steps = sum(body["splits"]["steps"].values()) if fmt == "hf" else 0
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"s": seconds, "peak_tree_mb": peak_tree / 2**20, "peak_one_mb": peak_one / 2**20, "steps": steps,
            "out_mb": written / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gb", type=float, nargs="+", default=[1.0, 4.0])
    ap.add_argument("--minutes", type=float, default=8.0)
    ap.add_argument("--base", type=Path, help="sessions to replicate (default: generated now)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-hf-mem-"))
    try:
        base = args.base or generate(work / "base", args.minutes)
        for gb in args.gb:
            root = work / f"{gb:g}gb"
            try:
                n, size = replicate(base, root / "data", int(gb * 1e9))
                url = f"sqlite:///{root / 'db.sqlite'}"
                approve(root / "data", url)
                free = shutil.disk_usage(root).free / 1e9
                trace = run_export("trace", root / "data", root / "trace", url, root / "cache")
                shutil.rmtree(root / "trace")
                hf = run_export("hf", root / "data", root / "hf", url, root / "cache")
                shutil.rmtree(root / "hf")
                mb = size / 1e6
                load = " ".join(f"{v:.1f}" for v in os.getloadavg())
                print(f"{gb:g} GB ({n} sessions, {mb:.0f} MB, {free:.0f} GB free, load {load}): "
                      f"trace {trace['s']:.1f} s ({mb / trace['s']:.1f} MB/s, peak {trace['peak_tree_mb']:.0f} MB); "
                      f"hf {hf['s']:.1f} s ({mb / hf['s']:.1f} MB/s, {hf['steps'] / hf['s']:.0f} steps/s, "
                      f"{hf['steps']} steps, {hf['out_mb']:.0f} MB of shards, peak {hf['peak_tree_mb']:.0f} MB, "
                      f"biggest process {hf['peak_one_mb']:.0f} MB); hf / trace = {hf['s'] / trace['s']:.2f}x",
                      flush=True)
            finally:
                shutil.rmtree(root, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
