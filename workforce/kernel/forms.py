"""Form fields shared by every module, with GOV.UK error wording."""

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from flask import flash, redirect
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
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


class IsoDateField(Field):
    """A date typed as YYYY-MM-DD (used in filters, where one box is quicker than three)."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, message="Enter a real date in the format YYYY-MM-DD", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            # Spaces are no date: InputRequired reads raw_data, so a box of spaces must count as empty.
            self.raw_data = []
            return
        try:
            value = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
        except ValueError:
            raise ValidationError(self.message) from None
        self.data = check_date_range(value)

    def process_data(self, value):
        self.data = value if isinstance(value, date) else None


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
):
    """The one save step of every form view: run `change` (a service call that flushes and audits), then
    commit, flash `saved` and redirect to `then` (each a string or a function of what `change` returned).

    When the service refuses (`refused`), the transaction is rolled back and nothing half-done is kept; the
    refusal is shown against the field it names with the GOV.UK error summary (see `show_refusal`) and None
    is returned, so the view renders the form again with what was typed. With `conflict` (the record being
    edited) a stale save is shown as an edit conflict the same way. Without a form (a button that posts),
    the refusal is flashed instead and the person goes `back` (or to `then` when it is a string).
    """
    refusals = refused if isinstance(refused, tuple) else (refused,)
    try:
        result = change()
    except EditConflict:
        if conflict is None:
            raise
        db.session.rollback()
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
    if saved:
        flash(saved(result) if callable(saved) else saved, "success")
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
