"""Form fields shared by every module, with GOV.UK error wording."""

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from flask import flash, redirect
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import Field, HiddenField, ValidationError

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.imports import normalise_swe_number
from workforce.kernel.models import EditConflict
from workforce.kernel.refusals import problems_of

#: The dates WPQ accepts from a form. Records of the workforce start after 1900 and plans end well before
#: 2200; outside that range date arithmetic (the day before, a year later) can leave Python's calendar.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
DATE_RANGE_MESSAGE = "Enter a date between 1900 and 2199"


def check_date_range(value: date) -> date:
    """`value` when WPQ can work with it; otherwise a GOV.UK error for the field."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(DATE_RANGE_MESSAGE)
    return value


#: WTForms' own messages in GOV.UK wording (GOV.UK Design System, "error message" guidance): a message
#: says what to do, in plain words, without "field", "value" or "invalid".
GOV_UK_MESSAGES = {
    "This field is required.": "Enter an answer",
    "Not a valid integer value.": "Enter a whole number",
    "Not a valid decimal value.": "Enter a number",
    "Not a valid float value.": "Enter a number",
    "Not a valid date value.": "Enter a real date",
    "Not a valid datetime value.": "Enter a real date and time",
    "Not a valid time value.": "Enter a real time",
    "Not a valid choice.": "Select one of the options",
    "'%(value)s' is not a valid choice for this field.": "Select one of the options",
    "'%(value)s' are not valid choices for this field.": "Select from the options",
    "Choices cannot be None.": "Select one of the options",
    "Invalid email address.": "Enter an email address in the correct format, like name@example.com",
    "Invalid URL.": "Enter a web address in the correct format, like https://www.example.com",
    "Invalid input.": "Enter an answer in the correct format",
    "Invalid value, must be one of: %(values)s.": "Select one of the options",
    "Invalid value, can't be any of: %(values)s.": "Enter a different answer",
    "Number must be at least %(min)s.": "Enter a number of %(min)s or more",
    "Number must be at most %(max)s.": "Enter a number of %(max)s or less",
    "Number must be between %(min)s and %(max)s.": "Enter a number from %(min)s to %(max)s",
    "Field must be equal to %(other_name)s.": "Enter the same answer in both boxes",
    "Field must be at least %(min)d character long.": "Enter at least %(min)d character",
    "Field must be at least %(min)d characters long.": "Enter at least %(min)d characters",
    "Field cannot be longer than %(max)d character.": "Enter %(max)d character or fewer",
    "Field cannot be longer than %(max)d characters.": "Enter %(max)d characters or fewer",
    "Field must be exactly %(max)d character long.": "Enter exactly %(max)d character",
    "Field must be exactly %(max)d characters long.": "Enter exactly %(max)d characters",
    "Field must be between %(min)d and %(max)d characters long.": "Enter between %(min)d and %(max)d characters",
}


class GovUkMessages:
    """WTForms translations that give its built-in messages in GOV.UK wording."""

    def gettext(self, string: str) -> str:
        return GOV_UK_MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


_GOV_UK_MESSAGES = GovUkMessages()


class GovForm(FlaskForm):
    """The base of every WPQ form: Flask-WTF's CSRF protection, with WTForms' messages in GOV.UK wording."""

    class Meta:
        def get_translations(self, form):
            return _GOV_UK_MESSAGES

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # An answer that could not be read ("two" for a number) says only that: a range check on the
        # missing value would add a second, misleading message.
        # A blank answer keeps the field's own message ("Enter the contracted hours").
        for field in self:
            typed = any(str(value).strip() for value in (field.raw_data or ()))
            if field.process_errors and typed and not getattr(field, "_entry_error", None):
                field.errors = list(field.process_errors)
        return valid


_DATE_PARTS = ("day", "month", "year")


class GovDateBoxes(GovDateInput):
    """The GOV.UK date input without what belongs on a single box: `required` is not an attribute of the
    group, and an input width given to every field of a filter would squeeze the group."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["attributes"].pop("required", None)
        classes = [name for name in params.get("classes", "").split() if not name.startswith("govuk-input--width")]
        params["classes"] = " ".join(classes)
        return params


class DateInputField(Field):
    """A date typed in the GOV.UK date input: day, month and year boxes sharing the field's name
    (GOV.UK Design System, date input pattern). A single ISO value (`2026-04-01`) is read too, so links and
    bookmarks that carry a filter date in the query string keep working.

    Errors are in GOV.UK wording, naming the date: "Date of the session must include a month", "Date of
    the session must be a real date". `error_name` is that name when the label does not read well in a
    sentence (a label of "From" gives "The start date must ...")."""

    widget = GovDateBoxes()

    def __init__(
        self, label=None, validators=None, error_name: str | None = None, message: str | None = None, **kwargs
    ):
        super().__init__(label, validators, **kwargs)
        self.error_name = error_name or self.label.text
        #: Shown instead of "... must be a real date" when a field needs its own wording.
        self.message = message
        self._entry_error: str | None = None

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""

    def _real_date_message(self) -> str:
        return self.message or f"{self.error_name} must be a real date"

    def process_formdata(self, valuelist):
        self.data = None
        self._entry_error = None
        parts = [str(part).strip() for part in valuelist]
        if len(parts) == 1:
            self._read_iso(parts[0])
        elif len(parts) == 3:
            self._read_parts(parts)
        else:
            self.raw_data = ["", "", ""]
            if any(parts):
                self._refuse(self._real_date_message())

    def _read_iso(self, text: str) -> None:
        self.raw_data = ["", "", ""]
        if not text:
            return
        try:
            value = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            self.raw_data = [text, "", ""]
            self._refuse(self._real_date_message())
        self.raw_data = [str(value.day), str(value.month), str(value.year)]
        self.data = check_date_range(value)

    def _read_parts(self, parts: list[str]) -> None:
        self.raw_data = parts
        if not any(parts):
            return
        missing = [name for name, part in zip(_DATE_PARTS, parts, strict=True) if not part]
        if missing:
            self._refuse(f"{self.error_name} must include a {' and '.join(missing)}")
        day, month, year = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            self._refuse(self._real_date_message())
        if len(year) != 4:
            self._refuse("Year must include 4 numbers")
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            self._refuse(self._real_date_message())
        self.data = check_date_range(value)

    def _refuse(self, message: str):
        self._entry_error = message
        raise ValidationError(message)

    def process_data(self, value):
        self.data = value if isinstance(value, date) else None

    def post_validate(self, form, validation_stopped):
        # `Optional()` sees an empty day box as "nothing typed" and clears the errors, and `InputRequired()`
        # would ask for the whole date: a date typed in part is told what is missing instead.
        if self._entry_error:
            self.errors = [self._entry_error]


