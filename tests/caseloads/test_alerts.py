from datetime import date

from tests.builders import create_team
from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads.alerts import alerts_for
from workforce.caseloads.constants import AlertKind, CaseType
from workforce.people.constants import AbsenceReason, RegistrationStatus
from workforce.people.models import Absence

ON = date(2025, 9, 30)


def kinds(snapshot, team_ids=None):
    return sorted((alert.kind, alert.worker.worker_identifier) for alert in alerts_for(snapshot, team_ids))


def test_each_kind_of_alert_is_raised_for_the_worker_it_concerns(db):
    team = create_team()
    snapshot = create_snapshot(ON)
    over = create_staff_member(employee_number="OVER")
    create_assignment(over, team=team)
    create_worker_count(snapshot, over, team, {CaseType.CHILD_PROTECTION: 20})
    lapsed = create_staff_member(employee_number="LAPSED", registration_status=RegistrationStatus.LAPSED)
    create_assignment(lapsed, team=team)
    create_worker_count(snapshot, lapsed, team, {CaseType.CHILD_IN_NEED: 3})
    absent = create_staff_member(employee_number="ABSENT")
    create_assignment(absent, team=team)
    create_worker_count(snapshot, absent, team, {CaseType.CHILD_IN_NEED: 3})
    db.session.add(Absence(staff_id=absent.id, reason=AbsenceReason.SICKNESS, start_date=date(2025, 8, 1)))
    leaver = create_staff_member(employee_number="LEAVER")
    create_assignment(leaver, team=team, end_date=date(2025, 9, 12), is_leaving=True)
    create_worker_count(snapshot, leaver, team, {CaseType.CHILD_IN_NEED: 2})
    create_worker_count(snapshot, None, team, {CaseType.EARLY_HELP: 4}, worker_identifier="E404")
    fine = create_staff_member(employee_number="FINE")
    create_assignment(fine, team=team)
    create_worker_count(snapshot, fine, team, {CaseType.CHILD_IN_NEED: 12})
    db.session.commit()
    assert kinds(snapshot) == sorted(
        [
            (AlertKind.OVER_THRESHOLD, "OVER"),
            (AlertKind.LAPSED_REGISTRATION, "LAPSED"),
            (AlertKind.LONG_TERM_ABSENCE, "ABSENT"),
            (AlertKind.LEAVER_HOLDING_CASES, "LEAVER"),
            (AlertKind.UNKNOWN_WORKER, "E404"),
        ]
    )


def test_a_short_absence_and_a_registration_in_date_raise_no_alert(db):
    team = create_team()
    snapshot = create_snapshot(ON)
    worker = create_staff_member(registration_status=RegistrationStatus.REGISTERED, registered_until=date(2025, 11, 30))
    create_assignment(worker, team=team)
    create_worker_count(snapshot, worker, team, {CaseType.CHILD_IN_NEED: 5})
    db.session.add(Absence(staff_id=worker.id, reason=AbsenceReason.SICKNESS, start_date=date(2025, 9, 20)))
    db.session.commit()
    assert kinds(snapshot) == []


def test_a_registration_that_ended_before_the_snapshot_raises_an_alert(db):
    team = create_team()
    snapshot = create_snapshot(ON)
    worker = create_staff_member(registration_status=RegistrationStatus.REGISTERED, registered_until=date(2025, 8, 31))
    create_assignment(worker, team=team)
    create_worker_count(snapshot, worker, team, {CaseType.CHILD_IN_NEED: 5})
    assert [alert.kind for alert in alerts_for(snapshot)] == [AlertKind.LAPSED_REGISTRATION]


def test_alerts_are_limited_to_the_teams_asked_for(db):
    mine, other = create_team(), create_team()
    snapshot = create_snapshot(ON)
    create_worker_count(snapshot, None, mine, {CaseType.EARLY_HELP: 4}, worker_identifier="MINE")
    create_worker_count(snapshot, None, other, {CaseType.EARLY_HELP: 4}, worker_identifier="OTHER")
    assert kinds(snapshot, [mine.id]) == [(AlertKind.UNKNOWN_WORKER, "MINE")]
