"""The voicemail PIN rules (issue 6): 4 to 10 digits, not trivial. They run when the PIN or the
seat's extension is saved, and their outcome is stored on the seat, so checks never decrypt a PIN."""
from __future__ import annotations

DIGITS = "0123456789"
# What is stored and shown to everyone who reads the questionnaire: never why, which would narrow the PIN
# down (the person typing it is told why, next to the field).
TOO_EASY = "The voicemail PIN is too easy to guess; choose another."


def pin_problem(pin: str | None, extension: str | None) -> str | None:
    """What is wrong with this PIN for a seat with this extension, in words for the person; None if fine."""
    if not pin:
        return None
    if not (pin.isascii() and pin.isdecimal() and 4 <= len(pin) <= 10):
        return "A voicemail PIN has 4 to 10 digits."
    if len(set(pin)) == 1:
        return "The voicemail PIN repeats one digit; choose one that is harder to guess."
    if pin in DIGITS or pin in DIGITS[::-1]:
        return "The voicemail PIN is digits in a row; choose one that is harder to guess."
    if extension and pin == extension:
        return "The voicemail PIN is the seat's own extension; choose another."
    return None
