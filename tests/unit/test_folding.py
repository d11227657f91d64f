"""Folding text the way people search and sort names (issue 15, item 9): one function for what is
stored and what is typed."""
import unicodedata

import pytest

from portal.core.text import MAX_TERMS, fold, search_terms, sort_key
from portal.models.telephony import SORT_NAME_LENGTH, finding_columns


@pytest.mark.parametrize(("typed", "folded"), [
    ("García", "garcia"), ("Núñez", "nunez"), ("Ångström", "angstrom"),
    ("Ødegaard", "odegaard"), ("ødegaard", "odegaard"), ("Łukasz", "lukasz"), ("łukasz", "lukasz"),
    ("Đorđe", "dorde"), ("Æsa", "aesa"), ("Œuvre", "oeuvre"), ("Straße", "strasse"), ("Þór", "thor"),
    ("Yıldız", "yildiz"), ("İpek", "ipek"),
    ("Ｇａｒｃｉａ", "garcia"),  # full-width letters, as some Asian keyboards type them
    ("Иван", "ivan"),
    ("  Ana\u00a0 María\t", "ana maria"),
    (None, ""),
])
def test_letters_fold_to_what_a_person_types_on_a_plain_keyboard(typed, folded):
    assert fold(typed) == folded


def test_a_name_typed_decomposed_folds_like_the_same_name_composed():
    assert fold(unicodedata.normalize("NFD", "García Ødegaard")) == fold("García Ødegaard") == "garcia odegaard"


def test_names_sort_with_the_letter_they_are_read_as():
    names = ["Zimmer", "Ødegaard", "Oakley", "Łukasiewicz", "Lund", "Olsen", "Ångström", "Dahl", "Lynch"]
    assert sorted(names, key=sort_key) == ["Ångström", "Dahl", "Łukasiewicz", "Lund", "Lynch", "Oakley", "Ødegaard",
                                           "Olsen", "Zimmer"]


def test_a_family_name_sorts_before_a_longer_one_it_begins_whatever_the_given_names():
    people = [("Leeds", "Ann"), ("Lee", "Zoe"), ("Van Dyke", "Bob"), ("Van", "Zed"), ("O'Brien", "Ian"),
              ("Obama", "Al")]
    assert sorted(people, key=lambda person: sort_key(*person)) == [
        ("Lee", "Zoe"), ("Leeds", "Ann"), ("Obama", "Al"), ("O'Brien", "Ian"), ("Van", "Zed"), ("Van Dyke", "Bob")]


def test_a_search_is_its_folded_words_and_only_so_many():
    assert search_terms("  GARCÍA   ana ") == ["garcia", "ana"]
    assert search_terms("") == []
    assert len(search_terms(" ".join(f"w{n}" for n in range(50)))) == MAX_TERMS


def test_a_person_is_filed_under_the_family_name_a_device_under_its_label():
    assert finding_columns({"first_name": "Martin", "last_name": "Ødegaard"})["sort_name"] == "odegaard martin"
    assert finding_columns({"device_label": "Łobby phone", "first_name": None})["sort_name"] == "lobbyphone"
    assert finding_columns({"first_name": "Łukasz"})["sort_name"] == "lukasz"
    assert finding_columns({"display_name": "Reception", "first_name": "Eva"})["sort_name"] == "reception"
    assert finding_columns({})["sort_name"] == ""


def test_everything_a_person_may_type_is_in_the_search_text_folded():
    text = finding_columns({"first_name": "José", "last_name": "García", "display_name": "Pepe",
                            "email": "Jose.Garcia@Example.com", "mobile": "+14155550134", "job_title": "Jefe",
                            "department": "Ventas Über", "notes": "not searched"})["search_text"]
    assert text == "jose garcia pepe jose.garcia@example.com +14155550134 jefe ventas uber"


def test_a_very_long_name_still_fits_its_column():
    assert len(finding_columns({"last_name": "王" * 100, "first_name": "王" * 100})["sort_name"]) == SORT_NAME_LENGTH
