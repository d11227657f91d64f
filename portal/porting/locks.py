"""Numbers with the carrier (issue 18): while a port request is submitted, confirmed or in exception,
its numbers are not renumbered or turned into new numbers elsewhere (section 3, the numbers import);
the message says why and who can help."""
from __future__ import annotations

from sqlalchemy import select

from portal.core.phones import format_phone
from portal.extensions import db
from portal.models.porting import PortedNumber, PortRequest, PortStatus

WITH_CARRIER = tuple(status for status in PortStatus if status.with_carrier)


def requests_with_carrier(number_ids: list[int]) -> dict[int, PortRequest]:
    """Each of these numbers that is on a request with the carrier, with that request."""
    if not number_ids:
        return {}
    rows = db.session.execute(select(PortedNumber.phone_number_id, PortRequest).join(PortRequest).where(
        PortedNumber.phone_number_id.in_(number_ids), PortRequest.status.in_(WITH_CARRIER))).all()
    return {number_id: request for number_id, request in rows}


def locked_message(e164: str, request: PortRequest) -> str:
    return (f"{format_phone(e164)} is with the carrier on the port request for account {request.account_number} "
            f"({request.status.title.lower()}): it keeps its digits and stays a ported number until the port is "
            f"done or cancelled. Your project manager can change the request.")
