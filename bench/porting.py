"""Number porting at scale (issue 18), measured in one run:

1. The server's peak memory while a 20 MB carrier bill uploads, against its idle size (goal: within
   10 MB, that is streamed, not held): one gunicorn sync worker serving the demo data, its peak
   resident size (VmHWM) read after warming up and again after the upload.
2. The bill check of a 50-page text PDF against its port request (pdfplumber), and of a 5-page one.
"""
from __future__ import annotations

import http.client
import re
import sys
import tempfile
import time
from types import SimpleNamespace

from bench.common import login, request, running_server

UPLOAD_BYTES = 20 * 1024 * 1024 - 64 * 1024  # just under the field's 20 MB
CHUNK = 256 * 1024


def peak_kib(pid: int) -> int:
    """The process's peak resident size so far (VmHWM), in KiB."""
    status = open(f"/proc/{pid}/status").read()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))


def big_bill(path: str) -> int:
    """A PDF of just under 20 MB as a scanner makes one: a page and a large embedded image's bytes
    (random, so they do not compress)."""
    import os

    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_attachment("scan.bin", os.urandom(UPLOAD_BYTES - 4096))
    with open(path, "wb") as out:
        writer.write(out)
    return os.path.getsize(path)


def upload(port: int, cookie: str, page: str, path: str, size: int) -> int:
    """Post the PDF at `path` to the request's document form, streamed from disk like a browser."""
    response, html = request(port, page, cookie)
    cookie = response.getheader("Set-Cookie", cookie).split(";")[0]  # the page's CSRF token is in its session
    form = html.decode().split('id="documents"')[1]
    fields = dict(re.findall(r'name="(csrf_token|once_token)" type="hidden" value="([^"]+)"', form))
    boundary = "benchboundary7MA4YWxkTrZu0gW"
    head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                   for name, value in fields.items())
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="bill.pdf"\r\n'
             f"Content-Type: application/pdf\r\n\r\n")
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body():
        yield head.encode()
        with open(path, "rb") as source:
            while piece := source.read(CHUNK):
                yield piece
        yield tail
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("POST", f"{page}/documents", body=body(), headers={
        "Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(len(head.encode()) + size + len(tail))})
    response = connection.getresponse()
    answer = response.read()
    refusal = re.search(rb'class="error-message"[^>]*>(.*?)</p>|role="alert"[^>]*>(.*?)</div>', answer, re.S)
    connection.close()
    if refusal:
        print("refused:", re.sub(r"<[^>]+>|\\s+", " ", (refusal.group(1) or refusal.group(2)).decode()).strip())
    return response.status


def memory() -> None:
    with running_server(workers=1, timeout=120) as (port, _, email, password, (worker,)):
        cookie = login(port, email, password)
        page = "/projects/1/porting/1"
        for _ in range(5):  # warm up: the pages and their templates, as a working server has them
            request(port, page, cookie)
            request(port, "/", cookie)
        path = f"{tempfile.mkdtemp(prefix='portal-bench-')}/bill.pdf"
        size = big_bill(path)
        idle = peak_kib(worker)
        status = upload(port, cookie, page, path, size)
        during = peak_kib(worker)
    print(f"{size / 1024 / 1024:.1f} MB bill upload: answered {status}; server worker peak {idle / 1024:.1f} MB idle, "
          f"{during / 1024:.1f} MB after the upload: +{(during - idle) / 1024:.1f} MB (goal: within 10 MB)")


def bill_check() -> None:
    from portal import create_app
    from portal.porting.bill_check import compare, read_pdf, wanted
    from tests.integration.test_carrier_documents import BILL_PAGE_2, bill
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    looked_for = wanted(SimpleNamespace(btn="+14155550200", account_number="8831 2200 19", postal_code="94105",
                                        customer_name="Northwind Dental Group, Inc.", country="US"))
    with create_app({"TESTING": True}).app_context():
        for pages in (5, 50):
            path = f"{folder}/bill-{pages}.pdf"
            with open(path, "wb") as out:
                out.write(bill([f"Call detail, page {n}: " + "(415) 555-01{:02d} 3 min. ".format(n % 100) * 40
                                for n in range(pages - 1)] + [BILL_PAGE_2]))
            started = time.perf_counter()
            found = compare(read_pdf(path, 50, 120).pages, looked_for)
            print(f"bill check of a {pages}-page text PDF: {time.perf_counter() - started:.2f} s; the BTN found on "
                  f"page {found['btn']}")


def main() -> None:
    memory()
    bill_check()


if __name__ == "__main__":
    sys.exit(main())
