"""The job queue's plain parts (portal.core.jobs): when a job is queued, what happens when the queue
cannot be reached, the sweeper and the daily housekeeping, and the mail's retry schedule."""
import logging
from itertools import pairwise, takewhile

import pytest

from portal.core import jobs, mail
from portal.extensions import call_after_commit


def test_retries_wait_longer_each_time_for_about_an_hour_then_give_up():
    delays = list(takewhile(lambda delay: delay is not None, map(mail.retry_delay, range(1, 100))))
    assert delays[0] == 30 and all(later > earlier for earlier, later in pairwise(delays))
    assert 50 * 60 <= sum(delays) <= 75 * 60
    assert len(delays) == 7  # the eighth attempt is the last: the message fails
    assert mail.retry_delay(8) is None and mail.retry_delay(0) is None


class Calls:
    """A stand-in for a job: the arguments of every time it was queued."""

    def __init__(self):
        self.made = []

    def __call__(self, *args):
        self.made.append(args)


@pytest.mark.parametrize("end, queued", [("commit", [(42,)]), ("rollback", [])])
def test_a_job_is_queued_once_its_change_commits_and_never_after_a_rollback(session, end, queued):
    task = Calls()
    jobs.after_commit(task, 42)
    assert task.made == []  # nothing before the transaction ends
    getattr(session, end)()
    session.commit()  # a later transaction does not bring back a rolled-back one's job
    assert task.made == queued


def test_a_rolled_back_savepoint_keeps_the_job_of_the_change_around_it(session):
    task = Calls()
    jobs.after_commit(task, 7)
    session.begin_nested().rollback()
    session.commit()
    assert task.made == [(7,)]


def test_a_queue_out_of_reach_is_logged_and_left_to_the_sweeper(app, caplog):
    def unreachable(*args):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")
    with app.app_context(), caplog.at_level(logging.WARNING, logger="portal.core.jobs"):
        assert jobs.enqueue(unreachable, 7) is False
        assert jobs.enqueue(Calls(), 7) is True
    assert "could not queue" in caplog.text and "(7,)" in caplog.text and "the sweeper will" in caplog.text
    assert "Connection refused" in caplog.text


class Work:
    """Registered work standing in for sweepers and daily tasks: what each returned once committed."""

    def __init__(self):
        self.committed = []

    def doing(self, outcome):
        def task():
            if isinstance(outcome, Exception):
                raise outcome
            call_after_commit(lambda: self.committed.append(outcome))
            return outcome
        return task


@pytest.mark.parametrize("registry, run, outcomes, answer", [
    ("SWEEPERS", jobs.sweep_due, [2, RuntimeError("the mail sweeper broke"), 3], 5),
    ("DAILY", jobs.housekeeping, ["4 expired drafts removed", OSError("the disk is gone"), "1 sent e-mail removed"],
     ["4 expired drafts removed", "1 sent e-mail removed"]),
])
def test_one_failing_sweeper_or_daily_task_does_not_stop_the_others(session, monkeypatch, caplog,
                                                                     registry, run, outcomes, answer):
    work = Work()
    monkeypatch.setattr(jobs, registry, [work.doing(outcome) for outcome in outcomes])
    with caplog.at_level(logging.ERROR, logger="portal.core.jobs"):
        assert run() == answer
    assert work.committed == [outcomes[0], outcomes[2]]  # each one's work committed as it finished
    assert str(outcomes[1]) in caplog.text
