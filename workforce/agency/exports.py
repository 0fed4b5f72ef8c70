"""The quarterly agency return: one row per engagement active in the quarter, totals, and the notes sheet.

`wpq export agency-return --quarter 2026Q3 --out FILE.xlsx` and the download on the agency pages build
the same workbook with `build_agency_return`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import click
from openpyxl import Workbook

from workforce.agency import dao
from workforce.agency.compliance import check_engagement, over_cap
from workforce.agency.constants import AgencyJobType, Rule
from workforce.agency.models import AgencyEngagement
from workforce.kernel import settings
from workforce.kernel.dates import display_date
from workforce.kernel.permissions import Scope
from workforce.kernel.release import release_from_sheets
from workforce.kernel.spreadsheets import Sheet, workbook_bytes

QUARTER = re.compile(r"(\d{4})\s*-?\s*Q([1-4])", re.IGNORECASE)


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = QUARTER.fullmatch(text.strip())
        if match is None:
            raise ValueError("Enter the quarter as a year and quarter number, like 2026Q3")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = date(self.year + (self.number == 4), 1 if self.number == 4 else 3 * self.number + 1, 1)
        return following - timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


#: (column heading, what it means): the notes sheet documents every column of the engagements sheet.
COLUMNS: list[tuple[str, str]] = [
    ("Engagement", "WPQ's number for the engagement"),
    ("Worker reference", "The agency worker's reference (their staff number in WPQ)"),
    ("Social Work England number", "The worker's registration number, upper case without leading zeros"),
    ("Agency or managed service provider", "The supplier's name"),
    ("Provider type", "Agency, or managed service provider"),
    ("Job type", "The job type the regional price caps are set for"),
    ("Team", "The team the worker works in"),
    ("Post covered", "The establishment post number the engagement covers"),
    ("Start date", "The first day of the engagement"),
    ("End date", "The last day, blank while the engagement continues"),
    ("Days in quarter", "Calendar days of the engagement that fall in the quarter"),
    ("In post at quarter end", "1 when the engagement is active on the last day of the quarter, otherwise 0"),
    ("FTE", "Full-time equivalent of the engagement (0 to 1)"),
    ("Hours a week", "Contracted hours a week"),
    ("Notice period (weeks)", "The notice period agreed with the agency"),
    ("Pay rate", "Pounds an hour paid to the worker"),
    ("Employer costs", "Pounds an hour: employer's National Insurance, pension and similar"),
    ("Holiday pay", "Pounds an hour"),
    ("Agency fee", "Pounds an hour: the agency's or provider's margin"),
    ("Hourly charge", "Pay rate + employer costs + holiday pay + agency fee"),
    ("Price cap", "The regional cap for the job type in force on the start date; blank when none is set"),
    ("Over price cap", "Yes when the hourly charge is above the cap"),
    ("DCS sign-off", "The date the director of children's services signed off an over-cap charge"),
    ("Chief executive sign-off", "The date the chief executive signed off an over-cap charge"),
    ("Price cap breach", "Yes when over the cap without both sign-offs"),
    ("Post-qualification experience (years)", "Full years from qualification to the start date"),
    ("First reference received", "The date of the first practice-based reference"),
    ("Second reference received", "The date of the second practice-based reference"),
    ("Cooling-off rule met", "No when engaged within 3 months of leaving a permanent post in the same region"),
    ("Project team", "Yes when engaged as part of a project team"),
    ("Compliant with every rule", "Yes when every DfE agency rule is met"),
    ("Estimated spend in quarter", "Hourly charge x hours a week x days in quarter / 7, in pounds"),
]

TOTAL_COLUMNS = [
    "Job type",
    "Engagements active in quarter",
    "Headcount at quarter end",
    "FTE at quarter end",
    "Estimated spend in quarter",
    "Price cap breaches",
]


def days_in(engagement: AgencyEngagement, quarter: Quarter) -> int:
    first = max(engagement.start_date, quarter.start)
    last = min(engagement.end_date or quarter.end, quarter.end)
    return max(0, (last - first).days + 1)


def estimated_spend(engagement: AgencyEngagement, quarter: Quarter) -> Decimal:
    hours = Decimal(str(engagement.hours_per_week)) * Decimal(days_in(engagement, quarter)) / Decimal(7)
    return (engagement.hourly_charge * hours).quantize(Decimal("0.01"))


def _yes(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def engagement_row(engagement: AgencyEngagement, quarter: Quarter, region) -> list:
    results = {result.rule: result for result in check_engagement(engagement, region)}
    over, cap = over_cap(engagement, region)
    staff = engagement.staff_member
    experience = None
    if engagement.qualification_date is not None:
        start, qualified = engagement.start_date, engagement.qualification_date
        experience = start.year - qualified.year - ((start.month, start.day) < (qualified.month, qualified.day))
    return [
        engagement.id,
        staff.employee_number,
        staff.swe_number or "",
        engagement.agency_name,
        engagement.provider_type.label,
        engagement.job_type.label,
        engagement.team.name,
        engagement.post.post_number if engagement.post else "",
        engagement.start_date,
        engagement.end_date,
        days_in(engagement, quarter),
        int(engagement.active_between(quarter.end, quarter.end)),
        engagement.fte,
        engagement.hours_per_week,
        engagement.notice_period_weeks,
        float(engagement.pay_rate),
        float(engagement.employer_costs),
        float(engagement.holiday_pay),
        float(engagement.agency_fee),
        float(engagement.hourly_charge),
        float(cap.hourly_cap) if cap else None,
        _yes(over),
        engagement.dcs_signed_off_on,
        engagement.chief_executive_signed_off_on,
        _yes(bool(over) and not results[Rule.PRICE_CAP].met),
        experience,
        engagement.first_reference_on,
        engagement.second_reference_on,
        _yes(results[Rule.COOLING_OFF].met),
        _yes(engagement.project_team),
        _yes(all(result.met for result in results.values())),
        float(estimated_spend(engagement, quarter)),
    ]


@dataclass
class ReturnTotals:
    engagements: int = 0
    headcount: int = 0
    fte: float = 0.0
    spend: Decimal = Decimal("0")
    breaches: int = 0


def return_totals(engagements, quarter: Quarter, region) -> dict[AgencyJobType | None, ReturnTotals]:
    """Totals by job type, and for all (key None). Headcount counts each worker once at quarter end."""
    totals: dict[AgencyJobType | None, ReturnTotals] = defaultdict(ReturnTotals)
    workers: dict[AgencyJobType | None, set[int]] = defaultdict(set)
    for engagement in engagements:
        in_post = engagement.active_between(quarter.end, quarter.end)
        over, _cap = over_cap(engagement, region)
        signed = engagement.dcs_signed_off_on and engagement.chief_executive_signed_off_on
        for key in (engagement.job_type, None):
            total = totals[key]
            total.engagements += 1
            total.spend += estimated_spend(engagement, quarter)
            total.breaches += int(bool(over) and not signed)
            if in_post:
                total.fte += engagement.fte
                workers[key].add(engagement.staff_id)
    for key, total in totals.items():
        total.headcount = len(workers[key])
    return totals


def build_agency_return(quarter: Quarter, scope: Scope | None = None) -> Workbook:
    region = dao.council_region()
    engagements = sorted(dao.list_engagements(scope, quarter.start, quarter.end), key=lambda engagement: engagement.id)
    totals = return_totals(engagements, quarter, region)
    total_rows = [
        [
            job_type.label if job_type else "All job types",
            totals[job_type].engagements,
            totals[job_type].headcount,
            round(totals[job_type].fte, 6),
            float(totals[job_type].spend),
            totals[job_type].breaches,
        ]
        for job_type in [*AgencyJobType, None]
    ]
    council = settings.get("council_name")
    notes = [
        ["Return", f"Agency social workers: quarterly data return for {quarter} ({quarter.start} to {quarter.end})"],
        ["Council", council],
        ["Region", region.label],
        ["Source", "WPQ agency engagements; DfE agency rules in force from 31 October 2024"],
        ["Which engagements", "Every agency engagement active on at least one day of the quarter"],
        [
            "Headcount and FTE",
            "Workers whose engagement is active on the last day of the quarter; a worker with "
            "two engagements counts once in the headcount. These equal the agency FTE and headcount of the workforce "
            "measures on that date, since each engagement is recorded as an agency assignment",
        ],
    ] + [[f"Column: {heading}", meaning] for heading, meaning in COLUMNS]
    return release_from_sheets(
        f"Agency social workers: quarterly data return for {quarter}",
        f"{display_date(quarter.start)} to {display_date(quarter.end)}",
        "WPQ agency engagements; DfE agency rules in force from 31 October 2024",
        [
            Sheet(
                "Engagements",
                [heading for heading, _meaning in COLUMNS],
                [engagement_row(engagement, quarter, region) for engagement in engagements],
                number_formats=dict.fromkeys(
                    (
                        "Pay rate",
                        "Employer costs",
                        "Holiday pay",
                        "Agency fee",
                        "Hourly charge",
                        "Price cap",
                        "Estimated spend in quarter",
                    ),
                    "two decimal places",
                )
                | {"FTE": "fte"},
            ),
            Sheet(
                "Totals",
                TOTAL_COLUMNS,
                total_rows,
                number_formats={"FTE at quarter end": "fte", "Estimated spend in quarter": "two decimal places"},
            ),
        ],
        notes=[(item, note) for item, note in notes],
    )


@click.command("agency-return", help="Write the quarterly agency return to an Excel file.")
@click.option("--quarter", required=True, help="The quarter, like 2026Q3.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx file.")
def agency_return_command(quarter: str, out: Path):
    try:
        parsed = Quarter.parse(quarter)
    except ValueError as problem:
        raise click.BadParameter(str(problem), param_hint="--quarter") from None
    click.echo(f"Building the agency return for {parsed}...", err=True)
    out.write_bytes(workbook_bytes(build_agency_return(parsed)))
    click.echo(f"Wrote {out}")
