"""Throughput of a logged-in page against hello-world on the same gunicorn server, and query counts.

Run with `make bench`. Both routes are served by the same production server (gunicorn, 2 sync
workers, PORTAL_ENV=production) in one run, alternating in rounds, so the ratio is meaningful on a
shared machine where absolute numbers are noise. Goal (issue 2): the dashboard keeps at least a
third of the hello-world throughput.
"""
from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time

from bench.common import ROOT, login, request, running_server

CLIENTS = 4
ROUND_SECONDS = 3.0
ROUNDS = 3


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
    with running_server() as (port, env, email, password, _):
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


if __name__ == "__main__":
    sys.exit(main())
