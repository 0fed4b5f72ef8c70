from datetime import date

import pytest

from workforce.kernel.working_days import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 12, 24), True),
        (date(2025, 12, 25), False),  # Christmas Day
        (date(2025, 12, 26), False),  # Boxing Day
        (date(2025, 12, 27), False),  # Saturday
        (date(2026, 12, 28), False),  # substitute day for Boxing Day on a Saturday
        (date(2023, 5, 8), False),  # the coronation bank holiday
        (date(2025, 8, 25), False),  # late summer bank holiday (England and Wales, not Scotland)
        (date(2025, 8, 4), True),  # Scotland's summer bank holiday is a working day here
    ],
)
def test_bank_holidays_of_england_and_wales_are_not_working_days(day, working):
    assert is_working_day(day) is working


def test_working_days_count_both_ends_and_skip_weekends_and_bank_holidays():
    assert working_days_between(date(2025, 12, 22), date(2025, 12, 31)) == 6
    assert working_days_between(date(2025, 1, 6), date(2025, 1, 6)) == 1
    assert working_days_between(date(2025, 1, 4), date(2025, 1, 5)) == 0
    assert working_days_between(date(2025, 1, 7), date(2025, 1, 6)) == 0


def test_a_census_year_has_the_expected_working_days():
    # 1 October 2024 to 30 September 2025: 261 weekdays less 8 bank holidays.
    assert working_days_between(date(2024, 10, 1), date(2025, 9, 30)) == 253


def test_adding_working_days_skips_bank_holidays():
    assert add_working_days(date(2025, 12, 23), 2) == date(2025, 12, 29)
    assert add_working_days(date(2025, 1, 6), 0) == date(2025, 1, 6)
