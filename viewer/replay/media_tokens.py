"""Signed, expiring tokens that let the browser player fetch one session's images over plain HTTP.

The image route cannot see who is signed in (that lives in the Streamlit session), so the page hands the
player a token naming the session directory, the signed-in user (None without login) and an expiry, signed
with HMAC-SHA256. The key is VIEWER_MEDIA_SECRET when set (several app processes behind one address must share
it), else a random key made once per process (tokens then die with the process).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

import orjson

_PROCESS_KEY = secrets.token_bytes(32)
MIN_SECRET_CHARS = 16


@dataclass(frozen=True)
class Grant:
    """What a valid token allows: images of `session` (a directory name under the dataset), for `user`."""

    session: str
    user: str | None
    expires: float


class SecretError(ValueError):
    """VIEWER_MEDIA_SECRET is set but too short to be a key."""


def key(environ: dict[str, str] | None = None) -> bytes:
    """The key from VIEWER_MEDIA_SECRET in `environ` (default: as viewer.settings reads it), else this
    process's random one."""
    if environ is None:
        from viewer import settings

        environ = settings.load().env
    value = environ.get("VIEWER_MEDIA_SECRET", "")
    if not value:
        return _PROCESS_KEY
    if len(value) < MIN_SECRET_CHARS:
        raise SecretError(f"VIEWER_MEDIA_SECRET must be at least {MIN_SECRET_CHARS} characters")
    return value.encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest())


def issue(secret: bytes, session: str, user: str | None, ttl_s: float, now: float | None = None) -> str:
    """A URL-safe token ("body.signature") for `session`'s images, valid for `ttl_s` seconds."""
    expires = (time.time() if now is None else now) + ttl_s
    body = _b64(orjson.dumps({"s": session, "u": user, "e": round(expires, 3)}))
    return f"{body}.{_sign(secret, body)}"


def verify(secret: bytes, token: str, now: float | None = None) -> Grant | None:
    """The grant of a genuine, unexpired token; None for anything else (forged, truncated, expired)."""
    body, dot, signature = token.partition(".")
    if not dot or not token.isascii() or not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    try:
        claims = orjson.loads(_unb64(body))
        grant = Grant(str(claims["s"]), claims["u"], float(claims["e"]))
    except (ValueError, KeyError, TypeError):
        return None
    if grant.user is not None and not isinstance(grant.user, str):
        return None
    return grant if grant.expires > (time.time() if now is None else now) else None
