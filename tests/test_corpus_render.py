"""Corpus screens rendered by the real Chromium: gold boxes over the text they name, at 1x and 2x, deterministic."""

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from viewer.corpus import splits
from viewer.corpus.generate import build, generate, load, specs
from viewer.corpus.markup import CATEGORIES
from viewer.corpus.render import Renderer

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def renderer():
    with Renderer(CHROMIUM) as r:
        yield r


def one_per_template():
    """A sensitive spec per template (held-out-only ones from the held-out split), at 1x, 1280x800."""
    out = {}
    for split in ("tuning", "heldout"):
        for spec in specs(split, 5, 60):
            if spec.template not in out and not spec.decoy and (split == "heldout") == (
                    spec.template in splits.HELDOUT_ONLY_TEMPLATES):
                out[spec.template] = replace(spec, scale=1, width=1280, height=800)
    assert set(out) == set(splits.TUNING_TEMPLATES) | set(splits.HELDOUT_TEMPLATES)
    return list(out.values())


def _render(renderer, spec):
    html, title = build(spec)
    shot = renderer.render(html, spec.width, spec.height, spec.scale)
    return np.asarray(Image.open(io.BytesIO(shot.png)).convert("L")), shot.boxes, title


def test_every_template_puts_gold_boxes_over_visible_text(renderer):
    seen = set()
    for spec in one_per_template():
        grey, boxes, title = _render(renderer, spec)
        assert grey.shape == (800, 1280)
        assert len(boxes) >= 8, spec.template
        for b in boxes:
            x, y, w, h = b["box"]
            assert b["category"] in CATEGORIES and b["text"].strip()
            assert 0 <= x and 0 <= y and x + w <= 1280 and y + h <= 800 and w > 0 and h > 0
            crop = grey[y:y + h, x:x + w]
            assert crop.max() - crop.min() > 60, f"{spec.template}: no ink under a {b['category']} box"
            seen.add(b["category"])
        assert {b["category"] for b in boxes if b["where"] == "title"} == set(title.categories)
    assert {"person", "organisation", "handle", "channel", "repository", "private_url", "account_id",
            "date_of_birth", "address", "email", "phone", "secret", "password"} <= seen


def test_boxes_at_2x_are_the_1x_boxes_doubled(renderer):
    spec = one_per_template()[0]
    _, one, _ = _render(renderer, spec)
    grey, two, _ = _render(renderer, replace(spec, scale=2))
    assert grey.shape == (1600, 2560)
    assert [b["text"] for b in one] == [b["text"] for b in two]
    for a, b in zip(one, two):
        assert all(abs(2 * u - v) <= 2 for u, v in zip(a["box"], b["box"])), (a, b)


def test_decoy_screens_show_nothing_sensitive(renderer):
    decoys = [s for s in specs("heldout", 9, 60) if s.decoy][:3]
    assert decoys
    for spec in decoys:
        _, boxes, title = _render(renderer, spec)
        assert boxes == [] and title.categories == []


def test_tesseract_reads_the_value_inside_a_gold_box(renderer):
    import pytesseract

    spec = next(s for s in one_per_template() if s.template == "mail")
    for scale in (1, 2):
        grey, boxes, _ = _render(renderer, replace(spec, scale=scale, theme="light"))
        b = next(b for b in boxes if b["category"] == "email" and b["where"] == "body")
        x, y, w, h = b["box"]
        crop = ImageOps.expand(Image.fromarray(grey[y:y + h, x:x + w]), border=8, fill=255)  # the box alone
        read = pytesseract.image_to_string(crop.resize((crop.width * 3, crop.height * 3)), config="--psm 7")
        read = re.sub(r"\s", "", read).lower()
        assert read == b["text"].lower(), (read, b["text"])


def test_the_same_seed_renders_the_same_screens(renderer, tmp_path):
    a = generate(tmp_path / "a", "tuning", 4, 2, renderer)
    b = generate(tmp_path / "b", "tuning", 4, 2, renderer)
    for pa, pb in zip(a, b):
        assert json.loads(pa.read_text()) == json.loads(pb.read_text())
        assert pa.with_suffix(".png").read_bytes() == pb.with_suffix(".png").read_bytes()
    screens = load(tmp_path / "a")
    assert [s["id"] for s in screens] == ["tuning-4-0000", "tuning-4-0001"]
    for s in screens:
        with Image.open(s["png"]) as im:
            assert im.size == (s["width"], s["height"])


def test_the_command_writes_the_corpus_and_refuses_a_missing_browser(tmp_path):
    """Run as a user would (a separate process: Playwright's sync API owns its thread's event loop)."""
    def corpus(*args):
        return subprocess.run([sys.executable, "-m", "viewer", "corpus", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=120)

    out = tmp_path / "c"
    res = corpus(str(out), "--screens", "2", "--seed", "3", "--split", "heldout", "--chromium", CHROMIUM)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["heldout-3-0000.json", "heldout-3-0000.png",
                                                     "heldout-3-0001.json", "heldout-3-0001.png"]
    res = corpus(str(tmp_path / "d"), "--screens", "1", "--chromium", str(tmp_path / "no-chromium"))
    assert res.returncode == 1
    assert "cannot start Chromium" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").iterdir())
