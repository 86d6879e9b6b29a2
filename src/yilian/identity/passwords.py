"""Password hashing (argon2id) and the staff password policy."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A real hash of nothing anybody knows: verifying against it makes an unknown user name cost
# the same time as a wrong password.
_DUMMY = _hasher.hash("yilian-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


_CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")


def policy_violations(password: str, username: str, min_length: int) -> list[str]:
    """What is wrong with a staff password (等保三级: length, character classes, not the name)."""
    problems = []
    if len(password) < min_length:
        problems.append(f"at least {min_length} characters")
    if len(password) > 128:
        problems.append("at most 128 characters")
    if sum(bool(re.search(c, password)) for c in _CLASSES) < 3:
        problems.append("at least three of: lower case, upper case, digits, symbols")
    if username and username.lower() in password.lower():
        problems.append("must not contain the user name")
    return problems
