"""Holiday sets (issue 16): named days a project's time conditions share. Reads for the pages (each
set with its holidays as people read them, the time conditions using it, overlaps) and the writes
(services that flush and audit; the view commits).

Each holiday has a version of its own, so two people changing two holidays of one set (or one
renaming the set) never meet; only the same holiday changed twice makes a conflict (and the three-way
merge). The set's version stands for the set's own name only: adding, changing or removing its
holidays leaves it alone (the set's page shows its holidays, but its form holds only the name).

    holiday_set = new_holiday_set(project, "Office holidays")
    add_holiday(holiday_set, {"name": "Christmas Eve", "starts_on": date(2026, 12, 24), "repeats": "yearly"}, "US")
    add_public_holidays(holiday_set, "US", ["2026-11-26"], 2026)  # Thanksgiving, each year
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.callflows import services
from portal.callflows.calendar import _country_days, dates_of, overlapping_holidays
from portal.callflows.graph import Holiday as EngineHoliday
from portal.core import audit
from portal.core.versioning import Conflict, differences, update_versioned
from portal.extensions import db
from portal.models.callflows import Holiday, HolidayRepeat, HolidaySet
from portal.models.projects import Project
from portal.models.telephony import Destination, Schedule


class HolidayError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def holiday_country(project: Project) -> str:
    """Whose public holidays a project keeps: its first site's country, else the portal's setting."""
    if project.sites:
        return project.sites[0].country.upper()
    return (current_app.config.get("HOLIDAY_COUNTRY") or current_app.config["DEFAULT_COUNTRY"]).upper()


# Reading -------------------------------------------------------------------------------------------

def as_people_read(span: tuple[date, date]) -> str:
    """"Thursday 26 November 2026", or "Thursday 24 December 2026 to Saturday 2 January 2027"."""
    first, last = span
    if first == last:
        return f"{first:%A} {first.day} {first:%B %Y}"
    start = f"{first:%A} {first.day} {first:%B}" + (f" {first.year}" if first.year != last.year else "")
    return f"{start} to {last:%A} {last.day} {last:%B %Y}"


def engine_holiday(row: Holiday) -> EngineHoliday:
    return EngineHoliday(row.name, row.starts_on, row.ends_on, row.repeats.value, row.country)


@dataclass(frozen=True)
class HolidayLine:
    """One holiday as the page shows it: when it falls this year and, when it repeats, next year."""

    row: Holiday
    dates: tuple[str, ...]


@dataclass
class SetSummary:
    holiday_set: HolidaySet
    lines: list[HolidayLine] = field(default_factory=list)
    conditions: list[Destination] = field(default_factory=list)  # the time conditions that use it
    overlaps: list[str] = field(default_factory=list)


def holiday_line(row: Holiday, year: int) -> HolidayLine:
    if row.repeats == HolidayRepeat.ONCE:
        return HolidayLine(row, (as_people_read((row.starts_on, row.ends_on)),))
    said = []
    for each in (year, year + 1):
        span = dates_of(engine_holiday(row), each)
        said.append(as_people_read(span) if span else f"not a public holiday in {each}")
    return HolidayLine(row, tuple(said))


def overlaps_of(rows: list[Holiday], year: int) -> list[str]:
    """Holidays of one set that overlap this year or next (each pair said once, for its first year)."""
    holidays, said, seen = tuple(engine_holiday(row) for row in rows), [], set()
    for each in (year, year + 1):
        for one, other in overlapping_holidays(holidays, each):
            if (one.name, other.name) not in seen:
                seen.add((one.name, other.name))
                said.append(f"{one.name} and {other.name} overlap in {each}.")
    return said


def project_sets(project: Project, today: date | None = None, only: int | None = None) -> list[SetSummary]:
    """The project's holiday sets by name (or only the one numbered `only`), each with its holidays and
    its time conditions (3 queries)."""
    year = (today or date.today()).year
    query = select(HolidaySet).where(HolidaySet.project_id == project.id)
    if only is not None:
        query = query.where(HolidaySet.id == only)
    sets = db.session.scalars(query.options(selectinload(HolidaySet.holidays)).order_by(HolidaySet.name)).all()
    summaries = {item.id: SetSummary(item, [holiday_line(row, year) for row in item.holidays], [],
                                     overlaps_of(item.holidays, year)) for item in sets}
    for set_id, destination in db.session.execute(
            select(Schedule.holiday_set_id, Destination).join(Destination, Destination.id == Schedule.destination_id)
            .where(Schedule.holiday_set_id.in_(summaries)).order_by(Destination.name)):
        summaries[set_id].conditions.append(destination)
    return list(summaries.values())


def set_summary(holiday_set: HolidaySet, today: date | None = None) -> SetSummary:
    return project_sets(holiday_set_project(holiday_set), today, only=holiday_set.id)[0]


def holiday_set_project(holiday_set: HolidaySet) -> Project:
    return db.session.get(Project, holiday_set.project_id)


@dataclass(frozen=True)
class PublicHoliday:
    name: str
    starts: date
    ends: date

    @property
    def key(self) -> str:
        """How a form names it: its first day (one name a day: the package joins names that share one)."""
        return self.starts.isoformat()

    @property
    def label(self) -> str:
        return f"{self.name}: {as_people_read((self.starts, self.ends))}"


def public_holidays(country: str, year: int) -> list[PublicHoliday]:
    """The country's public holidays in `year` by date, one per name (a name over several days is one
    range, as the engine reads it)."""
    days: dict[str, list[date]] = {}
    for day, name in sorted(_country_days(country, year).items()):
        days.setdefault(name, []).append(day)
    return [PublicHoliday(name, found[0], found[-1]) for name, found in days.items()]


def offered_public_holidays(holiday_set: HolidaySet, country: str, year: int):
    """(the country's public holidays of `year` not in the set yet, those it has already)."""
    have = {row.name.casefold() for row in holiday_set.holidays}
    found = public_holidays(country, year)
    return [item for item in found if item.name.casefold() not in have], \
        [item for item in found if item.name.casefold() in have]


# Writing -------------------------------------------------------------------------------------------

def _check_set_name(project_id: int, name: str, own: HolidaySet | None = None) -> None:
    query = select(HolidaySet.id).where(HolidaySet.project_id == project_id,
                                        func.lower(HolidaySet.name) == name.lower())
    if own is not None:
        query = query.where(HolidaySet.id != own.id)
    if db.session.scalar(query) is not None:
        raise HolidayError(f"This project has a holiday set called {name} already: choose another name.", "name")


def new_holiday_set(project: Project, name: str) -> HolidaySet:
    _check_set_name(project.id, name)
    return services.create_holiday_set(project, name)


def rename_holiday_set(holiday_set: HolidaySet, seen_version: int | None, changes: dict) -> Conflict | None:
    _check_set_name(holiday_set.project_id, changes["name"], holiday_set)
    before = holiday_set.name
    conflict = update_versioned(holiday_set, seen_version, {"name": changes["name"]})
    if conflict is None and before != holiday_set.name:
        audit.record("holiday_set.renamed", holiday_set_project(holiday_set), from_state=before,
                     to_state=holiday_set.name)
    return conflict


def conditions_using(holiday_set: HolidaySet) -> list[Schedule]:
    return list(db.session.scalars(select(Schedule).where(Schedule.holiday_set_id == holiday_set.id)))


def remove_holiday_set(holiday_set: HolidaySet) -> None:
    """The set and its holidays go; the time conditions using it have none (each moves to a new
    version, so a form open on one merges instead of bringing the set back)."""
    for schedule in conditions_using(holiday_set):
        schedule.holiday_set_id = None
        schedule.destination.version = Destination.version + 1  # in the database: past a save made meanwhile
    audit.record("holiday_set.removed", holiday_set_project(holiday_set), note=holiday_set.name)
    db.session.delete(holiday_set)
    db.session.flush()


def _public_holiday(country: str, name: str, year: int) -> PublicHoliday | None:
    return next((item for item in public_holidays(country, year) if item.name.casefold() == name.casefold()), None)


def _holiday_values(holiday_set: HolidaySet, values: dict, country: str, own: Holiday | None = None) -> dict:
    """The columns of a holiday from its form's values: a unique name in the set; the last day the
    first when not given; a public holiday's days (and its spelling) as the country has them."""
    name, starts = values["name"], values["starts_on"]
    ends, repeats = values.get("ends_on") or starts, HolidayRepeat(values.get("repeats") or HolidayRepeat.ONCE.value)
    if any(row.name.casefold() == name.casefold() for row in holiday_set.holidays if row is not own):
        raise HolidayError(f"{holiday_set.name} has a holiday called {name} already: give this one another name "
                           f"or change that one.", "name")
    if repeats != HolidayRepeat.COUNTRY:
        return {"name": name, "starts_on": starts, "ends_on": ends, "repeats": repeats, "country": None}
    found = _public_holiday(country, name, starts.year)
    if found is None:
        raise HolidayError(f"{name} is not one of the public holidays of {country} in {starts.year}: write its name as "
                           f"“Add public holidays” lists it, or choose another way it repeats.", "name")
    return {"name": found.name, "starts_on": found.starts, "ends_on": found.ends, "repeats": repeats,
            "country": country}


def _lock_set(holiday_set: HolidaySet) -> None:
    """One change of a set's holidays at a time (its row locked until the commit; SQLite has a single
    writer), its holidays read again after the lock: names stay unique in the set even when two
    people add or rename two of its holidays at the same moment. The set's version does not move."""
    db.session.scalar(select(HolidaySet.id).where(HolidaySet.id == holiday_set.id).with_for_update())
    db.session.expire(holiday_set, ["holidays"])


def add_holiday(holiday_set: HolidaySet, values: dict, country: str) -> Holiday:
    _lock_set(holiday_set)
    holiday = Holiday(**_holiday_values(holiday_set, values, country))
    holiday_set.holidays.append(holiday)
    db.session.flush()
    audit.record("holiday.added", holiday_set_project(holiday_set), note=f"{holiday.name} ({holiday_set.name})")
    return holiday


class HolidayView:
    """A holiday as its form reads and writes it (how it repeats as its value), under the holiday's own
    version; `row` is the row an autosave locks."""

    def __init__(self, holiday: Holiday | None, holiday_set: HolidaySet):
        self.holiday, self.holiday_set, self.row = holiday, holiday_set, holiday
        self.version = holiday.version if holiday is not None else None  # None: removed meanwhile
        if holiday is not None:
            self.name, self.starts_on, self.ends_on = holiday.name, holiday.starts_on, holiday.ends_on
            self.repeats = holiday.repeats.value

    def reloaded(self) -> HolidayView:
        fresh = db.session.scalar(select(Holiday).where(Holiday.id == self.holiday.id)
                                  .execution_options(populate_existing=True))
        return HolidayView(fresh, self.holiday_set)


def save_holiday(view: HolidayView, seen_version: int | None, changes: dict, country: str) -> Conflict | None:
    """A holiday's new values at the version of it the person saw (moving that version only: another
    holiday of the set, or the set's name, saved meanwhile is no conflict)."""
    holiday, holiday_set = view.holiday, view.holiday_set
    conflict = update_versioned(holiday, seen_version, {})  # locked first, as a removal of its set locks it
    if conflict is not None:
        fresh = view.reloaded()
        if fresh.holiday is None:  # removed meanwhile
            return Conflict(fresh, seen_version, None)
        return Conflict(fresh, seen_version, conflict.current_version, differences(fresh, changes))
    _lock_set(holiday_set)
    values = _holiday_values(holiday_set, changes, holiday.country or country, holiday)
    for name, value in values.items():
        setattr(holiday, name, value)
    db.session.flush()
    audit.record("holiday.saved", holiday_set_project(holiday_set), note=f"{holiday.name} ({holiday_set.name})")
    return None


def remove_holiday(holiday: Holiday, holiday_set: HolidaySet) -> None:
    audit.record("holiday.removed", holiday_set_project(holiday_set), note=f"{holiday.name} ({holiday_set.name})")
    db.session.delete(holiday)
    db.session.flush()


def add_public_holidays(holiday_set: HolidaySet, country: str, keys: list[str], year: int) -> list[Holiday]:
    """The ticked public holidays of `country` in `year` (by `PublicHoliday.key`), recomputed each year
    (repeats "country"); any the set has already is left out, never doubled."""
    _lock_set(holiday_set)
    offered, _ = offered_public_holidays(holiday_set, country, year)
    added = [Holiday(name=item.name, starts_on=item.starts, ends_on=item.ends, repeats=HolidayRepeat.COUNTRY,
                     country=country) for item in offered if item.key in keys]
    holiday_set.holidays.extend(added)
    db.session.flush()
    if added:
        audit.record("holiday_set.public_holidays_added", holiday_set_project(holiday_set),
                     note=f"{len(added)} of {country} ({holiday_set.name})")
    return added
