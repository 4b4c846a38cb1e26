"""Scoring detections against the corpus's gold boxes and titles. Pure functions, no I/O.

Definitions (issue "How good it must be"):
- a gold box is *caught* when some predicted region has IoU >= 0.3 with it (any category: a region
  redacts what it covers); recall = caught / gold boxes, per category of the gold box;
- a screen is *fully caught* when every gold box on it is caught (screens with at least one gold box);
- a region is *right* when it has IoU >= 0.3 with some gold box; precision = right / regions;
- decoy rate = share of screens without any gold box that got any region;
- title recall = share of titles with sensitive text (gold title categories) that were flagged;
  title false-positive rate = share of titles without sensitive text that were flagged.
Figures are given overall and grouped by template, theme, scale and split; recall also per category.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

THRESHOLD = 0.3
GROUPS = ("template", "theme", "scale")


def iou(a, b) -> float:
    """Intersection over union of two [x, y, w, h] boxes (0 when either is empty)."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    if aw <= 0 or ah <= 0 or bw <= 0 or bh <= 0:
        return 0.0
    iw = min(ax + aw, bx + bw) - max(ax, bx)
    ih = min(ay + ah, by + bh) - max(ay, by)
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / (aw * ah + bw * bh - inter)


def box_of(region: dict | list | tuple) -> list:
    """[x, y, w, h] of a region given as {x, y, w, h, ...}, {box: [...]}, or a list."""
    if isinstance(region, dict):
        return list(region["box"]) if "box" in region else [region["x"], region["y"], region["w"], region["h"]]
    return list(region)


def match(gold: list, regions: list, threshold: float = THRESHOLD) -> tuple[list[bool], list[bool]]:
    """(caught per gold box, right per region)."""
    g = [box_of(b) for b in gold]
    r = [box_of(b) for b in regions]
    caught = [any(iou(gb, rb) >= threshold for rb in r) for gb in g]
    right = [any(iou(rb, gb) >= threshold for gb in g) for rb in r]
    return caught, right


def _flagged(flag) -> bool:
    """A title flag given as a bool or as the categories found in the title."""
    return bool(flag)


@dataclass
class Tally:
    screens: int = 0
    boxes: int = 0
    caught: int = 0
    sensitive_screens: int = 0
    fully_caught: int = 0
    regions: int = 0
    right: int = 0
    same_category: int = 0  # caught boxes with a region of the gold box's category over them
    decoys: int = 0
    decoys_with_region: int = 0
    titles_sensitive: int = 0
    titles_flagged: int = 0
    titles_clean: int = 0
    titles_clean_flagged: int = 0

    def figures(self) -> dict:
        def ratio(a, b):
            return round(a / b, 3) if b else None

        return {"screens": self.screens, "boxes": self.boxes, "recall": ratio(self.caught, self.boxes),
                "fully_caught": ratio(self.fully_caught, self.sensitive_screens), "regions": self.regions,
                "precision": ratio(self.right, self.regions), "category_agrees": ratio(self.same_category, self.caught),
                "decoys": self.decoys, "decoy_rate": ratio(self.decoys_with_region, self.decoys),
                "title_recall": ratio(self.titles_flagged, self.titles_sensitive),
                "title_fp_rate": ratio(self.titles_clean_flagged, self.titles_clean)}


@dataclass
class CategoryTally:
    total: int = 0
    caught: int = 0
    same_category: int = 0

    def figures(self) -> dict:
        return {"boxes": self.total, "recall": round(self.caught / self.total, 3) if self.total else None,
                "category_agrees": round(self.same_category / self.caught, 3) if self.caught else None}


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    groups: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    categories: dict = field(default_factory=lambda: defaultdict(CategoryTally))
    title_categories: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # cat -> [flagged, total]

    def as_dict(self) -> dict:
        return {"overall": self.overall.figures(),
                "per_category": {c: t.figures() for c, t in sorted(self.categories.items())},
                "per_title_category": {c: {"titles": n, "recall": round(f / n, 3) if n else None}
                                       for c, (f, n) in sorted(self.title_categories.items())},
                **{f"per_{g}": {str(k): t.figures() for k, t in sorted(self.groups[g].items(), key=lambda x: str(x[0]))}
                   for g in GROUPS}}


