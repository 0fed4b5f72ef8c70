from datetime import date

import pytest

from tests.builders import create_user
from tests.people.builders import create_post
from tests.recruitment.builders import create_vacancy
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role
from workforce.recruitment import services
from workforce.recruitment.constants import VacancyStatus
from workforce.recruitment.services import RecruitmentError


def test_a_vacancy_is_approved_by_a_head_of_service_then_by_hr(db):
    vacancy = services.raise_vacancy(create_post(), 1.0, create_user(Role.TEAM_MANAGER), date(2026, 1, 5))
    services.approve_as_head_of_service(vacancy, create_user(Role.SENIOR_LEADER), date(2026, 1, 7))
    services.approve_as_hr(vacancy, create_user(Role.HR), date(2026, 1, 9))
    assert vacancy.status is VacancyStatus.APPROVED
    assert vacancy.approved_on == date(2026, 1, 9)
    events = db.session.query(AuditEvent).filter_by(record_type="Vacancy").all()
    assert [event.action for event in events] == ["created", "updated", "updated"]


def test_hr_cannot_approve_before_the_head_of_service(db):
    vacancy = services.raise_vacancy(create_post(), 1.0, None)
    with pytest.raises(RecruitmentError, match="only after the head of service"):
        services.approve_as_hr(vacancy, create_user(Role.HR))


def test_a_post_cannot_have_two_open_vacancies(db):
    post = create_post()
    services.raise_vacancy(post, 1.0, None)
    with pytest.raises(RecruitmentError, match="already has an open vacancy"):
        services.raise_vacancy(post, 0.5, None)


def test_an_advert_cannot_close_before_it_opens(db):
    vacancy = create_vacancy(status=VacancyStatus.APPROVED)
    with pytest.raises(RecruitmentError, match="on or after the opening date"):
        services.advertise(vacancy, date(2026, 2, 1), date(2026, 1, 31))


def test_a_vacancy_cannot_be_advertised_before_approval(db):
    vacancy = create_vacancy(status=VacancyStatus.RAISED)
    with pytest.raises(RecruitmentError, match="once HR has approved"):
        services.advertise(vacancy, date(2026, 2, 1), date(2026, 2, 28))


def test_time_to_fill_runs_from_approval_to_the_first_day(db):
    vacancy = create_vacancy(approved_on=date(2026, 1, 12), filled_on=date(2026, 4, 12), status=VacancyStatus.FILLED)
    assert vacancy.days_to_fill == 90


def test_a_withdrawn_vacancy_needs_a_reason(db):
    vacancy = create_vacancy()
    with pytest.raises(RecruitmentError, match="Enter why"):
        services.withdraw_vacancy(vacancy, "  ")
    services.withdraw_vacancy(vacancy, "Post deleted in restructure", date(2026, 3, 1))
    assert vacancy.status is VacancyStatus.WITHDRAWN
    assert vacancy.closed_on == date(2026, 3, 1)


def _filled_post(fte_in_post: float, employment_type=None):
    from tests.people.builders import create_assignment, create_staff_member
    from workforce.people.constants import EmploymentType

    post = create_post()
    staff = create_staff_member(employment_type=employment_type or EmploymentType.PERMANENT)
    create_assignment(staff, post, fte=fte_in_post)
    return post


@pytest.mark.parametrize(
    ("fte_in_post", "fte_to_recruit", "needs_reason"),
    [(1.0, 1.0, True), (0.5, 0.5, False), (0.5, 1.0, True), (0.0, 1.0, False)],
)
def test_a_vacancy_on_a_filled_post_needs_a_reason(db, fte_in_post, fte_to_recruit, needs_reason):
    post = _filled_post(fte_in_post) if fte_in_post else create_post()
    if needs_reason:
        with pytest.raises(RecruitmentError, match="is filled") as refused:
            services.raise_vacancy(post, fte_to_recruit, None, date(2026, 1, 5))
        assert refused.value.field == "filled_post_reason"
        vacancy = services.raise_vacancy(
            post, fte_to_recruit, None, date(2026, 1, 5), filled_post_reason="The holder has resigned"
        )
        assert vacancy.filled_post_reason == "The holder has resigned"
    else:
        assert services.raise_vacancy(post, fte_to_recruit, None, date(2026, 1, 5)).filled_post_reason is None


def test_an_agency_worker_covering_a_post_leaves_it_vacant(db):
    from workforce.people.constants import EmploymentType

    post = _filled_post(1.0, EmploymentType.AGENCY)
    assert services.raise_vacancy(post, 1.0, None, date(2026, 1, 5)).status is VacancyStatus.RAISED


def test_the_raise_vacancy_page_asks_for_the_reason_on_a_filled_post(client_request, db):
    from tests.conftest import error_summary

    post = _filled_post(1.0)
    client_request.login(create_user(Role.HR))
    page = client_request.post("recruitment.raise_vacancy", {"post": post.id, "fte": "1"}, _expected_status=200)
    assert error_summary(page) == [
        f"Post {post.post_number} is filled (1 of 1 FTE in post): enter the reason for recruiting to it"
    ]
    client_request.post("recruitment.raise_vacancy", {"post": post.id, "fte": "1", "filled_post_reason": "Resigned"})
