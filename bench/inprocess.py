"""What the in-process benchmarks share: counting SQL statements, and a logged-in test client."""
from __future__ import annotations

import re

from sqlalchemy import event

from tests.conftest import TEST_PASSWORD


class QueryCounter:
    """Counts every statement the engine sends from now on."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.count += 1


def log_in(client, email: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "email": email, "password": TEST_PASSWORD})
