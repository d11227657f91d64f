"""Throughput of a logged-in page against hello-world on the same gunicorn server, and query counts.

Run with `make bench`. Both routes are served by the same production server (gunicorn, 2 sync
workers, PORTAL_ENV=production) in one run, alternating in rounds, so the ratio is meaningful on a
shared machine where absolute numbers are noise. Goal (issue 2): the dashboard keeps at least a
third of the hello-world throughput.
"""
from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 4
ROUND_SECONDS = 3.0
ROUNDS = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(instance: str) -> dict:
    return {**os.environ, "PORTAL_INSTANCE_PATH": instance, "PORTAL_ENV": "production",
            "PORTAL_SECRET_KEY": "bench-secret-key-" + "x" * 32, "PORTAL_COOKIE_SECURE": "false",
            "PORTAL_ENCRYPTION_KEY": "Zm9yLWJlbmNoLW9ubHktZm9yLWJlbmNoLW9ubHktMDE=",
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


def hammer(args) -> int:
    port, path, cookie, seconds = args
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        response, _ = request(port, path, cookie)
        assert response.status == 200, f"{path} answered {response.status}"
        done += 1
    return done


def throughput(pool, port: int, path: str, cookie: str) -> float:
    counts = pool.map(hammer, [(port, path, cookie, ROUND_SECONDS)] * CLIENTS)
    return sum(counts) / ROUND_SECONDS


def count_queries(env: dict, email: str, password: str) -> int:
    """SQL statements of one dashboard request, counted in-process."""
    code = f"""
import re
from sqlalchemy import event
from bench.wsgi import app
from portal.extensions import db
client = app.test_client()
page = client.get('/login').get_data(as_text=True)
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
client.post('/login', data={{'csrf_token': token, 'email': {email!r}, 'password': {password!r}}})
statements = []
with app.app_context():
    event.listen(db.engine, 'before_cursor_execute', lambda *args: statements.append(args[2]))
assert client.get('/').status_code == 200
print(len(statements))
"""
    result = subprocess.run([str(ROOT / ".venv/bin/python"), "-c", code], env=env, cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    instance = tempfile.mkdtemp(prefix="portal-bench-")
    env = environment(instance)
    _, email, password = prepare(env).split(" ", 2)
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "bench.wsgi:app"], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                request(port, "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        cookie = login(port, email, password)
        hello, dashboard = [], []
        with multiprocessing.Pool(CLIENTS) as pool:
            for _ in range(ROUNDS):
                hello.append(throughput(pool, port, "/bench/hello", ""))
                dashboard.append(throughput(pool, port, "/", cookie))
        best_hello, best_dashboard = max(hello), max(dashboard)
        rounds = f"best of {ROUNDS} rounds of {ROUND_SECONDS:.0f} s"
        print(f"hello-world:            {best_hello:8.0f} requests/s ({rounds})")
        print(f"dashboard (logged in):  {best_dashboard:8.0f} requests/s")
        print(f"ratio dashboard/hello:  {best_dashboard / best_hello:8.2f}  (goal: at least 0.33)")
        print(f"SQL queries per dashboard request: {count_queries(env, email, password)}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
