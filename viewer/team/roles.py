"""What each role may do, in one table; `require(role, action)` is what commands and pages call.

reviewer: read sessions, annotate (labels, flags, comments, review status), reveal masked typed text.
researcher: read sessions, QA scans, export approved data.
admin: everything, including managing users, deleting, consent records and access reports.
subject: a recorded person: none of the above; only their own sessions (replay with typed text masked), their
access report, withdrawing their consent and asking for erasure (`may_view_session`).
"""

from __future__ import annotations

from viewer.team.accounts_models import ROLES, SUBJECT

ACTIONS: dict[str, frozenset[str]] = {
    "view": frozenset({"reviewer", "researcher", "admin"}),
    "annotate": frozenset({"reviewer", "admin"}),
    "reveal_text": frozenset({"reviewer", "admin"}),
    "qa": frozenset({"researcher", "admin"}),
    "export": frozenset({"researcher", "admin"}),
    "manage_users": frozenset({"admin"}),
    "delete": frozenset({"admin"}),
    "consent": frozenset({"admin"}),
}

__all__ = ["ACTIONS", "ROLES", "SUBJECT", "Forbidden", "allowed", "may_view_session", "require"]


class Forbidden(PermissionError):
    """The role may not do this action (the message says which role may)."""


def allowed(role: str | None, action: str) -> bool:
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    return role in ACTIONS[action]


def require(role: str | None, action: str) -> None:
    if not allowed(role, action):
        who = ", ".join(r for r in ROLES if r in ACTIONS[action])
        raise Forbidden(f"a {role or 'signed-out'} user may not {action.replace('_', ' ')} (allowed: {who})")


def may_view_session(role: str | None, person: str | None, session_user: str | None) -> bool:
    """Staff who may view see every session; a subject sees only sessions recorded under their own `user`."""
    if role == SUBJECT:
        return bool(person) and person == session_user
    return allowed(role, "view")
