"""Builders for census tests: a complete council-employed social worker, and the council settings."""

from __future__ import annotations

from datetime import date

from tests.people.builders import create_assignment, create_staff_member
from workforce.benchmarks.dao import LA_CODE_SETTING
from workforce.census import settings as census_settings
from workforce.extensions import db
from workforce.kernel import settings
from workforce.people.constants import Ethnicity, QualificationLevel, Sex
from workforce.people.models import Assignment


def set_council_settings(la_code: str | None = "202", pay_code: str = "2") -> None:
    settings.put(LA_CODE_SETTING, la_code)
    census_settings.put_pay_items(
        dict.fromkeys(census_settings.pay_items(), pay_code) | {"OtherAllowances": "None"}, None
    )
    db.session.commit()


def create_census_worker(assignment: dict | None = None, **overrides) -> Assignment:
    """A council-employed social worker with every census item, in post from 2020 unless told otherwise."""
    values = {
        "date_of_birth": date(1985, 5, 17),
        "sex": Sex.FEMALE,
        "ethnicity": Ethnicity.WHITE_BRITISH,
        "qualification_level": QualificationLevel.POSTGRADUATE,
    }
    staff_member = create_staff_member(**{**values, **overrides})
    return create_assignment(staff_member, **(assignment or {}))
