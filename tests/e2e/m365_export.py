"""A Microsoft 365 admin center "Export users" file of a 50-person customer (issue 15): the admin
center's headers and cell formats, UTF-8 with a byte order mark, accented names, two offices, 42
people with an office phone number the customer keeps and 8 without one.

The people are Lakeshore Outfitters': Chicago Headquarters (36, the customer-support team among them)
and Denver Office (14). Every address is its office's, written as people write it (abbreviated or
not, a state by name or code, a ZIP+4), so the import must see it as the site's, not an E911 override.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

DOMAIN = "lakeshore-outfitters.example"
CHICAGO, DENVER = "Chicago Headquarters", "Denver Office"
# What the provider's staff entered for the two offices (the sites), as the order gave them.
SITES = {
    CHICAGO: {"street": "233 South Wacker Drive", "suite": "Suite 4400", "city": "Chicago", "state": "IL",
              "postal_code": "60606", "country": "US", "time_zone": "America/Chicago"},
    DENVER: {"street": "1600 Wynkoop Street", "suite": None, "city": "Denver", "state": "CO",
             "postal_code": "80202", "country": "US", "time_zone": "America/Denver"},
}
# The admin center's columns (Active users > Export users), in its order.
HEADERS = ["User principal name", "Display name", "First name", "Last name", "Title", "Department", "Office",
           "Phone number", "Mobile Phone", "Fax", "Street address", "City", "State or province", "ZIP or postal code",
           "Country or region", "Usage location", "Preferred language", "Licenses", "Block credential",
           "When created"]
LICENSES = "Microsoft 365 Business Standard+Microsoft Teams Phone Standard"
SUPPORT_AGENT = "Customer Support Specialist"  # the call-center agents' title
RECEPTIONIST = "Receptionist"


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    title: str
    department: str
    office: str
    has_phone: bool = True
    mobile: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.first} {self.last}"


P = Person
PEOPLE = [
    # Chicago Headquarters: 36 people, 30 with an office number.
    P("Sofía", "García", RECEPTIONIST, "Reception", CHICAGO),
    P("Magnus", "Ødegaard", "Chief Executive Officer", "Executive", CHICAGO, mobile=True),
    P("Łukasz", "Nowak", "Chief Financial Officer", "Executive", CHICAGO, mobile=True),
    P("Zoë", "Lee", "Chief Operating Officer", "Executive", CHICAGO, mobile=True),
    P("José", "Núñez", "Customer Support Lead", "Customer Support", CHICAGO, mobile=True),
    P("Amélie", "Dubois", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Björn", "Lindqvist", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Chloé", "Martin", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Dmitri", "Ivanov", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Ewa", "Kowalczyk", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Fatima", "Al-Sayed", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Grégoire", "Lefèvre", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Hana", "Novák", SUPPORT_AGENT, "Customer Support", CHICAGO),
    P("Ingrid", "Søndergaard", "Sales Director", "Sales", CHICAGO, mobile=True),
    P("Javier", "Hernández", "Account Executive", "Sales", CHICAGO, mobile=True),
    P("Katarzyna", "Wiśniewska", "Account Executive", "Sales", CHICAGO, mobile=True),
    P("Liam", "O'Brien", "Account Executive", "Sales", CHICAGO, mobile=True),
    P("Maëlle", "Rousseau", "Sales Development Representative", "Sales", CHICAGO),
    P("Nikolaj", "Jørgensen", "Sales Development Representative", "Sales", CHICAGO),
    P("Oksana", "Shevchenko", "Sales Operations Analyst", "Sales", CHICAGO),
    P("Pål", "Haugen", "Account Executive", "Sales", CHICAGO, mobile=True),
    P("Renée", "Bergström", "Controller", "Finance", CHICAGO),
    P("Siobhán", "Ní Bhriain", "Accountant", "Finance", CHICAGO),
    P("Thảo", "Nguyễn", "Accounts Payable Specialist", "Finance", CHICAGO),
    P("Ümit", "Yılmaz", "Payroll Specialist", "Finance", CHICAGO),
    P("Valérie", "Gagnon", "Financial Analyst", "Finance", CHICAGO),
    P("Wojciech", "Zieliński", "IT Manager", "IT", CHICAGO, mobile=True),
    P("Xiomara", "Peña", "Systems Administrator", "IT", CHICAGO),
    P("Yusuf", "Çelik", "Operations Manager", "Operations", CHICAGO, mobile=True),
    P("Žofie", "Dvořáková", "Purchasing Coordinator", "Operations", CHICAGO),
    P("Aurélien", "Marchand", "Warehouse Associate", "Operations", CHICAGO, has_phone=False),
    P("Dóra", "Kovács", "Warehouse Associate", "Operations", CHICAGO, has_phone=False),
    P("Eoin", "MacGiolla", "Warehouse Associate", "Operations", CHICAGO, has_phone=False),
    P("Noémie", "Lambert", "Marketing Intern", "Marketing", CHICAGO, has_phone=False),
    P("Øystein", "Berg", "Marketing Coordinator", "Marketing", CHICAGO, has_phone=False),
    P("Đorđe", "Petrović", "IT Intern", "IT", CHICAGO, has_phone=False),
    # Denver Office: 14 people, 12 with an office number.
    P("Ana-Lucía", "Ramírez", RECEPTIONIST, "Reception", DENVER),
    P("François", "Côté", "Regional Manager", "Sales", DENVER, mobile=True),
    P("Gunnar", "Müller", "Account Executive", "Sales", DENVER, mobile=True),
    P("Hélène", "Fournier", "Account Executive", "Sales", DENVER, mobile=True),
    P("Ines", "Laurent", "Sales Development Representative", "Sales", DENVER),
    P("Jürgen", "Schäfer", "Sales Development Representative", "Sales", DENVER),
    P("Karolína", "Horáková", "Account Manager", "Sales", DENVER),
    P("Leilani", "Kahale", "Logistics Coordinator", "Operations", DENVER),
    P("Mateus", "Gonçalves", "Logistics Coordinator", "Operations", DENVER),
    P("Nuño", "Iglesias", "Shipping Supervisor", "Operations", DENVER, mobile=True),
    P("Olga", "Sørensen", "Bookkeeper", "Finance", DENVER),
    P("Pilar", "Muñoz", "Office Manager", "Finance", DENVER),
    P("Rafael", "Ávila", "Warehouse Associate", "Operations", DENVER, has_phone=False),
    P("Zoë", "Åkesson", "Warehouse Associate", "Operations", DENVER, has_phone=False),
]
FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "'": ""})


def ascii_name(text: str) -> str:
    import unicodedata
    plain = unicodedata.normalize("NFKD", text.translate(FOLD)).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "").replace("-", "")


def email_of(person: Person) -> str:
    return f"{ascii_name(person.first)}.{ascii_name(person.last)}@{DOMAIN}"


# People write the same office address differently; each is the site's address all the same.
ADDRESSES = {
    CHICAGO: [("233 S. Wacker Dr., Suite 4400", "Chicago", "Illinois", "60606"),
              ("233 South Wacker Drive Suite 4400", "Chicago", "IL", "60606-6306"),
              ("233 S Wacker Dr Ste 4400", "CHICAGO", "IL", "60606")],
    DENVER: [("1600 Wynkoop St", "Denver", "Colorado", "80202"),
             ("1600 Wynkoop Street", "Denver", "CO", "80202-1132")],
}
AREA = {CHICAGO: ("312", "773"), DENVER: ("720", "303")}
PHONE_FORMATS = ("+1 {a} 555 {n}", "({a}) 555-{n}", "{a}-555-{n}", "+1 ({a}) 555-{n}", "{a}.555.{n}")


def rows() -> list[dict[str, str]]:
    counters = {CHICAGO: [101, 101], DENVER: [101, 101]}  # next office and mobile line, 555-0101 on
    result = []
    for index, person in enumerate(PEOPLE):
        office_area, mobile_area = AREA[person.office]
        phone = mobile = ""
        if person.has_phone:
            phone = PHONE_FORMATS[index % len(PHONE_FORMATS)].format(a=office_area, n=f"0{counters[person.office][0]}")
            counters[person.office][0] += 1
        if person.mobile:
            mobile = f"+1 {mobile_area} 555 0{counters[person.office][1]}"
            counters[person.office][1] += 1
        street, city, state, postal = ADDRESSES[person.office][index % len(ADDRESSES[person.office])]
        result.append({
            "User principal name": email_of(person), "Display name": person.display_name,
            "First name": person.first, "Last name": person.last, "Title": person.title,
            "Department": person.department, "Office": person.office, "Phone number": phone,
            "Mobile Phone": mobile, "Fax": "", "Street address": street, "City": city,
            "State or province": state, "ZIP or postal code": postal, "Country or region": "United States",
            "Usage location": "US", "Preferred language": "en-US", "Licenses": LICENSES,
            "Block credential": "False", "When created": f"2024-0{1 + index % 9}-1{index % 10}T09:{index:02d}:00Z",
        })
    return result


def export_bytes() -> bytes:
    """The file as the admin center downloads it: UTF-8 with a BOM, CRLF line ends, every cell quoted."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows())
    return out.getvalue().encode("utf-8-sig")


def summary() -> dict[str, int]:
    people = rows()
    return {"users": len(people), "with office phone": sum(1 for row in people if row["Phone number"]),
            "without": sum(1 for row in people if not row["Phone number"]),
            CHICAGO: sum(1 for row in people if row["Office"] == CHICAGO),
            DENVER: sum(1 for row in people if row["Office"] == DENVER)}
