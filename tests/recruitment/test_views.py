from datetime import date

import pytest

from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from tests.people.builders import create_post
from tests.recruitment.builders import advance_to, create_applicant, create_application, create_vacancy
from workforce.kernel.permissions import scope_of
from workforce.kernel.roles import Role
from workforce.recruitment import dao, services
from workforce.recruitment.constants import ClosureReason, StageKind, VacancyStatus


def test_hr_sees_the_pipeline_with_each_stage_as_a_column(client_request):
    vacancy = create_vacancy()
    create_application(vacancy, create_applicant(first_name="Nia", last_name="Bell"))
    advance_to(create_application(vacancy, create_applicant(first_name="Ola", last_name="Reed")), StageKind.INTERVIEW)
    client_request.login(create_user(Role.HR))
    page = client_request.get("recruitment.show_vacancy", vacancy_id=vacancy.id)
    headers = [th.get_text(strip=True) for th in page.select("table")[0].select("th")]
    assert headers[:3] == ["Applied (1)", "Shortlisted (0)", "Interview (1)"]
    cells = page.select("table")[0].select("td")
    assert "Nia Bell" in cells[0].get_text() and "Ola Reed" in cells[2].get_text()
    moves = [a.get_text(" ", strip=True) for a in page.select("td a") if a.get_text().startswith("Move on")]
    assert moves == ["Move on Nia Bell", "Move on Ola Reed"]


def test_hr_moves_an_applicant_on_with_a_reason(client_request):
    application = create_application()
    rejected = services.stage_of_kind(StageKind.REJECTED)
    client_request.login(create_user(Role.HR))
    client_request.post(
        "recruitment.move_application",
        {"to_stage": rejected.id, "reason": "does-not-meet-criteria", "note": "No child protection experience"},
        application_id=application.id,
    )
    assert application.stage.kind is StageKind.REJECTED
    assert application.moves[-1].note == "No child protection experience"


def test_moving_to_a_closed_stage_without_a_reason_shows_the_error_and_keeps_the_note(client_request):
    application = create_application()
    withdrawn = services.stage_of_kind(StageKind.WITHDRAWN)
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "recruitment.move_application",
        {"to_stage": withdrawn.id, "reason": "", "note": "Phoned on Monday"},
        _expected_status=200,
        application_id=application.id,
    )
    assert error_summary(page) == ["Select the reason for withdrawn"]
    assert page.find("textarea", attrs={"name": "note"}).get_text() == "Phoned on Monday"


def test_a_team_manager_sees_only_vacancies_for_their_own_teams(client_request):
    own, other = create_team(), create_team()
    mine = create_vacancy(team=own)
    theirs = create_vacancy(team=other)
    client_request.login(create_team_manager(own))
    page = client_request.get("recruitment.list_vacancies")
    links = [a["href"] for a in page.select("table tbody a")]
    assert links == [client_request.url("recruitment.show_vacancy", vacancy_id=mine.id)]
    client_request.get("recruitment.show_vacancy", vacancy_id=theirs.id, _expected_status=404)
    application = create_application(theirs)
    client_request.get("recruitment.show_application", application_id=application.id, _expected_status=404)


def test_a_team_manager_never_sees_applicants_contact_details(client_request):
    team = create_team()
    application = create_application(create_vacancy(team=team), create_applicant(email="kit@example.com"))
    client_request.login(create_team_manager(team))
    page = client_request.get("recruitment.show_application", application_id=application.id)
    assert "kit@example.com" not in page.get_text()
    assert page.find(id="contact-details-hidden")


def test_a_team_manager_on_the_interview_panel_sees_that_applicants_contact_details(client_request):
    team = create_team()
    manager = create_team_manager(team)
    vacancy = create_vacancy(team=team)
    interviewed = advance_to(
        create_application(vacancy, create_applicant(email="kit@example.com")), StageKind.INTERVIEW
    )
    other = create_application(vacancy, create_applicant(email="lee@example.com"))
    services.record_interview(interviewed, date(2026, 2, 10), [manager], {"Analysis": 3})
    client_request.login(manager)
    assert (
        "kit@example.com"
        in client_request.get("recruitment.show_application", application_id=interviewed.id).get_text()
    )
    assert (
        "lee@example.com" not in client_request.get("recruitment.show_application", application_id=other.id).get_text()
    )


def test_hr_sees_applicants_contact_details(client_request):
    application = create_application(applicant=create_applicant(email="kit@example.com"))
    client_request.login(create_user(Role.HR))
    assert (
        "kit@example.com"
        in client_request.get("recruitment.show_application", application_id=application.id).get_text()
    )


