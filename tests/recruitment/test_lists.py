"""The vacancies and applications lists: filters, search, sorting, downloads and a team manager's scope."""

import csv
import io
from datetime import date

from tests.builders import create_team, create_team_manager, create_user
from tests.people.builders import create_post
from tests.recruitment.builders import create_applicant, create_application, create_vacancy
from workforce.kernel.roles import Role
from workforce.recruitment.constants import VacancyStatus


def csv_rows(client_request, page) -> list[list[str]]:
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def column(page, key: str) -> list[str]:
    return [cell.get_text(strip=True) for cell in page.select(f"table[data-list] tbody [data-column={key}]")]


def test_vacancies_filter_by_status_and_search_and_sort_by_applications(client_request, db):
    team = create_team("North team")
    advertised = create_vacancy(create_post(team, job_title="Social worker"))
    create_vacancy(create_post(team, job_title="Team manager"), status=VacancyStatus.RAISED)
    create_application(advertised)
    create_application(advertised)
    client_request.login(create_user(Role.HR))
    page = client_request.get("recruitment.list_vacancies", _query={"status": "raised"})
    assert [text.split(" (")[0] for text in column(page, "post")] == ["Team manager"]
    page = client_request.get("recruitment.list_vacancies", _query={"search": "social"})
    assert column(page, "applications") == ["2"]
    page = client_request.get("recruitment.list_vacancies", _query={"sort": "applications", "order": "descending"})
    assert column(page, "applications") == ["2", "0"]
    assert client_request.get("recruitment.list_vacancies", _query={"raised_from": "soon"}).select_one(
        ".govuk-error-summary"
    )


def test_a_team_manager_downloads_only_their_teams_vacancies(client_request, db):
    own, other = create_team("Own team"), create_team("Other team")
    create_vacancy(team=own)
    create_vacancy(team=other)
    client_request.login(create_team_manager(own))
    page = client_request.get("recruitment.list_vacancies")
    rows = csv_rows(client_request, page)
    assert rows[0] == ["Post", "Team", "FTE", "Status", "Raised", "Advert closes", "Applications"]
    assert [row[1] for row in rows[1:]] == ["Own team"]
    assert "Showing 1 vacancy" in page.get_text()


def test_applications_list_across_vacancies_with_filters_and_scope(client_request, db):
    own, other = create_team("Own team"), create_team("Other team")
    mine = create_application(create_vacancy(team=own), create_applicant(first_name="Maya", last_name="Mine"))
    create_application(
        create_vacancy(team=own), create_applicant(first_name="Ola", last_name="Older"), applied_on=date(2025, 6, 1)
    )
    create_application(create_vacancy(team=other), create_applicant(first_name="Theo", last_name="Theirs"))
    client_request.login(create_team_manager(own))
    page = client_request.get("recruitment.list_applications")
    assert column(page, "applicant") == ["Maya Mine", "Ola Older"]
    assert {row[2] for row in csv_rows(client_request, page)[1:]} == {"Own team"}
    page = client_request.get("recruitment.list_applications", _query={"applied_from": "2026-01-01"})
    assert column(page, "applicant") == ["Maya Mine"]
    page = client_request.get("recruitment.list_applications", _query={"search": "theo"})
    assert column(page, "applicant") == []
    page = client_request.get("recruitment.list_applications", _query={"stage": str(mine.stage_id)})
    assert len(column(page, "applicant")) == 2


def test_an_erased_applicant_is_listed_without_their_name(client_request, db):
    application = create_application(applicant=create_applicant(first_name="Erin", last_name="Erased"))
    from workforce.kernel import clock

    application.applicant.erased_at = clock.now()
    application.applicant.first_name = application.applicant.last_name = None
    db.session.commit()
    client_request.login(create_user(Role.HR))
    assert (
        client_request.get("recruitment.list_applications", _query={"search": "erin"}).select(
            "table[data-list] tbody tr"
        )
        == []
    )
    page = client_request.get("recruitment.list_applications")
    assert "personal data erased" in column(page, "applicant")[0]
