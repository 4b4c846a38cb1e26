"""The held-out split's name sources: Faker locales no detector reads, with every name part that a tuning list or
a detector's name list also holds drawn again, and company forms of their own. No detector, detector test or
training script may import this module (a test checks it)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .sources import tuning_name_parts
from .splits import HELDOUT_LOCALES
from .values import Source, ascii_slug

COMPANY_SUFFIXES = ("Holding", "Kft.", "S.R.L.", "d.o.o.", "UAB", "Oy", "s.r.o.", "a.s.")
# The name lists the detectors ship (folded, lower case, one a line): read here only to stay clear of them.
DETECTOR_NAME_LISTS = tuple(Path(__file__).resolve().parents[1] / "sensitive" / "data" / f"{kind}.txt"
                            for kind in ("first_names", "last_names"))


@functools.lru_cache(maxsize=1)
def excluded_name_parts() -> frozenset:
    """Every tuning name part (as written and folded) and every entry of the detectors' name lists (whole, and
    each of its words: 'van der berg' also excludes 'berg')."""
    parts = set(tuning_name_parts())
    parts |= {ascii_slug(p, "") for p in parts}
    for path in DETECTOR_NAME_LISTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                parts.add(line.strip())
                parts |= set(re.findall(r"\w+", line))
    return frozenset(parts - {""})


def heldout_source() -> Source:
    return Source(HELDOUT_LOCALES, exclude=excluded_name_parts(), company_suffixes=COMPANY_SUFFIXES)
