"""The one job queue: huey, with its SQLite storage in the instance folder, or Redis when
PORTAL_REDIS_URL is set (several web servers and workers then share one queue).

Durability lives in database rows, not in the queue: huey removes a job before running it, so a
worker killed mid-job, or a process that dies between the commit and the enqueue, would lose it.
So every job works on a row (an outbox message, a rendering) that says whether the work is due;
`after_commit` queues the job once the row is committed, the job claims its row before working
(a lease, so two workers never do it twice), and the sweeper, run when a worker starts and every
minute, queues again every due row nobody holds. Losing a job therefore only delays its work.

Jobs run in their own process, `flask --app app worker` (never in the web server: gunicorn's
workers and the reloader must not start consumers). PORTAL_JOBS=immediate runs each job at once
after the commit, in the same process (the integration tests; huey's immediate mode).
"""
from __future__ import annotations

import functools
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.exceptions import RetryTask
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from portal.extensions import READ_ONLY, call_after_commit, db

log = logging.getLogger(__name__)
MODES = ("queue", "immediate")

queue = Huey("portal", results=False, immediate=True, storage_class=MemoryStorage)  # storage set per app: init_jobs
_apps: list[Flask] = []  # the application the worker's threads run jobs in (the last one made)
SWEEPERS: list[Callable[[], int]] = []  # each queues again the due rows of its kind; returns how many
DAILY: list[Callable[[], str]] = []  # housekeeping, once a day; each returns what it did, in words


def init_jobs(app: Flask) -> None:
    """This app's queue storage: Redis when PORTAL_REDIS_URL is set, else a SQLite file in the
    instance folder; immediate mode runs jobs at once, in memory."""
    mode = app.config["JOBS"]
    if mode not in MODES:
        raise ValueError(f"PORTAL_JOBS must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "immediate":
        storage = MemoryStorage(queue.name)
    elif app.config.get("REDIS_URL"):
        storage = RedisStorage(queue.name, url=app.config["REDIS_URL"])
    else:
        path = Path(app.config["JOBS_SQLITE_PATH"])
        path.parent.mkdir(parents=True, exist_ok=True)
        storage = SqliteStorage(queue.name, filename=str(path))
    app.extensions["jobs"] = (mode == "immediate", storage)
    _register_core_work()
    _use(app)


def _register_core_work() -> None:
    """The core's own due rows and daily tasks (features add theirs from their register())."""
    from portal.core import drafts, mail, rendering, storage  # they import this module
    for sweeper in (mail.sweep_outbox, rendering.sweep_renderings):
        register_sweeper(sweeper)
    for task in (drafts.purge_in_words, storage.sweep_in_words, mail.purge_sent):
        register_daily(task)


def _use(app: Flask) -> None:
    """The one queue object serves the app at hand (a process normally has one; the tests make
    several, with different settings)."""
    immediate, storage = app.extensions["jobs"]
    queue.immediate = immediate
    queue.storage = storage
    _apps[:] = [app]


def job(retries: int = 0, **options) -> Callable:
    """Declare a job: `@job()` on a function of plain arguments (ids, never rows). It runs in an
    application context of its own in the worker, and in the caller's one in immediate mode."""
    def declare(function: Callable):
        @functools.wraps(function)
        def run(*args):
            if has_app_context():
                return function(*args)
            with _apps[-1].app_context():
                try:
                    return function(*args)
                finally:
                    db.session.remove()
        return queue.task(retries=retries, **options)(run)  # named by huey: module and function
    return declare


def after_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction has committed (nothing if it rolls back).
    If the queue cannot be reached (Redis away), the row it works on stays due: the sweeper queues
    it when the queue is back."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # the job belongs to a transaction: rolled back before any SQL, it still goes
    call_after_commit(functools.partial(enqueue, task, *args))


def enqueue(task, *args) -> bool:
    _use(current_app._get_current_object())
    try:
        task(*args)
        return True
    except Exception:  # the queue's storage is unreachable: the due row waits for the sweeper
        log.warning("could not queue %s%r now; the sweeper will", _name_of(task), args, exc_info=True)
        return False


def _name_of(task) -> str:
    """A job's name as the worker's log shows it ("portal.core.rendering.render"); huey's own
    `name` attribute is None unless one was given."""
    function = getattr(task, "func", task)
    return f"{function.__module__}.{function.__qualname__}" if hasattr(function, "__qualname__") else repr(task)


def retry_in(seconds: int) -> RetryTask:
    """What a job raises to be run again after `seconds` (huey's per-attempt delay)."""
    return RetryTask(delay=seconds)


@contextmanager
def reading():
    """A stretch of a job that only reads: on SQLite its transaction takes no write lock, so a
    minute of laying out a PDF does not hold up every request that writes."""
    token = READ_ONLY.set(True)
    try:
        yield
    finally:
        READ_ONLY.reset(token)


def register_sweeper(sweeper: Callable[[], int]) -> None:
    if sweeper not in SWEEPERS:
        SWEEPERS.append(sweeper)


def register_daily(task: Callable[[], str]) -> None:
    if task not in DAILY:
        DAILY.append(task)


def sweep_due() -> int:
    """Queue again every due row nobody holds (each sweeper commits its own claims); how many."""
    return sum(_each(SWEEPERS, "sweeper"))


def housekeeping() -> list[str]:
    """The daily tasks, each idempotent (two workers running it at once do no harm)."""
    return _each(DAILY, "daily task")


def _each(tasks: list[Callable], kind: str) -> list:
    """What each task returns, its work committed; one that fails is logged and rolled back and the
    others still run (one feature's broken sweeper must not leave every other due row waiting, nor
    stop a worker from starting)."""
    outcomes = []
    for task in tasks:
        try:
            outcome = task()
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("%s %s failed", kind, getattr(task, "__qualname__", task))
            continue
        outcomes.append(outcome)
    return outcomes


@queue.periodic_task(crontab(minute="*"), name="sweep")
def _sweep_every_minute() -> None:
    with _apps[-1].app_context():
        try:
            count = sweep_due()
            if count:
                log.info("sweeper queued %s due items again", count)
        finally:
            db.session.remove()


@queue.periodic_task(crontab(hour="3", minute="17"), name="housekeeping")
@queue.lock_task("portal.housekeeping")
def _housekeeping_daily() -> None:
    with _apps[-1].app_context():
        try:
            log.info("housekeeping: %s", "; ".join(housekeeping()))
        finally:
            db.session.remove()


def run_worker(workers: int, periodic: bool) -> None:
    """The consumer, in this process's main thread (it takes SIGINT and SIGTERM): first the due
    rows are queued again (work left by a worker that died), then jobs run until stopped."""
    _use(current_app._get_current_object())
    if queue.immediate:
        raise RuntimeError("PORTAL_JOBS=immediate runs every job in the request that queues it: no worker is needed")
    log.info("worker: %s due items queued again", sweep_due())
    db.session.remove()
    consumer = queue.create_consumer(workers=workers, worker_type="thread", periodic=periodic, initial_delay=0.1,
                                     backoff=1.15, max_delay=current_app.config["JOBS_POLL_SECONDS"],
                                     check_worker_health=True)
    consumer.run()
