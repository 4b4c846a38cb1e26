"""What each role may do, in one table; `require(role, action)` is what commands and pages call.

reviewer: read sessions, annotate (labels, flags, comments, review status), reveal masked typed text.
researcher: read sessions, QA scans, export approved data.
admin: everything, including managing users, deleting, consent records and access reports.
"""

from __future__ import annotations

from viewer.review.accounts_models import ROLES

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

__all__ = ["ACTIONS", "ROLES", "Forbidden", "allowed", "require"]


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
