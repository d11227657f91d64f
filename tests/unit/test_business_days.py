"""Business-day arithmetic: weekends and the holidays of the configured country are skipped."""
from datetime import date

import pytest

from portal.core.business_days import add_business_days, business_days_between, holiday_name, is_business_day


@pytest.fixture(autouse=True)
def _context(app):
    with app.app_context():
        yield


def test_weekends_are_skipped():
    friday = date(2026, 11, 13)
    assert add_business_days(friday, 1) == date(2026, 11, 16)
    assert add_business_days(date(2026, 11, 16), -1) == friday


def test_holidays_are_skipped():
    assert holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"
    assert add_business_days(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert not is_business_day(date(2026, 12, 25))


def test_nine_business_days_before_a_go_live_after_christmas():
    go_live = date(2027, 1, 6)  # 9 business days back crosses New Year's Day and Christmas
    assert add_business_days(go_live, -9) == date(2026, 12, 22)


def test_zero_days_from_a_weekend_is_the_next_business_day():
    assert add_business_days(date(2026, 11, 21), 0) == date(2026, 11, 23)
    assert add_business_days(date(2026, 11, 23), 0) == date(2026, 11, 23)


def test_counting_business_days_between_two_dates():
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 4  # Thanksgiving and a weekend
    assert business_days_between(date(2026, 11, 27), date(2026, 11, 20)) == -4


def test_the_country_is_a_setting(app):
    app.config["HOLIDAY_COUNTRY"] = "CA"
    try:
        assert holiday_name(date(2026, 7, 1)) == "Canada Day"
        assert holiday_name(date(2026, 7, 4)) is None
    finally:
        app.config["HOLIDAY_COUNTRY"] = "US"
