"""JSONL export/import over both backends: round trip, all-or-nothing, messages that name file:line:field."""

import json

import pytest

from viewer.review import Store
from viewer.review.transfer import ImportFailed, export_jsonl, import_jsonl

pytest_plugins = ["tests.pg_server"]

SECRET = "pa55word-typed"


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def empty(tmp_path, pg_server_if_postgres):
    """A second, empty database on the same backend as `store`."""
    url = pg_server_if_postgres or f"sqlite:///{tmp_path / 'empty.db'}"
    with Store.open(url) as opened:
        yield opened


@pytest.fixture
def pg_server_if_postgres(db_url, request):
    return request.getfixturevalue("pg_server").create_database() if db_url.startswith("postgresql") else None


def populate(store):
    label = store.add_label("s1", "h1", reviewer="ann", t_start=0.001, t_end=12.5, instruction="Ünïcode 📧 \"q\"",
                            outcome="failure", quality=2, tags=["a", "b"], note="line1\nline2")
    store.update("label", label.id, 1, reviewer="bob", quality=3)
    store.update("label", label.id, 2, reviewer="bob", note="v3")
    store.add_label("s1", "h1", reviewer="ann", t_start=3, t_end=3)
    store.add_flag("s1", "h1", reviewer="ann", t_start=1, t_end=2, category="password", scope="pixels",
                   regions=[[0, 0, 10, 10], {"screen": 2, "x": 5.5, "y": 1, "w": 3, "h": 4}], note=SECRET)
    store.add_flag("s2", "h9", reviewer="pii-bot", t_start=0, t_end=1, source="pii-email", category="email")
    store.add_comment("s1", "h0", reviewer="cy", t=7.25, text="trace changed?")
    store.set_review("s1", "h1", "needs_changes", reviewer="lead")
    gone = store.add_comment("s2", "h9", reviewer="cy", t=1, text="deleted one")
    store.delete("comment", gone.id, 1, reviewer="cy")


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def snapshot(store):
    return {(k, r.id): (r.version, r.session_id, r.content_hash, r.reviewer, r.data)
            for k in ("label", "flag", "comment", "review") for r in store.find(k)}


def test_export_format(store, tmp_path):
    populate(store)
    out = tmp_path / "a.jsonl"
    assert export_jsonl(store, out) == 6
    rows = lines(out)
    assert [(r["type"], r["session_id"]) for r in rows] == [
        ("review", "s1"), ("label", "s1"), ("label", "s1"), ("flag", "s1"), ("comment", "s1"), ("flag", "s2")]
    assert [r["version"] for r in rows[1:3]] == [3, 1]  # labels in time order
    common = ["type", "id", "version", "session_id", "content_hash", "reviewer"]
    keys = {"label": ["t_start", "t_end", "instruction", "outcome", "quality", "tags", "note"],
            "flag": ["t_start", "t_end", "regions", "scope", "category", "status", "source", "note", "derived_from",
                     "value_key", "place"],
            "comment": ["t", "text"], "review": ["status"]}
    for row in rows:
        assert list(row) == common + keys[row["type"]]
    label = next(r for r in rows if r["type"] == "label" and r["version"] == 3)
    assert (label["quality"], label["note"], label["reviewer"], label["tags"]) == (3, "v3", "ann", ["a", "b"])
    flag = next(r for r in rows if r["type"] == "flag" and r["session_id"] == "s1")
    assert flag["regions"][1] == {"screen": 2, "x": 5.5, "y": 1, "w": 3, "h": 4}
    assert "deleted one" not in out.read_text()


def test_export_one_session(store, tmp_path):
    populate(store)
    out = tmp_path / "s2.jsonl"
    export_jsonl(store, out, session_id="s2")
    assert [(r["type"], r["session_id"]) for r in lines(out)] == [("flag", "s2")]


def test_round_trip_into_an_empty_database(store, empty, tmp_path):
    populate(store)
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    export_jsonl(store, first)
    result = import_jsonl(empty, first, who="importer")
    assert result.counts["created"] == 6
    assert snapshot(empty) == snapshot(store)
    export_jsonl(empty, second)
    assert second.read_bytes() == first.read_bytes()
    assert {r.who for r in empty.audit()} == {"importer"}
    again = import_jsonl(empty, first, who="importer")  # same file again: nothing to do
    assert again.counts["unchanged"] == 6 and len(empty.audit()) == 6


