"""A session's fixed setting, drawn from its seeded RNG: look, OS, time zone, screens, person, windows."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import fakes, shell
from .geometry import Rect
from .state import App, Env, Screen

TIMEZONES = ["Europe/Berlin", "America/New_York", "America/Los_Angeles", "Europe/London",
             "Europe/Madrid", "America/Chicago", "Asia/Singapore"]
APP_NAMES = {
    "windows": {"browser": ["Microsoft Edge", "Firefox", "Google Chrome"], "terminal": ["Windows Terminal"],
                "chat": ["Telegram", "Signal", "WhatsApp"], "notes": ["Notepad"]},
    "mac": {"browser": ["Safari", "Firefox", "Google Chrome"], "terminal": ["Terminal"],
            "chat": ["Messages", "Signal", "Telegram"], "notes": ["Notes"]},
}
APP_COLORS = {"browser": (230, 110, 30), "terminal": (40, 40, 46), "chat": (40, 150, 220), "notes": (245, 196, 50)}
WINDOW_SIZE = {"browser": (1110, 700), "terminal": (900, 560), "chat": (960, 620), "notes": (820, 600)}
DUAL_SCREEN_APPS = ("terminal", "chat")  # with two screens these open on the second one


def started_at(seed: int, index: int, tz: str) -> datetime:
    """A fixed instant per (seed, session index): working hours in `tz`, spring 2024, in UTC."""
    rng = random.Random(f"started-at/{seed}/{index}")
    day = datetime(2024, 3, 4) + timedelta(days=random.Random(f"day/{seed}").randint(0, 90) + index)
    local = day + timedelta(hours=rng.randint(8, 17), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
    try:
        local = local.replace(tzinfo=ZoneInfo(tz))
    except ZoneInfoNotFoundError:  # no tz database: read the clock time as UTC
        local = local.replace(tzinfo=timezone.utc)
    return local.astimezone(timezone.utc)


def make_env(rng: random.Random, seed: int, index: int, two_screens: bool, image_format: str) -> Env:
    style = ("windows", "mac")[(index + seed // 3) % 2]  # both looks in any dataset of two or more
    person = fakes.person(rng)
    screens = (Screen(0, 0, 0, 1280, 800),) + ((Screen(1, 1280, 0, 1280, 800),) if two_screens else ())
    tz = rng.choice(TIMEZONES)
    env = Env(style=style, os="Windows 11" if style == "windows" else "macOS 14.5",
              timezone=tz, started_at=started_at(seed, index, tz), screens=screens,
              person=person, hostname=_hostname(rng, style, person), apps={},
              wallpaper=rng.randrange(4), image_format=image_format, seed=seed)
    apps = {kind: _app(rng, env, kind, two_screens) for kind in APP_COLORS}
    return Env(**{**env.__dict__, "apps": apps})


def _hostname(rng: random.Random, style: str, person: fakes.Person) -> str:
    if style == "windows":
        return "DESKTOP-" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(7))
    return f"{person.first}s-MacBook-Pro"


def _app(rng: random.Random, env: Env, kind: str, two_screens: bool) -> App:
    name = rng.choice(APP_NAMES[env.style][kind])
    screen = 1 if two_screens and kind in DUAL_SCREEN_APPS else 0
    return App(kind, name, screen, _window_rect(rng, env, kind, screen), APP_COLORS[kind])


def _window_rect(rng: random.Random, env: Env, kind: str, screen: int) -> Rect:
    """A window that fits the work area and leaves the desktop-icon column free."""
    area = shell.work_area(env, screen)
    left, right = (104, area.right - 8) if env.style == "windows" else (12, area.right - 96)
    w, h = WINDOW_SIZE[kind]
    dh = rng.randint(-8, 20) if kind == "browser" else rng.randint(-30, 20)  # the checkout form needs height
    w, h = min(w + rng.randint(-30, 30), right - left), min(h + dh, area.h - 12)
    x = rng.randint(left, right - w)
    y = area.y + rng.randint(4, area.h - h - 4)
    return Rect(x, y, w, h)
