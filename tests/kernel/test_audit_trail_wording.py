"""The audit trail and the staff timeline in the council's words, never column names or stored codes."""

from workforce.kernel.audit_trail import label_of
from workforce.kernel.audit_trail.wording import Change, changes_in_words, record_words


def test_a_code_is_shown_as_its_description_and_the_field_by_its_label(app):
    changes = {"reason_for_leaving": {"before": None, "after": 1}, "is_leaving": {"before": False, "after": True}}
    with app.app_context():
        shown = changes_in_words("Assignment", changes)
    assert Change("Reason for leaving", "Not recorded", "Resignation") in shown
    assert Change("Leaving the council", "No", "Yes") in shown


def test_a_stored_date_is_shown_as_dates_are_shown(app):
    with app.app_context():
        shown = changes_in_words("Assignment", {"end_date": {"before": None, "after": "2026-01-31"}})
    assert shown == [Change("End date", "Not recorded", "31 January 2026")]


def test_a_field_of_an_unknown_record_is_still_named_in_words(app):
    with app.app_context():
        shown = changes_in_words("Gone", {"team_id": {"before": "3", "after": "4"}})
    assert shown == [Change("Team", "3", "4")]


def test_a_record_is_never_named_by_its_python_representation():
    assert record_words("CpdRecord", "2409", "<CpdRecord 2409>") == "CPD record 2409"
    assert record_words("Staff", "7", "Holly Ahmed") == "Staff 7: Holly Ahmed"


def test_the_label_stored_with_an_event_is_not_a_python_representation():
    class Unnamed:
        pass

    class Named:
        def __str__(self):
            return "Holly Ahmed"

    assert label_of(Unnamed()) == ""
    assert label_of(Named()) == "Holly Ahmed"