def test_import_creates_and_updates(store, tmp_path):
    label = store.add_label("s1", "h1", reviewer="ann", t_start=0, t_end=1)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"type": "label", "id": label.id, "version": 1, "session_id": "s1", "content_hash": "h2", "quality": 5},
        {"type": "comment", "session_id": "s1", "content_hash": "h1", "t": 2, "text": "new"},
        {"type": "flag", "session_id": "s1", "content_hash": "h1", "reviewer": "pii-bot", "t_start": 1,
         "t_end": 1, "source": "pii-phone"},
    ]) + "\n\n")
    result = import_jsonl(store, path, who="ops")
    assert dict(result.counts) == {"updated": 1, "created": 2}
    updated = store.get("label", label.id)
    assert (updated.version, updated.quality, updated.content_hash, updated.updated_by) == (2, 5, "h2", "ops")
    assert store.comments("s1")[0].reviewer == "ops"  # no reviewer given: the importer
    flag = store.flags("s1")[0]
    assert (flag.reviewer, flag.status, flag.category) == ("pii-bot", "suggested", "other")


def write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


GOOD = {"type": "comment", "session_id": "s1", "content_hash": "h1", "t": 1, "text": "fine"}


def test_a_bad_last_line_writes_nothing(store, tmp_path):
    rows = [GOOD] * 5 + [{"type": "label", "session_id": "s1", "content_hash": "h1", "t_start": 5, "t_end": 4,
                          "note": SECRET}]
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(store, write(tmp_path / "bad.jsonl", rows), who="ops")
    expected = f"{tmp_path / 'bad.jsonl'}:6: invalid: t_end: must be >= t_start"
    assert [str(p) for p in caught.value.problems] == [expected]
    assert snapshot(store) == {} and store.audit() == []


def test_every_bad_line_is_reported_without_its_content(store, tmp_path):
    path = write(tmp_path / "bad.jsonl", [
        GOOD,
        "{not json " + SECRET,
        "[1, 2]",
        {"session_id": "s1", "content_hash": "h1"},
        {**GOOD, "type": "sticker"},
        {**GOOD, "text": 42},
        {**GOOD, "qualty": 1},
        {**GOOD, f"typed: {SECRET}!": 1},
        {**GOOD, "id": "x" * 40, "version": 1},
        {**GOOD, "id": "abc"},
        {"type": "flag", "session_id": "s1", "content_hash": "h1", "t_start": 0, "t_end": 1, "regions": [[1, 2]]},
        {"type": "label", "session_id": "", "content_hash": "h1", "t_start": 0, "t_end": 1},
        {"type": "label", "session_id": "s1", "content_hash": "h1", "t_start": 0, "t_end": 1, "quality": 0},
    ])
    path.write_bytes(path.read_bytes() + b'{"type": "comment", "text": "\xff"}\n')
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(store, path, who="ops")
    got = [(p.line, p.code, p.message.split(":")[0]) for p in caught.value.problems]
    assert got == [(2, "bad-json", "line"), (3, "not-object", "line"), (4, "missing", "type"),
                   (5, "invalid", "type"), (6, "wrong-type", "text"), (7, "unknown-field", "qualty"),
                   (8, "unknown-field", "<field>"),  # a key that does not look like a field name is not echoed
                   (9, "invalid", "id"), (10, "missing", "version"), (11, "invalid", "regions[0]"),
                   (12, "missing", "session_id"), (13, "invalid", "quality"), (14, "bad-encoding", "line")]
    assert all(SECRET not in str(p) for p in caught.value.problems)
    assert snapshot(store) == {}


def test_a_stale_version_refuses_the_whole_file(store, tmp_path):
    label = store.add_label("s1", "h1", reviewer="ann", t_start=0, t_end=1, note="ann")
    store.update("label", label.id, 1, reviewer="bob", note="bob")
    before, audit = snapshot(store), store.audit()
    path = write(tmp_path / "stale.jsonl", [
        GOOD,
        {"type": "label", "id": label.id, "version": 1, "session_id": "s1", "content_hash": "h1", "note": SECRET},
        GOOD,
    ])
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(store, path, who="ops")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (2, "stale")
    assert problem.message.startswith("version: ") and "changed by bob" in problem.message
    assert SECRET not in str(problem)
    assert snapshot(store) == before and store.audit() == audit


