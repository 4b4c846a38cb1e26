"""Re-keying: annotations made under a session's old id (which held the recorder's e-mail) follow the id a
re-import gives it, on SQLite and PostgreSQL; the mapping is recorded (the old id only as SHA-256) and audited."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_import_identity import EMAIL, UUID, build_ducktrack

from viewer.cli import cli
from viewer.importers import import_path
from viewer.review import Store
from viewer.review.errors import ReviewError
from viewer.team.rekey import old_id_hash, rekey, rekeyed
from viewer.team.rekey_models import RekeyEntry

pytest_plugins = ["tests.pg_server"]

OLD = f"20240501_090000_{EMAIL.replace('@', '-')}_{UUID}"  # what earlier importers made of the folder name
NEW = "agentnet-" + UUID.replace("-", "")


def _annotate(store: Store, sid: str) -> None:
    store.add_label(sid, "h", reviewer="ann", t_start=0, t_end=1, instruction="open the inbox")
    store.add_flag(sid, "h", reviewer="ann", t_start=0, t_end=1, scope="events", category="email",
                   status="accepted")
    store.add_comment(sid, "h", reviewer="ann", t=0.5, text="check")
    store.set_review(sid, "h", "approved", reviewer="ann")


def test_reimport_then_rekey_moves_every_annotation(db_url, tmp_path):
    with Store.open(db_url) as store:
        _annotate(store, OLD)
        store.add_comment("other", "h", reviewer="ann", t=0, text="untouched")
    report = import_path(build_ducktrack(tmp_path / "src"), tmp_path / "data")
    manifest = orjson.loads((report.sessions[0].path / "session.json").read_bytes())
    assert manifest["session_id"] == NEW and manifest["import"]["previous_session_id"] == OLD
    args = ["rekey", "--data", str(tmp_path / "data"), "--db", db_url]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    assert f"to {NEW}" in done.output and EMAIL.split("@")[0] not in done.output
    with Store.open(db_url) as store:
        assert [r.data["instruction"] for r in store.labels(NEW)] == ["open the inbox"]
        assert len(store.flags(NEW)) == 1 and len(store.comments(NEW)) == 1
        assert store.review(NEW).data["status"] == "approved"
        assert not (store.labels(OLD) or store.flags(OLD) or store.comments(OLD) or store.review(OLD))
        assert not store.audit(session_id=OLD)
        assert "rekey" in {a.action for a in store.audit(session_id=NEW)}
        assert [c.text for c in store.comments("other")] == ["untouched"]
        [entry] = rekeyed(store, OLD)
        assert entry.new_session_id == NEW and entry.old_id_sha256 == old_id_hash(OLD) and entry.rows > 4
        with Session(store.engine) as s:  # the table never holds the old id as text
            assert all(EMAIL.split("@")[1] not in str(v) for r in s.scalars(select(RekeyEntry))
                       for v in (r.old_id_sha256, r.new_session_id, r.who))
    again = CliRunner().invoke(cli, args)  # nothing left under the old id: a no-op
    assert again.exit_code == 0 and "moved" not in again.stdout
    with Store.open(db_url) as store:
        assert len(rekeyed(store, OLD)) == 1


def test_refused_when_the_new_id_already_has_annotations(db_url):
    with Store.open(db_url) as store:
        _annotate(store, OLD)
        store.add_comment(NEW, "h", reviewer="bob", t=0, text="already here")
        with pytest.raises(ReviewError, match="already has annotations"):
            rekey(store, {OLD: NEW}, "admin")
        assert len(store.labels(OLD)) == 1 and rekeyed(store, OLD) == []  # nothing was written
