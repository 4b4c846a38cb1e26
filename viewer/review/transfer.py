"""Annotations in and out as JSONL, one object per line (for other tools). Pure functions over a Store.

Line format: {"type": "label"|"flag"|"review"|"comment", "id", "version", "session_id", "content_hash",
"reviewer", ...the kind's fields (viewer.review.fields.FIELDS)}. On import a line without "id" creates a row;
with "id" and "version" it updates that row (or creates it with that id and version if this database does not
have it: export -> import into an empty database reproduces the annotations). An import is one transaction.
A line without "content_hash" (another tool cannot know it) takes the current content hash of its session in
the dataset given; a session not in the dataset refuses the import with that line. Regions may be written
[x, y, w, h] (screen 0) or {screen, x, y, w, h}; they are stored and exported in the object form.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from viewer.review import validate
from viewer.review.errors import InvalidField, NotFound, ReviewError, StaleEdit
from viewer.review.fields import FIELDS
from viewer.review.records import Record
from viewer.review.store import Store
from viewer.review.writer import Writer
from viewer.trace.cache import content_hash
from viewer.trace.dataset import find_sessions
from viewer.trace.manifest import read_manifest
from viewer.trace.validate import events_file

COMMON = ("type", "id", "version", "session_id", "content_hash", "reviewer")
ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


# -- export ---------------------------------------------------------------------------------------------
def to_line(record: Record) -> dict[str, Any]:
    return {"type": record.kind, "id": record.id, "version": record.version, "session_id": record.session_id,
            "content_hash": record.content_hash, "reviewer": record.reviewer, **record.data}


def export_records(store: Store, session_id: str | None = None) -> list[Record]:
    """Live annotations, by session, then review status, labels, flags, comments, each in time order."""
    records = [r for kind in ("review", "label", "flag", "comment") for r in store.find(kind, session_id)]
    order = {kind: i for i, kind in enumerate(("review", "label", "flag", "comment"))}
    return sorted(records, key=lambda r: (r.session_id, order[r.kind]))  # stable: keeps time order


def write_lines(records: list[Record], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(to_line(record), ensure_ascii=False, separators=(",", ":")) + "\n")


def export_jsonl(store: Store, path: str | Path, session_id: str | None = None) -> int:
    """Write the annotations to `path` ("-": stdout), atomically (a failed export leaves no partial file).
    Returns how many lines were written."""
    records = export_records(store, session_id)
    if str(path) == "-":
        write_lines(records, sys.stdout)
        return len(records)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            write_lines(records, out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(records)


# -- import ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}: {self.message}"


class ImportFailed(ReviewError):
    """The file was refused as a whole; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass
class Op:
    line: int
    kind: str
    session_id: str
    content_hash: str | None  # None: the session's current one, taken from the dataset
    reviewer: str | None
    entity_id: str | None
    version: int | None
    fields: dict[str, Any]


@dataclass
class ImportResult:
    counts: Counter = field(default_factory=Counter)  # created / updated / unchanged

    def __str__(self) -> str:
        return ", ".join(f"{self.counts[k]} {k}" for k in ("created", "updated", "unchanged"))


def parse(obj: object) -> Op:
    """One decoded line -> Op, or InvalidField naming the field (never echoing a value)."""
    if not isinstance(obj, dict):
        raise InvalidField("line", "must be a JSON object", "not-object")
    if "type" not in obj:
        raise InvalidField("type", "is required", "missing")
    kind = validate.kind(obj["type"])
    for name in obj:
        if name not in COMMON and name not in FIELDS[kind]:
            raise InvalidField(validate.field_label(name), f"is not a {kind} field", "unknown-field")
    entity_id, version = obj.get("id"), obj.get("version")
    if entity_id is not None:
        if not isinstance(entity_id, str) or not ID.fullmatch(entity_id):
            raise InvalidField("id", "must be 1-32 letters, digits, '-' or '_'")
        if version is None:
            raise InvalidField("version", "is required when id is given", "missing")
        version = validate.version(version)
    reviewer = obj.get("reviewer")
    fields = {name: obj[name] for name in FIELDS[kind] if name in obj}
    validate.values(kind, fields, current=None if entity_id is None else {})
    content_hash = obj.get("content_hash")
    return Op(0, kind, validate.key("session_id", obj.get("session_id")),
              None if content_hash is None else validate.key("content_hash", content_hash),
              None if reviewer is None else validate.key("reviewer", reviewer),
              entity_id, version if entity_id is not None else None, fields)


