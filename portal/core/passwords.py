"""Password rules after OWASP ASVS 2.1: long enough, long ones allowed, no composition rules, not common."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 128
_TRAILING = "0123456789!@#$%^&*()-_=+.?"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("portal").joinpath("data/common-passwords.txt").read_text()
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    """Common as typed, or a common word with digits or symbols added at the end ("sunshine2024!")."""
    lowered = password.lower()
    stem = lowered.rstrip(_TRAILING)
    return lowered in common_passwords() or (len(stem) >= 6 and stem in common_passwords())


def password_problems(password: str, email: str | None = None) -> list[str]:
    """Everything wrong with a proposed password, as sentences for the person; empty when it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters; a short phrase of a few words works well.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if is_common(password):
        problems.append("This password is on the list of the most common passwords; choose another.")
    elif email and email.split("@")[0].lower() in password.lower() and len(email.split("@")[0]) >= 4:
        problems.append("Do not use your e-mail address in your password.")
    return problems


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str | None, password: str) -> bool:
    return bool(password_hash) and check_password_hash(password_hash, password)
