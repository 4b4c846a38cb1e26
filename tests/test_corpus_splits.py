"""The held-out part of the corpus stays apart from what detectors are tuned on."""

import ast
import re
from pathlib import Path

from viewer.corpus import splits
from viewer.corpus.generate import build, specs
from viewer.corpus.sources import tuning_name_parts
from viewer.corpus.values import ascii_slug

ROOT = Path(__file__).resolve().parents[1]
SPAN = re.compile(r'data-cat="(person|organisation)">([^<]*)<')


def _texts(split, n):
    out = {"person": set(), "organisation": set()}
    for spec in specs(split, 11, n):
        html, _title = build(spec)
        for cat, text in SPAN.findall(html):
            out[cat].add(text)
    return out


def test_declared_splits_do_not_share_locales_or_held_out_templates():
    assert not set(splits.TUNING_LOCALES) & set(splits.HELDOUT_LOCALES)
    assert len(splits.HELDOUT_ONLY_TEMPLATES) >= 2
    assert not set(splits.HELDOUT_ONLY_TEMPLATES) & set(splits.TUNING_TEMPLATES)
    used = {s.template for s in specs("tuning", 3, 60)}
    assert used == set(splits.TUNING_TEMPLATES)
    held = {s.template for s in specs("heldout", 3, 60)}
    assert held == set(splits.HELDOUT_TEMPLATES) and set(splits.HELDOUT_ONLY_TEMPLATES) <= held
    assert not held & set(splits.TUNING_ONLY_TEMPLATES)  # the held-out part measures what it always measured


def test_no_held_out_name_appears_in_the_tuning_split_or_its_name_lists():
    held, tuned = _texts("heldout", 45), _texts("tuning", 45)
    assert len(held["person"]) > 40 and len(held["organisation"]) > 15
    initials = re.compile(r"[A-ZÀ-Ž]{2}")  # avatars' two letters may coincide; names may not
    assert not {n for n in held["person"] & tuned["person"] if not initials.fullmatch(n)}
    assert not held["organisation"] & tuned["organisation"]
    parts = tuning_name_parts()
    # every held-out full name ("First Last") is made of name parts that no tuning list holds
    full = [n for n in held["person"] if " " in n and "," not in n and not n.endswith(".")]
    assert full and not {w for n in full for w in n.split()} & parts


def _name_list_locales() -> set[str]:
    """The locales scripts/build_name_lists.py builds the detectors' name lists from (read, not run)."""
    tree = ast.parse((ROOT / "scripts" / "build_name_lists.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "LOCALES" for t in node.targets):
            return set(ast.literal_eval(node.value))
    raise AssertionError("scripts/build_name_lists.py has no LOCALES")


def test_held_out_locales_are_none_the_detectors_name_lists_are_built_from():
    detector_locales = _name_list_locales()
    assert {"en_US", "de_DE"} <= detector_locales  # the list was read, not an empty tuple
    assert not set(splits.HELDOUT_LOCALES) & detector_locales
    assert not set(splits.TUNING_LOCALES) & set(splits.HELDOUT_LOCALES)
    # non-Latin scripts stay in the held-out part
    assert {"ru_RU", "el_GR"} & set(splits.HELDOUT_LOCALES)


def test_no_held_out_person_name_part_is_in_the_detectors_name_lists():
    data = ROOT / "viewer" / "sensitive" / "data"
    listed = {line.strip() for kind in ("first_names", "last_names")
              for line in (data / f"{kind}.txt").read_text(encoding="utf-8").splitlines() if line.strip()}
    assert len(listed) > 5000
    held = _texts("heldout", 120)["person"]
    words = {w for name in held for w in re.findall(r"\w+", name) if len(w) > 2}  # not initials ("AČ", "B.")
    assert len(held) > 300 and len(words) > 300
    assert any(not w.isascii() for w in words)  # diacritics and other scripts are in the sample
    found = sorted({w for w in words if w.lower() in listed or ascii_slug(w, "") in listed})
    assert not found, f"held-out name parts the detectors' name lists hold: {found[:20]}"


def test_the_detectors_do_not_load_the_held_out_templates_or_sources():
    """Imported for real (every module under viewer/sensitive): nothing held-out may be loaded, even indirectly."""
    import subprocess
    import sys

    code = ("import importlib, pkgutil, sys, viewer.sensitive as s; "
            "[importlib.import_module(m.name) for m in pkgutil.walk_packages(s.__path__, 'viewer.sensitive.')]; "
            "from viewer.sensitive.screen import detect_screen; "
            "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    loaded = set(out.split())
    assert "viewer.sensitive.screen" in loaded
    assert not [m for m in loaded for h in splits.HELDOUT_MODULES if m == h or m.startswith(h + ".")]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else f"viewer.corpus.{node.module}"
            names.add(base)
            names |= {f"{base}.{a.name}" for a in node.names}
    return names


def _strings(path: Path) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _detector_files() -> list[Path]:
    """The detectors, and any training script or detector test beside them."""
    files = list((ROOT / "viewer" / "sensitive").rglob("*.py"))
    files += [p for p in (ROOT / "scripts").rglob("*.py") if "train" in p.name]
    files += [p for p in (ROOT / "tests").glob("test_sensitive*.py")]
    return files


def test_the_detectors_never_read_the_held_out_sources():
    files = _detector_files()
    assert any(p.parent.name == "sensitive" for p in files)
    for path in files:
        imported = _imports(path)
        bad = [m for m in imported for h in splits.HELDOUT_MODULES if m == h or m.startswith(h + ".")]
        assert not bad, f"{path.relative_to(ROOT)} imports held-out corpus modules: {bad}"
        strings = _strings(path)
        named = strings & set(splits.HELDOUT_LOCALES)
        assert not named, f"{path.relative_to(ROOT)} names held-out locales: {sorted(named)}"
        assert not [x for x in strings if "heldout" in x], f"{path.relative_to(ROOT)} reads held-out screens"


def test_the_tuning_split_never_loads_the_held_out_modules():
    tuning_side = ["values.py", "sources.py", "markup.py", "apps_tuning.py", "decoys.py", "splits.py"]
    for name in tuning_side:
        imported = _imports(ROOT / "viewer" / "corpus" / name)
        assert not [m for m in imported for h in splits.HELDOUT_MODULES if m.startswith(h)], name


def test_a_seed_gives_the_same_screens_whatever_the_hash_seed():
    """Python's hash seed changes the order of sets; no value of a screen may depend on it."""
    import subprocess
    import sys

    code = ("import hashlib; from viewer.corpus.generate import specs, build; h = hashlib.sha256(); "
            "[h.update(build(s)[0].encode()) for s in specs('heldout', 3, 16) + specs('tuning', 3, 8)]; "
            "print(h.hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                              env={"PYTHONHASHSEED": str(n), "PATH": "/usr/bin:/bin"}).stdout for n in (1, 2)}
    assert len(digests) == 1
