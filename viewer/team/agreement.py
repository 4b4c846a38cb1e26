"""How far two reviewers of one session agree, and what they need to settle. Pure functions.

- Flags: IoU of the time each reviewer flagged (the union of their accepted flags' spans), overall and per
  category. Nobody flagging anything counts as full agreement.
- Labels: spans matched one to one (greedily, best IoU first) when their IoU is at least 0.5; agreement is
  2 x (matched pairs with the same outcome) / (labels of both), 1 when neither labelled anything.
- Status: the two verdicts are equal or not.
Spans are any objects with `t_start` and `t_end` (flags also `category`, labels `outcome`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

MATCH_IOU = 0.5


# -- intervals ------------------------------------------------------------------------------------------------
def union(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted, non-overlapping intervals covering the same time."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def total(intervals: Iterable[tuple[float, float]]) -> float:
    return sum(end - start for start, end in intervals)


def overlap(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> float:
    """Time covered by both of two unions (each sorted and disjoint)."""
    i = j = 0
    shared = 0.0
    while i < len(a) and j < len(b):
        shared += max(0.0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return shared


def iou(a_spans: Iterable[tuple[float, float]], b_spans: Iterable[tuple[float, float]]) -> float:
    """Intersection over union of the time two sets of spans cover. When neither covers any time (no spans,
    or instants only) it is 1 if they are the same instants (or both empty), else 0."""
    a, b = union(a_spans), union(b_spans)
    shared = overlap(a, b)
    covered = total(a) + total(b) - shared
    if covered <= 0:
        return 1.0 if a == b else 0.0
    return shared / covered


def _span(item: Any) -> tuple[float, float]:
    return float(item.t_start), float(item.t_end)


# -- flags and labels ---------------------------------------------------------------------------------------
def flag_iou(a: Sequence[Any], b: Sequence[Any]) -> float:
    return iou(map(_span, a), map(_span, b))


def flag_iou_by_category(a: Sequence[Any], b: Sequence[Any]) -> dict[str, float]:
    categories = sorted({f.category for f in a} | {f.category for f in b})
    return {c: iou([_span(f) for f in a if f.category == c], [_span(f) for f in b if f.category == c])
            for c in categories}


def match(a: Sequence[Any], b: Sequence[Any], min_iou: float = MATCH_IOU) -> list[tuple[int, int, float]]:
    """One-to-one pairs (index in a, index in b, IoU), best IoU first, each at least `min_iou` (and > 0)."""
    candidates = sorted(((iou([_span(x)], [_span(y)]), i, j) for i, x in enumerate(a) for j, y in enumerate(b)),
                        key=lambda c: (-c[0], c[1], c[2]))
    used_a, used_b, pairs = set(), set(), []
    for score, i, j in candidates:
        if score < min_iou or score <= 0 or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, score))
    return pairs


def label_agreement(a: Sequence[Any], b: Sequence[Any]) -> float:
    if not a and not b:
        return 1.0
    same = sum(1 for i, j, _ in match(a, b) if a[i].outcome == b[j].outcome)
    return 2 * same / (len(a) + len(b))


# -- the whole comparison ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Side:
    """One reviewer's pass: their verdict, labels and accepted flags."""

    reviewer: str
    status: str | None
    labels: Sequence[Any] = ()
    flags: Sequence[Any] = ()


@dataclass(frozen=True)
class Disagreement:
    kind: str  # flag-only, flag-span, label-only, label-outcome, status
    t_start: float | None
    t_end: float | None
    detail: str  # names, categories, outcomes and times only: never typed or noted text


@dataclass(frozen=True)
class Agreement:
    flag_iou: float
    flag_iou_by_category: dict[str, float]
    label_agreement: float
    status_agrees: bool
    disagreements: list[Disagreement] = field(default_factory=list)


def compare(first: Side, second: Side) -> Agreement:
    return Agreement(flag_iou(first.flags, second.flags), flag_iou_by_category(first.flags, second.flags),
                     label_agreement(first.labels, second.labels), first.status == second.status,
                     disagreements(first, second))


def disagreements(first: Side, second: Side) -> list[Disagreement]:
    found = _flag_disagreements(first, second) + _label_disagreements(first, second)
    if first.status != second.status:
        found.append(Disagreement("status", None, None, f"{first.reviewer}: {first.status or 'none'}, "
                                                        f"{second.reviewer}: {second.status or 'none'}"))
    return sorted(found, key=lambda d: (d.t_start is None, d.t_start or 0.0, d.kind))


def _only(kind: str, who: str, item: Any, what: str) -> Disagreement:
    return Disagreement(kind, float(item.t_start), float(item.t_end), f"only {who} has this {what}")


def _flag_disagreements(first: Side, second: Side) -> list[Disagreement]:
    found = []
    for category in sorted({f.category for f in first.flags} | {f.category for f in second.flags}):
        a = [f for f in first.flags if f.category == category]
        b = [f for f in second.flags if f.category == category]
        pairs = match(a, b, min_iou=0.0)  # any overlap of the same category is the same finding
        found += [_only("flag-only", first.reviewer, a[i], f"{category} flag")
                  for i in sorted(set(range(len(a))) - {i for i, _, _ in pairs})]
        found += [_only("flag-only", second.reviewer, b[j], f"{category} flag")
                  for j in sorted(set(range(len(b))) - {j for _, j, _ in pairs})]
        for i, j, score in pairs:
            if score < MATCH_IOU:
                start, end = min(a[i].t_start, b[j].t_start), max(a[i].t_end, b[j].t_end)
                found.append(Disagreement("flag-span", float(start), float(end),
                                          f"{category} flag spans differ (IoU {score:.2f})"))
    return found


def _label_disagreements(first: Side, second: Side) -> list[Disagreement]:
    a, b = list(first.labels), list(second.labels)
    pairs = match(a, b)
    found = [_only("label-only", first.reviewer, a[i], "label")
             for i in sorted(set(range(len(a))) - {i for i, _, _ in pairs})]
    found += [_only("label-only", second.reviewer, b[j], "label")
              for j in sorted(set(range(len(b))) - {j for _, j, _ in pairs})]
    for i, j, _ in pairs:
        if a[i].outcome != b[j].outcome:
            found.append(Disagreement("label-outcome", float(a[i].t_start), float(a[i].t_end),
                                      f"outcome {first.reviewer}: {a[i].outcome or 'none'}, "
                                      f"{second.reviewer}: {b[j].outcome or 'none'}"))
    return found


# -- whose rows -----------------------------------------------------------------------------------------------
def flags_of(flags: Iterable[Any], reviewer: str) -> list[Any]:
    """The accepted flags a reviewer stands behind: their own, and detector suggestions they accepted."""
    return [f for f in flags if f.status == "accepted"
            and (f.reviewer == reviewer or (f.source != "human" and f.updated_by == reviewer))]


def labels_of(labels: Iterable[Any], reviewer: str) -> list[Any]:
    return [label for label in labels if label.reviewer == reviewer]
