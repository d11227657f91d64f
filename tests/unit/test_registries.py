"""Registries: a second app in one process registers everything again without doubling or refusing it."""
from dataclasses import replace

import pytest

from portal.core import features
from portal.core.importing import KINDS, register_import_kind
from portal.core.permissions import LOADERS, register_loader
from portal.core.rendering import DOCUMENTS, register_document
from portal.models.users import User
from portal.questionnaire.sections import CHECKS, SECTIONS, register_check, register_section
from tests.conftest import make_test_app


def _sizes() -> dict[str, int]:
    return {"sections": len(SECTIONS), "checks": len(CHECKS), "documents": len(DOCUMENTS),
            "import kinds": len(KINDS), "features": len(features._PROVIDERS), "loaders": len(LOADERS)}


def _build_app(tmp_path, name: str):
    return make_test_app(f"sqlite:///{tmp_path}/{name}.sqlite3", str(tmp_path))


def test_a_second_app_doubles_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))  # restored afterwards (make_test_app sets it)
    _build_app(tmp_path, "first")
    first = _sizes()
    _build_app(tmp_path, "second")
    assert _sizes() == first
    assert all(first.values())


def _another_check() -> None:
    """A different function under the name of a registered check (its module and qualified name)."""
    known = next(iter(CHECKS.values()))

    def impostor(project) -> list:
        return []
    impostor.__module__, impostor.__qualname__ = known.__module__, known.__qualname__
    register_check(impostor)


@pytest.mark.parametrize("register_another", [
    lambda: register_section(replace(SECTIONS["other"], title="Something else")),
    _another_check,
    lambda: register_document("worksheet", replace(DOCUMENTS["worksheet"], title="Another worksheet")),
    lambda: register_import_kind(replace(KINDS["numbers"], noun="other numbers")),
    lambda: features.register_feature("worksheet", lambda project: None),
    lambda: register_loader("project", User, lambda query, user: query),
], ids=["section", "check", "document", "import kind", "feature", "loader"])
def test_something_else_under_a_taken_name_is_refused(app, register_another):
    before = _sizes(), dict(SECTIONS), dict(CHECKS), dict(DOCUMENTS), dict(KINDS), dict(features._PROVIDERS)
    with pytest.raises(ValueError, match="registered already"):
        register_another()
    assert (_sizes(), dict(SECTIONS), dict(CHECKS), dict(DOCUMENTS), dict(KINDS), dict(features._PROVIDERS)) == before
