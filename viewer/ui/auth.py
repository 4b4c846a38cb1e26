"""The login gate: app.py calls `gate()` before building the navigation; pages call `current_user()`,
`require(action)` and `log_access(...)`.

Whether login is required comes from viewer.team.bind (the server address from Streamlit's config and
VIEWER_AUTH). Without login everyone is the local user (VIEWER_USER, default the OS login name) with role
admin. A login lasts VIEWER_SESSION_HOURS and ends with the browser tab (it lives in st.session_state)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import streamlit as st

from viewer import settings
from viewer.team.identity import default_user
from viewer.review.errors import ReviewError
from viewer.review.models import now
from viewer.review.store import Store
from viewer.team import access, accounts, bind, roles

KEY = "viewer_signed_in"
VIEWED_KEY = "viewer_viewed_session"


@dataclass(frozen=True)
class SignedIn:
    name: str
    role: str
    local: bool = False  # login is off: the local user
    expires: datetime | None = None
    person: str | None = None  # a subject's manifest `user`: they see only sessions recorded under it

    @property
    def is_subject(self) -> bool:
        return self.role == roles.SUBJECT


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store.open(url)


def store() -> Store:
    return _store(settings.load().db_url)


def current_user() -> SignedIn | None:
    """Who is using the app (after gate() ran in this script run). A page run on its own (tests) gets the
    same answer the gate would give without a login: the local admin when login is off, else nobody."""
    user = st.session_state.get(KEY)
    if user is None:
        user = _local_user()
        if user is not None:
            st.session_state[KEY] = user
    return user


def _local_user() -> SignedIn | None:
    s = settings.load()
    decision = bind.decide(st.get_option("server.address"), s.auth)
    if decision.refused or decision.login_required:
        return None
    return SignedIn(s.user or default_user(), "admin", local=True)


def can(action: str) -> bool:
    user = current_user()
    return user is not None and roles.allowed(user.role, action)


def require(action: str) -> SignedIn:
    """On a page: stop it with a message unless the current user's role may do `action`."""
    user = current_user()
    try:
        roles.require(user.role if user else None, action)
    except roles.Forbidden as exc:
        st.error(f"Not allowed: {exc}.")
        st.stop()
    return user


def require_sessions() -> SignedIn:
    """On a page that shows sessions: staff who may view, or a recorded person (who then sees only their own:
    the page filters with `may_view`)."""
    user = current_user()
    if user is not None and user.is_subject:
        return user
    return require("view")


def may_view(session_user: str | None) -> bool:
    """Whether the current user may see a session recorded under `session_user` (a subject: only their own)."""
    user = current_user()
    return user is not None and roles.may_view_session(user.role, user.person, session_user)


def log_session_view(session_id: str) -> None:
    """`view_session` once each time a session is opened (not on every rerun while it stays open)."""
    user = current_user()
    opened = (user.name if user else "?", user.expires if user else None, session_id)
    if st.session_state.get(VIEWED_KEY) == opened:
        return
    st.session_state[VIEWED_KEY] = opened
    log_access("view_session", session_id)


def log_access(action: str, session_id: str | None = None, detail: str = "") -> None:
    """Record in the access log (view_session, reveal_text, export, ...). Never pass sensitive content."""
    user = current_user()
    try:
        access.record(store(), user.name if user else "?", action, session_id, detail)
    except ReviewError as exc:
        st.warning(f"The access log could not be written: {exc}")


def gate() -> SignedIn:
    """Returns the signed-in user, or shows the login form (or the refusal to serve) and stops the run."""
    s = settings.load()
    decision = bind.decide(st.get_option("server.address"), s.auth)
    if decision.refused:
        st.session_state.pop(KEY, None)
        st.error(decision.refusal)
        st.stop()
    if not decision.login_required:
        user = _local_user()
        st.session_state[KEY] = user
        st.sidebar.text(f"{user.name} (admin) · no login on loopback")
        return user
    try:
        db = store()
    except ReviewError as exc:
        st.error(f"Login is required but the account database cannot be opened: {exc}")
        st.stop()
    user = _still_valid(db, st.session_state.get(KEY))
    if user is None:
        st.session_state.pop(KEY, None)
        _login_form(db, s.session_hours)
        st.stop()
    st.session_state[KEY] = user
    _sidebar(db, user)
    return user


def _still_valid(db: Store, user: SignedIn | None) -> SignedIn | None:
    """A login ends when it expires, or when its account is disabled; a role change applies at once."""
    if user is None or user.local:
        return None
    if user.expires is None or user.expires <= now():
        st.info("Your session has expired. Please log in again.")
        return None
    account = accounts.get(db, user.name)
    if account is None or account.disabled:
        st.warning("Your account is no longer active.")
        return None
    if (account.role, account.person) == (user.role, user.person):
        return user
    return replace(user, role=account.role, person=account.person)


def _login_form(db: Store, hours: float) -> None:
    st.title("Trace viewer")
    st.caption("Log in to review sessions.")
    with st.form("login"):
        name = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    result = accounts.verify(db, name, password)
    known = accounts.get(db, name)
    who = known.name if known else "(unknown)"  # a typo'd name may be a password: never log unknown names
    if result.ok:
        st.session_state[KEY] = SignedIn(result.user.name, result.user.role,
                                         expires=now() + timedelta(hours=hours), person=result.user.person)
        _record(db, result.user.name, "login")
        st.rerun()
    _record(db, who, "login_locked" if result.reason == "locked" else "login_failed",
            detail=result.reason)
    st.error(result.message)


def _record(db: Store, who: str, action: str, detail: str = "") -> None:
    try:
        access.record(db, who, action, detail=detail)
    except ReviewError:
        pass  # the login itself already succeeded or failed; the page must not break on the log


def _sidebar(db: Store, user: SignedIn) -> None:
    st.sidebar.text(f"Signed in as {user.name} ({user.role})")
    if st.sidebar.button("Log out", key="viewer_logout"):
        _record(db, user.name, "logout")
        st.session_state.pop(KEY, None)
        st.rerun()
