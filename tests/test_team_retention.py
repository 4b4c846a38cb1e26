"""Retention: sessions older than the period are erased through the erasure path, preview first."""

import os
import subprocess
import sys

from tests.app_server import ROOT
from tests.trace_factory import make_session
from viewer.consent import erasures
from viewer.review import Store
from viewer.settings import load, retention


def world(tmp_path):
    data = tmp_path / "data"
    make_session(data, "old", manifest={"user": "u-1", "started_at": "2020-01-01T09:00:00Z"})
    make_session(data, "new", manifest={"user": "u-1", "started_at": "2099-01-01T09:00:00Z"})
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with Store.open(url) as store:
        for sid in ("old", "new"):
            store.add_label(sid, "h", reviewer="rita", t_start=0, t_end=1, instruction="x")
        erasures.request(store, "u-1", "u-1")
    return data, url


def cli(*args, env=None):
    done = subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={**os.environ, "VIEWER_USER": "adam", **(env or {})})
    assert "Traceback" not in done.stderr
    return done


def test_preview_then_erase_only_what_is_older(tmp_path):
    data, url = world(tmp_path)
    done = cli("retention", "apply", str(data), "--older-than", "365", "--db", url)
    assert done.returncode == 0 and "1 session(s): old" in done.stdout and (data / "old").is_dir()
    done = cli("retention", "apply", str(data), "--db", url, "--yes", env={"VIEWER_RETENTION_DAYS": "agent-training=365"})
    assert done.returncode == 0 and "erased 1 session(s) older than 365 day(s)" in done.stdout
    assert sorted(p.name for p in data.iterdir()) == ["new"]
    with Store.open(url) as store:
        assert store.labels("old") == [] and len(store.labels("new")) == 1
        (audit,) = [a for a in store.audit() if a.entity_kind == "erasure"]
        assert audit.after["sessions"] == 1 and "u-1" not in str(audit.after)
        # the person's register notes it, and their own request stays open (only some sessions went)
        assert [e.sessions for e in erasures.for_subject(store, "u-1") if e.done_at] == [1]
        assert [e.subject for e in erasures.open_requests(store)] == ["u-1"]


def test_retention_erases_the_ocr_text_read_from_the_old_session(tmp_path):
    from viewer.sensitive.ocr_cache import OcrCache, session_folder

    data, url = world(tmp_path)
    cache = tmp_path / "cache"
    for sid in ("old", "new"):  # Tesseract reads each session's screenshot: its text is cached per session
        OcrCache(cache, sid).words_of_file(data / sid / "screenshots" / "0001.png")
    assert all(any(session_folder(cache, sid).iterdir()) for sid in ("old", "new"))
    done = cli("retention", "apply", str(data), "--older-than", "365", "--db", url, "--yes",
               env={"VIEWER_CACHE": str(cache)})
    assert done.returncode == 0 and "erased 1 session(s)" in done.stdout
    assert not session_folder(cache, "old").exists() and any(session_folder(cache, "new").iterdir())


def test_no_period_is_a_usage_error(tmp_path):
    data, url = world(tmp_path)
    done = cli("retention", "apply", str(data), "--db", url, env={"VIEWER_RETENTION_DAYS": ""})
    assert done.returncode == 2 and "no retention period" in done.stderr


def test_retention_setting_parses_per_purpose():
    assert retention("365") == {"*": 365}
    assert retention("agent-training=365, analytics=90,bad=x,neg=-3") == {"agent-training": 365, "analytics": 90}
    conf = load({"VIEWER_RETENTION_DAYS": "30,analytics=7"})
    assert conf.retention_for("analytics") == 7 and conf.retention_for("agent-training") == 30
