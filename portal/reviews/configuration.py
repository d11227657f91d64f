"""The planned configuration (issue 21; seed 002's "shares the planned configuration" at the second
review), generated from a round's snapshot alone: what will be configured, kind by kind (users,
numbers, queues, groups, auto attendants, time conditions), each line at its address so the customer
can dispute exactly it; a CSV per kind for the engineer; and for Microsoft Teams Operator Connect
projects, a PowerShell script of the Teams cmdlets that would do it, to read and review, never run by
the portal.

Customer text goes into the script only inside single quotes, with every character PowerShell
treats as a single quote doubled (', and the typographic U+2018, U+2019, U+201A, U+201B), so
`$(Remove-Item ...)` or `'; ...` in a name stays text. Variable names are made of ids, never of text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tzlocal.windows_tz import tz_win

from portal.core.spreadsheets import to_csv
from portal.reviews.addresses import exit_label, routed_seats, seat_label

PS_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")  # what PowerShell reads as a single quote
DIGITS = frozenset("0123456789")
TEAMS_ROUTING = {"longest_idle": "LongestIdle", "round_robin": "RoundRobin", "serial": "Serial",
                 "simultaneous": "Attendant", "attendant": "Attendant"}


@dataclass(frozen=True)
class Line:
    address: str
    cells: tuple


@dataclass(frozen=True)
class Kind:
    key: str  # users, numbers, queues, groups, auto_attendants, time_conditions
    title: str
    headers: tuple[str, ...]
    lines: tuple[Line, ...]
    exported: bool = True  # a CSV of its own

    def csv(self) -> bytes:
        return to_csv(list(self.headers), [list(line.cells) for line in self.lines])


class Plan:
    """A round's snapshot read once into what the configuration needs: names of every destination,
    the members of each group, the numbers of each destination."""

    def __init__(self, parts: dict):
        self.parts = parts
        flows = parts["call_flows"]
        self.destinations = {item["id"]: item for item in flows["destinations"]}
        self.sites = {site["id"]: site for site in parts["sites"]}
        self.models = {model["id"]: f"{model['vendor']} {model['model']}" for model in parts["phone_models"]}
        self.seats = {seat["id"]: seat for seat in routed_seats(parts)}
        self.members: dict[tuple[int, str], list[int]] = {}
        for member in sorted(parts["call_groups"]["members"], key=lambda item: item["position"]):
            self.members.setdefault((member["destination_id"], member["role"]), []).append(member["seat_id"])

    def name(self, destination_id: int | None) -> str:
        if destination_id is None:
            return "hang up"
        found = self.destinations.get(destination_id)
        if found is None:
            return "a removed destination"
        return f"{found['name']} ({found['extension']})" if found.get("extension") else found["name"]

    def people(self, destination_id: int, role: str) -> str:
        """The names of the seats in a group or queue, in their order."""
        return ", ".join(seat_label(seat) for seat in self.seated(destination_id, role))

    def seated(self, destination_id: int, role: str) -> list[dict]:
        return [self.seats[key] for key in self.members.get((destination_id, role), ()) if key in self.seats]

    def step(self, destination_id: int) -> tuple[str, str]:
        """A group's, queue's or menu's name and extension."""
        found = self.destinations[destination_id]
        return found["name"], found.get("extension") or ""

    def kinds(self) -> list[Kind]:
        return [self.users(), self.numbers(), self.queues(), self.groups(), self.auto_attendants(),
                self.time_conditions()]

    def users(self) -> Kind:
        headers = ("Name", "E-mail", "Extension", "Direct number", "Site", "Phone", "Voicemail", "Teams calling",
                   "Outbound calls")
        lines = tuple(Line(f"seat:{seat['id']}", (
            seat_label(seat), seat.get("email") or "", seat.get("extension") or "", seat.get("direct_number") or "",
            self.sites.get(seat.get("site_id"), {}).get("name", ""), self.models.get(seat.get("phone_model_id"), ""),
            _yes(seat.get("voicemail_enabled")), _yes(seat.get("teams_calling")),
            _words(seat.get("outbound_permission")))) for seat in self.seats.values())
        return Kind("users", "Users", headers, lines)

    def numbers(self) -> Kind:
        headers = ("Number", "Kind", "Source", "Rings", "Site", "Caller ID name")
        lines = tuple(Line(f"number:{number['id']}", (
            number["e164"] or f"requested ({number.get('requested_area_code') or 'any'})", number["kind"],
            number["source"], self.name(number["destination_id"]) if number["destination_id"] else "nothing yet",
            self.sites.get(number.get("site_id"), {}).get("name", ""), number.get("caller_id_name") or ""))
            for number in sorted(self.parts["numbers"], key=lambda item: (item["e164"] or "", item["id"])))
        return Kind("numbers", "Numbers", headers, lines)

    def queues(self) -> Kind:
        headers = ("Queue", "Extension", "Routing", "Agents", "Agent alert (s)", "Longest wait (s)",
                   "Overflow after (calls)", "Overflow goes to", "Timeout goes to", "Music on hold")
        lines = tuple(Line(f"node:{queue['destination_id']}", (
            *self.step(queue["destination_id"]), _words(queue.get("routing")),
            self.people(queue["destination_id"], "agent"), queue.get("agent_alert_seconds") or "",
            queue.get("max_wait_seconds") or "", queue.get("overflow_calls") or "",
            self.name(queue.get("overflow_destination_id")), self.name(queue.get("timeout_destination_id")),
            queue.get("music_on_hold") or "")) for queue in self._of("call_groups", "call_queues"))
        return Kind("queues", "Call queues", headers, lines)

    def groups(self) -> Kind:
        headers = ("Group", "Extension", "Rings", "Members", "Ring time (s)", "No answer goes to")
        lines = tuple(Line(f"node:{group['destination_id']}", (
            *self.step(group["destination_id"]), _words(group.get("strategy")),
            self.people(group["destination_id"], "member"), group.get("ring_seconds") or "",
            self.name(group.get("no_answer_destination_id")))) for group in self._of("call_groups", "ring_groups"))
        return Kind("groups", "Ring groups", headers, lines)

    def menu_keys(self, menu: dict) -> list[tuple[str, int | None]]:
        return [(key["key"], key["target_destination_id"]) for key in sorted(
            self.parts["call_flows"]["menu_keys"], key=lambda item: item["position"])
            if key["auto_attendant_id"] == menu["id"]]

    def auto_attendants(self) -> Kind:
        headers = ("Auto attendant", "Greeting", "Keys", "When nothing is pressed", "After a key not set",
                   "Dial by extension", "Dial by name")
        lines = tuple(Line(f"node:{menu['destination_id']}", (
            self.destinations[menu["destination_id"]]["name"], menu.get("greeting_text") or "(a recording)",
            "; ".join(f"{exit_label('key:' + key)}: {self.name(target)}" for key, target in self.menu_keys(menu)),
            self.name(menu.get("no_input_destination_id")), self.name(menu.get("invalid_destination_id")),
            _yes(menu.get("dial_by_extension")), _yes(menu.get("dial_by_name"))))
            for menu in self._of("call_flows", "menus"))
        return Kind("auto_attendants", "Auto attendants", headers, lines)

    def time_conditions(self) -> Kind:
        headers = ("Time condition", "Hours", "While open", "While closed", "On holidays")
        lines = tuple(Line(f"node:{item['destination_id']}", (
            self.destinations[item["destination_id"]]["name"],
            f"the hours of {self.sites.get(item.get('site_id'), {}).get('name', 'its site')}" if item["follows_site"]
            else "its own hours", self.name(item.get("open_destination_id")),
            self.name(item.get("closed_destination_id")), self.name(item.get("holiday_destination_id"))))
            for item in self._of("call_flows", "time_conditions"))
        return Kind("time_conditions", "Time conditions", headers, lines, exported=False)

    def _of(self, part: str, table: str) -> list[dict]:
        return sorted(self.parts[part][table], key=lambda item: item["id"])


