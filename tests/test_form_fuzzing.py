"""Every form in the route table, sent boundary values: the answer is a page or a redirect, never a 500.

For each route that takes a POST, the role the access matrix lets use it signs in to the demo council,
opens the form (when the route has a page) to learn its fields, and hypothesis fills them with values
people and scripts send: dates 0001-01-01 and 9999-12-31 and impossible ones, huge and negative numbers,
10,000-character strings, NUL and right-to-left characters, unknown choices and missing fields. A few
examples per form keep the suite fast; WPQ_FUZZ_EXAMPLES asks for more.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access_matrix import COLUMNS, page_rules, parse_matrix, urls_for
from workforce.extensions import db as _db
from workforce.kernel.roles import Role

EXAMPLES = int(os.environ.get("WPQ_FUZZ_EXAMPLES", "4"))

#: Routes not fuzzed, and why.
NOT_FUZZED = {
    "auth.sign_out": "ends the session the fuzzer uses; it takes no fields",
    "auth.sign_in": "fuzzed signed out in test_the_sign_in_form_never_fails",
}

DATES = [
    ("1", "1", "1"),
    ("31", "12", "9999"),
    ("1", "1", "0001"),
    ("0", "0", "0"),
    ("31", "2", "2026"),
    ("-1", "-1", "-1"),
    ("99999999999999999999", "1", "2026"),
    ("1", "1", "99999999999999999999"),
    ("", "", ""),
    ("\x00", "\u202e", "２０２６"),
]
TEXTS = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "-99999999999999999999",
            "99999999999999999999",
            "1e308",
            "-1e308",
            "NaN",
            "inf",
            "0.000000001",
            "2147483648",
            "9223372036854775808",
            "",
            " ",
            "\x00",
            "a\x00b",
            "\u202eevil\u202c",
            "\u200f\u200e",
            "x" * 10_000,
            "9" * 10_000,
            "=1+1",
            "0001-01-01",
            "9999-12-31",
            "31/02/2026",
            "SW0",
            "sw" + "9" * 50,
        ]
    ),
    st.text(max_size=30),
)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "text", "date" (the GOV.UK day, month and year boxes), "choice", "multi", "hidden"
    options: tuple[str, ...] = ()


def form_fields(html: str, url: str) -> list[Field]:
    """The fields of the page's form that posts to `url` (or to itself), file fields left out."""
    page = BeautifulSoup(html, "html.parser")
    path = url.split("?")[0]
    forms = [
        form
        for form in page.find_all("form")
        if (form.get("method") or "get").lower() == "post" and (form.get("action") or path).split("?")[0] == path
    ]
    fields: dict[str, Field] = {}
    for form in forms:
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or name == "csrf_token" or element.get("type") in ("file", "submit", "button"):
                continue
            if element.name == "select":
                options = tuple(option.get("value", option.get_text()) for option in element.find_all("option"))
                fields[name] = Field(name, "multi" if element.has_attr("multiple") else "choice", options)
            elif element.get("type") in ("radio", "checkbox"):
                previous = fields.get(name)
                options = (previous.options if previous else ()) + (element.get("value", "on"),)
                fields[name] = Field(name, "multi" if element.get("type") == "checkbox" else "choice", options)
            elif element.get("type") == "hidden":
                fields[name] = Field(name, "hidden", (element.get("value", ""),))
            elif "govuk-date-input__input" in (element.get("class") or []):
                fields[name] = Field(name, "date")
            else:
                fields[name] = Field(name, "text")
    return list(fields.values())


def plausible(field: Field):
    """A value the form would probably accept, so that the other fields' boundary values reach the service."""
    if field.kind == "date":
        return ["15", "1", "2026"]
    if field.kind in ("choice", "multi"):
        chosen = next((option for option in field.options if option), "")
        return [chosen] if field.kind == "multi" else chosen
    if field.kind == "hidden":
        return field.options[0]
    name = field.name.lower()
    if "email" in name:
        return "fuzz@example.gov.uk"
    if "date" in name or name.endswith(("_on", "_from", "_to")):
        return "2026-01-15"
    return "1"


