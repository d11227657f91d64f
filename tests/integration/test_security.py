"""The security baseline every page inherits: headers, cookies, CSRF, error pages, health."""
import re

from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import make_test_app
from tests.factories import create_call_group, create_number, create_project, create_seat, create_user
from tests.html_checks import inline_scripts, internal_links


def test_security_headers_are_on_every_page(client):
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # development and tests run over plain HTTP


def test_hsts_in_production(tmp_path):
    app = make_test_app("sqlite://", str(tmp_path), ENV="production")
    assert "max-age=" in app.test_client().get("/login").headers["Strict-Transport-Security"]


def test_session_cookie_flags(client):
    user = create_user()
    cookie = client.login(user.email).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


SKIPPED = ("/static/", "/dev/", "/files/", ".pdf", ".csv", ".xlsx", ".ics")


def _crawl(client, *starts: str, limit: int = 150) -> dict[str, str]:
    """Every kind of page reachable by links from `starts` (one page per address shape, downloads
    left out), as its HTML."""
    pages, shapes, queue = {}, set(), list(starts)
    while queue and len(pages) < limit:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path)
        if shape in shapes or any(part in path for part in SKIPPED):
            continue
        shapes.add(shape)
        response = client.get(path)
        pages[path] = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        queue += internal_links(pages[path])
    return pages


def test_no_page_runs_a_script_the_csp_would_block(client, app):
    """Every page an administrator reaches by following links from the dashboard of a project with a
    seat, a number and a call group: no inline script, no on* handler, no javascript: URL."""
    with app.test_request_context():
        project = create_project()
        create_call_group(project)
        create_number(project)
        create_seat(project, extension="201", first_name="Ada", voicemail_enabled=True)
        admin = create_user(Role.ADMIN)
    client.login(admin.email)
    pages = _crawl(client, "/", f"/projects/{project.id}/questionnaire")
    assert len(pages) > 40 and f"/projects/{project.id}/questionnaire/call-center" in pages
    found = {path: inline_scripts(html) for path, html in pages.items()}
    assert {path: problems for path, problems in found.items() if problems} == {}
    client.submit("/logout", page="/")
    assert inline_scripts(client.get("/login").get_data(as_text=True)) == []


def test_an_expired_csrf_token_keeps_what_was_typed_and_changes_nothing(client):
    user = create_user()
    response = client.post("/login", data={"csrf_token": "stale", "email": user.email, "password": "x" * 12})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your session had expired; nothing was saved; check and save again." in page
    assert f'value="{user.email}"' in page and "x" * 12 not in page
    assert 'name="csrf_token" type="hidden" value="' in page
    assert client.get("/").status_code == 302  # not logged in


def test_a_button_without_a_token_gets_a_clear_400_page(client):
    user = create_user(Role.PRIMARY_CONTACT)
    client.login(user.email)
    response = client.post("/users/1/reactivate")
    assert response.status_code == 400 and "nothing was changed" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # still logged in


def test_logging_out_from_a_stale_page_offers_a_fresh_button(client):
    user = create_user()
    client.login(user.email)
    page = client.post("/logout").get_data(as_text=True)
    assert "Log out now" in page and client.get("/").status_code == 200
    assert client.submit("/logout", page="/").status_code == 303
    assert client.get("/").status_code == 302


def test_unknown_pages_get_a_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_a_too_large_request_gets_a_413_page(client, app):
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/login", data=body, content_type="application/octet-stream")
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and "larger than the portal accepts, so nothing was saved" in page
    assert 'type="password"' in page  # the same page, not a bare error


def test_a_too_large_request_elsewhere_gets_the_413_page(client, app):
    user = create_user()
    client.login(user.email)
    response = client.post("/users/1/reactivate", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                           content_type="application/octet-stream")
    assert response.status_code == 413 and "The file is too large" in response.get_data(as_text=True)


def test_an_unexpected_error_shows_no_stack_trace(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path}/x.sqlite3", str(tmp_path))

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_health_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok" and response.json["application"] == "ok"


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))
    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_password_checks_of_a_logged_in_session_are_rate_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    user = create_user()
    client.login(user.email)
    answers = [client.submit("/reauthenticate", {"password": "guess"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
