"""Data-subject deletion (SQLite and PostgreSQL): a person's sessions and everything about them go, from the
dataset, every table, the loaded-session cache and the cached quality report; a preview changes nothing;
the audit row holds counts and a hash, never content; a failure half-way is finished by running again."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import MetaData, func, select

from tests.app_server import ROOT
from tests.trace_factory import make_session
from viewer.quality.report import cached_report_path, write_report
from viewer.review import Store
from viewer.team import access, erase
from viewer.trace import load_session

pytest_plugins = ["tests.pg_server"]

SUBJECT = "u-subject"
THEIRS, OTHERS = ["s1", "s3"], ["s2"]
SECRET_NOTE = "typed hunter2 at the bank"


@pytest.fixture
def world(db_url, tmp_path, monkeypatch):
    data, cache = tmp_path / "data", tmp_path / "cache"
    for sid in THEIRS:
        make_session(data, sid, manifest={"user": SUBJECT})
    make_session(data, "s2", manifest={"user": "u-other"})
    outside = make_session(tmp_path / "elsewhere", "s9", manifest={"user": SUBJECT})
    (data / "s9").symlink_to(outside, target_is_directory=True)  # leads outside the dataset: never touched
    with Store.open(db_url) as store:
        for sid in THEIRS + OTHERS:
            store.add_label(sid, "h", reviewer="rita", t_start=0.0, t_end=1.0, instruction="Log in", note=SECRET_NOTE)
            store.add_flag(sid, "h", reviewer="rita", t_start=0.5, t_end=0.9, scope="events", category="password",
                           status="accepted", source="human")
            store.add_comment(sid, "h", reviewer="rita", t=0.2, text=SECRET_NOTE)
            store.set_review(sid, "h", "approved", reviewer="rita")
            access.record(store, "rita", "view_session", sid)
    for path in data.rglob("*"):  # not just written: the cache then also keeps a stamp of each events file
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - 60), follow_symlinks=False)
    for sid in THEIRS + OTHERS:
        load_session(data / sid, cache)
    rows = [{"session_id": sid, "dir": sid, "problems": []} for sid in THEIRS + OTHERS]
    write_report(pd.DataFrame(rows), cached_report_path(data, cache))
    return db_url, data, cache, outside


def rows_by_session(url) -> dict[str, int]:
    """Rows per session id over every table that has a session_id column."""
    counts: dict[str, int] = {}
    with Store.open(url) as store, store.engine.connect() as conn:
        meta = MetaData()
        meta.reflect(bind=store.engine)
        for table in meta.tables.values():
            if "session_id" in table.c:
                query = select(table.c.session_id, func.count()).group_by(table.c.session_id)
                for sid, n in conn.execute(query):
                    counts[sid] = counts.get(sid, 0) + n
    return counts


def snapshot(data: Path, cache: Path, url) -> tuple:
    files = sorted(str(p.relative_to(p.parents[1])) for root in (data, cache) for p in root.rglob("*"))
    report = pd.read_parquet(cached_report_path(data, cache))
    return files, rows_by_session(url), list(report["session_id"])


def test_preview_changes_nothing(world):
    url, data, cache, _ = world
    before = snapshot(data, cache, url)
    with Store.open(url) as store:
        todo = erase.plan(data, SUBJECT, store, cache)
    assert [s.dir.name for s in todo.sessions] == THEIRS
    assert todo.rows["review_label"] == 2 and todo.rows["access_log"] == 2 and todo.rows["review_audit"] >= 8
    assert len(todo.cache_files) == 4 and todo.report_rows == 2  # events entry + stamp per session
    assert any("s9" in p and "path-escape" in p for p in todo.problems)
    assert snapshot(data, cache, url) == before


def test_erase_removes_the_subject_everywhere_and_nothing_else(world):
    url, data, cache, outside = world
    others_before = {sid: n for sid, n in rows_by_session(url).items() if sid in OTHERS}
    with Store.open(url) as store:
        done = erase.erase(data, SUBJECT, store, cache, who="adam")
    assert done.sessions == 2 and done.rows > 0 and done.cache_files == 4
    assert sorted(p.name for p in data.iterdir()) == ["s2", "s9"]  # no trash left behind
    assert outside.is_dir() and (outside / "session.json").is_file()
    counts = rows_by_session(url)
    assert not set(THEIRS) & set(counts)
    assert {sid: counts[sid] for sid in OTHERS} == others_before
    assert list(pd.read_parquet(cached_report_path(data, cache))["session_id"]) == OTHERS
    cached = {p.name for p in cache.rglob("*") if p.is_file()}
    load_session(data / "s2", cache)  # the other session's cache entries are still there: nothing new written
    assert {p.name for p in cache.rglob("*") if p.is_file()} == cached and len(cached) == 3  # + the report


def test_the_audit_row_records_the_deletion_without_content(world):
    url, data, cache, _ = world
    with Store.open(url) as store:
        done = erase.erase(data, SUBJECT, store, cache, who="adam")
        (row,) = [a for a in store.audit() if a.entity_kind == "erasure"]
        logged = access.entries(store, action="delete")
    assert row.who == "adam" and row.action == "erase" and row.session_id == ""
    assert row.after["sessions"] == 2 and row.after["erasure_id"] == row.entity_id == done.erasure_id
    assert row.after["rows"] > 0 and row.after["cache_files"] == 4
    assert len(logged) == 1 and logged[0].who == "adam" and logged[0].session_id is None
    written = json.dumps([str(row.at), row.who, row.entity_id, row.before, row.after, logged[0].detail])
    for content in (SUBJECT, hashlib.sha256(SUBJECT.encode()).hexdigest(), "s1", "s3", SECRET_NOTE, "Log in",
                    "password"):
        assert content not in written, content


def test_a_failure_half_way_is_reported_and_a_rerun_finishes(world, tmp_path):
    url, data, cache, _ = world
    trash = data / erase.erase_files.TRASH
    trash.write_text("in the way")  # a file where the trash directory goes: the first move fails
    with Store.open(url) as store:
        with pytest.raises(erase.EraseError, match="stopped while moving s1 to the trash.*run the same command"):
            erase.erase(data, SUBJECT, store, cache, who="adam")
        assert not set(THEIRS) & set(rows_by_session(url)) and (data / "s1").is_dir()
        assert not [a for a in store.audit() if a.entity_kind == "erasure"]  # not done yet: not recorded
        trash.unlink()
        erase.erase_files.move_to_trash(data, data / "s1")  # as if interrupted after one rename
        todo = erase.plan(data, SUBJECT, store, cache)
        assert [s.dir.name for s in todo.sessions] == ["s3"] and len(todo.leftovers) == 1
        erase.erase(data, SUBJECT, store, cache, who="adam")
    assert sorted(p.name for p in data.iterdir()) == ["s2", "s9"]


def test_a_trash_that_links_elsewhere_is_refused(world, tmp_path):
    url, data, cache, _ = world
    trap = tmp_path / "not-the-trash"
    trap.mkdir()
    (trap / "keep").write_text("x")
    (data / erase.erase_files.TRASH).symlink_to(trap, target_is_directory=True)
    with Store.open(url) as store, pytest.raises(erase.EraseError, match="is a link; refusing"):
        erase.erase(data, SUBJECT, store, cache, who="adam")
    assert (trap / "keep").is_file() and (data / "s1").is_dir() and set(THEIRS) <= set(rows_by_session(url))


def _cli(*args):
    done = subprocess.run([sys.executable, "-m", "viewer", "erase-user", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "VIEWER_USER": "adam"})
    assert "Traceback" not in done.stderr and SECRET_NOTE not in done.stdout + done.stderr
    return done


def test_command_previews_by_default_and_erases_with_yes(world):
    url, data, cache, _ = world
    where = ["--data", str(data), "--db", url]
    before = rows_by_session(url)
    for preview in ([], ["--dry-run"]):
        done = _cli(SUBJECT, *where, *preview)
        assert done.returncode == 0 and "preview; nothing changed" in done.stdout
        assert "2 session(s): s1, s3" in done.stdout
    assert rows_by_session(url) == before and (data / "s1").is_dir()
    assert _cli(SUBJECT, *where, "--dry-run", "--yes").returncode == 2
    done = _cli(SUBJECT, *where, "--yes")
    assert done.returncode == 0 and "erased 2 session(s)" in done.stdout
    assert not (data / "s1").exists() and not set(THEIRS) & set(rows_by_session(url))
    missing = _cli(SUBJECT, "--data", str(data / "nope"), "--db", url)
    assert missing.returncode == 1 and "no such dataset" in missing.stderr
