"""One interface over the four apps: draw, layout (click targets), marks (sensitive regions), title.

All rectangles are in the pixels of the screen the app's window sits on.
"""

from __future__ import annotations

from PIL import Image

from . import browser, chat, chrome, notes, terminal
from .geometry import Rect
from .state import Env, View

_MODULES = {"terminal": terminal, "chat": chat, "notes": notes}


def content(env: Env, kind: str) -> Rect:
    return chrome.content(env, kind)


def draw(img: Image.Image, env: Env, kind: str, view: View) -> None:
    chrome.draw_window(img, env, kind, title(env, kind, view))
    if kind == "browser":
        browser.draw(img, view, content(env, kind))
    else:
        _MODULES[kind].draw(img, view, env, content(env, kind))


def layout(env: Env, kind: str, view: View) -> dict[str, Rect]:
    """Click targets of the app's window, plus its title bar and close button."""
    c = content(env, kind)
    inner = browser.layout(view, c) if kind == "browser" else _MODULES[kind].layout(view, env, c)
    return {**inner, "title": chrome.title_bar(env, kind), "close": chrome.close_button(env, kind)}


def marks(env: Env, kind: str, view: View) -> dict[str, list[Rect]]:
    c = content(env, kind)
    if kind != "browser":
        return _MODULES[kind].marks(view, env, c)
    out = browser.marks(view, c)
    shown = browser.title_value(view.page)
    if shown is not None:  # the value in the title bar, where chrome draws the title
        prefix, value, tag = shown
        out.setdefault(tag, []).append(chrome.title_text_box(env, kind, title(env, kind, view), prefix, value))
    return out


def title(env: Env, kind: str, view: View) -> str:
    """The window title, as the focus event reports it and the title bar shows it."""
    if kind == "browser":
        return browser.page_title(view.page)
    if kind == "terminal":
        return _terminal_title(env, view)
    if kind == "notes":
        return f"{view.title}.txt - Notepad" if env.style == "windows" else "Notes"
    return env.apps[kind].name


def _terminal_title(env: Env, view) -> str:
    if env.style == "windows":
        return view.prompt.rstrip("$ ").replace(":", ": ", 1)
    area = terminal.text_area(env, content(env, "terminal"))
    cols, rows = terminal.columns(env, content(env, "terminal")), area.h // terminal.LINE_H
    folder = view.prompt.split(" ")[1]
    return f"{folder} \u2014 -zsh \u2014 {cols}\u00d7{rows}"
