"""The annotation store on SQLite and PostgreSQL: CRUD, optimistic concurrency, soft delete, audit,
trace-change detection, validation."""

import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest

from viewer.review import InvalidField, NotFound, StaleEdit, Store

pytest_plugins = ["tests.pg_server"]

S, H = "session-1", "hash-a"


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as opened:
        yield opened


# -- CRUD -------------------------------------------------------------------------------------------------
def test_label_crud(store):
    rec = store.add_label(S, H, reviewer="ann", t_start=1.5, t_end=4, instruction="open the mail",
                          outcome="success", quality=4, tags=["email", "ui", "email"], note="ok")
    assert (rec.version, rec.reviewer, rec.updated_by) == (1, "ann", "ann")
    assert rec.data == {"t_start": 1.5, "t_end": 4.0, "instruction": "open the mail", "outcome": "success",
                        "quality": 4, "tags": ["email", "ui"], "note": "ok"}
    assert rec.created_at.tzinfo is UTC and rec.created_at == rec.updated_at
    changed = store.update("label", rec.id, 1, reviewer="bob", quality=None, outcome="partial", tags=[])
    assert (changed.version, changed.reviewer, changed.updated_by) == (2, "ann", "bob")
    assert (changed.quality, changed.outcome, changed.tags) == (None, "partial", [])
    assert changed.instruction == "open the mail"
    assert store.get("label", rec.id) == changed
    assert store.labels(S) == [changed]
    assert store.labels("other-session") == []


def test_label_defaults_and_order(store):
    late = store.add_label(S, H, reviewer="ann", t_start=9, t_end=9)
    early = store.add_label(S, H, reviewer="ann", t_start=0, t_end=2)
    assert [r.id for r in store.labels(S)] == [early.id, late.id]
    assert early.data == {"t_start": 0.0, "t_end": 2.0, "instruction": "", "outcome": None, "quality": None,
                          "tags": [], "note": ""}


def test_flag_crud(store):
    rec = store.add_flag(S, H, reviewer="ann", t_start=10, t_end=12.25, scope="pixels", category="password",
                         regions=[[1, 2, 30, 40], {"screen": "left", "x": 0.5, "y": 0, "w": 8, "h": 9}])
    assert rec.regions == [{"screen": 0, "x": 1, "y": 2, "w": 30, "h": 40},
                           {"screen": "left", "x": 0.5, "y": 0, "w": 8, "h": 9}]
    assert (rec.status, rec.source, rec.note) == ("accepted", "human", "")
    suggested = store.add_flag(S, H, reviewer="detector-run", t_start=1, t_end=2, source="pii-email",
                               category="email")
    assert (suggested.status, suggested.scope, suggested.regions) == ("suggested", "both", [])
    accepted = store.update("flag", suggested.id, 1, reviewer="ann", status="accepted")
    assert accepted.status == "accepted" and accepted.source == "pii-email"
    assert [f.id for f in store.flags(S)] == [suggested.id, rec.id]


def test_comment_crud(store):
    rec = store.add_comment(S, H, reviewer="ann", t=3.25, text="cursor jumps here ✓")
    edited = store.update("comment", rec.id, 1, reviewer="ann", text="fixed")
    assert (edited.t, edited.text, edited.version) == (3.25, "fixed", 2)
    assert store.comments(S) == [edited]


def test_review_status(store):
    assert store.review(S) is None  # nobody set one: "unreviewed"
    first = store.set_review(S, H, "in_review", reviewer="ann")
    assert (first.status, first.version) == ("in_review", 1)
    second = store.set_review(S, "hash-b", "approved", reviewer="lead", version=1)
    assert (second.id, second.status, second.version, second.content_hash) == (first.id, "approved", 2, "hash-b")
    assert store.review(S) == second
    with pytest.raises(StaleEdit, match="lead"):
        store.set_review(S, H, "rejected", reviewer="bob")  # bob saw no status, but lead set one
    with pytest.raises(StaleEdit, match="lead"):
        store.set_review(S, H, "rejected", reviewer="bob", version=1)
    assert store.review(S).status == "approved"
    store.delete("review", second.id, 2, reviewer="lead")
    with pytest.raises(StaleEdit, match="review status of session session-1 was changed by lead"):
        store.set_review(S, H, "rejected", reviewer="bob", version=2)  # bob saw the one now deleted
    assert store.set_review(S, H, "rejected", reviewer="bob").status == "rejected"


