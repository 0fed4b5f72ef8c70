"""The plan overview counts every strand's ratings with a fixed number of statements, and keeps them."""

from datetime import date

from tests.builders import create_user
from tests.improvement.builders import create_plan, create_plan_measure, create_strand
from tests.query_count import counting_queries
from workforce.improvement.constants import Rating
from workforce.improvement.figures import measure_figures, plan_ratings
from workforce.improvement.periods import compute_period
from workforce.kernel import freshness
from workforce.kernel.contract import registry
from workforce.kernel.roles import Role

MONTH = date(2026, 1, 1)


def measure_ids(count: int) -> list[str]:
    return sorted(measure.id for measure in registry().measures)[:count]


def first_request_statements(client_request, plan) -> int:
    freshness.clear()
    with counting_queries() as counter:
        client_request.get("improvement.show_plan", plan_id=plan.id)
    return counter.count


def test_the_overview_issues_the_same_statements_for_two_measures_and_for_eight(db, client_request):
    plan = create_plan()
    strands = [create_strand(plan) for _ in range(2)]
    ids = measure_ids(4)
    for strand in strands:
        create_plan_measure(strand, measure_id=ids[0])
    compute_period(MONTH)
    db.session.commit()
    client_request.login(create_user(Role.SENIOR_LEADER))
    few = first_request_statements(client_request, plan)
    for strand in strands:
        for measure_id in ids[1:]:
            create_plan_measure(strand, measure_id=measure_id)
    compute_period(MONTH)
    db.session.commit()
    many = first_request_statements(client_request, plan)
    # Three statements a measure remain (its month's period, frozen definition and overrides); the stored
    # figures and frozen rules of every measure are one query each (they were two more a measure).
    assert many - few <= 3 * 6, f"{few} statements for 2 measures, {many} for 8"


def expected_counts(strand) -> dict[str, int]:
    counts = {rating.value: 0 for rating in Rating} | {"Not rated": 0}
    for plan_measure in strand.measures:
        rating = measure_figures(plan_measure, MONTH, False, with_comparators=False).rating
        counts[rating.value if rating else "Not rated"] += 1
    return counts


def test_the_counts_equal_each_measures_own_rating_and_follow_a_change(db):
    plan = create_plan()
    strand = create_strand(plan)
    first, second = measure_ids(2)
    changing = create_plan_measure(strand, measure_id=first, baseline_value=0.0, target_value=0.0)
    create_plan_measure(strand, measure_id=second)
    compute_period(MONTH)
    db.session.commit()
    before = plan_ratings(plan, MONTH, published_only=False)[strand.id]
    assert before == expected_counts(strand)
    assert sum(before.values()) == 2
    changing.baseline_value, changing.target_value = 1_000_000.0, 1_000_000.0
    changing.tolerance_percent = 0.0
    db.session.commit()
    after = plan_ratings(plan, MONTH, published_only=False)[strand.id]
    assert after == expected_counts(strand)
