"""Service areas and teams from a file, on the shared import shape: every row checked, then all or none."""

from __future__ import annotations

from collections.abc import Callable

from marshmallow import Schema
from sqlalchemy import select

from workforce.extensions import db
from workforce.golive.constants import TEAMS_COLUMNS
from workforce.kernel import audit_trail
from workforce.kernel.import_mappings import ImportLayout, ImportMapping, name_in_extract, read_through, register_layout
from workforce.kernel.imports import (
    ImportReport,
    LoadedRow,
    hold_import_lock,
    load_rows,
    report_duplicates,
    require_headers,
)
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.teams import services as teams_services
from workforce.people.imports import ImportOutcome, read_file
from workforce.people.schemas import Text, _required


class TeamRowSchema(Schema):
    service_area = Text(
        required=True, validate=lambda text: 0 < len(text) <= 120, error_messages=_required("Enter the service area")
    )
    team = Text(
        required=True, validate=lambda text: 0 < len(text) <= 120, error_messages=_required("Enter the team name")
    )


TEAMS_LAYOUT = register_layout(
    ImportLayout(
        kind="teams",
        title="Service areas and teams",
        columns=tuple(TEAMS_COLUMNS),
        required=tuple(TEAMS_COLUMNS),
        synonyms={
            "ServiceArea": ("Service Area", "Service", "Directorate", "Division", "Area"),
            "Team": ("Team Name", "Unit", "Organisation Unit", "Org Unit", "Cost Centre Name"),
        },
    )
)


def check_teams(
    data: bytes, filename: str, mapping: ImportMapping | None = None
) -> tuple[ImportReport, list[LoadedRow]]:
    report = ImportReport()
    table = read_file(data, filename, report)
    mapped = read_through(table, mapping, TEAMS_LAYOUT, report) if table is not None else None
    if mapped is None:
        return report, []
    since = len(report.problems)
    rows = _check_teams_table(mapped.table, report)
    name_in_extract(report, mapped, since)
    return report, rows


def _check_teams_table(table, report: ImportReport) -> list[LoadedRow]:
    if not require_headers(table, report, tuple(TEAMS_COLUMNS)):
        return []
    rows = load_rows(table, TeamRowSchema(), TEAMS_COLUMNS, report)
    report_duplicates(rows, lambda row: row.data["team"].lower(), "Team", report, "Row {first} already has this team")
    archived = {
        team.name.lower() for team in db.session.execute(select(Team).where(Team.archived_at.is_not(None))).scalars()
    }
    for row in rows:
        if row.data["team"].lower() in archived:
            report.add(row.number, "Team", row.raw.get("Team"), "This team is archived: restore it on the teams page")
    return rows


def apply_teams(rows: list[LoadedRow], progress: Callable[[int], None] | None = None) -> ImportOutcome:
    hold_import_lock("teams")
    outcome = ImportOutcome()
    teams = {team.name.lower(): team for team in db.session.execute(select(Team)).scalars()}
    for row in rows:
        area = teams_services.find_or_create_service_area(row.data["service_area"])
        current = teams.get(row.data["team"].lower())
        if current is None:
            team = teams_services.create_team(row.data["team"], area)
            teams[team.name.lower()] = team
            outcome.created += 1
            if len(outcome.examples) < 10:
                outcome.examples.append(f"Add {team.name} in {area.name}")
        elif current.service_area_id != area.id or current.service_area is not area:
            before = audit_trail.snapshot(current, service_area=current.service_area.name)
            current.service_area = area
            db.session.flush()
            audit_trail.record_updated(current, before, note="Imported teams", service_area=area.name)
            outcome.updated += 1
            if len(outcome.examples) < 10:
                outcome.examples.append(f"Move {current.name} to {area.name}")
        else:
            outcome.unchanged += 1
    if progress:
        progress(len(rows))
    db.session.flush()
    return outcome


def count_service_areas() -> int:
    return len(db.session.execute(select(ServiceArea.id)).all())
