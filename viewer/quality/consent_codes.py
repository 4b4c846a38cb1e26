"""Consent in the quality report (`qa --purpose P`): `no-consent` for a session its person had no consent for
at its start (or withdrew), `out-of-scope` for one with stretches outside the consent (at the first stretch),
and a `consent` column saying which. Joined afresh on every run, like the annotations: a consent recorded or
withdrawn since the last scan is never hidden by a cached row."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from viewer.consent import check, records
from viewer.trace.problems import TraceError
from viewer.trace.session import load_session


def _verdict(root: Path, directory: str, store, purpose: str, cache: Path | None, history: dict) -> tuple[str, float | None]:
    """(consent column, time of the out-of-scope start or None); codes follow from the column."""
    try:
        session = load_session(Path(root) / directory, cache)
    except TraceError:
        return "not checked: the session cannot be loaded", None
    subject = session.manifest.user
    if subject not in history:
        history[subject] = records.history(store, subject) if subject else []
    result = check.session_coverage(session, history[subject], purpose)
    if not result.covered:
        return f"not covered: {result.reason}", None
    if result.out_of_scope:
        return "covered, with stretches out of scope", round(result.out_of_scope[0].t_start, 3)
    return "covered", None


def add_consent(frame: pd.DataFrame, root: Path, store, purpose: str, cache: Path | None) -> pd.DataFrame:
    """The report with the consent column and codes; unchanged when the database holds no consent record."""
    if not len(frame) or not records.any_records(store):
        return frame
    history: dict = {}
    column, problem_lists, times = [], [], []
    for row in frame.to_dict("records"):
        said, at = _verdict(root, str(row["dir"]), store, purpose, cache, history)
        codes, when = list(row["problems"]), json.loads(row.get("problem_t") or "{}")
        if said.startswith("not covered"):
            codes.append("no-consent")
            when["no-consent"] = 0.0
        elif at is not None:
            codes.append("out-of-scope")
            when["out-of-scope"] = at
        column.append(said)
        problem_lists.append(codes)
        times.append(when)
    frame = frame.copy()
    frame["consent"] = column
    frame["problems"] = problem_lists
    frame["problem_count"] = [len(c) for c in problem_lists]
    frame["problem_t"] = [json.dumps(w, sort_keys=True) for w in times]
    firsts = [min(w, key=w.get) if w else "" for w in times]
    frame["first_problem"] = firsts
    frame["first_problem_t"] = [w[f] if f else math.nan for w, f in zip(times, firsts, strict=True)]
    return frame
