"""Work that takes longer than a request should (rendering a PDF of thousands of rows).

`run_later(job, *args)` runs `job(*args)` in a thread of this process, with its own application
context and database session, after the caller's request has committed what the job reads; a
process runs one such job at a time, the others wait (their rows say "Waiting to start"). The
job keeps its state in the database (portal.core.rendering), so every worker can report it, and a
job that never finishes (the process was stopped) is recognised by its age.

PORTAL_BACKGROUND = "inline" runs the job at once in the caller's thread instead: the integration
tests use it, because their whole app shares one database connection; the browser tests and
production use threads.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from flask import current_app

from portal.extensions import db

log = logging.getLogger(__name__)
ONE_AT_A_TIME = threading.BoundedSemaphore(1)  # per process: jobs wait their turn rather than share the CPU


def run_later(job: Callable, *args) -> None:
    if current_app.config["BACKGROUND"] == "inline":
        job(*args)
        return
    app = current_app._get_current_object()
    threading.Thread(target=_run, args=(app, job, args), name=f"portal-{job.__name__}", daemon=True).start()


def _run(app, job: Callable, args: tuple) -> None:
    with ONE_AT_A_TIME, app.app_context():
        try:
            job(*args)
        except Exception:  # the job records its own failure; this only keeps the thread from dying loudly
            log.exception("background job %s failed", job.__name__)
        finally:
            db.session.remove()
