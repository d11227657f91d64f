"""The voicemail PIN rules."""
import pytest

from portal.core.pins import pin_problem


@pytest.mark.parametrize(("pin", "extension", "problem"), [
    (None, "101", None),
    ("4826", "101", None),
    ("90817364", None, None),
    ("123", None, "4 to 10 digits"),
    ("12345678901", None, "4 to 10 digits"),
    ("12a4", None, "4 to 10 digits"),
    ("١٢٣٤", None, "4 to 10 digits"),  # Arabic-Indic digits are digits, but not on a phone's keypad
    ("0000", None, "repeats one digit"),
    ("1234", None, "digits in a row"),
    ("98765", None, "digits in a row"),
    ("2048", "2048", "own extension"),
])
def test_the_pin_rules(pin, extension, problem):
    found = pin_problem(pin, extension)
    assert (found is None) if problem is None else (problem in found)
