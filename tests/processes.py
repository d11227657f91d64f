"""Real processes for the tests that need more than one: Redis, app servers (gunicorn) and the job
worker (`flask --app app worker`), each started on a free port or with its own log file, waited for
until it is ready, and stopped (or killed) cleanly, whatever the test did meanwhile.

Every process of one test shares one environment (`portal_environment`): the same database, instance
folder (uploads, the outbox's .eml files, the SQLite job queue), keys and, when given, Redis.
`servers_database` chooses the database those processes use and `portal_app` builds the schema and
an application in the test's own process to write rows with, committed for real.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask_migrate import upgrade
from sqlalchemy import make_url, text

from bench.common import ROOT, free_port
from portal.core import jobs
from portal.extensions import db
from tests.conftest import TEST_PASSWORD, make_test_app
from tests.factories import create_project, create_seat, create_user

FLASK, GUNICORN = str(ROOT / ".venv/bin/flask"), str(ROOT / ".venv/bin/gunicorn")
SERVERS_DATABASE = "portal_servers"  # created by .ci/bootstrap; the processes' own PostgreSQL database
START_SECONDS = 30


class Process:
    """A started process, in a process group of its own (gunicorn's workers die with it), writing
    to a log file the test can read (and the failure message shows)."""

    def __init__(self, name: str, argv: list[str], env: dict, log_path: Path, port: int | None = None):
        self.name, self.log_path, self.port = name, log_path, port
        with open(log_path, "ab") as log:  # the child keeps its own copy of the file
            self.popen = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def running(self) -> bool:
        return self.popen.poll() is None

    def wait_until(self, ready, what: str, seconds: float = START_SECONDS) -> None:
        """Poll `ready()` until it is true; fail with the log if the process stops or time runs out."""
        def check():
            if not self.running():
                pytest.fail(f"{self.name} stopped (exit {self.popen.returncode}) before {what}:\n{self.tail()}")
            return ready()
        try:
            eventually(check, f"{self.name} {what}", seconds, self)
        except BaseException:  # pytest.fail's outcome too: nothing is left running
            self.stop()
            raise

    def tail(self, characters: int = 4000) -> str:
        return self.log()[-characters:]

    def kill(self) -> None:
        """`kill -9` of the whole process group: no clean-up, as when a machine dies."""
        self._signal(signal.SIGKILL)
        self.popen.wait()

    def stop(self, seconds: float = 10) -> None:
        """Ask it to stop (SIGTERM: gunicorn finishes its requests; huey's consumer stops at once,
        which loses nothing, its rows being claimed again), then kill what is left of its group."""
        if self.running():
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def _signal(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, number)


def eventually(check, what: str, seconds: float, *processes: Process):
    """Poll `check()` until it returns something true, and return that; fail saying `what` did
    not happen, with the logs of `processes`, when `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while not (outcome := check()):
        if time.monotonic() > deadline:
            logs = "".join(f"\n--- {process.name}:\n{process.tail()}" for process in processes)
            pytest.fail(f"not within {seconds} s: {what}{logs}")
        time.sleep(0.1)
    return outcome


@contextlib.contextmanager
def stopping(process: Process):
    try:
        yield process
    finally:
        process.stop()


def portal_environment(instance_path: str | Path, database_url: str, redis_url: str | None = None,
                       **settings: str) -> dict:
    """The environment of every process of one test: this process's own, without its PORTAL_*
    settings, plus the shared database, instance folder and keys; `settings` are PORTAL_<NAME>s."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PORTAL_")}
    env.update({"PORTAL_DATABASE_URL": database_url, "PORTAL_INSTANCE_PATH": str(instance_path),
                "PORTAL_SECRET_KEY": "servers-test-secret-" + "x" * 32,
                "PORTAL_ENCRYPTION_KEY": Fernet.generate_key().decode(), "PORTAL_MAIL_BACKEND": "outbox",
                "PORTAL_JOBS": "queue", "PORTAL_JOBS_POLL_SECONDS": "0.2", "PYTHONPATH": str(ROOT)})
    if redis_url:
        env["PORTAL_REDIS_URL"] = redis_url
    env.update(sealing_certificate(instance_path))
    env.update({f"PORTAL_{name}": str(value) for name, value in settings.items()})
    return env


def sealing_certificate(instance_path: str | Path) -> dict:
    """The provider's certificate that production requires (PORTAL_SIGNING_P12), made for the test."""
    from portal.core.seal import make_development_p12
    path = Path(instance_path) / "provider-seal.p12"
    if not path.exists():
        make_development_p12(path, "seal-password", "Test Provider")
    return {"PORTAL_SIGNING_P12": str(path), "PORTAL_SIGNING_P12_PASSWORD": "seal-password"}


def _responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:  # refused, reset, or an HTTP error (urllib's are OSErrors too)
        return False


@contextlib.contextmanager
def app_server(env: dict, name: str = "server", workers: int = 2):
    """gunicorn serving app:app with `workers` sync workers on a free port, ready once /healthz answers."""
    port = free_port()
    argv = [GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "app:app"]
    with stopping(Process(name, argv, env, _log_path(env, name), port)) as server:
        server.wait_until(lambda: _responds(server.url + "/healthz"), "answered /healthz")
        yield server


def start_worker(env: dict, name: str = "worker", *options: str) -> Process:
    """`flask --app app worker` (ready once huey's consumer says it started: the sweeper has run)."""
    worker = Process(name, [FLASK, "--app", "app", "worker", *options], env, _log_path(env, name))
    worker.wait_until(lambda: "consumer started" in worker.log(), "started its consumer")
    return worker


@contextlib.contextmanager
def worker_process(env: dict, name: str = "worker", *options: str):
    with stopping(start_worker(env, name, *options)) as worker:
        yield worker


def _log_path(env: dict, name: str) -> Path:
    return Path(env["PORTAL_INSTANCE_PATH"]) / f"{name}.log"


class RedisServer:
    """redis-server on a port of its own, without persistence; it can be killed and started again
    on the same port (a Redis outage and its end)."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            message = "redis-server is not installed (Debian package redis-server, see .ci/debian-packages.txt)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        argv = [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", str(self.folder)]
        self.process = Process("redis-server", argv, dict(os.environ), self.folder / "redis.log", self.port)
        self.process.wait_until(self.answers, f"answered PING on port {self.port}", seconds=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process = None


@contextlib.contextmanager
def redis_server(folder: Path):
    server = RedisServer(Path(folder))
    server.start()
    try:
        yield server
    finally:
        server.kill()


def servers_database(folder: Path) -> str:
    """The database of a test's processes: on the PostgreSQL run (PORTAL_TEST_DATABASE_URL set) its
    own database beside the test database, else a fresh SQLite file in `folder`."""
    test_url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if not test_url:
        return f"sqlite:///{folder}/servers.sqlite3"
    return make_url(test_url).set(database=SERVERS_DATABASE).render_as_string(hide_password=False)


@contextlib.contextmanager
def portal_app(env: dict):
    """The portal in this process on the processes' database, instance folder and keys, its schema
    built afresh through the migrations: to write rows (committed for real) and read what the
    processes did. Its jobs go to the same queue as theirs."""
    earlier = jobs._apps[-1] if jobs._apps else None
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_INSTANCE_PATH", env["PORTAL_INSTANCE_PATH"])  # make_test_app sets it; put it back
        application = make_test_app(env["PORTAL_DATABASE_URL"], env["PORTAL_INSTANCE_PATH"], JOBS="queue",
                                    MAIL_BACKEND="outbox", SECRET_KEY=env["PORTAL_SECRET_KEY"],
                                    ENCRYPTION_KEY=env["PORTAL_ENCRYPTION_KEY"],
                                    REDIS_URL=env.get("PORTAL_REDIS_URL"))
    try:
        with application.app_context():
            if db.engine.dialect.name == "postgresql":  # whatever an earlier run left, enum types included
                with db.engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA public CASCADE"))
                    connection.execute(text("CREATE SCHEMA public"))
            upgrade()
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        _close(application.extensions["jobs"][1])
        if earlier is not None:
            jobs._use(earlier)  # the queue serves the other tests' application again


def _close(storage) -> None:
    """Let go of the queue's connections (SQLite's file, or Redis's sockets)."""
    storage.close()
    if hasattr(storage, "pool"):
        storage.pool.disconnect()


def large_worksheet(seats: int) -> tuple[int, str]:
    """(project id, the e-mail of its primary contact, whose password is TEST_PASSWORD): a project
    of `seats` seats, committed (in an application context of a portal_app)."""
    project = create_project(with_kick_off=False)
    for number in range(seats):
        create_seat(project, first_name=f"Person{number}", last_name="Núñez")
    contact = create_user(organization=project.organization, password=TEST_PASSWORD)
    db.session.commit()
    return project.id, contact.email
