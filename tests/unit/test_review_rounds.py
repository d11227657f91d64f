"""Review rounds' pure parts (issue 20): the stage transition table, every move allowed or refused;
the snapshot's canonical bytes and plain values (no PIN in them)."""
import itertools
from datetime import date, datetime, time, timedelta, timezone

import pytest

from portal.core.enums import TransitionError
from portal.core.snapshots import canonical, plain, row
from portal.models.reviews import PackageStage as S
from portal.models.telephony import Seat

ALLOWED = {
    (S.SUBMITTED, S.FIRST_REVIEW),
    (S.FIRST_REVIEW, S.ENGINEERING_REVIEW), (S.FIRST_REVIEW, S.CHANGES_REQUESTED),
    (S.ENGINEERING_REVIEW, S.SECOND_REVIEW), (S.ENGINEERING_REVIEW, S.CHANGES_REQUESTED),
    (S.SECOND_REVIEW, S.READY), (S.SECOND_REVIEW, S.CHANGES_REQUESTED),
    (S.CHANGES_REQUESTED, S.FIRST_REVIEW), (S.CHANGES_REQUESTED, S.ENGINEERING_REVIEW),
    (S.CHANGES_REQUESTED, S.SECOND_REVIEW),
    (S.READY, S.SCHEDULED),
}


@pytest.mark.parametrize("start,target", list(itertools.product(S, S)))
def test_every_stage_move_is_allowed_or_refused_by_the_table(start, target):
    assert start.can_become(target) == ((start, target) in ALLOWED)
    if (start, target) not in ALLOWED:
        with pytest.raises(TransitionError):
            start.check_transition(target)


def test_canonical_bytes_sort_keys_and_fix_separators():
    assert canonical({"b": [1, {"d": None, "c": True}], "a": "é"}) == '{"a":"é","b":[1,{"c":true,"d":null}]}'.encode()
    assert canonical({"a": 1}) == canonical(dict([("a", 1)]))


def test_plain_values_read_the_same_from_any_database():
    naive, aware = datetime(2026, 12, 4, 20, 30), datetime(2026, 12, 4, 15, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert plain(naive) == plain(aware) == "2026-12-04T20:30:00+00:00"  # SQLite's naive UTC, PostgreSQL's aware
    assert plain(date(2027, 1, 12)) == "2027-01-12" and plain(time(9, 30)) == "09:30:00"
    assert plain(S.READY) == "ready_for_configuration" and plain(b"png") == plain(b"png") != "png"


def test_a_row_never_holds_a_pin_only_whether_one_is_set():
    seat = Seat(id=3, project_id=1, first_name="Ana", voicemail_pin="4826", version=7)
    values = row(seat)
    assert values["voicemail_pin_set"] is True and "voicemail_pin" not in values and "version" not in values
    assert b"4826" not in canonical(values)
    assert row(Seat(id=4, project_id=1, voicemail_pin=None))["voicemail_pin_set"] is False


def test_an_older_rounds_snapshot_is_read_through_the_upgraders(monkeypatch):
    """A later schema registers how to read the one before it; a stored round's bytes never change."""
    from portal.core import snapshots
    monkeypatch.setattr(snapshots, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(snapshots.UPGRADERS, 1, lambda data: {**data, "parts": {"seats": data["parts"]["people"]}})
    monkeypatch.setitem(snapshots.UPGRADERS, 2, lambda data: {**data, "parts": {**data["parts"], "numbers": []}})
    stored = canonical({"schema": 1, "parts": {"people": [{"first_name": "Ana"}]}})
    assert snapshots.read(stored) == {"seats": [{"first_name": "Ana"}], "numbers": []}
    assert snapshots.read(canonical({"schema": 3, "parts": {"seats": []}})) == {"seats": []}
