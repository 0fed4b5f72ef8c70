"""Builders for the academy's records: a test names only what it cares about."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from academy import careers, rules
from academy.constants import CompletionSource, CpdType, DeliveryMode, EnrolmentStatus
from academy.models import (
    Completion,
    Course,
    CpdRecord,
    Enrolment,
    Programme,
    TrainingRequirement,
    TrainingSession,
)
from tests.builders import create_team
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.extensions import db
from workforce.kernel.models import Team, User
from workforce.people.constants import CensusRole
from workforce.people.models import StaffMember

_sequence = itertools.count(1)


def create_programme(**overrides) -> Programme:
    programme = Programme(**{"name": f"Programme {next(_sequence)}", **overrides})
    db.session.add(programme)
    db.session.commit()
    return programme


def create_course(programme: Programme | None = None, **overrides) -> Course:
    values = {
        "programme": programme or create_programme(),
        "title": f"Course {next(_sequence)}",
        "delivery_mode": DeliveryMode.CLASSROOM,
        "hours": 6.0,
        "validity_months": 36,
        "standards": [],
    }
    course = Course(**{**values, **overrides})
    db.session.add(course)
    db.session.commit()
    return course


def create_session(course: Course | None = None, **overrides) -> TrainingSession:
    values = {
        "course": course or create_course(),
        "starts_at": datetime(2026, 3, 17, 9, 30),
        "ends_at": datetime(2026, 3, 17, 16, 30),
        "venue": "Civic Centre, Room 2",
        "online": False,
        "facilitator": "Ruth Ahmed",
        "capacity": 10,
        "requires_approval": False,
    }
    session = TrainingSession(**{**values, **overrides})
    db.session.add(session)
    db.session.commit()
    return session


def create_person(team: Team | None = None, user: User | None = None, **overrides) -> StaffMember:
    """A staff member in post in a team (from 2020) with an optional WPQ account."""
    census_role = overrides.pop("census_role", CensusRole.CASE_HOLDER)
    start_date = overrides.pop("start_date", date(2020, 1, 6))
    staff = create_staff_member(user_id=user.id if user else None, **overrides)
    create_assignment(staff, create_post(team=team or create_team(), census_role=census_role), start_date=start_date)
    return staff


def create_enrolment(
    session: TrainingSession | None = None, staff: StaffMember | None = None, **overrides
) -> Enrolment:
    values = {
        "session": session or create_session(),
        "staff_member": staff or create_person(),
        "status": EnrolmentStatus.ENROLLED,
    }
    enrolment = Enrolment(**{**values, **overrides})
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def create_completion(staff: StaffMember, course: Course, completed_on: date, **overrides) -> Completion:
    values = {
        "staff_member": staff,
        "course": course,
        "completed_on": completed_on,
        "expires_on": rules.expiry_date(completed_on, course.validity_months),
        "source": CompletionSource.RECORDED,
    }
    completion = Completion(**{**values, **overrides})
    db.session.add(completion)
    db.session.commit()
    return completion


def create_requirement(course: Course | None = None, **overrides) -> TrainingRequirement:
    requirement = TrainingRequirement(**{"course": course or create_course(), **overrides})
    db.session.add(requirement)
    db.session.commit()
    return requirement


def create_early_career_record(staff: StaffMember | None = None, start_date: date = date(2025, 9, 1), **overrides):
    record = careers.start_early_career(staff or create_person(), start_date, **overrides)
    db.session.commit()
    return record


def create_cpd(staff: StaffMember, recorded_on: date, peer_reflection: bool = False, **overrides) -> CpdRecord:
    values = {
        "staff_member": staff,
        "cpd_type": CpdType.COURSE,
        "recorded_on": recorded_on,
        "learning": "Direct work with teenagers",
        "impact": "Planned visits differently",
        "peer_reflection": peer_reflection,
    }
    record = CpdRecord(**{**values, **overrides})
    db.session.add(record)
    db.session.commit()
    return record
