"""What the benchmarks share: a production-like gunicorn server on a seeded temporary database,
and a tiny HTTP client that logs in with a demo login."""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(instance: str) -> dict:
    from portal.core.seal import make_development_p12
    seal = Path(instance) / "provider-seal.p12"  # production requires the provider's sealing certificate
    if not seal.exists():
        make_development_p12(seal, "bench-seal", "Bench Provider")
    return {**os.environ, "PORTAL_INSTANCE_PATH": instance, "PORTAL_ENV": "production",
            "PORTAL_SECRET_KEY": "bench-secret-key-" + "x" * 32, "PORTAL_COOKIE_SECURE": "false",
            "PORTAL_ENCRYPTION_KEY": "Zm9yLWJlbmNoLW9ubHktZm9yLWJlbmNoLW9ubHktMDE=",
            "PORTAL_SIGNING_P12": str(seal), "PORTAL_SIGNING_P12_PASSWORD": "bench-seal",
            "PORTAL_LOGIN_RATE_LIMIT": "100000 per minute", "PYTHONPATH": str(ROOT)}


def prepare(env: dict) -> str:
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "bench.wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    seeded = subprocess.run([*flask, "seed-demo"], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return next(line for line in seeded.stdout.splitlines() if line.startswith("customer-a-primary "))


def request(port: int, path: str, cookie: str = "", body: str | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    all_headers = {"Cookie": cookie, **(headers or {})}
    connection.request("POST" if body else "GET", path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def session_cookie(response) -> str:
    return response.getheader("Set-Cookie").split(";")[0]


def login(port: int, email: str, password: str) -> str:
    response, page = request(port, "/login")
    cookie = session_cookie(response)
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    response, _ = request(port, "/login", cookie, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 303, f"login failed: {response.status}"
    return session_cookie(response)


class Served(NamedTuple):
    port: int
    env: dict
    email: str
    password: str
    workers: tuple[int, ...]  # the gunicorn workers' pids, for memory figures


@contextlib.contextmanager
def running_server(workers: int = 2, timeout: int = 30):
    """Yield a `Served` gunicorn serving bench.wsgi with `workers` sync workers on fresh demo data."""
    instance = tempfile.mkdtemp(prefix="portal-bench-")
    env = environment(instance)
    _, email, password = prepare(env).split(" ", 2)
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "--timeout", str(timeout), "bench.wsgi:app"],
                              env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                request(port, "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        pids = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        yield Served(port, env, email, password, tuple(int(pid) for pid in pids))
    finally:
        server.terminate()
        server.wait()
