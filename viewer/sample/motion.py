"""Human-like pointer motion.

An aimed movement follows a minimum-jerk path (bell-shaped speed, peak near the middle) whose
duration follows Fitts' law, bends slightly sideways, sometimes overshoots (or falls short) and
is then corrected by a short second submovement, carries a little tremor, and is sampled at
about 60 Hz with irregular frame times, as a recorder polling the pointer would see it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Point = tuple[float, float]
FRAME = 1 / 60
PEAK_SPEED = 4000.0  # px/s: the fastest a hand moves the pointer here (long moves slow down to it)


@dataclass(frozen=True)
class Trajectory:
    """Samples after the start point: times in seconds from the start, and float positions."""

    t: np.ndarray
    x: np.ndarray
    y: np.ndarray

    @property
    def duration(self) -> float:
        return float(self.t[-1]) if len(self.t) else 0.0


def fitts_duration(distance: float, width: float, a: float = 0.10, b: float = 0.15) -> float:
    """Movement time in seconds: a + b * log2(D / W + 1) (Shannon formulation)."""
    return a + b * float(np.log2(distance / max(width, 1.0) + 1.0))


def min_jerk(tau: np.ndarray) -> np.ndarray:
    """Normalised minimum-jerk position profile on [0, 1]: 10t^3 - 15t^4 + 6t^5."""
    tau = np.clip(tau, 0.0, 1.0)
    return tau**3 * (10 - 15 * tau + 6 * tau**2)


def frame_times(rng: np.random.Generator, duration: float) -> np.ndarray:
    """Irregular ~60 Hz sample times in (0, duration], always ending exactly at `duration`."""
    n = int(duration / FRAME * 1.3) + 4
    dt = np.clip(rng.normal(FRAME, 0.0025, n), 0.009, 0.028)
    dt += FRAME * (rng.random(n) < 0.03)  # an occasional dropped frame
    t = np.cumsum(dt)
    t = t[t < duration - 0.008]
    return np.append(t, duration)


def submovement(rng: np.random.Generator, p0: Point, p1: Point, duration: float,
                bend: float) -> Trajectory:
    """One minimum-jerk stroke from p0 to p1 bowing sideways by `bend` (fraction of the distance)."""
    t = frame_times(rng, duration)
    s = min_jerk(t / duration)
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    side = bend * np.sin(np.pi * s)  # zero at both ends
    x = p0[0] + dx * s - dy * side
    y = p0[1] + dy * s + dx * side
    return Trajectory(t, x, y)


def aimed_move(rng: np.random.Generator, start: Point, end: Point, width: float = 24.0,
               miss_p: float = 0.3, bounds: tuple[float, float, float, float] | None = None,
               slow: float = 1.0) -> Trajectory:
    """A move from `start` to a target of size `width` centred on `end`; ends exactly at `end`.

    With probability `miss_p` the first stroke lands beside the target (mostly beyond it) and a
    short corrective stroke follows after a brief pause. `bounds` (x0, y0, x1, y1) clips every
    sample onto the screens; `slow` stretches the duration (drags are slower than free moves).
    """
    dist = float(np.hypot(end[0] - start[0], end[1] - start[1]))
    if dist < 1.0:
        return Trajectory(np.array([0.05]), np.array([end[0]]), np.array([end[1]]))
    duration = fitts_duration(dist, width) * slow * float(np.exp(rng.normal(0, 0.12)))
    duration = max(duration, 1.875 * dist * 1.1 / PEAK_SPEED)  # minimum-jerk peak = 1.875 D / T
    bend = float(np.clip(rng.normal(0, 0.06), -0.15, 0.15))
    if dist > 60 and rng.random() < miss_p:
        traj = _with_correction(rng, start, end, dist, duration, bend)
    else:
        traj = submovement(rng, start, end, duration, bend)
    return _finish(rng, traj, end, bounds)


def _with_correction(rng: np.random.Generator, start: Point, end: Point, dist: float,
                     duration: float, bend: float) -> Trajectory:
    ux, uy = (end[0] - start[0]) / dist, (end[1] - start[1]) / dist
    along = dist * rng.uniform(0.03, 0.09) * (1 if rng.random() < 0.75 else -1)
    across = rng.normal(0, 0.015 * dist)
    miss = (end[0] + ux * along - uy * across, end[1] + uy * along + ux * across)
    first = submovement(rng, start, miss, duration, bend)
    pause = rng.uniform(0.05, 0.14)
    second = submovement(rng, miss, end, rng.uniform(0.14, 0.26), rng.normal(0, 0.05))
    offset = first.duration + pause
    return Trajectory(np.concatenate([first.t, second.t + offset]),
                      np.concatenate([first.x, second.x]), np.concatenate([first.y, second.y]))


def _finish(rng: np.random.Generator, traj: Trajectory, end: Point,
            bounds: tuple[float, float, float, float] | None) -> Trajectory:
    """Add tremor to all samples but the last, pin the last onto the target, clip to bounds."""
    x, y = traj.x.copy(), traj.y.copy()
    x[:-1] += rng.normal(0, 0.35, len(x) - 1)
    y[:-1] += rng.normal(0, 0.35, len(y) - 1)
    x[-1], y[-1] = end
    if bounds is not None:
        x, y = np.clip(x, bounds[0], bounds[2]), np.clip(y, bounds[1], bounds[3])
    return Trajectory(traj.t, x, y)


def step_speeds(traj: Trajectory, start: Point) -> np.ndarray:
    """Speed (px/s) of each sample step, starting from `start` at time 0."""
    xs, ys = np.concatenate([[start[0]], traj.x]), np.concatenate([[start[1]], traj.y])
    ts = np.concatenate([[0.0], traj.t])
    return np.hypot(np.diff(xs), np.diff(ys)) / np.diff(ts)
