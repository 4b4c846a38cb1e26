"""An organisation's own names (config `[[names]]`: employees, customers, projects) found in text, with the
tolerance OCR needs: case and accents ignored, and at most one differing character (Levenshtein edit) per eight
characters of the name (none for names under eight characters, one for 8-15, two for 16-23...).

Matching compares every run of 1..n words of the text (n: the longest name's word count) with every name, in
rapidfuzz's C implementation (`process.cdist`), so a list of thousands of names costs milliseconds per line.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from .entities import fold
from .patterns import Hit

CHARS_PER_EDIT = 8
WORD = re.compile(r"[\w'’.\-&]+")


def allowed_edits(name: str) -> int:
    return len(name) // CHARS_PER_EDIT


@functools.lru_cache(maxsize=16)
def _index(values: tuple[str, ...]) -> tuple[list[str], np.ndarray, np.ndarray, int]:
    folded = [" ".join(fold(v).split()) for v in values]
    limits = np.array([allowed_edits(v) for v in folded], dtype=np.int32)
    lengths = np.array([len(v) for v in folded], dtype=np.int32)
    return folded, limits, lengths, max(len(v.split()) for v in folded)


def match_lists(text: str, name_lists) -> list[Hit]:
    """Hits for each configured name found in `text` (the longest match wins where runs overlap)."""
    if not name_lists or not text.strip():
        return []
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    words = [(m.start(), m.end(), fold(m.group(0).strip(".-"))) for m in WORD.finditer(text)]
    hits: list[Hit] = []
    for nl in name_lists:
        folded, limits, lengths, most = _index(nl.values)
        runs, spans = [], []
        for i in range(len(words)):
            for n in range(1, most + 1):
                if i + n > len(words):
                    break
                runs.append(" ".join(w for _, _, w in words[i:i + n]))
                spans.append((words[i][0], words[i + n - 1][1]))
        if not runs:
            continue
        dist = process.cdist(runs, folded, scorer=Levenshtein.distance, dtype=np.int32,
                             score_cutoff=int(limits.max()) + 1, workers=1)
        run_len = np.array([len(r) for r in runs], dtype=np.int32)[:, None]
        ok = (dist <= limits[None, :]) & (np.abs(run_len - lengths[None, :]) <= limits[None, :])
        for r in np.flatnonzero(ok.any(axis=1)):
            best = int(np.argmin(np.where(ok[r], dist[r], 1 << 20)))
            conf = 0.95 if dist[r, best] == 0 else 0.85
            hits.append(Hit(spans[r][0], spans[r][1], nl.category, f"list:{nl.name}", conf))
    return _longest(hits)


def _longest(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if not any(h.start < o.end and o.start < h.end for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h.start)
