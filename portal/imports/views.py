"""The import pipeline's pages, the same for every kind of import: start (upload or paste), match
the columns, check the rows, commit once, download the skipped rows."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from forms.base import ActionForm
from forms.imports import CommitImportForm, ImportFileForm, ImportPasteForm, mapping_form
from portal.core import once
from portal.core.creating import Creator, form_key
from portal.core.importing import KINDS, NEW, ImportKind
from portal.core.permissions import EDITORS, project_view
from portal.core.spreadsheets import to_csv
from portal.core.storage import SPREADSHEET, UploadRejected, path_of, store_upload
from portal.core.tabular import UnreadableFile, read_pasted, read_table
from portal.core.views import attachment, keeps_drafts, keeps_input, see_other
from portal.extensions import db
from portal.imports import queries, services
from portal.models.imports import ImportStatus
from portal.projects.access import import_loader

bp = Blueprint("imports", __name__)
MAX_BYTES = 10 * 1024 * 1024


def _kind(key: str) -> ImportKind:
    if key not in KINDS:
        abort(404)
    return KINDS[key]


# Pages an import may be started from besides its kind's own (`?from=`), to go back to at the end.
RETURN_PLACES = {"extensions": ("questionnaire.extensions", "the extensions (section 2)")}


def _place() -> str | None:
    place = request.args.get("from")
    return place if place in RETURN_PLACES else None


def _home(project, kind: ImportKind, place: str | None) -> tuple[str, str]:
    """Where the import's pages lead back to: the page it was started from, else its kind's page."""
    if place in RETURN_PLACES:
        endpoint, label = RETURN_PLACES[place]
        return url_for(endpoint, project_id=project.id), label
    return kind.home(project)


def _home_of(data_import, kind: ImportKind) -> tuple[str, str]:
    return _home(data_import.project, kind, session.get("import_from", {}).get(str(data_import.id)))


def _start_page(project, kind: ImportKind, file_form=None, paster=None):
    paster = paster or _paster(project, kind)
    _sendable(paster.form)
    return render_template("imports/start.html", project=project, kind=kind, home=_home(project, kind, _place()),
                           place=_place(),
                           file_form=_sendable(file_form or ImportFileForm(formdata=None)), paster=paster,
                           paste_form=paster.form, imports=queries.recent_imports(project.id, kind.key))


def _paster(project, kind: ImportKind) -> Creator:
    """The paste box, with the person's draft of it, kept under the import's start page."""
    page = url_for("imports.start", project_id=project.id, kind_key=kind.key)
    posted_here = request.endpoint == "imports.from_paste"  # elsewhere the request's fields are not the box's
    return Creator(ImportPasteForm, key=form_key(page, "paste"), page=page,
                   action=url_for("imports.from_paste", project_id=project.id, kind_key=kind.key),
                   **({} if posted_here else {"formdata": None}))


def _sendable(form):
    """The form with a one-time token: the other form of a page shown again after a POST, and a file
    form after a request too large to read, have none of their own."""
    if not form.once_token.data:
        form.once_token.data = once.issue(form.once_purpose)
    return form


@bp.get("/projects/<int:project_id>/import/<kind_key>")
@project_view(*EDITORS, edit=True, readable=False)
def start(project, kind_key):
    return _start_page(project, _kind(kind_key))


@bp.post("/projects/<int:project_id>/import/<kind_key>/file")
@project_view(*EDITORS, edit=True)
@keeps_drafts(held_on_parent="file")  # a new login returns to the page with the form (a file is chosen again)
def from_file(project, kind_key):
    kind, form = _kind(kind_key), ImportFileForm()
    if form.validate_on_submit():
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:  # before the file is stored again
            return claim.replay()
        upload = form.spreadsheet.data
        try:
            stored = store_upload(upload.stream, upload.filename, kind=SPREADSHEET, max_bytes=MAX_BYTES,
                                  organization=project.organization, uploader=current_user)
            return _started(claim, project, kind, read_table(path_of(stored).read_bytes()), stored.original_name,
                            stored)
        except (UploadRejected, UnreadableFile) as error:
            db.session.rollback()  # nothing of this attempt stays, not even its one-time token
            form.spreadsheet.errors.append(str(error))
    return _start_page(project, kind, file_form=form)


def _started(claim, project, kind: ImportKind, table, source_name: str, stored=None):
    """Keep the rows read as a new import, and go on to its columns (where a resent start goes too)."""
    started = services.start_import(project, current_user, table, source_name, kind, stored)
    if _place():  # remembered for this person's session: the last few imports only
        places = dict(list(session.get("import_from", {}).items())[-9:])
        session["import_from"] = {**places, str(started.id): _place()}
    claim.finish(url_for("imports.mapping", import_id=started.id))
    db.session.commit()
    return see_other("imports.mapping", import_id=started.id)


@bp.post("/projects/<int:project_id>/import/<kind_key>/paste")
@project_view(*EDITORS, edit=True)
@keeps_drafts(held_on_parent="paste")
def from_paste(project, kind_key):
    kind = _kind(kind_key)
    paster = _paster(project, kind)
    if (response := paster.intercept()) is not None:
        return response  # an autosave of the paste box, or its draft discarded
    form = paster.form
    if form.validate_on_submit():
        claim = once.claim(form.once_token.data, form.once_purpose)
        if claim.repeated:
            return claim.replay()
        try:
            paster.created()
            return _started(claim, project, kind, read_pasted(form.pasted.data), "pasted rows")
        except UnreadableFile as error:
            db.session.rollback()  # nothing of this attempt stays, not even its one-time token
            form.pasted.errors.append(str(error))
    return _start_page(project, kind, paster=paster)


@bp.route("/imports/<int:import_id>/mapping", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, import_id=import_loader)
@keeps_input
def mapping(data_import):
    """The columns, and what each value of a site or user-type column that names none is matched to."""
    if data_import.status == ImportStatus.COMMITTED:
        return see_other("imports.preview", import_id=data_import.id)
    kind = services.kind_of(data_import)
    questions = services.questions_of(data_import)  # as the page showed them: the mapping kept before
    form = mapping_form(questions, _answers(data_import, questions), _creatable(data_import),
                        clear_blanks=data_import.clear_blanks)
    form.clear_blanks.description = kind.blanks_help
    keys = {field.key for field in kind.fields}
    chosen = {index: key if (key := request.form.get(f"column-{index}")) in keys else None
              for index in range(len(data_import.headers))}
    if form.validate_on_submit():
        services.save_mapping(data_import, chosen, clear_blanks=form.clear_blanks.data,
                              matches=list(zip(questions, form.answers(), strict=True)))
        db.session.commit()
        return _after_mapping(data_import)
    return render_template("imports/mapping.html", data_import=data_import, kind=kind, fields=kind.fields,
                           mapping=chosen if form.is_submitted() else data_import.column_mapping(),
                           samples=_samples(data_import), form=form, refused=_refused(data_import, questions),
                           columns={key: data_import.headers[index]
                                    for index, key in reversed(data_import.column_mapping().items()) if key})


def _samples(data_import) -> list[list[str]]:
    return [[row[index] if index < len(row) else "" for row in data_import.rows[:3]]
            for index in range(len(data_import.headers))]


def _answers(data_import, questions) -> list[str]:
    """Each value's choice as its list shows it: what the person chose, else the likeliest record,
    else a new one where the person may create one (a value like no site is most likely a new one)."""
    creatable = _creatable(data_import)
    answers = []
    for question in questions:
        answer = services.answer_of(data_import, question)
        if answer is None:
            answer = question.suggested or (NEW if question.field.key in creatable else "")
        answers.append(str(answer))
    return answers


def _creatable(data_import) -> set[str]:
    """The fields whose new records the person may create here (a contact adds sites; a reader may not)."""
    return {value_field.key for value_field in services.kind_of(data_import).values
            if value_field.new is not None and value_field.new.allowed(current_user, data_import.project)}


def _refused(data_import, questions) -> dict[str, str]:
    """{field: who may create its records} where the person may not and a value names none."""
    creatable = _creatable(data_import)
    return {question.field.key: question.field.new.who(data_import.project) for question in questions
            if question.field.new is not None and question.field.key not in creatable}


def _after_mapping(data_import):
    """The next step: the values of a column mapped just now to match, a new record to create, or the rows."""
    if services.unanswered(data_import):
        flash("Match the values listed under the columns, then check the rows.", "info")
        return see_other("imports.mapping", import_id=data_import.id)
    return redirect(_next_url(data_import), code=303)


def _next_url(data_import) -> str:
    """The form of the next record to create for a value (a new site), else the rows."""
    if waiting := services.to_create(data_import):
        return url_for("imports.new_value", import_id=data_import.id, token=services.question_token(waiting[0]))
    return url_for("imports.preview", import_id=data_import.id)


@bp.route("/imports/<int:import_id>/new/<token>", methods=["GET", "POST"])
@project_view(*EDITORS, edit=True, readable=False, import_id=import_loader)
@keeps_drafts
def new_value(data_import, token):
    """A record a value of the file is to name, created from the values of its rows (a new site)."""
    if data_import.status == ImportStatus.COMMITTED:
        return see_other("imports.preview", import_id=data_import.id)
    question = _waiting(data_import, token)
    if question is None:  # added already (a resent form, a second tab): nothing is added twice
        flash("That was added already; nothing was repeated.", "info")
        return redirect(_next_url(data_import), code=303)
    new = question.field.new
    if not new.allowed(current_user, data_import.project):
        abort(403)
    creator = Creator(new.form, data=new.prefill(data_import, question.key))
    response = creator.submit(lambda: services.create_matched(data_import, question, _typed(creator.form)),
                              saved=lambda made: f"The {question.field.noun} {made.name} was added; the rows of "
                                                 f"“{question.shown}” are read with it.",
                              next_url=lambda made: _next_url(data_import))
    return response or render_template("imports/new_value.html", data_import=data_import, question=question,
                                       creator=creator, waiting=services.to_create(data_import))


def _waiting(data_import, token: str):
    """The value waiting for its new record that `token` names (None once it has one)."""
    return next((question for question in services.to_create(data_import)
                 if services.question_token(question) == token), None)


def _typed(form) -> dict:
    """A create form's values by field, empty ones as None (its hidden tokens left out)."""
    return {field.name: field.data or None for field in form
            if getattr(field.widget, "input_type", None) != "hidden"}


