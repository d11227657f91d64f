"""The Flask extensions, created once here and bound to the app in create_app."""
from contextvars import ContextVar

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model, with constraint names Alembic can refer to."""

    metadata = MetaData(naming_convention=NAMING)


AFTER_COMMIT = "after_commit_calls"
# Set while a background job only reads (portal.core.jobs.reading): on SQLite its transaction then
# begins without taking the write lock that every other transaction outside a GET request takes.
READ_ONLY: ContextVar[bool] = ContextVar("read_only", default=False)


class Session(FlaskSession):
    """The portal's session: calls registered with `call_after_commit` run once commit() has
    returned (never inside SQLAlchemy's after-commit hook, where the session cannot run SQL); a
    rollback drops them."""

    def commit(self) -> None:
        super().commit()
        for call in self.info.pop(AFTER_COMMIT, []):
            call()


def call_after_commit(call) -> None:
    db.session().info.setdefault(AFTER_COMMIT, []).append(call)


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint within it
        session.info.pop(AFTER_COMMIT, None)


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
