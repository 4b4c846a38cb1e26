"""Data-subject deletion: remove a person's sessions from a dataset and everything kept about them.

`plan` looks and changes nothing (the preview); `erase` carries a plan out in an order that a failure
half-way leaves re-runnable: database rows first (one transaction), then cache entries, then each session
directory (renamed into a trash directory inside the dataset, then deleted). Whatever is left is found and
finished by running again. At the end one audit row records who erased how much when, with a random erasure id
and nothing that was deleted; the erasure register (viewer.consent.erasures) links that id to the person, so
their access report lists it and an auditor can confirm the request was carried out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from viewer.consent import erasures
from viewer.review.store import Store, reason
from viewer.sensitive import ocr_cache
from viewer.team import erase_db, erase_files
from viewer.team.erase_files import SubjectSession


class EraseError(Exception):
    """The deletion could not start, or stopped half-way (the message says where; running again finishes)."""


@dataclass
class ErasePlan:
    erasure_id: str  # random: a hash of a short user name could be reversed by guessing
    sessions: list[SubjectSession]
    rows: dict[str, int]  # table -> rows about the sessions
    cache_files: list[Path]
    report_rows: int  # rows of the cached quality report
    leftovers: list[Path]  # in the trash from an interrupted run
    problems: list[str] = field(default_factory=list)  # sessions that could not be checked

    @property
    def session_ids(self) -> list[str]:
        return sorted({s.session_id for s in self.sessions} | {s.dir.name for s in self.sessions})

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def empty(self) -> bool:
        return not (self.sessions or self.rows or self.cache_files or self.report_rows or self.leftovers)

    def lines(self) -> list[str]:
        """What would go, for a person to read (session ids and counts only)."""
        out = [f"{len(self.sessions)} session(s): " + (", ".join(s.dir.name for s in self.sessions) or "none")]
        out += [f"{n} row(s) in {table}" for table, n in sorted(self.rows.items())]
        out.append(f"{len(self.cache_files)} cache file(s), {self.report_rows} quality-report row(s)")
        if self.leftovers:
            out.append(f"{len(self.leftovers)} directory(ies) left in the trash by an interrupted run")
        return out


def new_erasure_id() -> str:
    """What the audit keeps of the request: random, so nothing in it leads back to the person."""
    return uuid.uuid4().hex


def plan(root: Path, subject: str, store: Store, cache_dir: Path) -> ErasePlan:
    """What erasing every session whose manifest `user` is `subject` would remove (changes nothing)."""
    root = Path(root)
    if not subject or not subject.strip():
        raise EraseError("the subject's name is empty")
    if not root.is_dir():
        raise EraseError(f"{root}: not-found: no such dataset directory")
    try:
        sessions, problems = erase_files.subject_sessions(root, subject)
    except OSError as exc:
        raise EraseError(f"cannot read the dataset: {exc.strerror or exc}") from None
    return _plan(root, sessions, problems, store, cache_dir)


def plan_sessions(root: Path, sessions: list[SubjectSession], store: Store, cache_dir: Path) -> ErasePlan:
    """What erasing these sessions (directories directly under `root`) would remove, e.g. for retention."""
    root = Path(root)
    if not root.is_dir():
        raise EraseError(f"{root}: not-found: no such dataset directory")
    return _plan(root, list(sessions), [], store, cache_dir)


def _plan(root: Path, sessions: list[SubjectSession], problems: list[str], store: Store,
          cache_dir: Path) -> ErasePlan:
    try:
        cache = [p for s in sessions for p in erase_files.cache_entries(s.dir, cache_dir)]
        names = {s.session_id for s in sessions} | {s.dir.name for s in sessions}
        report = erase_files.report_rows(root, cache_dir, names)
        leftovers = erase_files.leftovers(root)
    except OSError as exc:
        raise EraseError(f"cannot read the dataset: {exc.strerror or exc}") from None
    result = ErasePlan(new_erasure_id(), sessions, {}, cache, report, leftovers, problems)
    try:
        result.rows = erase_db.count_rows(store, result.session_ids)
    except SQLAlchemyError as exc:
        raise EraseError(f"cannot read the annotation database: {reason(exc)}") from None
    return result


@dataclass(frozen=True)
class Erased:
    sessions: int
    rows: int
    cache_files: int
    erasure_id: str  # printed to the admin, kept in the audit row


def erase(root: Path, subject: str, store: Store, cache_dir: Path, who: str) -> Erased:
    """Erase a data subject; raises EraseError naming the step that failed (running again finishes it)."""
    done = carry_out(root, plan(root, subject, store, cache_dir), store, cache_dir, who)
    try:
        erasures.carried_out(store, subject, who, done.erasure_id, done.sessions, done.rows)
    except SQLAlchemyError as exc:
        raise EraseError(f"everything was deleted, but the erasure register could not be written: {reason(exc)}") \
            from None
    return done


def carry_out(root: Path, todo: ErasePlan, store: Store, cache_dir: Path, who: str, why: str = "data-subject erasure") \
        -> Erased:
    """Remove what `todo` lists: rows (one transaction), cache entries, then each directory via the trash."""
    root = Path(root)
    try:
        rows = erase_db.delete_rows(store, todo.session_ids)
    except SQLAlchemyError as exc:
        raise EraseError(f"the database rows could not be deleted, so nothing was: {reason(exc)}") from None
    step = "removing cache entries"
    try:
        for path in todo.cache_files:
            path.unlink(missing_ok=True)
        for session_id in todo.session_ids:  # the OCR folder too (its name is a hash of the id), and any entry
            ocr_cache.erase(cache_dir, session_id)  # read since the preview
        erase_files.drop_report_rows(root, cache_dir, set(todo.session_ids))
        for session in todo.sessions:
            step = f"moving {session.dir.name} to the trash"
            erase_files.move_to_trash(root, session.dir)
        step = "emptying the trash"
        erase_files.empty_trash(root)
    except OSError as exc:
        raise EraseError(f"stopped while {step}: {exc.strerror or exc}; the database rows are already gone; "
                         "run the same command again to finish") from None
    done = Erased(len(todo.sessions), sum(rows.values()), len(todo.cache_files), todo.erasure_id)
    try:
        erase_db.record_erasure(store, who, todo.erasure_id, done.sessions, done.rows, done.cache_files, why)
    except SQLAlchemyError as exc:
        raise EraseError(f"everything was deleted, but the audit row could not be written: {reason(exc)}") from None
    return done
