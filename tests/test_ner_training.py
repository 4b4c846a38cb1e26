"""The named-entity model's training data (scripts/train_ner.py) never holds a name the held-out corpus draws, and
the training script never reads the held-out sources (tests/test_corpus_splits.py checks its imports)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from viewer.corpus.generate import build, specs
from viewer.corpus.values import ascii_slug

ROOT = Path(__file__).resolve().parents[1]
SPAN = re.compile(r'data-cat="(person|organisation)">([^<]*)<')


def _train_module():
    spec = importlib.util.spec_from_file_location("train_ner", ROOT / "scripts" / "train_ner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _held_out_names(n: int) -> dict[str, set[str]]:
    out = {"person": set(), "organisation": set()}
    for spec in specs("heldout", 11, n):
        html, _title = build(spec)
        for cat, text in SPAN.findall(html):
            out[cat].add(text)
    return out


def test_the_training_data_holds_no_held_out_name():
    train = _train_module()
    data = train.training_data(n_screens=40, n_lines=1500)
    people = {text[a:b] for text, ents in data for a, b, label in ents if label == "PERSON"}
    orgs = {text[a:b] for text, ents in data for a, b, label in ents if label == "ORG"}
    assert len(people) > 300 and len(orgs) > 100
    assert any(not p.isascii() for p in people)  # diacritics and other scripts are trained on
    held = _held_out_names(120)
    assert len(held["person"]) > 300
    # not one held-out name part (longer than initials), as written or folded, is in a trained name
    trained_words = {w for p in people for w in re.findall(r"\w+", p)}
    trained_words |= {ascii_slug(w, "") for w in trained_words}
    held_words = {w for n in held["person"] for w in re.findall(r"\w+", n) if len(w) > 2}
    shared = sorted(w for w in held_words if w in trained_words or ascii_slug(w, "") in trained_words)
    assert not shared, f"held-out name parts in the training data: {shared[:10]}"
    assert not held["organisation"] & orgs
    all_text = "\n".join(text for text, _ in data)
    assert not [n for n in held["person"] | held["organisation"] if len(n) > 5 and " " in n and n in all_text]


def test_training_data_is_the_same_for_a_seed():
    train = _train_module()
    assert train.training_data(n_screens=6, n_lines=200) == train.training_data(n_screens=6, n_lines=200)