def test_a_team_manager_cannot_move_applicants(client_request):
    team = create_team()
    application = create_application(create_vacancy(team=team))
    client_request.login(create_team_manager(team))
    client_request.get("recruitment.move_application", application_id=application.id, _expected_status=403)


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.SOCIAL_WORKER, Role.QA_OFFICER, Role.ACADEMY_LEAD])
def test_roles_outside_recruitment_get_403(client_request, role):
    vacancy = create_vacancy()
    client_request.login(create_user(role))
    client_request.get("recruitment.list_vacancies", _expected_status=403)
    client_request.get("recruitment.show_vacancy", vacancy_id=vacancy.id, _expected_status=403)
    client_request.get("recruitment.recruitment_report", _expected_status=403)


def test_a_team_manager_raises_a_vacancy_for_a_post_in_their_team_only(client_request):
    team = create_team()
    own_post, other_post = create_post(team=team), create_post()
    client_request.login(create_team_manager(team))
    page = client_request.get("recruitment.raise_vacancy")
    values = [int(option["value"]) for option in page.select("select[name=post] option")]
    assert values == [own_post.id]
    client_request.post("recruitment.raise_vacancy", {"post": other_post.id, "fte": "1"}, _expected_status=200)
    client_request.post("recruitment.raise_vacancy", {"post": own_post.id, "fte": "1"})
    assert [vacancy.post_id for vacancy in dao.list_vacancies(scope_of(create_user(Role.HR)))] == [own_post.id]


def test_a_senior_leader_then_hr_approve_a_vacancy_on_its_page(client_request):
    vacancy = create_vacancy(status=VacancyStatus.RAISED)
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("recruitment.show_vacancy", vacancy_id=vacancy.id)
    assert page.find("button", string=lambda text: text and "Approve as head of service" in text)
    client_request.post("recruitment.approve_as_head_of_service", vacancy_id=vacancy.id)
    client_request.login(create_user(Role.HR))
    client_request.post("recruitment.approve_as_hr", vacancy_id=vacancy.id)
    assert vacancy.status is VacancyStatus.APPROVED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_name": ""}, "Enter the first name"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.com"),
        ({"swe_number": "12345"}, "Enter a Social Work England number: SW followed by digits, like SW123456"),
        ({"source": ""}, "Select where the applicant came from"),
        ({"applied_on": "31/01/2026"}, "Date of application must be a real date"),
    ],
)
def test_adding_an_applicant_shows_errors_and_keeps_what_was_typed(client_request, data, message):
    vacancy = create_vacancy()
    client_request.login(create_user(Role.HR))
    form = {
        "first_name": "Dee",
        "last_name": "Ford",
        "email": "dee@example.com",
        "swe_number": "SW55",
        "source": "step-up",
        "start_origin": "1",
        "applied_on": "2026-01-31",
        "consented_on": "2026-01-31",
        **data,
    }
    page = client_request.post("recruitment.add_application", form, _expected_status=200, vacancy_id=vacancy.id)
    assert error_summary(page) == [message]
    assert page.find("input", attrs={"name": "last_name"})["value"] == "Ford"


def test_hr_adds_an_applicant_to_an_advertised_vacancy(client_request):
    vacancy = create_vacancy()
    client_request.login(create_user(Role.HR))
    client_request.post(
        "recruitment.add_application",
        {
            "first_name": "Dee",
            "last_name": "Ford",
            "email": "dee@example.com",
            "swe_number": "sw0055",
            "source": "step-up",
            "start_origin": "1",
            "applied_on": "2026-01-31",
            "consented_on": "2026-01-31",
        },
        vacancy_id=vacancy.id,
    )
    (application,) = vacancy.applications
    assert application.applicant.swe_number == "SW55"
    assert application.stage.kind is StageKind.APPLIED


def test_the_recruitment_report_shows_the_funnel_for_the_users_teams(client_request):
    team = create_team()
    advance_to(create_application(create_vacancy(team=team)), StageKind.INTERVIEW)
    create_application(create_vacancy())
    client_request.login(create_team_manager(team))
    page = client_request.get("recruitment.recruitment_report")
    funnel = page.select("table")[0]
    rows = [[cell.get_text(strip=True) for cell in row.select("td, th")] for row in funnel.select("tbody tr")]
    assert rows[:3] == [["Applied", "1", "n/a"], ["Shortlisted", "1", "100.0%"], ["Interview", "1", "100.0%"]]


