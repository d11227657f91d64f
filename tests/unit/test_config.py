"""Settings from PORTAL_* variables; keys generated in development, required in production."""
import pytest

from portal import create_app
from portal.config import ConfigError
from portal.core.seal import load_p12, make_development_p12


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "ENCRYPTION_KEY", "ENV", "DATABASE_URL", "SIGNING_P12", "SIGNING_P12_PASSWORD"):
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


def _production(env, tmp_path, password="right"):
    """Production settings with a provider certificate made for the test (its password: "right")."""
    env.setenv("PORTAL_ENV", "production")
    env.setenv("PORTAL_SECRET_KEY", "s" * 40)
    env.setenv("PORTAL_ENCRYPTION_KEY", "k")
    make_development_p12(tmp_path / "provider.p12", "right", "Acme Voice")
    env.setenv("PORTAL_SIGNING_P12", str(tmp_path / "provider.p12"))
    env.setenv("PORTAL_SIGNING_P12_PASSWORD", password)


def test_production_refuses_to_start_without_the_sealing_certificate_or_with_a_wrong_password(clean_env, tmp_path):
    _production(clean_env, tmp_path)
    clean_env.delenv("PORTAL_SIGNING_P12")
    with pytest.raises(ConfigError, match="PORTAL_SIGNING_P12 and PORTAL_SIGNING_P12_PASSWORD must be set"):
        create_app()
    _production(clean_env, tmp_path, password="wrong")
    with pytest.raises(ConfigError, match="PORTAL_SIGNING_P12: the signing certificate .* cannot be read"):
        create_app()
    assert not (tmp_path / "signing.p12").exists()  # production never makes one of its own


def test_development_makes_a_self_signed_sealing_certificate_once(clean_env, tmp_path):
    first, second = create_app(), create_app()
    assert first.config["SIGNING_P12"] == second.config["SIGNING_P12"] == str(tmp_path / "signing.p12")
    assert (tmp_path / "signing.p12").stat().st_mode & 0o777 == 0o600
    key, certificate = load_p12(first.config["SIGNING_P12"], first.config["SIGNING_P12_PASSWORD"])
    assert certificate.subject == certificate.issuer  # self-signed: readers say "identity unknown"
    assert "Your Phone Provider" in certificate.subject.rfc4514_string()


def test_cookies_are_secure_in_production_only(clean_env, tmp_path):
    assert create_app().config["SESSION_COOKIE_SECURE"] is False
    _production(clean_env, tmp_path)
    production = create_app()
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["DEBUG"] is False


def test_an_unknown_environment_is_refused(clean_env):
    clean_env.setenv("PORTAL_ENV", "staging")
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        create_app()
