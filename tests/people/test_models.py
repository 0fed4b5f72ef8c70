from datetime import date

from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.people.constants import CensusRole, EmploymentType


def test_fte_is_contracted_over_standard_hours_capped_at_one(db):
    assert create_staff_member(contracted_hours=18.5, standard_hours=37).fte == 0.5
    assert create_staff_member(contracted_hours=40, standard_hours=37).fte == 1.0
    assert create_staff_member(contracted_hours=10, standard_hours=0).fte == 0.0


def test_an_assignment_is_current_from_its_start_to_its_last_day(db):
    assignment = create_assignment(start_date=date(2025, 1, 6), end_date=date(2025, 9, 30))
    assert not assignment.current_on(date(2025, 1, 5))
    assert assignment.current_on(date(2025, 1, 6))
    assert assignment.current_on(date(2025, 9, 30))
    assert not assignment.current_on(date(2025, 10, 1))


def test_census_codes_are_stored_as_their_numbers(db):
    post = create_post(census_role=CensusRole.SENIOR_PRACTITIONER)
    db.session.expire_all()
    assert post.census_role is CensusRole.SENIOR_PRACTITIONER
    raw = db.session.execute(db.text("SELECT census_role FROM posts WHERE id = :id"), {"id": post.id}).scalar()
    assert raw == 4


def test_an_agency_assignment_is_flagged(db):
    worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    assert create_assignment(worker).is_agency


def test_a_post_is_funded_between_its_dates(db):
    post = create_post(funded_from=date(2024, 4, 1), funded_to=date(2025, 3, 31))
    assert post.funded_on(date(2024, 4, 1)) and post.funded_on(date(2025, 3, 31))
    assert not post.funded_on(date(2025, 4, 1))
