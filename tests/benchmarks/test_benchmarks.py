import csv

import pytest

from tests.builders import create_user
from tests.conftest import error_summary
from workforce.benchmarks import dao, services
from workforce.benchmarks.constants import CENSUS_MEASURES
from workforce.benchmarks.models import DfeFigure
from workforce.kernel import settings
from workforce.kernel.providers import CENSUS_BENCHMARKS, CENSUS_COMPARATORS
from workforce.kernel.roles import Role


@pytest.fixture(scope="session")
def shipped_once(app):
    """The shipped DfE files, loaded and committed once for the whole run (they are reference data)."""
    from workforce.extensions import db as _db

    with app.app_context():
        if dao.latest_release() is None:
            report, release = services.load_shipped()
            assert report.ok and release is not None
            _db.session.commit()
        _db.session.remove()


@pytest.fixture
def shipped(shipped_once, db):
    return dao.latest_release()


def published(year: str, level: str, code: str | None = None, region: str | None = None) -> dict:
    with services.SHIPPED_INDICATORS.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["time_period"] != year or row["geographic_level"] != level:
                continue
            if code and row["old_la_code"] != code:
                continue
            if region and row["region_name"] != region:
                continue
            return row
    raise AssertionError("row not found")


def as_shown(raw: str) -> str:
    try:
        value = float(raw)
    except ValueError:
        return f"[{raw}]"
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


def test_the_benchmark_page_shows_dfe_figures_for_the_council_its_region_and_england_exactly(client_request, shipped):
    settings.put(dao.LA_CODE_SETTING, "840")
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("benchmarks.overview", _query={"year": 2025})
    council = published("2025", "Local authority", code="840")
    region = published("2025", "Regional", region=council["region_name"])
    england = published("2025", "National")
    rows = {
        row.select("th, td")[0].get_text(strip=True): [c.get_text(strip=True) for c in row.select("td")]
        for row in page.select("tbody tr")
    }
    for measure in CENSUS_MEASURES:
        cells = rows[measure.title]
        assert cells[0] == as_shown(council[measure.variable]), measure.variable
        assert cells[1] == as_shown(region[measure.variable]), measure.variable
        assert cells[2] == as_shown(england[measure.variable]), measure.variable
    assert "County Durham" in page.get_text()
    assert rows["Turnover rate (FTE)"][2] == "11.8"


def test_the_neighbour_average_and_rank_come_from_the_statistical_neighbours(db, shipped):
    council = dao.get_council("840")
    neighbours = dao.neighbours_of("840")
    assert len(neighbours) == 10
    comparison = dao.compare(2025, council, ["turnover_rate_fte"])["turnover_rate_fte"]
    values = [cell.value for _n, cell in comparison.neighbours if cell.value is not None]
    assert comparison.neighbour_average.value == round(sum(values) / len(values), 1)
    position, out_of = comparison.rank
    assert out_of == len(values) + 1
    assert position == sorted([*values, comparison.council.value]).index(comparison.council.value) + 1


def test_dfe_symbols_are_kept_and_shown_as_symbols(db, shipped):
    symbol = db.session.query(DfeFigure).filter(DfeFigure.symbol.is_not(None)).first()
    assert symbol.value is None
    assert dao.Cell(None, symbol.symbol).text == f"[{symbol.symbol}]"


def test_a_trend_runs_from_2017(client_request, shipped):
    settings.put(dao.LA_CODE_SETTING, "840")
    client_request.login(create_user(Role.COMMITTEE_VIEWER))
    page = client_request.get("benchmarks.measure_trend", variable="turnover_rate_fte")
    years = [row.select_one("td, th").get_text(strip=True) for row in page.select("tbody tr")]
    assert years == [str(year) for year in range(2017, 2026)]


def test_an_unknown_measure_is_404(client_request, shipped):
    client_request.login(create_user(Role.SENIOR_LEADER))
    client_request.get("benchmarks.measure_trend", variable="not_a_measure", _expected_status=404)


