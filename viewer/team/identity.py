"""Who is at the keyboard when nobody logged in: the OS login name (the command line's and the laptop app's
default user; `--as` / VIEWER_USER override it where they are read)."""

from __future__ import annotations

import getpass


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in this environment
        return "cli"
