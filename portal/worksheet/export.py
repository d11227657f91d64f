"""The worksheet as a spreadsheet in the portal's own layout (with the seat id), and the blank
template with example rows and a sheet that explains each column."""
from __future__ import annotations

from portal.models.telephony import Seat
from portal.worksheet.fields import SEAT_IMPORT_FIELDS

EXPORT_KEYS = ["seat_id", "first_name", "last_name", "display_name", "email", "extension", "direct_number",
               "mobile", "job_title", "department", "seat_type", "site", "e911_street", "e911_city", "e911_state",
               "e911_postal_code", "e911_country", "phone_model", "voicemail_enabled", "voicemail_to_email",
               "fax_to_email", "softphone", "teams_calling", "recording_mode", "notes"]
LABELS = {field.key: field.label for field in SEAT_IMPORT_FIELDS}
HEADERS = [LABELS[key] for key in EXPORT_KEYS]
EXPLANATIONS = {
    "seat_id": "Filled in by the portal: keep it so a re-import updates the same seat. Leave empty for new seats.",
    "first_name": "The person's first name. For a device, leave first and last name empty and put the device's "
                  "label (like Lobby phone) in Display name.",
    "email": "Their work e-mail; voicemail to e-mail uses it.",
    "extension": "2 to 6 digits, unique in the project.",
    "direct_number": "The number that rings this seat, in any usual format (+1 415 555 0134 or (415) 555-0134).",
    "seat_type": "Standard user, Executive, Receptionist / operator, Call-center agent, Common-area phone, "
                 "Conference room or Fax.",
    "site": "The name of one of your sites; its address is the emergency address.",
    "e911_street": "Only when this seat's emergency address differs from its site's (with city, state, ZIP).",
    "phone_model": "A model from the catalog, like Poly VVX 450; anything else is kept and matched later.",
    "voicemail_enabled": "Yes or No (also for the other services).",
    "recording_mode": "No recording, On demand or Always.",
}
EXAMPLES = [
    ["", "Maria", "Lopez", "", "maria.lopez@example.com", "102", "+14155550134", "+14155550199", "Office manager",
     "Front office", "Standard user", "Main clinic", "", "", "", "", "", "Poly VVX 450", "Yes", "Yes", "No", "No",
     "No", "No recording", ""],
    ["", "", "", "Lobby phone", "", "150", "", "", "", "", "Common-area phone", "Main clinic", "", "", "", "", "",
     "Poly VVX 150", "No", "No", "No", "No", "No", "No recording", "Next to the entrance"],
]


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def seat_row(seat: Seat) -> list:
    values = {
        "seat_id": seat.id, "first_name": seat.first_name, "last_name": seat.last_name,
        "display_name": seat.display_name or seat.device_label, "email": seat.email, "extension": seat.extension,
        "direct_number": seat.direct_number, "mobile": seat.mobile, "job_title": seat.job_title,
        "department": seat.department, "seat_type": seat.seat_type.name, "site": seat.site.name if seat.site else "",
        "e911_street": seat.e911_street, "e911_city": seat.e911_city, "e911_state": seat.e911_state,
        "e911_postal_code": seat.e911_postal_code, "e911_country": seat.e911_country,
        "phone_model": seat.phone_model.title if seat.phone_model else seat.phone_model_raw,
        "voicemail_enabled": _yes(seat.voicemail_enabled), "voicemail_to_email": _yes(seat.voicemail_to_email),
        "fax_to_email": _yes(seat.fax_to_email), "softphone": _yes(seat.softphone),
        "teams_calling": _yes(seat.teams_calling), "recording_mode": seat.recording_mode.title, "notes": seat.notes,
    }
    return ["" if values[key] is None else values[key] for key in EXPORT_KEYS]


def explanation_rows() -> list[list[str]]:
    return [[LABELS[key], EXPLANATIONS.get(key, "")] for key in EXPORT_KEYS]
