import pytest

from workforce.app import create_app
from workforce.config import DEVELOPMENT_SECRET_KEY, ConfigurationError, database_url_from_environment


def test_production_without_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app({"WPQ_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_with_the_development_secret_refuses_to_start(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    with pytest.raises(ConfigurationError):
        create_app({"WPQ_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_with_a_secret_key_starts_with_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-for-this-test")
    app = create_app({"WPQ_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_an_unknown_environment_name_is_refused(monkeypatch):
    with pytest.raises(ConfigurationError, match="WPQ_ENV"):
        create_app({"WPQ_ENV": "staging"})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/wpq", "postgresql+psycopg://u@h/wpq"),
        ("postgresql://u@h/wpq", "postgresql+psycopg://u@h/wpq"),
        ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
    ],
)
def test_database_url_uses_the_psycopg_driver_for_postgresql(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url_from_environment() == expected


def test_without_database_url_the_app_uses_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app("testing")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/wpq.sqlite3")
