"""GET /replay-media/{token}/{key}?w=WIDTH: one screenshot or video frame of a session as a JPEG, over plain HTTP
(no Streamlit rerun), for the browser player. Mounted by serve.py; the page issues the tokens (media_tokens).

Refused with 403 without a genuine, unexpired token, when the app refuses to serve at all, and, with login
required, unless the token names an active account. A key that names nothing in the session is a 404. Only
the token's session directory, directly under VIEWER_DATA, is ever read (viewer.trace.paths.inside)."""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

from viewer import settings
from viewer.replay import media_keys, media_tokens
from viewer.review.errors import ReviewError
from viewer.review.store import Store
from viewer.team import accounts, bind, roles
from viewer.trace import Session, TraceError, load_session
from viewer.trace.paths import inside

PATH = "/replay-media"
CACHE_CONTROL = "private, max-age=3600"  # the URL carries the token: a new token is a new URL
ACCOUNT_CHECK_S = 15.0  # a disabled account loses its images within this long
_SHELF_SIZE = 4

_shelf: OrderedDict[tuple, Session] = OrderedDict()
_shelf_lock = threading.Lock()
_ACTIVE_SIZE = 1024  # accounts whose state is remembered (bounded: a long-running server sees many)
_active: OrderedDict[tuple[str, str], tuple[float, object]] = OrderedDict()  # (when, account or None)
_active_lock = threading.Lock()


def dir_stamp(path: Path) -> tuple:
    """Changes when a file of the session directory (manifest, events, video) is rewritten."""
    return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(path) if e.is_file()))


def offer(path: Path, stamp: tuple, session: Session) -> None:
    """The page hands over the session it loaded, so the route does not load it a second time."""
    with _shelf_lock:
        _shelf[(str(path), stamp)] = session
        _shelf.move_to_end((str(path), stamp))
        while len(_shelf) > _SHELF_SIZE:
            _shelf.popitem(last=False)


def _session(path: Path, cache: Path) -> Session | None:
    key = (str(path), dir_stamp(path))
    with _shelf_lock:
        if key in _shelf:
            return _shelf[key]
    try:
        session = load_session(path, cache)  # another process issued the token: load (from the cache)
    except TraceError:
        return None
    offer(path, key[1], session)
    return session


@lru_cache(maxsize=2)
def _store(url: str) -> Store:
    return Store.open(url)


def _account(db_url: str, user: str | None):
    """The token's active account (None when unknown or disabled), looked up at most every ACCOUNT_CHECK_S."""
    if not user:
        return None
    now = time.monotonic()
    with _active_lock:
        seen = _active.get((db_url, user))
    if seen is None or now - seen[0] > ACCOUNT_CHECK_S:
        try:
            account = accounts.get(_store(db_url), user)
        except ReviewError:
            account = None
        seen = (now, account if account is not None and not account.disabled else None)
        with _active_lock:
            _active[(db_url, user)] = seen
            _active.move_to_end((db_url, user))
            while len(_active) > _ACTIVE_SIZE:
                _active.popitem(last=False)
    return seen[1]


def _allowed(grant: media_tokens.Grant | None, s: settings.Settings) -> bool:
    if grant is None:
        return False
    decision = bind.decide(config.get_option("server.address"), s.auth)
    if decision.refused:
        return False
    return not decision.login_required or _account(s.db_url, grant.user) is not None


def _in_scope(grant: media_tokens.Grant, s: settings.Settings, session: Session) -> bool:
    """A subject's token reaches only sessions recorded under their own `user` (the page checks it first;
    this holds even for a token issued before a role or mapping changed)."""
    account = _account(s.db_url, grant.user) if grant.user else None
    if account is None or account.role != roles.SUBJECT:
        return True
    return roles.may_view_session(account.role, account.person, session.manifest.user)


def _plain_name(name: str) -> bool:
    """A session is a directory directly under the dataset: one path component, not "." or ".."."""
    return bool(name) and "/" not in name and name not in (".", "..")


def _forbidden() -> Response:
    return Response("forbidden", status_code=403, media_type="text/plain")


def serve_image(request: Request) -> Response:
    """Sync on purpose: Starlette runs it in a worker thread, so decoding never blocks the event loop."""
    s = settings.load()
    try:
        secret = media_tokens.key(s.env)
    except media_tokens.SecretError:
        return _forbidden()
    grant = media_tokens.verify(secret, request.path_params["token"])
    if not _allowed(grant, s):
        return _forbidden()
    path = inside(s.data, grant.session) if _plain_name(grant.session) else None
    if path is None or not path.is_dir():
        return _forbidden()
    session = _session(path, s.cache)
    if session is not None and not _in_scope(grant, s, session):
        return _forbidden()
    width = media_keys.snap_width(request.query_params.get("w"))
    data = media_keys.jpeg(session, request.path_params["key"], width) if session is not None else None
    if data is None:
        return Response("no such image", status_code=404, media_type="text/plain")
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": CACHE_CONTROL})


def routes() -> list[Route]:
    return [Route(PATH + "/{token}/{key}", serve_image, methods=["GET"])]
