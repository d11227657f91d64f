"""Import services, whatever is imported: start from a read table, keep the mapping, preview,
commit once. What the rows are checked against and how they are written is the kind's
(`core.importing.ImportKind`, registered by the feature that owns the data)."""
from __future__ import annotations

import hashlib
from enum import Enum

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from portal.core import audit
from portal.core.importing import (
    NEW,
    ImportKind,
    Preview,
    PreviewRow,
    ValueQuestion,
    import_kind,
    suggest_mapping,
    value_questions,
)
from portal.core.tabular import Table
from portal.extensions import db
from portal.models.imports import Import, ImportStatus
from portal.models.projects import Project
from portal.models.users import User


def kind_of(started: Import) -> ImportKind:
    return import_kind(started.kind)


def start_import(project: Project, user: User, table: Table, source_name: str, kind: ImportKind,
                 stored_file=None) -> Import:
    started = Import(project_id=project.id, kind=kind.key, source_name=source_name[:255],
                     stored_file_id=getattr(stored_file, "id", None), headers=table.headers, rows=table.rows,
                     header_line=table.header_line, created_by_id=user.id, mapping={
                         str(index): key for index, key in suggest_mapping(table.headers, kind.fields).items()})
    db.session.add(started)
    db.session.flush()
    audit.record("import.started", started, note=f"{len(table.rows)} rows of {kind.noun} from {started.source_name}")
    return started


def save_mapping(started: Import, mapping: dict[int, str | None], clear_blanks: bool = False,
                 matches: list[tuple[ValueQuestion, int | str]] = ()) -> None:
    """Keep the columns, the empty-cells choice and what each value was matched to (a record's id,
    NEW, or "" for none)."""
    audit.transition(started, "status", ImportStatus.MAPPED, action="import.mapped")
    started.mapping = {str(index): key for index, key in mapping.items()}
    started.clear_blanks = clear_blanks
    for question, answer in matches:
        _match(started, question, answer)


def _match(started: Import, question: ValueQuestion, answer: int | str) -> None:
    kept = dict(started.value_matches or {})  # a new dict, so the JSON column is seen changed
    kept[question.field.key] = {**kept.get(question.field.key, {}), question.key: answer}
    started.value_matches = kept


def questions_of(started: Import) -> list[ValueQuestion]:
    """The values of the mapped columns that name no record exactly, for the person to match."""
    mapping = started.column_mapping()
    return [question for value_field in kind_of(started).values if value_field.key in mapping.values()
            for question in value_questions(value_field, started.rows, mapping, value_field.records(started.project))]


def answer_of(started: Import, question: ValueQuestion) -> int | str | None:
    """What the person matched a value to (a record's id, NEW or ""), None when not asked yet."""
    return started.matches_of(question.field.key).get(question.key)


def unanswered(started: Import) -> list[ValueQuestion]:
    """Values not matched yet: those of a column mapped since the list was shown."""
    return [question for question in questions_of(started) if answer_of(started, question) is None]


def to_create(started: Import) -> list[ValueQuestion]:
    """Values matched to a record that is to be created (a new site) and is not yet."""
    return [question for question in questions_of(started)
            if question.field.new is not None and answer_of(started, question) == NEW]


def question_token(question: ValueQuestion) -> str:
    """A short stable name of a value, for its address (the value itself may hold any character)."""
    return hashlib.blake2s(f"{question.field.key}:{question.key}".encode(), digest_size=5).hexdigest()


def create_matched(started: Import, question: ValueQuestion, values: dict):
    """Create the record a value is to name (a new site, which joins the project) and match it."""
    made = question.field.new.create(started.project, values)
    _match(started, question, made.id)
    audit.record("import.value_created", started, note=f"“{question.shown}”: {question.field.noun} {made.id}")
    return made


def answer_choice(started: Import, key: str, answer: bool) -> None:
    """Keep the person's answer to one of the preview's questions (`ImportChoice`); a reload shows it."""
    chosen = set(started.choices or ()) - {key} | ({key} if answer else set())
    started.choices = sorted(chosen)
    audit.record("import.choice", started, note=f"{key}: {'yes' if answer else 'no'}")


def table_of(started: Import) -> Table:
    return Table(started.headers, started.rows, header_line=started.header_line)


def preview_of(started: Import) -> Preview:
    """The rows checked, with the person's answers to the kind's choices (`ImportChoice`) kept on it."""
    return kind_of(started).check(started, _chosen(started))


def _chosen(started: Import) -> frozenset[str]:
    return kind_of(started).chosen(started.choices or ())


def _setup(started: Import) -> dict:
    """What the rows are read with: the columns, the empty cells, the values matched, the answers."""
    return {"mapping": started.mapping, "clear_blanks": started.clear_blanks,
            "matches": started.value_matches or {}, "chosen": sorted(_chosen(started))}


