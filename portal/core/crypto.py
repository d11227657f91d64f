"""An encrypted column type for secrets customers enter (voicemail and carrier PINs).

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) using PORTAL_ENCRYPTION_KEY.
Several keys separated by commas allow rotation: the first encrypts, all of them decrypt.
"""
from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


class DecryptionError(RuntimeError):
    """A stored secret cannot be read with any configured key."""


def _fernet() -> MultiFernet:
    keys = [key.strip() for key in current_app.config["ENCRYPTION_KEY"].split(",") if key.strip()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("a stored secret cannot be decrypted with the configured keys") from error


class EncryptedString(TypeDecorator):
    """A string column stored encrypted; Python code reads and writes plain text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return encrypt(value) if value is not None else None

    def process_result_value(self, value, dialect):
        return decrypt(value) if value is not None else None