def test_an_administrator_chooses_the_council(client_request, shipped):
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.post("benchmarks.choose_council", {"la_code": ""}, _expected_status=200)
    assert error_summary(page) == ["Select your council"]
    client_request.post("benchmarks.choose_council", {"la_code": "301"})
    assert settings.get(dao.LA_CODE_SETTING) == "301"


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR])
def test_roles_without_benchmarks_get_403(client_request, role):
    client_request.login(create_user(role))
    client_request.get("benchmarks.overview", _expected_status=403)


def test_only_administrators_choose_the_council(client_request, shipped):
    client_request.login(create_user(Role.SENIOR_LEADER))
    client_request.get("benchmarks.choose_council", _expected_status=403)


def test_a_file_with_bad_values_loads_nothing_and_reports_each_problem(db):
    before = db.session.query(DfeFigure).count()
    text = (
        "time_period,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,turnover_rate_fte\n"
        "2025,National,,,,,,11.8\n"
        "20x5,National,,,,,,11.8\n"
        "2025,Local authority,E1,North East,84,E06,Somewhere,12\n"
        "2025,Regional,E1,North East,,,,eleven\n"
    )
    report, release = services.load(text, "bad.csv")
    assert release is None
    assert [(p.row, p.column) for p in report.sorted_problems()] == [
        (3, "time_period"),
        (4, "old_la_code"),
        (5, "turnover_rate_fte"),
    ]
    assert db.session.query(DfeFigure).count() == before


def test_the_command_loads_the_shipped_files(app, db):
    result = app.test_cli_runner().invoke(args=["benchmarks", "load"])
    assert result.exit_code == 0, result.output
    assert "Loaded 32,186 figures for 2017-2025" in result.output


def test_the_comparators_provider_answers_for_census_measures_only(app, shipped):
    from workforce.kernel.contract import registry

    settings.put(dao.LA_CODE_SETTING, "840")
    provided = registry(app).provided(CENSUS_COMPARATORS)
    answers = provided(["turnover_rate_fte", "turnover_rate_fte_rolling_12_months", "days_lost_per_fte", "nothing"])
    assert set(answers) == {"turnover_rate_fte", "turnover_rate_fte_rolling_12_months"}
    turnover = answers["turnover_rate_fte"]
    comparison = dao.compare(2025, dao.get_council("840"), ["turnover_rate_fte"])["turnover_rate_fte"]
    assert turnover["year"] == 2025 and turnover["england"] == 11.8
    assert turnover["region"] == comparison.region.value
    assert turnover["neighbours"] == comparison.neighbour_average.value
    assert turnover["rank"] == list(comparison.rank)


def test_the_benchmarks_provider_gives_every_census_measure_with_its_trend(app, shipped):
    from workforce.kernel.contract import registry

    settings.put(dao.LA_CODE_SETTING, "840")
    answer = registry(app).provided(CENSUS_BENCHMARKS)()
    assert answer["council_name"] == "County Durham" and len(answer["neighbours"]) == 10
    assert [row["variable"] for row in answer["rows"]] == [measure.variable for measure in CENSUS_MEASURES]
    turnover = next(row for row in answer["rows"] if row["variable"] == "turnover_rate_fte")
    assert list(turnover["trend"]) == dao.list_years()
    assert turnover["trend"][2025] == float(published("2025", "Local authority", code="840")["turnover_rate_fte"])
    assert turnover["trend"][2017] == float(published("2017", "Local authority", code="840")["turnover_rate_fte"])


@pytest.mark.parametrize(
    ("endpoint", "values"), [("benchmarks.overview", {}), ("benchmarks.measure_trend", {"variable": "inpost_fte"})]
)
def test_the_demo_says_on_every_benchmark_page_whose_comparators_it_borrows(demo, endpoint, values):
    from workforce.kernel.roles import Role

    demo.client_request.login(demo.users[Role.SENIOR_LEADER])
    page = demo.client_request.get(endpoint, **values)
    notes = [inset.get_text(" ", strip=True) for inset in page.select(".govuk-inset-text")]
    note = next(text for text in notes if "borrows" in text)
    assert "borrows the DfE comparators of Stockport (LA code 356)" in note
    assert "North West" in note
