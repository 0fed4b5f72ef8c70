"""A page of any list costs the same number of queries whether it holds one record or several."""

from datetime import date

import pytest

from tests.academy.builders import create_completion, create_course, create_enrolment, create_person, create_session
from tests.agency.builders import create_engagement
from tests.api.builders import api_client
from tests.audits.builders import create_audit, create_moderation
from tests.builders import create_team, create_user
from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.improvement.builders import create_action, create_strand
from tests.people.builders import create_staff_member
from tests.query_count import counting_queries
from tests.recruitment.builders import create_application, create_vacancy
from tests.supervision.builders import create_supervision, create_worker
from workforce.api.dao import available_scopes
from workforce.kernel.roles import Role


def _supervision(team, number):
    create_supervision(create_worker(team=team), held_on=date(2026, 1, number + 1))


def _audit(team, number):
    create_moderation(create_audit(team=team, grade="Good"), "Requires improvement")


def _training(team, number):
    course = create_course()
    person = create_person(team=team)
    create_completion(person, course, date(2025, 5, 1))
    create_enrolment(create_session(course), person)


def _caseloads(team, number):
    snapshot = create_snapshot(date(2026, 10, 1 + number))
    create_worker_count(snapshot, create_staff_member(), team)


ADD = {
    "supervision-sessions": _supervision,
    "case-audits": _audit,
    "audit-moderations": _audit,
    "training-records": _training,
    "training-places": _training,
    "academy-sessions": _training,
    "caseload-counts": _caseloads,
    "caseload-snapshots": _caseloads,
    "vacancies": lambda team, number: create_application(create_vacancy(team=team)),
    "applications": lambda team, number: create_application(create_vacancy(team=team)),
    "agency-engagements": lambda team, number: create_engagement(team=team),
    "improvement-actions": lambda team, number: create_action(create_strand()),
}


@pytest.mark.parametrize("resource", sorted(ADD))
def test_a_list_does_not_grow_a_query_per_record(client, db, resource):
    team = create_team()
    api = api_client(client, create_user(Role.SENIOR_LEADER), [scope for scope, _ in available_scopes()])

    def queries() -> int:
        db.session.expire_all()
        with counting_queries() as counter:
            response = api.get(f"/api/v1/{resource}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return counter.count

    ADD[resource](team, 0)
    queries()  # the token's first use of the minute records when it was last used
    with_one = queries()
    for number in range(1, 4):
        ADD[resource](team, number)
    assert queries() == with_one
