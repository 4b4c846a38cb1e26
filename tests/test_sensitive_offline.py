"""The detectors run offline: every file they open comes from the repository, the installed packages or the
system (Tesseract's own data), no connection is attempted, and the only program started is Tesseract."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, os, sys
opened, connects, programs = set(), [], []

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.add(os.path.realpath(os.fsdecode(args[0])))
    elif event in ("socket.connect", "socket.getaddrinfo"):
        connects.append(event)
    elif event == "subprocess.Popen":
        programs.append(os.path.basename(os.fsdecode(args[0])))

sys.addaudithook(hook)
from PIL import Image, ImageDraw, ImageFont
from viewer.sensitive.config import default_config
from viewer.sensitive.screen import detect_screen
from viewer.sensitive.textscan import scan_text
from viewer.sensitive.titles import title_hits

img = Image.new("RGB", (900, 300), "white")
d = ImageDraw.Draw(img)
font = ImageFont.load_default(size=20)
d.text((20, 20), "From: Jonas Keller <jonas.keller@northwind.io>", font=font, fill="black")
d.text((20, 70), "Employee ID: EMP-004821   DOB: 14/07/1988", font=font, fill="black")
found = detect_screen(img, title="Chat with Priya Raman")
scan_text("cc @tkowalczyk in #deal-brightwater https://northwind.atlassian.net/browse/PAY-2231", default_config())
title_hits("Aurelio Bianchi (DM) - Slack", "Slack", default_config())
print(json.dumps({"opened": sorted(opened), "connects": connects, "programs": programs,
                  "categories": sorted({f.category for f in found})}))
"""


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_models_come_from_packages_or_the_repository_and_nothing_is_downloaded(tmp_path):
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path),
                              **{k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ}})
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert {"person", "email", "account_id", "date_of_birth"} <= set(report["categories"])
    assert report["connects"] == []
    # combine_tessdata (Tesseract's own tool) prepares the Latin-script model once, under the cache (tessdata.py)
    assert set(report["programs"]) <= {"tesseract", "combine_tessdata"}
    extra_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    allowed = [str(ROOT), sys.prefix, sys.base_prefix, *extra_paths, "/usr/lib", "/usr/share", "/etc", "/proc", "/dev",
               str(Path(tmp_path).resolve())]
    assert all(a.startswith("/") and len(a) >= 4 for a in allowed)
    outside = [p for p in report["opened"] if not any(p == a or p.startswith(a.rstrip("/") + "/") for a in allowed)]
    assert outside == []
    shipped = [p for p in report["opened"] if p.startswith(str(ROOT / "viewer" / "sensitive" / "data"))]
    assert {Path(p).name for p in shipped} == {"first_names.txt", "last_names.txt"}
    # the named-entity model is the one trained by scripts/train_ner.py and shipped in the package
    model = ROOT / "viewer" / "sensitive" / "models" / "ner"
    assert str(model / "ner" / "model") in report["opened"]
