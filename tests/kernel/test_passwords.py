import pytest

from workforce.kernel.passwords import password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "Password must be 12 characters or more"),
        ("x" * 257, "Password must be 256 characters or fewer"),
        ("Password1234", "Password is too common and easy to guess. Choose a different password"),
        ("qwertyuiop12", "Password is too common and easy to guess. Choose a different password"),
        ("Summer2025!!", "Password is too common and easy to guess. Choose a different password"),
        ("aaaaaaaaaaaaaa", "Password is too common and easy to guess. Choose a different password"),
        ("abababababab", "Password is too common and easy to guess. Choose a different password"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, problem):
    assert password_problem(password) == problem


def test_a_password_that_is_the_users_name_or_email_is_refused():
    assert password_problem("helen.murray@council.gov.uk", email="helen.murray@council.gov.uk") == (
        "Password must not be your name or email address"
    )
    assert password_problem("Helen Murray Smith", name="Helen Murray Smith") == (
        "Password must not be your name or email address"
    )


@pytest.mark.parametrize("password", ["correct horse battery staple", "kettle orbit maple tuesday", "x9#Lm2!qPz7&"])
def test_long_uncommon_passwords_are_accepted_without_composition_rules(password):
    assert password_problem(password) is None