def test_conflicts_found_while_applying(store, tmp_path):
    review = store.set_review("s1", "h1", "approved", reviewer="lead")
    label = store.add_label("s1", "h1", reviewer="ann", t_start=0, t_end=1)
    gone = store.add_comment("s1", "h1", reviewer="ann", t=0, text="x")
    store.delete("comment", gone.id, 1, reviewer="ann")
    path = write(tmp_path / "c.jsonl", [
        {"type": "review", "session_id": "s1", "content_hash": "h1", "status": "rejected"},
        {"type": "label", "id": label.id, "version": 1, "session_id": "s2", "content_hash": "h1"},
        {"type": "comment", "id": gone.id, "version": 2, "session_id": "s1", "content_hash": "h1", "text": "y"},
        {"type": "review", "session_id": "s1", "content_hash": "h1", "status": "approved"},
        {**GOOD, "id": "dup1", "version": 1},
        {**GOOD, "id": "dup1", "version": 1},
    ])
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(store, path, who="ops")
    assert [(p.line, p.code) for p in caught.value.problems] == [(4, "duplicate"), (6, "duplicate")]
    write(path, path.read_text().splitlines()[:3])
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(store, path, who="ops")
    assert [(p.line, p.code, p.message.split(":")[0]) for p in caught.value.problems] == [
        (1, "stale", "version"), (2, "immutable", "session_id"), (3, "deleted", "id")]
    assert store.review("s1") == review and len(store.audit()) == 4


def test_empty_file_imports_nothing(store, tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n  \n")
    assert sum(import_jsonl(store, path, who="ops").counts.values()) == 0


def test_lines_without_content_hash_take_the_sessions_current_one(store, tmp_path):
    from tests.trace_factory import make_session
    from viewer.trace import load_session

    data = tmp_path / "data"
    current = load_session(make_session(data, "s1")).content_hash
    path = write(tmp_path / "tool.jsonl", [
        {"type": "flag", "session_id": "s1", "t_start": 0, "t_end": 1, "scope": "pixels",
         "regions": [[10, 20, 30, 40], {"screen": 1, "x": 1, "y": 2, "w": 3, "h": 4}]},
        {"type": "label", "session_id": "s1", "t_start": 0, "t_end": 1, "instruction": "from a labeling tool"},
    ])
    assert str(import_jsonl(store, path, who="ops", dataset=data)) == "2 created, 0 updated, 0 unchanged"
    [flag], [label] = store.flags("s1"), store.labels("s1")
    assert flag.content_hash == label.content_hash == current
    assert flag.data["regions"] == [{"screen": 0, "x": 10, "y": 20, "w": 30, "h": 40},
                                    {"screen": 1, "x": 1, "y": 2, "w": 3, "h": 4}]
    out = tmp_path / "out.jsonl"
    export_jsonl(store, out)
    assert all(isinstance(r, dict) for row in lines(out) for r in row.get("regions", []))


def test_a_line_without_content_hash_outside_the_dataset_is_refused(store, tmp_path):
    from tests.trace_factory import make_session

    data = tmp_path / "data"
    make_session(data, "s1")
    path = write(tmp_path / "tool.jsonl", [
        {"type": "comment", "session_id": "s1", "t": 1, "text": "here"},
        {"type": "comment", "session_id": "elsewhere", "t": 1, "text": "not in the dataset"},
    ])
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(store, path, who="ops", dataset=data)
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (2, "not-in-dataset") and "elsewhere" in problem.message
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(store, path, who="ops")  # no dataset: each line says what is missing
    assert [(p.line, p.code) for p in caught.value.problems] == [(1, "missing"), (2, "missing")]
    assert snapshot(store) == {}


def test_cli_import_takes_the_dataset_from_data(tmp_path):
    from click.testing import CliRunner

    from tests.trace_factory import make_session
    from viewer.cli import cli

    data, url = tmp_path / "data", f"sqlite:///{tmp_path / 'a.db'}"
    make_session(data, "s1")
    path = write(tmp_path / "tool.jsonl", [{"type": "comment", "session_id": "s1", "t": 1, "text": "hi"}])
    done = CliRunner().invoke(cli, ["annotations", "import", str(path), "--db", url, "--data", str(data)])
    assert done.exit_code == 0, done.output
    refused = CliRunner().invoke(cli, ["annotations", "import", str(path), "--db", url,
                                       "--data", str(tmp_path / "other")])
    assert refused.exit_code == 1 and f"{path}:1: not-in-dataset: content_hash" in refused.output