def date_fields(name: str, value: date) -> dict[str, list[str]]:
    """What a browser posts for `value` typed in the date input called `name` (for tests and scripts)."""
    return {name: [str(value.day), str(value.month), str(value.year)]}


class VersionField(HiddenField):
    """The version of the record when the form was opened (optimistic locking, see `Versioned`)."""


#: Shown when a form is saved after someone else saved the same record (GOV.UK Service Manual: nothing typed is lost).
EDIT_CONFLICT = (
    "{record} was changed by someone else while you were editing it. Your changes are below and have not "
    "been saved: check them against the record as it is now, then save again"
)

_NOT_SHOWN = frozenset({"HiddenField", "VersionField", "CSRFTokenField", "SubmitField"})


def first_visible_field(form):
    """The first field a person sees (not the CSRF token, the version or another hidden field); in a form
    with none (a register of a session nobody booked), the version, so the error summary still tells."""
    visible = next((field for field in form if field.type not in _NOT_SHOWN), None)
    return visible or next(field for field in form if field.type != "CSRFTokenField")


def open_at_version(form, record) -> None:
    """Put the record's version in the form as it is opened (call on GET)."""
    form.version.data = record.edit_version_now


def show_edit_conflict(form, record, field_name: str | None = None) -> None:
    """After a refused stale save (and the rollback): say so against the first field, keep what was typed,
    and move the form on to the record's current version so that saving again overwrites knowingly."""
    field = form[field_name] if field_name else first_visible_field(form)
    field.errors = [*field.errors, EDIT_CONFLICT.format(record=record)]
    form.version.data = record.edit_version_now


def show_refusal(
    form, problem: Exception, fallback: str | None = None, fields: Mapping[str, str] | None = None
) -> None:
    """After a service refused a change (and the rollback): show each of its messages (every one a
    `Problems` collected) against the field it names (or the form field `fields` maps that name to), else
    against `fallback`, else against the first field a person sees. A message the field already shows is not
    repeated."""
    for name, message in problems_of(problem):
        name = (fields or {}).get(name, name) if name else name
        if name and name in form:
            field = form[name]
        else:
            field = form[fallback] if fallback else first_visible_field(form)
        if message not in field.errors:
            field.errors = [*field.errors, message]


def save_or_show(
    form,
    change: Callable[[], Any],
    *,
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    saved: str | Callable[[Any], str] | None = None,
    then: str | Callable[[Any], str],
    back: str | None = None,
    fallback: str | None = None,
    fields: Mapping[str, str] | None = None,
    conflict: Any = None,
    conflict_field: str | None = None,
    on_conflict: Callable[[], None] | None = None,
):
    """The one save step of every form view: run `change` (a service call that flushes and audits), then
    commit, flash `saved` and redirect to `then` (each a string or a function of what `change` returned; a
    `saved` function returns None when the change had nothing to say, such as unlinking what was not linked).

    When the service refuses (`refused`), the transaction is rolled back and nothing half-done is kept; the
    refusal is shown against the field it names with the GOV.UK error summary (see `show_refusal`) and None
    is returned, so the view renders the form again with what was typed. With `conflict` (the record being
    edited) a stale save is shown as an edit conflict the same way; a page that shows the saved record beside
    the form tells of it itself with `on_conflict`, called after the rollback. Without a form (a button that posts),
    the refusal is flashed instead and the person goes `back` (or to `then` when it is a string).
    """
    refusals = refused if isinstance(refused, tuple) else (refused,)
    try:
        result = change()
    except EditConflict:
        if conflict is None and on_conflict is None:
            raise
        db.session.rollback()
        if on_conflict is not None:
            on_conflict()
        else:
            show_edit_conflict(form, conflict, conflict_field)
        return None
    except refusals as problem:
        db.session.rollback()
        if form is None:
            for _field, message in problems_of(problem):
                flash(message, "error")
            return redirect(back or then)
        show_refusal(form, problem, fallback, fields)
        return None
    db.session.commit()
    message = saved(result) if callable(saved) else saved
    if message:
        flash(message, "success")
    return redirect(then(result) if callable(then) else then)


class SweNumber:
    """A Social Work England number: "SW" followed by digits (Social Work England register format). The one
    check used wherever a number is typed, so a form, an import and the API refuse the same values."""

    def __call__(self, form, field) -> None:
        try:
            normalise_swe_number(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class NotInFuture:
    """A date that records something that has happened (a session held, CPD done, an audit carried out)
    cannot be after today."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data is not None and field.data > clock.today():
            raise ValidationError(self.message)
