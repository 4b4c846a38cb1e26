"""Tesseract (the product's OCR today) against RapidOCR (PP-OCR models shipped inside the `rapidocr` wheel, run by
onnxruntime) on the screen corpus: how many words of the gold boxes each reads, and how fast.

Run: .venv/bin/pip install -r bench/requirements-ocr.txt
     .venv/bin/python bench/bench_ocr_engines.py [--screens 30] [--seed 2] [--split tuning] [--corpus DIR]
     [--engines tesseract rapidocr]

Word recall: each gold box's text split into words; a word is read when a word the engine returned over the
box (overlapping it by 30% of the smaller of the two) equals it or holds it, compared without case or
punctuation at the ends. Grouped by scale (HiDPI 2x), theme (dark), font size (small UI text) and template.
Speed: seconds per screenshot, one at a time. Tesseract runs as the product runs it
(viewer.sensitive.ocr.read_words: dark screens inverted, narrow ones enlarged); RapidOCR as shipped, with
word boxes. Nothing is downloaded:
RapidOCR's model files are checked to lie inside the installed package.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viewer.corpus.generate import generate, load  # noqa: E402
from viewer.corpus.render import Renderer  # noqa: E402


def norm(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word).lower()


def tesseract_words(image) -> list[tuple[str, list[int]]]:
    from viewer.sensitive.ocr import read_words

    return [(w.text, [w.x, w.y, w.w, w.h]) for w in read_words(image)]


class Rapid:
    """RapidOCR with its det/cls/rec models named explicitly from the installed package (nothing fetched)."""

    MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
              "Rec": "PP-OCRv6_rec_small.onnx"}

    def __init__(self):
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError:
            raise SystemExit("rapidocr is not installed: .venv/bin/pip install -r bench/requirements-ocr.txt") from None
        root = Path(rapidocr.__file__).parent / "models"
        self.models = [root / f for f in self.MODELS.values()]
        missing = [p.name for p in self.models if not p.is_file()]
        if missing:
            raise SystemExit(f"rapidocr's package lacks its models: {missing}")
        params = {"Global.log_level": "error"}
        params.update({f"{part}.model_path": str(root / f) for part, f in self.MODELS.items()})
        self.engine = RapidOCR(params=params)

    def __call__(self, image) -> list[tuple[str, list[int]]]:
        import numpy as np

        out = self.engine(np.asarray(image.convert("RGB"))[:, :, ::-1], return_word_box=True)
        words = []
        for line in out.word_results or ():
            for text, _score, quad in line:
                xs, ys = [p[0] for p in quad], [p[1] for p in quad]
                words.append((text, [int(min(xs)), int(min(ys)), int(max(xs) - min(xs)), int(max(ys) - min(ys))]))
        return words


def words_on(words, box) -> list[str]:
    """The engine's words that overlap the gold box by at least 30% of the smaller of the two (a word can be
    longer than the value: `maria.cruz@laptop:~$` holds the user name)."""
    x, y, w, h = box
    out = []
    for text, (a, b, c, d) in words:
        iw = min(x + w, a + c) - max(x, a)
        ih = min(y + h, b + d) - max(y, b)
        if iw > 0 and ih > 0 and iw * ih >= 0.3 * min(w * h, max(1, c * d)):
            out.append(text)
    return out


def recall_of(screen, words) -> tuple[int, int]:
    """(gold words read, gold words): a gold word is read when it equals an overlapping word or lies inside one
    (case, and punctuation at the ends, ignored)."""
    hit = total = 0
    for g in screen["boxes"]:
        read = [norm(t) for t in words_on(words, g["box"])]
        for word in g["text"].split():
            n = norm(word)
            if not n:
                continue
            total += 1
            hit += any(n == r or (len(n) > 2 and n in r) for r in read)
    return hit, total


def size_mb(paths) -> float:
    total = 0
    for p in paths:
        p = Path(p)
        files = [p] if p.is_file() else [f for f in p.rglob("*") if f.is_file()]
        total += sum(f.stat().st_size for f in files)
    return total / 2**20


def install_sizes() -> dict[str, str]:
    import importlib.util
    import subprocess

    out = {}
    dpkg = subprocess.run(["dpkg-query", "-W", "-f=${Installed-Size}\n", "tesseract-ocr", "tesseract-ocr-eng",
                           "libtesseract5", "liblept5"], capture_output=True, text=True)
    kb = sum(int(x) for x in dpkg.stdout.split() if x.isdigit())
    out["tesseract"] = f"{kb / 1024:.0f} MB (Debian: tesseract-ocr, -eng, libtesseract5, liblept5) + pytesseract"
    dirs = []
    for mod in ("rapidocr", "onnxruntime", "shapely", "pyclipper", "omegaconf", "antlr4", "colorlog", "yaml"):
        spec = importlib.util.find_spec(mod)
        if spec and spec.origin:
            dirs.append(Path(spec.origin).parent if spec.origin.endswith("__init__.py") else Path(spec.origin))
    out["rapidocr"] = f"{size_mb(dirs):.0f} MB (rapidocr with its models, onnxruntime, shapely, pyclipper, omegaconf)"
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--screens", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--split", default="tuning", choices=["tuning", "heldout"])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--engines", nargs="+", default=["tesseract", "rapidocr"])
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from PIL import Image

    engines = {"tesseract": lambda: tesseract_words, "rapidocr": Rapid}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.corpus
        if folder is None:
            folder = Path(tmp) / "corpus"
            with Renderer(args.chromium) as renderer:
                generate(folder, args.split, args.seed, args.screens, renderer)
        screens = [s for s in load(folder) if s["boxes"]]
        load_before = os.getloadavg()
        for name in args.engines:
            engine = engines[name]()
            if name == "rapidocr":
                print(f"rapidocr models (inside the package): {', '.join(p.name for p in engine.models)}")
            groups = defaultdict(lambda: [0, 0])
            took = defaultdict(list)
            for s in screens:
                with Image.open(s["png"]) as im:
                    im.load()
                    t = time.perf_counter()
                    words = engine(im)
                    took[(s["scale"], s["width"], s["height"])].append(time.perf_counter() - t)
                hit, total = recall_of(s, words)
                for key in ("all", f"scale {s['scale']}", f"theme {s['theme']}", f"font {s['font_px']}px",
                            f"template {s['template']}"):
                    groups[key][0] += hit
                    groups[key][1] += total
            print(f"\n{name}: word recall of gold-box text")
            for key in sorted(groups, key=lambda k: (k != "all", k)):
                h, n = groups[key]
                print(f"  {key:24} {h:5d}/{n:<5d} {h / n:.3f}")
            every = [x for xs in took.values() for x in xs]
            print(f"  seconds per screenshot: median {statistics.median(every):.2f}, max {max(every):.2f}")
            for (scale, w, h), xs in sorted(took.items()):
                print(f"    {w}x{h} scale {scale}: median {statistics.median(xs):.2f} s ({len(xs)})")
    print(f"\nload average before / after: {' '.join(f'{x:.1f}' for x in load_before)} / "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    for name, size in install_sizes().items():
        print(f"install size, {name}: {size}")


if __name__ == "__main__":
    main()