@bp.get("/imports/<int:import_id>")
@project_view(*EDITORS, edit=True, readable=False, import_id=import_loader)
def preview(data_import):
    if data_import.status == ImportStatus.READ:  # the columns come first
        return see_other("imports.mapping", import_id=data_import.id)
    kind = services.kind_of(data_import)
    checked = None if data_import.status == ImportStatus.COMMITTED else services.preview_of(data_import)
    state = services.checked_state(data_import, checked) if checked else ""
    return render_template("imports/preview.html", data_import=data_import, preview=checked, kind=kind,
                           chosen=frozenset(data_import.choices or ()), home=_home_of(data_import, kind),
                           project=data_import.project, waiting=services.to_create(data_import) if checked else [],
                           token_of=services.question_token, form=CommitImportForm(checked=state))


@bp.post("/imports/<int:import_id>/choices/<choice_key>/<any(yes, no):answer>")
@project_view(*EDITORS, edit=True, import_id=import_loader)
def choose(data_import, choice_key, answer):
    """One click on a preview's question ("these are new numbers"): the answer is kept on the import."""
    if choice_key not in {choice.key for choice in services.kind_of(data_import).choices}:
        abort(404)
    if data_import.status == ImportStatus.MAPPED and ActionForm().validate_on_submit():
        services.answer_choice(data_import, choice_key, answer == "yes")
        db.session.commit()
    elif data_import.status == ImportStatus.MAPPED:
        flash("Your session token was out of date; nothing was changed. Press the button again.", "error")
    return see_other("imports.preview", import_id=data_import.id)


