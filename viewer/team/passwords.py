"""Password hashing: Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile). Plain passwords are never
stored, logged or echoed; only the encoded hash (which carries its own salt and parameters) is kept."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
MAX_LENGTH = 1024  # hashing a megabyte "password" is a cheap way to burn server CPU


class WeakPassword(ValueError):
    pass


@cache
def hasher() -> PasswordHasher:
    return PasswordHasher()


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"the password must have at most {MAX_LENGTH} characters")
    if not password.strip():
        raise WeakPassword("the password must not be only spaces")


def hash_password(password: str) -> str:
    check_strength(password)
    return hasher().hash(password)


def verify(encoded: str, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return hasher().verify(encoded, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    try:
        return hasher().check_needs_rehash(encoded)
    except InvalidHashError:
        return True


@cache
def _dummy() -> str:
    return hasher().hash("not a password of anyone")


def burn_time(password: str) -> None:
    """Spend as long as a real verification, so an unknown name answers as slowly as a wrong password."""
    verify(_dummy(), password)
