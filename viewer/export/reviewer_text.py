"""Text reviewers wrote (task labels' instructions, notes and tags) leaves only after the detectors read it:
every value they find (the secret and personal-data patterns of `viewer/sensitive`, `key=value` assignments of
passwords and tokens, the organisation's own patterns) is replaced by its category in brackets, `[email]`,
and the rest of the text is kept. Masking rather than refusing: a note that mentions an address is still a
useful label, and nothing of the value is left to refuse over. The count of masked values is reported; the
values never are.

Each exported session carries its live task labels as `labels.jsonl` (one label a line: id, version, t_start,
t_end, instruction, outcome, quality, tags, note). Comments and flag notes stay in the annotation database."""

from __future__ import annotations

from pathlib import Path

import orjson

from viewer.sensitive.config import Config
from viewer.sensitive.detect import KEYWORD_VALUE
from viewer.sensitive.patterns import Hit, merge, scan

from .manifest import write_hashed

LABELS_FILE = "labels.jsonl"
LABEL_FIELDS = ("t_start", "t_end", "instruction", "outcome", "quality", "tags", "note")


def _hits(text: str, config: Config) -> list[Hit]:
    hits = scan(text, config.patterns)
    for m in KEYWORD_VALUE.finditer(text):  # "password: hunter2" in a note has no pattern of its own
        cat = "password" if m.group(1).lower() in ("password", "passwd", "pwd") else "secret"
        hits.append(Hit(m.start(2), m.end(2), cat, "keyword", 0.8))
    return merge(hits)


def mask_text(text: str, config: Config) -> tuple[str, int]:
    """(`text` with each detected value replaced by `[category]`, how many were replaced)."""
    if not text or not text.strip():
        return text, 0
    hits = _hits(text, config)
    out, at = [], 0
    for h in hits:
        out += [text[at:h.start], f"[{h.category}]"]
        at = h.end
    out.append(text[at:])
    return "".join(out), len(hits)


def clean_label(data: dict, config: Config) -> tuple[dict, int]:
    """A label's exported fields, its texts masked; (the label, values masked)."""
    out, masked = {}, 0
    for key in LABEL_FIELDS:
        value = data.get(key)
        if key in ("instruction", "note") and isinstance(value, str):
            value, n = mask_text(value, config)
            masked += n
        elif key == "tags" and isinstance(value, list):
            cleaned = [mask_text(str(tag), config) for tag in value]
            value = [tag for tag, _ in cleaned]
            masked += sum(n for _, n in cleaned)
        out[key] = value
    return out, masked


def write_labels(dst: Path, labels, config: Config) -> tuple[dict[str, str], int]:
    """Writes `labels.jsonl` into the exported session `dst` (nothing when it has no label); returns
    ({relative path: sha256}, values masked)."""
    if not labels:
        return {}, 0
    lines, masked = [], 0
    for rec in sorted(labels, key=lambda r: (float(r.data.get("t_start", 0.0)), r.id)):
        body, n = clean_label(rec.data, config)
        masked += n
        lines.append(orjson.dumps({"id": rec.id, "version": rec.version, **body}))
    return {LABELS_FILE: write_hashed(dst / LABELS_FILE, b"".join(x + b"\n" for x in lines))}, masked
