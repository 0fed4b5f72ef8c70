"""The audit-trail safety net refuses a commit that changes a tracked record without an audit event."""

from datetime import date

import pytest

from tests.people.builders import create_staff_member
from workforce.kernel import audit_trail
from workforce.kernel.audit_trail.safety_net import UnauditedChange, not_audited
from workforce.people.constants import AbsenceReason
from workforce.people.models import Absence


def absence_of(staff) -> Absence:
    return Absence(staff_id=staff.id, reason=list(AbsenceReason)[0], start_date=date(2026, 1, 5))


def test_the_tests_run_with_the_safety_net_on(app):
    assert app.config["AUDIT_SAFETY_NET"] is True


def test_an_unaudited_change_in_a_request_is_refused_at_commit(app, db):
    staff = create_staff_member()
    with app.test_request_context():
        staff.first_name = "Changed"
        with pytest.raises(UnauditedChange, match=f"Staff {staff.id} updated"):
            db.session.commit()
        db.session.rollback()


def test_a_command_acting_as_someone_is_checked_too(db):
    staff = create_staff_member()
    with audit_trail.acting_as("Test command"):
        staff.first_name = "Changed"
        with pytest.raises(UnauditedChange):
            db.session.commit()
        db.session.rollback()


def test_an_audited_change_commits(app, db):
    staff = create_staff_member()
    with app.test_request_context():
        before = audit_trail.snapshot(staff)
        staff.first_name = "Changed"
        audit_trail.record_updated(staff, before)
        db.session.commit()


def test_a_child_record_is_covered_by_an_event_about_the_record_it_belongs_to(app, db):
    staff = create_staff_member()
    with app.test_request_context():
        db.session.add(absence_of(staff))
        with pytest.raises(UnauditedChange, match="Absence"):
            db.session.commit()
        db.session.rollback()
        db.session.add(absence_of(staff))
        audit_trail.record(staff, audit_trail.Action.UPDATED, note="Absence added")
        db.session.commit()


def test_deleting_a_tracked_record_needs_an_event_too(app, db):
    staff = create_staff_member()
    absence = absence_of(staff)
    db.session.add(absence)
    db.session.commit()
    absence_id = absence.id
    with app.test_request_context():
        db.session.delete(absence)
        with pytest.raises(UnauditedChange, match=f"Absence {absence_id} deleted"):
            db.session.commit()
        db.session.rollback()


def test_bookkeeping_columns_and_exempt_work_need_no_event(app, db):
    staff = create_staff_member()
    with app.test_request_context():
        staff.version += 1
        db.session.commit()
        with not_audited("demo data"):
            staff.first_name = "Demo"
            db.session.commit()


def test_records_a_test_builds_for_itself_are_not_checked(db):
    staff = create_staff_member()
    staff.first_name = "Changed"
    db.session.commit()


def test_the_net_is_off_unless_configured(app, db):
    staff = create_staff_member()
    app.config["AUDIT_SAFETY_NET"] = False
    try:
        with app.test_request_context():
            staff.first_name = "Changed"
            db.session.commit()
    finally:
        app.config["AUDIT_SAFETY_NET"] = True