def test_unchanged_update_is_not_a_new_version(store):
    rec = store.add_label(S, H, reviewer="ann", t_start=0, t_end=1, note="n")
    assert store.update("label", rec.id, 1, reviewer="bob", note="n") == rec
    assert len(store.audit(entity_id=rec.id)) == 1


def test_missing_row(store):
    with pytest.raises(NotFound, match="label nope does not exist"):
        store.update("label", "nope", 1, reviewer="ann", note="x")
    with pytest.raises(NotFound):
        store.get("flag", "nope")


# -- optimistic concurrency -------------------------------------------------------------------------------
def test_stale_edit_from_a_second_store(store, db_url):
    rec = store.add_label(S, H, reviewer="ann", t_start=0, t_end=1, note="ann's note")
    with Store.open(db_url) as other:
        other.update("label", rec.id, rec.version, reviewer="bob", note="bob's note")
    with pytest.raises(StaleEdit) as caught:
        store.update("label", rec.id, rec.version, reviewer="ann", note="overwrite?")
    message = str(caught.value)
    assert "bob" in message and "version 1" in message and "now version 2" in message
    assert store.get("label", rec.id).updated_at.isoformat(timespec="seconds") in message
    assert "bob's note" not in message and "overwrite?" not in message  # no annotation text
    assert (caught.value.changed_by, caught.value.current) == ("bob", 2)
    with pytest.raises(StaleEdit):
        store.delete("label", rec.id, rec.version, reviewer="ann")
    assert store.get("label", rec.id).note == "bob's note"


def test_stale_edit_from_another_process(store, db_url):
    rec = store.add_flag(S, H, reviewer="ann", t_start=0, t_end=1, category="email")
    code = ("import sys; from viewer.review import Store;"
            "s = Store.open(sys.argv[1]); s.update('flag', sys.argv[2], 1, reviewer='proc', category='phone')")
    subprocess.run([sys.executable, "-c", code, db_url, rec.id], check=True, timeout=60)
    with pytest.raises(StaleEdit, match="changed by proc"):
        store.update("flag", rec.id, 1, reviewer="ann", category="iban")
    assert store.get("flag", rec.id).category == "phone"


def race(db_url, attempt, n=6):
    """Run attempt(store, i) in n threads, each with its own Store; return "ok"/"stale" per thread."""
    stores = [Store.open(db_url) for _ in range(n)]
    barrier, outcomes = threading.Barrier(n), []

    def run(i):
        barrier.wait()
        try:
            attempt(stores[i], i)
            outcomes.append("ok")
        except StaleEdit:
            outcomes.append("stale")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores:
        s.close()
    return sorted(outcomes)


def test_concurrent_edits_exactly_one_wins(store, db_url):
    rec = store.add_label(S, H, reviewer="ann", t_start=0, t_end=1)
    outcomes = race(db_url, lambda own, i: own.update("label", rec.id, 1, reviewer=f"r{i}", note=f"n{i}"))
    assert outcomes == ["ok"] + ["stale"] * 5
    final = store.get("label", rec.id)
    assert final.version == 2 and final.note == f"n{final.updated_by[1:]}"


def test_concurrent_first_review_status_exactly_one_wins(store, db_url):
    outcomes = race(db_url, lambda own, i: own.set_review(S, H, "in_review", reviewer=f"r{i}"))
    assert outcomes == ["ok"] + ["stale"] * 5
    assert len(store.find("review", S, include_deleted=True)) == 1


# -- soft delete, audit, trace changes --------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["label", "flag", "comment", "review"])
def test_soft_delete_and_restore(store, kind):
    rec = add_one(store, kind)
    gone = store.delete(kind, rec.id, rec.version, reviewer="bob")
    assert gone.deleted and gone.version == rec.version + 1
    assert store.find(kind, S) == [] and store.find(kind, S, include_deleted=True) == [gone]
    with pytest.raises(NotFound, match="deleted"):
        store.update(kind, rec.id, gone.version, reviewer="bob", **an_edit(kind))
    back = store.restore(kind, rec.id, gone.version, reviewer="ann")
    assert not back.deleted and back.version == rec.version + 2 and back.data == rec.data
    assert store.find(kind, S) == [back]


