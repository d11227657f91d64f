"""The columns a real Microsoft 365 admin-center export and an Outlook contact export are given without
remapping, and the address rules the import compares a seat's E911 address with (issue 15)."""
from portal.core.addresses import Address, state_code
from portal.core.importing import suggest_mapping
from portal.worksheet.fields import SEAT_IMPORT_FIELDS

# Active users > Export users, as the admin center writes it (its columns in alphabetical order).
ADMIN_CENTER = ["Block credential", "City", "Country/Region", "Department", "DirSyncEnabled", "Display name", "Fax",
                "First name", "Last dirsync time", "Last name", "Last password change time stamp",
                "License assignment details", "Licenses", "Mobile Phone", "Oath token metadata", "Object Id", "Office",
                "Password never expires", "Phone number", "Postal code", "Preferred data location",
                "Preferred language", "Proxy addresses", "Release track", "Soft deletion time stamp", "State",
                "Street address", "Strong password required", "Title", "Usage location", "User principal name",
                "When created"]
# Outlook's File > Export > Comma Separated Values (contacts), the columns that matter and their neighbours.
OUTLOOK = ["Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department", "Job Title",
           "Business Street", "Business Street 2", "Business Street 3", "Business City", "Business State",
           "Business Postal Code", "Business Country/Region", "Home Street", "Home City", "Home State",
           "Home Postal Code", "Home Country/Region", "Assistant's Phone", "Business Fax", "Business Phone",
           "Business Phone 2", "Callback", "Car Phone", "Company Main Phone", "Home Fax", "Home Phone", "Mobile Phone",
           "Other Phone", "Pager", "Primary Phone", "Account", "Categories", "E-mail Address", "E-mail Type",
           "E-mail Display Name", "E-mail 2 Address", "Initials", "Location", "Manager's Name", "Notes",
           "Office Location", "User 1", "Web Page"]


def _named(headers: list[str]) -> dict[str, str]:
    """{header: the field it is suggested for}, for the columns that fill a field."""
    return {headers[index]: key for index, key in suggest_mapping(headers, SEAT_IMPORT_FIELDS).items() if key}


def test_the_admin_center_export_fills_every_field_it_has_and_nothing_else():
    assert _named(ADMIN_CENTER) == {
        "Display name": "display_name", "First name": "first_name", "Last name": "last_name",
        "User principal name": "email", "Title": "job_title", "Department": "department", "Office": "site",
        "Phone number": "direct_number", "Mobile Phone": "mobile", "Street address": "e911_street",
        "City": "e911_city", "State": "e911_state", "Postal code": "e911_postal_code",
        "Country/Region": "e911_country"}


def test_the_admin_centers_other_spellings_fill_the_same_fields():
    for phone in ("Phone number", "Office phone", "Business phone"):
        named = _named(["User principal name", "Job title", phone, "Mobile phone", "State or province",
                        "ZIP or postal code", "Country or region"])
        assert named == {"User principal name": "email", "Job title": "job_title", phone: "direct_number",
                         "Mobile phone": "mobile", "State or province": "e911_state",
                         "ZIP or postal code": "e911_postal_code", "Country or region": "e911_country"}


def test_the_user_templates_office_number_is_no_phone_number():
    named = _named(["User Name", "Display Name", "Office Number", "Office Phone", "Mobile Phone", "Fax"])
    assert named == {"User Name": "email", "Display Name": "display_name", "Office Phone": "direct_number",
                     "Mobile Phone": "mobile"}


def test_outlooks_export_fills_the_business_columns_and_leaves_the_rest():
    assert _named(OUTLOOK) == {
        "First Name": "first_name", "Last Name": "last_name", "Department": "department", "Job Title": "job_title",
        "Business Street": "e911_street", "Business Street 2": "e911_suite", "Business City": "e911_city",
        "Business State": "e911_state", "Business Postal Code": "e911_postal_code",
        "Business Country/Region": "e911_country", "Business Phone": "direct_number", "Mobile Phone": "mobile",
        "E-mail Address": "email", "Notes": "notes", "Office Location": "site"}


def test_a_column_that_names_a_field_better_wins_wherever_it_stands():
    assert _named(["Location", "Title", "Office", "Job title"]) == {"Office": "site", "Job title": "job_title"}
    assert _named(["Phone number", "DID"]) == {"DID": "direct_number"}
    assert _named(["Office", "Office"]) == {"Office": "site"} and suggest_mapping(
        ["Office", "Office"], SEAT_IMPORT_FIELDS) == {0: "site", 1: None}  # the first of two alike


SITE = Address("450 Sutter Street", "Suite 1200", "San Francisco", "CA", "94108", "US")


def test_an_address_written_otherwise_is_still_the_sites():
    for written in (Address("450 sutter st., STE 1200", None, "SAN  FRANCISCO", "California", "94108-2310", "us"),
                    Address("450 Sutter St #1200"), Address("450 Sutter Street", "1200", city="San Francisco")):
        assert written.is_at(SITE), written
    assert Address("12 North Harbor Boulevard", "Floor 3").is_at(Address("12 N Harbor Blvd", "Fl 3"))
    assert Address("9 West Lake Road").is_at(Address("9 W. Lake Rd."))
    assert Address("3 Elm Avenue").is_at(Address("3 Elm Ave")) and Address("8 Oak Drive").is_at(Address("8 Oak Dr"))


def test_another_suite_street_or_city_is_another_place():
    assert not Address("450 Sutter Street", "Suite 900").is_at(SITE)
    assert not Address("450 Sutter Street").is_at(SITE)  # the site's suite counts
    assert not Address("450 Sutter Street", "Suite 1200", "Oakland").is_at(SITE)
    assert not Address("45 Sutter Street", "Suite 1200").is_at(SITE)
    assert not Address("450 Sutter Street", "Suite 1200", postal_code="94109").is_at(SITE)


def test_a_state_is_read_by_its_code_or_its_name():
    assert [state_code(value) for value in ("ca", "California", " new york ", "ON", "")] == ["CA", "CA", "NY", "ON",
                                                                                           ""]
