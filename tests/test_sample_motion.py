"""Pointer motion of the sample generator: aimed, bell-shaped, on screen, no teleports."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.sample import motion

BOUNDS = (0, 0, 2559, 799)  # two 1280x800 screens side by side
MAX_SPEED = 8000.0  # px/s, about 130 px per 60 Hz frame: a fast flick across two screens; a teleport is far above

points = st.tuples(st.integers(0, 2559), st.integers(0, 799))


@settings(max_examples=60, deadline=None)
@given(start=points, end=points, width=st.integers(6, 200), seed=st.integers(0, 2**32 - 1))
def test_a_move_stays_on_screen_ends_on_target_and_never_teleports(start, end, width, seed):
    traj = motion.aimed_move(np.random.default_rng(seed), start, end, width, bounds=BOUNDS)
    assert (traj.x[-1], traj.y[-1]) == end
    assert traj.x.min() >= 0 and traj.x.max() <= 2559 and traj.y.min() >= 0 and traj.y.max() <= 799
    assert np.all(np.diff(traj.t) > 0.005) and traj.t[0] > 0
    assert motion.step_speeds(traj, start).max() < MAX_SPEED
    assert traj.duration < 2.5


@settings(max_examples=40, deadline=None)
@given(start=points, end=points, seed=st.integers(0, 2**32 - 1))
def test_speed_profile_is_bell_shaped_with_the_peak_near_the_middle(start, end, seed):
    if np.hypot(end[0] - start[0], end[1] - start[1]) < 150:
        return
    traj = motion.aimed_move(np.random.default_rng(seed), start, end, 30, miss_p=0.0)
    speed = motion.step_speeds(traj, start)
    k = int(np.argmax(speed))
    assert 0.3 < traj.t[k] / traj.duration < 0.7
    third = len(speed) // 3
    assert speed[:third].mean() < speed[k] * 0.75 and speed[-third:].mean() < speed[k] * 0.75
    assert speed[0] < 0.25 * speed[k] and speed[-1] < 0.25 * speed[k]


def test_samples_come_at_about_60_hz_with_jitter():
    traj = motion.aimed_move(np.random.default_rng(1), (10, 10), (1200, 700), 20, miss_p=0.0)
    dt = np.diff(traj.t)
    assert 0.014 < np.median(dt) < 0.02 and dt.std() > 0.001


def test_durations_follow_fitts_law():
    rng = np.random.default_rng(2)

    def mean_duration(distance: float, width: float) -> float:
        return float(np.mean([motion.aimed_move(rng, (100, 400), (100 + distance, 400), width, miss_p=0).duration
                              for _ in range(30)]))

    near, far = mean_duration(150, 40), mean_duration(1200, 40)
    small = mean_duration(600, 8)
    big = mean_duration(600, 120)
    assert far > near * 1.4 and small > big * 1.3
    assert abs(near - motion.fitts_duration(150, 40)) < 0.1


def test_some_moves_overshoot_and_correct():
    rng = np.random.default_rng(3)
    overshoots = 0
    for _ in range(40):
        traj = motion.aimed_move(rng, (100, 400), (900, 400), 24)
        overshoots += bool(traj.x.max() > 905)
    assert 3 <= overshoots <= 30


def test_paths_bend_a_little():
    rng = np.random.default_rng(4)
    bends = [np.abs(motion.aimed_move(rng, (100, 400), (1100, 400), 24, miss_p=0).y - 400).max() for _ in range(30)]
    assert np.median(bends) > 5 and max(bends) < 200
