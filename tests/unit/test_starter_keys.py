"""The starter key layout (issue 15, item 5): line keys, voicemail, do not disturb and call park, sized
to the phone's keys, with labels that fit its label width."""
import pytest

from portal.models.questionnaire import KeyFunction
from portal.models.telephony import PhoneModel
from portal.questionnaire.keys import key_problems, starter_keys

L, VM, DND, PARK, BLANK = (KeyFunction.LINE, KeyFunction.VOICEMAIL, KeyFunction.DND, KeyFunction.PARK,
                           KeyFunction.BLANK)


def _layout(count: int, width: int) -> list[tuple[KeyFunction, str]]:
    return [(key.function, key.label) for key in starter_keys(count, width)]


def test_a_large_phone_gets_two_line_keys_then_the_features_and_blank_keys_for_the_rest():
    assert _layout(12, 14) == [(L, "Line 1"), (L, "Line 2"), (VM, "Voicemail"), (DND, "Do not disturb"),
                               (PARK, "Call park")] + [(BLANK, "")] * 7


def test_a_small_phone_gets_one_line_key_and_as_many_features_as_it_has_keys():
    assert _layout(2, 10) == [(L, "Line 1"), (VM, "Voicemail")]
    assert _layout(4, 12) == [(L, "Line 1"), (VM, "Voicemail"), (DND, "DND"), (PARK, "Call park")]
    assert _layout(5, 12) == [(L, "Line 1"), (VM, "Voicemail"), (DND, "DND"), (PARK, "Call park"), (BLANK, "")]
    assert _layout(1, 10) == [(L, "Line 1")]
    assert _layout(0, 0) == []


def test_narrow_labels_take_the_shorter_names_and_no_width_takes_the_full_ones():
    assert _layout(6, 5) == [(L, "Line1"), (L, "Line2"), (VM, "VMail"), (DND, "DND"), (PARK, "Park"),
                             (BLANK, "")]
    assert _layout(4, 2) == [(L, "L1"), (VM, "VM"), (DND, "DN"), (PARK, "Pa")]
    assert _layout(6, 0)[3] == (DND, "Do not disturb")


@pytest.mark.parametrize("count", [1, 2, 4, 5, 6, 12, 16, 24, 27])
@pytest.mark.parametrize("width", [0, 1, 2, 3, 8, 10, 12, 14, 16])
def test_every_starter_fits_its_phone_and_passes_the_key_checks(count, width):
    phone = PhoneModel(vendor="Test", model="Phone", keys=count, label_width=width)
    keys = starter_keys(count, width)
    assert [key.position for key in keys] == list(range(1, count + 1))  # never more keys than the phone has
    assert not width or all(len(key.label) <= width for key in keys)
    assert [problem for key in keys for problem in key_problems(key, phone, set(), "US")] == []
    assert keys[0].function == KeyFunction.LINE and not any(key.changed or key.target for key in keys)
