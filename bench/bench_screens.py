"""Sensitive content on realistic work screens: the held-out corpus, scored against its gold boxes and titles.

Run: .venv/bin/python bench/bench_screens.py [--screens 120] [--seed 1] [--split heldout] [--corpus DIR]
     [--detector package.module:factory] [--no-title-rules] [--json report.json]

Renders the corpus (`viewer.corpus`, real Chromium) unless --corpus names one already rendered, runs the detector
on every screenshot one at a time (OCR included; `viewer.corpus.run_detectors`: today's pipeline by default),
and prints the figures of issue 14 per category, template, theme and scale (`viewer.corpus.evaluate`), then the
time per screenshot: median and p95 on 1920x1080 screens at 1x, and on all screens per scale.
Targets: recall >= 0.90 per category, fully caught >= 0.85, precision >= 0.90, decoy rate <= 0.05, title recall
>= 0.95, title FP rate <= 0.05, median <= 1.5 s and p95 <= 3 s per 1080p screenshot.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed_ms  # noqa: E402
from viewer.corpus import run_detectors  # noqa: E402
from viewer.corpus.evaluate import evaluate, format_report  # noqa: E402
from viewer.corpus.generate import generate, load  # noqa: E402
from viewer.corpus.render import Renderer  # noqa: E402


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def bare_ocr_seconds(screens: list[dict]) -> list[float]:
    """Seconds of one plain Tesseract read (`--psm 11`, no preprocessing) per screenshot: the baseline the
    detection's time is compared with, measured in the same process under the same load."""
    import pytesseract
    from PIL import Image

    out = []
    for s in screens:
        with Image.open(s["png"]) as im:
            im.load()
            out.append(timed_ms(lambda _i: pytesseract.image_to_data(im, config="--psm 11"), 1)[0] / 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--screens", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", default="heldout", choices=["tuning", "heldout"])
    ap.add_argument("--corpus", type=Path, help="an already rendered corpus directory (skips rendering)")
    ap.add_argument("--detector", help="package.module:factory (default: today's pipeline)")
    ap.add_argument("--no-title-rules", action="store_true", help="leave out the whole-screen window-title rules")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--json", type=Path, help="also write the report here")
    args = ap.parse_args()
    from PIL import Image

    detector = run_detectors.Current(title_rules=not args.no_title_rules) if not args.detector \
        else run_detectors.load(args.detector)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.corpus
        if folder is None:
            folder = Path(tmp) / "corpus"
            t = time.perf_counter()
            with Renderer(args.chromium) as renderer:
                generate(folder, args.split, args.seed, args.screens, renderer)
            print(f"rendered {args.screens} {args.split} screens (seed {args.seed}) in {time.perf_counter() - t:.0f} s")
        screens = load(folder)
        regions, flags, took = {}, {}, {}
        load_before = os.getloadavg()
        detector.title("warm-up")  # builds the pattern detectors once, outside the timing
        for screen in screens:
            with Image.open(screen["png"]) as im:
                im.load()
                t = time.perf_counter()
                regions[screen["id"]] = detector.regions(im, screen["title"])
                took[screen["id"]] = time.perf_counter() - t
            flags[screen["id"]] = detector.title(screen["title"])
        hd_screens = [s for s in screens if (s["scale"], s["width"], s["height"]) == (1, 1920, 1080)]
        bare = bare_ocr_seconds(hd_screens)  # while the corpus is still on disk
    report = evaluate(screens, regions, flags).as_dict()
    print(format_report(report))
    by_size = defaultdict(list)
    for s in screens:
        by_size[(s["scale"], s["width"], s["height"])].append(took[s["id"]])
    hd = by_size.get((1, 1920, 1080), [])
    print("\nseconds per screenshot (detection with OCR, one at a time):")
    if hd:
        print(f"  1920x1080 at 1x: median {statistics.median(hd):.2f} s, p95 {p95(hd):.2f} s ({len(hd)} screens)")
        print(f"  baseline in this run, one Tesseract read of the same 1080p screenshots: median "
              f"{statistics.median(bare):.2f} s; detection = {statistics.median(hd) / statistics.median(bare):.2f}x it")
    for (scale, w, h), xs in sorted(by_size.items()):
        print(f"  {w}x{h} (scale {scale}): median {statistics.median(xs):.2f} s, p95 {p95(xs):.2f} s ({len(xs)})")
    print(f"load average before / after: {' '.join(f'{x:.1f}' for x in load_before)} / "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    if args.json:
        report["seconds"] = {"1080p_median": statistics.median(hd) if hd else None,
                             "1080p_p95": p95(hd) if hd else None}
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
