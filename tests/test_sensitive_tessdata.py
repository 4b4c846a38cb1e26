"""The page's language data (tessdata.py): Tesseract's Latin-script model without its word list, built once
from the installed file by Tesseract's own tool, and the letters it reads that English cannot."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from viewer.sensitive import tessdata

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None or shutil.which("combine_tessdata") is None,
                                reason="tesseract not installed")


def _installed():
    folder, have = tessdata.installed_folder()
    if "Latin" not in have:
        pytest.skip("Tesseract's Latin-script data is not installed")
    return folder, have


def _components(path) -> list[str]:
    out = subprocess.run(["combine_tessdata", "-d", str(path)], capture_output=True, text=True, check=True)
    return sorted(line.split(":")[1] for line in (out.stdout + out.stderr).splitlines()
                  if line[:1].isdigit() and ":" in line)


def test_the_latin_model_is_the_installed_one_less_its_word_list(tmp_path):
    installed, have = _installed()
    folder = tessdata.build(installed, have, tmp_path)
    built = folder / "Latin.traineddata"
    assert _components(built) == [c for c in _components(installed / "Latin.traineddata") if c != "lstm-word-dawg"]
    assert built.stat().st_size < (installed / "Latin.traineddata").stat().st_size / 20
    for lang in ("eng", "rus", "ell"):
        if lang in have:
            assert (folder / f"{lang}.traineddata").resolve() == (installed / f"{lang}.traineddata").resolve()
    stamp = built.stat().st_mtime_ns
    assert tessdata.build(installed, have, tmp_path) == folder and built.stat().st_mtime_ns == stamp  # built once
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no build folder left behind


def test_a_page_is_read_without_the_latin_model_when_its_folder_cannot_be_written(tmp_path, monkeypatch):
    _installed()
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder would go")
    monkeypatch.setattr(tessdata, "cache_root", lambda: blocked / "trace-viewer")
    tessdata.page_data.cache_clear()
    try:
        data = tessdata.page_data()
    finally:
        tessdata.page_data.cache_clear()
    assert data.folder is None and "Latin" not in data.langs.split("+") and data.langs.startswith("eng")


def test_letters_english_lacks_are_read(tmp_path, monkeypatch):
    """Read without the Latin model, "Růžičková" comes out as "BaEKo\\a"; with it, whole."""
    installed, have = _installed()
    from viewer.sensitive.ocr import read_words

    img = Image.new("RGB", (1400, 140), "white")
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    ImageDraw.Draw(img).text((20, 40), "Invoice approved by Ivona Růžičková on Monday", font=font, fill="black")
    rest = "+".join(lang for lang in tessdata.PAGE_LANGS if lang in have and lang != "Latin")
    reads = {}
    for name, data in (("with", tessdata.PageData(tessdata.page_data().langs, tessdata.build(installed, have, tmp_path))),
                       ("without", tessdata.PageData(rest, None))):
        monkeypatch.setattr(tessdata, "page_data", lambda data=data: data)
        reads[name] = {w.text for w in read_words(img)}
    assert {"Ivona", "Růžičková", "Monday"} <= reads["with"]
    assert "Ivona" in reads["without"] and "Růžičková" not in reads["without"]
