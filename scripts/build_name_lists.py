"""Build the person-name lists the detectors ship (viewer/sensitive/data/first_names.txt, last_names.txt).

Source: the person providers of Faker (MIT licence) for the locales in LOCALES only; the other locales are left to
held-out evaluation data, so that a detector is never measured on the names it was built from. Latin-script names,
accents folded, lower case, one a line, sorted. Run: python scripts/build_name_lists.py (needs `faker` installed).
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from pathlib import Path

LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "pl_PL",
           "sv_SE", "da_DK", "tr_TR")
OUT = Path(__file__).resolve().parent.parent / "viewer" / "sensitive" / "data"


def fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


def _names(provider, attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        value = getattr(provider, attr, None)
        if value:
            out.update(value.keys() if isinstance(value, dict) else value)
    return out


def main() -> int:
    firsts: set[str] = set()
    lasts: set[str] = set()
    for loc in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        firsts |= _names(provider, ("first_names", "first_names_male", "first_names_female",
                                    "first_names_nonbinary"))
        lasts |= _names(provider, ("last_names", "last_names_male", "last_names_female"))
    for kind, names in (("first_names", firsts), ("last_names", lasts)):
        clean = sorted({fold(n) for n in names if n.isascii() or fold(n).isascii()} - {""})
        clean = [n for n in clean if n.replace("-", "").replace("'", "").replace(" ", "").isalpha() and len(n) >= 2]
        (OUT / f"{kind}.txt").write_text("\n".join(clean) + "\n", encoding="utf-8")
        print(f"{kind}: {len(clean)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
