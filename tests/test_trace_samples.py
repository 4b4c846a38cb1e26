"""Every generated session validates and loads: the shipped ones and fresh ones from other seeds."""

import pytest

from viewer.sample import generate_dataset
from viewer.trace import load_session, validate_paths
from viewer.trace.dataset import find_sessions


def _check_dataset(root):
    count, problems = validate_paths([root])
    assert count > 0
    assert [str(p) for p in problems] == []
    for path in find_sessions(root)[0]:
        session = load_session(path, None)
        assert len(session.events) > 0 and len(session.screenshots) > 0
        assert session.problems == []
        ev = session.events
        on_screen = ev[ev["type"].isin(["move", "down", "up"])]
        assert on_screen["x"].notna().all()


def test_shipped_samples_validate_and_load(sample_data):
    _check_dataset(sample_data)


@pytest.mark.parametrize("seed", [3, 11])
def test_fresh_samples_validate_and_load(tmp_path, seed):
    generate_dataset(tmp_path, sessions=2, minutes=0.5, seed=seed)
    _check_dataset(tmp_path)
