"""Marshmallow schemas for one row of a caseload extract, in each of its two shapes."""

import re

from marshmallow import Schema, ValidationError, fields, validates_schema

from workforce.caseloads.constants import CaseType
from workforce.kernel.imports import Code, SpreadsheetDate, SpreadsheetInteger, SweNumber

#: A case reference is an identifier from the case-management system: letters, digits and - / _ . only.
#: Spaces are refused, which keeps a child's name from being typed or pasted in by mistake.
CASE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/_.]{0,59}$")


class Memoised:
    """A field that deserialises each distinct cell value once per schema: extracts repeat the same case types,
    workers and dates thousands of times, and parsing them again is most of an import's time."""

    def deserialize(self, value, attr=None, data=None, **kwargs):
        cache = self.__dict__.setdefault("_memo", {})
        try:
            key = (type(value), value)
            hash(key)
        except TypeError:
            return super().deserialize(value, attr, data, **kwargs)
        found = cache.get(key)
        if found is None:
            try:
                found = (True, super().deserialize(value, attr, data, **kwargs))
            except ValidationError as error:
                found = (False, error)
            if len(cache) < 200_000:
                cache[key] = found
        if found[0]:
            return found[1]
        raise found[1]


class Identifier(fields.Field):
    """An employee number or case reference: text, or a number Excel stored as 12345.0."""

    def _deserialize(self, value, attr, data, **kwargs) -> str | None:
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None


class MemoisedIdentifier(Memoised, Identifier):
    pass


class MemoisedSweNumber(Memoised, SweNumber):
    pass


class MemoisedCode(Memoised, Code):
    pass


class MemoisedDate(Memoised, SpreadsheetDate):
    pass


class CaseReference(Identifier):
    default_error_messages = {
        "invalid": "Enter the case reference from the case-management system (letters, digits and - / _ . "
        "only, at most 60 characters); WPQ never holds children's names",
    }

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text is None or not CASE_REFERENCE.match(text):
            raise self.make_error("invalid")
        return text


class WorkerIdentified(Schema):
    employee_number = MemoisedIdentifier(load_default=None, allow_none=True)
    swe_number = MemoisedSweNumber(load_default=None, allow_none=True)
    team = MemoisedIdentifier(load_default=None, allow_none=True)

    @validates_schema
    def _needs_a_worker(self, data, **kwargs):
        if not data.get("employee_number") and not data.get("swe_number"):
            raise ValidationError("Enter the worker's employee number or Social Work England number", "employee_number")


class CaseRowSchema(WorkerIdentified):
    case_reference = CaseReference(required=True, error_messages={"required": "Enter the case reference"})
    case_type = MemoisedCode(CaseType, required=True, error_messages={"required": "Enter the case type"})
    allocation_date = MemoisedDate(required=True, error_messages={"required": "Enter the allocation date"})


def _count() -> SpreadsheetInteger:
    return SpreadsheetInteger(minimum=0, maximum=500, load_default=0, allow_none=True)


class WorkerCountRowSchema(WorkerIdentified):
    cp = _count()
    cin = _count()
    cla = _count()
    cl = _count()
    eh = _count()
    other = _count()


#: The fields of each shape and the column headers that import with no mapping.
CASE_FIELDS = {
    "case_reference": "CaseReference",
    "case_type": "CaseType",
    "employee_number": "EmployeeNumber",
    "swe_number": "SWENo",
    "team": "Team",
    "allocation_date": "AllocationDate",
}
WORKER_COUNT_FIELDS = {
    "employee_number": "EmployeeNumber",
    "swe_number": "SWENo",
    "team": "Team",
    **{case_type.value.lower(): case_type.value for case_type in CaseType},
}
FIELD_LABELS = {
    "case_reference": "Case reference",
    "case_type": "Case type",
    "employee_number": "Employee number",
    "swe_number": "Social Work England number",
    "team": "Team",
    "allocation_date": "Allocation date",
    **{case_type.value.lower(): f"{case_type.label} cases" for case_type in CaseType},
}
