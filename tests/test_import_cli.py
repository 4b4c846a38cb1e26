"""`python -m viewer import`: exit codes, output, and recognising the formats from their files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from test_import_support import (BROWSER_AGENT, DUCKTRACK, OPENADAPT_SQL, RRWEB, SAMPLES, SCREENAGENT, STEPS_JSON,
                                 assert_valid, tree_digest)

from viewer.importers import detect, find_recordings

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"


def run(*args) -> subprocess.CompletedProcess:
    exe = PYTHON if PYTHON.exists() else Path(sys.executable)
    return subprocess.run([str(exe), "-m", "viewer", "import", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_detect_each_sample():
    assert detect(DUCKTRACK) == "ducktrack"
    assert detect(OPENADAPT_SQL) == "openadapt"
    assert detect(STEPS_JSON) == "steps"
    assert detect(STEPS_JSON.parent / "images" / "s_7f27a11115e596eb_0.png") is None
    assert detect(SAMPLES) is None and detect(SAMPLES / "README.md") is None


def test_find_recordings_under_a_directory():
    runs = [("browser-agent", p) for p in sorted(BROWSER_AGENT.iterdir())]
    assert find_recordings(SAMPLES) == [("steps", STEPS_JSON), *runs, ("ducktrack", DUCKTRACK),
                                        ("openadapt", OPENADAPT_SQL), ("rrweb", RRWEB), ("screenagent", SCREENAGENT)]
    assert find_recordings(SAMPLES, "openadapt") == [("openadapt", OPENADAPT_SQL)]


def test_detect_skips_trace_sessions_and_the_destination(tmp_path):
    shutil.copytree(DUCKTRACK, tmp_path / "src" / "a")
    (tmp_path / "src" / "done").mkdir()
    (tmp_path / "src" / "done" / "session.json").write_text("{}")
    shutil.copy(STEPS_JSON, tmp_path / "src" / "done" / "x.json")
    assert find_recordings(tmp_path / "src") == [("ducktrack", tmp_path / "src" / "a")]
    assert find_recordings(tmp_path / "src", exclude=tmp_path / "src" / "a") == []


def test_cli_imports_all_samples(tmp_path):
    before = tree_digest(SAMPLES)
    out = tmp_path / "out"
    result = run(SAMPLES, out)
    assert result.returncode == 0, result.stderr
    assert tree_digest(SAMPLES) == before
    sessions = sorted(p for p in out.iterdir() if p.is_dir())
    assert [p.name for p in sessions] == ["0059adc6b12a3822305deb68929b2de8", "02ea503d419c440cbda9e42263706d6a",
                                          "4e3f6a538cc1f7321cfc50260db9545d", "ducktrack-bc8ae8620e374c56", "openadapt-1-1689889605",
                                          "rrweb-a087d4e350600304", "s_7f27a11115e596eb"]
    for session in sessions:
        assert (session / "session.json").is_file() and (session / "events.parquet").is_file()
        assert_valid(session)
    assert "7 session(s) written from 7 recording(s)" in result.stdout
    assert f"{DUCKTRACK}: missing-video: " in result.stderr
    assert "Traceback" not in result.stderr
    again = run(SAMPLES, out)  # nothing overwritten; what is there is still usable
    assert again.returncode == 0 and "exists" in again.stdout


def test_cli_from_option(tmp_path):
    result = run(STEPS_JSON, tmp_path / "out", "--from", "steps")
    assert result.returncode == 0 and (tmp_path / "out" / "s_7f27a11115e596eb" / "session.json").is_file()
    wrong = run(DUCKTRACK, tmp_path / "out2", "--from", "openadapt")
    assert wrong.returncode == 1 and "unrecognised" in wrong.stderr


def test_cli_nothing_usable_exits_1(tmp_path):
    rec = tmp_path / "broken"
    rec.mkdir()
    (rec / "events.jsonl").write_text("not json\n")
    (rec / "metadata.json").write_text("{}")
    result = run(rec, tmp_path / "out", "--from", "ducktrack")
    assert result.returncode == 1
    assert f"{rec / 'events.jsonl'}:1: bad-json: " in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "broken").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(empty, tmp_path / "out").returncode == 1
    assert run(tmp_path / "no-such-dir", tmp_path / "out").returncode == 1


def test_cli_usage_errors_exit_2(tmp_path):
    assert run(SAMPLES, tmp_path / "out", "--from", "nope").returncode == 2
    assert run(SAMPLES).returncode == 2


def test_skipped_folders_are_reported_and_links_inside_src_followed(tmp_path):
    src, elsewhere = tmp_path / "src", tmp_path / "elsewhere"
    shutil.copytree(DUCKTRACK, src / "plain")
    shutil.copytree(DUCKTRACK, src / ".store" / "kept")
    (src / "linked").symlink_to(src / ".store" / "kept", target_is_directory=True)  # stays inside SRC: followed
    shutil.copytree(DUCKTRACK, elsewhere / "rec")
    (src / "outside").symlink_to(elsewhere / "rec", target_is_directory=True)  # leads out: reported, not read
    (src / "notes").mkdir()
    (src / "notes" / "todo.txt").write_text("not a recording")
    (src / "deep" / "er").mkdir(parents=True)  # reported once, as the highest empty folder
    (src / "loop").symlink_to(src, target_is_directory=True)  # back to SRC: visited once
    skipped: list = []
    found = find_recordings(src, skipped=skipped)
    assert found == [("ducktrack", src / "linked"), ("ducktrack", src / "plain")]
    assert sorted((p.name, why.split(";")[0]) for p, why in skipped) == [
        ("deep", "no recording found in this folder"), ("notes", "no recording found in this folder"),
        ("outside", "a symbolic link leading outside the source folder")]
    result = run(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for name in ("deep", "notes", "outside"):
        assert f"{src / name}: skipped-folder: " in result.stderr
