"""Whether the app requires login, from the address the server listens on and VIEWER_AUTH.

| address                | VIEWER_AUTH unset | on    | off                          |
| loopback (127.x, ::1)  | off               | login | off                          |
| anything else / all    | login             | login | refuse to start (says why)   |
An unset address means Streamlit listens on every interface, so it counts as "anything else".
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


@dataclass(frozen=True)
class Decision:
    login_required: bool
    refusal: str | None = None  # set: do not serve anything, show this instead

    @property
    def refused(self) -> bool:
        return self.refusal is not None


def is_loopback(address: str | None) -> bool:
    if not address:
        return False  # Streamlit without server.address binds all interfaces
    host = address.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost: may resolve to anything


def decide(address: str | None, auth: str | None) -> Decision:
    setting = (auth or "").strip().lower()
    where = f"address {address!r}" if address else "every network interface (no server.address set)"
    if setting not in ("", "on", "off"):
        return Decision(True, f"VIEWER_AUTH must be 'on' or 'off', not {auth!r}. The app is not served.")
    if setting == "on":
        return Decision(True)
    if is_loopback(address):
        return Decision(False)
    if setting == "off":
        return Decision(True, f"Refusing to start: VIEWER_AUTH=off, but the server listens on {where}, which is "
                              "reachable from other machines. Without login anyone there could read every "
                              "session. Listen on 127.0.0.1 (--server.address 127.0.0.1) or set VIEWER_AUTH=on "
                              "and create accounts (python -m viewer users add NAME --role admin).")
    return Decision(True)
