"""The review queue on SQLite and PostgreSQL: one session per reviewer at a time, never one session to two
reviewers (threads and separate processes), leases expire, renew and are released by a final status."""

import multiprocessing
import shutil
import threading
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from viewer.review import Store
from viewer.review.models import now
from viewer.team.workflow_models import Lease, ReviewPass
from viewer.team import queue, workflow_settings

pytest_plugins = ["tests.pg_server"]

SESSIONS = [f"s{i:03d}" for i in range(40)]


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as opened:
        yield opened


def _expire(store: Store, session_id: str) -> None:
    """As if the lease's time had run out."""
    with Session(store.engine) as s, s.begin():
        s.execute(update(Lease).where(Lease.session_id == session_id).values(expires_at=now() - timedelta(seconds=1)))


def _passes(store: Store) -> list[tuple[str, str, int, str]]:
    with Session(store.engine) as s:
        rows = s.query(ReviewPass).order_by(ReviewPass.id)
        return [(p.session_id, p.reviewer, p.round, p.status) for p in rows]


def test_hands_out_sessions_in_order_and_my_lease_first(store):
    a = queue.next_session(store, "ann", SESSIONS, 30)
    b = queue.next_session(store, "bob", SESSIONS, 30)
    assert (a.session_id, b.session_id) == ("s000", "s001")
    assert a.round == 1 and a.expires_at - a.taken_at == timedelta(minutes=30)
    again = queue.next_session(store, "ann", SESSIONS, 30)
    assert again.session_id == "s000" and again.expires_at >= a.expires_at
    assert queue.current(store, "ann").session_id == "s000"
    assert [h.session_id for h in queue.leases(store)] == ["s001", "s000"]  # soonest expiry first: ann renewed


def test_skips_reviewed_sessions_and_returns_none_when_all_done(store):
    store.set_review("s000", "h", "approved", reviewer="zed")
    store.set_review("s001", "h", "in_review", reviewer="zed")
    assert queue.next_session(store, "ann", SESSIONS[:2], 30).session_id == "s001"
    assert queue.next_session(store, "bob", SESSIONS[:2], 30) is None


def test_final_status_releases_the_lease_and_records_the_pass(store):
    held = queue.next_session(store, "ann", SESSIONS, 30)
    rec = store.set_review(held.session_id, "h", "in_review", reviewer="ann")
    assert queue.next_session(store, "ann", SESSIONS, 30).session_id == "s000"  # in_review: still mine
    store.set_review("s000", "h", "approved", reviewer="ann", version=rec.version)
    assert queue.next_session(store, "ann", SESSIONS, 30).session_id == "s001"
    assert _passes(store) == [("s000", "ann", 1, "approved")]
    assert queue.finish(store, "ann", "s001", "rejected") is True
    assert queue.current(store, "ann") is None
    assert _passes(store)[-1] == ("s001", "ann", 1, "rejected")


def test_a_non_final_status_does_not_release(store):
    queue.next_session(store, "ann", SESSIONS, 30)
    assert queue.finish(store, "ann", "s000", "in_review") is False
    assert queue.current(store, "ann").session_id == "s000"


def test_release_gives_the_session_back(store):
    queue.next_session(store, "ann", SESSIONS, 30)
    assert queue.release(store, "ann") is True and queue.release(store, "ann") is False
    assert queue.next_session(store, "bob", SESSIONS, 30).session_id == "s000"


def test_a_released_session_goes_behind_the_others_for_that_reviewer(store):
    sessions = SESSIONS[:3]
    assert queue.next_session(store, "ann", sessions, 30).session_id == "s000"
    assert queue.release(store, "ann")
    assert queue.next_session(store, "ann", sessions, 30).session_id == "s001"  # not s000 again
    assert queue.release(store, "ann")
    assert queue.next_session(store, "ann", sessions, 30).session_id == "s002"
    assert queue.release(store, "ann")
    # all three released: the longest ago released comes round first
    assert queue.next_session(store, "ann", sessions, 30).session_id == "s000"
    assert queue.next_session(store, "bob", sessions, 30).session_id == "s001"  # others keep dataset order
    history = store.audit(session_id="s000")
    assert [(a.who, a.entity_kind, a.action) for a in history] == [("ann", "lease", "release")]


def test_only_sessions_that_load_are_offered(store):
    offered = queue.offerable(["a", "broken", "c"], {"broken"})
    assert offered == ["a", "c"]
    assert queue.next_session(store, "ann", offered, 30).session_id == "a"
    assert queue.next_session(store, "bob", offered, 30).session_id == "c"
    assert queue.next_session(store, "cy", offered, 30) is None


