"""The planned configuration (issue 21): a CSV per kind from a round's snapshot, and the Teams
PowerShell script, where customer text only ever stands inside single quotes with every single quote
(typographic ones too) doubled. PowerShell is not installed here: the script is tested as text."""
import csv
import io
import re

import pytest

from portal.reviews.configuration import Plan, ps_quote, teams_script

HOSTILE = "$(Remove-Item -Recurse C:\\) '; Stop-Computer; ' O’Brien ‘x‚ ‛y"


def _parts(name: str = "Ana Silva") -> dict:
    first, _, last = name.partition(" ")
    return {
        "sites": [{"id": 1, "name": "Main clinic", "time_zone": "America/Chicago"}],
        "phone_models": [{"id": 4, "vendor": "Poly", "model": "VVX 450"}],
        "seats": [{"id": 12, "first_name": first, "last_name": last, "email": "ana@example.com", "destination_id": 40,
                   "site_id": 1, "phone_model_id": 4, "voicemail_enabled": True, "teams_calling": True,
                   "outbound_permission": "long_distance"},
                  {"id": 13, "first_name": "Tom", "last_name": "Becker", "email": "tom@example.com",
                   "destination_id": 41}],
        "numbers": [{"id": 7, "e164": "+14155550101", "kind": "direct", "source": "new", "destination_id": 40,
                     "site_id": 1, "caller_id_name": None},
                    {"id": 8, "e164": "+14155550100", "kind": "main", "source": "ported", "destination_id": 45,
                     "site_id": 1, "caller_id_name": "Northwind"}],
        "call_groups": {"call_queues": [{"id": 1, "destination_id": 50, "routing": "longest_idle",
                                         "agent_alert_seconds": 20, "max_wait_seconds": 300, "overflow_calls": 4,
                                         "overflow_destination_id": 41, "timeout_destination_id": None}],
                        "ring_groups": [{"id": 1, "destination_id": 51, "strategy": "simultaneous", "ring_seconds": 20,
                                         "no_answer_destination_id": 50}],
                        "members": [{"destination_id": 50, "role": "agent", "seat_id": 12, "position": 1},
                                    {"destination_id": 50, "role": "agent", "seat_id": 13, "position": 2},
                                    {"destination_id": 51, "role": "member", "seat_id": 13, "position": 1}]},
        "call_flows": {
            "destinations": [{"id": 40, "name": name, "extension": "101"},
                             {"id": 41, "name": "Tom", "extension": "102"},
                             {"id": 45, "name": "Main menu", "extension": None},
                             {"id": 50, "name": "Scheduling", "extension": "170"},
                             {"id": 51, "name": "Front desk", "extension": "171"}],
            "menus": [{"id": 1, "destination_id": 45, "greeting_text": f"Hello {name}, press 1.",
                       "no_input_destination_id": 51, "invalid_destination_id": None, "dial_by_extension": True,
                       "dial_by_name": False}],
            "menu_keys": [{"auto_attendant_id": 1, "key": "1", "position": 0, "target_destination_id": 40},
                          {"auto_attendant_id": 1, "key": "2", "position": 1, "target_destination_id": 50}],
            "time_conditions": []},
    }


def _rows(kind) -> list[dict]:
    return list(csv.DictReader(io.StringIO(kind.csv().decode("utf-8-sig"))))


def test_each_kind_exports_a_csv_an_engineer_reads_line_by_line():
    kinds = {kind.key: kind for kind in Plan(_parts()).kinds()}
    users = _rows(kinds["users"])
    assert users[0] == {"Name": "Ana Silva", "E-mail": "ana@example.com", "Extension": "101",
                        "Direct number": "'+14155550101", "Site": "Main clinic", "Phone": "Poly VVX 450",
                        "Voicemail": "yes", "Teams calling": "yes", "Outbound calls": "long distance"}
    assert [row["Number"] for row in _rows(kinds["numbers"])] == ["'+14155550100", "'+14155550101"]
    assert _rows(kinds["numbers"])[0]["Rings"] == "Main menu"
    queue = _rows(kinds["queues"])[0]
    assert (queue["Queue"], queue["Agents"], queue["Overflow goes to"], queue["Timeout goes to"]) == (
        "Scheduling", "Ana Silva, Tom Becker", "Tom (102)", "hang up")
    assert _rows(kinds["groups"])[0]["Members"] == "Tom Becker"
    menu = _rows(kinds["auto_attendants"])[0]
    assert menu["Keys"] == "key 1: Ana Silva (101); key 2: Scheduling (170)"
    assert menu["When nothing is pressed"] == "Front desk (171)"
    assert [line.address for line in kinds["users"].lines] == ["seat:12", "seat:13"]  # each line disputable
    assert not kinds["time_conditions"].exported


