"""The starter key layout (issue 15, item 5): a phone model not laid out yet opens with line keys,
voicemail, do not disturb and call park filled in, and one click on Save accepts them; a saved layout
is never replaced by the starter, and a draft wins over it."""
from sqlalchemy import select

from portal.models.questionnaire import KeyLayout
from portal.models.users import Role
from tests.factories import create_user
from tests.integration.test_questionnaire_keys import _page, _project

AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}
NOTICE = "A starter layout is filled in:"
STARTER = {"1": {"function": "line", "label": "Line 1", "target": ""},
           "2": {"function": "line", "label": "Line 2", "target": ""},
           "3": {"function": "voicemail", "label": "Voicemail", "target": ""},
           "4": {"function": "dnd", "label": "Do not disturb", "target": ""},
           "5": {"function": "park", "label": "Call park", "target": ""}}  # a Poly VVX 450: 12 keys, 14 characters


def _shown(client, path: str, *positions: int) -> list[tuple[str, str]]:
    """(function, label) of each key the form shows, as the browser would send them back."""
    values = client.form_values(path, "key_1_function")
    return [(values[f"key_{n}_function"], values[f"key_{n}_label"]) for n in positions]


def _default(session) -> KeyLayout | None:
    return session.scalars(select(KeyLayout).where(KeyLayout.seat_id.is_(None))).one_or_none()


def test_a_phone_not_laid_out_opens_with_the_starter_and_one_click_on_save_keeps_it(client, app, session):
    project, model, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/keys"
    path = f"{base}/models/{model.id}"
    client.login(contact.email)
    assert "Not laid out yet</span>: a starter layout is ready to check and save" in _page(client.get(base))
    page = _page(client.get(path))
    assert NOTICE in page and "check it and save, or change any key" in page
    assert _shown(client, path, 1, 2, 3, 4, 5, 6, 12) == [
        ("line", "Line 1"), ("line", "Line 2"), ("voicemail", "Voicemail"), ("dnd", "Do not disturb"),
        ("park", "Call park"), ("blank", ""), ("blank", "")]
    assert _default(session) is None  # shown, not stored
    as_shown = client.form_values(path, "key_1_function")  # what the browser sends when nobody types
    saved = client.post(path, data=as_shown)  # the one click: "Save the keys"
    assert saved.status_code == 303 and saved.headers["Location"] == base  # back to the list of layouts
    assert _default(session).keys == STARTER
    page = _page(client.get(saved.headers["Location"]))
    assert "The keys of Poly VVX 450 (default) were saved." in page and NOTICE not in page
    assert _shown(client, path, 3, 6) == [("voicemail", "Voicemail"), ("blank", "")]
    listing = _page(client.get(base))
    assert "Laid out" in listing and "Not laid out yet" not in listing


def test_a_saved_layout_is_shown_as_saved_and_never_refilled_with_the_starter(client, app, session):
    project, model, seats, contact = _project(app, session)
    path = f"/projects/{project.id}/questionnaire/keys/models/{model.id}"
    client.login(contact.email)
    typed = client.form_values(path, "key_1_function") | {"key_1_function": "dnd", "key_1_label": "DND"}
    typed |= {f"key_{n}_{part}": "blank" if part == "function" else "" for n in range(2, 6)
              for part in ("function", "label")}  # the person clears the rest of the starter
    assert client.post(path, data=typed).status_code == 303
    assert _default(session).keys == {"1": {"function": "dnd", "label": "DND", "target": ""}}
    assert NOTICE not in _page(client.get(path))
    assert _shown(client, path, 1, 2, 3) == [("dnd", "DND"), ("blank", ""), ("blank", "")]
    cleared = client.form_values(path, "key_1_function") | {"key_1_function": "blank", "key_1_label": ""}
    assert client.post(path, data=cleared).status_code == 303
    assert _default(session).keys == {}  # every key left blank, on purpose
    assert NOTICE not in _page(client.get(path)) and _shown(client, path, 1, 2) == [("blank", ""), ("blank", "")]


def test_people_who_only_read_see_no_starter_as_if_it_were_saved(client, app, session):
    project, model, seats, _ = _project(app, session)
    client.login(create_user(Role.VIEWER, project.organization).email)
    page = _page(client.get(f"/projects/{project.id}/questionnaire/keys/models/{model.id}"))
    assert "Not laid out yet: every key is blank" in page and NOTICE not in page
    assert "Key 1: Blank" in page and "Voicemail" not in page
    assert "a starter layout is ready" not in _page(client.get(f"/projects/{project.id}/questionnaire/keys"))


def test_a_draft_is_restored_over_the_starter_and_saved_with_it(client, app, session):
    project, model, seats, contact = _project(app, session)
    path = f"/projects/{project.id}/questionnaire/keys/models/{model.id}"
    client.login(contact.email)
    typed = client.form_values(path, "key_1_function") | {"key_2_function": "blf", "key_2_label": "Reception",
                                                           "key_2_target": "100"}
    assert client.post(path, data=typed, headers=AUTOSAVE).status_code == 200
    page = _page(client.get(path))
    assert "We restored your unsaved changes" in page and NOTICE not in page
    assert _shown(client, path, 1, 2, 3) == [("line", "Line 1"), ("blf", "Reception"), ("voicemail", "Voicemail")]
    assert client.post(path, data=client.form_values(path, "key_1_function")).status_code == 303
    assert _default(session).keys == STARTER | {"2": {"function": "blf", "label": "Reception", "target": "100"}}
    assert NOTICE not in _page(client.get(path)) and "We restored" not in _page(client.get(path))


def test_two_people_starting_from_the_starter_keep_both_changes(client, app, session):
    project, model, seats, contact = _project(app, session)
    path = f"/projects/{project.id}/questionnaire/keys/models/{model.id}"
    client.login(contact.email)
    other = app.test_client()
    other.login(create_user(Role.SECONDARY_CONTACT, project.organization).email)
    mine, theirs = client.form_values(path, "key_1_function"), other.form_values(path, "key_1_function")
    assert other.post(path, data=theirs | {"key_2_function": "blf", "key_2_label": "Reception",
                                           "key_2_target": "100"}).status_code == 303
    saved = client.post(path, data=mine | {"key_6_function": "speed_dial", "key_6_label": "Lab",
                                           "key_6_target": "(415) 555-0134"})
    assert saved.status_code == 303  # no conflict page: the starter is the base both began from
    assert _default(session).keys == STARTER | {
        "2": {"function": "blf", "label": "Reception", "target": "100"},
        "6": {"function": "speed_dial", "label": "Lab", "target": "(415) 555-0134"}}
