"""HTML pieces shared by the app templates: escaping, the sensitive-span wrapper, the window frame and its CSS.

A sensitive value is written with `s(category, text)`: a `<span data-cat=...>` that never wraps, whose box the
renderer reads from the DOM as the gold box. Everything else goes through `t()` (escaped, never a gold box).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

CATEGORIES = ("person", "organisation", "handle", "channel", "repository", "private_url", "account_id",
              "date_of_birth", "address", "email", "phone", "secret", "password", "credit_card", "iban",
              "national_id")

UI_FONTS = ("Inter", "Open Sans", "Liberation Sans", "DejaVu Sans")
MONO_FONTS = ("JetBrains Mono", "Liberation Mono", "DejaVu Sans Mono")


def t(text: str) -> str:
    return escape(str(text))


def s(category: str, text: str) -> str:
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    return f'<span class="pii" data-cat="{category}">{escape(str(text))}</span>'


@dataclass
class Title:
    """A window title built from parts; a part with a category is sensitive text in the title."""

    parts: list[tuple[str, str | None]] = field(default_factory=list)

    def add(self, text: str, category: str | None = None) -> "Title":
        self.parts.append((text, category))
        return self

    @property
    def text(self) -> str:
        return "".join(p for p, _ in self.parts)

    @property
    def categories(self) -> list[str]:
        return sorted({c for _, c in self.parts if c})

    def html(self) -> str:
        return "".join(s(c, p) if c else t(p) for p, c in self.parts)


@dataclass
class Screen:
    """What a template returns: the window title, the app's body HTML and its own CSS."""

    title: Title
    body: str
    css: str = ""


THEMES = {
    "light": dict(bg="#ffffff", fg="#1d1c1d", muted="#616061", panel="#f4f5f7", side="#3f0e40", sidefg="#e8dfe8",
                  border="#dddddd", accent="#1264a3", code="#f6f8fa", add="#e6ffec", rm="#ffebe9",
                  badge="#ddf4ff", badgefg="#0969da", term="#ffffff", termfg="#24292f", bar="#e8e8e8"),
    "dark": dict(bg="#1a1d21", fg="#d1d2d3", muted="#9a9b9d", panel="#222529", side="#19171d", sidefg="#bcabbc",
                 border="#34373b", accent="#4a9eda", code="#161b22", add="#12361f", rm="#3d1418",
                 badge="#1f3a5f", badgefg="#79c0ff", term="#0d1117", termfg="#c9d1d9", bar="#2b2d31"),
}

BASE_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; width: 100%; height: 100%; overflow: hidden; }
body { background: var(--bg); color: var(--fg); font-family: var(--ui); font-size: var(--fs); line-height: 1.45; }
.pii { white-space: nowrap; }
.win { display: flex; flex-direction: column; width: 100vw; height: 100vh; }
.titlebar { height: 30px; flex: none; display: flex; align-items: center; justify-content: center; position: relative;
  background: var(--bar); border-bottom: 1px solid var(--border); font-size: 13px; color: var(--fg);
  white-space: nowrap; }
.titlebar .dots { position: absolute; left: 10px; top: 9px; }
.titlebar .dots i { display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin-right: 6px; }
.app { flex: 1; display: flex; min-height: 0; overflow: hidden; }
.side { background: var(--side); color: var(--sidefg); padding: 12px 10px; overflow: hidden; flex: none; }
.main { flex: 1; padding: 14px 18px; overflow: hidden; min-width: 0; }
.muted { color: var(--muted); }
.row { display: flex; gap: 10px; align-items: baseline; }
.avatar { width: 30px; height: 30px; border-radius: 6px; flex: none; display: inline-flex; align-items: center;
  justify-content: center; color: #fff; font-weight: 600; font-size: 12px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; background: var(--badge); color: var(--badgefg);
  font-size: 11.5px; margin-right: 4px; }
.mono { font-family: var(--mono); font-size: calc(var(--fs) - 1px); }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; }
h1 { font-size: calc(var(--fs) + 7px); margin: 4px 0 10px; }
h2 { font-size: calc(var(--fs) + 3px); margin: 4px 0 8px; }
table { border-collapse: collapse; }
td, th { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
.mention { background: var(--badge); color: var(--badgefg); border-radius: 3px; padding: 0 2px; }
a, .link { color: var(--accent); text-decoration: none; }
"""

AVATAR_COLOURS = ["#e01e5a", "#2eb67d", "#ecb22e", "#36c5f0", "#7c3aed", "#d97706", "#0891b2", "#be185d"]


def page(screen: Screen, theme: str, ui_font: str, mono_font: str, font_px: int) -> str:
    """The whole document: theme variables, fonts, the title bar with the window title, then the app."""
    colours = ";".join(f"--{k}:{v}" for k, v in THEMES[theme].items())
    root = f":root{{{colours};--ui:'{ui_font}',sans-serif;--mono:'{mono_font}',monospace;--fs:{font_px}px}}"
    dots = "".join(f'<i style="background:{c}"></i>' for c in ("#ff5f57", "#febc2e", "#28c840"))
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{root}{BASE_CSS}{screen.css}</style></head>"
            f"<body><div class='win'><div class='titlebar'><span class='dots'>{dots}</span>"
            f"<span class='title'>{screen.title.html()}</span></div>"
            f"<div class='app'>{screen.body}</div></div></body></html>")
