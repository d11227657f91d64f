"""Mail through the job queue, each figure measured side by side in one run.

1. A password-reset request (an existing active user) through gunicorn, while the mail server
   accepts the connection and never answers: jobs run in the request (PORTAL_JOBS=immediate, how
   mail used to be sent) against jobs queued (PORTAL_JOBS=queue, no worker running: the request
   writes the outbox row, queues the job and answers). The SMTP timeout is cut to 5 s for the
   benchmark (the default is 20 s), so "before" is bounded by that timeout.
2. A burst of 1,000 e-mails queued in one transaction, delivered by the real worker
   (`flask --app app worker --threads 2`) to a local SMTP server (aiosmtpd on loopback, in this
   process), against sending 1,000 similar messages directly with smtplib in one loop, one
   connection per message as the smtp backend does (in a process of its own, like the worker).
   Then, the worker idle (its threads polling every JOBS_POLL_SECONDS, 2 s), the time from the
   commit of one more message to its arrival: what a person asking for a reset link waits.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.common import ROOT, environment, free_port, request, session_cookie

SMTP_TIMEOUT = 5  # seconds; the production default is 20
BEFORE_REQUESTS = 5  # each waits the whole timeout
AFTER_REQUESTS = 50
BURST = 1000
THREADS = 2
DELIVERY_DEADLINE = 120  # seconds the worker gets for the burst before the benchmark gives up
IDLE_SAMPLES = 3
IDLE_SECONDS = 13  # idle polls back off from 0.1 s by 1.15x a time: at the 2 s ceiling after about 13 s
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
FLASK = str(ROOT / ".venv/bin/flask")
PYTHON = str(ROOT / ".venv/bin/python")


# -- servers -------------------------------------------------------------------------------------

class BlackHole:
    """A mail server that accepts every connection and never says a word (not even its greeting)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self.connections.append(connection)  # held open, never written to

    def close(self) -> None:
        self._stopped.set()
        self._thread.join()
        self.listener.close()
        for connection in self.connections:
            connection.close()


