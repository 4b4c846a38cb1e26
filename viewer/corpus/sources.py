"""The tuning split's name sources, and the set of every name part they can produce (held-out names avoid it)."""

from __future__ import annotations

import functools
import importlib

from .splits import TUNING_LOCALES
from .values import Source


def tuning_source() -> Source:
    return Source(TUNING_LOCALES)


@functools.lru_cache(maxsize=1)
def tuning_name_parts() -> frozenset:
    """Every first and last name in the tuning locales' Faker lists and in the session generator's lists."""
    from viewer.sample import fakes

    parts = set(fakes.FIRST) | set(fakes.LAST)
    for loc in TUNING_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in dir(provider):
            if attr.startswith(("first_names", "last_names")):
                parts |= {str(x) for x in getattr(provider, attr)}
    return frozenset(parts)
