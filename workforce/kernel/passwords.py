"""Password hashing with argon2 and the password rules (NCSC: length, no composition rules)."""

import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MINIMUM_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_HASH_MEMORY_COST"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


@lru_cache(maxsize=8)
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost).hash(secrets.token_urlsafe(24))


def verify_password(password_hash: str | None, password: str) -> bool:
    """One argon2 verification on every call: with no hash (an unknown or unusable account) the password
    is verified against a dummy hash made with the same parameters, so the refusal costs the same."""
    hasher = _hasher()
    target = password_hash or _dummy_hash(hasher.time_cost, hasher.memory_cost)
    try:
        return hasher.verify(target, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str | None = None, name: str | None = None) -> str | None:
    """The GOV.UK error message for an unacceptable new password, or None.

    NCSC guidance: a minimum length and a deny list of common and guessable passwords, no composition rules.
    """
    if len(password) < MINIMUM_LENGTH:
        return f"Password must be {MINIMUM_LENGTH} characters or more"
    if len(password) > 256:
        return "Password must be 256 characters or fewer"
    folded = password.strip().lower()
    if folded in common_passwords() or len(set(folded)) <= 2:
        return "Password is too common and easy to guess. Choose a different password"
    personal = {value.strip().lower() for value in (email, name, (email or "").split("@")[0]) if value}
    if folded in personal or folded.replace(" ", "") in {value.replace(" ", "") for value in personal}:
        return "Password must not be your name or email address"
    return None