@st.composite
def submissions(draw, fields: list[Field]) -> dict[str, object]:
    """Every field plausible, then some given a boundary value or left out."""
    data: dict[str, object] = {}
    for field in fields:
        change = draw(st.integers(0, 5))
        if change == 0:
            continue  # a missing field
        if change > 2:
            data[field.name] = plausible(field)
        elif field.kind == "date":
            data[field.name] = list(draw(st.sampled_from(DATES)))
        elif field.kind == "hidden":
            data[field.name] = draw(TEXTS)
        elif field.kind == "multi":
            data[field.name] = draw(st.lists(st.one_of(st.sampled_from(field.options or ("",)), TEXTS), max_size=3))
        else:
            data[field.name] = draw(TEXTS)
    return data


def _role_for(row) -> Role | None:
    """The first role the matrix lets use the route (it answers its page or does its work)."""
    for role in COLUMNS:
        if role is not None and row.answers[role] in ("200", "R"):
            return role
    return None


def _fuzz(client_request, user, token: str, url: str, fields: list[Field], failures: list[str], label: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=submissions(fields))
    def post_it(data):
        try:
            response = client_request.client.post(url, data={"csrf_token": token, **data})
        except Exception as error:
            _db.session.rollback()
            failures.append(f"{label}: POST {url} {data!r:.400} -> {type(error).__name__}: {error!s:.200}")
            return
        if response.status_code >= 500:
            failures.append(f"{label}: POST {url} {data!r:.400} -> {response.status_code}")
        # Some forms end the session they were sent in (a role change): sign in again for the next example.
        if response.status_code in (302, 303) and "/sign-in" in (response.location or ""):
            client_request.login(user)

    post_it()


def test_every_form_answers_boundary_values_without_a_server_error(demo):
    app = demo.client_request.app
    rows = parse_matrix()
    client_request = demo.client_request
    manager = demo.users[Role.TEAM_MANAGER]
    failures: list[str] = []
    fuzzed = 0
    for rule in page_rules(app):
        if "POST" not in rule.methods or rule.endpoint in NOT_FUZZED or rule.endpoint.startswith("api."):
            continue
        role = _role_for(rows[rule.endpoint])
        if role is None:
            continue
        client_request.login(demo.users[role])
        token = client_request._token()
        url, _ = urls_for(app, demo.database.session, manager, rule)
        fields: list[Field] = []
        if "GET" in rule.methods:
            page = client_request.client.get(url)
            assert page.status_code < 500, f"GET {url} answered {page.status_code}"
            fields = form_fields(page.get_data(as_text=True), url)
        fuzzed += 1

        _fuzz(client_request, demo.users[role], token, url, fields, failures, f"{rule.endpoint} as {role.value}")
    assert fuzzed > 50, f"only {fuzzed} forms were found to fuzz"
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


@settings(
    max_examples=EXAMPLES * 3,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(email=TEXTS, password=TEXTS)
def test_the_sign_in_form_never_fails(client_request, email, password):
    response = client_request.client.post(
        "/sign-in", data={"csrf_token": client_request._token(), "email": email, "password": password}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("boxes", "error"),
    [
        (["1", "1", "0001"], "Enter a date between 1900 and 2199"),
        (["31", "12", "9999"], "Enter a date between 1900 and 2199"),
        (["1", "1", "99999999999999999999"], "Year must include 4 numbers"),
        (["31", "2", "2026"], "First day in the new post must be a real date"),
    ],
)
def test_moving_a_person_with_a_date_out_of_range_is_refused_with_an_error(client_request, boxes, error):
    """POST /staff/<id>/move with 1 1 0001 once overflowed the day-before arithmetic in move_to_post."""
    from tests.builders import create_user
    from tests.conftest import error_summary
    from tests.people.builders import create_post, create_staff_member

    client_request.login(create_user(Role.HR))
    person = create_staff_member()
    post = create_post()
    page = client_request.post(
        "people.move_staff", {"post": str(post.id), "start_date": boxes}, staff_id=person.id, _expected_status=200
    )
    assert error in error_summary(page)
