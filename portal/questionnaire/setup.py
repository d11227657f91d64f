"""The questionnaire's part in an app: its sections and checks, its PDF, its import of numbers, its plan task."""
from __future__ import annotations

from flask import url_for

from portal.core.detours import register_kind
from portal.core.features import register_feature
from portal.core.importing import register_import_kind
from portal.core.intake import register_intake_part
from portal.core.rendering import register_document
from portal.core.snapshots import register_part
from portal.questionnaire import (
    call_center,
    calling,
    dial_plan,
    document,
    extensions,
    keys,
    number_import,
    numbers,
    other,
    recording,
    snapshot,
)
from portal.questionnaire.feature import INTAKE, questionnaire_status, questionnaire_summary, questionnaire_url
from portal.questionnaire.sections import register_check, register_section

SECTION_MODULES = (dial_plan, extensions, numbers, keys, calling, recording, call_center, other)
CHECKS = (dial_plan.check, extensions.check, numbers.check, keys.check, calling.check, recording.check,
          call_center.check)


def register() -> None:
    """Register everything the questionnaire provides; the app factory calls it for every app."""
    for module in SECTION_MODULES:
        register_section(module.SECTION)
    for check in CHECKS:
        register_check(check)
    register_document("questionnaire", document.DOCUMENT)
    register_import_kind(number_import.NUMBERS)
    register_feature("questionnaire", questionnaire_status, questionnaire_url, questionnaire_summary)
    register_intake_part(INTAKE)
    for key, part in (("numbers", snapshot.numbers_part), ("questionnaire", snapshot.answers_part),
                      ("call_groups", snapshot.call_groups_part), ("key_layouts", snapshot.key_layouts_part),
                      ("phone_models", snapshot.phone_models_part)):
        register_part(key, part)
    for kind in call_center.KINDS.values():  # made from any destination list ("create a new one here")
        register_kind(kind.key, kind.title, lambda args, key=kind.key: url_for(
            "questionnaire.new_call_group", project_id=args["project_id"], group_kind=key))
