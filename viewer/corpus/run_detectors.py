"""The adapter between the corpus and the sensitive-content detectors: one screenshot (with its window title)
in, regions and title categories out, in the shapes `evaluate` scores.

A detector is any object with
    regions(image: PIL.Image.Image, title: str) -> list[{x, y, w, h, category}]   (device pixels)
    title(title: str) -> list[str]                                               (categories found; [] = clean)
`load("package.module:factory")` builds one from a zero-argument factory (a class or a function), so a new
detector plugs in with `bench/bench_screens.py --detector package.module:factory` and no change here.
`Current` runs today's pipeline: OCR plus the pattern detectors (`viewer.sensitive.ocr.image_hits`), the
pattern detectors on the title, and the built-in window-title rules as whole-screen regions, as
`suggest --ocr` would suggest them. `Screens` runs the screen detectors of `viewer.sensitive.screen.detect_screen`
(OCR, patterns, name lists and screen structure; the title's values also looked for on the image) and scores the
title by its title findings: `--detector viewer.corpus.run_detectors:Screens`.
"""

from __future__ import annotations

import importlib

from viewer.sensitive import default_config
from viewer.sensitive.patterns import scan


class Current:
    def __init__(self, title_rules: bool = True):
        self.config = default_config()
        self.title_rules = title_rules

    def regions(self, image, title: str) -> list[dict]:
        from viewer.sensitive.ocr import image_hits

        out = [{"x": box[0], "y": box[1], "w": box[2], "h": box[3], "category": hit.category}
               for hit, box, _preview in image_hits(image, self.config)]
        if self.title_rules:
            rule = next((r for r in self.config.title_rules if r.field == "title" and r.regex.search(title)), None)
            if rule is not None:  # a whole-screen flag for the window, as window_findings suggests it
                out.append({"x": 0, "y": 0, "w": image.width, "h": image.height, "category": rule.category})
        return out

    def title(self, title: str) -> list[str]:
        return sorted({h.category for h in scan(title, self.config.patterns)})


class Screens:
    """`detect_screen` on one screenshot and its title: pixel findings are the regions, the categories of the
    title findings are the title's flags. No whole-screen title rules (`detect_screen` draws none)."""

    def __init__(self):
        self.config = default_config()

    def regions(self, image, title: str) -> list[dict]:
        from viewer.sensitive.screen import detect_screen

        out = []
        for finding in detect_screen(image, title=title, config=self.config, in_title=False):
            for _frame, x, y, w, h in finding.regions:
                out.append({"x": x, "y": y, "w": w, "h": h, "category": finding.category})
        return out

    def title(self, title: str) -> list[str]:
        from viewer.sensitive.titles import title_hits

        return sorted({h.category for h in title_hits(title, "", self.config)})


def load(spec: str | None):
    """The detector named by "module:factory" (default: `Current`)."""
    if not spec:
        return Current()
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise ValueError(f"detector {spec!r}: expected 'package.module:factory'")
    factory = getattr(importlib.import_module(module), attr)
    detector = factory()
    for method in ("regions", "title"):
        if not callable(getattr(detector, method, None)):
            raise ValueError(f"detector {spec!r} has no {method}() method")
    return detector
