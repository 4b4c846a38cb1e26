"""Undecided suggestions never leave silently: the export refuses a chosen session that still has some, and
`--apply-pending` / `--ignore-pending` (or the Export page's choice) say how to treat them; the choice is in the
manifest and the access log. Real files, real SQLite, the real CLI, the page under AppTest."""

from __future__ import annotations

import orjson
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from tests.trace_factory import make_session
from viewer.cli import cli
from viewer.export import export_dataset, verify_export
from viewer.export.job import job_name
from viewer.export.pending import PendingSuggestions
from viewer.review import Store
from viewer.sensitive.pending import pending_counts
from viewer.team import access
from viewer.trace import load_session
from viewer.ui import state
from viewer.ui.auth import KEY, SignedIn

pytest_plugins = ["tests.pg_server"]
EXPORT_KEY = "pending-test-key"


@pytest.fixture
def world(tmp_path):
    """Two approved sessions: s1 with two undecided e-mail suggestions and one secret (plus a rejected one),
    s2 with only decided flags; s3 in review with an undecided one (not chosen)."""
    data = tmp_path / "data"
    url = f"sqlite:///{tmp_path / 'ann.db'}"
    with Store.open(url) as store:
        for sid, status in (("s1", "approved"), ("s2", "approved"), ("s3", "in_review")):
            chash = load_session(make_session(data, sid)).content_hash
            store.set_review(sid, chash, status, reviewer="ana")
            store.add_flag(sid, chash, reviewer="ana", t_start=0.4, t_end=0.8, scope="events", category="password")
        h1 = load_session(data / "s1").content_hash
        for t0, cat in ((0.9, "email"), (1.4, "email"), (1.9, "secret"), (2.4, "phone")):
            status = "rejected" if cat == "phone" else "suggested"
            store.add_flag("s1", h1, reviewer="sensitive-suggest", t_start=t0, t_end=t0 + 0.3, scope="events",
                           category=cat, source="presidio", status=status)
        store.add_flag("s3", load_session(data / "s3").content_hash, reviewer="sensitive-suggest", t_start=1.0,
                       t_end=2.0, category="email", source="presidio")
    return {"data": data, "url": url, "tmp": tmp_path}


def _export(world, *options, out="out"):
    return CliRunner().invoke(cli, ["export", str(world["data"]), str(world["tmp"] / out), "--db", world["url"],
                                    *options], env={"VIEWER_EXPORT_KEY": EXPORT_KEY})


def _events(path):
    return [orjson.loads(x) for x in (path / "events.jsonl").read_bytes().splitlines() if x.strip()]


def test_refused_with_the_sessions_and_counts_per_category(world):
    r = _export(world)
    assert r.exit_code == 1
    assert "1 chosen session(s) have 3 suggestion(s) nobody decided: s1 (email 2, secret 1)" in r.output
    assert "--apply-pending" in r.output and "--ignore-pending" in r.output
    assert "s3" not in r.output  # not chosen (in review)
    assert not (world["tmp"] / "out").exists() and not list(world["tmp"].glob(".out*"))
    with Store.open(world["url"]) as store:
        assert access.entries(store, action="export") == []


def test_apply_pending_redacts_them_as_if_accepted(world):
    r = _export(world, "--apply-pending")
    assert r.exit_code == 0, r.output
    assert "3 undecided suggestion(s) in 1 session(s) applied as if accepted" in r.output
    out = world["tmp"] / "out"
    kept = _events(out / "s1")
    assert not [e for e in kept if 0.9 <= e["t"] <= 2.2 and e["type"] in ("key", "text", "key_down", "key_up")]
    assert [e for e in kept if e["t"] == 2.5]  # the rejected suggestion's span is untouched
    body = orjson.loads((out / "manifest.json").read_bytes())
    assert body["undecided_suggestions"] == {"choice": "apply", "treated": "applied as if accepted", "count": 3,
                                             "sessions": 1}
    flags = body["sessions"]["s1"]["flags"]
    assert len(flags) == 4 and sum(f.get("applied_as") == "undecided suggestion" for f in flags) == 3
    assert body["sessions"]["s1"]["undecided_suggestions"] == {"email": 2, "secret": 1}
    with Store.open(world["url"]) as store:
        assert verify_export(out, store) == []
        (entry,) = access.entries(store, action="export")
    assert "applied as if accepted" in entry.detail and "--apply-pending" in entry.detail


