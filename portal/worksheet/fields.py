"""The worksheet's import fields, with the headers Microsoft 365, Outlook and the portal use.

A field's label and aliases are in the order a column is preferred when several name it (see
`suggest_mapping`): Outlook's contact export has both a courtesy "Title" and a "Job Title", the
admin center's user export only "Title". The Microsoft 365 user template's "Office Number" is an
office or room number (its example rows say 123451): neither a phone number nor a site, so it is
left for the person to map.
"""
from __future__ import annotations

from portal.core.importing import SPLIT_NAME, TargetField

SEAT_IMPORT_FIELDS = [
    TargetField("seat_id", "Seat id", ("Portal seat id",)),
    TargetField("first_name", "First name", ("Given name", "Firstname")),
    TargetField("last_name", "Last name", ("Surname", "Family name", "Lastname")),
    TargetField(SPLIT_NAME, "Name (first and last)", ("Name", "Full name", "Employee name", "User")),
    TargetField("display_name", "Display name", ("Displayname",)),
    TargetField("email", "E-mail", ("Email", "E-mail Address", "Email address", "User principal name", "UPN",
                                    "User Name", "Username", "Mail", "Primary SMTP address")),
    TargetField("extension", "Extension", ("Ext", "Ext.", "Extension number")),
    TargetField("direct_number", "Direct number", ("DID", "Phone number", "Office Phone", "Business Phone",
                                                   "Telephone number", "Work phone")),
    TargetField("mobile", "Mobile", ("Mobile Phone", "Mobile number", "Cell", "Cell phone")),
    TargetField("job_title", "Job title", ("Title",)),
    TargetField("department", "Department", ("Dept",)),
    TargetField("seat_type", "User type", ("Type", "Seat type", "Role")),
    TargetField("site", "Site", ("Office", "Office location", "Location")),
    TargetField("e911_street", "E911 street", ("Street address", "Address", "Street", "Business Street")),
    TargetField("e911_suite", "E911 suite or floor", ("Suite", "Suite or floor", "Business Street 2",
                                                      "Street address 2", "Address line 2", "Address 2")),
    TargetField("e911_city", "E911 city", ("City", "Business City")),
    TargetField("e911_state", "E911 state", ("State", "State or Province", "Business State", "Province")),
    TargetField("e911_postal_code", "E911 ZIP", ("ZIP", "ZIP or Postal Code", "Postal code", "Zip code",
                                                "Business Postal Code")),
    TargetField("e911_country", "E911 country", ("Country", "Country/Region", "Country or Region",
                                                 "Business Country/Region")),
    TargetField("phone_model", "Phone model", ("Phone", "Handset", "Device", "Model")),
    TargetField("voicemail_enabled", "Voicemail", ("Voice mail",)),
    TargetField("voicemail_to_email", "Voicemail to e-mail", ("Voicemail to email",)),
    TargetField("fax_to_email", "Fax to e-mail", ("Fax to email",)),
    TargetField("softphone", "Softphone", ("Mobile app", "Softphone/mobile app")),
    TargetField("teams_calling", "Teams calling", ("Microsoft Teams", "Teams")),
    TargetField("recording_mode", "Call recording", ("Recording",)),
    TargetField("notes", "Notes", ("Comments", "Note")),
    # The questionnaire's (section 2): not in the worksheet's export, but pasted and imported alike.
    TargetField("call_forwarding", "Call forwarding", ("Forwarding",)),
    TargetField("simultaneous_ring", "Simultaneous ring", ("Find me follow me", "Sim ring")),
    TargetField("call_waiting", "Call waiting"),
    TargetField("do_not_disturb", "Do not disturb", ("DND",)),
    TargetField("intercom", "Intercom"),
    TargetField("paging", "Paging group", ("Paging",)),
    TargetField("call_park", "Call park", ("Park",)),
    TargetField("outbound_permission", "Outbound calls", ("Outbound permission", "Calling permission",
                                                          "Class of service")),
]
