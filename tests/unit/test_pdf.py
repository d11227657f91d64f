"""The PDF renderer's URL fetcher serves the portal's static files and data: URLs, nothing else."""
import http.server
import io
import socket
import threading

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from portal.core.pdf import STATIC_BASE, LockedURLFetcher, RefusedURL, render_pdf
from portal.projects import plan, queries
from portal.projects.timeline import build_timeline
from tests.factories import create_project


@pytest.fixture
def fetcher(app):
    return LockedURLFetcher(app.static_folder)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:5000/healthz", "https://example.com/x.png",
                                 f"{STATIC_BASE}../app.py", f"{STATIC_BASE}../../etc/passwd", "ftp://host/file"])
def test_everything_but_own_static_files_is_refused(fetcher, url):
    with pytest.raises((RefusedURL, ValueError)):
        fetcher.fetch(url)


def test_own_static_files_and_data_urls_are_served(fetcher):
    assert fetcher.fetch(f"{STATIC_BASE}css/pdf.css").read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.fixture
def listener():
    """A local HTTP server that records every request made to it."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.HTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port, hits
    server.shutdown()
    server.server_close()


def test_urls_written_into_a_document_reach_neither_files_nor_the_network(app, fetcher, listener):
    port, hits = listener
    document = (f'<link rel="stylesheet" href="http://127.0.0.1:{port}/steal.css">'
                f'<img src="http://127.0.0.1:{port}/beacon.png"><img src="file:///etc/passwd">'
                f'<p style="background: url(http://127.0.0.1:{port}/bg.png)">Order summary</p>')
    pdf = HTML(string=document, base_url=STATIC_BASE, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF") and hits == []


def test_customer_text_is_printed_as_text_not_followed(app, session, listener):
    port, hits = listener
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        project.order_summary = f'<img src="http://127.0.0.1:{port}/x.png"> 20 seats <link href="file:///etc/passwd">'
        pdf = render_pdf("pdf/plan.html", project=project, steps=plan.tasks_by_step(project),
                         timeline=build_timeline(project, queries.phases(), project.started_on), contacts=[],
                         today=project.started_on)
    assert hits == []
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "20 seats" in text and "127.0.0.1" in text
