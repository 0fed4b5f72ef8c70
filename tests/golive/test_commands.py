"""`wpq council init`, `wpq import teams`, `wpq users create --staff-number`, `wpq users provision`,
`wpq users deactivate-leavers`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.builders import create_team
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.benchmarks import dao as benchmarks_dao
from workforce.kernel import settings
from workforce.kernel.models import AuditEvent, Team, User
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole, LeaverDestination, ReasonForLeaving


def wpq(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_council_init_sets_the_name_and_la_code_and_prints_the_comparators(app, db):
    result = wpq(app, "council", "init", "--name", "Stockport Council", "--la-code", "356")
    assert result.exit_code == 0, result.output
    assert "356 (Stockport, North West)" in result.output
    assert "Caseload threshold: 18 cases per FTE, amber from 16" in result.output
    assert settings.get("council_name") == "Stockport Council" and benchmarks_dao.council_la_code() == "356"


def test_council_init_refuses_an_la_code_dfe_does_not_publish(app, db):
    result = wpq(app, "council", "init", "--name", "Somewhere", "--la-code", "999")
    assert result.exit_code != 0
    assert "999 is not a council's DfE LA code" in result.output
    assert settings.get("council_name") == "Your council"


def test_import_teams_applies_all_rows_or_none(app, db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("ServiceArea,Team\nFront Door,Assessment Team 1\nFront Door,\n")
    result = wpq(app, "import", "teams", str(bad))
    assert result.exit_code != 0 and "Row 3, Team" in result.output
    assert db.session.execute(select(Team)).first() is None
    good = tmp_path / "good.csv"
    good.write_text("ServiceArea,Team\nFront Door,Assessment Team 1\nChildren in Care,Care Leavers Team\n")
    result = wpq(app, "import", "teams", str(good))
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output


def test_users_create_links_the_account_to_the_staff_record(app, db):
    person = create_staff_member(employee_number="E777")
    result = wpq(
        app,
        "users",
        "create",
        "--email",
        "sam@council.example",
        "--name",
        "Sam Jones",
        "--role",
        "social-worker",
        "--no-password",
        "--staff-number",
        "E777",
    )
    assert result.exit_code == 0, result.output
    assert "linked to the staff record of" in result.output
    db.session.refresh(person)
    assert person.user.email == "sam@council.example" and person.user.password_hash is None


def test_users_create_with_an_unknown_staff_number_creates_nothing(app, db):
    result = wpq(
        app,
        "users",
        "create",
        "--email",
        "x@council.example",
        "--name",
        "X",
        "--role",
        "hr",
        "--no-password",
        "--staff-number",
        "NOPE",
    )
    assert result.exit_code != 0 and "no staff record with the employee number NOPE" in result.output
    assert db.session.execute(select(User)).first() is None


def test_users_provision_for_one_team_with_a_dry_run_first(app, db):
    team, other = create_team("Team A"), create_team("Team B")
    create_assignment(
        create_staff_member(email="a@council.example"), create_post(team, census_role=CensusRole.SENIOR_PRACTITIONER)
    )
    create_assignment(create_staff_member(email="b@council.example"), create_post(other))
    dry = wpq(app, "users", "provision", "--team", "Team A", "--dry-run")
    assert dry.exit_code == 0 and "a@council.example\tpractice-supervisor\tTeam A" in dry.output
    assert "Would create 1 accounts" in dry.output
    assert db.session.execute(select(User)).first() is None
    done = wpq(app, "users", "provision", "--team", "Team A")
    assert done.exit_code == 0 and "Created 1 accounts" in done.output
    assert [user.email for user in db.session.execute(select(User)).scalars()] == ["a@council.example"]
    unknown = wpq(app, "users", "provision", "--team", "Nowhere")
    assert unknown.exit_code != 0


def test_users_deactivate_leavers(app, db):
    leaver = create_staff_member(email="gone@council.example")
    create_assignment(
        leaver,
        create_post(create_team()),
        end_date=date(2025, 3, 31),
        is_leaving=True,
        reason_for_leaving=ReasonForLeaving.RESIGNATION,
        leaver_destination=LeaverDestination.DIFFERENT_LA_IN_ENGLAND,
    )
    wpq(
        app,
        "users",
        "create",
        "--email",
        "gone@council.example",
        "--name",
        "Gone",
        "--role",
        "social-worker",
        "--no-password",
        "--staff-number",
        leaver.employee_number,
    )
    result = wpq(app, "users", "deactivate-leavers")
    assert result.exit_code == 0, result.output
    assert "Deactivated gone@council.example (last day 2025-03-31)" in result.output
    user = db.session.execute(select(User).where(User.email == "gone@council.example")).scalar_one()
    assert not user.is_active and user.role is Role.SOCIAL_WORKER
    assert (
        db.session.execute(
            select(AuditEvent.note).where(AuditEvent.action == "deactivated", AuditEvent.record_id == str(user.id))
        ).scalar_one()
        == "Left the council: last day 31 March 2025"
    )


def test_import_teams_reads_an_organisation_chart_through_a_saved_mapping(app, db, tmp_path):
    from workforce.kernel.import_mappings.services import create_mapping

    create_mapping("teams", "HR org chart", columns={"ServiceArea": "Directorate", "Team": "Org Unit"})
    db.session.commit()
    chart = tmp_path / "chart.csv"
    chart.write_text("Directorate,Org Unit,Cost Centre\nFront Door,Assessment Team 1,C100\nFront Door,,C101\n")
    result = wpq(app, "import", "teams", str(chart), "--mapping", "HR org chart")
    assert result.exit_code != 0 and "Row 3, Org Unit" in result.output
    chart.write_text("Directorate,Org Unit,Cost Centre\nFront Door,Assessment Team 1,C100\n")
    result = wpq(app, "import", "teams", str(chart), "--mapping", "HR org chart")
    assert result.exit_code == 0, result.output
    assert db.session.execute(select(Team.name)).scalars().all() == ["Assessment Team 1"]