def test_restoring_a_review_when_another_is_live_is_refused(store):
    old = store.set_review(S, H, "in_review", reviewer="ann")
    gone = store.delete("review", old.id, 1, reviewer="ann")
    store.set_review(S, H, "approved", reviewer="lead")
    with pytest.raises(StaleEdit, match="lead"):
        store.restore("review", old.id, gone.version, reviewer="ann")


@pytest.mark.parametrize("kind", ["label", "flag", "comment", "review"])
def test_every_change_is_audited(store, kind):
    rec = add_one(store, kind)
    edited = store.update(kind, rec.id, 1, reviewer="bob", **an_edit(kind))
    gone = store.delete(kind, rec.id, 2, reviewer="carl")
    store.restore(kind, rec.id, 3, reviewer="dee")
    rows = store.audit(kind=kind, entity_id=rec.id)
    assert [(r.action, r.who) for r in rows] == [("create", "ann"), ("update", "bob"), ("delete", "carl"),
                                                ("restore", "dee")]
    assert rows[0].before is None and rows[0].after["version"] == 1
    assert [r.before["version"] for r in rows[1:]] == [1, 2, 3]
    assert [r.after["version"] for r in rows] == [1, 2, 3, 4]
    field, value = next(iter(an_edit(kind).items()))
    assert rows[1].before[field] == rec.data[field] and rows[1].after[field] == value == edited.data[field]
    assert rows[2].before["deleted_at"] is None and rows[2].after["deleted_at"] == gone.deleted_at.isoformat()
    assert rows[3].after["deleted_at"] is None
    assert all(r.session_id == S and r.at.tzinfo is UTC for r in rows)
    assert store.audit(session_id=S) == rows


def test_refused_edit_writes_no_audit(store):
    rec = store.add_label(S, H, reviewer="ann", t_start=0, t_end=1)
    store.update("label", rec.id, 1, reviewer="bob", note="x")
    with pytest.raises(StaleEdit):
        store.update("label", rec.id, 1, reviewer="ann", note="y")
    with pytest.raises(InvalidField):
        store.update("label", rec.id, 2, reviewer="ann", quality=9)
    assert [r.action for r in store.audit()] == ["create", "update"]


def test_annotations_on_another_trace_version(store):
    old_label = store.add_label(S, "old", reviewer="ann", t_start=0, t_end=1)
    old_flag = store.add_flag(S, "old", reviewer="ann", t_start=0, t_end=1)
    store.add_comment(S, "new", reviewer="ann", t=0, text="x")
    store.add_label("other", "old", reviewer="ann", t_start=0, t_end=1)
    gone = store.add_comment(S, "old", reviewer="ann", t=0, text="y")
    store.delete("comment", gone.id, 1, reviewer="ann")
    assert {r.id for r in store.on_other_hash(S, "new")} == {old_label.id, old_flag.id}
    assert store.on_other_hash(S, "old")[0].content_hash == "new"
    moved = store.update("label", old_label.id, 1, reviewer="ann", content_hash="new")  # re-checked on new trace
    assert moved.content_hash == "new" and [r.id for r in store.on_other_hash(S, "new")] == [old_flag.id]
    assert [r.id for r in store.labels(S, content_hash="new")] == [old_label.id]


# -- validation ---------------------------------------------------------------------------------------------
SECRET = "hunter2-secret"


