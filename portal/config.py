"""Settings: defaults here, overridden by PORTAL_* environment variables, then by create_app(overrides)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

ENVIRONMENTS = ("development", "production")


class ConfigError(RuntimeError):
    """The configuration cannot run safely (raised at start-up, before serving anything)."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"PORTAL_{name}")
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    return default if value is None else value.lower() in ("1", "true", "yes", "on")


def _branding() -> dict:
    return {
        "PROVIDER_NAME": _env("PROVIDER_NAME", "Your Phone Provider"),
        "PROVIDER_LOGO": _env("PROVIDER_LOGO", "img/logo.svg"),
        "SUPPORT_PHONE": _env("SUPPORT_PHONE", "+1 555 0100"),
        "SUPPORT_EMAIL": _env("SUPPORT_EMAIL", "support@provider.example"),
        # "Name|role|phone|e-mail" entries separated by ";"
        "ESCALATION_CONTACTS": _parse_contacts(_env("ESCALATION_CONTACTS", "")),
    }


def _parse_contacts(raw: str) -> list[dict]:
    contacts = []
    for entry in filter(None, (part.strip() for part in raw.split(";"))):
        name, role, phone, email = (entry.split("|") + ["", "", ""])[:4]
        contacts.append({"name": name, "role": role, "phone": phone, "email": email})
    return contacts


def _mail() -> dict:
    return {
        "SMTP_HOST": _env("SMTP_HOST"),
        "SMTP_PORT": _env_int("SMTP_PORT", 587),
        "SMTP_USER": _env("SMTP_USER"),
        "SMTP_PASSWORD": _env("SMTP_PASSWORD"),
        "SMTP_STARTTLS": _env_bool("SMTP_STARTTLS", True),
        "MAIL_FROM": _env("MAIL_FROM", "Onboarding portal <noreply@provider.example>"),
        "MAIL_BACKEND": _env("MAIL_BACKEND"),  # smtp | outbox | memory; chosen automatically when unset
    }


def _jobs(instance_path: str) -> dict:
    return {
        "JOBS": _env("JOBS", "queue"),  # "queue": run by `flask --app app worker`; "immediate": at once (tests)
        "REDIS_URL": _env("REDIS_URL"),  # the job queue and the login rate limit, shared by several servers
        "JOBS_SQLITE_PATH": _env("JOBS_SQLITE_PATH", str(Path(instance_path) / "jobs.sqlite3")),
        "JOBS_POLL_SECONDS": float(_env("JOBS_POLL_SECONDS", "2")),  # longest wait of an idle worker
        "RENDER_LEASE_SECONDS": _env_int("RENDER_LEASE_SECONDS", 600),  # a rendering unfinished by then is redone
        "SMTP_TIMEOUT": _env_int("SMTP_TIMEOUT", 20),
    }


def _security(env: str) -> dict:
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("COOKIE_SECURE", env == "production"),
        "SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 30),
        "SESSION_ABSOLUTE_HOURS": _env_int("SESSION_ABSOLUTE_HOURS", 12),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12)),
        # The session cookie is sent only when the session changes: an autosave answered while the
        # form's own save redirects must not send back a cookie without that save's confirmation.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "FRESH_LOGIN_MINUTES": _env_int("FRESH_LOGIN_MINUTES", 10),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session (DESIGN.md section 8)
        "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "10 per minute"),
        "TOKEN_RATE_LIMIT": _env("TOKEN_RATE_LIMIT", "10 per minute"),
        "INVITE_RATE_LIMIT": _env("INVITE_RATE_LIMIT", "30 per hour"),
        # Counted in Redis when several servers share it, else in each process; while Redis is away,
        # each process counts in memory, so logins keep working.
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", _env("REDIS_URL", "memory://")),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "INVITATION_DAYS": _env_int("INVITATION_DAYS", 7),
        "RESET_MINUTES": _env_int("RESET_MINUTES", 60),
        "PASSWORD_HASH_METHOD": _env("PASSWORD_HASH_METHOD", "scrypt"),
        "PROXY_COUNT": _env_int("PROXY_COUNT", 0),
        "DRAFT_DAYS": _env_int("DRAFT_DAYS", 14),
    }


def _diagrams(instance_path: str) -> dict:
    return {
        "DOT_PATH": _env("DOT_PATH", "dot"),  # Graphviz, which lays out the call-flow diagrams
        "DOT_TIMEOUT": float(_env("DOT_TIMEOUT", "10")),  # seconds; slower, the page says the diagram is unavailable
        "DIAGRAM_DIR": _env("DIAGRAM_DIR", str(Path(instance_path) / "diagrams")),  # drawings kept by their source
    }


