"""Dataset scans: local processes, Dask, incremental re-scans, unreadable sessions and annotations."""

import os
import time

import pandas as pd
import pytest

from tests.quality_dataset import THRESHOLDS, build, build_dataset
from viewer.quality import scan_dataset
from viewer.quality import scan as scan_module
from viewer.quality.report import add_annotations, read_report, write_report

VOLATILE = ["scanned_at"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("qa") / "data"
    root.mkdir()
    return root, build_dataset(root)


@pytest.fixture(scope="module")
def serial(dataset):
    root, _ = dataset
    return scan_dataset(root, THRESHOLDS, workers=1).report


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.drop(columns=VOLATILE).reset_index(drop=True),
                                  b.drop(columns=VOLATILE).reset_index(drop=True), check_like=False)


def test_one_row_per_session_keyed_by_id(dataset, serial):
    root, expect = dataset
    assert list(serial["dir"]) == sorted(expect)
    assert serial["session_id"].is_unique
    for name, code in expect.items():
        row = serial.set_index("dir").loc[name]
        assert (list(row["problems"]) == []) if code is None else code in row["problems"]


def test_unreadable_session_is_a_row_not_a_crash(serial):
    row = serial.set_index("dir").loc["unreadable"]
    assert not row["readable"] and list(row["problems"]) == ["unreadable", "invalid-json"]
    assert row["content_hash"]


def test_local_processes_give_the_same_report(dataset, serial):
    root, _ = dataset
    result = scan_dataset(root, THRESHOLDS, workers=2)
    assert result.scanned == len(serial)
    _same(serial, result.report)


def test_dask_cluster_gives_the_same_report(dataset, serial):
    from distributed import LocalCluster

    root, _ = dataset
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        seen = []
        result = scan_dataset(root, THRESHOLDS, engine="dask", address=cluster.scheduler_address,
                              progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(serial), len(serial))
    _same(serial, result.report)


def test_incremental_rescan_reads_nothing_unchanged(tmp_path, monkeypatch):
    root = tmp_path / "data"
    for i in range(4):
        build(root, f"s{i}")
    calls = []
    real = scan_module.load_session
    monkeypatch.setattr(scan_module, "load_session", lambda path, cache=None: calls.append(path.name) or real(path, cache))
    first = scan_dataset(root, THRESHOLDS, workers=1)
    assert sorted(calls) == ["s0", "s1", "s2", "s3"] and first.scanned == 4

    calls.clear()
    again = scan_dataset(root, THRESHOLDS, workers=1, previous=first.report)
    assert calls == [] and again.reused == 4 and again.scanned == 0
    _same(first.report, again.report)

    # touched but the same bytes: hashed, not parsed; changed events, a deleted screenshot: read again
    events = root / "s1" / "events.jsonl"
    os.utime(events, ns=(time.time_ns(), time.time_ns() + 10**9))
    (root / "s2" / "events.jsonl").write_bytes(events.read_bytes().replace(b'"end"', b'"fin"'))
    (root / "s3" / "screenshots" / "0010.png").unlink()
    third = scan_dataset(root, THRESHOLDS, workers=1, previous=again.report)
    assert sorted(calls) == ["s2", "s3"] and third.rehashed == 1 and third.reused == 1
    assert list(third.report.set_index("dir").loc["s3", "problems"]) == ["screenshot-missing"]

    calls.clear()
    scan_dataset(root, THRESHOLDS.with_overrides({"long_gap": "20"}), workers=1, previous=third.report)
    assert len(calls) == 4  # other thresholds: every row is made again


def test_incremental_with_processes_and_a_report_read_back(tmp_path):
    root = tmp_path / "data"
    for i in range(3):
        build(root, f"s{i}")
    first = scan_dataset(root, THRESHOLDS, workers=2)
    for name in ("r.parquet", "r.csv"):
        write_report(first.report, tmp_path / name)
        again = scan_dataset(root, THRESHOLDS, workers=2, previous=read_report(tmp_path / name))
        assert again.reused == 3 and again.scanned == 0


def test_report_round_trips_through_parquet_and_csv(serial, tmp_path):
    for name in ("r.parquet", "r.csv"):
        write_report(serial, tmp_path / name)
        back = read_report(tmp_path / name)
        assert list(back["session_id"]) == list(serial["session_id"])
        assert [list(p) for p in back["problems"]] == [list(p) for p in serial["problems"]]
        assert back["first_problem_t"].isna().tolist() == serial["first_problem_t"].isna().tolist()


def test_annotations_give_coverage_flags_review_and_stale(tmp_path):
    from viewer.review import Store

    root = tmp_path / "data"
    build(root, "a")
    build(root, "b")
    report = scan_dataset(root, THRESHOLDS, workers=1).report
    h = dict(zip(report["session_id"], report["content_hash"], strict=True))
    with Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        store.add_label("a", h["a"], reviewer="ana", t_start=0.0, t_end=10.0, instruction="x")
        store.add_label("a", h["a"], reviewer="ana", t_start=5.0, t_end=20.0, instruction="y")
        store.add_flag("a", h["a"], reviewer="ana", t_start=1.0, t_end=2.0)
        store.add_flag("a", h["a"], reviewer="ana", t_start=3.0, t_end=4.0, source="detector", status="suggested")
        store.set_review("a", h["a"], "approved", reviewer="ana")
        store.add_label("b", "0" * 32, reviewer="ana", t_start=7.0, t_end=9.0, instruction="old")
        out = add_annotations(report, store).set_index("session_id")
    assert out.loc["a", "labels"] == 2 and out.loc["a", "label_coverage"] == pytest.approx(20 / 39.95, abs=1e-3)
    assert out.loc["a", "flags"] == 2 and out.loc["a", "flags_suggested"] == 1 and out.loc["a", "flags_accepted"] == 1
    assert out.loc["a", "review_status"] == "approved" and list(out.loc["a", "problems"]) == []
    assert out.loc["b", "review_status"] == "unreviewed" and out.loc["b", "annotations_stale"] == 1
    assert list(out.loc["b", "problems"]) == ["annotations-stale"] and out.loc["b", "first_problem_t"] == 7.0
    # applied twice (a reused row of the last report): the same, not doubled
    again = add_annotations(out.reset_index(), store)
    assert list(again.set_index("session_id").loc["b", "problems"]) == ["annotations-stale"]


def test_an_unexpected_failure_is_a_row_too(tmp_path, monkeypatch):
    build(tmp_path / "data", "a")
    build(tmp_path / "data", "b")

    def boom(session, th=None):
        if session.session_id == "a":
            raise MemoryError("too big")
        return real(session, th)

    real = scan_module.session_row
    monkeypatch.setattr(scan_module, "session_row", boom)
    report = scan_dataset(tmp_path / "data", THRESHOLDS, workers=1).report.set_index("dir")
    assert list(report.loc["a", "problems"]) == ["scan-failed"] and report.loc["a", "error"] == "MemoryError"
    assert list(report.loc["b", "problems"]) == []
