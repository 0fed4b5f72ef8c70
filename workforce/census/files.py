"""The return as files: the XML for DfE (schema element order), the Excel workbook for checking, and the
figures DfE will derive from the XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from defusedxml import ElementTree as SafeET

from workforce.census.constants import LA_ITEMS, NO_ALL_SOME, PAY_ITEMS, WORKER_ITEMS
from workforce.census.returns import CensusReturn
from workforce.census.validation import Problem
from workforce.kernel import clock
from workforce.kernel.measures import MeasureValue
from workforce.kernel.release import NOT_APPLICABLE, release_from_sheets
from workforce.kernel.spreadsheets import Sheet, workbook_bytes
from workforce.kernel.working_days import working_days_between

WITH_ERRORS_NOTE = "Exported with {count} validation errors not yet fixed: DfE's checks will reject this file."


def build_xml(census: CensusReturn, problems: list[Problem] | None = None) -> bytes:
    """The CSWW Message; exporting with errors adds an XML comment saying so."""
    message = ET.Element("Message")
    if problems:
        message.append(ET.Comment(" " + WITH_ERRORS_NOTE.format(count=len(problems)) + " "))
    header = ET.SubElement(message, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    ET.SubElement(details, "Collection").text = "CSWW"
    ET.SubElement(details, "Year").text = str(census.year)
    ET.SubElement(details, "ReferenceDate").text = census.end.isoformat()
    source = ET.SubElement(header, "Source")
    ET.SubElement(source, "SourceLevel").text = "L"
    ET.SubElement(source, "LEA").text = census.la_code or ""
    ET.SubElement(source, "SoftwareCode").text = "WPQ"
    ET.SubElement(source, "DateTime").text = clock.now().replace(microsecond=0, tzinfo=None).isoformat()
    la_level = ET.SubElement(message, "LALevel")
    for item in LA_ITEMS:
        ET.SubElement(la_level, item).text = census.la_level.get(item) or ""
    for record in census.records:
        worker = ET.SubElement(message, "CSWWWorker")
        for item in WORKER_ITEMS:
            value = record.get(item)
            if value is not None:
                ET.SubElement(worker, item).text = value
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)


@dataclass(frozen=True)
class DerivedFigures:
    """What DfE computes from a return (the DfE census guide's formulas), read back from the XML itself."""

    fte_in_post: float
    headcount_in_post: int
    leavers_fte: float
    agency_fte: float
    vacancy_fte: float
    cases: int
    case_holders_fte: float
    days_lost: float
    turnover_rate: MeasureValue
    agency_rate: MeasureValue
    vacancy_rate: MeasureValue
    average_caseload: MeasureValue
    absence_rate: MeasureValue


def derive_figures(xml: bytes) -> DerivedFigures:
    message = SafeET.fromstring(xml)
    year = int(message.findtext("Header/CollectionDetails/Year"))
    la_level = message.find("LALevel")
    vacancies = float(la_level.findtext("NumberOfVacancies") or 0)
    agency_fte = float(la_level.findtext("NoAgencyFTE") or 0)
    fte_in_post = leavers = holders_fte = days_lost = 0.0
    headcount = cases = 0
    for worker in message.iter("CSWWWorker"):
        employed = worker.findtext("AgencyWorker") == "0"
        fte30 = worker.findtext("FTE30")
        held = int(worker.findtext("Cases30") or 0)
        if employed and fte30 is not None:
            fte_in_post += float(worker.findtext("FTE") or 0)
            headcount += 1
        if employed and worker.findtext("RoleEndDate") is not None:
            leavers += float(worker.findtext("FTE") or 0)
        if held > 0 and fte30 is not None:
            cases += held
            holders_fte += float(fte30)
        days_lost += float(worker.findtext("WorkingDaysLost") or 0)
    working_days = working_days_between(date(year - 1, 10, 1), date(year, 9, 30))
    return DerivedFigures(
        fte_in_post=fte_in_post,
        headcount_in_post=headcount,
        leavers_fte=leavers,
        agency_fte=agency_fte,
        vacancy_fte=vacancies,
        cases=cases,
        case_holders_fte=holders_fte,
        days_lost=days_lost,
        turnover_rate=MeasureValue.ratio(leavers, fte_in_post, 100),
        agency_rate=MeasureValue.ratio(agency_fte, agency_fte + fte_in_post, 100),
        vacancy_rate=MeasureValue.ratio(vacancies, vacancies + fte_in_post, 100),
        average_caseload=MeasureValue.ratio(cases, holders_fte),
        absence_rate=MeasureValue.ratio(days_lost, fte_in_post * working_days, 100),
    )


def build_workbook_bytes(census: CensusReturn, problems: list[Problem]) -> bytes:
    """The same data as the XML, one sheet per block, with the problems and (when there are any) a note."""
    sheets = []
    notes = [("Problems", WITH_ERRORS_NOTE.format(count=len(problems)))] if problems else []
    sheets.append(
        Sheet(
            "LA level",
            ["Item", "Quantity", "Code or text", "Meaning"],
            [["LEA", None, census.la_code, "The council's DfE local authority code"]]
            + [_la_row(item, census.la_level.get(item)) for item in LA_ITEMS],
            number_formats={"Quantity": "#,##0.0##"},
        )
    )
    sheets.append(
        Sheet(
            "Workers",
            ["Record", "Name", "Staff id", *WORKER_ITEMS],
            [
                [
                    record.kind,
                    record.name,
                    record.staff_id,
                    *[_number(record.get(item)) if item in QUANTITIES else record.get(item) for item in WORKER_ITEMS],
                ]
                for record in census.records
            ],
            number_formats=dict.fromkeys(QUANTITIES, "#,##0.0#####"),
        )
    )
    sheets.append(
        Sheet(
            "Problems",
            ["Problem", "Record", "Name", "Staff id", "Detail"],
            [
                [
                    problem.kind,
                    problem.record_kind or "Council",
                    problem.name or "",
                    problem.staff_id or "",
                    problem.message,
                ]
                for problem in problems
            ],
        )
    )
    return workbook_bytes(
        release_from_sheets(
            f"Children's social work workforce census check, {census.year}",
            f"The census year 1 October {census.year - 1} to 30 September {census.year}",
            "WPQ staff records, in the DfE census return's items (the same data as the XML file)",
            sheets,
            notes=notes
            + [
                (
                    "Items",
                    "Item names and codes are the DfE census return's. Quantities (FTE, cases, days, pay) are "
                    "numbers; codes and identifiers are text. [x] marks an item with no value, [z] a column "
                    "that does not apply to the item.",
                )
            ],
        )
    )


#: The census items that are quantities (FTE, counts, days, weeks, pounds): numbers in the workbook.
#: Every other item is a code or an identifier (DfE's code lists, dates, registration numbers): text.
QUANTITIES = frozenset(
    {
        "NumberOfVacancies",
        "NoAgencyFTE",
        "NoAgencyHeadcount",
        "FTE",
        "FTE30",
        "Cases30",
        "WorkingDaysLost",
        "ContractWeeks",
        "BaseSalary",
        "RRPayments",
        "OtherPayments",
    }
)


def _la_row(item: str, value: str | None) -> list:
    """An LA-level item: a quantity as a number, a code (no, all or some eligible) as text with its meaning."""
    if item in QUANTITIES:
        return [item, _number(value), NOT_APPLICABLE, PAY_ITEMS.get(item, "A quantity for the whole council")]
    meaning = PAY_ITEMS.get(item, "Other allowances, as the council describes them")
    if value is not None and item in PAY_ITEMS:
        meaning = f"{meaning}: {NO_ALL_SOME.get(str(value), 'not a DfE code')}"
    return [item, NOT_APPLICABLE, value, meaning]


def _number(value):
    """A census quantity as a spreadsheet cell: a number (the XML holds it as text), none as [x]."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() and "." not in value else number
    return value