def test_every_application_form_renders_for_hr(client_request):
    at_interview = advance_to(create_application(), StageKind.INTERVIEW)
    at_offer = advance_to(create_application(), StageKind.OFFER)
    at_checks = advance_to(create_application(), StageKind.CHECKS)
    client_request.login(create_user(Role.HR))
    client_request.get("recruitment.move_application", application_id=at_interview.id)
    page = client_request.get("recruitment.record_interview", application_id=at_interview.id)
    assert page.find("input", attrs={"name": "score_0"})
    client_request.get("recruitment.make_offer", application_id=at_interview.id)
    client_request.get("recruitment.answer_offer", offer_id=at_offer.offers[0].id)
    client_request.get("recruitment.record_check", application_id=at_checks.id)
    client_request.get("recruitment.confirm_start", application_id=at_checks.id)
    client_request.get("recruitment.advertise_vacancy", vacancy_id=at_checks.vacancy_id)
    client_request.get("recruitment.withdraw_vacancy", vacancy_id=at_checks.vacancy_id)
    client_request.get("recruitment.add_application", vacancy_id=at_checks.vacancy_id)


def test_hr_records_checks_and_an_exception_then_confirms_the_start_on_the_pages(client_request):
    application = advance_to(create_application(), StageKind.CHECKS)
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "recruitment.confirm_start",
        {"employee_number": "E424242", "start_date": "2026-04-06"},
        _expected_status=200,
        application_id=application.id,
    )
    assert error_summary(page)[0].startswith("Complete these checks or record an exception first")
    for kind in ("dbs", "first-reference", "second-reference", "registration", "right-to-work"):
        client_request.post(
            "recruitment.record_check", {"kind": kind, "completed_on": "2026-03-01"}, application_id=application.id
        )
    client_request.post(
        "recruitment.record_check",
        {"kind": "occupational-health", "exception_reason": "Appointment booked for week one"},
        application_id=application.id,
    )
    client_request.post(
        "recruitment.confirm_start",
        {"employee_number": "E424242", "start_date": "2026-04-06"},
        application_id=application.id,
    )
    assert application.staff_member.employee_number == "E424242"


def test_hr_records_an_interview_with_its_panel_and_scores(client_request):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    panel_member = create_user(Role.TEAM_MANAGER)
    client_request.login(create_user(Role.HR))
    client_request.post(
        "recruitment.record_interview",
        {
            "held_on": "2026-02-10",
            "panel": [panel_member.id],
            "score_0": "3",
            "score_1": "4",
            "score_2": "2",
            "score_3": "3",
        },
        application_id=application.id,
    )
    (interview,) = application.interviews
    assert (interview.total_score, [user.id for user in interview.panel]) == (12, [panel_member.id])


def test_an_offer_to_a_rejected_applicant_is_refused_on_the_page(client_request):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    services.move_application(
        application, services.stage_of_kind(StageKind.REJECTED), None, ClosureReason.INTERVIEW_PERFORMANCE
    )
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "recruitment.make_offer", {"made_on": "2026-02-20"}, _expected_status=200, application_id=application.id
    )
    assert error_summary(page) == ["An offer cannot be made: the application is rejected"]


@pytest.mark.parametrize(
    ("made_on", "start", "message"),
    [
        ("2026-02-20", "2026-02-19", "The proposed start date must be on or after the date of the offer"),
        ("2026-02-20", "2025-04-01", "The proposed start date must be on or after the date of the offer"),
        ("2099-02-20", "2099-04-01", "The date of the offer must be today or in the past"),
    ],
)
def test_offer_and_start_dates_must_be_in_order(client_request, made_on, start, message):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "recruitment.make_offer",
        {"made_on": made_on, "proposed_start_on": start},
        _expected_status=200,
        application_id=application.id,
    )
    assert error_summary(page) == [message]
    assert application.offers == []


def test_the_offer_service_refuses_a_start_before_the_offer(db):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    with pytest.raises(services.RecruitmentError, match="on or after the date of the offer"):
        services.make_offer(application, None, date(2026, 2, 20), date(2026, 2, 1))


def test_an_offer_declined_with_a_blank_reason_asks_for_the_reason_and_changes_nothing(client_request):
    application = advance_to(create_application(), StageKind.OFFER)
    offer = application.offers[0]
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "recruitment.answer_offer",
        {"answer": "declined", "reason": " ", "answered_on": offer.made_on.isoformat()},
        _expected_status=200,
        offer_id=offer.id,
    )
    assert "Select why the offer was declined" in page.select_one(".govuk-error-summary").get_text()
    assert offer.accepted is None
