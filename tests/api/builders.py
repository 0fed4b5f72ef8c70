"""Builders for API tokens, a small client that sends a token, and one record of every kind the API lists."""

from __future__ import annotations

from datetime import date

from tests.academy.builders import create_completion, create_course, create_enrolment, create_person, create_session
from tests.agency.builders import create_engagement
from tests.audits.builders import create_audit, create_moderation
from tests.builders import create_user
from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.improvement.builders import create_action, create_plan_measure, create_strand
from tests.people.builders import create_staff_member
from tests.recruitment.builders import create_application, create_vacancy
from tests.supervision.builders import create_supervision, create_worker
from workforce.api import services
from workforce.extensions import db
from workforce.improvement import periods
from workforce.kernel.roles import Role

ALL_READ = ("teams:read", "users:read", "staff:read", "measures:read")


def create_api_token(user=None, scopes=ALL_READ, days: int = 90, name: str = "Power BI"):
    """A token and its secret (the secret exists only here: the database keeps its hash)."""
    user = user or create_user(Role.ADMINISTRATOR)
    token, secret = services.create_token(user, name, list(scopes), days, user)
    db.session.commit()
    return token, secret


class ApiClient:
    def __init__(self, client, secret: str | None):
        self.client = client
        self.secret = secret

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret}"} if self.secret else {}

    def get(self, path: str, **query):
        return self.client.get(path, query_string=query or None, headers=self.headers())

    def post(self, path: str, json=None, **kwargs):
        return self.client.post(path, json=json, headers=self.headers(), **kwargs)


def api_client(client, user=None, scopes=ALL_READ) -> ApiClient:
    _, secret = create_api_token(user, scopes)
    return ApiClient(client, secret)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    return body


def one_of_each_record(team) -> None:
    """A record of every kind the API lists, so that responses with data are checked against the description."""
    snapshot = create_snapshot(date(2026, 10, 31))
    worker = create_staff_member(employee_number="S1")
    create_worker_count(snapshot, worker, team)
    create_application(create_vacancy(team=team))
    create_engagement(team=team)
    strand = create_strand()
    create_action(strand)
    create_plan_measure(strand, "inpost_headcount")
    periods.compute_period(date(2026, 10, 1))
    supervisee = create_worker(team=team)
    create_supervision(supervisee)
    audit = create_audit(team=team, grade="Good")
    create_moderation(audit, "Good")
    course = create_course()
    session = create_session(course)
    person = create_person(team=team)
    create_enrolment(session, person)
    create_completion(person, course, date(2025, 5, 1))
