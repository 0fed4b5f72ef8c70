"""CPD records and renewal readiness for the worker; practice educators and student placements."""

from datetime import date, datetime

from academy import careers
from academy.constants import EducatorStage
from tests.academy.builders import create_cpd, create_person
from tests.builders import create_user
from tests.conftest import error_summary
from workforce.kernel.roles import Role


def test_renewal_readiness_counts_only_the_registration_year_containing_the_date(db):
    person = create_person()
    create_cpd(person, date(2025, 11, 30), peer_reflection=True)  # the year before
    create_cpd(person, date(2025, 12, 1))
    assert not careers.renewal_readiness(person.id, date(2026, 11, 30))["ready"]
    create_cpd(person, date(2026, 11, 30), peer_reflection=True)
    assert careers.renewal_readiness(person.id, date(2026, 11, 30))["ready"]
    assert not careers.renewal_readiness(person.id, date(2026, 12, 1))["ready"]


def test_a_worker_records_cpd_and_sees_their_readiness(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 10, 1, 9, 0))
    worker = create_user(Role.SOCIAL_WORKER)
    create_person(user=worker)
    client_request.login(worker)
    page = client_request.get("academy.my_training")
    assert "Not ready for renewal" in page.select_one("#cpd-readiness").get_text()
    for peer in ("y", ""):
        client_request.post(
            "academy.record_cpd",
            {
                "cpd_type": "reading",
                "recorded_on": "2026-09-20",
                "learning": "Research in practice",
                "impact": "Changed my assessments",
                **({"peer_reflection": peer} if peer else {}),
            },
            _follow_redirects=True,
            _expected_status=200,
        )
    page = client_request.get("academy.my_training")
    assert "Ready for renewal" in page.select_one("#cpd-readiness").get_text()
    assert "The renewal window is open" in page.get_text()


def test_a_cpd_form_with_nothing_filled_in_lists_each_problem(client_request, db):
    worker = create_user(Role.SOCIAL_WORKER)
    create_person(user=worker)
    client_request.login(worker)
    page = client_request.post("academy.record_cpd", {}, _expected_status=200)
    assert error_summary(page) == [
        "Select the type of CPD",
        "Enter the date of the CPD",
        "Enter what you learnt",
        "Enter the impact on your practice",
    ]


def test_the_academy_lead_adds_a_practice_educator_and_a_placement(client_request, db):
    person = create_person()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.post(
        "academy.create_practice_educator",
        {"staff_id": person.id, "stage": "2"},
        _follow_redirects=True,
        _expected_status=200,
    )
    educator = careers.dao.list_practice_educators()[0]
    assert educator.stage is EducatorStage.STAGE_2
    client_request.post(
        "academy.create_placement",
        {
            "student_name": "Alex Student",
            "university": "City University",
            "educator_id": educator.id,
            "start_date": "2026-01-12",
            "end_date": "2026-05-29",
            "days": "100",
            "outcome": "",
        },
        _follow_redirects=True,
        _expected_status=200,
    )
    page = client_request.get("academy.list_practice_educators")
    assert "Alex Student" in page.get_text()


def test_a_placement_ending_before_it_starts_is_refused(client_request, db):
    educator = careers.add_practice_educator(create_person(), EducatorStage.STAGE_1, None)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.create_placement",
        {
            "student_name": "Alex",
            "university": "City University",
            "educator_id": educator.id,
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
            "days": "70",
        },
        _expected_status=200,
    )
    assert error_summary(page) == ["The end date must be on or after the start date"]


def test_a_team_manager_cannot_manage_practice_educators(client_request, db):
    client_request.login(create_user(Role.TEAM_MANAGER))
    client_request.get("academy.list_practice_educators", _expected_status=403)
