"""Which record a file's value most likely means (issue 15, item 4): every word of the shorter name
in the other, folded; no guess between equals and none for names that only share a word."""
from portal.core.importing import Named, distinct_values, likeness, suggest_record, value_key
from portal.worksheet.importer import site_address

SITES = [Named(1, "Distribution center", ("distribution center",)), Named(2, "Head office", ("head office",)),
         Named(3, "Chicago office", ("chicago office",)), Named(4, "Site 1", ("site 1",))]


def test_a_longer_name_holding_a_sites_words_suggests_it():
    assert suggest_record("Chicago Distribution Center", SITES) == 1
    assert suggest_record("Distribution centre", SITES) == 1  # one letter apart in a long word
    assert suggest_record("CHICAGO OFFICE (HQ)", SITES) == 3
    assert suggest_record("Montréal", [Named(9, "Montreal office", ())]) == 9  # accents folded


def test_unrelated_names_are_never_suggested():
    assert likeness("Chicago office", "Head office") == 0  # a shared word is not enough
    assert suggest_record("Denver Office", SITES) is None
    assert suggest_record("Site 2", SITES) is None  # numbers must be the same
    assert suggest_record("Boston", [Named(5, "Austin", ())]) is None
    assert suggest_record("Office", SITES) is None  # as like Head office as Chicago office: no guess
    assert suggest_record("", SITES) is None


def test_user_types_are_suggested_by_their_words():
    types = [Named(1, "Standard user", ()), Named(2, "Call-center agent", ()), Named(3, "Conference room", ())]
    assert suggest_record("Agent", types) == 2 and suggest_record("user", types) == 1
    assert suggest_record("Conference phone", types) is None


def test_distinct_values_count_spellings_as_one():
    rows = [["Ana", "Denver Office"], ["Ben", "denver  office"], ["Cleo", ""], ["Dev", "Head office "]]
    assert distinct_values(rows, [1]) == {"denver office": ("Denver Office", 2), "head office": ("Head office", 1)}
    assert value_key("  Denver   OFFICE ") == "denver office"


def test_a_new_sites_address_is_the_one_most_rows_give():
    rows = [{"e911_street": "1600 Wynkoop Street", "e911_city": "Denver", "e911_state": "Colorado",
             "e911_country": "United States"},
            {"e911_street": "1600 Wynkoop St", "e911_city": "Denver", "e911_postal_code": "80202"},
            {"e911_street": "1600 Wynkoop Street\nFloor 2", "e911_city": "Denver"}]
    assert site_address(rows, "CA") == {"street": "1600 Wynkoop Street", "city": "Denver", "state": "CO",
                                        "postal_code": "80202", "country": "US"}
    assert site_address([], "US") == {"country": "US"}
    assert site_address([{"e911_country": "Atlantis"}], "CA") == {"country": "CA"}
