"""`verify-export` of an `hf` export: besides the manifest's hashes, no input action of the `steps` config
may fall inside an applied `events` span (the trace export removed those events), and with a database every
accepted flag of each exported session must have been applied."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from ..base import EVENT_SCOPES, accepted, spans

INPUT_ACTIONS = frozenset({"type", "key", "hotkey"})


def hf_problems(out: Path, body: dict, store=None) -> list[str]:
    problems = []
    sessions = body.get("sessions") or {}
    if store is not None:
        for sid, info in sorted(sessions.items()):
            applied = {(f["id"], f["version"]) for f in info.get("flags", [])}
            problems += [f"{sid}: accepted flag {f.id} (version {f.version}) was not applied"
                         for f in accepted(store, sid) if (f.id, f.version) not in applied]
    windows = {sid: spans(info.get("flags", []), EVENT_SCOPES) for sid, info in sessions.items()}
    for shard in sorted((Path(out) / "data" / "steps").glob("*.parquet")):
        table = pq.read_table(shard, columns=["session_id", "t", "action_type"]).to_pylist()
        left = sum(1 for r in table if r["action_type"] in INPUT_ACTIONS
                   and any(a <= r["t"] <= b for a, b in windows.get(r["session_id"], [])))
        if left:
            problems.append(f"{shard.relative_to(out).as_posix()}: {left} input step(s) inside an applied events span")
    return problems
