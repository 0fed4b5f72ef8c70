"""Counts in words take the right plural form."""

import pytest

from workforce.kernel.plurals import plural


@pytest.mark.parametrize(
    ("count", "word", "shown"),
    [
        (1, "person", "1 person"),
        (2, "person", "2 people"),
        (0, "person", "0 people"),
        (1, "course", "1 course"),
        (3, "course", "3 courses"),
        (2, "vacancy", "2 vacancies"),
        (2, "day", "2 days"),
        (2, "staff account", "2 staff accounts"),
        (1200, "case", "1,200 cases"),
    ],
)
def test_a_count_is_written_with_the_plural_its_number_takes(count, word, shown):
    assert plural(count, word) == shown


def test_a_plural_can_be_given_when_english_has_its_own():
    assert plural(2, "analysis", "analyses") == "2 analyses"


def test_pages_write_counts_through_the_same_helper(app):
    from flask import render_template_string

    with app.test_request_context():
        assert render_template_string("{{ plural(1, 'person') }}; {{ 5 | plural('course') }}") == "1 person; 5 courses"
