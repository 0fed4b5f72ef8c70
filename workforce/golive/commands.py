"""`wpq council init`, `wpq import teams`, `wpq users provision`, `wpq users deactivate-leavers`."""

from __future__ import annotations

import click

from workforce.extensions import db
from workforce.golive import council, services, teams_import
from workforce.kernel import audit_trail
from workforce.kernel.teams import dao as teams_dao
from workforce.people.commands import mapping_option, run_import


@click.group("council", help="The council's own settings.")
def council_group():
    pass


@council_group.command("init", help="Set the council's name and DfE LA code (the benchmarks' region and neighbours).")
@click.option("--name", required=True, help="The council's name, as shown in the header and on exports.")
@click.option("--la-code", "la_code", default=None, help="The council's three-digit DfE LA code, for example 356.")
@click.option("--caseload-threshold", type=float, default=None, help="Cases per FTE (default 18).")
@click.option(
    "--caseload-amber-from", type=float, default=None, help="Amber from this many cases per FTE (default 16)."
)
def init_council_command(name: str, la_code: str | None, caseload_threshold, caseload_amber_from):
    with audit_trail.acting_as("Command line: wpq council init"):
        try:
            summary = council.init_council(name, la_code, caseload_threshold, caseload_amber_from)
        except council.CouncilError as problem:
            db.session.rollback()
            raise click.ClickException(str(problem)) from None
        db.session.commit()
    click.echo(f"Council: {summary.name}")
    if summary.council:
        click.echo(f"DfE LA code: {summary.la_code} ({summary.council.name}, {summary.council.region_name})")
        click.echo("Statistical neighbours: " + ", ".join(n.name for n in summary.neighbours))
    else:
        click.echo("DfE LA code: not set (the census return needs it; the benchmarks show England only)")
    click.echo(
        f"Caseload threshold: {summary.caseload_threshold:g} cases per FTE, amber from {summary.caseload_amber_from:g}"
    )
    for question, answer in summary.supervision_policy:
        click.echo(f"Supervision - {question}: {answer}")
    click.echo(
        f"Census pay items answered: {summary.pay_items_set} of {summary.pay_items_total} "
        "(HR answers them on the census page)"
    )


@click.command("teams", help="Import service areas and teams (columns ServiceArea, Team).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report what would change, without saving.")
@mapping_option("teams")
def import_teams_command(path: str, dry_run: bool, mapping_name: str | None):
    run_import("teams", teams_import.check_teams, teams_import.apply_teams, path, dry_run, mapping_name)


@click.command("provision", help="Create accounts for staff in post, with roles worked out from their jobs.")
@click.option("--team", "team_name", default=None, help="Only this team's staff.")
@click.option("--dry-run", is_flag=True, help="Show the accounts and roles without creating them.")
def provision_command(team_name: str | None, dry_run: bool):
    team = None
    if team_name:
        team = teams_dao.get_team_by_name(team_name)
        if team is None:
            raise click.ClickException(f"There is no team called {team_name}. See `wpq teams list`.")
    plan = services.plan_provisioning(team)
    for planned in plan.to_create:
        worked_out = planned.worked_out
        teams = ", ".join(t.name for t in worked_out.teams) or "-"
        click.echo(f"{planned.staff_member.email}\t{worked_out.role.value}\t{teams}\t{worked_out.reason}")
    for planned in plan.skipped:
        click.echo(f"Skipped {planned.staff_member} ({planned.staff_member.employee_number}): {planned.skip}", err=True)
    if dry_run:
        click.echo(f"Would create {len(plan.to_create)} accounts ({len(plan.skipped)} staff skipped)")
        return
    with audit_trail.acting_as("Command line: wpq users provision"):
        created = services.provision(plan)
        db.session.commit()
    click.echo(f"Created {len(created)} accounts ({len(plan.skipped)} staff skipped)")


@click.command("deactivate-leavers", help="Deactivate the accounts of staff whose last day has come.")
def deactivate_leavers_command():
    with audit_trail.acting_as("Command line: wpq users deactivate-leavers", audit_trail.Origin.SCHEDULE):
        deactivated = services.deactivate_leavers()
        db.session.commit()
    for user, last_day in deactivated:
        click.echo(f"Deactivated {user.email} (last day {last_day:%Y-%m-%d})")
    click.echo(f"Deactivated {len(deactivated)} accounts")
