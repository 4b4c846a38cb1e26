"""The corpus subset checked in under tests/data/corpus: complete, reproducible, and read by the detectors'
adapter in the gold boxes' pixel space."""

import os
from pathlib import Path

import pytest
from PIL import Image

from viewer.corpus import run_detectors
from viewer.corpus.evaluate import iou
from viewer.corpus.generate import CorpusError, build, load, specs
from viewer.corpus.render import Renderer

DATA = Path(__file__).resolve().parent / "data" / "corpus"
SUBSET = {"tuning": (7, 10), "heldout": (7, 4)}  # split: (seed, screens), as README.md there says


@pytest.mark.parametrize("split", sorted(SUBSET))
def test_the_checked_in_subset_is_complete(split):
    seed, n = SUBSET[split]
    screens = load(DATA / split)
    assert [s["id"] for s in screens] == [f"{split}-{seed}-{i:04d}" for i in range(n)]
    for s in screens:
        with Image.open(s["png"]) as im:
            assert im.size == (s["width"], s["height"])
        assert all(b["category"] and len(b["box"]) == 4 for b in s["boxes"])
        assert bool(s["boxes"]) != s["decoy"]


def test_the_subset_covers_the_categories_titles_and_decoys():
    screens = load(DATA / "tuning") + load(DATA / "heldout")
    cats = {b["category"] for s in screens for b in s["boxes"]}
    assert {"person", "organisation", "handle", "channel", "repository", "private_url", "account_id", "address",
            "email", "phone", "secret"} <= cats
    assert any(s["decoy"] for s in screens)
    assert any(s["title_categories"] for s in screens) and any(not s["title_categories"] for s in screens)
    assert {s["scale"] for s in screens} == {1, 2} and {s["theme"] for s in screens} == {"light", "dark"}


def test_the_subset_is_what_the_generator_makes_today():
    """Same specs, same HTML values: a change to the templates or the Faker pin shows up here."""
    with Renderer(os.environ.get("CHROMIUM", "/usr/bin/chromium")) as renderer:
        for split, (seed, n) in SUBSET.items():
            stored = {s["id"]: s for s in load(DATA / split)}
            for spec in specs(split, seed, n)[:3]:
                html, title = build(spec)
                shot = renderer.render(html, spec.width, spec.height, spec.scale)
                want = stored[spec.id]
                assert (title.text, title.categories) == (want["title"], want["title_categories"])
                assert [(b["category"], b["text"]) for b in shot.boxes] == \
                       [(b["category"], b["text"]) for b in want["boxes"]]
                for a, b in zip(shot.boxes, want["boxes"]):  # fonts of another build may move a pixel or two
                    assert all(abs(u - v) <= 3 for u, v in zip(a["box"], b["box"])), spec.id


def test_a_bad_corpus_file_is_named(tmp_path):
    (tmp_path / "x.json").write_text("{")
    with pytest.raises(CorpusError, match=r"x\.json: bad-json"):
        load(tmp_path)
    (tmp_path / "x.json").write_text('{"id": "x"}')
    with pytest.raises(CorpusError, match=r"x\.json: missing-field: split"):
        load(tmp_path)


def test_todays_detectors_through_the_adapter_find_e_mails_where_they_are_drawn():
    """The adapter's regions and the gold boxes share one pixel space: every e-mail the pipeline finds lies on
    an e-mail gold box (screens at 1x and at 2x)."""
    screens = [s for s in load(DATA / "tuning") + load(DATA / "heldout")
               if any(b["category"] == "email" and b["where"] == "body" for b in s["boxes"])]
    picked = [next(s for s in screens if s["scale"] == k) for k in (1, 2)]
    detector = run_detectors.Current(title_rules=False)
    found = 0
    for s in picked:
        with Image.open(s["png"]) as im:
            regions = detector.regions(im.convert("RGB"), s["title"])
        gold = [b for b in s["boxes"] if b["category"] == "email"]
        for r in (r for r in regions if r["category"] == "email"):
            found += 1
            assert max(iou(g["box"], [r["x"], r["y"], r["w"], r["h"]]) for g in gold) >= 0.3, (s["id"], r)
    assert found >= 1


def test_the_screen_detectors_through_the_adapter_find_people_on_the_gold_boxes():
    """`Screens` (detect_screen) on tuning screens: its person regions lie on gold boxes in the same pixel space,
    at least one person is caught, and the title flags are title findings' categories. Tuning screens only."""
    screens = [s for s in load(DATA / "tuning") if s["scale"] == 1
               and any(b["category"] == "person" and b["where"] == "body" for b in s["boxes"])][:2]
    assert screens
    detector = run_detectors.load("viewer.corpus.run_detectors:Screens")
    caught = 0
    for s in screens:
        with Image.open(s["png"]) as im:
            regions = detector.regions(im.convert("RGB"), s["title"])
        gold = [b["box"] for b in s["boxes"]]
        people = [b["box"] for b in s["boxes"] if b["category"] == "person"]
        for r in regions:
            box = [r["x"], r["y"], r["w"], r["h"]]
            assert all(isinstance(v, int) for v in box) and r["category"]
            if r["category"] == "person":
                caught += any(iou(g, box) >= 0.3 for g in people)
        assert any(max((iou(g, [r["x"], r["y"], r["w"], r["h"]]) for g in gold), default=0) >= 0.3
                   for r in regions), s["id"]
    assert caught >= 1
    assert detector.title("Settings - Preferences") == []
    assert "email" in detector.title("Inbox - mira.kovac@example.org - Mail")
