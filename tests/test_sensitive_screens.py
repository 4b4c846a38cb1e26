"""detect_screen on realistic work screens rendered by the real Chromium (mail, chat, code review, HR record,
terminal; light, dark, 2x) with gold boxes from the DOM, and on screens with nothing sensitive; real Tesseract."""

from __future__ import annotations

import html
import re
import shutil
from collections import defaultdict

import numpy as np
import pytest
from PIL import Image

from tests.screens_html import CRM, SCREENS, TEAMS, TICKET, launch, render
from viewer.sensitive.ocr import _box_iou
from viewer.sensitive.screen import detect_screen

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

VARIANTS = [("light", 1, SCREENS + [CRM, TICKET]), ("dark", 1, SCREENS[:4] + [TEAMS]),
            ("light", 2, SCREENS[1:3] + SCREENS[5:6])]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    out_dir = tmp_path_factory.mktemp("screens")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            rendered = [r for theme, scale, screens in VARIANTS for r in render(browser, screens, out_dir, theme, scale)]
        finally:
            browser.close()
    return [(sc, path, gold, detect_screen(path, title=sc.title)) for sc, path, gold in rendered]


def _values(screen) -> list[str]:
    return [html.unescape(v) for v in re.findall(r'data-s="[a-z_]+">([^<]+)<', screen.body)]


def test_recall_per_category_and_region_precision(results):
    caught, regions, right = defaultdict(list), 0, 0
    for _sc, _path, gold, found in results:
        boxes = [(f.category, f.regions[0][1:]) for f in found if f.regions]
        for cat, g in gold:
            caught[cat].append(any(c == cat and _box_iou(b, g) >= 0.3 for c, b in boxes))
        regions += len(boxes)
        right += sum(any(_box_iou(b, g) >= 0.3 for _, g in gold) for _, b in boxes)
    recall = {cat: sum(v) / len(v) for cat, v in caught.items()}
    assert set(recall) >= {"person", "organisation", "handle", "channel", "repository", "private_url", "account_id",
                           "date_of_birth", "address", "email"}
    assert min(recall.values()) >= 0.8, recall
    assert sum(sum(v) for v in caught.values()) / sum(len(v) for v in caught.values()) >= 0.9, recall
    assert right / regions >= 0.9, (right, regions)


def test_screens_with_nothing_sensitive_get_no_region(results):
    decoys = [(path, found) for sc, path, _gold, found in results if not sc.sensitive]
    assert decoys
    for path, found in decoys:
        assert [(f.category, f.detector) for f in found if f.regions] == [], path


def test_one_region_per_value_and_no_value_in_any_preview(results):
    for sc, _path, gold, found in results:
        for f in found:
            assert all(v not in f.preview for v in _values(sc)), f.preview
            assert f.regions == [] or len(f.regions) == 1
        person_boxes = [f.regions[0][1:] for f in found if f.category == "person" and f.regions]
        for i, a in enumerate(person_boxes):
            assert all(_box_iou(a, b) <= 0.5 for b in person_boxes[i + 1:]), sc.name


def test_title_values_found_in_the_title_and_on_the_screen(results):
    chat = next((sc, path, found) for sc, path, _g, found in results if sc.name == "chat")
    sc, path, found = chat
    assert {f.category for f in found if f.detector.startswith("title:")} == {"channel"}
    assert all(f.scope == "events" and f.regions == [] for f in found if f.detector.startswith("title:"))
    docs = next(found for sc, _p, _g, found in results if sc.name == "docs")
    assert [f for f in docs if f.detector.startswith("title:")] == []


def test_table_columns_chat_authors_and_repeated_values(results):
    crm = next((gold, found) for sc, _p, gold, found in results if sc.name == "crm")
    gold, found = crm
    for cat in ("person", "organisation", "account_id"):  # every row of each column under its header
        boxes = [f.regions[0][1:] for f in found if f.category == cat and f.regions]
        assert all(any(_box_iou(b, g) >= 0.3 for b in boxes) for c, g in gold if c == cat), cat
    teams = next(found for sc, _p, _g, found in results if sc.name == "teams")
    detectors = {f.detector for f in teams if f.category == "person"}
    assert {"ocr:person-author", "ocr:same-value"} <= detectors, detectors


def test_array_input_gives_the_same_regions(results):
    sc, path, _gold, found = next(r for r in results if r[0].name == "hr")
    arr = np.asarray(Image.open(path).convert("RGB"))
    again = detect_screen(arr, title=sc.title)
    assert sorted((f.category, f.regions[0]) for f in again if f.regions) == \
        sorted((f.category, f.regions[0]) for f in found if f.regions)
    with pytest.raises(ValueError, match="uint8"):
        detect_screen(arr.astype(np.float32))


def test_the_shipped_samples_show_people_and_a_company_and_the_detectors_find_them(sample_data):
    """A new user's first `suggest --ocr` on sample_data finds the names and the company its chat shows."""
    import json

    rows = []
    for d in sorted(sample_data.iterdir()):
        truth = json.loads((d / "truth.json").read_text())
        events = [json.loads(x) for x in (d / "events.jsonl").read_text().splitlines() if x.strip()]
        for row in truth["sensitive"]:
            if row["kind"] not in ("person", "organisation") or not row["regions"]:
                continue
            screen = row["regions"][0][0]  # the first screenshot of that screen inside the span shows the name
            shot = next((e for e in events if e["type"] == "screenshot" and e.get("screen", 0) == screen and
                         row["t_start"] <= e["t"] <= row["t_end"]), None)
            if shot is None:
                continue  # a session recorded as video only
            found = detect_screen(d / shot["file"])
            boxes = [r[1:] for r in row["regions"] if r[0] == screen]
            rows.append((row["kind"], any(f.category in ("person", "organisation") and
                                          any(_box_iou(f.regions[0][1:], b) >= 0.3 for b in boxes)
                                          for f in found if f.regions)))
    assert {k for k, _ in rows} == {"person", "organisation"}, rows
    assert all(ok for _, ok in rows), rows


def test_configured_lists_and_the_chat_workspace_are_found_on_a_screen_with_a_title(tmp_path):
    """A title with a value of its own used to replace the configured lists for that screenshot."""
    from PIL import ImageDraw, ImageFont

    from viewer.sensitive.config import load_config

    path = tmp_path / "viewer.toml"
    path.write_text('[[names]]\nname = "customers"\ncategory = "customer"\nvalues = ["Quorbit"]\n', encoding="utf-8")
    img = Image.new("RGB", (1200, 200), "white")
    draw, font = ImageDraw.Draw(img), ImageFont.truetype("DejaVuSans.ttf", 22)
    draw.text((20, 30), "Zyxwell Fenwright", font=font, fill="black")
    draw.text((20, 100), "Renewal call with Quorbit moved to Monday", font=font, fill="black")
    found = detect_screen(img, title="#deal-quorbit - Zyxwell Fenwright - Slack", config=load_config(path))
    on_screen = {(f.category, f.detector) for f in found if f.regions}
    assert ("customer", "ocr:list:customers") in on_screen
    # the workspace line, found with the title's values (whichever category the title gave it)
    assert any(f.detector.startswith("ocr:list:title-") and f.regions[0][2] < 80 for f in found if f.regions)
    assert "channel" in {f.category for f in found if f.detector.startswith("title:")}
