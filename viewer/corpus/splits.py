"""Which sources feed the tuning part of the corpus and which only the held-out part.

The held-out part measures the detectors on what they never saw: its people and organisations come from
Faker locales that no detector or training script reads (and every held-out name part that also occurs
in a tuning name list is redrawn), and two app templates appear only there. Detectors, their tests and
their training scripts may read the tuning locales and `viewer.corpus.apps_tuning`; they must not import
`viewer.corpus.heldout` or `viewer.corpus.apps_heldout` nor name a held-out locale (a test checks this).
"""

from __future__ import annotations

SPLITS = ("tuning", "heldout")

# Faker locales per split. Tuning: what detectors may be tuned and trained on.
TUNING_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES")
# Held-out: other languages and name lists, Latin script with diacritics plus some Cyrillic and Greek.
HELDOUT_LOCALES = ("pt_BR", "nl_NL", "pl_PL", "sv_SE", "cs_CZ", "tr_TR", "fi_FI", "it_IT", "ru_RU", "el_GR")

# App templates per split: the held-out ones are left out of all tuning.
TUNING_TEMPLATES = ("chat", "mail", "code_review", "wiki", "terminal", "browser_tabs", "tickets")
HELDOUT_ONLY_TEMPLATES = ("vault", "crm")
HELDOUT_TEMPLATES = TUNING_TEMPLATES + HELDOUT_ONLY_TEMPLATES

# Modules a detector, its tests or a training script must never import.
HELDOUT_MODULES = ("viewer.corpus.heldout", "viewer.corpus.apps_heldout")


def locales(split: str) -> tuple[str, ...]:
    return {"tuning": TUNING_LOCALES, "heldout": HELDOUT_LOCALES}[split]


def templates(split: str) -> tuple[str, ...]:
    return {"tuning": TUNING_TEMPLATES, "heldout": HELDOUT_TEMPLATES}[split]
