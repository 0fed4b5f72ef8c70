"""Marshmallow schemas for import rows: staff and assignments from the HR system, absences, survey results."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from marshmallow import Schema, ValidationError, fields, validates_schema

from workforce.kernel.imports import Code, SpreadsheetDate, SpreadsheetInteger, SpreadsheetNumber, SweNumber, YesNo
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    Ethnicity,
    LeaverDestination,
    QualificationLevel,
    ReasonForLeaving,
    Sex,
    StartOrigin,
)


class Text(fields.String):
    """Text from a cell: numbers (an employee number typed as 1234) become their digits."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) and value == int(value):
            value = str(int(value))
        elif isinstance(value, int | float):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs).strip()


class EmploymentTypeCode(Code):
    """Employment type by its value ("permanent", "fixed-term", ...) or label ("Fixed term")."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value).strip().lower().replace(" ", "-")
        return super()._deserialize(text, attr, data, **kwargs)


class WorkEmail(fields.String):
    """A work email address from the HR extract, stored in lower case; empty means none."""

    default_error_messages = {"invalid": "Enter an email address in the correct format, like name@example.gov.uk"}

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            checked = validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            raise self.make_error("invalid") from None
        if len(checked.normalized) > 254:
            raise self.make_error("invalid")
        return checked.normalized.lower()


def _required(message: str) -> dict:
    return {"required": message, "null": message}


class StaffRowSchema(Schema):
    """One row of the HR extract: a person and one assignment (a person in two posts has two rows)."""

    employee_number = Text(
        required=True, validate=lambda text: 0 < len(text) <= 40, error_messages=_required("Enter the employee number")
    )
    first_name = Text(
        required=True, validate=lambda text: 0 < len(text) <= 80, error_messages=_required("Enter the first name")
    )
    last_name = Text(
        required=True, validate=lambda text: 0 < len(text) <= 80, error_messages=_required("Enter the last name")
    )
    swe_number = SweNumber(load_default=None, allow_none=True)
    email = WorkEmail(load_default=None, allow_none=True)
    date_of_birth = SpreadsheetDate(load_default=None, allow_none=True)
    sex = Code(Sex, load_default=None, allow_none=True)
    ethnicity = Code(Ethnicity, load_default=None, allow_none=True)
    qualification_level = Code(QualificationLevel, load_default=None, allow_none=True)
    census_role = Code(CensusRole, required=True, error_messages=_required("Enter the OrgRole code (1 to 6)"))
    start_date = SpreadsheetDate(required=True, error_messages=_required("Enter the role start date"))
    start_origin = Code(StartOrigin, load_default=None, allow_none=True)
    end_date = SpreadsheetDate(load_default=None, allow_none=True)
    leaver_destination = Code(LeaverDestination, load_default=None, allow_none=True)
    reason_for_leaving = Code(ReasonForLeaving, load_default=None, allow_none=True)
    agency = YesNo(load_default=False, allow_none=True)
    fte = SpreadsheetNumber(minimum=0, maximum=1, load_default=None, allow_none=True)
    team = Text(required=True, error_messages=_required("Enter the team"))
    job_title = Text(load_default=None, allow_none=True)
    contracted_hours = SpreadsheetNumber(minimum=0, maximum=80, load_default=None, allow_none=True)
    standard_hours = SpreadsheetNumber(minimum=1, maximum=80, load_default=None, allow_none=True)
    employment_type = EmploymentTypeCode(EmploymentType, load_default=None, allow_none=True)

    @validates_schema
    def check_leaving(self, data, **kwargs):
        end, start = data.get("end_date"), data.get("start_date")
        if end is not None and start is not None and end < start:
            raise ValidationError("The role end date must be on or after the role start date", "end_date")
        leaving = data.get("reason_for_leaving") is not None or data.get("leaver_destination") is not None
        if leaving and end is None:
            raise ValidationError("A leaver needs the role end date", "end_date")
        if leaving and (data.get("reason_for_leaving") is None or data.get("leaver_destination") is None):
            field = "reason_for_leaving" if data.get("reason_for_leaving") is None else "leaver_destination"
            raise ValidationError("A leaver needs both the reason for leaving and the destination", field)
        if data.get("agency") and data.get("employment_type") not in (None, EmploymentType.AGENCY):
            raise ValidationError(
                "An agency worker's employment type must be agency (or left empty)", "employment_type"
            )


class AbsenceRowSchema(Schema):
    employee_number = Text(required=True, error_messages=_required("Enter the employee number"))
    reason = Code(AbsenceReason, required=True, error_messages=_required("Enter the absence reason code"))
    start_date = SpreadsheetDate(required=True, error_messages=_required("Enter the first day of absence"))
    end_date = SpreadsheetDate(load_default=None, allow_none=True)

    # Checked even when another field has a problem of its own, so the row's problems are reported at once.
    @validates_schema(skip_on_field_errors=False)
    def check_dates(self, data, **kwargs):
        end, start = data.get("end_date"), data.get("start_date")
        if end is not None and start is not None and end < start:
            raise ValidationError("The last day must be on or after the first day", "end_date")


class SurveyRowSchema(Schema):
    survey_date = SpreadsheetDate(required=True, error_messages=_required("Enter the survey date"))
    team = Text(required=True, error_messages=_required("Enter the team"))
    question = Text(
        required=True, validate=lambda text: 0 < len(text) <= 300, error_messages=_required("Enter the question")
    )
    percent_agreeing = SpreadsheetNumber(
        minimum=0, maximum=100, required=True, error_messages=_required("Enter the percentage agreeing")
    )
    responses = SpreadsheetInteger(
        minimum=0, maximum=100000, required=True, error_messages=_required("Enter the number of responses")
    )
