"""Review rounds' forms (issue 20): submit the package (exactly once, the warnings acknowledged), a
reviewer's decision and notes (at the version of the package they saw), a side's sign-off, the
configuration schedule proposed and accepted."""
from __future__ import annotations

from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forms.base import BaseForm, MultiCheckboxField, OnceForm, VersionedForm, select_choices
from forms.validators import ReasonableDate
from portal.models.reviews import ConfigurationMethod, DiscrepancyKind, PackageStage


class SubmitForm(OnceForm):
    once_purpose = "submit_package"
    warnings = HiddenField()  # the addresses of the warnings the page showed
    acknowledge = BooleanField("I read the warnings above; the package goes as it is")

    @property
    def acknowledged(self) -> list[str]:
        return (self.warnings.data or "").split() if self.acknowledge.data else []


class DecisionForm(VersionedForm):
    action = RadioField("Decision", choices=[], validators=[DataRequired("Choose what happens to the package.")])
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)], render_kw={"rows": 4},
                         description="Kept with the round; sent to the customer when the package goes back.")


class DisputeForm(VersionedForm):
    """The customer disputes the planned configuration, or one line of it (its address), at the second
    review: it becomes a must-fix discrepancy there."""

    address = HiddenField()
    note = TextAreaField("What is not right", validators=[DataRequired("Say what is to change: the note goes with "
                                                                       "the round.")],
                         render_kw={"rows": 4}, description="It becomes a must-fix discrepancy the project manager "
                                                            "answers; the round goes back, and once it is changed the "
                                                            "next round resumes at the second review.")


class NotesForm(VersionedForm):
    notes = TextAreaField("Notes of this stage", validators=[Optional(), Length(max=20000)], render_kw={"rows": 8},
                          description="Kept with the round as you save them (on the call, as you go).")


class ScheduleForm(VersionedForm):
    starts_on = DateField("First day", validators=[DataRequired("Enter the first day of the configuration."),
                                                   ReasonableDate()])
    ends_on = DateField("Last day", validators=[DataRequired("Enter the last day of the configuration."),
                                                ReasonableDate()])
    methods = MultiCheckboxField("How it is done", choices=select_choices(
        [(method.value, method.title) for method in ConfigurationMethod]),
        validators=[DataRequired("Choose how the configuration is done.")])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class QueueFilterForm(BaseForm):
    stage = SelectField("Stage", choices=select_choices([("", "Every waiting stage")] + [
        (stage.value, stage.title) for stage in PackageStage]), validators=[Optional()])
    assignee = SelectField("Assignee", choices=[], validators=[Optional()])
    customer = SelectField("Customer", choices=[], validators=[Optional()])


class StageActionForm(VersionedForm):
    """A sign-off or an acceptance, at the version of the package the person saw."""




class DiscrepancyForm(OnceForm):
    """A reviewer's discrepancy on one thing of the round: which part of it, its kind, its text (the
    length is checked by the service, which says how long it was)."""

    once_purpose = "raise_discrepancy"
    address = SelectField("What it is about", choices=[], validators=[DataRequired("Choose what it is about.")])
    kind = RadioField("Kind", choices=select_choices([(kind.value, kind.title) for kind in DiscrepancyKind]),
                      default=DiscrepancyKind.MUST_FIX.value, validators=[DataRequired("Choose its kind.")],
                      description="A must-fix blocks the package from moving on until a reviewer resolves it; a "
                                  "question or a note does not.")
    text = TextAreaField("What is to change, or the question", render_kw={"rows": 4},
                         validators=[DataRequired("Write what it is about.")])


class ReplyForm(OnceForm):
    once_purpose = "discrepancy_reply"
    text = TextAreaField("Your reply", render_kw={"rows": 4}, validators=[DataRequired("Write your reply.")],
                         description="The other side is told by e-mail.")

