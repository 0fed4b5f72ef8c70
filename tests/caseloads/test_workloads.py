from datetime import date

import pytest

from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads import services
from workforce.caseloads import settings as caseload_settings
from workforce.caseloads.constants import CaseloadStatus, CaseType, Programme
from workforce.caseloads.workloads import ThresholdBook, is_early_career, worker_caseloads
from workforce.kernel.contract import registry
from workforce.kernel.providers import EARLY_CAREER_STATUS
from workforce.people.constants import CensusRole

ON = date(2025, 9, 30)


def caseload_of(cases: dict, fte: float = 1.0, **staff):
    worker = create_staff_member(**staff)
    assignment = create_assignment(worker, fte=fte)
    snapshot = create_snapshot(ON)
    create_worker_count(snapshot, worker, assignment.team, cases)
    return worker_caseloads(snapshot)[0]


@pytest.mark.parametrize(
    ("cases", "fte", "status"),
    [
        (15, 1.0, CaseloadStatus.WITHIN),
        (16, 1.0, CaseloadStatus.NEAR),
        (18, 1.0, CaseloadStatus.NEAR),
        (19, 1.0, CaseloadStatus.OVER),
        (8, 0.5, CaseloadStatus.NEAR),
        (10, 0.5, CaseloadStatus.OVER),
    ],
)
def test_each_worker_is_within_near_or_over_the_threshold_per_fte(db, cases, fte, status):
    assert caseload_of({CaseType.CHILD_IN_NEED: cases}, fte).status is status


def test_a_newly_qualified_worker_is_held_to_90_percent_of_the_experienced_level(db):
    worker = caseload_of({CaseType.CHILD_IN_NEED: 17}, qualification_date=date(2025, 1, 10))
    assert worker.programme is Programme.ASYE
    assert (worker.threshold.limit_per_fte, worker.threshold.amber_from) == (16.2, 14.4)
    assert worker.status is CaseloadStatus.OVER


def test_early_career_status_comes_from_the_academy_when_it_answers(app, db):
    providers = registry(app).providers
    academy_answer = providers.get(EARLY_CAREER_STATUS.name)
    providers[EARLY_CAREER_STATUS.name] = lambda staff_id, on_date: True
    try:
        assert is_early_career(1, date(2010, 1, 1), ON)
        providers[EARLY_CAREER_STATUS.name] = lambda staff_id, on_date: None
        assert not is_early_career(1, date(2010, 1, 1), ON)
        assert is_early_career(1, date(2025, 6, 1), ON)
    finally:
        providers.pop(EARLY_CAREER_STATUS.name)
        if academy_answer is not None:  # leave the academy's answer for the tests that follow
            providers[EARLY_CAREER_STATUS.name] = academy_answer


def test_thresholds_take_effect_from_their_date_and_by_job_type(db):
    services.add_threshold(date(2025, 4, 1), Programme.EXPERIENCED, 20, 17)
    services.add_threshold(date(2025, 4, 1), Programme.EXPERIENCED, 12, 10, CensusRole.SENIOR_PRACTITIONER)
    services.add_threshold(date(2026, 4, 1), Programme.EXPERIENCED, 22, 19)
    book = ThresholdBook(ON)
    assert book.for_worker(CensusRole.CASE_HOLDER, Programme.EXPERIENCED).limit_per_fte == 20
    assert book.for_worker(CensusRole.SENIOR_PRACTITIONER, Programme.EXPERIENCED).limit_per_fte == 12
    assert book.for_worker(CensusRole.CASE_HOLDER, Programme.ASYE).limit_per_fte == 18
    assert ThresholdBook(date(2025, 3, 31)).for_worker(None, Programme.EXPERIENCED).limit_per_fte == 18


def test_an_explicit_asye_threshold_replaces_the_percentage(db):
    services.add_threshold(date(2025, 1, 1), Programme.ASYE, 12, 10)
    assert ThresholdBook(ON).for_worker(None, Programme.ASYE).limit_per_fte == 12


def test_weights_by_case_type_count_when_weighting_is_on(db):
    caseload_settings.put("caseload_weighting", True)
    services.add_weight(date(2025, 1, 1), CaseType.CHILD_PROTECTION, 1.5)
    worker = caseload_of({CaseType.CHILD_PROTECTION: 10, CaseType.CHILD_IN_NEED: 4})
    assert worker.weighted_cases == 19
    assert worker.status is CaseloadStatus.OVER


def test_weights_are_ignored_when_weighting_is_off(db):
    services.add_weight(date(2025, 1, 1), CaseType.CHILD_PROTECTION, 1.5)
    worker = caseload_of({CaseType.CHILD_PROTECTION: 10, CaseType.CHILD_IN_NEED: 4})
    assert worker.weighted_cases == 14


@pytest.mark.parametrize(
    ("limit", "amber", "field"),
    [(0, 0, "limit_per_fte"), (18, 20, "amber_from"), (18, -1, "amber_from")],
)
def test_a_threshold_with_amber_above_it_is_refused(db, limit, amber, field):
    with pytest.raises(services.CaseloadError) as problem:
        services.add_threshold(ON, Programme.EXPERIENCED, limit, amber)
    assert problem.value.field == field


def test_the_early_career_test_for_many_people_answers_as_the_one_person_test(db):
    """worker_caseloads reads everyone's early-career periods once; each answer equals is_early_career's."""
    from academy import careers
    from academy.constants import EarlyCareerOutcome
    from tests.academy.builders import create_early_career_record, create_person
    from workforce.caseloads.workloads import early_career_test

    current = create_early_career_record(start_date=date(2025, 9, 1))
    passed = create_early_career_record(start_date=date(2024, 9, 1))
    careers.record_outcome(passed, None, None, EarlyCareerOutcome.PASSED, date(2025, 9, 15))
    withdrawn = create_early_career_record(start_date=date(2025, 6, 1))
    careers.record_outcome(withdrawn, None, None, EarlyCareerOutcome.WITHDRAWN, date(2025, 7, 1))
    no_record_new = create_person(qualification_date=date(2025, 7, 1))
    no_record_old = create_person(qualification_date=date(2010, 7, 1))
    people = [record.staff_member for record in (current, passed, withdrawn)] + [no_record_new, no_record_old]
    test = early_career_test()
    answers = set()
    for on in (date(2024, 8, 31), date(2025, 6, 15), date(2025, 9, 1), date(2025, 9, 15), date(2026, 7, 1)):
        for person in people:
            expected = is_early_career(person.id, person.qualification_date, on)
            assert test(person.id, person.qualification_date, on) is expected, (person.id, on)
            answers.add(expected)
    assert answers == {True, False}
