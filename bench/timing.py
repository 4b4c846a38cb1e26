"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time


def timed_ms(fn, n: int) -> list[float]:
    """Milliseconds of each of n calls fn(0) ... fn(n-1)."""
    out = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out
