"""The forms of the import pipeline, whatever is imported (seats, phone numbers)."""
from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired

from forms.base import BaseForm, OnceForm, select_choices
from forms.validators import upload_field
from portal.core.importing import NEW, ValueQuestion
from portal.core.storage import SPREADSHEET


class ImportFileForm(OnceForm):
    """An upload of its own: only the file, so a refused file costs no other typing. Its one-time token
    (shared with the paste form: both start an import) makes a resent upload start no second import."""

    once_purpose = "import.start"

    spreadsheet = upload_field("Spreadsheet", SPREADSHEET, 10 * 1024 * 1024,
                               "CSV, TXT (Excel's “Unicode text”) or XLSX, up to 10 MB.")


class ImportPasteForm(OnceForm):
    once_purpose = "import.start"
    pasted = TextAreaField("Rows copied from a spreadsheet", render_kw={"rows": 8},
                           description="Copy the rows with their header row in Excel and paste them here.",
                           validators=[DataRequired("Paste the rows, with their header row.")])


class ImportMappingForm(BaseForm):
    """The choice that goes with the column mapping (the columns themselves are one select each);
    what it clears is said by the kind of import (its description is set by the view)."""

    clear_blanks = BooleanField("Empty cells clear the field")
    value_names: tuple[str, ...] = ()

    def answers(self) -> list[int | str]:
        """What each value was matched to: a record's id, NEW, or "" (none: its rows are skipped)."""
        answers = (self[name].data for name in self.value_names)
        return [int(answer) if answer.isdecimal() else answer for answer in answers]

    def values_of(self, field_key: str) -> list:
        """The lists of one column's values, in order (the page shows each column's in a fieldset)."""
        return [self[name] for name in self.value_names if self[name].value_field == field_key]


def mapping_form(questions: list[ValueQuestion], answers: list[str], creatable: set[str], **kwargs):
    """The mapping form with a list per value to match: `answers` are the choices shown (the person's,
    else the likeliest record); "a new one" is offered for the fields in `creatable`."""
    fields = {f"value_{index}": _value_select(question, answer, question.field.key in creatable)
              for index, (question, answer) in enumerate(zip(questions, answers, strict=True))}
    form_class = type("ImportValuesForm", (ImportMappingForm,), {**fields, "value_names": tuple(fields)})
    form = form_class(**kwargs)
    for name, question in zip(fields, questions, strict=True):
        form[name].value_field = question.field.key
    return form


def _value_select(question: ValueQuestion, answer: str, creatable: bool) -> SelectField:
    noun = question.field.noun
    options = [(str(record.id), record.name) for record in question.records]
    if creatable:
        options.append((NEW, question.field.new.option))
    options.append(("", f"No {noun}: skip its rows"))
    rows = f"{question.rows} {'row' if question.rows == 1 else 'rows'}"
    suggested = next((record.name for record in question.records if record.id == question.suggested), None)
    hint = f"{rows}; it looks like {suggested}." if suggested else f"{rows}; no {noun} has a name like it."
    return SelectField(f"“{question.shown}”", choices=select_choices(options), default=answer, description=hint)


class CommitImportForm(OnceForm):
    once_purpose = "import.commit"
    checked = HiddenField()