@bp.post("/imports/<int:import_id>/commit")
@project_view(*EDITORS, edit=True, import_id=import_loader)
def commit(data_import):
    form = CommitImportForm()
    if not form.validate_on_submit():
        flash(" ".join(message for _, message in form.error_list), "error")
        return see_other("imports.preview", import_id=data_import.id)
    claim = once.claim(form.once_token.data, form.once_purpose)
    db.session.refresh(data_import, with_for_update=True)  # a second tab waits here, then sees it done
    if claim.repeated or data_import.status != ImportStatus.MAPPED:
        db.session.rollback()
        flash("That import was done already; nothing was repeated.", "info")
        return see_other("imports.preview", import_id=data_import.id)
    try:
        services.check_something_ready(data_import, form.checked.data)
        outcome = services.commit_import(data_import, form.checked.data)
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return see_other("imports.preview", import_id=data_import.id)
    claim.finish(url_for("imports.preview", import_id=data_import.id))
    db.session.commit()
    flash(f"{outcome['added']} added, {outcome['updated']} updated, {len(outcome['skipped'])} skipped.", "success")
    return see_other("imports.preview", import_id=data_import.id)


@bp.get("/imports/<int:import_id>/skipped.csv")
@project_view(*EDITORS, edit=True, readable=False, import_id=import_loader)
def skipped(data_import):
    """The skipped rows as they were, with the reason in a first column: fix them and import again."""
    table = services.table_of(data_import)
    by_line = {table.line_of(index): row for index, row in enumerate(data_import.rows)}
    rows = [[item["reason"], *by_line.get(item["line"], [])] for item in (data_import.outcome or {}).get("skipped", [])]
    return attachment(to_csv(["Why it was skipped", *data_import.headers], rows), "text/csv; charset=utf-8",
                      f"skipped-rows-{data_import.id}.csv")
