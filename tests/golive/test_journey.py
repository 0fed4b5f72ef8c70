"""Going live, the whole way: from an empty database with no demo, the commands an administrator runs make a
working council, and the people they give accounts to sign in with their council account and do their jobs."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from supervision.models import Supervision
from tests.academy.builders import create_completion, create_course
from tests.oidc.fixtures import sign_in_through_provider
from workforce.kernel import clock
from workforce.kernel.models import AuditEvent, Team, User
from workforce.kernel.roles import Role
from workforce.people.models import StaffMember

TEAMS_CSV = """ServiceArea,Team
Front Door and Assessment,Assessment Team 1
Children in Care and Permanence,Children in Care Team
"""

STAFF_CSV = """EmployeeNumber,FirstName,LastName,Email,Team,OrgRole,RoleStartDate,SWENo,JobTitle
E1001,Priya,Shah,Priya.Shah@council.example,Assessment Team 1,3,2024-04-01,SW10001,Team manager
E1002,Sam,Jones,sam.jones@council.example,Assessment Team 1,5,2024-05-13,SW10002,Social worker
E1003,Alex,Brown,alex.brown@council.example,Children in Care Team,5,2023-09-04,SW10003,Social worker
E1004,Chris,Green,,Children in Care Team,5,2022-01-10,SW10004,Social worker
"""


def run(council_app, *args):
    result = council_app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_from_an_empty_database_to_a_manager_recording_supervision_and_a_worker_seeing_their_training(
    council, tmp_path
):
    database, page_client = council()
    council_app = page_client.app
    assert database.session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 0
    assert database.session.execute(sa.select(sa.func.count()).select_from(Team)).scalar_one() == 0

    output = run(council_app, "council", "init", "--name", "Stockport Council", "--la-code", "356")
    assert "North West" in output and "Statistical neighbours:" in output

    (tmp_path / "teams.csv").write_text(TEAMS_CSV)
    run(council_app, "import", "teams", str(tmp_path / "teams.csv"))
    (tmp_path / "staff.csv").write_text(STAFF_CSV)
    run(council_app, "import", "staff", str(tmp_path / "staff.csv"))
    assert (
        database.session.execute(
            sa.select(StaffMember.email).where(StaffMember.employee_number == "E1001")
        ).scalar_one()
        == "priya.shah@council.example"
    )

    preview = run(council_app, "users", "provision", "--dry-run")
    assert "Would create 3 accounts" in preview
    assert "priya.shah@council.example\tteam-manager\tAssessment Team 1" in preview
    output = run(council_app, "users", "provision")
    assert "Created 3 accounts (1 staff skipped)" in output
    # HR checks the manager's registration on the public register; supervisors must be registered.
    run(
        council_app,
        "users",
        "create",
        "--email",
        "hr@council.example",
        "--name",
        "Dana Hughes",
        "--role",
        "hr",
        "--password",
        "a long hr password 2026",
    )
    manager = database.session.execute(
        sa.select(StaffMember).where(StaffMember.employee_number == "E1001")
    ).scalar_one()
    worker = database.session.execute(sa.select(StaffMember).where(StaffMember.employee_number == "E1002")).scalar_one()
    other_team = database.session.execute(
        sa.select(StaffMember).where(StaffMember.employee_number == "E1003")
    ).scalar_one()
    page_client.post("auth.sign_in", {"email": "hr@council.example", "password": "a long hr password 2026"})
    today = clock.today()
    page_client.post(
        "people.check_registration",
        {
            "status": "registered",
            "registered_until": ["30", "11", str(today.year + 1)],
            "checked_on": [str(today.day), str(today.month), str(today.year)],
        },
        staff_id=manager.id,
    )
    page_client.post("auth.sign_out")

    # The provisioned team manager signs in with their council account and records a supervision session.
    response, _ = sign_in_through_provider(page_client, "priya")
    assert response.status_code == 302
    form = page_client.get("supervision.record_supervision")
    assert [option.get_text() for option in form.select("#supervisee option")] == ["Sam Jones"]
    held_on = today - timedelta(days=1)
    page_client.post(
        "supervision.record_supervision",
        {
            "supervisee": worker.id,
            "status": "held",
            "supervision_type": "individual",
            "session_date": held_on.isoformat(),
            "duration_minutes": "90",
            "agenda": "Caseload and wellbeing",
            "agenda_set_jointly": "y",
            "topics": ["workload", "wellbeing"],
            "reflective_notes": "Reflected on a first child protection conference.",
            "wellbeing_checked": "y",
        },
    )
    supervision = database.session.execute(sa.select(Supervision)).scalar_one()
    assert (supervision.supervisee_id, supervision.supervisor_id, supervision.held_on) == (
        worker.id,
        manager.id,
        held_on,
    )
    page_client.post("auth.sign_out", _expected_status=200)

    # The provisioned social worker signs in and sees their own training, and nobody else's.
    course = create_course(title="Child protection: core skills")
    create_completion(worker, course, date(2025, 3, 4))
    create_completion(other_team, create_course(title="Someone else's course"), date(2025, 3, 5))
    response, _ = sign_in_through_provider(page_client, "sam")
    assert response.status_code == 302
    training = page_client.get("academy.my_training")
    text = training.get_text()
    assert "Child protection: core skills" in text
    assert "Someone else's course" not in text

    actions = set(
        database.session.execute(sa.select(AuditEvent.action).where(AuditEvent.record_type == "User")).scalars()
    )
    assert {"provisioned", "linked"} <= actions
    assert Role.TEAM_MANAGER is database.session.get(User, manager.user_id).role
