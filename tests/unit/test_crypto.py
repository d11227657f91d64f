"""The encrypted column type: plain text in Python, ciphertext in the database, keys can rotate."""
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from portal.core.crypto import DecryptionError, EncryptedString, decrypt, encrypt

secrets_table = Table("crypto_probe", MetaData(), Column("id", Integer, primary_key=True),
                      Column("pin", EncryptedString()))


def test_the_database_holds_ciphertext_and_python_reads_plain_text(app, session):
    connection = session.connection()
    secrets_table.create(connection)
    connection.execute(insert(secrets_table).values(id=1, pin="4321"))
    assert connection.execute(select(secrets_table.c.pin)).scalar_one() == "4321"
    raw = connection.exec_driver_sql("SELECT pin FROM crypto_probe").scalar_one()
    assert "4321" not in raw and raw.startswith("gAAAA")


def test_the_same_secret_encrypts_differently_each_time(app):
    with app.app_context():
        assert encrypt("1234") != encrypt("1234")


def test_old_keys_still_decrypt_after_rotation(app):
    old_key = app.config["ENCRYPTION_KEY"]
    with app.app_context():
        stored = encrypt("2468")
        app.config["ENCRYPTION_KEY"] = f"{Fernet.generate_key().decode()},{old_key}"
        try:
            assert decrypt(stored) == "2468"
        finally:
            app.config["ENCRYPTION_KEY"] = old_key


def test_an_unknown_key_raises_a_clear_error(app):
    old_key = app.config["ENCRYPTION_KEY"]
    with app.app_context():
        stored = encrypt("1357")
        app.config["ENCRYPTION_KEY"] = Fernet.generate_key().decode()
        try:
            with pytest.raises(DecryptionError):
                decrypt(stored)
        finally:
            app.config["ENCRYPTION_KEY"] = old_key
