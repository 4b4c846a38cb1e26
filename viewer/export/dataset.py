"""The dataset driver: which sessions go out (review status, an optional chosen set), refused while they hold
undecided suggestions unless the caller says how to treat them, each one exported into a hidden partial
directory that is renamed into place only when everything, manifest included, is written."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from viewer.sensitive.config import Config, default_config
from viewer.sensitive.ocr import OcrUnavailable

from . import consent_gate
from . import pending as undecided
from .base import KEY_ENV, ExportError, accepted_by_session
from .follow_step import follow_and_read
from .manifest import sha256, verify_export, write_manifest
from .reviewer_text import write_labels
from .session import export_session, session_id_of

COPY_THREADS = 2  # one per core: copies, hashes and image redaction release the GIL

# progress(sessions done, sessions in total, the session just finished or None at the start)
Progress = Callable[[int, int, str | None], None]
# stage(what, session id) as a session's step begins: "following flagged values" or "writing sessions"
Stage = Callable[[str, str | None], None]
FOLLOWING, WRITING = "following flagged values", "writing sessions"


def session_dirs(dataset: Path) -> list[Path]:
    dataset = Path(dataset)
    if (dataset / "session.json").is_file():
        return [dataset]
    return sorted(p for p in dataset.iterdir() if p.is_dir() and (p / "session.json").is_file())


def review_statuses(store) -> dict[str, str]:
    """session id -> live review status (one query; a session without one is "unreviewed")."""
    return {r.session_id: r.data.get("status", "unreviewed") for r in store.find("review")}


def chosen_sessions(dataset: Path, store, statuses: Collection[str],
                    only: Collection[str] | None = None) -> list[tuple[str, Path]]:
    """(session id, directory) of the sessions to export, in directory order."""
    status_of = review_statuses(store)
    chosen = []
    for src in session_dirs(dataset):
        sid = session_id_of(src)
        if status_of.get(sid, "unreviewed") in statuses and (only is None or sid in only):
            chosen.append((sid, src))
    return chosen


def _finish(sid: str, name: str, hashes: dict[str, str], jobs) -> dict[str, str]:
    """Waits for a session's files; all its hashes keyed by path in the export."""
    for job in jobs:
        hashes.update(job.result())
    return {f"{name}/{rel}": h for rel, h in hashes.items()}


def _labels_by_session(store) -> dict[str, list]:
    found: dict[str, list] = {}
    for rec in store.find("label"):
        found.setdefault(rec.session_id, []).append(rec)
    return found


def _session_info(info: dict, sid: str, name: str, counts: dict, applied: list, masked: int) -> dict:
    """The manifest's entry of one session: what was applied (suggestions applied as such marked), stripped,
    masked in reviewers' text, and what undecided suggestions it had."""
    as_suggested = {f.id for f in applied}
    for flag in info["flags"]:
        if flag["id"] in as_suggested:
            flag["applied_as"] = "undecided suggestion"
    return {**info, "dir": name, "reviewer_text_masked": masked, "undecided_suggestions": counts.get(sid, {})}


