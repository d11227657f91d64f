"""What is wrong with a seat, in words for the person, shown next to it and counted on the page."""
from __future__ import annotations

from collections import Counter

from portal.models.telephony import Seat


def seat_problems(seat: Seat, duplicate_emails: set[str]) -> list[str]:
    return [message for _, message in seat_findings(seat, duplicate_emails)]


def seat_findings(seat: Seat, duplicate_emails: set[str]) -> list[tuple[str, str]]:
    """(the column it concerns, what is wrong) of each problem of the seat."""
    problems = []
    if not (seat.first_name or seat.last_name or seat.device_label):
        problems.append(("first_name", "No name: enter the person's name, or a label for a device."))
    if seat.email and seat.email.lower() in duplicate_emails:
        problems.append(("email", f"{seat.email} is used by another seat too."))
    if seat.site_id is None and not seat.e911_street:
        problems.append(("site_id", "No emergency address: choose a site or enter an E911 address."))
    if seat.phone_model_id is None and seat.phone_model_raw:
        problems.append(("phone_model_id", f"The phone model “{seat.phone_model_raw}” is not in the catalog: "
                                           f"choose one."))
    if seat.voicemail_to_email and not seat.email:
        problems.append(("email", "Voicemail to e-mail needs an e-mail address."))
    return problems


def duplicate_emails(seats: list[Seat]) -> set[str]:
    counts = Counter(seat.email.lower() for seat in seats if seat.email)
    return {email for email, count in counts.items() if count > 1}


def problems_by_seat(seats: list[Seat]) -> dict[int, list[str]]:
    duplicates = duplicate_emails(seats)
    return {seat.id: seat_problems(seat, duplicates) for seat in seats}
