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
