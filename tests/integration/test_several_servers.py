"""Several servers, as in production (README: Running on several servers): two gunicorn servers and
a worker sharing PostgreSQL (portal_servers), the instance folder (uploads) and Redis
(PORTAL_REDIS_URL: the job queue and the login rate limit), all started by the test. A person is
not tied to one server: a document asked for through one is followed and downloaded through the
other, failed logins are counted across both, and while Redis is away pages and logins still work
and nothing asked for is lost.

Runs on the PostgreSQL integration run (PORTAL_TEST_DATABASE_URL set); SQLite is one machine's
database, so the SQLite run skips it."""
import http.cookiejar
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from html import unescape

import pytest
from redis import Redis
from sqlalchemy import select

from portal.extensions import db
from portal.models.renderings import Rendering, RenderStatus
from tests.conftest import CSRF_PATTERN, TEST_PASSWORD
from tests.processes import (
    app_server,
    eventually,
    large_worksheet,
    portal_app,
    portal_environment,
    redis_server,
    servers_database,
    worker_process,
)

pytestmark = pytest.mark.skipif(not os.environ.get("PORTAL_TEST_DATABASE_URL"),
                                reason="several servers share PostgreSQL: the PostgreSQL integration run only")
SEATS = 300  # above PORTAL_PDF_INLINE_ROWS (200): prepared in the background, by the worker
LOGINS_PER_MINUTE = 5


class Browser:
    """A person's browser: one cookie jar for every server (cookies do not depend on the port),
    redirects not followed (the tests look at them)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirects())

    def open(self, url: str, form: dict | None = None) -> tuple[int, dict, bytes]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:  # 3xx, 4xx, 5xx: answers too
            with error:
                return error.code, dict(error.headers), error.read()

    def submit(self, url: str, form: dict, page: str | None = None) -> tuple[int, dict, bytes]:
        """POST `form` with the CSRF token of the page at `page` (default: `url`), as a browser would."""
        status, _, html = self.open(page or url)
        token = CSRF_PATTERN.search(html.decode())
        assert status == 200 and token, f"no form with a CSRF token on {page or url} ({status})"
        return self.open(url, {"csrf_token": unescape(token.group(1)), **form})

    def log_in(self, server: str, email: str, password: str = TEST_PASSWORD) -> int:
        return self.submit(server + "/login", {"email": email, "password": password})[0]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Redis, the portal in this process (rows), two app servers and a worker on one environment."""
    folder = tmp_path_factory.mktemp("several-servers")
    with redis_server(folder) as redis:
        env = portal_environment(folder, servers_database(folder), redis.url, ENV="production",
                                 COOKIE_SECURE="false", LOGIN_RATE_LIMIT=f"{LOGINS_PER_MINUTE} per minute")
        with portal_app(env) as application:
            with application.test_request_context():
                project_id, email = large_worksheet(SEATS)
            with app_server(env, "server-a") as first, app_server(env, "server-b") as second, \
                    worker_process(env, "worker", "--no-periodic") as worker:  # its sweeper runs only at its start
                yield Cluster(redis, env, application, first, second, worker, project_id, email)


class Cluster:
    def __init__(self, redis, env, application, first, second, worker, project_id, email):
        self.redis, self.env, self.application = redis, env, application
        self.first, self.second = first.url, second.url
        self.processes = (first, second, worker)
        self.project_id, self.email = project_id, email

    def forget_logins(self) -> None:
        """Empty the login rate limit's counters in Redis (the earlier tests' logins do not count)."""
        with Redis.from_url(self.redis.url) as redis:
            keys = redis.keys("LIMITS:*")
            if keys:
                redis.delete(*keys)

    def ask_for_worksheet(self, browser: Browser, server: str) -> str:
        """Ask for the large worksheet's PDF through `server`; the progress page's path."""
        page = f"{server}/projects/{self.project_id}/worksheet.pdf"
        status, headers, _ = browser.submit(f"{server}/projects/{self.project_id}/documents/worksheet", {}, page)
        assert status == 303, f"asking for the document answered {status}"
        return urllib.parse.urlsplit(headers["Location"]).path

    def state(self, browser: Browser, server: str, progress: str) -> dict:
        status, _, body = browser.open(server + progress + "/state")
        assert status == 200, f"{progress}/state answered {status}"
        return json.loads(body)

    def ready(self, browser: Browser, server: str, progress: str, seconds: float = 45) -> dict:
        def finished():
            state = self.state(browser, server, progress)
            assert state["status"] != "failed", state
            return state if state["status"] == "ready" else None
        return eventually(finished, f"{progress} ready", seconds, *self.processes)

    def download(self, browser: Browser, server: str, path: str) -> None:
        status, headers, body = browser.open(server + path)
        assert (status, headers["Content-Type"]) == (200, "application/pdf") and body.startswith(b"%PDF-")


def test_a_document_asked_for_on_one_server_is_followed_and_downloaded_on_the_other(cluster):
    browser = Browser()
    assert browser.log_in(cluster.first, cluster.email) == 303
    progress = cluster.ask_for_worksheet(browser, cluster.first)
    state = cluster.ready(browser, cluster.second, progress)  # the same session, on the other server
    cluster.download(browser, cluster.second, state["download"])


def test_failed_logins_are_counted_across_both_servers(cluster):
    cluster.forget_logins()
    browser = Browser()
    answers = [browser.log_in((cluster.first, cluster.second)[attempt % 2], cluster.email, "wrong password")
               for attempt in range(LOGINS_PER_MINUTE + 1)]
    assert answers == [200] * LOGINS_PER_MINUTE + [429]  # each server alone has seen only 3


def test_while_redis_is_away_pages_and_logins_work_and_a_document_waits_for_its_return(cluster):
    cluster.forget_logins()
    browser = Browser()
    assert browser.log_in(cluster.second, cluster.email) == 303
    cluster.redis.kill()

    progress = cluster.ask_for_worksheet(browser, cluster.first)  # no 500: the row waits for the sweeper
    assert cluster.state(browser, cluster.second, progress)["status"] == "queued"
    assert all(Browser().log_in(server, cluster.email) == 303 for server in (cluster.first, cluster.second))
    assert Browser().log_in(cluster.first, cluster.email, "wrong password") == 200  # counted in memory meanwhile
    with cluster.application.app_context():
        waiting = db.session.scalars(select(Rendering).order_by(Rendering.id.desc())).first()
        assert (progress, waiting.status, waiting.attempts) == (f"/documents/{waiting.id}", RenderStatus.QUEUED, 0)

    cluster.redis.start()  # on the same port, empty: whatever the queue held is gone
    with worker_process(cluster.env, "worker-after-redis") as worker:  # the first one reconnects by itself
        assert "worker: 1 due items queued again" in worker.log()  # this one's sweeper, at its start
        state = cluster.ready(browser, cluster.second, progress)
    cluster.download(browser, cluster.first, state["download"])
