"""Intake features report the status of their task here, so the plan and the feature never disagree.

A feature (worksheet, questionnaire, call flows, recordings, porting, review) registers a function that reads
its own state for a project; a task with that feature key then shows that status and is not ticked
by hand. Until a feature exists, its tasks are ticked by hand like any other.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from portal.core.registry import register
from portal.core.request_cache import cached
from portal.models.projects import ProjectTask, TaskStatus

FEATURE_KEYS = ("worksheet", "questionnaire", "call_flows", "recordings", "porting", "port_submitted", "port_foc",
                "review")


@dataclass(frozen=True)
class Feature:
    """What an intake feature tells the plan: its status, its page and a short summary."""

    status_of: Callable[[object], TaskStatus]
    url_of: Callable[[object], str] | None = None
    summary_of: Callable[[object], str] | None = None


_PROVIDERS: dict[str, Feature] = {}


def register_feature(key: str, status_of: Callable[[object], TaskStatus], url_of=None, summary_of=None) -> None:
    if key not in FEATURE_KEYS:
        raise ValueError(f"unknown feature key {key!r}")
    register(_PROVIDERS, key, Feature(status_of, url_of, summary_of), "feature")


def feature_link(task: ProjectTask) -> str | None:
    feature = _PROVIDERS.get(task.feature_key or "")
    return feature.url_of(task.project) if feature and feature.url_of else None


def feature_summary(task: ProjectTask) -> str | None:
    """The feature's short summary as stored at its last change (follow_feature), else worked out."""
    feature = _PROVIDERS.get(task.feature_key or "")
    if not (feature and feature.summary_of):
        return None
    return task.summary or live_summary(task)


def live_summary(task: ProjectTask) -> str | None:
    feature = _PROVIDERS.get(task.feature_key or "")
    if not (feature and feature.summary_of):
        return None
    return cached(f"summary:{task.feature_key}", task.project_id, lambda: feature.summary_of(task.project))


def is_derived(task: ProjectTask) -> bool:
    return task.feature_key in _PROVIDERS


def effective_status(task: ProjectTask) -> TaskStatus:
    """The task's status as pages and lists read it: the stored one. A feature's task stores the
    feature's own state at every change of its data (projects.services.follow_feature), so reading
    it costs no query, however many tasks a page shows."""
    return task.status


def skipped_by_hand(task: ProjectTask) -> bool:
    """Marked Not applicable by a person (who said why), which no feature undoes; a feature's own Not
    applicable (nothing of it is asked for) follows its data like its other statuses."""
    return task.status == TaskStatus.SKIPPED and bool(task.skip_reason)


def live_status(task: ProjectTask) -> TaskStatus:
    """The feature's own state for its task worked out from its data now (what follow_feature
    stores), else the status people set."""
    if skipped_by_hand(task) or not is_derived(task):
        return task.status
    return cached(f"status:{task.feature_key}", task.project_id,
                  lambda: _PROVIDERS[task.feature_key].status_of(task.project))