class Inbox:
    """An aiosmtpd handler that counts delivered messages and notes when the first and last came."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.count, self.first, self.last = 0, None, None

    async def handle_DATA(self, server, session, envelope):
        now = time.perf_counter()
        self.count += 1
        self.first = self.first or now
        self.last = now
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server():
    inbox = Inbox()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@contextlib.contextmanager
def gunicorn(env: dict, log: Path):
    """The portal under gunicorn (2 sync workers, production settings) with this environment; what
    it logs (a warning for each message that could not be sent) goes to `log`."""
    port = free_port()
    with log.open("a") as output:
        server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                                   "--log-level", "warning", "app:app"], env=env, cwd=ROOT,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        for _ in range(150):
            try:
                request(port, "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
        yield port
    finally:
        server.terminate()
        server.wait()


@contextlib.contextmanager
def worker(env: dict, log: Path):
    """`flask --app app worker --threads THREADS`; stopped with SIGINT (huey's graceful shutdown), so the
    jobs under way finish and commit."""
    with log.open("w") as output:
        process = subprocess.Popen([FLASK, "--app", "app", "worker", "--threads", str(THREADS)], env=env, cwd=ROOT,
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# -- the portal's side ------------------------------------------------------------------------------

def portal_environment(instance: str, **settings: str) -> dict:
    """The environment of bench.common plus a SQLite database of its own in the instance folder,
    no practical limit on reset requests, and these PORTAL_* settings."""
    env = environment(instance)
    env.update({"PORTAL_DATABASE_URL": f"sqlite:///{instance}/portal.sqlite3",
                "PORTAL_TOKEN_RATE_LIMIT": "100000 per minute", "PORTAL_SMTP_HOST": "127.0.0.1",
                "PORTAL_SMTP_STARTTLS": "false", "PORTAL_MAIL_BACKEND": "smtp"})
    env.update({f"PORTAL_{name}": value for name, value in settings.items()})
    return env


@contextlib.contextmanager
def environ(env: dict):
    """This process's environment replaced by `env` (create_app reads its settings from it)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def make_app(env: dict):
    from portal import create_app
    with environ(env):
        return create_app()


def build_schema(env: dict) -> None:
    subprocess.run([FLASK, "--app", "app", "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)


def create_user(app, email: str) -> None:
    from portal.extensions import db
    from portal.models.users import Organization, Role, User, UserStatus
    with app.app_context():
        organization = Organization(name="Mail bench")
        db.session.add(User(email=email, name="Mail Bench", role=Role.PRIMARY_CONTACT, status=UserStatus.ACTIVE,
                            organization=organization, password_hash=None))
        db.session.commit()
        db.engine.dispose()


def outbox(app) -> list[tuple[str, int]]:
    """(status, attempts) of every outbox row."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models.mail import OutboxMessage
    with app.app_context():
        rows = [(status.value, attempts) for status, attempts in
                db.session.execute(select(OutboxMessage.status, OutboxMessage.attempts).order_by(OutboxMessage.id))]
        db.session.remove()
        db.engine.dispose()
        return rows


# -- 1. a request that sends mail --------------------------------------------------------------------

def reset_request(port: int, email: str) -> float:
    """Seconds of the POST of the "forgot password" form (its GET, for the CSRF token, not counted)."""
    response, page = request(port, "/password/forgot")
    cookie = session_cookie(response)
    form = urllib.parse.urlencode({"csrf_token": CSRF.search(page).group(1).decode(), "email": email})
    started = time.perf_counter()
    response, page = request(port, "/password/forgot", cookie, form,
                             {"Content-Type": "application/x-www-form-urlencoded"})
    elapsed = time.perf_counter() - started
    assert response.status == 200 and b"Check your e-mail" in page, response.status
    return elapsed


def timed_requests(env: dict, email: str, count: int, warm_up: bool) -> list[float]:
    with gunicorn(env, Path(env["PORTAL_INSTANCE_PATH"]) / "gunicorn.log") as port:
        if warm_up:
            reset_request(port, email)
        return [reset_request(port, email) for _ in range(count)]


def request_that_sends_mail() -> None:
    instance = tempfile.mkdtemp(prefix="portal-bench-")
    hole = BlackHole()
    try:
        base = portal_environment(instance, SMTP_PORT=str(hole.port), SMTP_TIMEOUT=str(SMTP_TIMEOUT))
        build_schema(base)
        email = "reset@bench.example"
        app = make_app({**base, "PORTAL_JOBS": "queue"})
        create_user(app, email)
        before = timed_requests({**base, "PORTAL_JOBS": "immediate"}, email, BEFORE_REQUESTS, warm_up=False)
        tried = outbox(app)
        after = timed_requests({**base, "PORTAL_JOBS": "queue"}, email, AFTER_REQUESTS, warm_up=True)
        waiting = outbox(app)[len(tried):]
    finally:
        hole.close()
        shutil.rmtree(instance, ignore_errors=True)
    # Each "before" row was tried once in its request (and waits for a retry); "after" rows wait for a worker.
    assert len(tried) == BEFORE_REQUESTS and all(row == ("queued", 1) for row in tried), tried
    assert len(waiting) == AFTER_REQUESTS + 1 and all(row == ("queued", 0) for row in waiting), waiting
    slow, fast = statistics.median(before), statistics.median(after)
    print(f"mail server that accepts and never answers (PORTAL_SMTP_TIMEOUT={SMTP_TIMEOUT} s for the benchmark; "
          f"default 20 s)")
    print(f"reset request, job in the request (before): {slow * 1000:7.0f} ms median of {BEFORE_REQUESTS}")
    print(f"reset request, job queued (after):          {fast * 1000:7.1f} ms median of {AFTER_REQUESTS}, "
          f"no worker running")
    print(f"ratio before/after:                         {slow / fast:7.0f}x")


# -- 2. a burst of queued e-mails ------------------------------------------------------------------

def queue_messages(app, email: str, count: int, tag: str) -> tuple[float, float, dict]:
    """`count` outbox rows written with queue_mail in one transaction; seconds of writing them, of
    the commit (which queues a job per row), and one message's content for the direct sender."""
    from flask import current_app

    from portal.core.mail import queue_mail
    from portal.extensions import db
    from portal.models.users import User
    with app.test_request_context(base_url=app.config["PUBLIC_URL"]):
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        started = time.perf_counter()
        messages = [queue_mail(user.email, "Reset your password", "reset", resend_key=f"reset:{user.id}", user=user,
                               minutes=60, link=f"{current_app.config['PUBLIC_URL']}/password/reset/{tag}-{n:04d}")
                    for n in range(count)]
        written = time.perf_counter()
        sample = {"from": current_app.config["MAIL_FROM"], "to": messages[0].to, "subject": messages[0].subject,
                  "text": messages[0].text_body}
        db.session.commit()
        committed = time.perf_counter()
        db.session.remove()
        db.engine.dispose()
    return written - started, committed - written, sample


DIRECT = """
import json, smtplib, sys, time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
port, count, sample = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
started = time.perf_counter()
for n in range(count):
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sample["from"], sample["to"], sample["subject"]
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="portal.local")
    email.set_content(sample["text"].replace("burst-0000", f"burst-{n:04d}"))
    with smtplib.SMTP("127.0.0.1", port, timeout=20) as smtp:
        smtp.send_message(email)
print(time.perf_counter() - started)
"""


def wait_for(inbox: Inbox, count: int, deadline: float) -> None:
    while inbox.count < count:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"only {inbox.count} of {count} messages arrived in time")
        time.sleep(0.002)


def wait_until_drained(jobs_file: Path, deadline: float) -> None:
    """Until the queue holds no job (the worker has taken the last one)."""
    while True:
        with contextlib.closing(sqlite3.connect(jobs_file, timeout=10)) as connection:
            if connection.execute("SELECT count(*) FROM task").fetchone()[0] == 0:
                return
        if time.perf_counter() > deadline:
            raise RuntimeError("the worker did not empty its queue in time")
        time.sleep(0.1)


def idle_latency(app, email: str, inbox: Inbox, jobs_file: Path) -> float:
    """Seconds from the commit of one message to its arrival, the worker idle long enough that both
    its threads poll at the longest interval (JOBS_POLL_SECONDS), at a random point of that interval."""
    wait_until_drained(jobs_file, time.perf_counter() + 60)
    time.sleep(IDLE_SECONDS + random.uniform(0, 2))
    arrived = inbox.count + 1
    queue_messages(app, email, 1, "idle")
    committed = time.perf_counter()
    wait_for(inbox, arrived, committed + 30)
    return inbox.last - committed


def burst_of_mail() -> None:
    instance = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        with smtp_server() as (inbox, port):
            figures = _burst_of_mail(instance, inbox, port)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    writing, committing, total, startup, spread, swept, idle, direct = figures
    print(f"burst of {BURST} e-mails to a local SMTP server (aiosmtpd on loopback):")
    print(f"  queue_mail x{BURST} in one transaction: {writing:5.2f} s writing the rows, {committing:5.2f} s "
          f"committing and queueing the jobs")
    print(f"  worker (--threads {THREADS}): all delivered {total:6.2f} s after its start, "
          f"{total / BURST * 1000:5.1f} ms per message")
    print(f"    first message after {startup:5.2f} s (start-up, whose sweep queued {swept} jobs again)")
    print(f"    first to last {spread:5.2f} s, {spread / (BURST - 1) * 1000:5.1f} ms per message")
    print(f"  direct smtplib loop, one connection per message: {direct:6.2f} s, {direct / BURST * 1000:5.1f} ms "
          f"per message")
    print(f"  ratio worker/direct: {total / direct:5.1f}x from the worker's start, "
          f"{spread / direct:5.1f}x first to last")
    print(f"one message to an idle worker (JOBS_POLL_SECONDS=2): arrived {statistics.median(idle):4.2f} s after "
          f"the commit, median of {len(idle)} ({', '.join(f'{value:.2f}' for value in idle)})")


def _burst_of_mail(instance: Path, inbox: Inbox, port: int) -> tuple:
    env = portal_environment(str(instance), SMTP_PORT=str(port), JOBS="queue")
    build_schema(env)
    email = "burst@bench.example"
    app = make_app(env)
    create_user(app, email)
    writing, committing, sample = queue_messages(app, email, BURST, "burst")
    log = instance / "worker.log"
    with worker(env, log) as process:
        started = time.perf_counter()
        try:
            wait_for(inbox, BURST, started + DELIVERY_DEADLINE)
            total, startup, spread = inbox.last - started, inbox.first - started, inbox.last - inbox.first
            wait_until_drained(instance / "jobs.sqlite3", time.perf_counter() + 60)
            assert inbox.count == BURST, f"{inbox.count} messages arrived for {BURST} rows"  # none twice
            idle = [idle_latency(app, email, inbox, instance / "jobs.sqlite3") for _ in range(IDLE_SAMPLES)]
            assert process.poll() is None, "the worker stopped"
        except (AssertionError, RuntimeError):
            print(log.read_text()[-3000:], file=sys.stderr)
            raise
    statuses = outbox(app)
    assert len(statuses) == BURST + IDLE_SAMPLES and all(status == "sent" for status, _ in statuses), statuses
    swept = int(re.search(r"worker: (\d+) due items queued again", log.read_text()).group(1))

    inbox.reset()
    launched = time.perf_counter()
    result = subprocess.run([PYTHON, "-c", DIRECT, str(port), str(BURST), json.dumps(sample)], cwd=ROOT,
                            check=True, capture_output=True, text=True)
    direct = float(result.stdout.strip())
    wait_for(inbox, BURST, launched + 30)
    return writing, committing, total, startup, spread, swept, idle, direct


def main() -> None:
    request_that_sends_mail()
    burst_of_mail()


if __name__ == "__main__":
    sys.exit(main())
