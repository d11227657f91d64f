"""Three-way merge of an edit form's values (DESIGN.md section 8): what the person started from (the
base, carried by the form as a signed hidden field), what they sent (mine) and what is saved now
(theirs). A field only one side changed takes that side's value without asking; several choices
(ticked features, agents, members) merge as sets; only fields both sides changed differently are
conflicts for the person to decide.

Values are compared as the browser sends them back (`raw_of`), so the three sides are read alike
whatever a field's type.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, PasswordField, SelectFieldBase, SelectMultipleField

NOT_COMPARED = frozenset({"csrf_token", "version", "once_token", "base"})
SALT = "portal.form-base"


def comparable(form_field) -> bool:
    """A field the person edits and the merge compares (never tokens, the version, or a secret)."""
    return form_field.name not in NOT_COMPARED and not isinstance(form_field, PasswordField)


def raw_of(form_field) -> str | tuple[str, ...]:
    """The field's value as the browser sends it back; several choices as a sorted tuple."""
    if isinstance(form_field, BooleanField):
        return "y" if form_field.data else ""
    if isinstance(form_field, SelectMultipleField):
        return tuple(sorted(str(value) for value in form_field.data or ()))
    if isinstance(form_field, SelectFieldBase):
        return "" if form_field.data in (None, "") else str(form_field.data)
    return form_field._value() or ""


def raw_values(form) -> dict[str, str | tuple[str, ...]]:
    return {form_field.name: raw_of(form_field) for form_field in form if comparable(form_field)}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign_base(values: dict) -> str:
    """The base values as the form's hidden `base` field: signed, so a page cannot claim another."""
    return _serializer().dumps({name: list(value) if isinstance(value, tuple) else value
                                for name, value in values.items()})


def read_base(token: str | None) -> dict | None:
    """The base values a form carried, or None (none, or not signed by the portal)."""
    try:
        values = _serializer().loads(token or "")
    except BadSignature:
        return None
    if not isinstance(values, dict):
        return None
    return {name: tuple(value) if isinstance(value, list) else value for name, value in values.items()}


@dataclass
class Merge:
    """The merged values, where each came from, and the fields both sides changed differently."""

    values: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)  # name: "unchanged", "mine", "theirs", "both", "merged"
    conflicts: list[str] = field(default_factory=list)


def merge(base: dict, mine: dict, theirs: dict) -> Merge:
    """Each field of `mine` merged with `theirs` over `base`."""
    result = Merge()
    for name, my_value in mine.items():
        their_value = theirs.get(name, my_value)
        start = base.get(name, their_value)  # a field the base does not know: as the other side has it
        value, source = _merge_one(start, my_value, their_value)
        result.values[name], result.sources[name] = value, source
        if source == "conflict":
            result.conflicts.append(name)
    return result


def _merge_one(base, mine, theirs):
    if mine == theirs:
        return mine, "unchanged" if mine == base else "both"
    if mine == base:
        return theirs, "theirs"
    if theirs == base:
        return mine, "mine"
    if isinstance(mine, tuple):  # several choices: what each side added, less what each removed
        added, removed = (set(mine) - set(base)) | (set(theirs) - set(base)), \
            (set(base) - set(mine)) | (set(base) - set(theirs))
        return tuple(sorted((set(base) | added) - removed)), "merged"
    return mine, "conflict"


def as_formdata(sent: MultiDict, values: dict, **hidden: str) -> MultiDict:
    """What the browser sent, with the merged values in place and the hidden fields given."""
    formdata = MultiDict([(name, value) for name, value in sent.items(multi=True)
                          if name not in values and name not in hidden])
    for name, value in {**values, **hidden}.items():
        for item in value if isinstance(value, tuple) else (value,):
            formdata.add(name, item)
    return formdata
