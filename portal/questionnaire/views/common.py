"""What several questionnaire pages share: a project-wide answer, the plan kept up to date, findings."""
from __future__ import annotations

from portal.core.editing import Editor
from portal.projects.services import follow_feature, followed_by
from portal.questionnaire import services
from portal.questionnaire.sections import overview


def followed(project, writer, projects=None):
    """The writer, then the plan's questionnaire task brought up to date, in every project the record
    belongs to (a site's hours count in each project at that site)."""
    return followed_by("questionnaire", project, writer, projects)


def project_answer(project, form_class, record, writer, prepare=None, **submit):
    """(editor, response) of a project-wide answer: everyone who reads sees it, editors write it;
    `prepare(form)` gives the form what it validates against before it does."""
    editor = Editor(form_class, record)
    if prepare is not None:
        prepare(editor.form)
    return editor, editor.submit(followed(project, writer), **submit)


def section_findings(project, key: str) -> list:
    """A section's findings, from the overview the page's foot reads anyway (checks run once)."""
    return next(found for section, _, found in overview(project).rows if section.key == key)


def grouped(found, argument: str) -> dict[int | None, list]:
    """Findings by the record they concern (None: the section as a whole)."""
    by_record: dict[int | None, list] = {}
    for finding in found:
        by_record.setdefault(finding.arguments.get(argument), []).append(finding)
    return by_record


def created(project, creator, write, fields: tuple, message, next_url: str, chosen=None):
    """A create form's POST (portal.core.creating.Creator: its draft, its one-time token): write
    through the service, bring the plan's task up to date, go back to the list; None shows the form
    again with its errors."""
    def write_and_follow():
        made = write(project, {name: creator.form[name].data or None for name in fields})
        follow_feature(project, "questionnaire")
        return made
    return creator.submit(write_and_follow, saved=message, next_url=next_url, chosen=chosen,
                          refusals=(services.NumberError, services.CallGroupError))
