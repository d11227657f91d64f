"""Account writes: authenticate, invite, activate, reset and change passwords, (de)activate users.

Services flush and audit; the request commits once; e-mail goes out after that commit.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app, url_for
from sqlalchemy import func, select

from portal.core import audit
from portal.core.mail import queue_mail, register_resender
from portal.core.passwords import hash_password, verify_password
from portal.core.versioning import Conflict, update_versioned
from portal.extensions import db
from portal.models.users import Organization, Role, TokenPurpose, User, UserStatus, UserToken

_DUMMY_HASH: list[str] = []


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is shown to the person."""


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of looking up a one-time link: the token row, or why it cannot be used."""

    token: UserToken | None
    problem: str | None = None


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == normalize_email(email))).first()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; unknown e-mails cost the same time."""
    user = find_user_by_email(email)
    if user is None or user.password_hash is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or user.status != UserStatus.ACTIVE:
        return None
    return user


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password(secrets.token_hex(16)))
    return _DUMMY_HASH[0]


def record_login(user: User) -> None:
    user.last_login_at = datetime.now(timezone.utc)
    audit.record("user.login", user, actor=user)


def record_failed_login(email: str) -> None:
    user = find_user_by_email(email)
    audit.record("user.login_failed", user, actor=None, note=None if user else "unknown e-mail")


def _new_token(user: User, purpose: TokenPurpose, lifetime: timedelta) -> str:
    raw = secrets.token_urlsafe(32)
    db.session.add(UserToken(user=user, purpose=purpose, token_hash=_digest(raw),
                             expires_at=datetime.now(timezone.utc) + lifetime))
    return raw


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def check_token(raw: str, purpose: TokenPurpose) -> TokenCheck:
    token = db.session.scalars(select(UserToken).where(
        UserToken.token_hash == _digest(raw), UserToken.purpose == purpose)).first()
    if token is None:
        return TokenCheck(None, "This link is not valid. Check that you copied the whole link.")
    if token.used_at is not None:
        return TokenCheck(None, "This link was used already. Each link works once.")
    if not token.is_usable(datetime.now(timezone.utc)):
        return TokenCheck(None, "This link has expired.")
    if token.user.status == UserStatus.DEACTIVATED:
        return TokenCheck(None, "This account has been deactivated.")
    return TokenCheck(token)


def _use_token(token: UserToken) -> None:
    now = datetime.now(timezone.utc)
    for other in db.session.scalars(select(UserToken).where(
            UserToken.user_id == token.user_id, UserToken.purpose == token.purpose, UserToken.used_at.is_(None))):
        other.used_at = now  # one link at a time: using one voids the others of the same purpose


def invite_user(email: str, name: str, role: Role, organization: Organization | None, invited_by: User) -> User:
    """Create an invited user and e-mail them a one-time link to set their password."""
    _check_role_fits(role, organization)
    existing = find_user_by_email(email)
    if existing is not None and (invited_by.is_staff or existing.organization_id == organization.id):
        raise AccountError(f"{email} already has an account.")
    if existing is not None:  # elsewhere: say no more than that (no enumeration across customers)
        raise AccountError(f"{email} cannot be invited. If they should work with you, contact the provider.")
    user = User(email=normalize_email(email), name=name, role=role, organization=organization,
                status=UserStatus.INVITED)
    db.session.add(user)
    db.session.flush()
    audit.record("user.invited", user, note=f"role {role.title}")
    send_invitation(user, invited_by)
    return user


def _check_role_fits(role: Role, organization: Organization | None) -> None:
    if role.is_staff and organization is not None:
        raise AccountError("Provider staff do not belong to a customer organization.")
    if not role.is_staff and organization is None:
        raise AccountError("A customer user must belong to an organization.")


def send_invitation(user: User, invited_by: User) -> None:
    raw = _new_token(user, TokenPurpose.INVITATION, timedelta(days=current_app.config["INVITATION_DAYS"]))
    queue_mail(user.email, f"You are invited to the {current_app.config['PROVIDER_NAME']} onboarding portal",
               "invitation", resend_key=f"invitation:{user.id}", user=user, invited_by=invited_by,
               days=current_app.config["INVITATION_DAYS"],
               link=url_for("auth.accept_invitation", token=raw, _external=True))