def read_ops(path: str | Path) -> tuple[list[Op], list[Problem]]:
    ops, problems, seen = [], [], set()
    for number, raw in enumerate(Path(path).read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            op = parse(decode(raw))
            op.line = number
            check_unique(op, seen)
            ops.append(op)
        except InvalidField as exc:
            problems.append(Problem(str(path), number, exc.code, str(exc)))
    return ops, problems


def decode(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidField("line", "is not UTF-8", "bad-encoding") from None
    except json.JSONDecodeError as exc:
        raise InvalidField("line", f"is not valid JSON ({exc.msg} at column {exc.colno})", "bad-json") from None


def check_unique(op: Op, seen: set) -> None:
    if op.entity_id is not None:
        if (op.kind, op.entity_id) in seen:
            raise InvalidField("id", "appears on an earlier line too", "duplicate")
        seen.add((op.kind, op.entity_id))
    if op.kind == "review":
        if ("review-session", op.session_id) in seen:
            raise InvalidField("session_id", "has a review status on an earlier line too", "duplicate")
        seen.add(("review-session", op.session_id))


def apply(tx: Writer, op: Op) -> str:
    if op.entity_id is None:
        tx.add(op.kind, op.session_id, op.content_hash, op.fields, reviewer=op.reviewer)
        return "created"
    stored = tx.current(op.kind, op.entity_id)
    if stored is None:
        tx.add(op.kind, op.session_id, op.content_hash, op.fields, reviewer=op.reviewer,
               entity_id=op.entity_id, version=op.version)
        return "created"
    if stored.session_id != op.session_id:
        raise InvalidField("session_id", "differs from the stored row (an annotation cannot move)", "immutable")
    after = tx.update(op.kind, op.entity_id, op.version, op.fields, op.content_hash)
    return "unchanged" if after.version == stored.version else "updated"


def problem_of(path: str, op: Op, exc: ReviewError) -> Problem:
    if isinstance(exc, InvalidField):
        return Problem(path, op.line, exc.code, str(exc))
    if isinstance(exc, StaleEdit):
        return Problem(path, op.line, "stale", f"version: {exc}")
    return Problem(path, op.line, "deleted" if "deleted" in str(exc) else "not-found", f"id: {exc}")


class _Abort(Exception):
    pass


def session_hashes(dataset: Path, wanted: set[str]) -> dict[str, str]:
    """{session id: current content hash} of the sessions of `dataset` whose id is in `wanted`."""
    found: dict[str, str] = {}
    sessions, _ = find_sessions(Path(dataset))
    for session_dir in sessions:
        manifest, _, raw = read_manifest(session_dir)
        sid = manifest.session_id if manifest is not None else None
        events = events_file(session_dir) if sid in wanted else None
        if events is not None:
            found[sid] = content_hash(raw, events.read_bytes())
    return found


def fill_hashes(path: str | Path, ops: list[Op], dataset: Path | None) -> list[Problem]:
    """Give each op without a content hash its session's current one; a problem per op that cannot have one."""
    missing = [op for op in ops if op.content_hash is None]
    if not missing:
        return []
    if dataset is None:
        return [Problem(str(path), op.line, "missing", "content_hash: is required when no dataset is given")
                for op in missing]
    hashes = session_hashes(dataset, {op.session_id for op in missing})
    problems = []
    for op in missing:
        op.content_hash = hashes.get(op.session_id)
        if op.content_hash is None:
            problems.append(Problem(str(path), op.line, "not-in-dataset", f"content_hash: missing, and session "
                                    f"{op.session_id} is not in {dataset} to take it from"))
    return problems


def import_jsonl(store: Store, path: str | Path, who: str, dataset: Path | None = None) -> ImportResult:
    """Import all lines of `path` in one transaction, as `who` (the audit log names them). Lines without a
    content hash take their session's current one from `dataset`. Raises ImportFailed listing every problem
    (`path:line: code: field: message`); then nothing was written."""
    ops, problems = read_ops(path)
    problems += fill_hashes(path, ops, dataset)
    if problems:
        raise ImportFailed(problems)
    result = ImportResult()
    try:
        with store.transaction(who) as tx:
            for op in ops:
                try:
                    result.counts[apply(tx, op)] += 1
                except (InvalidField, StaleEdit, NotFound) as exc:
                    problems.append(problem_of(str(path), op, exc))
            if problems:
                raise _Abort
    except _Abort:
        raise ImportFailed(problems) from None
    return result
