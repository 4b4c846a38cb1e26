"""The language data a page is read with: Tesseract's English, Russian and Greek models, and its Latin-script
model for the letters English lacks (č, ő, ș, ė: "Čović" read as English comes out as "ζονίέ").

The Latin model (Debian's tesseract-ocr-script-latn) carries an 85 MB word list of every Latin-script language;
loading it costs about 0.35 s per read, half of what reading a 1080p screen takes. A name is no
dictionary word anyway, so the model is used without that list: `combine_tessdata` (Tesseract's own tool)
takes the installed file apart and puts it together again without it (570 KB), once, in a folder under the
cache folder (VIEWER_CACHE) named by the source files' sizes and times, beside links to the
installed English, Russian and Greek files. Nothing is downloaded; when the Latin model or the tool is missing,
or the folder cannot be written, pages are read from the installed folder without it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from viewer import settings

log = logging.getLogger(__name__)

# The order Tesseract tries them in; Latin after English, so English words keep English's dictionary
PAGE_LANGS = ("eng", "Latin", "rus", "ell")
DERIVED = ("Latin",)  # used without their word list
WORD_LIST = "lstm-word-dawg"
_LIST_HEADER = re.compile(r'List of available languages in "(.+?)"')


@dataclass(frozen=True)
class PageData:
    langs: str  # the `-l` argument
    folder: Path | None  # the `--tessdata-dir` argument; None: Tesseract's own folder

    def config(self) -> str:
        return "" if self.folder is None else f'--tessdata-dir "{self.folder}"'


def installed_folder() -> tuple[Path | None, set[str]]:
    """Tesseract's own language folder and the languages in it (None, {} when Tesseract cannot run)."""
    import pytesseract

    try:
        out = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"], capture_output=True,
                             text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None, set()
    text = out.stdout + out.stderr
    match = _LIST_HEADER.search(text)
    langs = {line.strip() for line in text[match.end():].splitlines()[1:] if line.strip()} if match else set()
    return (Path(match.group(1)) if match else None), langs


def cache_root() -> Path:
    """The settings' cache folder (VIEWER_CACHE): the derived model lives beside the cached sessions."""
    return settings.load().cache


def _key(sources: list[Path]) -> str:
    stamp = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources)
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]


def _without_word_list(source: Path, out_dir: Path) -> None:
    """`out_dir/<name>.traineddata`: the source's components less its word list."""
    name = source.name.removesuffix(".traineddata")
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        prefix = os.path.join(tmp, f"{name}.")
        subprocess.run(["combine_tessdata", "-u", str(source), prefix], capture_output=True, check=True, timeout=120)
        Path(prefix + WORD_LIST).unlink(missing_ok=True)
        subprocess.run(["combine_tessdata", prefix], capture_output=True, check=True, timeout=120)
        os.replace(prefix + "traineddata", out_dir / source.name)


def build(installed: Path, have: set[str], root: Path) -> Path:
    """The folder of page data under `root` (built when missing; a half-built folder is never used: it is
    made beside and renamed into place, and a build that loses a race to another process is dropped)."""
    langs = [lang for lang in PAGE_LANGS if lang in have]
    sources = [installed / f"{lang}.traineddata" for lang in langs]
    folder = root / f"tessdata-{_key(sources)}"
    if folder.is_dir():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=root, prefix=".build-"))
    try:
        for lang, source in zip(langs, sources):
            if lang in DERIVED:
                _without_word_list(source, work)
            else:
                (work / source.name).symlink_to(source)
        try:
            work.rename(folder)
        except OSError:  # another process finished first
            if not folder.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


@functools.lru_cache(maxsize=1)
def page_data() -> PageData:
    """The languages and folder a page is read with: those of PAGE_LANGS installed ("eng" at least)."""
    installed, have = installed_folder()
    langs = [lang for lang in PAGE_LANGS if lang in have]
    if installed is None or not langs:
        return PageData("eng", None)
    if not any(lang in DERIVED for lang in langs):
        return PageData("+".join(langs), None)
    try:
        return PageData("+".join(langs), build(installed, have, cache_root()))
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("the Latin-script OCR model cannot be prepared (%s); pages are read without it",
                    type(exc).__name__)
        rest = [lang for lang in langs if lang not in DERIVED]
        return PageData("+".join(rest) or "eng", None)
