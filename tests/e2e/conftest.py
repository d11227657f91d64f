"""End-to-end fixtures: the portal served by a live server thread, Debian's Chromium through
Playwright, tables cleared between tests, and an axe-core check of every page a journey visits."""
from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import text
from werkzeug.serving import make_server

from portal.extensions import db
from tests.conftest import make_test_app, reset_schema, test_database_url
from tests.integration.demo_app import demo

AXE_SOURCE = (Path(__file__).resolve().parents[2] / "static/vendor/axe-core/axe.min.js").read_text()
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
    application = make_test_app(test_database_url(tmp_dir), tmp_dir)
    application.register_blueprint(demo)
    reset_schema(application)
    yield application
    with application.app_context():
        db.engine.dispose()


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


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class AccessibilityGuard:
    """Runs axe-core on pages; at the end every page the journey loaded must have been checked."""

    def __init__(self, page):
        self.page = page
        self.visited: list[str] = []
        self.checked: set[str] = set()
        page.on("load", lambda loaded: self.visited.append(urlsplit(loaded.url).path))

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE_SOURCE)  # evaluated, not injected: the page's CSP forbids added scripts
        violations = self.page.evaluate(RUN_AXE)
        assert violations == [], f"accessibility problems on {self.page.url}:\n" + "\n".join(violations)
        self.checked.add(urlsplit(self.page.url).path)

    def unchecked(self) -> list[str]:
        return [path for path in self.visited if path not in self.checked]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    guard = AccessibilityGuard(tab)
    tab.axe = guard
    yield tab
    context.close()
    assert guard.unchecked() == [], "pages visited without an accessibility check"


@pytest.fixture
def new_page(browser, live_server):
    """Another browser (its own cookies), for a second person in the same journey."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server)
        contexts.append(context)
        tab = context.new_page()
        tab.axe = AccessibilityGuard(tab)
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
