from datetime import date

import pytest

from workforce.kernel import dates


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 3, 15), -3, date(2025, 12, 15)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2026, 5, 31), -24, date(2024, 5, 31)),
    ],
)
def test_adding_months_keeps_the_day_or_falls_back_to_the_month_end(day, months, expected):
    assert dates.add_months(day, months) == expected


def test_month_start_end_and_window():
    assert dates.month_start(date(2026, 2, 17)) == date(2026, 2, 1)
    assert dates.month_end(date(2026, 2, 17)) == date(2026, 2, 28)
    assert dates.month_end(date(2028, 2, 1)) == date(2028, 2, 29)
    assert dates.month_end(date(2026, 12, 31)) == date(2026, 12, 31)
    assert dates.month_window(date(2026, 4, 9)) == (date(2026, 4, 1), date(2026, 4, 30))
    assert dates.month_key(date(2026, 4, 9)) == "2026-04"


def test_month_ends_run_oldest_first_to_the_month_given():
    assert dates.month_ends(date(2026, 2, 10), 3) == [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28)]
    assert dates.month_ends(date(2026, 2, 10), 0) == []


def test_months_between_are_clipped_to_the_dates():
    assert dates.months_between(date(2026, 1, 15), date(2026, 3, 10)) == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 10)),
    ]
    assert dates.months_between(date(2026, 3, 11), date(2026, 3, 10)) == []


def test_the_census_year_ends_on_30_september():
    assert dates.census_year(2026) == (date(2025, 10, 1), date(2026, 9, 30))
    assert dates.latest_census_year(date(2026, 9, 29)) == 2025
    assert dates.latest_census_year(date(2026, 9, 30)) == 2026


def test_the_year_before_a_day_starts_the_day_after_a_year_earlier():
    assert dates.year_before(date(2026, 9, 30)) == date(2025, 10, 1)
    assert dates.year_before(date(2028, 2, 29)) == date(2027, 3, 1)