def export_dataset(dataset: Path, out: Path, store, key: bytes, statuses=("approved",),
                   only: Collection[str] | None = None, progress: Progress | None = None,
                   pending: str = undecided.REFUSE, config: Config | None = None, *,
                   purpose: str = "agent-training", recipient: str = "", who: str = "?",
                   cache: Path | None = None, fmt: str = "trace", follow: bool = False,
                   follow_progress=None, engine: str | None = None, address: str | None = None,
                   workers: int | None = None, stage: Stage | None = None, record: bool = True,
                   keep_hashes: bool = True) -> dict:
    """Writes the redacted copy at `out` (which must not exist); returns the manifest. `pending` says what
    to do with undecided suggestions of the chosen sessions: "refuse" (raise PendingSuggestions, nothing is
    written), "apply" (as if accepted) or "ignore" (left out, and said so in the manifest). `config` gives the
    organisation's detector patterns (for reviewers' text) and the export's allow-list. Consent for `purpose`
    is enforced once the database holds any consent record (consent_gate); the export is recorded with whom
    it included and `recipient`. With `follow`, each session's flagged values are followed first (derived
    flags brought up to date, through the OCR cache under `cache`; follow_progress(done, total, what) while
    screens are read) and text fields are redacted value by value. `engine` ("local" worker processes or
    "dask", at `address` or on a LocalCluster of `workers`): the sessions' screens are read and their copies
    written in parallel (viewer.export.parallel), and every file is verified against the manifest before the
    export is renamed into place; None: everything in this process, as before. `stage(what, session id)` is
    called as each session's following and writing begin. Each session's entry in the manifest names the
    consent records that covered it for `purpose` (`consent_records`: ids, empty when consent is not enforced).
    An exception from a callback stops the export with nothing left at `out`. `record`: write whom the export
    included once it is in place (False: the caller does, when its own output is complete). `keep_hashes` False
    (the hidden copy an hf export converts): the manifest lists no file, so memory does not grow with the files;
    a worker's files are then checked against its hashes as each session comes back."""
    out = Path(out)
    if out.exists():
        raise ExportError(f"{out}: already exists; choose a new output directory")
    if not key:
        raise ExportError(f"{KEY_ENV} is not set: a key is required to pseudonymise users")
    config = config or default_config()
    gate = consent_gate.apply_consent(store, chosen_sessions(dataset, store, statuses, only), purpose, who, cache)
    todo = gate.kept
    export_id = consent_gate.new_export_id()
    counts, suggested = undecided.plan(store, [sid for sid, _ in todo], pending)
    flags, labels = accepted_by_session(store), _labels_by_session(store)
    report = progress or (lambda done, total, sid: None)
    report(0, len(todo), None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        sessions, files = {}, {}
        work = _Work(todo, tmp, key, config, follow, cache, follow_progress, store, flags, labels, suggested,
                     counts, report, stage or (lambda what, sid: None), keep_hashes)
        if engine is None:
            _write_here(work, sessions, files)
        else:
            from viewer.engine import EngineOptions

            _write_parallel(work, EngineOptions(engine, workers, address), sessions, files)
        for sid, info in sessions.items():
            info["consent_records"] = gate.records.get(sid, [])
        body = write_manifest(tmp, sessions, files, {"undecided_suggestions": undecided.record(pending, counts),
                                                     "export_id": export_id, "consent": gate.summary(),
                                                     "recipient": recipient})
        if engine is not None and keep_hashes:  # files written by other processes: checked against the manifest
            bad = verify_export(tmp)
            if bad:
                raise ExportError(f"{out}: the export did not verify, nothing was written: {bad[0]}")
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if record:
        consent_gate.record_recipients(store, export_id, who, purpose, recipient, fmt, todo)
    return body


@dataclass
class _Work:
    """What writing the chosen sessions needs (export_dataset's state, passed to the writers below)."""
    todo: list
    tmp: Path
    key: bytes
    config: Config
    follow: bool
    cache: Path | None
    follow_progress: Callable | None
    store: object
    flags: dict
    labels: dict
    suggested: dict
    counts: dict
    report: Progress
    stage: Stage
    keep_hashes: bool = True

    def record(self, files: dict, hashes: dict[str, str], elsewhere: bool) -> None:
        """A session's file hashes (path in the export -> sha256): kept for the manifest, or, when not kept and
        `elsewhere` (written by another process), each file checked on disk now."""
        if self.keep_hashes:
            files.update(hashes)
            return
        if elsewhere:
            for rel, want in hashes.items():
                try:
                    ok = sha256(self.tmp / rel) == want
                except OSError:
                    ok = False
                if not ok:
                    raise ExportError(f"the export did not verify, nothing was written: {rel}: missing or "
                                      "not as its worker wrote it")


def _write_here(w: _Work, sessions: dict, files: dict) -> None:
    """In this process: a session is read and redacted while the previous one's copies finish."""
    with ThreadPoolExecutor(COPY_THREADS) as pool:
        previous = None
        for done, (sid, src) in enumerate(w.todo, 1):
            applied, values = w.suggested.get(sid, []), None
            accepted = w.flags.get(sid, [])
            if w.follow:
                w.stage(FOLLOWING, sid)
                accepted, values = follow_and_read(w.store, src, w.cache, w.follow_progress)
            w.stage(WRITING, sid)
            info, hashes, jobs = export_session(src, w.tmp / src.name, accepted + applied, w.key, pool,
                                                w.config.export, values)
            written, masked = write_labels(w.tmp / src.name, w.labels.get(sid, []), w.config)
            hashes.update(written)
            sessions[sid] = _session_info(info, sid, src.name, w.counts, applied, masked)
            if previous:
                w.record(files, _finish(*previous), False)
                w.report(done - 1, len(w.todo), previous[0])
            previous = (sid, src.name, hashes, jobs)
        if previous:
            w.record(files, _finish(*previous), False)
            w.report(len(w.todo), len(w.todo), previous[0])


def _write_parallel(w: _Work, options, sessions: dict, files: dict) -> None:
    """On an engine (viewer.export.parallel): flagged values followed, then copies written, per session."""
    from viewer.engine import Engine

    from .parallel import ValuesOf, session_task

    with Engine(options, env={"OMP_THREAD_LIMIT": "1"}) as engine:
        if w.follow:
            w.stage(FOLLOWING, None)
            _follow_here_and_there(engine, w)
        plans = []
        for sid, src in w.todo:
            values_of = None
            accepted = w.flags.get(sid, [])
            if w.follow:
                live = w.store.flags(sid)
                accepted = [f for f in live if f.data.get("status") == "accepted"]
                values_of = ValuesOf(accepted, {f.id: f for f in live}, str(w.cache) if w.cache else None)
            plans.append((str(src), str(w.tmp / src.name), accepted + w.suggested.get(sid, []), w.key,
                          w.config.export, values_of))
        infos: dict[int, dict] = {}
        w.stage(WRITING, None)
        try:
            for n, (i, (info, hashes)) in enumerate(engine.run(session_task, plans), 1):
                name = w.todo[i][1].name
                w.record(files, {f"{name}/{rel}": h for rel, h in hashes.items()}, True)
                infos[i] = info
                w.report(n, len(w.todo), w.todo[i][0])
        except OcrUnavailable as exc:
            raise ExportError(f"cannot read flagged values on screen: {exc} (install Tesseract)") from None
    for i, (sid, src) in enumerate(w.todo):  # in directory order, as the manifest lists them
        written, masked = write_labels(w.tmp / src.name, w.labels.get(sid, []), w.config)
        w.record(files, {f"{src.name}/{rel}": h for rel, h in written.items()}, False)
        sessions[sid] = _session_info(infos[i], sid, src.name, w.counts, w.suggested.get(sid, []), masked)


def _follow_here_and_there(engine, w: _Work) -> None:
    """The chosen sessions' flagged values followed on the engine's workers; their derived flags stored here."""
    from viewer.sensitive.follow_batch import FollowItem, SessionUnreadable, follow_sessions
    from viewer.sensitive.versions import VersionMismatch

    report = w.follow_progress or (lambda done, total, what: None)
    try:
        follow_sessions(engine, w.store, [FollowItem(sid, src) for sid, src in w.todo], w.cache,
                        progress=lambda done, total, sid: report(done, total, "sessions' values followed"))
    except OcrUnavailable as exc:
        raise ExportError(f"cannot follow flagged values on screen: {exc} (install Tesseract)") from None
    except VersionMismatch as exc:
        raise ExportError(f"cannot follow flagged values on screen: {exc}") from None
    except SessionUnreadable as exc:
        raise ExportError(str(exc)) from None