def _yes(value) -> str:
    return "yes" if value else "no"


def _words(value: str | None) -> str:
    return (value or "").replace("_", " ")


def ps_quote(text) -> str:
    """`text` as a PowerShell single-quoted string: each of its single quotes (typographic ones too)
    doubled, so nothing in it is ever run; line breaks and other control characters become spaces,
    so a string cannot show the reader a line that looks like code."""
    return "'" + "".join(char * 2 if char in PS_QUOTES else " " if _breaks(char) else char
                         for char in str(text or "")) + "'"


def _breaks(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def teams_script(plan: Plan, project_name: str, round_number: int, sha256: str) -> str:
    """The Teams cmdlets that would configure the round: number assignments, call queues and auto
    attendants. A review aid: each line is read and checked before anyone runs it."""
    lines = [f"# Planned Microsoft Teams configuration: {_comment(project_name)}, round {round_number}",
             f"# Generated from the round's frozen snapshot (SHA-256 {sha256}).",
             "# The portal never runs it. Read and check every line, then run it yourself in a session",
             "# connected with Connect-MicrosoftTeams. Customer text is only ever inside single quotes.",
             "$ErrorActionPreference = 'Stop'", "", "# Numbers assigned to users (Operator Connect)"]
    for seat in plan.seats.values():
        if seat.get("email") and seat.get("direct_number"):
            lines.append(f"Set-CsPhoneNumberAssignment -Identity {ps_quote(seat['email'])} -PhoneNumber "
                         f"{ps_quote(seat['direct_number'])} -PhoneNumberType OperatorConnect")
    lines += ["", "# Call queues (each needs a resource account with its number afterwards)"]
    for queue in plan._of("call_groups", "call_queues"):
        lines += _queue(plan, queue)
    lines += ["", "# Auto attendants"]
    for menu in plan._of("call_flows", "menus"):
        lines += _auto_attendant(plan, menu)
    return "\r\n".join(lines) + "\r\n"


def _queue(plan: Plan, queue: dict) -> list[str]:
    destination_id = queue["destination_id"]
    agents = plan.seated(destination_id, "agent")
    users = ", ".join(f"(Get-CsOnlineUser -Identity {ps_quote(seat['email'])}).Identity"
                      for seat in agents if seat.get("email"))
    routing = TEAMS_ROUTING.get(queue.get("routing") or "", "Attendant")
    return [f"$queue_{destination_id} = New-CsCallQueue -Name {ps_quote(plan.destinations[destination_id]['name'])} "
            f"-RoutingMethod {routing} -AgentAlertTime {int(queue.get('agent_alert_seconds') or 30)} "
            f"-TimeoutThreshold {int(queue.get('max_wait_seconds') or 1200)} -LanguageId 'en-US' "
            f"-Users @({users})"]


def _auto_attendant(plan: Plan, menu: dict) -> list[str]:
    """The menu's options (keys 0-9 that go somewhere; Teams has no option for * and #), its prompt,
    menu, call flow and the auto attendant in the site's time zone."""
    destination_id = menu["destination_id"]
    name = plan.destinations[destination_id]["name"]
    dialled = [(key, target) for key, target in plan.menu_keys(menu) if target is not None and key in DIGITS]
    options = [f"$option_{destination_id}_{key} = New-CsAutoAttendantMenuOption -Action TransferCallToTarget "
               f"-DtmfResponse Tone{key} -CallTarget (New-CsAutoAttendantCallableEntity -Identity "
               f"{ps_quote(_target(plan, target))} -Type {_target_type(plan, target)})" for key, target in dialled]
    variables = ", ".join(f"$option_{destination_id}_{key}" for key, _ in dialled)
    by_name = "$true" if menu.get("dial_by_name") else "$false"
    greeting = menu.get("greeting_text") or f"Welcome to {name}."
    zone = tz_win.get(_zone(plan) or "", "UTC")
    return [*options,
            f"$prompt_{destination_id} = New-CsAutoAttendantPrompt -TextToSpeechPrompt {ps_quote(greeting)}",
            f"$menu_{destination_id} = New-CsAutoAttendantMenu -Name {ps_quote(name)} "
            f"-Prompts @($prompt_{destination_id}) -MenuOptions @({variables}) -EnableDialByName {by_name}",
            f"$flow_{destination_id} = New-CsAutoAttendantCallFlow -Name {ps_quote(name)} -Menu $menu_{destination_id}",
            f"New-CsAutoAttendant -Name {ps_quote(name)} -LanguageId 'en-US' -TimeZoneId {ps_quote(zone)} "
            f"-DefaultCallFlow $flow_{destination_id}"]


def _user_at(plan: Plan, destination_id: int) -> dict | None:
    """The seat a key rings, when it is a person with a sign-in name (their e-mail)."""
    return next((seat for seat in plan.seats.values()
                 if seat.get("destination_id") == destination_id and seat.get("email")), None)


def _target(plan: Plan, destination_id: int) -> str:
    """Who a key transfers to: a user's e-mail, else the step's name, for the engineer to replace with
    its resource account."""
    seat = _user_at(plan, destination_id)
    return seat["email"] if seat is not None else plan.destinations.get(destination_id, {}).get("name", "")


def _target_type(plan: Plan, destination_id: int) -> str:
    return "User" if _user_at(plan, destination_id) is not None else "ApplicationEndpoint"


def _zone(plan: Plan) -> str | None:
    """The time zone of the first site with one (Teams names it the Windows way)."""
    return next((site.get("time_zone") for site in plan.sites.values() if site.get("time_zone")), None)


def _comment(text: str) -> str:
    """Customer text in a comment: one line, so it cannot end the comment and start a command."""
    return " ".join(str(text).split())
