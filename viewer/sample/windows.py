"""Desktop-level steps: launching and switching apps, changing an app's view (with the focus
event a title change brings and a screenshot of the screen it is on), clicking app targets."""

from __future__ import annotations

import random
from dataclasses import replace

from . import actions, apps, shell
from .geometry import Rect
from .state import Desktop, View
from .timeline import Timeline


def screen_of(tl: Timeline, kind: str) -> int:
    return tl.env.apps[kind].screen


def view(tl: Timeline, kind: str) -> View:
    return tl.desk.views[kind]


def focus_event(tl: Timeline, kind: str | None) -> None:
    if kind is None:
        name = "Explorer" if tl.env.style == "windows" else "Finder"
        tl.emit("focus", app=name, title="Program Manager" if tl.env.style == "windows" else "Desktop")
    else:
        tl.emit("focus", app=tl.env.apps[kind].name, title=apps.title(tl.env, kind, view(tl, kind)))


def with_view(tl: Timeline, kind: str, new: View) -> Desktop:
    """The current desktop with `kind` showing `new` (not yet committed)."""
    return tl.desk.with_view(kind, new)


def commit(tl: Timeline, rng: random.Random, kind: str, new: View, shot: bool = True) -> None:
    """Show `new` in `kind`'s window now; a changed title of the focused window is a focus event."""
    before = apps.title(tl.env, kind, view(tl, kind))
    tl.set(with_view(tl, kind, new))
    if tl.desk.focused == kind and apps.title(tl.env, kind, new) != before:
        focus_event(tl, kind)
    if shot:
        tl.wait(rng.uniform(20, 90))
        tl.shot(screen_of(tl, kind))


def target(tl: Timeline, kind: str, name: str) -> Rect:
    """A named click target of `kind`'s current view (screen pixels)."""
    return apps.layout(tl.env, kind, view(tl, kind))[name]


def click_in(tl: Timeline, rng: random.Random, kind: str, name: str, count: int = 1) -> None:
    actions.click(tl, rng, target(tl, kind, name), screen_of(tl, kind), count)


def fidget(tl: Timeline, rng: random.Random, kind: str, seconds: float) -> None:
    """Read for about `seconds`, drifting the pointer over the window now and then."""
    end = tl.now + int(seconds * 1000)
    area = apps.content(tl.env, kind).inset(40)
    while tl.now < end - 400:
        if rng.random() < 0.55:
            spot = Rect(rng.randint(area.x, area.right - 20), rng.randint(area.y, area.bottom - 20), 20, 20)
            actions.move_to(tl, rng, actions.aim_point(rng, tl, spot, screen_of(tl, kind)), 60)
        tl.wait(rng.uniform(400, 1800))
    tl.now = max(tl.now, end)


def activate(tl: Timeline, rng: random.Random, kind: str, initial: View) -> None:
    """Bring `kind`'s window to front and focus it, launching it with `initial` if it is not open."""
    desk, screen = tl.desk, screen_of(tl, kind)
    if desk.shown[screen] == kind:
        if desk.focused != kind:
            actions.click(tl, rng, target(tl, kind, "title").inset(120, 4), screen)
            tl.set(replace(tl.desk, focused=kind))
            focus_event(tl, kind)
        return
    opening = kind not in desk.views
    _click_launcher(tl, rng, kind, screen, opening)
    tl.wait(rng.uniform(600, 1500) if opening else rng.uniform(120, 300))
    new = tl.desk.with_view(kind, initial) if opening else tl.desk
    tl.set(new.show(kind, screen))
    focus_event(tl, kind)
    tl.wait(rng.uniform(30, 120))
    tl.shot(screen)


def _click_launcher(tl: Timeline, rng: random.Random, kind: str, screen: int, opening: bool) -> None:
    icons = {k: r for k, _, r in shell.desktop_icons(tl.env, screen)}
    if opening and kind in icons and rng.random() < 0.7:
        actions.click(tl, rng, icons[kind], screen, count=2)
    else:
        actions.click(tl, rng, shell.launcher_rect(tl.env, screen, kind), screen)