def score_screen(tallies: list[Tally], report: Report, screen: dict, regions: list, title_flag) -> None:
    """Add one screen's figures to every tally in `tallies` and its boxes to the report's categories."""
    gold = screen["boxes"]
    caught, right = match(gold, regions)
    same = [any(iou(box_of(g), box_of(r)) >= THRESHOLD and isinstance(r, dict) and r.get("category") == g["category"]
                for r in regions) for g in gold]
    flagged = _flagged(title_flag)
    for tl in tallies:
        tl.screens += 1
        tl.boxes += len(gold)
        tl.caught += sum(caught)
        tl.same_category += sum(same)
        tl.regions += len(regions)
        tl.right += sum(right)
        if gold:
            tl.sensitive_screens += 1
            tl.fully_caught += all(caught)
        else:
            tl.decoys += 1
            tl.decoys_with_region += bool(regions)
        if screen["title_categories"]:
            tl.titles_sensitive += 1
            tl.titles_flagged += flagged
        else:
            tl.titles_clean += 1
            tl.titles_clean_flagged += flagged
    for g, c, sm in zip(gold, caught, same):
        cat = report.categories[g["category"]]
        cat.total += 1
        cat.caught += c
        cat.same_category += sm
    for cat in screen["title_categories"]:
        report.title_categories[cat][0] += flagged
        report.title_categories[cat][1] += 1


def evaluate(screens: list[dict], regions: dict[str, list], title_flags: dict[str, object]) -> Report:
    """Score predicted `regions` (screen id -> [{x, y, w, h, category}]) and `title_flags` (screen id -> bool or
    the categories found) against the screens' gold. A screen missing from either mapping predicted nothing."""
    report = Report()
    for screen in screens:
        sid = screen["id"]
        tallies = [report.overall] + [report.groups[g][screen[g]] for g in GROUPS]
        score_screen(tallies, report, screen, list(regions.get(sid, [])), title_flags.get(sid, False))
    return report


def format_report(report: dict, targets: bool = True) -> str:
    """The report (`Report.as_dict()`) as plain-text tables, for the benchmark's output and BENCHMARKS.md."""
    cols = ("screens", "boxes", "recall", "fully_caught", "regions", "precision", "decoy_rate", "title_recall",
            "title_fp_rate")

    def fmt(v):
        return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    lines = ["| group | " + " | ".join(cols) + " |", "|" + " --- |" * (len(cols) + 1)]
    lines.append("| **all** | " + " | ".join(fmt(report["overall"][c]) for c in cols) + " |")
    for g in GROUPS:
        for k, fig in report[f"per_{g}"].items():
            lines.append(f"| {g} {k} | " + " | ".join(fmt(fig[c]) for c in cols) + " |")
    lines += ["", "| category | boxes | recall | category agrees |", "| --- | --- | --- | --- |"]
    for c, fig in report["per_category"].items():
        lines.append(f"| {c} | {fig['boxes']} | {fmt(fig['recall'])} | {fmt(fig['category_agrees'])} |")
    if report["per_title_category"]:
        lines += ["", "| title holds | titles | flagged |", "| --- | --- | --- |"]
        for c, fig in report["per_title_category"].items():
            lines.append(f"| {c} | {fig['titles']} | {fmt(fig['recall'])} |")
    if targets:
        lines += ["", "Targets: recall >= 0.90 per category, fully caught >= 0.85, precision >= 0.90, "
                      "decoy rate <= 0.05, title recall >= 0.95, title FP rate <= 0.05."]
    return "\n".join(lines)
