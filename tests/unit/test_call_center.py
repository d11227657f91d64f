"""The call center's loop check (issue 7): queues and groups whose calls only go round among
themselves, never reaching anything that answers."""
from types import SimpleNamespace

from portal.questionnaire.call_center import GROUP, QUEUE, _loops, _Node

PROJECT = SimpleNamespace(id=1)


def _names(nodes) -> list[str]:
    return [finding.message.split(":")[0] for finding in _loops(PROJECT, nodes)]


def test_two_queues_that_send_calls_to_each_other_loop():
    assert _names([_Node(1, "Sales", QUEUE, [2]), _Node(2, "Support", QUEUE, [1])]) == ["Sales", "Support"]


def test_one_way_out_anywhere_on_the_path_is_enough():
    nodes = [_Node(1, "Sales", QUEUE, [2]), _Node(2, "Support", QUEUE, [1, 99]), _Node(3, "Desk", GROUP, [1])]
    assert _names(nodes) == []  # 99 is a person or a mailbox: Support, then Sales and Desk, reach it


def test_a_group_that_hands_calls_to_a_looping_queue_loops_too():
    nodes = [_Node(1, "Sales", QUEUE, [1]), _Node(3, "Desk", GROUP, [1])]
    assert _names(nodes) == ["Sales", "Desk"]


def test_nothing_chosen_is_another_check():
    assert _names([_Node(1, "Sales", QUEUE, [])]) == []
