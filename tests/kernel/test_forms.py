"""The shared form checks: one Social Work England number rule wherever a number is typed; past dates; the
one save-or-re-render step of every form view."""

from datetime import UTC, date, datetime

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from tests.builders import create_service_area
from workforce.agency.forms import EngagementForm
from workforce.kernel.forms import DateInputField, GovForm, NotInFuture, SweNumber, date_fields, save_or_show
from workforce.kernel.models import EditConflict, Team
from workforce.kernel.refusals import Problems
from workforce.people.forms import StaffForm
from workforce.recruitment.forms import ApplicationForm

SWE_MESSAGE = "Enter a Social Work England number: SW followed by digits, like SW123456"
SWE_NUMBERS = [
    ("SW123456", True),
    ("sw 0123456", True),
    ("SW7", True),
    ("12345", False),
    ("SW", False),
    ("SW0", False),
    ("SW12A45", False),
    ("XY123456", False),
]


@pytest.mark.parametrize("form_class", [ApplicationForm, EngagementForm, StaffForm])
@pytest.mark.parametrize(("number", "accepted"), SWE_NUMBERS)
def test_every_form_that_takes_a_social_work_england_number_checks_its_format(app, form_class, number, accepted):
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict({"swe_number": number}), meta={"csrf": False})
        form.validate()
        assert (not form.swe_number.errors) is accepted, form.swe_number.errors
        if not accepted:
            assert form.swe_number.errors == [SWE_MESSAGE]


def test_the_validator_leaves_an_empty_number_to_the_required_check(app):
    class NumberForm(FlaskForm):
        swe_number = __import__("wtforms").StringField("Number", validators=[SweNumber()])

    with app.test_request_context(method="POST"):
        form = NumberForm(formdata=MultiDict({"swe_number": ""}), meta={"csrf": False})
        assert form.validate()


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [("2026-03-19", True), ("2026-03-20", True), ("2026-03-21", False), ("2099-12-31", False)],
)
def test_a_date_of_something_that_happened_cannot_be_after_today(app, frozen_clock, typed, accepted):
    frozen_clock.set(datetime(2026, 3, 20, 23, 30, tzinfo=UTC))

    class HeldForm(FlaskForm):
        held_on = DateInputField("Held on", validators=[NotInFuture("The date must be today or in the past")])

    with app.test_request_context(method="POST"):
        form = HeldForm(formdata=MultiDict({"held_on": typed}), meta={"csrf": False})
        assert form.validate() is accepted
        if accepted:
            assert form.held_on.data == date.fromisoformat(typed)


@pytest.mark.parametrize("typed", ["", " ", "   ", "\t"])
def test_a_required_date_of_spaces_is_reported_as_missing(app, typed):
    class HeldForm(FlaskForm):
        held_on = DateInputField("Held on", validators=[InputRequired(message="Enter the date it was held")])

    with app.test_request_context(method="POST"):
        form = HeldForm(formdata=MultiDict({"held_on": typed}), meta={"csrf": False})
        assert form.validate() is False
        assert form.held_on.errors == ["Enter the date it was held"]
        assert form.held_on.data is None


