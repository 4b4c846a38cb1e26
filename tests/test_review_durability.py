"""Durability and concurrency of the annotation store with real processes: a write that returned survives
SIGKILL (SQLite WAL and PostgreSQL), also through the real app; two processes racing on one flag leave
exactly one winner, the loser is told who won, and the audit keeps the original and the winner's value;
an import killed halfway writes nothing."""

import multiprocessing
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app_server import ROOT, running_app
from viewer.review import StaleEdit, Store

pytest_plugins = ["tests.pg_server"]

S, H = "session-1", "hash-a"
# Source files edited while a test runs must not be re-imported into the running app: a re-imported
# module would raise exception classes that the still-cached store's code does not catch, and vice versa.
NO_RELOAD = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}

SAVE_THEN_SLEEP = """
import sys, time
from viewer.review import Store
store = Store.open(sys.argv[1])
label = store.add_label("session-1", "hash-a", reviewer="kim", t_start=1.25, t_end=4.5,
                        instruction="open the mail", outcome="partial", quality=4, tags=["mail"], note="n1")
flag = store.add_flag("session-1", "hash-a", reviewer="kim", t_start=2, t_end=3, category="password",
                      scope="pixels", regions=[{"screen": 0, "x": 10, "y": 20, "w": 30, "h": 40}], note="n2")
print("saved", label.id, flag.id, flush=True)  # only after both calls returned
time.sleep(600)
"""


def start_child(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def read_line_then_kill(child: subprocess.Popen, prefix: str) -> list[str]:
    """The child's first stdout line (it must start with `prefix`), then SIGKILL: no cleanup runs."""
    try:
        line = child.stdout.readline()
        assert line.startswith(prefix), f"child said {line!r}; stderr: {child.stderr.read()[-2000:]}"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return line.split()[1:]


# -- a. SIGKILL right after a write returned ----------------------------------------------------------------
def test_a_returned_write_survives_sigkill(db_url):
    Store.open(db_url).close()  # schema first, so the child only writes
    label_id, flag_id = read_line_then_kill(start_child(SAVE_THEN_SLEEP, db_url), "saved")
    if db_url.startswith("sqlite"):  # the rows are only in the WAL: reopening must recover them from it
        wal = Path(db_url.removeprefix("sqlite:///") + "-wal")
        assert wal.is_file() and wal.stat().st_size > 0
    with Store.open(db_url) as store:
        label, flag = store.get("label", label_id), store.get("flag", flag_id)
        assert [r.id for r in store.labels(S)] == [label_id] and [r.id for r in store.flags(S)] == [flag_id]
        assert (label.version, label.reviewer, label.content_hash) == (1, "kim", H)
        assert label.data == {"t_start": 1.25, "t_end": 4.5, "instruction": "open the mail", "outcome": "partial",
                              "quality": 4, "tags": ["mail"], "note": "n1"}
        assert (flag.t_start, flag.t_end, flag.category, flag.scope, flag.note) == (2, 3, "password", "pixels", "n2")
        assert flag.regions == [{"screen": 0, "x": 10, "y": 20, "w": 30, "h": 40}]
        assert [a.action for a in store.audit(session_id=S)] == ["create", "create"]


@pytest.mark.postgres
def test_a_returned_write_survives_a_postgresql_crash(pg_server):
    """The server itself dies (immediate stop: no checkpoint, like a crash) and recovers from its WAL."""
    url = pg_server.create_database()
    label_id, flag_id = read_line_then_kill(start_child(SAVE_THEN_SLEEP, url), "saved")
    database = url.rsplit("/", 1)[1]
    pg_server.stop()
    pg_server.start()  # on a new port
    with Store.open(pg_server.url(database)) as store:
        assert store.get("label", label_id).instruction == "open the mail"
        assert store.get("flag", flag_id).regions == [{"screen": 0, "x": 10, "y": 20, "w": 30, "h": 40}]


# -- b. the same through the real app -----------------------------------------------------------------------
@pytest.mark.browser
def test_a_label_saved_in_the_app_survives_sigkill_of_the_server(chromium, tmp_path, sample_data):
    data = tmp_path / "data"
    shutil.copytree(sample_data, data)
    db = tmp_path / "ann.db"
    env = {"VIEWER_DATA": str(data), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_DB_URL": f"sqlite:///{db}",
           "VIEWER_USER": "alice", **NO_RELOAD}
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(f"{url}/replay?session=sample-7-0&t=2")
        box = page.get_by_label("Instruction", exact=True).first
        box.wait_for(timeout=60_000)
        box.fill("survive the crash")
        page.get_by_role("button", name="Add label").click()
        page.get_by_text("Label added.").wait_for(timeout=30_000)
        url.process.send_signal(signal.SIGKILL)
        assert url.process.wait(timeout=30) == -signal.SIGKILL
        page.close()
    assert Path(f"{db}-wal").stat().st_size > 0  # not checkpointed: recovery comes from the WAL
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(f"{url}/replay?session=sample-7-0&t=2")
        page.get_by_text("Edit a label").click()
        edit = page.get_by_test_id("stExpander").filter(has_text="Edit a label").get_by_label("Instruction")
        edit.wait_for(timeout=60_000)
        assert edit.input_value() == "survive the crash"
    with Store.open(f"sqlite:///{db}") as store:
        [label] = store.labels("sample-7-0")
        assert (label.instruction, label.reviewer, label.t_start, label.t_end) == ("survive the crash", "alice",
                                                                                   2.0, 12.0)


# -- c. two processes editing the same flag -----------------------------------------------------------------
ROUNDS = 4


def edit_flag(db_url: str, name: str, flag_id: str, barrier, results) -> None:
    """Each round: read the flag, wait for the other process to have read it too, then both write."""
    with Store.open(db_url) as store:
        for n in range(ROUNDS):
            seen = store.get("flag", flag_id)
            barrier.wait(60)
            value = f"{name}-round-{n}"
            try:
                store.update("flag", flag_id, seen.version, reviewer=name, note=value)
                results.put((n, name, "saved", seen.version, value, None, None))
            except StaleEdit as exc:  # reported to the caller with who won and when, never dropped
                results.put((n, name, "refused", seen.version, value, exc.changed_by, str(exc)))
            barrier.wait(60)


def test_two_processes_race_on_one_flag(db_url):
    with Store.open(db_url) as store:
        flag = store.add_flag(S, H, reviewer="ann", t_start=0, t_end=1, category="email", note="original")
        ctx = multiprocessing.get_context("spawn")
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=edit_flag, args=(db_url, name, flag.id, barrier, results))
                 for name in ("proc-a", "proc-b")]
        for p in procs:
            p.start()
        got = sorted(results.get(timeout=120) for _ in range(2 * ROUNDS))
        for p in procs:
            p.join(60)
            assert p.exitcode == 0
        history = store.audit(entity_id=flag.id)
        final = store.get("flag", flag.id)
    winners = []
    for n in range(ROUNDS):
        one, other = got[2 * n], got[2 * n + 1]
        assert one[3] == other[3] == n + 1  # both read the same version before either wrote
        [saved] = [r for r in (one, other) if r[2] == "saved"]
        [refused] = [r for r in (one, other) if r[2] == "refused"]
        winners.append(saved)
        assert refused[5] == saved[1], refused  # the refusal names who changed it
        assert f"changed by {saved[1]} at " in refused[6] and f"version {n + 1}" in refused[6]
        assert history[n + 1].at.isoformat(timespec="seconds") in refused[6]  # ... and when
        assert refused[4] not in refused[6]  # the message carries no annotation text
    assert [(a.action, a.who) for a in history] == [("create", "ann")] + [("update", w[1]) for w in winners]
    assert history[0].after["note"] == "original" and history[1].before["note"] == "original"
    assert [a.after["note"] for a in history[1:]] == [w[4] for w in winners]  # every winner's value kept
    refused_values = {r[4] for r in got if r[2] == "refused"}
    assert len(refused_values) == ROUNDS and final.note not in refused_values
    assert not [v for v in refused_values for a in history if v in f"{a.before} {a.after}"]  # never written
    assert (final.version, final.note, final.updated_by) == (ROUNDS + 1, winners[-1][4], winners[-1][1])