def test_an_expired_lease_goes_to_the_next_reviewer(store):
    queue.next_session(store, "ann", SESSIONS, 30)
    _expire(store, "s000")
    assert queue.current(store, "ann") is None
    assert queue.next_session(store, "bob", SESSIONS, 30).session_id == "s000"
    assert queue.renew(store, "ann", "s000", 30) is False  # bob holds it now
    assert queue.next_session(store, "ann", SESSIONS, 30).session_id == "s001"


def test_renew_pushes_the_expiry_and_keeps_an_expired_untaken_lease(store):
    first = queue.next_session(store, "ann", SESSIONS, 1)
    assert queue.renew(store, "ann", "s000", 30) is True
    assert queue.current(store, "ann").expires_at > first.expires_at + timedelta(minutes=28)
    _expire(store, "s000")
    assert queue.renew(store, "ann", "s000", 30) is True  # nobody took it meanwhile: still ann's
    assert queue.current(store, "ann").session_id == "s000"
    assert queue.renew(store, "bob", "s000", 30) is False


def test_needs_changes_goes_to_someone_else(store):
    store.set_review("s000", "h", "needs_changes", reviewer="ann")
    assert queue.next_session(store, "ann", SESSIONS[:1], 30) is None
    assert queue.next_session(store, "bob", SESSIONS[:1], 30).session_id == "s000"


def test_double_review_goes_to_a_second_reviewer(store):
    held = queue.next_session(store, "ann", SESSIONS[:1], 30, double_share=1.0)
    store.set_review(held.session_id, "h", "approved", reviewer="ann")
    assert queue.next_session(store, "ann", SESSIONS[:1], 30, double_share=1.0) is None
    second = queue.next_session(store, "bob", SESSIONS[:1], 30, double_share=1.0)
    assert (second.session_id, second.round) == ("s000", 2)
    assert queue.finish(store, "bob", "s000", "rejected")
    assert store.review("s000").status == "approved"  # the second verdict never overwrites the first
    assert _passes(store) == [("s000", "ann", 1, "approved"), ("s000", "bob", 2, "rejected")]
    assert queue.next_session(store, "cy", SESSIONS[:1], 30, double_share=1.0) is None


def test_second_review_of_a_session_approved_outside_the_queue(store):
    store.set_review("s000", "h", "approved", reviewer="ann")
    assert queue.next_session(store, "ann", SESSIONS[:1], 30, double_share=1.0) is None
    assert queue.next_session(store, "bob", SESSIONS[:1], 30, double_share=1.0).round == 2
    queue.finish(store, "bob", "s000", "approved")
    assert [p[:3] for p in _passes(store)] == [("s000", "ann", 1), ("s000", "bob", 2)]


def test_settings_from_the_environment():
    assert workflow_settings.settings({}) == workflow_settings.QueueSettings(30.0, 0.1)
    assert workflow_settings.settings({"VIEWER_LEASE_MINUTES": "5", "VIEWER_DOUBLE_REVIEW": "0.25"}) == \
        workflow_settings.QueueSettings(5.0, 0.25)
    for env, name in (({"VIEWER_DOUBLE_REVIEW": "10%"}, "VIEWER_DOUBLE_REVIEW"),
                      ({"VIEWER_DOUBLE_REVIEW": "1.5"}, "VIEWER_DOUBLE_REVIEW"),
                      ({"VIEWER_LEASE_MINUTES": "0"}, "VIEWER_LEASE_MINUTES"),
                      ({"VIEWER_LEASE_MINUTES": "nan"}, "VIEWER_LEASE_MINUTES")):
        with pytest.raises(ValueError, match=name):
            workflow_settings.settings(env)


