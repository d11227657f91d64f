"""Settings from PORTAL_* variables; keys generated in development, required in production."""
import pytest

from portal import create_app
from portal.config import ConfigError


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "ENCRYPTION_KEY", "ENV", "DATABASE_URL"):
        monkeypatch.delenv(f"PORTAL_{name}", raising=False)
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    return monkeypatch


def test_production_refuses_to_start_without_a_secret_key(clean_env):
    clean_env.setenv("PORTAL_ENV", "production")
    clean_env.setenv("PORTAL_ENCRYPTION_KEY", "x")
    with pytest.raises(ConfigError, match="PORTAL_SECRET_KEY"):
        create_app()


def test_production_refuses_to_start_without_an_encryption_key(clean_env):
    clean_env.setenv("PORTAL_ENV", "production")
    clean_env.setenv("PORTAL_SECRET_KEY", "s" * 40)
    with pytest.raises(ConfigError, match="PORTAL_ENCRYPTION_KEY"):
        create_app()


def test_development_generates_keys_once_into_the_instance_folder(clean_env, tmp_path):
    first = create_app()
    second = create_app()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text()
    assert (tmp_path / "encryption_key").stat().st_mode & 0o777 == 0o600


def test_sqlite_in_the_instance_folder_is_the_default(clean_env, tmp_path):
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/portal.sqlite3"


def test_settings_come_from_portal_variables(clean_env):
    clean_env.setenv("PORTAL_DATABASE_URL", "postgresql+psycopg://u:p@db/portal")
    clean_env.setenv("PORTAL_SMTP_HOST", "mail.example.com")
    clean_env.setenv("PORTAL_PROVIDER_NAME", "Acme Voice")
    clean_env.setenv("PORTAL_LOGIN_RATE_LIMIT", "500 per minute")
    clean_env.setenv("PORTAL_ESCALATION_CONTACTS", "Jo Smith|Director|+1 555 0199|jo@acme.example")
    config = create_app().config
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/portal"
    assert config["SMTP_HOST"] == "mail.example.com"
    assert config["PROVIDER_NAME"] == "Acme Voice"
    assert config["LOGIN_RATE_LIMIT"] == "500 per minute"
    assert config["ESCALATION_CONTACTS"] == [
        {"name": "Jo Smith", "role": "Director", "phone": "+1 555 0199", "email": "jo@acme.example"}]


def test_cookies_are_secure_in_production_only(clean_env):
    assert create_app().config["SESSION_COOKIE_SECURE"] is False
    clean_env.setenv("PORTAL_ENV", "production")
    clean_env.setenv("PORTAL_SECRET_KEY", "s" * 40)
    clean_env.setenv("PORTAL_ENCRYPTION_KEY", "k")
    production = create_app()
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["DEBUG"] is False


def test_an_unknown_environment_is_refused(clean_env):
    clean_env.setenv("PORTAL_ENV", "staging")
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        create_app()
