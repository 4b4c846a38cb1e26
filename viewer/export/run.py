"""One export, whoever asks for it: the command line (`export`) and the Export page both call `run_export`,
so the two cannot drift apart. It follows every chosen session's flagged values first (`follow=True`),
writes the trace or the Hugging Face layout, records the export in the access log, and reports what it is
doing as an `ExportProgress` (counts, a stage and a session id; never content)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path

from viewer.sensitive.config import Config
from viewer.team import access

from .base import KEY_ENV, ExportError
from .dataset import FOLLOWING, WRITING, export_dataset

# the stages an export goes through, in order (an hf export then writes its shards: hf.SHARDS)
STARTING, READING = "starting", "reading screens"
__all__ = ["FOLLOWING", "READING", "STARTING", "WRITING", "ExportProgress", "ExportRequest", "run_export"]


@dataclass(frozen=True)
class ExportProgress:
    """A snapshot of a running export. `sessions_done` of `sessions_total` counts the sessions written in the
    current stage's pass (an hf export passes twice: the redacted sessions, then the shards); `screens_*`
    count the screens of `session` read while its flagged values are followed."""

    stage: str = STARTING
    sessions_done: int = 0
    sessions_total: int = 0
    session: str | None = None
    screens_done: int = 0
    screens_total: int = 0
    screens_what: str = ""

    def line(self) -> str:
        """One line for a page or a terminal: "writing sessions: 2 of 5 session(s) · s03"."""
        if self.stage == STARTING:
            return "starting (choosing sessions, checking consent and undecided suggestions)"
        text = f"{self.stage}: {self.sessions_done} of {self.sessions_total} session(s)"
        if self.session:
            text += f" · {self.session}"
        if self.stage == READING and self.screens_total:
            text += f" · {self.screens_done} of {self.screens_total} {self.screens_what or 'screens'}"
        return text


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how (export_dataset's options; `hf` set: the Hugging Face layout)."""

    dataset: Path
    out: Path
    statuses: tuple[str, ...] = ("approved",)
    only: Collection[str] | None = None
    pending: str = "refuse"
    config: Config | None = None
    purpose: str = "agent-training"
    recipient: str = ""
    who: str = "?"
    cache: Path | None = None
    hf: object | None = None  # viewer.export.hf.HfOptions
    engine: str | None = None
    address: str | None = None
    workers: int | None = None

    @property
    def format(self) -> str:
        return "trace" if self.hf is None else "hf"


class _Tracker:
    """Turns the export's three callbacks into ExportProgress snapshots handed to `report` (which may raise to
    stop the export: a cancelled job does)."""

    def __init__(self, report: Callable[[ExportProgress], None] | None) -> None:
        self.now = ExportProgress()
        self.report = report

    def _set(self, **changes) -> None:
        self.now = replace(self.now, **changes)
        if self.report is not None:
            self.report(self.now)

    def written(self, done: int, total: int, sid: str | None) -> None:
        self._set(sessions_done=done, sessions_total=total, session=sid or self.now.session)

    def stage(self, what: str, sid: str | None) -> None:
        self._set(stage=what, session=sid, screens_done=0, screens_total=0, screens_what="")

    def screens(self, done: int, total: int, what: str) -> None:
        self._set(stage=READING, screens_done=done, screens_total=total, screens_what=what)


def run_export(request: ExportRequest, store, key: bytes,
               progress: Callable[[ExportProgress], None] | None = None) -> dict:
    """Writes the export at `request.out` (which must not exist; nothing is left there unless all of it was
    written, whatever stops it), records it in the access log as `request.who`, returns the manifest.
    `progress` gets a snapshot at every step; an exception it raises stops the export (and propagates).
    Raises ExportError (and its kinds: undecided suggestions, a split that cannot be made), ReviewError,
    OSError, viewer.engine.EngineError."""
    if not key:
        raise ExportError(f"{KEY_ENV} is not set: a key is required to pseudonymise users")
    track = _Tracker(progress)
    options = dict(statuses=request.statuses or ("approved",), only=request.only, pending=request.pending,
                   config=request.config, purpose=request.purpose, recipient=request.recipient, who=request.who,
                   cache=request.cache, follow=True, engine=request.engine, address=request.address,
                   workers=request.workers, progress=track.written, follow_progress=track.screens,
                   stage=track.stage)
    if request.hf is None:
        body = export_dataset(request.dataset, request.out, store, key, **options)
    else:
        from .hf import export_hf

        body = export_hf(request.dataset, request.out, store, key, request.hf, **options)
    access.record(store, request.who, "export", detail=export_detail(body, Path(request.out).name))
    return body


def consent_note(said: dict) -> str:
    """What consent did to the export, in counts and fixed reasons (never a session id or a person)."""
    if not said["enforced"]:
        return f"note: consent is not enforced: the database holds no consent record (purpose {said['purpose']})"
    parts = [f"consent for {said['purpose']} enforced"]
    for reason, n in said["left_out"].items():
        parts.append(f"{n} session(s) left out: {reason}")
    if said["out_of_scope_stretches"]:
        parts.append(f"{said['out_of_scope_stretches']} stretch(es) outside the consent removed")
    return "; ".join(parts)


def undecided_note(body: dict) -> str:
    said = body["undecided_suggestions"]
    return f"{said['count']} undecided suggestion(s) in {said['sessions']} session(s) {said['treated']}"


def export_detail(body: dict, name: str) -> str:
    """The access log's line for an export: how many sessions, where, what happened to undecided suggestions."""
    said = body["undecided_suggestions"]
    detail = f"{len(body['sessions'])} session(s) to {name}"
    if said["count"]:
        detail += f"; {undecided_note(body)} (--{said['choice']}-pending)"
    return detail
