"""Dates and times are shown one way on every page: "2 December 2026", "2 December 2026, 10:42"."""

from datetime import UTC, date, datetime

from flask import render_template_string

from workforce.kernel.dates import display_date, display_datetime, display_month


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