def checked_state(started: Import, preview: Preview) -> str:
    """What the person saw on the preview (the mapping, the values matched, their answers to the
    choices and each matched record's version), signed, so the commit writes only what is still as
    they checked it."""
    versions = {str(row.match_id): row.target.version for row in preview.rows if row.target is not None}
    targets = {str(row.line): row.match_id for row in preview.rows if row.target is not None}
    readings = {str(row.line): _reading(row) for row in preview.rows if not row.blocked}
    bases = {str(row.match_id): _base(row) for row in preview.rows if row.target is not None}
    return _signer().dumps({"import": started.id, **_setup(started), "versions": versions, "targets": targets,
                            "readings": readings, "bases": bases,
                            "ready": preview.count("add") + preview.count("update")})


def _base(row: PreviewRow) -> str:
    """A fingerprint of the matched record's values in the fields this row writes: a record someone
    else changed meanwhile only in other fields is still written (rows conflict on what they change)."""
    plain = sorted((key, _plain(getattr(row.target, key))) for key in row.values if hasattr(row.target, key))
    return hashlib.blake2s(repr(plain).encode(), digest_size=6).hexdigest()


def _reading(row: PreviewRow) -> str:
    """A short fingerprint of what a row was read as (a site, a destination, a model by id), so a
    row that reads differently at the commit (an extension moved to someone else meanwhile) is
    not written as something the person did not see."""
    plain = sorted((key, _plain(value)) for key, value in row.values.items())
    return hashlib.blake2s(repr(plain).encode(), digest_size=6).hexdigest()


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "raw"):  # a phone model as imported: the catalog entry it names, and its text
        return _plain(value.model), value.raw
    return getattr(value, "id", value)


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="portal.import.preview")


def check_something_ready(started: Import, checked: str) -> None:
    """Refuse a commit of a preview that had nothing to add or update: the import stays open, to
    be fixed, rather than spent on nothing (the page never offers it; a hand-made POST could)."""
    if not _seen(started, checked).get("ready", 1):
        raise ValueError("Nothing can be imported: every row is skipped or unchanged. Fix the rows and upload "
                         "the file again, or change the columns.")


def commit_import(started: Import, checked: str) -> dict:
    """Write every row that passes, re-checked against the data as it is now and against what the
    person saw on the preview, in the caller's transaction; the rest are skipped with their reasons."""
    seen = _seen(started, checked)
    db.session.scalars(select(Project.id).where(Project.id == started.project_id).with_for_update()).one()
    # the project is locked above: one import commits at a time in a project
    preview = preview_of(started)
    versions = _mark_changed_since(preview, seen, kind_of(started).one)
    skipped = [{"line": row.line, "reason": "; ".join(row.errors) or row.reason}
               for row in preview.rows if row.blocked or row.action == "skip"]
    additions, updates = _ready(preview, "add"), _ready(preview, "update")
    refusals = kind_of(started).write(started.project, additions, [
        (row, versions[str(row.match_id)]) for row in updates])
    skipped += [{"line": row.line, "reason": reason}
                for row, reason in zip(additions + updates, refusals, strict=True) if reason]
    refused_additions = sum(1 for reason in refusals[:len(additions)] if reason)
    added = len(additions) - refused_additions
    updated = len(updates) - (sum(1 for reason in refusals if reason) - refused_additions)
    skipped.sort(key=lambda item: item["line"])
    started.outcome = {"added": added, "updated": updated, "skipped": skipped}
    audit.transition(started, "status", ImportStatus.COMMITTED, action="import.committed",
                     note=f"{added} added, {updated} updated, {len(skipped)} skipped")
    kind_of(started).changed(started.project)
    return started.outcome


def _seen(started: Import, checked: str) -> dict:
    try:
        seen = _signer().loads(checked)
    except BadSignature as error:
        raise ValueError("The preview was out of date; check the rows again.") from error
    if seen.get("import") != started.id or any(seen.get(key) != value for key, value in _setup(started).items()):
        raise ValueError("The columns or your answers were changed since you checked the rows (in another tab?); "
                         "check them again.")
    return seen


def _mark_changed_since(preview: Preview, seen: dict, one: str) -> dict:
    """Rows whose record or reading changed since the preview are refused; a record someone else
    changed only in fields the row does not write is written at its new version. Returns the version
    each matched record is written at."""
    versions = dict(seen["versions"])
    for row in preview.rows:
        if seen["targets"].get(str(row.line)) != row.match_id:
            row.errors.append(f"This row's {one} was removed or changed by someone else since you checked the rows.")
        elif row.target is not None and versions.get(str(row.match_id)) != row.target.version:
            if seen.get("bases", {}).get(str(row.match_id)) != _base(row):
                row.errors.append(f"This {one} was changed by someone else since you checked the rows.")
            else:
                versions[str(row.match_id)] = row.target.version
        if not row.blocked and seen.get("readings", {}).get(str(row.line)) != _reading(row):
            row.errors.append("This row reads differently since you checked the rows (a site, an extension or a "
                              "name it names was changed meanwhile); check the rows again.")
    return versions


def _ready(preview: Preview, action: str) -> list[PreviewRow]:
    return [row for row in preview.rows if not row.blocked and row.action == action]
