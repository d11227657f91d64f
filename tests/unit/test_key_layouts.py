"""The checks of section 4's keys (issue 7) and how a seat's keys lie over the default."""
from portal.models.questionnaire import KeyFunction
from portal.models.telephony import PhoneModel
from portal.questionnaire.keys import Key, effective_keys, key_problems

PHONE = PhoneModel(vendor="Poly", model="VVX 450", keys=12, label_width=14)
EXTENSIONS = {"100", "101"}


def _problems(position=1, function=KeyFunction.LINE, label="", target="") -> list[str]:
    return key_problems(Key(position, function, label, target), PHONE, EXTENSIONS, "US")


def test_a_key_beyond_the_models_count():
    assert _problems(position=13) == ["the Poly VVX 450 has 12 keys, not 13."]
    assert _problems(position=12) == []


def test_a_label_that_does_not_fit():
    assert _problems(label="Reception desk 2") == [
        "the label “Reception desk 2” has 16 characters; the Poly VVX 450 shows 14."]
    assert _problems(label="Reception desk") == []


def test_busy_lamp_fields_watch_extensions_that_exist():
    assert _problems(function=KeyFunction.BLF, target="100") == []
    assert _problems(function=KeyFunction.BLF, target="199") == [
        "busy lamp field to 199, an extension no one has in the project."]
    assert _problems(function=KeyFunction.BLF) == ["a busy lamp field needs the extension it watches."]


def test_speed_dials_call_a_number_or_an_extension():
    assert _problems(function=KeyFunction.SPEED_DIAL, target="(415) 555-0134") == []
    assert _problems(function=KeyFunction.SPEED_DIAL, target="101") == []
    assert _problems(function=KeyFunction.SPEED_DIAL, target="555-0000") == [
        "speed dial to “555-0000”, which is neither a phone number nor an extension."]


def test_a_seats_keys_lie_over_the_default():
    default = {"1": {"function": "line", "label": "Line 1", "target": ""},
               "2": {"function": "blf", "label": "Reception", "target": "100"}}
    keys = effective_keys(3, default, {"2": {"function": "dnd", "label": "DND", "target": ""}})
    assert [(key.function, key.label, key.changed) for key in keys] == [
        (KeyFunction.LINE, "Line 1", False), (KeyFunction.DND, "DND", True), (KeyFunction.BLANK, "", False)]
