"""A team's supervision compliance as an Excel workbook, for its manager."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook

from supervision.constants import ScheduleStatus
from supervision.schedule import schedules
from workforce.kernel.dates import add_months, display_date, months_between
from workforce.kernel.models import Team
from workforce.kernel.release import release_from_sheets
from workforce.kernel.spreadsheets import Sheet

#: The months of history in the export.
MONTHS_OF_HISTORY = 12


def team_compliance_workbook(team: Team, on: date) -> Workbook:
    """Three tables: each worker's schedule on the date, each worker-month of the last 12 months, and the
    team's figure with its definition."""
    first = add_months(date(on.year, on.month, 1), -(MONTHS_OF_HISTORY - 1))
    items = schedules(first, on, {team.id})
    schedule_rows = []
    month_rows = []
    counted = met = 0
    for item in items:
        status = item.status_on(on)
        if item.worker.team_on(on) == team.id and status not in (None, ScheduleStatus.LEFT):
            schedule_rows.append([item.worker.name, item.last_held_on(on), item.due_on(on), status.label])
        for month_first, month_last in months_between(first, on):
            outcome = item.month_result(month_first, month_last)
            last_day = item.last_eligible_day(month_first, month_last)
            if outcome is None or item.worker.team_on(last_day) != team.id:
                continue
            counted += 1
            met += outcome
            month_rows.append([item.worker.name, month_first.strftime("%Y-%m"), "Yes" if outcome else "No"])
    percent = round(met / counted * 100, 1) if counted else "[z]"
    summary = Sheet(
        "Summary",
        ["Team", "From", "To", "Worker-months counted", "Worker-months supervised as policy requires", "Percentage"],
        [[team.name, first, on, counted, met, percent]],
        number_formats={"Percentage": "percent"},
    )
    return release_from_sheets(
        f"Supervision compliance: {team.name}",
        f"{display_date(first)} to {display_date(on)}",
        "WPQ supervision records and the supervision policy in force (LGA Standard 5)",
        [
            summary,
            Sheet("Schedule", ["Name", "Last qualifying session", "Next due by", "Status"], schedule_rows),
            Sheet("Months", ["Name", "Month", "Supervised as policy requires"], month_rows),
        ],
        notes=[
            (
                "Worker-months",
                "A worker-month counts when the worker was in post and not on a long absence for at least one day.",
            ),
            (
                "Supervised as policy requires",
                "The worker was never overdue under the supervision policy in that month.",
            ),
            ("Personal data", "Contains personal data: keep it within the team's management."),
        ],
    )
