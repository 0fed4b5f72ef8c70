from datetime import date

from tests.builders import create_team
from tests.caseloads.builders import case_file
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads import imports
from workforce.kernel.contract import registry
from workforce.kernel.providers import LATEST_CASELOAD_CASES


def test_latest_caseload_cases_answers_from_the_latest_snapshot_on_or_before_the_date(db):
    team = create_team()
    worker = create_staff_member(employee_number="P1")
    create_assignment(worker, team=team)
    for snapshot_date, reference in ((date(2025, 8, 31), "OLD-1"), (date(2025, 9, 30), "NEW-1")):
        outcome = imports.import_snapshot(
            imports.SnapshotImport(
                case_file([[reference, "CP", "P1", "", "", "2025-08-01"]]), "extract.csv", snapshot_date
            )
        )
        assert outcome.report.ok
    latest = registry().provided(LATEST_CASELOAD_CASES)
    assert latest(date(2025, 10, 1)) == [
        {
            "case_reference": "NEW-1",
            "case_type": "CP",
            "team_id": team.id,
            "staff_id": worker.id,
            "allocation_date": date(2025, 8, 1),
        }
    ]
    assert [case["case_reference"] for case in latest(date(2025, 9, 29))] == ["OLD-1"]
    assert latest(date(2025, 1, 1)) == []
