"""Tolerant search for a known value inside other text (OCR lines, window titles, typed or recorded text).

Both sides are folded the same way before comparing: case folded, and everything but letters and digits
dropped, so spacing, digit grouping ("4111 1111" / "41111111"), separators and an OCR that drops an "@" or
a "." do not matter. On the folded text a value may differ by about one character in eight (OCR misreads:
O/0, l/1, S/5), found with rapidfuzz's partial alignment and checked with a Levenshtein distance.
Values shorter than MIN_LENGTH folded characters are not followed: too many innocent strings match them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

MIN_LENGTH = 6
CHARS_PER_ERROR = 8


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of the character it came from."""

    text: str
    origin: tuple[int, ...]


def fold(text: str) -> Folded:
    chars, origin = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            for c in ch.casefold():
                chars.append(c)
                origin.append(i)
    return Folded("".join(chars), tuple(origin))


def folded_value(value: str) -> str:
    return fold(value).text


def followable(value: str) -> bool:
    return len(folded_value(value)) >= MIN_LENGTH


def allowed_errors(folded: str) -> int:
    return len(folded) // CHARS_PER_ERROR


def find_raw(needle: str, text: str, limit: int = 8) -> list[tuple[int, int]]:
    """(start, end) ranges of the folded `needle` in the folded `text`, never overlapping: exact hits (the
    common case, and cheap), else approximate ones within allowed_errors."""
    if len(needle) < MIN_LENGTH or not text:
        return []
    found: list[tuple[int, int]] = []
    start = 0
    while len(found) < limit:
        i = text.find(needle, start)
        if i < 0:
            break
        found.append((i, i + len(needle)))
        start = i + len(needle)
    errors = allowed_errors(needle)
    if errors and not found:
        found = _fuzzy(needle, text, errors, limit)
    return found


def find_folded(needle: str, haystack: Folded, limit: int = 8) -> list[tuple[int, int]]:
    """(start, end) character ranges of `haystack`'s original text where the folded `needle` occurs."""
    return [(haystack.origin[a], haystack.origin[b - 1] + 1) for a, b in find_raw(needle, haystack.text, limit)]


def _fuzzy(needle: str, text: str, errors: int, limit: int) -> list[tuple[int, int]]:
    """Approximate hits: the best aligned window, checked by edit distance, then the rest of the text."""
    found: list[tuple[int, int]] = []
    cutoff = 100.0 * (1 - (errors + 0.5) / len(needle))  # an indel ratio a little under `errors` substitutions
    masked = text
    while len(found) < limit and len(masked) >= len(needle) - errors:
        hit = fuzz.partial_ratio_alignment(needle, masked, score_cutoff=cutoff)
        if hit is None or hit.dest_end <= hit.dest_start:
            break
        a, b = _best_window(needle, masked, hit.dest_start, hit.dest_end, errors)
        if a is None:
            break
        found.append((a, b))
        masked = masked[:a] + "\x00" * (b - a) + masked[b:]  # never matches an alphanumeric needle
    return found


def _best_window(needle: str, text: str, a: int, b: int, errors: int) -> tuple[int | None, int]:
    """Around the aligned window, the start and end within `errors` of it that are closest to `needle`."""
    best, where = errors + 1, (None, 0)
    for da in range(-errors, errors + 1):
        for db in range(-errors, errors + 1):
            x, y = max(0, a + da), min(len(text), b + db)
            if y - x < len(needle) - errors:
                continue
            d = Levenshtein.distance(needle, text[x:y], score_cutoff=errors)
            if d < best:
                best, where = d, (x, y)
    return where


def find(value: str, text: str, limit: int = 8) -> list[tuple[int, int]]:
    """Where `value` occurs in `text`, tolerantly: (start, end) in `text`'s own characters."""
    return find_folded(folded_value(value), fold(text), limit)


def replace(text: str, values: list[tuple[str, str]], placeholder=lambda category: f"[{category}]") -> tuple[str, int]:
    """`text` with every occurrence of each (category, value) replaced by "[category]"; (new text, replaced)."""
    hits: list[tuple[int, int, str]] = []
    folded = fold(text)
    for category, value in values:
        hits += [(a, b, category) for a, b in find_folded(folded_value(value), folded)]
    if not hits:
        return text, 0
    out, last, n = [], 0, 0
    for a, b, category in sorted(hits):
        if a < last:  # overlaps one replaced already
            continue
        out += [text[last:a], placeholder(category)]
        last, n = b, n + 1
    out.append(text[last:])
    return "".join(out), n
