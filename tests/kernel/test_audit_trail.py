import io
from datetime import datetime

import pytest

from tests.builders import create_team, create_user
from tests.spreadsheets import table_rows
from workforce.kernel import audit_trail
from workforce.kernel.models import AuditEvent, AuditTrailIsAppendOnly
from workforce.kernel.roles import Role


def test_a_change_made_through_a_page_appears_in_the_audit_trail_with_before_and_after(client_request, db):
    admin = create_user(Role.ADMINISTRATOR, name="Morgan Ellis")
    team = create_team("Assessment Team 1")
    person = create_user(Role.SOCIAL_WORKER, name="Lewis Carter", email="lewis@example.gov.uk", team=team)
    client_request.login(admin)
    client_request.post(
        "users.edit_user",
        {
            "name": "Lewis Carter-Jones",
            "email": "lewis@example.gov.uk",
            "role": "practice-supervisor",
            "teams": [team.id],
            "version": person.version,
        },
        user_id=person.id,
    )
    event = db.session.query(AuditEvent).filter_by(record_type="User", record_id=str(person.id)).one()
    assert event.action == "updated"
    assert event.actor_id == admin.id
    assert event.actor_label == "Morgan Ellis (administrator)"
    assert event.origin == "web"
    assert event.changes == {
        "name": {"before": "Lewis Carter", "after": "Lewis Carter-Jones"},
        "role": {"before": "social-worker", "after": "practice-supervisor"},
    }
    page = client_request.get("audit_trail.browse", _query={"record_type": "User", "record_id": person.id})
    text = page.select_one("table").get_text(" ", strip=True)
    assert "Lewis Carter → Lewis Carter-Jones" in text
    assert "Role : Social worker → Practice supervisor" in text


def test_saving_without_changes_writes_nothing(client_request, db):
    team = create_team()
    person = create_user(Role.SOCIAL_WORKER, name="Lewis Carter", email="lewis@example.gov.uk", team=team)
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post(
        "users.edit_user",
        {
            "name": "Lewis Carter",
            "email": "lewis@example.gov.uk",
            "role": "social-worker",
            "teams": [team.id],
            "version": person.version,
        },
        user_id=person.id,
    )
    assert db.session.query(AuditEvent).filter_by(record_type="User").count() == 0


def test_password_changes_are_recorded_without_the_hash(client_request, db):
    person = create_user(password="an old password here")
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post("users.set_user_password", {"password": "a new long password"}, user_id=person.id)
    event = db.session.query(AuditEvent).filter_by(record_id=str(person.id), action="password set").one()
    assert event.changes == {"password_hash": {"before": "[changed]", "after": "[changed]"}}


def test_audit_trail_entries_cannot_be_changed(db):
    user = create_user()
    event = audit_trail.record(user, "updated", {"name": {"before": "a", "after": "b"}})
    db.session.flush()
    event.action = "created"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()


def test_audit_trail_entries_cannot_be_deleted(db):
    event = audit_trail.record(create_user(), "updated")
    db.session.flush()
    db.session.delete(event)
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()


def test_changes_from_the_command_line_are_attributed_to_it(db):
    user = create_user(name="Before")
    with audit_trail.acting_as("Command line: wpq users create"):
        before = audit_trail.snapshot(user)
        user.name = "After"
        event = audit_trail.record_updated(user, before)
    assert event.actor_label == "Command line: wpq users create"
    assert event.origin == "command line"


def test_administrators_filter_the_audit_trail(client_request):
    client_request.login(create_user(Role.ADMINISTRATOR))
    team = create_team("Fostering Team")
    audit_trail.record_created(team)
    audit_trail.record_created(create_user(name="Someone"))
    page = client_request.get("audit_trail.browse", _query={"record_type": "Team"})
    rows = page.select("tbody tr")
    assert len(rows) == 1
    assert "Fostering Team" in rows[0].get_text()


def test_a_bad_date_in_the_filter_is_explained(client_request):
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.get("audit_trail.browse", _query={"date_from": "31/02/2026"})
    assert "From must be a real date in the format YYYY-MM-DD" in page.select_one(".govuk-error-summary").get_text()


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMINISTRATOR])
def test_only_administrators_browse_the_audit_trail(client_request, role):
    client_request.login(create_user(role, manages=[create_team()] if role is Role.TEAM_MANAGER else ()))
    client_request.get("audit_trail.browse", _expected_status=403)


def test_the_audit_trail_downloads_what_is_filtered(client_request):
    from openpyxl import load_workbook

    client_request.login(create_user(Role.ADMINISTRATOR))
    audit_trail.record_created(create_team("Fostering Team"))
    audit_trail.record_created(create_team("Adoption Team"))
    page = client_request.get("audit_trail.browse", _query={"record_type": "Team", "search": "fostering"})
    assert len(page.select("table[data-list] tbody tr")) == 1
    response = client_request.client.get(page.select_one("a[href*='download=xlsx']")["href"])
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[-1]
    rows = table_rows(sheet)
    assert rows[0] == ["When", "Who", "Action", "Record", "What changed"]
    assert len(rows) == 2 and "Fostering Team" in rows[1][3]
    assert isinstance(rows[1][0], datetime)
