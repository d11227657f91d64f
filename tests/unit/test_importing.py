"""Suggesting the field of each column from its header, and applying a mapping to a row."""
from portal.core.importing import SPLIT_NAME, apply_mapping, split_name, suggest_mapping
from portal.worksheet.fields import SEAT_IMPORT_FIELDS

M365_TEMPLATE = ["User Name", "First Name", "Last Name", "Display Name", "Job Title", "Department",
                 "Office Number", "Office Phone", "Mobile Phone", "Fax", "Alternate email address", "Address",
                 "City", "State or Province", "ZIP or Postal Code", "Country or Region"]
OUTLOOK = ["First Name", "Last Name", "E-mail Address", "Business Phone", "Mobile Phone", "Job Title",
           "Department", "Business Street", "Business City", "Business State", "Business Postal Code",
           "Business Country/Region"]


def test_the_microsoft_365_user_template_is_recognised():
    mapping = suggest_mapping(M365_TEMPLATE, SEAT_IMPORT_FIELDS)
    named = {M365_TEMPLATE[index]: key for index, key in mapping.items()}
    assert named["User Name"] == "email" and named["First Name"] == "first_name"
    assert named["Office Phone"] == "direct_number"
    assert named["Office Number"] is None  # the template's room number: neither a phone number nor a site
    assert named["Mobile Phone"] == "mobile" and named["State or Province"] == "e911_state"
    assert named["Fax"] is None and named["Alternate email address"] is None


def test_outlooks_contact_export_is_recognised():
    mapping = suggest_mapping(OUTLOOK, SEAT_IMPORT_FIELDS)
    assert [mapping[index] for index in range(len(OUTLOOK))] == [
        "first_name", "last_name", "email", "direct_number", "mobile", "job_title", "department", "e911_street",
        "e911_city", "e911_state", "e911_postal_code", "e911_country"]


def test_headers_match_whatever_their_case_and_punctuation():
    suggested = suggest_mapping(["E-MAIL", "ext.", "seat_id"], SEAT_IMPORT_FIELDS)
    assert suggested == {0: "email", 1: "extension", 2: "seat_id"}


def test_a_name_column_is_split_into_first_and_last():
    assert split_name("Lopez, Maria") == ("Maria", "Lopez")
    assert split_name("Maria del Carmen  Lopez") == ("Maria del Carmen", "Lopez")
    assert split_name("Reception") == ("Reception", "")
    values = apply_mapping(["Lopez, Maria", "maria@example.com", ""], {0: SPLIT_NAME, 1: "email", 2: "mobile"})
    assert values == {"first_name": "Maria", "last_name": "Lopez", "email": "maria@example.com"}


def test_a_cell_names_an_enum_member_by_value_title_or_alias():
    from portal.core.importing import enum_cell
    from portal.models.telephony import NumberKind, OutboundPermission
    assert enum_cell("Toll-free", NumberKind) == enum_cell("toll_free", NumberKind) == NumberKind.TOLL_FREE
    assert enum_cell("  LONG   distance ", OutboundPermission) == OutboundPermission.LONG_DISTANCE
    assert enum_cell("Main number", NumberKind) == NumberKind.MAIN
    assert enum_cell("DID", NumberKind, {"did": NumberKind.DIRECT}) == NumberKind.DIRECT
    assert enum_cell("pager", NumberKind) is None
