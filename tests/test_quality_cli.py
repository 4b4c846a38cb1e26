"""`python -m viewer qa`: exit codes, report formats, engines, incremental runs, thresholds."""

import os
import subprocess
import sys

import pandas as pd
import pytest

from tests.app_server import ROOT
from tests.quality_dataset import build, build_dataset
from viewer.quality.report import read_report


def qa(*args, env=None):
    return subprocess.run([sys.executable, "-m", "viewer", "qa", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("qa") / "data"
    root.mkdir()
    return root, build_dataset(root)


def test_writes_parquet_and_csv_and_reuses_the_last_scan(dataset, tmp_path):
    root, expect = dataset
    env = {"VIEWER_QA_LONG_GAP": "10", "VIEWER_QA_CLOCK_JUMP": "100", "VIEWER_QA_IDLE_GAP": "3"}
    done = qa(root, "--out", tmp_path / "r.parquet", "--workers", "2", "-T", "screenshot_gap=20", env=env)
    assert done.returncode == 0, done.stderr
    assert f"{len(expect)} sessions: {len(expect)} scanned" in done.stderr and "Traceback" not in done.stderr
    report = read_report(tmp_path / "r.parquet").set_index("dir")
    for name, code in expect.items():
        assert (list(report.loc[name, "problems"]) == []) if code is None else code in report.loc[name, "problems"]

    again = qa(root, "--out", tmp_path / "r.csv", "-T", "screenshot_gap=20", env=env)
    assert again.returncode == 0 and f"0 scanned, {len(expect)} unchanged" in again.stderr
    csv = pd.read_csv(tmp_path / "r.csv", keep_default_na=False)
    assert csv.set_index("dir").loc["teleport", "problems"] == "teleport"
    assert csv.set_index("dir").loc["unreadable", "problems"] == "unreadable invalid-json"
    assert csv.set_index("dir").loc["clean-a", "problems"] == ""

    full = qa(root, "--out", tmp_path / "r.csv", "--full", "-T", "screenshot_gap=20", env=env)
    assert full.returncode == 0 and f"{len(expect)} scanned, 0 unchanged" in full.stderr


def test_dask_engine_on_a_local_cluster(tmp_path):
    build(tmp_path / "data", "a")
    build(tmp_path / "data", "b")
    done = qa(tmp_path / "data", "--out", tmp_path / "r.parquet", "--engine", "dask", "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert sorted(read_report(tmp_path / "r.parquet")["session_id"]) == ["a", "b"]


def test_annotation_columns_when_a_database_is_there(tmp_path):
    from viewer.review import Store

    build(tmp_path / "data", "a")
    url = f"sqlite:///{tmp_path / 'data.annotations.db'}"  # the default file beside the data
    with Store.open(url) as store:
        store.set_review("a", "h", "in_review", reviewer="ana")
    assert qa(tmp_path / "data", "--out", tmp_path / "r.csv").returncode == 0
    row = pd.read_csv(tmp_path / "r.csv").iloc[0]
    assert row["review_status"] == "in_review" and row["labels"] == 0


def test_no_annotation_columns_and_no_database_created_without_one(tmp_path):
    build(tmp_path / "data", "a")
    assert qa(tmp_path / "data", "--out", tmp_path / "r.csv").returncode == 0
    assert "review_status" not in pd.read_csv(tmp_path / "r.csv").columns
    assert not (tmp_path / "data.annotations.db").exists()


@pytest.mark.parametrize("args, code, message", [
    (["{missing}", "--out", "{out}.csv"], 1, "not-found"),
    (["{empty}", "--out", "{out}.csv"], 1, "no-sessions"),
    (["{data}", "--out", "{out}.txt"], 2, "--out must end in .parquet or .csv"),
    (["{data}", "--out", "{out}.csv", "-T", "nope=1"], 2, "unknown threshold"),
    (["{data}", "--out", "{out}.csv", "-T", "long_gap=x"], 2, "needs a float"),
    (["{data}", "--out", "{out}.csv", "--address", "tcp://127.0.0.1:1"], 2, "--address needs --engine dask"),
    (["{data}", "--out", "{out}.csv", "--engine", "spark"], 2, "Invalid value"),
    (["{data}"], 2, "Missing option"),
])
def test_exit_codes(tmp_path, args, code, message):
    build(tmp_path / "data", "a")
    (tmp_path / "empty").mkdir()
    paths = {"missing": tmp_path / "nope", "empty": tmp_path / "empty", "data": tmp_path / "data",
             "out": tmp_path / "r"}
    done = qa(*[a.format(**paths) for a in args])
    assert done.returncode == code, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_bad_environment_threshold_is_a_usage_error(tmp_path):
    build(tmp_path / "data", "a")
    done = qa(tmp_path / "data", "--out", tmp_path / "r.csv", env={"VIEWER_QA_MAX_SPEED": "fast"})
    assert done.returncode == 2 and "max_speed" in done.stderr


def test_annotations_are_joined_afresh_on_every_run(tmp_path):
    from viewer.review import Store

    build(tmp_path / "data", "a")
    db = tmp_path / "other.db"
    with Store.open(f"sqlite:///{db}") as store:
        store.add_label("a", "0" * 32, reviewer="ana", t_start=1.0, t_end=2.0, instruction="old trace")
    assert qa(tmp_path / "data", "--out", tmp_path / "r.csv", "--db", f"sqlite:///{db}").returncode == 0
    assert pd.read_csv(tmp_path / "r.csv", keep_default_na=False).loc[0, "problems"] == "annotations-stale"
    done = qa(tmp_path / "data", "--out", tmp_path / "r.csv")  # no database this time: reused row, no stale code
    assert done.returncode == 0 and "0 scanned, 1 unchanged" in done.stderr
    again = pd.read_csv(tmp_path / "r.csv", keep_default_na=False)
    assert again.loc[0, "problems"] == "" and "labels" not in again.columns