def test_a_formula_in_customer_text_is_neutralized_in_the_csv():
    kinds = {kind.key: kind for kind in Plan(_parts("=HYPERLINK(x) Silva")).kinds()}
    assert _rows(kinds["users"])[0]["Name"] == "'=HYPERLINK(x) Silva"


@pytest.mark.parametrize("text, quoted", [
    ("Ana", "'Ana'"),
    ("O'Brien", "'O''Brien'"),
    ("O’Brien", "'O’’Brien'"),
    ("‘a’ ‚b‛", "'‘‘a’’ ‚‚b‛‛'"),
    ("'; Stop-Computer; '", "'''; Stop-Computer; '''"),
    ("$(Remove-Item x)", "'$(Remove-Item x)'"),
    ("", "''"),
    ("Line one\r\n# <# Remove-Item x\u2028end", "'Line one  # <# Remove-Item x end'"),
    (None, "''"),
])
def test_powershell_quoting_doubles_every_single_quote_character(text, quoted):
    assert ps_quote(text) == quoted


def _unquoted(script: str) -> str:
    """The script with every single-quoted string and comment taken out, as PowerShell tokenizes it:
    a quote character opens a string, two in a row inside it are one, a lone one closes it; a `#`
    outside a string comments out the rest of its line."""
    quotes, out, inside, index = "'\u2018\u2019\u201a\u201b", [], False, 0
    while index < len(script):
        char = script[index]
        if not inside and char == "#":
            index = script.find("\n", index) % (len(script) + 1)
            continue
        if inside and char in quotes and index + 1 < len(script) and script[index + 1] in quotes:
            index += 2
            continue
        if char in quotes:
            inside = not inside
        elif not inside:
            out.append(char)
        index += 1
    assert not inside, "a string is left open"
    return "".join(out)


def test_the_teams_script_keeps_a_hostile_name_as_text_inside_quotes():
    script = teams_script(Plan(_parts(f"Ana {HOSTILE}")), f"Northwind\r\nRemove-Item C:\\ {HOSTILE}", 3, "ab" * 32)
    code = _unquoted(script)
    assert "Remove-Item" not in code and "Stop-Computer" not in code and "Brien" not in code
    assert "$(" not in code
    for line in script.splitlines():
        assert line.startswith(("#", "$", "Set-Cs", "New-Cs")) or not line, line
    assert script.splitlines()[0].startswith("# Planned Microsoft Teams configuration: Northwind Remove-Item")


def test_the_teams_script_assigns_numbers_and_creates_the_queue_and_the_auto_attendant():
    script = teams_script(Plan(_parts()), "Northwind", 3, "ab" * 32)
    assert "Set-CsPhoneNumberAssignment -Identity 'ana@example.com' -PhoneNumber '+14155550101' " \
           "-PhoneNumberType OperatorConnect" in script
    queue = next(line for line in script.splitlines() if "New-CsCallQueue" in line)
    assert re.search(r"-Name 'Scheduling' -RoutingMethod LongestIdle -AgentAlertTime 20 -TimeoutThreshold 300", queue)
    assert "(Get-CsOnlineUser -Identity 'ana@example.com').Identity, (Get-CsOnlineUser -Identity " \
           "'tom@example.com').Identity" in queue
    assert "-DtmfResponse Tone1 -CallTarget (New-CsAutoAttendantCallableEntity -Identity 'ana@example.com' " \
           "-Type User)" in script
    assert "-DtmfResponse Tone2 -CallTarget (New-CsAutoAttendantCallableEntity -Identity 'Scheduling' " \
           "-Type ApplicationEndpoint)" in script
    assert "New-CsAutoAttendant -Name 'Main menu' -LanguageId 'en-US' -TimeZoneId 'Central Standard Time' " \
           "-DefaultCallFlow $flow_45" in script
    assert "(SHA-256 " + "ab" * 32 + ")" in script
