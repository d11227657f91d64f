"""`flask db upgrade` over 0022_seat_finding keeps an existing database's seats and fills their sort and
search columns (what `test_upgrade_keeps_data` does for the first revisions)."""
import sqlite3

from flask_migrate import downgrade

from portal.extensions import db
from tests.conftest import make_test_app
from tests.unit.test_upgrade_keeps_data import _upgrade_in_a_new_process_like_the_cli as upgrade_to

PEOPLE = [("Martin", "Ødegaard", None, "martin@example.com"), ("Ana", "García", None, "ana@example.com"),
          (None, None, "Łobby phone", None)]


def _database_with_seats_before_0022(tmp_path):
    """An SQLite database at 0021 holding an organization, a project and the seats of PEOPLE, plus
    1,000 more so that the fill runs over more than one batch."""
    upgrade_to(tmp_path, "0021_mail_outbox")
    rows = [(number, *person) for number, person in
            enumerate(PEOPLE + [(f"Person{n}", "Berg", None, None) for n in range(1000)], 1)]
    with sqlite3.connect(tmp_path / "old.sqlite3") as old:
        standard = old.execute("SELECT id FROM seat_types WHERE key = 'standard'").fetchone()[0]
        old.execute("INSERT INTO organizations (id, name, created_at) VALUES (1, 'Old Co', '2026-01-01')")
        old.execute("INSERT INTO projects (id, organization_id, product_id, name, started_on, target_go_live, "
                    "phase_id, phase_set_by_hand, created_at) SELECT 1, 1, min(products.id), 'Old project', "
                    "'2026-01-01', '2026-03-01', (SELECT min(id) FROM phases), 0, '2026-01-01' FROM products")
        old.executemany("INSERT INTO destinations (id, project_id, kind, name, extension) VALUES (?, 1, 'seat', ?, ?)",
                        [(number, label or f"{first} {last}", str(1000 + number))
                         for number, first, last, label, _ in rows])
        old.executemany("INSERT INTO seats (id, project_id, destination_id, first_name, last_name, device_label, "
                        "email, seat_type_id, voicemail_enabled, voicemail_to_email, fax_to_email, softphone, "
                        "teams_calling, recording_mode) VALUES (?, 1, ?, ?, ?, ?, ?, ?, 1, 0, 0, 0, 0, 'none')",
                        [(number, number, first, last, label, email, standard)
                         for number, first, last, label, email in rows])


def test_upgrading_keeps_the_seats_and_fills_what_they_are_sorted_and_found_by(tmp_path):
    _database_with_seats_before_0022(tmp_path)
    upgrade_to(tmp_path)
    with sqlite3.connect(tmp_path / "old.sqlite3") as outside:  # what was really committed
        seats = outside.execute("SELECT first_name, last_name, device_label, email, version, sort_name, search_text "
                                "FROM seats WHERE id <= 3 ORDER BY id").fetchall()
        unfilled = outside.execute("SELECT count(*) FROM seats WHERE sort_name = ''").fetchone()[0]
        last = outside.execute("SELECT sort_name FROM seats WHERE id = 1003").fetchone()[0]
        plan = " ".join(row[-1] for row in outside.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM seats WHERE project_id = 1 ORDER BY sort_name, id LIMIT 50"))
    assert seats == [
        ("Martin", "Ødegaard", None, "martin@example.com", 1, "odegaard martin", "martin odegaard martin@example.com"),
        ("Ana", "García", None, "ana@example.com", 1, "garcia ana", "ana garcia ana@example.com"),
        (None, None, "Łobby phone", None, 1, "lobbyphone", "lobby phone")]
    assert unfilled == 0 and last == "berg person999"
    assert "ix_seats_project_id_sort_name" in plan and "TEMP B-TREE" not in plan  # the page is read in index order


def test_downgrading_removes_the_columns_and_keeps_the_seats(tmp_path):
    _database_with_seats_before_0022(tmp_path)
    upgrade_to(tmp_path)
    with make_test_app(f"sqlite:///{tmp_path}/old.sqlite3", str(tmp_path)).app_context():
        downgrade(revision="0021_mail_outbox")
        db.engine.dispose()
    with sqlite3.connect(tmp_path / "old.sqlite3") as outside:
        columns = {row[1] for row in outside.execute("PRAGMA table_info(seats)")}
        count = outside.execute("SELECT count(*) FROM seats").fetchone()[0]
    assert "sort_name" not in columns and "search_text" not in columns and count == 1003
