"""Addresses (issue 21): parsed strictly, related when one holds the other, named from a round's
snapshot (None once the thing is gone), and matched by the changes that answer them."""
import pytest

from portal.reviews.addresses import Address, describe, parse, related
from portal.reviews.diff import Change


@pytest.mark.parametrize("text, parsed", [
    ("seat:12", Address("seat", 12)),
    ("seat:12/job_title", Address("seat", 12, "job_title")),
    ("seat:12/key:3", Address("seat", 12, "key:3")),
    ("node:45/key:#", Address("node", 45, "key:#")),
    ("number:7", Address("number", 7)),
    (" port_request:3/btn ", Address("port_request", 3, "btn")),
    ("section:5/emergency_email", Address("section", 5, "emergency_email")),
])
def test_addresses_are_read_back_as_written(text, parsed):
    assert parse(text) == parsed and str(parse(text)) == text.strip()


@pytest.mark.parametrize("text", ["", None, "seat", "seat:", "seat:x", "user:3", "seat:12/", "seat:12/Job",
                                  "seat:12/a/b", "seat:12/key:3/label", "seat:-1", "seat:1234567890",
                                  "seat:12/<script>", "section:5/" + "a" * 61])
def test_anything_else_is_not_an_address(text):
    assert parse(text) is None


def test_related_means_the_same_thing_or_one_inside_the_other():
    assert related("seat:12", "seat:12/job_title") and related("seat:12/job_title", "seat:12")
    assert related("seat:12/key:3", "seat:12/key:3")
    assert not related("seat:12/job_title", "seat:12/email")
    assert not related("seat:1", "seat:12")  # a prefix of the digits is another seat


def test_a_change_answers_the_fields_it_changed_and_the_whole_thing_only_when_added_or_removed():
    changed = Change("changed", "Seats", "seat:12", "Ana Silva", (("extension", "101", "120"),))
    assert changed.touched == ("seat:12/extension",)
    assert changed.answers("seat:12/extension") and changed.answers("seat:12")
    assert not changed.answers("seat:12/job_title")  # another column of the same seat: not answered
    removed = Change("removed", "Seats", "seat:12", "Ana Silva")
    assert removed.answers("seat:12/job_title") and not removed.answers("seat:13")
    key = Change("changed", "Keys", "seat:12/key:3", "key 3", (("target", "101", "102"),))
    assert key.answers("seat:12/key:3") and not key.answers("seat:12/key:4")


def test_a_thing_is_named_in_its_round_and_not_found_once_removed(app):
    parts = {"project": {"id": 9}, "sites": [{"id": 2, "name": "Main clinic"}],
             "seats": [{"id": 12, "first_name": "Ana", "last_name": "Silva", "email": None, "destination_id": 40}],
             "numbers": [{"id": 7, "e164": "+14155550101", "kind": "direct", "destination_id": 40}],
             "key_layouts": {"seats": [{"seat_id": 12, "keys": [{"position": 1}, {"position": 2}]}]},
             "call_flows": {"destinations": [{"id": 40, "extension": "101"}], "graph": {"nodes": [
                 {"id": 45, "kind": "auto_attendant", "name": "Main menu", "greeting": "Press 1.",
                  "edges": [{"label": "key:1", "target": 40}, {"label": "no_input", "target": None}]}]}},
             "questionnaire": {"calling_policies": [{"id": 1, "emergency_email": None}]}, "porting": []}
    with app.test_request_context():
        assert describe(parts, "seat:12") == "Ana Silva"
        assert describe(parts, "seat:12/direct_number") == "Ana Silva: direct number"
        assert describe(parts, "seat:12/key:2") == "Ana Silva: key 2"
        assert describe(parts, "node:45/key:1") == "Main menu: key 1"
        assert describe(parts, "node:45/no_input") == "Main menu: when nothing is pressed"
        assert describe(parts, "number:7") == "(415) 555-0101"
        assert describe(parts, "section:5/emergency_email").endswith(": emergency email")
        assert describe(parts, "project:9") == "The package as a whole"
        for gone in ("seat:13", "seat:12/key:3", "node:46", "node:45/key:2", "seat:12/id", "section:6"):
            assert describe(parts, gone) is None, gone
