"""Which sources feed the tuning part of the corpus and which only the held-out part.

The held-out part measures the detectors on what they never saw: its people and organisations come from
Faker locales that no detector or training script reads (none of the tuning locales nor of the locales the
detectors' name lists are built from, scripts/build_name_lists.py), every held-out name part that also occurs
in a tuning name list or in the detectors' name lists is redrawn, and two app templates appear only there.
Detectors, their tests and their training scripts may read the tuning locales and `viewer.corpus.apps_tuning`; they must not import
`viewer.corpus.heldout` or `viewer.corpus.apps_heldout` nor name a held-out locale (a test checks this).
"""

from __future__ import annotations

SPLITS = ("tuning", "heldout")

# Faker locales per split. Tuning: what detectors may be tuned and trained on.
TUNING_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES")
# Held-out: other languages and name lists than the detectors', Latin script with diacritics plus Cyrillic and
# Greek. None of these may be in scripts/build_name_lists.py's LOCALES (a test checks it).
HELDOUT_LOCALES = ("cs_CZ", "sk_SK", "fi_FI", "hu_HU", "ro_RO", "hr_HR", "lt_LT", "ru_RU", "uk_UA", "el_GR")

# App templates per split: the held-out ones are left out of all tuning. The tuning-only ones (a people record
# with its fields, a table of accounts or users) widen what the detectors are tuned on without changing what the
# held-out part measures.
SHARED_TEMPLATES = ("chat", "mail", "code_review", "wiki", "terminal", "browser_tabs", "tickets")
TUNING_ONLY_TEMPLATES = ("people", "accounts")
HELDOUT_ONLY_TEMPLATES = ("vault", "crm")
TUNING_TEMPLATES = SHARED_TEMPLATES + TUNING_ONLY_TEMPLATES
HELDOUT_TEMPLATES = SHARED_TEMPLATES + HELDOUT_ONLY_TEMPLATES

# Modules a detector, its tests or a training script must never import.
HELDOUT_MODULES = ("viewer.corpus.heldout", "viewer.corpus.apps_heldout")


def locales(split: str) -> tuple[str, ...]:
    return {"tuning": TUNING_LOCALES, "heldout": HELDOUT_LOCALES}[split]


def templates(split: str) -> tuple[str, ...]:
    return {"tuning": TUNING_TEMPLATES, "heldout": HELDOUT_TEMPLATES}[split]
