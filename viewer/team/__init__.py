"""Team mode: accounts, passwords, roles, the access log, and whether login is required. No streamlit here."""

from viewer.team.accounts import (AccountError, AccountExists, LoginResult, NoSuchAccount, User, add, disable,
                                  get, list_accounts, set_password, set_role, verify)
from viewer.team.roles import ACTIONS, ROLES, Forbidden, allowed, require

__all__ = ["ACTIONS", "ROLES", "AccountError", "AccountExists", "Forbidden", "LoginResult", "NoSuchAccount", "User",
           "add", "allowed", "disable", "get", "list_accounts", "require", "set_password", "set_role", "verify"]
