"""`wpq census export`: writes the return, or refuses while it has errors unless told otherwise."""

from datetime import date

from tests.caseloads.builders import create_snapshot
from tests.census.builders import create_census_worker, set_council_settings


def test_the_command_writes_the_return(app, db, tmp_path):
    set_council_settings()
    create_snapshot(date(2025, 9, 30))
    create_census_worker()
    out = tmp_path / "csww.xml"

    result = app.test_cli_runner().invoke(args=["census", "export", "--year", "2025", "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert b"<CSWWWorker>" in out.read_bytes()


def test_the_command_refuses_a_return_with_errors(app, db, tmp_path):
    set_council_settings(la_code=None)
    create_snapshot(date(2025, 9, 30))
    create_census_worker()
    out = tmp_path / "csww.xml"

    result = app.test_cli_runner().invoke(args=["census", "export", "--year", "2025", "--out", str(out)])

    assert result.exit_code == 1
    assert "1 validation errors" in result.output
    assert not out.exists()


def test_the_command_exports_with_errors_when_told_and_the_file_says_so(app, db, tmp_path):
    set_council_settings(la_code=None)
    create_snapshot(date(2025, 9, 30))
    create_census_worker()
    out = tmp_path / "csww.xml"

    result = app.test_cli_runner().invoke(
        args=["census", "export", "--year", "2025", "--out", str(out), "--with-errors"]
    )

    assert result.exit_code == 0, result.output
    assert b"<!-- Exported with 1 validation errors" in out.read_bytes()


def test_the_demo_councils_return_exports_without_with_errors(demo, demo_app, tmp_path):
    out = tmp_path / "demo.xml"
    result = demo_app.test_cli_runner().invoke(args=["census", "export", "--year", "2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert b"<LEA>356</LEA>" in out.read_bytes()