def test_ignore_pending_exports_without_them_and_records_it(world):
    r = _export(world, "--ignore-pending", "--as", "rita")
    assert r.exit_code == 0, r.output
    out = world["tmp"] / "out"
    src, kept = _events(world["data"] / "s1"), _events(out / "s1")
    assert [e for e in src if 0.9 <= e["t"] <= 2.2] == [e for e in kept if 0.9 <= e["t"] <= 2.2]
    body = orjson.loads((out / "manifest.json").read_bytes())
    assert body["undecided_suggestions"]["treated"] == "left out" and body["undecided_suggestions"]["count"] == 3
    assert [f.get("applied_as") for f in body["sessions"]["s1"]["flags"]] == [None]
    with Store.open(world["url"]) as store:
        (entry,) = access.entries(store, action="export")
    assert entry.who == "rita" and entry.detail == ("2 session(s) to out; 3 undecided suggestion(s) in 1 "
                                                    "session(s) left out (--ignore-pending)")


def test_the_two_options_exclude_each_other(world):
    r = _export(world, "--apply-pending", "--ignore-pending")
    assert r.exit_code == 2 and "exclude each other" in r.output


def test_sessions_without_undecided_suggestions_need_no_choice(world):
    with Store.open(world["url"]) as store:
        body = export_dataset(world["data"], world["tmp"] / "o2", store, b"k", only={"s2"})
        assert body["undecided_suggestions"] == {"choice": "refuse", "treated": "none", "count": 0, "sessions": 0}
        with pytest.raises(PendingSuggestions) as caught:
            export_dataset(world["data"], world["tmp"] / "o3", store, b"k", ("approved", "in_review"))
    assert caught.value.counts == {"s1": {"email": 2, "secret": 1}, "s3": {"email": 1}}


def test_pending_counts_on_both_databases(db_url):
    with Store.open(db_url) as store:
        for sid, cat, status in (("a", "email", "suggested"), ("a", "email", "suggested"), ("a", "iban", "suggested"),
                                 ("a", "phone", "accepted"), ("b", "email", "rejected"), ("c", "secret", "suggested")):
            store.add_flag(sid, "h", reviewer="r", t_start=0.0, t_end=1.0, category=cat, status=status,
                           source="presidio")
        gone = store.add_flag("b", "h", reviewer="r", t_start=0.0, t_end=1.0, category="email", source="presidio")
        store.delete("flag", gone.id, gone.version, reviewer="r")
        assert pending_counts(store) == {"a": {"email": 2, "iban": 1}, "c": {"secret": 1}}
        assert pending_counts(store, {"a", "b"}) == {"a": {"email": 2, "iban": 1}}
        assert pending_counts(store, []) == {}


def _page():
    from viewer.ui.pages import export

    export.render()


def test_the_export_page_offers_the_same_choice_with_the_counts(world, monkeypatch):
    exports = world["tmp"] / "exports"
    for name, value in (("VIEWER_DATA", str(world["data"])), ("VIEWER_DB_URL", world["url"]),
                        ("VIEWER_EXPORT_DIR", str(exports)), ("VIEWER_EXPORT_KEY", EXPORT_KEY),
                        ("VIEWER_QA_REPORT", str(world["tmp"] / "none.parquet"))):
        monkeypatch.setenv(name, value)
    at = AppTest.from_function(_page, default_timeout=120)
    at.session_state[KEY] = SignedIn("rita", "researcher")
    at.run()
    assert not at.exception, at.exception
    assert any("1 chosen session(s) have 3 suggestion(s) nobody decided" in w.value for w in at.warning)
    table = next(d.value for d in at.dataframe if "by category" in d.value.columns)
    assert table.to_dict("records") == [{"session_id": "s1", "undecided": 3, "by category": "email 2, secret 1"}]
    chosen = next(d.value for d in at.dataframe if "status" in d.value.columns).set_index("session_id")
    assert chosen.loc["s1", "undecided"] == 3 and chosen.loc["s2", "undecided"] == 0
    assert at.button(key="export_start").disabled
    at.radio(key="export_pending").set_value(
        "Export without them (recorded in the manifest and the access log)").run()
    assert not at.button(key="export_start").disabled
    at.button(key="export_start").click().run()
    assert not at.exception, at.exception
    job = state.jobs().get(job_name(world["data"]))  # the export runs as the app's background job
    assert job is not None and job.wait(300)
    at.run()
    assert not at.exception, at.exception
    (out,) = list(exports.iterdir())
    body = orjson.loads((out / "manifest.json").read_bytes())
    assert body["undecided_suggestions"]["choice"] == "ignore"
    assert any("3 undecided suggestion(s) in 1 session(s) left out" in i.value for i in at.info)
    left_out = next(d.value for d in at.dataframe if "image_metadata" in d.value.columns)
    assert sorted(left_out["session_id"]) == ["s1", "s2"] and (left_out["files"] == 0).all()
    with Store.open(world["url"]) as store:
        (entry,) = access.entries(store, action="export")
    assert entry.who == "rita" and "(--ignore-pending)" in entry.detail
