"""Checks before export: every problem in the return, each with the record to fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from workforce.census.constants import CODE_LISTS, LA_ITEMS, REQUIRED_AGENCY, REQUIRED_EMPLOYED
from workforce.census.returns import AGENCY, IN_POST, LEAVER, CensusRecord, CensusReturn
from workforce.kernel.dates import display_date

#: The normalised Social Work England number: SW and digits without leading zeros (the schema allows 1-10).
SWE_NUMBER = re.compile(r"^SW[1-9]\d{0,9}$")
LA_CODE = re.compile(r"^\d{3}$")

MISSING = "Missing item"
INVALID_CODE = "Invalid code"
SWE_FORMAT = "Social Work England number"
LEAVER_DETAILS = "Leaver details"
DATE_OUTSIDE_YEAR = "Date outside the year"
FTE_RANGE = "FTE out of range"
NO_SNAPSHOT = "No caseload snapshot"
LA_CODE_NOT_SET = "LA code"


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str
    #: What to fix: a staff record (its id), or a council setting (an endpoint name).
    staff_id: int | None = None
    name: str | None = None
    record_kind: str | None = None
    setting_endpoint: str | None = None


def validate(census: CensusReturn) -> list[Problem]:
    problems = _la_problems(census)
    for record in census.records:
        problems.extend(_record_problems(census, record))
    return problems


def _la_problems(census: CensusReturn) -> list[Problem]:
    problems = []
    if not census.la_code or not LA_CODE.match(census.la_code):
        problems.append(
            Problem(
                LA_CODE_NOT_SET,
                "The council's LA code is not set: choose your council on the benchmarks page",
                setting_endpoint="benchmarks.choose_council",
            )
        )
    for item in LA_ITEMS:
        value = census.la_level.get(item)
        if value is None:
            problems.append(Problem(MISSING, f"{item} is not set", setting_endpoint="census.pay_items"))
        elif item in CODE_LISTS and value not in CODE_LISTS[item]:
            problems.append(
                Problem(INVALID_CODE, f"{item} {value!r} is not a census code", setting_endpoint="census.pay_items")
            )
    return problems


def _record_problems(census: CensusReturn, record: CensusRecord) -> list[Problem]:
    found: list[tuple[str, str]] = []
    required = REQUIRED_AGENCY if record.kind == AGENCY else REQUIRED_EMPLOYED
    for item in required:
        if record.get(item) is None:
            found.append((MISSING, f"{item} is missing"))
    if record.kind != AGENCY and "StartOrigin" in record.items and record.get("StartOrigin") is None:
        found.append((MISSING, "StartOrigin is missing for a starter in the year"))
    for item, codes in CODE_LISTS.items():
        value = record.get(item)
        if value is not None and value not in codes:
            found.append((INVALID_CODE, f"{item} {value!r} is not a census code"))
    swe = record.get("SWENo")
    if swe is not None and not SWE_NUMBER.match(swe):
        found.append((SWE_FORMAT, f"{swe!r} is not a Social Work England number (SW followed by digits)"))
    if record.kind == LEAVER:
        if record.get("ReasonLeave") is None:
            found.append((LEAVER_DETAILS, "The leaver has no reason for leaving"))
        if record.get("LeaverDestination") is None:
            found.append((LEAVER_DETAILS, "The leaver has no destination"))
    found.extend(_date_problems(census, record))
    for item in ("FTE", "FTE30"):
        value = _decimal(record.get(item))
        if value is not None and not (Decimal(0) < value <= Decimal(1)):
            found.append((FTE_RANGE, f"{item} {record.get(item)} is outside 0 to 1"))
    if record.case_holder_in_post and census.snapshot is None:
        found.append((NO_SNAPSHOT, "A case holder in post, but no caseload snapshot on or before 30 September"))
    return [Problem(kind, message, record.staff_id, record.name, record.kind) for kind, message in found]


def _date_problems(census: CensusReturn, record: CensusRecord) -> list[tuple[str, str]]:
    found = []
    started = _date(record.get("RoleStartDate"))
    if started is not None and started > census.end:
        found.append((DATE_OUTSIDE_YEAR, f"RoleStartDate {display_date(started)} is after 30 September {census.year}"))
    ended = _date(record.get("RoleEndDate"))
    if ended is not None and not census.start <= ended <= census.end:
        found.append((DATE_OUTSIDE_YEAR, f"RoleEndDate {display_date(ended)} is outside the census year"))
    if record.kind == LEAVER and ended is None:
        found.append((MISSING, "RoleEndDate is missing for a leaver"))
    born = _date(record.get("PersonBirthDate"))
    if born is not None and not date(census.year - 80, 1, 1) <= born <= date(census.year - 18, 9, 30):
        found.append((DATE_OUTSIDE_YEAR, f"PersonBirthDate {display_date(born)} is not a plausible date of birth"))
    if record.kind == IN_POST and started is not None and ended is not None:
        found.append((DATE_OUTSIDE_YEAR, "A record in post at 30 September has an end date"))
    return found


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return Decimal(-1)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
