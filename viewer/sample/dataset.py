"""The public entry point: a deterministic dataset of synthetic sessions."""

from __future__ import annotations

from pathlib import Path

from .output import write_session
from .session import compose

FORMATS = ("png", "jpg", "webp")  # screenshot format by session index


def generate_dataset(out: Path, sessions: int, minutes: float, seed: int) -> list[Path]:
    """Write `sessions` trace/1 session directories (each with a truth.json) under `out`.

    Session n is `sample-<seed>-<n>`; every third (n = 0, 3, ...) also gets `screen.mp4`;
    in a dataset of two or more, session 1 has two screens side by side. The same arguments
    always give the same events, truth and images.
    """
    if sessions < 0 or minutes <= 0:
        raise ValueError("sessions must be >= 0 and minutes > 0")
    out = Path(out)
    paths = []
    for n in range(sessions):
        built = compose(seed, n, minutes, two_screens=(n == 1), image_format=FORMATS[n % 3])
        paths.append(write_session(out, built, video=(n % 3 == 0)))
    return paths