# -- d. an import killed halfway ------------------------------------------------------------------------
IMPORT_THEN_HANG = """
import sys, time
from viewer.review import Store, transfer
applied = 0
real_apply = transfer.apply
def apply_then_hang(tx, op):  # let half the lines reach the database, then stop inside the transaction
    global applied
    applied += 1
    if applied == int(sys.argv[3]):
        tx.s.flush()
        print("halfway", applied, flush=True)
        time.sleep(600)
    return real_apply(tx, op)
transfer.apply = apply_then_hang
transfer.import_jsonl(Store.open(sys.argv[1]), sys.argv[2], who="ops")
print("finished", flush=True)
"""


def test_an_import_killed_halfway_writes_nothing(db_url, tmp_path):
    with Store.open(db_url) as store:
        kept = store.add_label(S, H, reviewer="ann", t_start=0, t_end=1, note="before")
        before = [(k, r.id, r.version, r.data) for k in ("label", "flag", "comment") for r in store.find(k)]
        audit_before = store.audit()
    lines = [f'{{"type": "comment", "session_id": "{S}", "content_hash": "{H}", "t": {i}, "text": "c{i}"}}'
             for i in range(400)]
    lines.append(f'{{"type": "label", "id": "{kept.id}", "version": 1, "session_id": "{S}", '
                 f'"content_hash": "{H}", "note": "after"}}')
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert read_line_then_kill(start_child(IMPORT_THEN_HANG, db_url, str(path), "200"), "halfway") == ["200"]
    with Store.open(db_url) as store:
        after = [(k, r.id, r.version, r.data) for k in ("label", "flag", "comment") for r in store.find(k)]
        assert after == before and store.audit() == audit_before
        assert store.get("label", kept.id).note == "before"
