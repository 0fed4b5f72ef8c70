"""The shared form checks: one Social Work England number rule wherever a number is typed; past dates."""

from datetime import UTC, date, datetime

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import InputRequired

from workforce.agency.forms import EngagementForm
from workforce.kernel.forms import IsoDateField, NotInFuture, SweNumber
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
        held_on = IsoDateField("Held on", validators=[NotInFuture("The date must be today or in the past")])

    with app.test_request_context(method="POST"):
        form = HeldForm(formdata=MultiDict({"held_on": typed}), meta={"csrf": False})
        assert form.validate() is accepted
        if accepted:
            assert form.held_on.data == date.fromisoformat(typed)


@pytest.mark.parametrize("typed", ["", " ", "   ", "\t"])
def test_a_required_date_of_spaces_is_reported_as_missing(app, typed):
    class HeldForm(FlaskForm):
        held_on = IsoDateField("Held on", validators=[InputRequired(message="Enter the date it was held")])

    with app.test_request_context(method="POST"):
        form = HeldForm(formdata=MultiDict({"held_on": typed}), meta={"csrf": False})
        assert form.validate() is False
        assert form.held_on.errors == ["Enter the date it was held"]
        assert form.held_on.data is None
