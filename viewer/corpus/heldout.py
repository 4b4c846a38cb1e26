"""The held-out split's name sources: Faker locales no detector reads, with every name part that a tuning list
also holds drawn again, and company forms of their own. No detector, detector test or training script may
import this module (a test checks it)."""

from __future__ import annotations

from .sources import tuning_name_parts
from .splits import HELDOUT_LOCALES
from .values import Source

COMPANY_SUFFIXES = ("Holding", "Logistik", "Grupa", "Consultoria", "Partners AB", "Teknoloji", "Oy", "s.r.o.")


def heldout_source() -> Source:
    return Source(HELDOUT_LOCALES, exclude=tuning_name_parts(), company_suffixes=COMPANY_SUFFIXES)
