"""The rules of a port request (issue 18): pasted numbers and ranges, the carrier's lead time in
business days, and what a full or partial port asks for."""
from datetime import date

import pytest

from portal import create_app
from portal.porting.rules import (
    MAX_RANGE,
    PortError,
    check_partial_port,
    check_port_date,
    earliest_port_date,
    read_numbers,
)


@pytest.fixture(scope="module", autouse=True)
def _app():
    with create_app({"TESTING": True}).app_context():
        yield


def test_numbers_and_ranges_are_read_in_the_order_written_each_once():
    found, problems = read_numbers("415-555-0100 to 0103\n(415) 555-0199, 415.555.0100\n415 555 0150 – 415 555 0151",
                                   "US")
    assert problems == []
    assert found == ["+14155550100", "+14155550101", "+14155550102", "+14155550103", "+14155550199",
                     "+14155550150", "+14155550151"]


def test_a_range_written_in_full_and_another_countrys():
    assert read_numbers("+44 20 7946 0000 through +44 20 7946 0002", "US")[0] == [
        "+442079460000", "+442079460001", "+442079460002"]


def test_bad_lines_say_their_line_and_what_is_wrong():
    found, problems = read_numbers("415-555-0100\n123\n4155550100 to 4155650100\n415-555-0110 to 415-555-0105\n"
                                   "415-555-0120 to", "US")
    assert found == ["+14155550100"]
    assert [(problem.line, problem.message) for problem in problems] == [
        (2, "“123” cannot exist: check the digits and the country code."),
        (3, f"a range holds at most {MAX_RANGE:,} numbers; this one holds 100,001. Split it, or paste the numbers "
            f"themselves."),
        (4, "the range must end after it starts, with numbers of the same length."),
        (5, "write the range's last number after “to”, like 415-555-0100 to 415-555-0149.")]
    assert str(problems[0]) == "Line 2 (“123”): “123” cannot exist: check the digits and the country code."


def test_a_range_of_exactly_a_thousand_is_taken():
    found, problems = read_numbers("415-555-1000 to 415-555-1999", "US")
    assert (len(found), problems) == (1000, [])


def test_the_lead_time_counts_business_days_and_skips_holidays():
    assert earliest_port_date(date(2026, 12, 4), 9, "US") == date(2026, 12, 17)  # Friday + 9 business days
    assert earliest_port_date(date(2026, 12, 18), 9, "US") == date(2027, 1, 4)  # Christmas and New Year skipped
    check_port_date(date(2026, 12, 17), date(2026, 12, 4), 9, "US")
    with pytest.raises(PortError, match="the earliest port date is Thursday 17 December 2026") as refused:
        check_port_date(date(2026, 12, 9), date(2026, 12, 4), 9, "US")
    assert refused.value.field == "requested_on"


def test_full_and_partial_ports():
    check_partial_port(True, "+14155550100", None, ["+14155550100"], "")
    with pytest.raises(PortError, match="A full port moves every number on the account"):
        check_partial_port(True, "+14155550100", None, ["+14155550100"], "415-555-0199")
    with pytest.raises(PortError, match="leaves the account with this partial port") as missing:
        check_partial_port(False, "+14155550100", None, ["+14155550100"], "415-555-0199")
    assert missing.value.field == "new_btn"
    with pytest.raises(PortError, match="must stay with the current carrier"):
        check_partial_port(False, "+14155550100", "+14155550101", ["+14155550100", "+14155550101"], "")
    check_partial_port(False, "+14155550100", "+14155550199", ["+14155550100"], "415-555-0199")
    check_partial_port(False, "+14155550100", None, ["+14155550101"], "415-555-0100")  # the BTN stays


def test_the_bill_check_compares_digits_for_numbers_and_words_for_names():
    from types import SimpleNamespace

    from portal.porting.bill_check import compare, wanted
    request = SimpleNamespace(btn="+14155550200", account_number="8831-2200 19", customer_name="Northwind Dental, Inc.",
                              postal_code="94105-1234", country="US")
    pages = ["Thank you", "NORTHWIND DENTAL INC · acct 883122 0019\nBTN 415.555.0200", "San Francisco CA 94105"]
    assert compare(pages, wanted(request)) == {"btn": 2, "account_number": 2, "customer_name": 2, "postal_code": 3}
    assert compare(["Northwind Dentistry, Inc. 415 555 0201"], wanted(request)) == {
        "btn": None, "account_number": None, "customer_name": None, "postal_code": None}
    words = SimpleNamespace(btn="+14155550200", account_number="NW-A", customer_name="A", postal_code="SW1A 1AA",
                            country="GB")
    assert compare(["account nw a", "SW1A 1AA"], wanted(words))["account_number"] == 1
