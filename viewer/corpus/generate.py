"""The corpus: screen specs drawn from a seed, rendered, and written as `<id>.png` + `<id>.json` per screen.

A screen's JSON (format "corpus/1"): id, split, template, theme, scale, width and height (device pixels),
ui_font, mono_font, font_px, decoy, title, title_categories, and boxes: [{box: [x, y, w, h] in device
pixels, category, text, where: "title"|"body"}]. Each file is written atomically and the JSON last, so a
screen whose JSON exists is complete.
"""

from __future__ import annotations

import io
import json
import os
import random
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from . import apps_tuning
from .markup import MONO_FONTS, UI_FONTS, page
from .splits import SPLITS, templates
from .values import Source, Values

FORMAT = "corpus/1"
WINDOWS_1X = ((1920, 1080), (1440, 900), (1366, 768), (1280, 800))
WINDOWS_2X = ((1280, 800), (1440, 900))
DECOY_SHARE = 0.2
HIDPI_SHARE = 0.35


@dataclass(frozen=True)
class Spec:
    id: str
    split: str
    template: str
    theme: str
    scale: int
    width: int  # CSS pixels
    height: int
    ui_font: str
    mono_font: str
    font_px: int
    decoy: bool
    seed: int


def specs(split: str, seed: int, n: int) -> list[Spec]:
    """n screen specs for a split; templates taken in turn (shuffled once per seed) so each gets its share."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (one of {', '.join(SPLITS)})")
    order = list(templates(split))
    random.Random(f"corpus:{split}:{seed}:order").shuffle(order)
    out = []
    for i in range(n):
        rng = random.Random(f"corpus:{split}:{seed}:{i}")
        scale = 2 if rng.random() < HIDPI_SHARE else 1
        width, height = rng.choice(WINDOWS_2X if scale == 2 else WINDOWS_1X)
        out.append(Spec(f"{split}-{seed}-{i:04d}", split, order[i % len(order)], rng.choice(["light", "dark"]), scale,
                        width, height, rng.choice(UI_FONTS), rng.choice(MONO_FONTS), rng.choice([12, 13, 14, 15]),
                        rng.random() < DECOY_SHARE, rng.randrange(2**31)))
    return out


def _source(split: str) -> Source:
    if split == "heldout":
        from .heldout import heldout_source  # only the held-out split reads the held-out sources

        return heldout_source()
    from .sources import tuning_source

    return tuning_source()


def _template(split: str, name: str):
    if name in apps_tuning.TEMPLATES:
        return apps_tuning.TEMPLATES[name]
    if split == "heldout":
        from . import apps_heldout

        return apps_heldout.TEMPLATES[name]
    raise ValueError(f"template {name!r} is not in the {split} split")


def build(spec: Spec, source: Source | None = None):
    """(html, Title) of a spec: deterministic for a given spec and Faker version."""
    values = Values(source or _source(spec.split), spec.seed)
    rng = random.Random(spec.seed ^ 0x5EED)
    screen = _template(spec.split, spec.template)(values, rng, spec.decoy)
    return page(screen, spec.theme, spec.ui_font, spec.mono_font, spec.font_px), screen.title


def _write(path: Path, body: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the corpus is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def small_png(png: bytes) -> bytes:
    """The screenshot with its colours reduced to a 256-colour palette: about 40% of the size, for the subset
    checked into the repository (text edges keep their grey levels closely enough for OCR)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        buf = io.BytesIO()
        im.convert("RGB").quantize(256).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def generate(out: Path, split: str, seed: int, n: int, renderer, progress=None, palette: bool = False) -> list[Path]:
    """Render n screens of `split` into `out`; returns the JSON paths. `renderer` is an open render.Renderer;
    `palette` writes 256-colour PNGs (`small_png`)."""
    out.mkdir(parents=True, exist_ok=True)
    source = _source(split)
    written = []
    for k, spec in enumerate(specs(split, seed, n)):
        html, title = build(spec, source)
        shot = renderer.render(html, spec.width, spec.height, spec.scale)
        meta = asdict(spec)
        meta.update(format=FORMAT, width=spec.width * spec.scale, height=spec.height * spec.scale,
                    title=title.text, title_categories=title.categories, boxes=shot.boxes)
        if spec.decoy and shot.boxes:
            raise AssertionError(f"{spec.id}: a decoy screen has sensitive spans")  # a template bug
        meta["palette"] = palette
        _write(out / f"{spec.id}.png", small_png(shot.png) if palette else shot.png)
        _write(out / f"{spec.id}.json", json.dumps(meta, ensure_ascii=False, indent=1).encode())
        written.append(out / f"{spec.id}.json")
        if progress:
            progress(k + 1, n)
    return written


class CorpusError(ValueError):
    """A corpus file that cannot be used; the message is `path: code: message`."""


REQUIRED = ("id", "split", "template", "theme", "scale", "width", "height", "decoy", "title", "title_categories",
            "boxes")


def load(folder: Path) -> list[dict]:
    """Every screen's JSON in `folder` (sorted by id), with `png` set to its image's path."""
    screens = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorpusError(f"{path}: bad-json: {exc}") from None
        missing = [k for k in REQUIRED if k not in meta] if isinstance(meta, dict) else ["(an object)"]
        if missing:
            raise CorpusError(f"{path}: missing-field: {', '.join(missing)}")
        meta["png"] = path.with_suffix(".png")
        screens.append(meta)
    return screens
