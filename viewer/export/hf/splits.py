"""Train/validation/test splits by data subject: every session of one person lands in one split, so no person
leaks across splits. Deterministic from the seed; people are assigned greedily (largest first) to the split
furthest below its share of sessions, after each split with a share got one person (when there are enough). Sessions whose person is unknown are refused unless the caller names
the one split they all go to."""

from __future__ import annotations

import hashlib
from collections import Counter

from ..base import ExportError

DEFAULT = {"train": 0.8, "validation": 0.1, "test": 0.1}
UNKNOWN = "unknown"


class SplitError(ExportError):
    """A bad `--split` value, or people whose sessions cannot be placed (the message says which, never who)."""


def parse(text: str | None) -> dict[str, float]:
    """"train=0.8,validation=0.1,test=0.1" -> ratios summing to 1 (names are letters, digits, '_' and '-')."""
    if not text:
        return dict(DEFAULT)
    ratios: dict[str, float] = {}
    for part in text.split(","):
        name, _, value = part.strip().partition("=")
        name = name.strip()
        if not name or not all(c.isalnum() or c in "_-" for c in name):
            raise SplitError(f"--split: {part.strip()!r} is not NAME=RATIO")
        try:
            ratios[name] = float(value)
        except ValueError:
            raise SplitError(f"--split: {part.strip()!r} is not NAME=RATIO") from None
        if ratios[name] < 0:
            raise SplitError(f"--split: the ratio of {name} is negative")
    total = sum(ratios.values())
    if total <= 0 or abs(total - 1) > 1e-6:
        raise SplitError(f"--split: the ratios add up to {total:g}, not 1")
    return ratios


def _order(person: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}\0{person}".encode()).hexdigest()


def assign(sessions_per_person: Counter, ratios: dict[str, float], seed: int,
           unknown_split: str | None = None) -> dict[str, str]:
    """person -> split. `unknown` sessions go to `unknown_split`, or SplitError."""
    people = dict(sessions_per_person)
    out: dict[str, str] = {}
    if UNKNOWN in people or "" in people:
        if unknown_split is None:
            n = people.get(UNKNOWN, 0) + people.get("", 0)
            raise SplitError(f"{n} session(s) have no known person, so they cannot be kept out of other splits: "
                             "name the split they go to (--unknown-split NAME) or leave them out")
        if unknown_split not in ratios:
            raise SplitError(f"--unknown-split {unknown_split}: not one of the splits ({', '.join(ratios)})")
        for key in (UNKNOWN, ""):
            if people.pop(key, None) is not None:
                out[key] = unknown_split
    total = sum(people.values())
    filled = Counter()
    order = sorted(people, key=lambda p: (-people[p], _order(p, seed)))
    wanted = sorted((s for s in ratios if ratios[s] > 0), key=lambda s: ratios[s])
    if len(order) >= len(wanted):  # every split with a share gets someone: the smallest go to the smallest splits
        for split, person in zip(wanted, reversed(order)):
            out[person] = split
            filled[split] += people[person]
        order = [p for p in order if p not in out]
    for person in order:
        need = {s: ratios[s] * total - filled[s] for s in ratios}
        split = max(ratios, key=lambda s: (need[s], ratios[s]))
        out[person] = split
        filled[split] += people[person]
    return out
