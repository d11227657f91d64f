"""What changed between two rounds (issue 21 begun): computed from two snapshots alone, part by part,
added, removed and changed (old -> new), at the addresses findings use; the effective keys compared
position by position."""
import copy

from portal.reviews.diff import diff


def _parts() -> dict:
    return {
        "sites": [{"id": 1, "name": "Main clinic", "time_zone": "America/Chicago", "hours": []}],
        "seats": [{"id": 12, "first_name": "Ana", "last_name": "Silva", "email": "ana@example.com",
                   "sort_name": "silva ana", "updated_at": "2026-12-01T10:00:00+00:00", "destination_id": 40},
                  {"id": 13, "first_name": "Tom", "last_name": "Becker", "email": None, "destination_id": 41}],
        "numbers": [{"id": 7, "e164": "+14155550100", "destination_id": 40, "kind": "direct"}],
        "key_layouts": {"defaults": {}, "own_layouts": 0, "seats": [
            {"seat_id": 12, "phone_model_id": 3, "keys": [
                {"position": 1, "function": "line", "label": "Line", "target": "", "own": False},
                {"position": 2, "function": "blf", "label": "Tom", "target": "101", "own": True}]}]},
        "call_flows": {"destinations": [{"id": 40, "extension": "100"}, {"id": 41, "extension": "101"}],
                       "graph": {"entries": {}, "nodes": [
            {"id": 45, "kind": "auto_attendant", "name": "Main menu", "greeting": "Press 1.",
             "edges": [{"label": "key:1", "target": 40}, {"label": "key:2", "target": None}]}]}},
        "questionnaire": {"dial_plans": [{"id": 1, "project_id": 9, "extension_length": 3}],
                          "calling_policies": [{"id": 1, "project_id": 9, "emergency_email": None}]},
        "porting": [{"id": 3, "account_number": "8831", "btn": "+14155550199", "documents": [], "signatures": []}],
    }


def test_the_same_round_has_no_change():
    assert diff(_parts(), copy.deepcopy(_parts())) == []


def test_added_removed_and_changed_things_are_named_at_their_addresses():
    old, new = _parts(), _parts()
    new["seats"][0].update(email="ana.silva@example.com", sort_name="x", updated_at="2026-12-04T10:00:00+00:00")
    del new["seats"][1]
    new["seats"].append({"id": 14, "first_name": "José", "last_name": "Núñez"})
    new["numbers"][0]["destination_id"] = 41  # Ana's direct number now rings Tom's desk
    new["call_flows"]["graph"]["nodes"][0]["edges"][1]["target"] = 40
    new["questionnaire"]["calling_policies"][0]["emergency_email"] = "security@example.com"
    new["porting"][0]["btn"] = "+14155550100"
    changes = {(change.kind, change.address): change for change in diff(old, new)}
    assert changes[("changed", "seat:12")].fields == (("direct_number", "+14155550100", None),
                                                      ("email", "ana@example.com", "ana.silva@example.com"))
    assert changes[("removed", "seat:13")].label == "Tom Becker" and changes[("added", "seat:14")].label == "José Núñez"
    assert changes[("changed", "number:7")].fields == (("destination_id", 40, 41),)
    assert changes[("changed", "node:45")].fields == (("key:2", None, 40),)
    assert changes[("changed", "section:5/emergency_email")].fields == (
        ("emergency_email", None, "security@example.com"),)
    assert changes[("changed", "port_request:3")].fields == (("btn", "+14155550199", "+14155550100"),)
    assert len(changes) == 7  # the sort name and the time of the change are not answers


def test_a_sites_hours_are_one_answer_at_its_address():
    old, new = _parts(), _parts()
    old["sites"][0]["hours"] = [{"weekday": "tue", "starts": "08:00:00", "ends": "17:00:00", "id": 2},
                                {"weekday": "mon", "starts": "08:00:00", "ends": "17:00:00", "id": 1}]
    new["sites"][0]["hours"] = [{"weekday": "mon", "starts": "08:00:00", "ends": "17:00:00", "id": 5},
                                {"weekday": "tue", "starts": "08:00:00", "ends": "12:00:00", "id": 6}]
    (change,) = diff(old, new)
    assert change.fields == (("hours", "mon 08:00-17:00, tue 08:00-17:00", "mon 08:00-17:00, tue 08:00-12:00"),)
    assert change.answers("site:1/hours") and not change.answers("site:1/name")


def test_keys_are_compared_by_their_effective_layout_position_by_position():
    old, new = _parts(), _parts()
    keys = new["key_layouts"]["seats"][0]["keys"]
    keys[1].update(target="102", own=False)  # the same seat's key 2 now watches 102; where it comes from is no change
    keys.append({"position": 3, "function": "park", "label": "Park", "target": "", "own": False})
    changes = diff(old, new)
    assert [(change.kind, change.address, change.fields) for change in changes] == [
        ("changed", "seat:12/key:2", (("target", "101", "102"),)), ("added", "seat:12/key:3", ())]
