"""The layers of DESIGN.md section 5, read from the imports: core never imports forms or a feature;
forms import core and models, never a feature; no feature imports another feature's views."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = {"core", "models", "extensions", "config"}  # what every layer may use


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def features() -> set[str]:
    return {path.name for path in (ROOT / "portal").iterdir()
            if path.is_dir() and (path / "__init__.py").exists() and path.name not in SHARED}


def _files(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


def _outside_shared(module: str) -> bool:
    """A module of the portal other than core, models, extensions and config (a feature, or the
    app-level modules such as templating, errors, cli)."""
    parts = module.split(".")
    return parts[0] == "portal" and len(parts) > 1 and parts[1] not in SHARED


def _feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "portal" and len(parts) > 1 and parts[1] in features() else None


def _violations(folder: str, refused) -> list[str]:
    found = []
    for path in _files(folder):
        for module in _imports(path):
            if refused(path, module):
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    return sorted(set(found))


def test_core_imports_neither_forms_nor_a_feature():
    assert _violations("portal/core", lambda path, module: module.split(".")[0] == "forms"
                       or _outside_shared(module)) == []


def test_models_import_no_feature_and_no_form():
    assert _violations("portal/models", lambda path, module: module.split(".")[0] == "forms"
                       or _outside_shared(module)) == []


def test_forms_import_core_and_models_never_a_feature():
    assert _violations("forms", lambda path, module: _outside_shared(module)) == []


def _other_features_views(path: Path, module: str) -> bool:
    parts = module.split(".")
    own = path.relative_to(ROOT / "portal").parts[0]
    return _feature_of(module) not in (None, own) and "views" in parts[2:3]


def test_no_feature_imports_another_features_views():
    assert _violations("portal", _other_features_views) == []


def test_the_rules_see_the_features():
    assert {"projects", "worksheet", "questionnaire", "imports", "files"} <= features()
