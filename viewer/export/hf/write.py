"""A redacted trace export -> the Hugging Face `datasets` layout: `data/<config>/<split>-NNNNN-of-NNNNN.parquet`
for the configs `steps`, `sessions` and `trajectories`, a `README.md` dataset card whose YAML header declares
them, and `manifest.json` with the SHA-256 of every file. It reads only what the trace export wrote (so the
redaction is exactly the trace export's), plus the source manifests' `user` to keep each person in one split
(never written out) and the annotation store for provenance. Session by session, row groups of bounded size:
memory does not grow with the dataset."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pyarrow.parquet as pq

from viewer.team import dashboard

from ..base import pseudonym
from ..manifest import sha256, tool_version, write_manifest
from ..reviewer_text import LABELS_FILE
from . import schema, splits
from .card import write_card
from .shards import ShardWriter
from .steps import Step, Timeline, steps_of

NEAR_DUPLICATE = 0.9  # similarity of two trajectories' action sequences (same person, same task)
Progress = Callable[[int, int, str | None], None]


@dataclass
class Totals:
    """What the card reports (counts and names of apps and categories only)."""

    sessions: Counter = field(default_factory=Counter)  # split -> sessions
    people: Counter = field(default_factory=Counter)  # split -> people
    seconds: Counter = field(default_factory=Counter)  # split -> recorded seconds
    apps: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)  # flags applied by category
    derived: int = 0
    statuses: Counter = field(default_factory=Counter)
    agreements: list = field(default_factory=list)
    near_duplicates: list = field(default_factory=list)  # (task id, task id, similarity)
    consent: dict = field(default_factory=dict)  # the trace export's consent summary (counts and reasons)
    consent_records: set = field(default_factory=set)  # ids of the consent records that covered sessions
    consent_covered: int = 0  # sessions with at least one covering record


def _events(session_dir: Path) -> list[dict]:
    if (session_dir / "events.parquet").is_file():
        return pq.read_table(session_dir / "events.parquet").to_pylist()
    return [orjson.loads(line) for line in (session_dir / "events.jsonl").read_bytes().splitlines() if line.strip()]


def _labels(session_dir: Path) -> list[dict]:
    path = session_dir / LABELS_FILE
    if not path.is_file():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _person(source_dir: Path) -> str:
    """The recorded person of a source session ("unknown" when the manifest names none); never exported."""
    try:
        user = str(orjson.loads((source_dir / "session.json").read_bytes()).get("user") or "")
    except (OSError, orjson.JSONDecodeError):
        user = ""
    return user if user and user != "unknown" else splits.UNKNOWN


def _reviewers(records, key: bytes) -> list[str]:
    names = {r.reviewer for r in records} | {r.updated_by for r in records}
    return sorted(pseudonym(n, key).replace("u-", "r-", 1) for n in names if n)


def _provenance(store, sid: str, info: dict, body: dict, key: bytes, totals: Totals) -> dict:
    flags = {f.id: f for f in store.flags(sid)}
    applied = [flags[f["id"]] for f in info.get("flags", []) if f["id"] in flags]
    derived = [f for f in applied if f.data.get("source", "").startswith("follow") or f.data.get("derived_from")]
    by_category = Counter(f.data.get("category", "other") for f in applied if f not in derived)
    totals.categories.update(by_category)
    totals.derived += len(derived)
    review = store.review(sid)
    status = review.data["status"] if review else "unreviewed"
    totals.statuses[status] += 1
    people = [*store.labels(sid), *store.flags(sid), *([review] if review else [])]
    humans = [r for r in people if r.kind != "flag" or r.data.get("source") == "human"]
    consent = body.get("consent") or {}
    covering = sorted(int(r) for r in info.get("consent_records") or [])
    totals.consent_records.update(covering)
    totals.consent_covered += bool(covering)
    double = dashboard.session_agreement(store, sid)
    if double is not None:
        totals.agreements.append((double[1].flag_iou, double[1].label_agreement))
    return {
        "review_status": status, "reviewers": _reviewers(humans, key),
        "agreement_flag_iou": double[1].flag_iou if double else None,
        "agreement_labels": double[1].label_agreement if double else None,
        "flags_applied": [{"category": c, "count": n} for c, n in sorted(by_category.items())],
        "derived_flags_applied": len(derived),
        "detector_versions": sorted({f.data.get("source") for f in applied if f.data.get("source") != "human"}),
        "tool_version": body.get("tool_version") or tool_version(),
        "source_content_hash": info.get("source_content_hash"), "export_id": body.get("export_id"),
        "consent": (f"purpose {consent.get('purpose')}: " + ("enforced" if consent.get("enforced") else
                                                             "not enforced (no consent records)")) if consent else None,
        "consent_records": covering,
    }


def _screen_size(manifest: dict, screen) -> tuple[int | None, int | None]:
    screens = manifest.get("screens") or []
    found = next((s for s in screens if s.get("id") == screen), screens[0] if screens else {})
    return found.get("width"), found.get("height")


def _frac(value, size) -> float | None:
    return None if value is None or not size else round(float(value) / float(size), 6)


def _image(session_dir: Path, rel: str | None) -> dict | None:
    if rel is None or not (session_dir / rel).is_file():
        return None
    return {"bytes": (session_dir / rel).read_bytes(), "path": Path(rel).name}


def _task_id(sid: str, label: dict) -> str:
    return f"{sid}/task-{label.get('id', '')[:12]}"


def _step_row(sid: str, user: str, i: int, step: Step, session_dir: Path, manifest: dict, timeline: Timeline,
              provenance: dict) -> dict:
    width, height = _screen_size(manifest, step.screen)
    app, title = timeline.window(step.t)
    label = timeline.label(step.t)
    return {
        "step_id": f"{sid}/{i:06d}", "session_id": sid, "user": user, "step_index": i, "t": round(step.t, 3),
        "image": _image(session_dir, timeline.screenshot(step.t, step.screen)),
        "action_type": step.action_type, "x": step.x, "y": step.y, "x_frac": _frac(step.x, width),
        "y_frac": _frac(step.y, height), "end_x": step.end_x, "end_y": step.end_y, "button": step.button,
        "keys": step.keys, "text": step.text, "scroll_dx": step.scroll_dx, "scroll_dy": step.scroll_dy,
        "screen_width": width, "screen_height": height, "app": app, "window_title": title,
        "task_id": _task_id(sid, label) if label else None, "instruction": label.get("instruction") if label else None,
        "outcome": label.get("outcome") if label else None, "quality": label.get("quality") if label else None,
        "provenance": provenance,
    }


def _trajectory(sid: str, user: str, label: dict, rows: list[dict], provenance: dict) -> dict:
    inside = [r for r in rows if label["t_start"] <= r["t"] <= label["t_end"]]
    return {
        "task_id": _task_id(sid, label), "session_id": sid, "user": user, "instruction": label.get("instruction"),
        "outcome": label.get("outcome"), "quality": label.get("quality"), "t_start": label["t_start"],
        "t_end": label["t_end"],
        "steps": [{"step_id": r["step_id"], "step_index": r["step_index"], "action_type": r["action_type"],
                   "x": r["x"], "y": r["y"], "keys": r["keys"], "text": r["text"], "reasoning": ""} for r in inside],
        "provenance": provenance,
    }


def _near_duplicates(trajectories: dict[tuple, list[tuple[str, list[str]]]]) -> list[tuple[str, str, float]]:
    """Pairs of trajectories of one person and one task whose action sequences are nearly the same."""
    found = []
    for same in trajectories.values():
        for i, (a, seq_a) in enumerate(same):
            for b, seq_b in same[i + 1:]:
                ratio = difflib.SequenceMatcher(a=seq_a, b=seq_b, autojunk=False).ratio()
                if seq_a and seq_b and ratio >= NEAR_DUPLICATE:
                    found.append((a, b, round(ratio, 3)))
    return found


@dataclass(frozen=True)
class HfOptions:
    ratios: dict[str, float]
    seed: int = 0
    unknown_split: str | None = None
    shard_bytes: int = 256 << 20
    license: str = "other"
    command: str = "python -m viewer export --format hf"


def write_hf(trace_out: Path, body: dict, dataset: Path, out: Path, store, key: bytes, options: HfOptions,
             quality: dict[str, dict] | None = None, progress: Progress | None = None) -> dict:
    """Writes the layout into `out` (a new, empty directory the caller renames into place); returns the manifest."""
    sessions = sorted((body.get("sessions") or {}).items())
    people = {sid: _person(Path(dataset) / info["dir"]) for sid, info in sessions}
    assigned = splits.assign(Counter(people.values()), options.ratios, options.seed, options.unknown_split)
    schemas = {name: schema.arrow_schema(cols) for name, cols in schema.CONFIGS.items()}
    writer = ShardWriter(out, schemas, list(options.ratios), options.shard_bytes)
    totals = Totals(consent=body.get("consent") or {})
    by_task: dict[tuple, list] = {}
    report = progress or (lambda done, total, sid: None)
    report(0, len(sessions), None)
    try:
        for done, (sid, info) in enumerate(sessions, 1):
            split = assigned[people[sid]]
            _write_session(trace_out / info["dir"], sid, info, body, store, key, split, writer, totals, by_task,
                           (quality or {}).get(sid, {}))
            report(done, len(sessions), sid)
        for person in set(people.values()):
            totals.people[assigned[person]] += 1
        files = writer.finish()
    except BaseException:
        writer.abort()
        raise
    totals.near_duplicates = _near_duplicates(by_task)
    counts = writer.counts()
    write_card(out, options, counts, totals, files)
    hashes = {p.relative_to(out).as_posix(): sha256(p) for p in sorted(out.rglob("*")) if p.is_file()}
    summary = dict(sessions)
    return write_manifest(out, summary, hashes, {
        "layout": "hf", "configs": sorted(schema.CONFIGS), "splits": counts, "export_id": body.get("export_id"),
        "consent": body.get("consent"), "undecided_suggestions": body.get("undecided_suggestions"),
        "recipient": body.get("recipient", ""), "split_seed": options.seed, "split_ratios": options.ratios})


def _write_session(session_dir: Path, sid: str, info: dict, body: dict, store, key: bytes, split: str,
                   writer: ShardWriter, totals: Totals, by_task: dict, quality: dict) -> None:
    manifest = orjson.loads((session_dir / "session.json").read_bytes())
    user = str(manifest.get("user") or "")  # already the export's pseudonym
    events = _events(session_dir)
    labels = _labels(session_dir)
    timeline = Timeline(events, labels)
    provenance = _provenance(store, sid, info, body, key, totals)
    rows = []  # the steps without their images, for the trajectories: a session's images are never all in memory
    for i, step in enumerate(steps_of(events)):
        row = _step_row(sid, user, i, step, session_dir, manifest, timeline, provenance)
        writer.add("steps", split, row)
        rows.append({k: v for k, v in row.items() if k != "image"})
    duration = max((float(e["t"]) for e in events), default=0.0)
    apps = sorted({str(a) for a, _t in timeline.focus if a})
    outcomes = [lb.get("outcome") for lb in labels if lb.get("outcome")]
    writer.add("sessions", split, {
        "session_id": sid, "user": user, "started_at": manifest.get("started_at"), "duration_s": round(duration, 3),
        "steps": len(rows), "apps": apps, "tasks": [lb.get("instruction") or "" for lb in labels],
        "outcome": Counter(outcomes).most_common(1)[0][0] if outcomes else None,
        "quality_problems": list(quality.get("problems") or []),
        "label_coverage": quality.get("label_coverage"),
        "screenshots": sum(1 for e in events if e.get("type") == "screenshot"), "provenance": provenance})
    for label in labels:
        traj = _trajectory(sid, user, label, rows, provenance)
        writer.add("trajectories", split, traj)
        key_ = (user, " ".join((label.get("instruction") or "").lower().split()))
        by_task.setdefault(key_, []).append((traj["task_id"], [s["action_type"] for s in traj["steps"]]))
    totals.sessions[split] += 1
    totals.seconds[split] += duration
    totals.apps.update(apps)
    totals.outcomes.update(outcomes)