class _Refused(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class _TeamForm(FlaskForm):
    name = StringField("Name")
    code = StringField("Code")


def _save_team(db, name):
    """A change as a service makes it: added and flushed, not committed."""
    area = create_service_area()

    def change():
        team = Team(name=name, service_area=area)
        db.session.add(team)
        db.session.flush()
        return team

    return change


def test_a_saved_change_is_committed_flashed_and_redirected(app, db):

    with app.test_request_context(method="POST"):
        form = _TeamForm(formdata=MultiDict({"name": "Fostering"}), meta={"csrf": False})
        response = save_or_show(
            form, _save_team(db, "Fostering"), refused=_Refused, saved=lambda team: f"{team.name} saved", then="/teams"
        )
        assert response.status_code == 302 and response.location == "/teams"
        assert get_flashed_messages(with_categories=True) == [("success", "Fostering saved")]
        assert db.session.query(Team).filter_by(name="Fostering").one()


def test_a_refused_change_is_rolled_back_and_every_problem_shown_against_its_field(app, db):

    def refuse():
        _save_team(db, "Half done")()
        problems = Problems()
        problems.add("Enter a shorter name", "name")
        problems.add("Enter a code", "team_code")
        problems.add("Something about the whole form")
        problems.raise_as(_Refused)

    with app.test_request_context(method="POST"):
        form = _TeamForm(formdata=MultiDict({"name": "Half done"}), meta={"csrf": False})
        response = save_or_show(form, refuse, refused=_Refused, saved="Saved", then="/", fields={"team_code": "code"})
        assert response is None
        assert form.name.errors == ["Enter a shorter name", "Something about the whole form"]
        assert form.code.errors == ["Enter a code"]
        assert db.session.query(Team).filter_by(name="Half done").first() is None


def test_a_refusal_of_a_button_is_flashed_and_the_person_goes_back(app, db):

    def refuse():
        raise _Refused("The record is locked")

    with app.test_request_context(method="POST"):
        response = save_or_show(None, refuse, refused=_Refused, saved="Signed", then=lambda _: "/done", back="/record")
        assert response.location == "/record"
        assert get_flashed_messages(with_categories=True) == [("error", "The record is locked")]


def test_a_change_with_nothing_to_say_is_saved_without_a_message(app, db):

    with app.test_request_context(method="POST"):
        form = _TeamForm(formdata=MultiDict({"name": "Quiet"}), meta={"csrf": False})
        response = save_or_show(form, _save_team(db, "Quiet"), saved=lambda _team: None, then="/teams")
        assert response.location == "/teams"
        assert get_flashed_messages(with_categories=True) == []
        assert db.session.query(Team).filter_by(name="Quiet").one()


def test_a_stale_save_is_rolled_back_and_told_by_the_page_that_asked_to(app, db):
    told = []

    def stale():
        _save_team(db, "Stale")()
        raise EditConflict()

    with app.test_request_context(method="POST"):
        form = _TeamForm(formdata=MultiDict({"name": "Stale"}), meta={"csrf": False})
        response = save_or_show(form, stale, then="/", on_conflict=lambda: told.append(form.name.data))
        assert response is None
        assert told == ["Stale"]
        assert not form.name.errors
        assert db.session.query(Team).filter_by(name="Stale").first() is None


def test_an_error_that_is_not_a_refusal_is_not_swallowed(app, db):

    def stale():
        raise EditConflict()

    with app.test_request_context(method="POST"):
        form = _TeamForm(formdata=MultiDict({}), meta={"csrf": False})
        with pytest.raises(EditConflict):
            save_or_show(form, stale, refused=_Refused, then="/")


class SessionForm(FlaskForm):
    held_on = DateInputField("Date of supervision", validators=[InputRequired(message="Enter the date of supervision")])
    review_on = DateInputField("Review by", error_name="The review date", validators=[Optional()])


def _session_form(app, pairs):
    with app.test_request_context(method="POST"):
        form = SessionForm(formdata=MultiDict(pairs), meta={"csrf": False})
        form.validate()
        return form


def test_a_date_typed_in_the_three_boxes_is_read(app):
    form = _session_form(app, [*_boxes("held_on", "2", "12", "2026")])
    assert form.held_on.data == date(2026, 12, 2)
    assert not form.errors


def test_the_date_input_turns_a_date_into_what_a_browser_posts(app):
    posted = date_fields("held_on", date(2026, 3, 7))
    assert posted == {"held_on": ["7", "3", "2026"]}
    form = _session_form(app, [("held_on", part) for part in posted["held_on"]])
    assert form.held_on.data == date(2026, 3, 7)


def test_a_date_in_a_query_string_is_still_read_in_the_iso_form(app):
    form = _session_form(app, [("held_on", "2026-04-01")])
    assert form.held_on.data == date(2026, 4, 1)
    assert form.held_on.raw_data == ["1", "4", "2026"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of supervision"),
        ("2", "", "2026", "Date of supervision must include a month"),
        ("", "", "2026", "Date of supervision must include a day and month"),
        ("31", "2", "2026", "Date of supervision must be a real date"),
        ("2", "13", "2026", "Date of supervision must be a real date"),
        ("two", "12", "2026", "Date of supervision must be a real date"),
        ("9" * 30, "12", "2026", "Date of supervision must be a real date"),
        ("2", "12", "26", "Year must include 4 numbers"),
        ("2", "12", "1850", "Enter a date between 1900 and 2199"),
    ],
)
def test_a_date_typed_wrongly_is_refused_in_gov_uk_wording(app, day, month, year, message):
    form = _session_form(app, _boxes("held_on", day, month, year))
    assert form.held_on.errors == [message]


def test_an_optional_date_typed_in_part_says_what_is_missing_under_its_error_name(app):
    form = _session_form(app, [*_boxes("held_on", "2", "12", "2026"), *_boxes("review_on", "", "1", "2027")])
    assert form.review_on.errors == ["The review date must include a day"]


def test_an_optional_date_left_empty_is_no_date(app):
    form = _session_form(app, [*_boxes("held_on", "2", "12", "2026"), *_boxes("review_on", "", "", "")])
    assert form.review_on.data is None
    assert not form.errors


def test_the_date_input_shows_the_three_boxes_with_what_was_typed(app):
    form = _session_form(app, _boxes("held_on", "31", "2", "2026"))
    with app.test_request_context():
        html = str(form.held_on())
    assert 'id="held_on-day"' in html and 'id="held_on-month"' in html and 'id="held_on-year"' in html
    assert 'value="31"' in html


def _boxes(name, day, month, year):
    return [(name, day), (name, month), (name, year)]


class CountForm(GovForm):
    class Meta:
        csrf = False

    count = IntegerField("Count", validators=[Optional(), NumberRange(min=1, max=10)])
    share = DecimalField("Share", validators=[Optional()])
    kind = SelectField("Kind", choices=[("a", "A")], validators=[Optional()])
    note = StringField("Note", validators=[Optional(), Length(max=5)])


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("count", "two", "Enter a whole number"),
        ("count", "11", "Enter a number from 1 to 10"),
        ("share", "half", "Enter a number"),
        ("kind", "b", "Select one of the options"),
        ("note", "too long", "Enter 5 characters or fewer"),
    ],
)
def test_wtforms_messages_are_in_gov_uk_wording(app, field, typed, message):
    with app.test_request_context(method="POST"):
        form = CountForm(formdata=MultiDict({field: typed}))
        form.validate()
        assert form[field].errors == [message]


def test_every_form_is_built_on_the_gov_uk_base_form():
    import importlib
    import pkgutil

    import academy
    import audits
    import supervision
    import workforce

    forms = []
    for package in (workforce, supervision, audits, academy):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if module.name.endswith("forms"):
                imported = importlib.import_module(module.name)
                forms += [
                    value
                    for value in vars(imported).values()
                    if isinstance(value, type) and issubclass(value, FlaskForm) and value.__module__ == module.name
                ]
    assert forms
    assert [form.__qualname__ for form in forms if not issubclass(form, GovForm)] == []
