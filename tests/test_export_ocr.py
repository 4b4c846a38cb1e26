"""Redacted screenshots on real rendered text: Tesseract reads the secret in the source crop and reads none
of it in the exported one; the region is solid black, every other pixel and file is unchanged."""

from __future__ import annotations

import re

import cv2
import numpy as np
import orjson
import pytest
import pytesseract

from viewer.export import export_dataset
from viewer.review import Store
from viewer.sample import generate_dataset
from viewer.trace import load_session

PAD = 6  # OCR the region with a margin, as an attacker would


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z0-9]{3,}", text)}


def _ocr(img) -> set[str]:
    big = cv2.resize(img, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    return _words(pytesseract.image_to_string(cv2.cvtColor(big, cv2.COLOR_BGR2GRAY), config="--psm 6"))


def _crop(img, r):
    x, y, w, h = r["x"], r["y"], r["w"], r["h"]
    return img[max(0, y - PAD):y + h + PAD, max(0, x - PAD):x + w + PAD]


def _shot_at(events, t):
    shots = [e for e in events if e["type"] == "screenshot" and e["t"] <= t and e.get("screen", 0) == 0]
    return shots[-1]["file"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A PNG session, and for each typed secret the screenshot that shows it whole, with the words OCR reads."""
    tmp = tmp_path_factory.mktemp("ocr")
    (src,) = generate_dataset(tmp / "data", 1, 1.0, 7)
    events = [orjson.loads(x) for x in (src / "events.jsonl").read_bytes().splitlines() if x.strip()]
    truth = orjson.loads((src / "truth.json").read_bytes())
    targets = []
    for item in truth["sensitive"]:
        if not item.get("value") or item["scope"] == "events" or not item["regions"]:
            continue
        screen, x, y, w, h = item["regions"][0]
        region = {"screen": screen, "x": x, "y": y, "w": w, "h": h}
        for t in (item["t_end"] - 0.001, (item["t_start"] + item["t_end"]) / 2):  # typed in full, or half
            file = _shot_at(events, t)
            read = _ocr(_crop(cv2.imread(str(src / file)), region)) & _words(item["value"])
            if read:
                targets.append({"item": item, "region": region, "file": file, "read": read})
                break
    assert len(targets) >= 3, "OCR reads too few secrets in the source: the test would prove little"
    session = load_session(src)
    url = f"sqlite:///{tmp / 'a.db'}"
    with Store.open(url) as store:
        store.set_review(session.session_id, session.content_hash, "approved", reviewer="r")
        for t in targets:
            store.add_flag(session.session_id, session.content_hash, reviewer="r", t_start=t["item"]["t_start"],
                           t_end=t["item"]["t_end"], scope="pixels", category=t["item"]["kind"],
                           status="accepted", regions=[t["region"]])
        body = export_dataset(tmp / "data", tmp / "out", store, b"k")
    return {"src": src, "dst": tmp / "out" / src.name, "targets": targets, "events": events, "body": body}


def test_ocr_reads_none_of_the_secret_words_after_export(world):
    for t in world["targets"]:
        after = _ocr(_crop(cv2.imread(str(world["dst"] / t["file"])), t["region"]))
        assert not after & t["read"], (t["item"]["kind"], after & t["read"])


def test_region_is_solid_black_and_every_other_pixel_unchanged(world):
    redacted: dict[str, list] = {}
    for t in world["targets"]:
        redacted.setdefault(t["file"], []).append(t["region"])
    for file, regions in redacted.items():
        before = cv2.imread(str(world["src"] / file), cv2.IMREAD_UNCHANGED)
        after = cv2.imread(str(world["dst"] / file), cv2.IMREAD_UNCHANGED)
        expected = before.copy()
        for r in regions:
            block = after[r["y"]:r["y"] + r["h"], r["x"]:r["x"] + r["w"]]
            assert block.max() == 0 and block.std() == 0  # PNG is lossless: exactly black
            assert before[r["y"]:r["y"] + r["h"], r["x"]:r["x"] + r["w"]].std() > 5  # there was content
            expected[r["y"]:r["y"] + r["h"], r["x"]:r["x"] + r["w"]] = 0
        assert np.array_equal(after, expected), file


def test_files_no_flag_touches_are_byte_identical(world):
    info = next(iter(world["body"]["sessions"].values()))
    shots = {e["file"] for e in world["events"] if e["type"] == "screenshot"}
    changed = [f for f in sorted(shots) if (world["src"] / f).read_bytes() != (world["dst"] / f).read_bytes()]
    assert len(changed) == info["screenshots_redacted"] > 0
    # every changed one was on screen during a flag's span
    for f in changed:
        t_shot = next(e["t"] for e in world["events"] if e.get("file") == f)
        assert any(t_shot <= t["item"]["t_end"] for t in world["targets"])
    assert not (world["dst"] / "truth.json").exists()  # the generator's answer key holds the secret values
