"""Formula injection: every export, run over records whose text starts with `=`, `+`, `-` or `@`, holds no
formula in any cell (OWASP CSV injection), in Excel and in CSV.

The demo council's free-text columns (names, titles, notes, case references, employee numbers...) are
prefixed with a hostile character inside the test's transaction; then every download is fetched as a
role allowed to have it. An .xlsx file must have no formula cell at all, and the hostile text must be
there as text (so the check is not passing on an empty file); a CSV file must have no cell that starts
with a formula character. Every export registered in the module contract must be in DOWNLOADS.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import FORMULA_PREFIXES

PREFIXES = ("=", "+", "-", "@")

#: Free-text columns the exports show, by table.
HOSTILE_COLUMNS = {
    "teams": ["name"],
    "service_areas": ["name"],
    "users": ["name"],
    "staff": ["employee_number", "first_name", "last_name"],
    "posts": ["post_number", "job_title", "grade"],
    "staff_survey_results": ["question"],
    "agency_engagements": ["agency_name", "end_reference"],
    "supervisions": ["agenda"],
    "supervision_actions": ["description"],
    "audit_case_audits": ["case_reference", "strengths", "areas_for_development"],
    "audit_actions": ["description"],
    "audit_themes": ["name"],
    "audit_programmes": ["name"],
    "academy_programmes": ["name"],
    "academy_courses": ["title"],
    "academy_sessions": ["venue", "facilitator"],
    "improvement_plans": ["title"],
    "improvement_strands": ["title"],
    "improvement_actions": ["title"],
    "improvement_period_definitions": ["title"],
    "pipeline_stages": ["name"],
    "exit_interviews": ["comments"],
    "stay_interviews": ["what_keeps_you"],
}


@dataclass(frozen=True)
class Download:
    endpoint: str
    role: Role
    #: The registered export (module contract) this download serves, if any.
    export: str | None = None
    values: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    #: False for files with no free text of records in them (figures only).
    carries_text: bool = True


def _team_of_manager(session, users) -> int:
    return sorted(team.id for team in users[Role.TEAM_MANAGER].managed_teams)[0]


def _plan(session, users) -> int:
    from workforce.improvement.models import ImprovementPlan

    return session.execute(sa.select(ImprovementPlan.id).order_by(ImprovementPlan.id)).scalar()


DOWNLOADS = [
    Download("improvement.download_pack", Role.SENIOR_LEADER, "committee-pack", {"plan_id": _plan}),
    Download("agency.download_return", Role.HR, "agency-return", query={"quarter": "2026Q3"}),
    Download(
        "supervision.export_team_compliance",
        Role.TEAM_MANAGER,
        "supervision-team-compliance",
        {"team_id": _team_of_manager},
    ),
    Download("audits.export_report", Role.QA_OFFICER, "audit-report"),
    Download("academy.export_matrix", Role.ACADEMY_LEAD, "academy-training-matrix"),
    Download("census.download_workbook", Role.HR, query={"year": 2025}),
]


def fetch(client_request, download: Download, values: dict):
    """The download's file: fetched directly, or (for a page that starts a job) from the job's page."""
    rules = [rule for rule in client_request.app.url_map.iter_rules() if rule.endpoint == download.endpoint]
    if "GET" in rules[0].methods:
        return client_request.get(download.endpoint, _query=download.query, **values)
    return client_request.job_file(download.endpoint, **values, **download.query)


def hostile_demo(session) -> None:
    """Prefix every free-text value with a formula character, rotating through = + - @."""
    metadata = db.metadata
    for index, (table_name, columns) in enumerate(sorted(HOSTILE_COLUMNS.items())):
        table = metadata.tables[table_name]
        values = {
            column: sa.literal(PREFIXES[(index + offset) % len(PREFIXES)]) + table.c[column]
            for offset, column in enumerate(columns)
        }
        session.execute(sa.update(table).values(values))
    session.flush()


def cells_of(response) -> tuple[list[str], int]:
    """The text of every cell, and the number of formula cells."""
    if response.mimetype == "text/csv":
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        return [cell for row in rows for cell in row], 0
    workbook = load_workbook(io.BytesIO(response.get_data()))
    texts, formulas = [], 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas += 1
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts, formulas


def test_every_registered_export_has_a_download_in_the_table(app):
    with app.app_context():
        registered = set(registry(app).exports)
    covered = {download.export for download in DOWNLOADS if download.export}
    assert not registered - covered, f"Add these exports to DOWNLOADS in {__name__}: {sorted(registered - covered)}"


@pytest.mark.parametrize("download", DOWNLOADS, ids=lambda download: download.endpoint)
def test_an_export_of_hostile_text_holds_no_formula(demo, download):
    session = demo.database.session
    hostile_demo(session)
    values = {name: value(session, demo.users) if callable(value) else value for name, value in download.values.items()}
    demo.client_request.login(demo.users[download.role])
    response = fetch(demo.client_request, download, values)
    assert response.mimetype in ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    texts, formulas = cells_of(response)
    assert formulas == 0, f"{download.endpoint} wrote {formulas} formula cells"
    if response.mimetype == "text/csv":
        assert not [text for text in texts if text.startswith(FORMULA_PREFIXES)]
    if download.carries_text:
        hostile = [text for text in texts if text.startswith(PREFIXES)]
        assert hostile, f"{download.endpoint} shows none of the hostile text: the check would prove nothing"


def test_an_import_problem_report_of_hostile_cells_holds_no_formula(demo):
    """Problem reports echo what the uploaded file held: the most direct way in for hostile text."""
    from bs4 import BeautifulSoup

    demo.client_request.login(demo.users[Role.HR])
    hostile = "EmployeeNumber,FirstName,LastName,Team,OrgRole,RoleStartDate\n"
    hostile += '=HYPERLINK("http://example.invalid"),+Ann,-Lee,@Team,=1+1,@2025\n'
    page = demo.client_request.client.post(
        demo.client_request.url("people.import_file", kind="staff"),
        data={"csrf_token": demo.client_request._token(), "file": (io.BytesIO(hostile.encode()), "staff.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    links = [
        link["href"]
        for link in BeautifulSoup(page.get_data(as_text=True), "html.parser").select("a[href*='/problems/']")
    ]
    assert {link.split("?")[0].rsplit("/", 1)[1] for link in links} == {"xlsx", "csv"}
    for link in links:
        response = demo.client_request.client.get(link)
        assert response.status_code == 200, link
        texts, formulas = cells_of(response)
        assert formulas == 0
        assert any("=1+1" in text for text in texts), texts
        if response.mimetype == "text/csv":
            assert not [text for text in texts if text.startswith(FORMULA_PREFIXES)]