@pytest.mark.parametrize("kind, fields, field", [
    ("label", {"t_start": 2, "t_end": 1}, "t_end"),
    ("label", {"t_start": -1, "t_end": 1}, "t_start"),
    ("label", {"t_start": float("nan"), "t_end": 1}, "t_start"),
    ("label", {"t_start": True, "t_end": 1}, "t_start"),
    ("label", {"t_start": 0, "t_end": 1, "quality": 6}, "quality"),
    ("label", {"t_start": 0, "t_end": 1, "quality": 2.5}, "quality"),
    ("label", {"t_start": 0, "t_end": 1, "outcome": SECRET}, "outcome"),
    ("label", {"t_start": 0, "t_end": 1, "tags": [SECRET, 3]}, "tags[1]"),
    ("label", {"t_start": 0, "t_end": 1, "tags": SECRET}, "tags"),
    ("label", {"t_start": 0, "t_end": 1, "note": SECRET + "\x00"}, "note"),
    ("label", {"t_start": 0}, "t_end"),
    ("label", {"t_start": 0, "t_end": 1, "colour": SECRET}, "colour"),
    ("flag", {"t_start": 0, "t_end": 1, "scope": "all"}, "scope"),
    ("flag", {"t_start": 0, "t_end": 1, "status": "maybe"}, "status"),
    ("flag", {"t_start": 0, "t_end": 1, "category": ""}, "category"),
    ("flag", {"t_start": 0, "t_end": 1, "regions": [[1, 2, 3]]}, "regions[0]"),
    ("flag", {"t_start": 0, "t_end": 1, "regions": [[1, 2, 0, 4]]}, "regions[0].w"),
    ("flag", {"t_start": 0, "t_end": 1, "regions": [{"x": 1, "y": -2, "w": 1, "h": 1}]}, "regions[0].y"),
    ("flag", {"t_start": 0, "t_end": 1, "regions": [{"x": 1, "y": 2, "w": 1}]}, "regions[0].h"),
    ("flag", {"t_start": 0, "t_end": 1, "regions": [{"x": 1, "y": 2, "w": 1, "h": 1, "z": 0}]}, "regions[0].z"),
    ("flag", {"t_start": 0, "t_end": 1, "regions": [{"screen": [], "x": 0, "y": 0, "w": 1, "h": 1}]},
     "regions[0].screen"),
    ("comment", {"t": 1, "text": ""}, "text"),
    ("comment", {"t": -1, "text": SECRET}, "t"),
    ("review", {"status": "done"}, "status"),
])
def test_validation_names_the_field(store, kind, fields, field):
    with pytest.raises(InvalidField) as caught:
        store.add(kind, S, H, reviewer="ann", **fields)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == field and str(caught.value).startswith(f"{field}: ")
    assert SECRET not in str(caught.value)
    assert store.find(kind, S) == [] and store.audit() == []


@pytest.mark.parametrize("name, value", [("session_id", ""), ("content_hash", "x" * 129), ("reviewer", " ")])
def test_keys_are_validated(store, name, value):
    keys = {"session_id": S, "content_hash": H, "reviewer": "ann", name: value}
    with pytest.raises(InvalidField, match=f"^{name}: "):
        store.add("comment", keys["session_id"], keys["content_hash"], reviewer=keys["reviewer"], t=0, text="x")


def test_update_checks_the_merged_span(store):
    rec = store.add_flag(S, H, reviewer="ann", t_start=5, t_end=6)
    with pytest.raises(InvalidField, match="^t_end: must be >= t_start"):
        store.update("flag", rec.id, 1, reviewer="ann", t_end=4)
    with pytest.raises(InvalidField, match="^version: "):
        store.update("flag", rec.id, "1", reviewer="ann", t_end=7)


# -- durability cost (measured, reported, not asserted) -----------------------------------------------------
def test_write_latency_is_reported(store, db_url, capsys):
    times = []
    for i in range(40):
        start = time.perf_counter()
        rec = store.add_label(S, H, reviewer="ann", t_start=i, t_end=i + 1)
        store.update("label", rec.id, 1, reviewer="ann", note="n")
        times.append((time.perf_counter() - start) / 2 * 1000)
    with capsys.disabled():
        print(f"\n[{store.backend}] write latency per committed annotation write: "
              f"median {statistics.median(times):.2f} ms, max {max(times):.2f} ms (budget 50 ms)")
    assert len(store.labels(S)) == 40


# -- helpers ------------------------------------------------------------------------------------------------
def add_one(store, kind):
    if kind == "review":
        return store.set_review(S, H, "in_review", reviewer="ann")
    fields = {"comment": {"t": 1.0, "text": "look"}}.get(kind, {"t_start": 0.0, "t_end": 2.0})
    return store.add(kind, S, H, reviewer="ann", **fields)


def an_edit(kind):
    return {"label": {"quality": 5}, "flag": {"scope": "events"}, "comment": {"text": "later"},
            "review": {"status": "approved"}}[kind]


def test_records_are_plain_values(store):
    rec = store.add_label(S, H, reviewer="ann", t_start=0, t_end=1, tags=["a"])
    rec.tags.append("mutated")
    assert store.get("label", rec.id).tags == ["a"]
    with pytest.raises(AttributeError):
        rec.nonexistent  # noqa: B018
    assert isinstance(rec.created_at, datetime)
