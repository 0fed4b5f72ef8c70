from datetime import UTC, date, datetime

import pytest
from flask import render_template_string

from workforce.kernel import dates
from workforce.kernel.dates import display_date, display_datetime, display_month


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


def test_a_date_is_shown_with_the_day_without_a_leading_zero_and_the_month_in_full():
    assert display_date(date(2026, 12, 2)) == "2 December 2026"
    assert display_date(date(2026, 1, 31)) == "31 January 2026"


def test_a_time_is_shown_after_its_date_on_the_24_hour_clock():
    assert display_datetime(datetime(2026, 12, 2, 10, 42, tzinfo=UTC)) == "2 December 2026, 10:42"
    assert display_datetime(datetime(2026, 12, 2, 9, 5)) == "2 December 2026, 09:05"


def test_a_time_shown_as_a_date_keeps_only_the_date():
    assert display_date(datetime(2026, 12, 2, 23, 59, tzinfo=UTC)) == "2 December 2026"


def test_no_date_is_shown_as_nothing():
    assert display_date(None) == display_datetime(None) == display_month(None) == ""


def test_templates_show_dates_through_the_filters(app):
    with app.test_request_context():
        shown = render_template_string(
            "{{ d|date }} / {{ t|datetime }} / {{ d|month }}",
            d=date(2026, 3, 7),
            t=datetime(2026, 3, 7, 14, 0, tzinfo=UTC),
        )
    assert shown == "7 March 2026 / 7 March 2026, 14:00 / March 2026"
