"""The Admin page (role manage_users): the access log, newest first, filtered and paginated; accounts (add,
change role, disable); and, for the delete role, erasing a data subject."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from viewer.review.errors import ReviewError
from viewer.team import access, accounts
from viewer.ui import admin_consent, admin_erase, auth, state, tables

PAGE_SIZE = 50
ANY = "(any)"


def _access_log(db) -> None:
    st.subheader("Access log")
    cols = st.columns([2, 2, 2, 1])
    who = cols[0].selectbox("User", [ANY, *access.people(db)], key="admin_log_who")
    action = cols[1].selectbox("Action", [ANY, *access.ACTIONS], key="admin_log_action")
    session_id = cols[2].text_input("Session", key="admin_log_session").strip()
    filters = {"who": None if who == ANY else who, "action": None if action == ANY else action,
               "session_id": session_id or None}
    total = access.count(db, **filters)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = int(cols[3].number_input("Page", 1, pages, 1, key="admin_log_page"))
    rows = access.entries(db, **filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    st.caption(f"{total} entr{'y' if total == 1 else 'ies'}; page {page} of {pages}, newest first")
    table = pd.DataFrame([{"at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "who": e.who, "action": e.action,
                           "session": e.session_id or "", "detail": e.detail} for e in rows],
                         columns=["at", "who", "action", "session", "detail"])
    st.dataframe(table, hide_index=True, width="stretch", key="admin_log_table", height=tables.height(len(table)))


def _status(user: accounts.User) -> str:
    if user.disabled:
        return "disabled"
    locked = user.locked_until is not None and user.locked_until > accounts.utcnow()
    return "locked" if locked else "active"


def _accounts(db) -> None:
    st.subheader("Users")
    users = accounts.list_accounts(db)
    st.dataframe(pd.DataFrame([{"name": u.name, "role": u.role, "status": _status(u),
                                "created": u.created_at.strftime("%Y-%m-%d %H:%M") if u.created_at else ""}
                               for u in users], columns=["name", "role", "status", "created"]),
                 hide_index=True, width="stretch", key="admin_users_table", height=tables.height(len(users)))
    first = not users
    if first:
        st.info("No account yet. The first account must be an admin, so that someone can manage the others.")
    with st.form("admin_add_user", clear_on_submit=True):
        cols = st.columns(3)
        name = cols[0].text_input("New user name")
        roles = ("admin",) if first else accounts.ROLES
        role = cols[1].selectbox("Role", roles, key="admin_add_first_role" if first else "admin_add_role")
        password = cols[2].text_input("Password", type="password", autocomplete="new-password")
        if st.form_submit_button("Add user"):
            _change("user_add", lambda: _add(db, name, role, password),
                    lambda u: f"{u.name} as {u.role}", "Added {name} ({role}).")
    active = [u.name for u in users if not u.disabled]
    if not active:
        return
    cols = st.columns([2, 2, 1, 1])
    who = cols[0].selectbox("Account", active, key="admin_pick_user")
    new_role = cols[1].selectbox("New role", accounts.ROLES, key="admin_new_role")
    if cols[2].button("Set role", key="admin_set_role"):
        _change("user_set_role", lambda: accounts.set_role(db, who, new_role),
                lambda u: f"{u.name} to {u.role}", "{name} is now {role}.")
    if cols[3].button("Disable", key="admin_disable"):
        _change("user_disable", lambda: accounts.disable(db, who), lambda u: u.name,
                "{name} is disabled.")


def _add(db, name: str, role: str, password: str) -> accounts.User:
    accounts.check_first_is_admin(db, role)  # the command line's rule
    return accounts.add(db, name, role, password)


def _change(action: str, do, detail, done: str) -> None:
    """Run one account change; log it; show the outcome (an AccountError is a message, never a traceback)."""
    try:
        user = do()
    except ReviewError as exc:
        st.error(str(exc))
        return
    auth.log_access(action, detail=detail(user))
    st.session_state["admin_done"] = done.format(name=user.name, role=user.role)
    st.rerun()


def render() -> None:
    st.title("Admin")
    me = auth.require("manage_users")
    try:
        db = auth.store()
    except ReviewError as exc:
        st.error(f"The database cannot be opened: {exc}")
        return
    done = st.session_state.pop("admin_done", None)
    if done:
        st.success(done)
    _access_log(db)
    _accounts(db)
    admin_consent.render_section(db, state.current_settings())
    if auth.can("delete"):
        admin_erase.section(db, me.name)
