"""End-to-end fixtures: the portal served by a live server thread with its worker in a process of
its own (as in production: e-mail and documents go through the job queue), Debian's Chromium
through Playwright, tables cleared between tests, and an axe-core check of every page a journey
visits."""
from __future__ import annotations

import json
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import text
from werkzeug.serving import make_server

from portal.extensions import db
from tests import processes
from tests.conftest import make_test_app, reset_schema, test_database_url
from tests.html_checks import inline_scripts
from tests.integration.demo_app import demo
from tests.processes import Process

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (ROOT / "static/vendor/axe-core/axe.min.js").read_text()
VNU_JAR = ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"  # installed by .ci/bootstrap
# Seeded by the migrations; kept between tests.
REFERENCE_DATA = {"products", "phases", "plan_steps", "template_tasks", "phone_models", "seat_types"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.fixture(scope="session")
def app():
    """The portal plus the tests' demonstration pages (uploads), on the end-to-end database."""
    tmp_dir = tempfile.mkdtemp(prefix="portal-e2e-")
    application = make_test_app(test_database_url(tmp_dir), tmp_dir, JOBS="queue", MAIL_BACKEND="outbox",
                                OUTBOX_DIR=f"{tmp_dir}/outbox", JOBS_SQLITE_PATH=f"{tmp_dir}/jobs.sqlite3")
    application.register_blueprint(demo)
    reset_schema(application)
    worker = start_worker(application)
    yield application
    worker.stop()
    with application.app_context():
        db.engine.dispose()


def start_worker(application) -> Process:
    """`flask --app app worker` on the same database, queue and outbox folder as the live server."""
    config = application.config
    return processes.start_worker(processes.portal_environment(
        application.instance_path, config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY=config["SECRET_KEY"],
        ENCRYPTION_KEY=config["ENCRYPTION_KEY"], OUTBOX_DIR=config["OUTBOX_DIR"],
        JOBS_SQLITE_PATH=config["JOBS_SQLITE_PATH"], SIGNING_P12=config["SIGNING_P12"],  # it seals, the server checks
        SIGNING_P12_PASSWORD=config["SIGNING_P12_PASSWORD"]))


class Mailbox:
    """The e-mails the worker delivered (the outbox folder), read as a person reads their inbox:
    `find` waits for the newest message that matches, since the worker sends a moment later."""

    def __init__(self, folder: str):
        self.folder = Path(folder)

    def messages(self) -> list:
        paths = sorted(self.folder.glob("*.eml")) if self.folder.is_dir() else []
        return [BytesParser(policy=policy.default).parsebytes(path.read_bytes()) for path in paths]

    def find(self, to: str | None = None, subject: str = "", timeout: float = 20):
        deadline = time.monotonic() + timeout
        while True:
            found = [message for message in self.messages() if subject in message["Subject"]
                     and (to is None or to in message["To"])]
            if found:
                return found[-1]
            assert time.monotonic() < deadline, f"no e-mail to {to} about {subject!r} arrived"
            time.sleep(0.2)

    def clear(self) -> None:
        for path in self.folder.glob("*.eml"):
            path.unlink()


@pytest.fixture
def outbox(app):
    """The e-mails sent during the test (the folder is emptied after each test)."""
    return Mailbox(app.config["OUTBOX_DIR"])


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def clean_tables(app):
    yield
    with app.app_context():
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in REFERENCE_DATA:
                    connection.execute(text(f"DELETE FROM {table.name}"))
        db.session.remove()
    Mailbox(app.config["OUTBOX_DIR"]).clear()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HtmlChecker:
    """The Nu Html Checker as a local service: one Java start for the whole run, a page a request."""

    def __init__(self):
        self.url = f"http://127.0.0.1:{_free_port()}/?out=json"
        port = urlsplit(self.url).port
        self.process = subprocess.Popen(
            ["java", "-Xss16m", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", str(VNU_JAR),
             "nu.validator.servlet.Main", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.errors("<!doctype html><html lang=en><title>ready</title></html>")
                return
            except OSError:
                assert self.process.poll() is None, "the Nu Html Checker stopped while starting"
                time.sleep(0.25)
        raise AssertionError("the Nu Html Checker did not start within 60 s")

    def errors(self, html: str) -> list[str]:
        request = urllib.request.Request(self.url, data=html.encode(), headers={
            "Content-Type": "text/html; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=30) as response:
            messages = json.load(response)["messages"]
        return [f"line {message.get('lastLine')}: {message['message']}" for message in messages
                if message["type"] in ("error", "non-document-error")]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def html_checker():
    assert VNU_JAR.is_file(), "the Nu Html Checker is missing: run .ci/bootstrap"
    checker = HtmlChecker()
    yield checker
    checker.stop()


class AccessibilityGuard:
    """Checks each page a journey visits: axe-core (no serious or critical violation), the Nu Html
    Checker on the HTML as served (no error), and no script the CSP would block. At the end every page
    the journey loaded must have been checked."""

    def __init__(self, page, html_checker: HtmlChecker):
        self.page, self.html_checker = page, html_checker
        self.visited: list[str] = []
        self.checked: set[str] = set()
        self.document = None
        page.on("load", lambda loaded: self.visited.append(urlsplit(loaded.url).path))
        page.on("response", self._remember_document)

    def _remember_document(self, response) -> None:
        if response.request.resource_type == "document" and response.frame == self.page.main_frame:
            self.document = response

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE_SOURCE)  # evaluated, not injected: the page's CSP forbids added scripts
        violations = self.page.evaluate(RUN_AXE)
        assert violations == [], f"accessibility problems on {self.page.url}:\n" + "\n".join(violations)
        served = self.document.text() if self.document is not None else self.page.content()
        errors = self.html_checker.errors(served)
        assert errors == [], f"HTML errors on {self.page.url}:\n" + "\n".join(errors)
        assert inline_scripts(served) == [], f"scripts the CSP blocks on {self.page.url}"
        self.checked.add(urlsplit(self.page.url).path)

    def unchecked(self) -> list[str]:
        return [path for path in self.visited if path not in self.checked]


@pytest.fixture
def page(browser, live_server, html_checker):
    context = browser.new_context(base_url=live_server)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    guard = AccessibilityGuard(tab, html_checker)
    tab.axe = guard
    yield tab
    context.close()
    assert guard.unchecked() == [], "pages visited without an accessibility check"


@pytest.fixture
def new_page(browser, live_server, html_checker):
    """Another browser (its own cookies), for a second person in the same journey."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server)
        contexts.append(context)
        tab = context.new_page()
        tab.axe = AccessibilityGuard(tab, html_checker)
        return tab
    yield make
    for context in contexts:
        assert context.pages[0].axe.unchecked() == [], "pages visited without an accessibility check"
        context.close()


@pytest.fixture
def committed(app):
    """Run factories against the live database and commit, so the server thread sees the rows."""
    def run(factory, *args, **kwargs):
        with app.app_context():
            obj = factory(*args, **kwargs)
            db.session.commit()
            values = {key: getattr(obj, key) for key in ("id", "email", "name") if hasattr(obj, key)}
            db.session.remove()
            return values
    return run


def pytest_collection_modifyitems(items):
    """The browser may drop a static file (an icon) mid-transfer; the live server thread then leaves
    that file to the garbage collector. That is the test server's housekeeping, not the portal's."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings(
                r"ignore:Exception ignored in. <_io.FileIO:pytest.PytestUnraisableExceptionWarning"))