# -- concurrency ------------------------------------------------------------------------------------------------
def test_threads_never_hold_one_session_at_once(store):
    """8 reviewers take and give back sessions over and over; a shared register notices any overlap."""
    sessions, holding, lock, seen, errors = SESSIONS[:6], {}, threading.Lock(), [], []

    def worker(name: str) -> None:
        try:
            for _ in range(12):
                held = queue.next_session(store, name, sessions, 30)
                if held is None:
                    continue
                with lock:
                    if held.session_id in holding:
                        errors.append((held.session_id, holding[held.session_id], name))
                    holding[held.session_id] = name
                    seen.append(held.session_id)
                with lock:  # off the register before the database lets anyone else have it
                    del holding[held.session_id]
                assert queue.release(store, name)
        except Exception as exc:  # reported below: the test must fail, not hang or pass
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(f"r{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(seen) > 12 and set(seen) <= set(sessions)


def test_threads_review_every_session_exactly_once(store):
    taken, errors = [], []

    def worker(name: str) -> None:
        try:
            while (held := queue.next_session(store, name, SESSIONS, 30)) is not None:
                taken.append(held.session_id)
                store.set_review(held.session_id, "h", "approved", reviewer=name)
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(f"r{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(taken) == SESSIONS  # none twice, none missed
    assert sorted(p[0] for p in _passes(store)) == SESSIONS


def _process_worker(url: str, name: str, out) -> None:
    with Store.open(url) as store:
        got = []
        while (held := queue.next_session(store, name, SESSIONS, 30)) is not None:
            got.append(held.session_id)
            store.set_review(held.session_id, "h", "approved", reviewer=name)
            queue.finish(store, name, held.session_id, "approved")  # False if another taker settled it first
        out.put((name, got))


def test_processes_review_every_session_exactly_once(store, db_url):
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(db_url, f"p{i}", out)) for i in range(8)]
    for p in procs:
        p.start()
    for p in procs:  # the results are a few lines each: they fit the pipe, so the workers can exit first
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * 8
    results = [out.get(timeout=10) for _ in procs]
    taken = [sid for _, got in results for sid in got]
    assert sorted(taken) == SESSIONS
    assert sorted(p[0] for p in _passes(store)) == SESSIONS


def test_one_reviewer_in_two_tabs_holds_one_lease(store):
    got = []
    threads = [threading.Thread(target=lambda: got.append(queue.next_session(store, "ann", SESSIONS, 30)))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {h.session_id for h in got} == {"s000"} and len(queue.leases(store)) == 1



# -- command line -----------------------------------------------------------------------------------------------
def _cli(*args: str):
    from click.testing import CliRunner

    from viewer.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_queue_commands(db_url, tmp_path, sample_data, monkeypatch):
    monkeypatch.setenv("VIEWER_DOUBLE_REVIEW", "0")
    first = _cli("queue", "next", "--data", str(sample_data), "--db", db_url, "--as", "ann")
    assert first.exit_code == 0 and first.stdout.startswith("sample-7-0\tann\treview\tuntil ")
    second = _cli("queue", "next", "--data", str(sample_data), "--db", db_url, "--as", "bob")
    assert second.stdout.startswith("sample-7-1\tbob\t")
    listed = _cli("queue", "list", "--db", db_url)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["sample-7-0", "sample-7-1"]
    assert _cli("queue", "release", "--db", db_url, "--as", "ann").exit_code == 0
    assert [line.split("\t")[1] for line in _cli("queue", "list", "--db", db_url).stdout.splitlines()] == ["bob"]


def test_queue_next_skips_a_session_that_does_not_load(db_url, tmp_path, sample_data, monkeypatch):
    from tests.trace_factory import make_session

    data = tmp_path / "data"
    shutil.copytree(sample_data / "sample-7-0", data / "sample-7-0")
    make_session(data, "a-broken", raw_lines=[b'{"t": 0, "type": "move", "x": 1}', b"{oops"])  # sorts first
    monkeypatch.setenv("VIEWER_DOUBLE_REVIEW", "0")
    got = _cli("queue", "next", "--data", str(data), "--db", db_url, "--as", "ann")
    assert got.exit_code == 0 and got.stdout.startswith("sample-7-0\tann\t")
    assert _cli("queue", "release", "--db", db_url, "--as", "ann").exit_code == 0
    again = _cli("queue", "next", "--data", str(data), "--db", db_url, "--as", "ann")
    assert again.stdout.startswith("sample-7-0\tann\t")  # released, but the only one that loads


def test_queue_command_bad_input(db_url, tmp_path, monkeypatch):
    missing = _cli("queue", "next", "--data", str(tmp_path / "nowhere"), "--db", db_url, "--as", "ann")
    assert missing.exit_code == 1 and "not-found" in missing.stderr and "Traceback" not in missing.output
    monkeypatch.setenv("VIEWER_LEASE_MINUTES", "soon")
    bad = _cli("queue", "next", "--data", str(tmp_path), "--db", db_url, "--as", "ann")
    assert bad.exit_code == 1 and "VIEWER_LEASE_MINUTES must be a number" in bad.stderr
