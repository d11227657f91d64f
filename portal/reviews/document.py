"""A review round's package as a PDF (issue 20), rendered from the round's frozen snapshot, never from
live data: a cover (customer, project, round, date, stage, the snapshot's SHA-256), the contents,
every questionnaire section through its own template (which reads the snapshot), the worksheet's
seats, the numbers, each call flow's diagrams and steps, the port requests (never a PIN; the signed
letters' hashes) and a sign-off page. Rendered once per round by a job (the rendering's subject is
the round) and stored; downloads serve the stored bytes."""
from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

from flask import url_for

from portal.callflows.document import flows_context
from portal.callflows.flows import flows_of, is_teams
from portal.callflows.graph import Graph
from portal.core import snapshots
from portal.core.pdf import pdf_html
from portal.core.rendering import Document, recent
from portal.extensions import db
from portal.models.projects import Project
from portal.models.reviews import ReviewRound
from portal.questionnaire.extensions import features_of
from portal.questionnaire.frozen import Frozen
from portal.questionnaire.sections import sections

KIND = "review_package"
SECONDS = 3  # and a little per seat and step


def _round(project: Project, round_id: int | None) -> ReviewRound:
    found = db.session.get(ReviewRound, round_id)
    assert found is not None and found.package.project_id == project.id
    return found


def package_html(made: ReviewRound) -> str:
    parts = snapshots.read(made.snapshot)
    project = made.package.project
    numbers = sorted((SimpleNamespace(**number) for number in parts["numbers"]),
                     key=lambda number: (number.e164 or "", number.id))
    flows = flows_of(Graph.from_json(json.dumps(parts["call_flows"]["graph"])), numbers, is_teams(project))
    return pdf_html("pdf/review_package.html", project=project, round=made, frozen=parts, today=date.today(),
                    sections=sections(), views=Frozen(parts), seat_features=features_of, **flows_context(flows))


def filename(made: ReviewRound) -> str:
    return f"package-{made.package.project_id}-round-{made.number}.pdf"


def seconds_for(made: ReviewRound) -> int:
    parts = snapshots.read(made.snapshot)
    return round(SECONDS + len(parts["seats"]) * 0.01 + len(parts["call_flows"]["graph"]["nodes"]) * 0.05)


def page(made: ReviewRound) -> str:
    return url_for("reviews.index", project_id=made.package.project_id)


def stored_pdf(made: ReviewRound):
    """The round's package PDF once prepared (the newest ready rendering), else None."""
    ready = [item for item in recent(made.package.project, KIND, limit=5, subject_id=made.id)
             if item.stored_file_id is not None]
    return ready[0] if ready else None


DOCUMENT = Document("Review package", package_html, filename, seconds_for, page, lambda made: 1, "rounds",
                    subject_of=_round)
