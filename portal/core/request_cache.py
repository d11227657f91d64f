"""Values worked out once per request (a project's feature statuses, its questionnaire overview),
however often a page asks for them. A write that changes them forgets the project's values first."""
from __future__ import annotations

from typing import Callable

from flask import g, has_request_context


def cached(namespace: str, project_id: int, compute: Callable[[], object]):
    if not has_request_context():
        return compute()
    store = g.setdefault("request_cache", {})
    key = (namespace, project_id)
    if key not in store:
        store[key] = compute()
    return store[key]


def forget(project_id: int) -> None:
    """After a write: the next reads of this project's values work them out again."""
    if has_request_context():
        store = g.get("request_cache", {})
        for key in [key for key in store if key[1] == project_id]:
            del store[key]


def init_request_cache(app) -> None:
    """Values live for one request: dropped when it ends (an app context shared by several requests,
    as in tests, must not carry them over)."""
    app.teardown_request(lambda error: g.pop("request_cache", None))