def accept_invitation(token: UserToken, password: str) -> User:
    user = token.user
    _use_token(token)
    user.password_hash = hash_password(password)
    audit.transition(user, "status", UserStatus.ACTIVE, action="user.activated", note="invitation accepted")
    return user


def request_password_reset(email: str) -> None:
    """E-mail a reset link when the address belongs to an active account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or user.status != UserStatus.ACTIVE:
        return
    raw = _new_token(user, TokenPurpose.RESET, timedelta(minutes=current_app.config["RESET_MINUTES"]))
    audit.record("user.reset_requested", user, actor=user)
    queue_mail(user.email, "Reset your password", "reset", resend_key=f"reset:{user.id}", user=user,
               minutes=current_app.config["RESET_MINUTES"],
               link=url_for("auth.reset_password", token=raw, _external=True))


def reset_password(token: UserToken, password: str) -> User:
    _use_token(token)
    return _set_password(token.user, password, "user.password_reset")


def change_password(user: User, current: str, new: str) -> User:
    if not verify_password(user.password_hash, current):
        raise AccountError("Your current password is not correct.")
    return _set_password(user, new, "user.password_changed")


def _set_password(user: User, password: str, action: str) -> User:
    user.password_hash = hash_password(password)
    user.session_nonce += 1  # ends every other session of this user
    audit.record(action, user, actor=user)
    return user


def deactivate_user(user: User, by: User) -> None:
    if user.id == by.id:
        raise AccountError("You cannot deactivate your own account.")
    user.session_nonce += 1
    audit.transition(user, "status", UserStatus.DEACTIVATED, action="user.deactivated")


def reactivate_user(user: User, by: User) -> None:
    """Give access back; someone who never set a password is invited again instead."""
    if user.password_hash is None:
        audit.transition(user, "status", UserStatus.INVITED, action="user.reinvited")
        send_invitation(user, by)
    else:
        audit.transition(user, "status", UserStatus.ACTIVE, action="user.reactivated")


def update_profile(user: User, seen_version: int, changes: dict) -> Conflict | None:
    """A person's own name, job title and phone."""
    conflict = update_versioned(user, seen_version, changes)
    if conflict is None:
        audit.record("user.profile_updated", user, actor=user)
    return conflict


def update_person(user: User, seen_version: int, changes: dict, by: User) -> Conflict | None:
    """A colleague's details and role, by a primary contact or an administrator."""
    role = changes.get("role", user.role)
    if role != user.role:
        _check_role_fits(role, user.organization)
        if user.id == by.id:
            raise AccountError("You cannot change your own role; ask another administrator or contact.")
    previous = user.role
    if role != previous:  # the new rights apply from the next login
        changes = {**changes, "session_nonce": user.session_nonce + 1}
    conflict = update_versioned(user, seen_version, changes)
    if conflict is None:
        audit.record("user.updated", user)
        if role != previous:
            audit.record("user.role_changed", user, from_state=previous, to_state=role)
    return conflict


def resend_invitation(user: User, by: User) -> None:
    if user.status != UserStatus.INVITED:
        raise AccountError("Only people who have not set their password yet can be sent an invitation again.")
    send_invitation(user, by)
    audit.record("user.invitation_resent", user)


def _invite_again(user_id: str, by: User) -> None:
    """A failed invitation e-mail, sent again by an admin: a new link (the old one is not replayed)."""
    resend_invitation(db.session.get(User, int(user_id)) or _gone(), by)


def _reset_again(user_id: str, by: User) -> None:
    user = db.session.get(User, int(user_id)) or _gone()
    if user.status != UserStatus.ACTIVE:
        raise AccountError("This person's account is not active any more: no reset link is sent.")
    request_password_reset(user.email)


def _gone() -> User:
    raise AccountError("This person's account does not exist any more.")


def register() -> None:
    """How a failed invitation or reset e-mail is sent again (with a fresh link)."""
    register_resender("invitation", _invite_again)
    register_resender("reset", _reset_again)


def create_organization(name: str) -> Organization:
    if db.session.scalars(select(Organization).where(func.lower(Organization.name) == name.lower())).first():
        raise AccountError(f"An organization named {name} exists already.")
    organization = Organization(name=name)
    db.session.add(organization)
    db.session.flush()
    audit.record("organization.created", organization)
    return organization
