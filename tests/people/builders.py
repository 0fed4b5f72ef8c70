"""Builders for posts, staff records and assignments."""

from __future__ import annotations

import itertools
from datetime import date

from tests.builders import create_team
from workforce.extensions import db
from workforce.kernel.models import Team
from workforce.people.constants import AbsenceReason, CensusRole, EmploymentType, StartOrigin
from workforce.people.models import Absence, Assignment, Post, StaffMember

_sequence = itertools.count(1)


def create_post(team: Team | None = None, **overrides) -> Post:
    number = next(_sequence)
    values = {
        "post_number": f"P{number:05d}",
        "team": team or create_team(),
        "census_role": CensusRole.CASE_HOLDER,
        "job_title": "Social worker",
        "grade": "SW2",
        "budgeted_fte": 1.0,
        "case_holding": True,
        "funded_from": date(2015, 4, 1),
        "funded_to": None,
    }
    post = Post(**{**values, **overrides})
    db.session.add(post)
    db.session.commit()
    return post


def create_staff_member(**overrides) -> StaffMember:
    number = next(_sequence)
    values = {
        "employee_number": f"E{number:06d}",
        "first_name": "Sam",
        "last_name": f"Worker{number}",
        "swe_number": f"SW{100000 + number}",
        "employment_type": EmploymentType.PERMANENT,
        "contracted_hours": 37.0,
        "standard_hours": 37.0,
        "qualification_date": date(2015, 7, 1),
    }
    staff_member = StaffMember(**{**values, **overrides})
    db.session.add(staff_member)
    db.session.commit()
    return staff_member


def create_assignment(staff_member: StaffMember | None = None, post: Post | None = None, **overrides) -> Assignment:
    staff_member = staff_member or create_staff_member()
    post = post or create_post(team=overrides.pop("team", None))
    values = {
        "staff_member": staff_member,
        "post": post,
        "team": post.team,
        "census_role": post.census_role,
        "employment_type": staff_member.employment_type,
        "fte": staff_member.fte,
        "case_holding": post.case_holding,
        "start_date": date(2020, 1, 6),
        "start_origin": StartOrigin.DIFFERENT_LA_IN_ENGLAND,
        "end_date": None,
    }
    assignment = Assignment(**{**values, **overrides})
    db.session.add(assignment)
    db.session.commit()
    return assignment


def create_absence(staff_member: StaffMember | None = None, **overrides) -> Absence:
    values = {
        "staff_member": staff_member or create_staff_member(),
        "reason": AbsenceReason.SICKNESS,
        "start_date": date(2025, 3, 3),
        "end_date": date(2025, 3, 7),
    }
    absence = Absence(**{**values, **overrides})
    db.session.add(absence)
    db.session.commit()
    return absence