def _signing() -> dict:
    """The Letter of Authorization signed online (issue 19) and the provider's seal (portal.core.seal)."""
    return {
        "SIGNING_P12": _env("SIGNING_P12"),  # the provider's certificate and key (PKCS#12); required in production
        "SIGNING_P12_PASSWORD": _env("SIGNING_P12_PASSWORD"),
        "SIGNING_EARLIER_CERTS": _env("SIGNING_EARLIER_CERTS", ""),  # earlier certificates' files, comma-separated
        "SIGNING_LINK_DAYS": _env_int("SIGNING_LINK_DAYS", 7),
        "SIGNING_CODE_ATTEMPTS": _env_int("SIGNING_CODE_ATTEMPTS", 5),
        "LOA_VALID_DAYS": _env_int("LOA_VALID_DAYS", 30),  # an older signature is signed again for the carrier
        "VERIFY_RATE_LIMIT": _env("VERIFY_RATE_LIMIT", "20 per hour"),
    }


def load_config(instance_path: str) -> dict:
    """Read every setting from the environment; keys are resolved later by `resolve_keys`."""
    env = _env("ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    sqlite_default = "sqlite:///" + str(Path(instance_path) / "portal.sqlite3")
    return {
        "ENV": env,
        "DEBUG": False,
        "SECRET_KEY": _env("SECRET_KEY"),
        "ENCRYPTION_KEY": _env("ENCRYPTION_KEY"),
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", sqlite_default),
        "UPLOAD_DIR": _env("UPLOAD_DIR", str(Path(instance_path) / "uploads")),
        "OUTBOX_DIR": _env("OUTBOX_DIR", str(Path(instance_path) / "outbox")),
        "MAX_CONTENT_LENGTH": _env_int("MAX_UPLOAD_MB", 25) * 1024 * 1024,
        "DEFAULT_COUNTRY": _env("DEFAULT_COUNTRY", "US"),
        "PUBLIC_URL": _env("PUBLIC_URL", "http://127.0.0.1:5000"),  # links in e-mails sent by commands
        "HOLIDAY_COUNTRY": _env("HOLIDAY_COUNTRY", _env("DEFAULT_COUNTRY", "US")),
        **_jobs(instance_path),
        "PDF_INLINE_ROWS": _env_int("PDF_INLINE_ROWS", 200),  # larger documents are prepared in the background
        **_diagrams(instance_path),
        "PORT_LEAD_BUSINESS_DAYS": _env_int("PORT_LEAD_BUSINESS_DAYS", 9),  # seed 000: "9 days prior to go live"
        "BILL_CHECK_PAGES": _env_int("BILL_CHECK_PAGES", 50),  # a carrier bill's pages read against its request
        "BILL_CHECK_SECONDS": _env_int("BILL_CHECK_SECONDS", 30),
        **_signing(),
        **_branding(),
        **_mail(),
        **_security(env),
    }


def resolve_keys(config: dict, instance_path: str) -> None:
    """Production refuses to start without real keys; development generates them once per instance."""
    for name, make in (("SECRET_KEY", lambda: secrets.token_hex(32)),
                       ("ENCRYPTION_KEY", lambda: Fernet.generate_key().decode())):
        if config.get(name):
            continue
        if config["ENV"] == "production" and not config.get("TESTING"):
            raise ConfigError(f"PORTAL_{name} must be set in production")
        config[name] = _instance_key(Path(instance_path) / name.lower(), make)
    _resolve_seal(config, Path(instance_path))


def _resolve_seal(config: dict, instance: Path) -> None:
    """Production needs the provider's certificate, readable; development makes a self-signed one."""
    from portal.core.seal import SealError, load_p12, make_development_p12
    if config.get("SIGNING_P12"):
        if config["ENV"] == "production" and not config.get("TESTING"):
            try:
                load_p12(config["SIGNING_P12"], config.get("SIGNING_P12_PASSWORD") or "")
            except SealError as error:
                raise ConfigError(f"PORTAL_SIGNING_P12: {error}") from error
        config["SIGNING_P12_PASSWORD"] = config.get("SIGNING_P12_PASSWORD") or ""
        return
    if config["ENV"] == "production" and not config.get("TESTING"):
        raise ConfigError("PORTAL_SIGNING_P12 and PORTAL_SIGNING_P12_PASSWORD must be set in production: the "
                          "certificate that seals signed Letters of Authorization")
    config["SIGNING_P12_PASSWORD"] = _instance_key(instance / "signing_p12_password", lambda: secrets.token_hex(16))
    path = instance / "signing.p12"
    if not path.exists():
        make_development_p12(path, config["SIGNING_P12_PASSWORD"], config["PROVIDER_NAME"])
    config["SIGNING_P12"] = str(path)


def _instance_key(path: Path, make) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()
