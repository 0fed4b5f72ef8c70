"""Plan measures compared with the DfE figures: England, region and statistical neighbours, frozen when
a period is published; local comparators only for measures the DfE figures do not cover."""

import contextlib
import csv
from datetime import date
from statistics import mean

import pytest
from sqlalchemy import update

from tests.builders import create_user
from tests.conftest import error_summary
from tests.improvement.builders import create_plan_measure, create_strand
from workforce.benchmarks import services as benchmark_services
from workforce.benchmarks.models import DfeFigure
from workforce.extensions import db
from workforce.improvement.figures import measure_figures
from workforce.improvement.periods import compute_period, publish_period
from workforce.kernel.roles import Role

MONTH = date(2026, 1, 1)


def file_rows() -> list[dict]:
    with benchmark_services.SHIPPED_INDICATORS.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def neighbours_of(code: str) -> list[str]:
    with benchmark_services.SHIPPED_NEIGHBOURS.open(encoding="utf-8-sig") as handle:
        row = next(row for row in csv.DictReader(handle) if row["old_la_code"] == code)
    return [row[f"SN_{number}"] for number in range(1, 11)]


def from_file(variable: str, year: str = "2025", code: str = "840") -> dict:
    """England, the council's region, the council and its neighbours' average, read from the DfE file."""
    rows = [row for row in file_rows() if row["time_period"] == year]
    council = next(row for row in rows if row["geographic_level"] == "Local authority" and row["old_la_code"] == code)
    england = next(row for row in rows if row["geographic_level"] == "National")
    region = next(
        row for row in rows if row["geographic_level"] == "Regional" and row["region_name"] == council["region_name"]
    )
    codes = set(neighbours_of(code))
    values = []
    for row in rows:
        if row["geographic_level"] == "Local authority" and row["old_la_code"] in codes:
            with contextlib.suppress(ValueError):
                values.append(float(row[variable]))
    return {
        "england": float(england[variable]),
        "region": float(region[variable]),
        "region_name": council["region_name"],
        "council": float(council[variable]),
        "neighbours": round(mean(values), 1),
    }


@pytest.fixture
def leader(plan_client):
    user = create_user(Role.SENIOR_LEADER)
    plan_client.login(user)
    return user


def test_a_census_measure_is_compared_with_england_its_region_and_neighbours_from_the_dfe_file(dfe):
    plan_measure = create_plan_measure(create_strand(), "turnover_rate_fte", baseline_value=20, target_value=15)
    compute_period(MONTH)
    comparators = measure_figures(plan_measure, MONTH, published_only=False).comparators
    expected = from_file("turnover_rate_fte")
    assert comparators.dfe["year"] == 2025
    assert comparators.dfe["england"] == expected["england"] == 11.8
    assert comparators.dfe["region"] == expected["region"]
    assert comparators.dfe["region_name"] == expected["region_name"] == "North East"
    assert comparators.dfe["neighbours"] == expected["neighbours"]
    assert comparators.dfe["council"] == expected["council"]
    assert comparators.local == {}


def test_the_local_rolling_turnover_is_compared_with_dfe_annual_turnover(dfe):
    plan_measure = create_plan_measure(
        create_strand(), "turnover_rate_fte_rolling_12_months", baseline_value=20, target_value=15
    )
    comparators = measure_figures(plan_measure, MONTH, published_only=False).comparators
    assert comparators.dfe["variable"] == "turnover_rate_fte"
    assert comparators.dfe["england"] == 11.8


def test_a_measure_the_dfe_file_does_not_cover_keeps_its_local_comparators_labelled_as_local(dfe):
    plan_measure = create_plan_measure(create_strand(), comparators={"Neighbouring council": 12.5})
    comparators = measure_figures(plan_measure, MONTH, published_only=False).comparators
    assert comparators.dfe is None
    assert comparators.rows == [("Neighbouring council (local)", 12.5)]


def test_the_measure_strand_and_chart_show_the_dfe_comparators(plan_client, leader, dfe):
    plan_measure = create_plan_measure(create_strand(), "vacancy_rate_fte", baseline_value=20, target_value=15)
    publish_period(compute_period(MONTH))
    db.session.commit()
    expected = from_file("vacancy_rate_fte")
    page = plan_client.get("improvement.show_measure", plan_measure_id=plan_measure.id)
    comparator_rows = {
        row.select("td")[0].get_text(strip=True): row.select("td")[1].get_text(strip=True)
        for table in page.select("table")
        if table.select_one("caption") and table.select_one("caption").get_text(strip=True) == "Comparators"
        for row in table.select("tbody tr")
    }
    assert comparator_rows["England 2025"] == f"{expected['england']:.1f}%"
    assert comparator_rows["North East (region) 2025"] == f"{expected['region']:.1f}%"
    assert comparator_rows["Statistical neighbours' average 2025"] == f"{expected['neighbours']:.1f}%"
    description = page.select_one("svg desc").get_text()
    assert f"England 2025: {expected['england']:.1f}" in description
    assert len(page.select("svg line[stroke-dasharray='1 3']")) == 1
    assert [text.get_text() for text in page.select("svg text[font-size='11']")] == [
        "England",
        "Region",
        "Neighbours",
        "Council (DfE)",
    ]
    strand = plan_client.get("improvement.show_strand", strand_id=plan_measure.strand_id)
    row = strand.select("tbody tr")[0].get_text(" ", strip=True)
    assert f"England 2025: {expected['england']:.1f}%" in row


def test_a_published_period_keeps_the_comparators_it_was_published_with(dfe):
    plan_measure = create_plan_measure(create_strand(), "agency_rate_fte", baseline_value=20, target_value=15)
    publish_period(compute_period(date(2025, 12, 1)))
    compute_period(MONTH)
    db.session.execute(
        update(DfeFigure)
        .where(
            DfeFigure.geographic_level == "National",
            DfeFigure.time_period == 2025,
            DfeFigure.variable == "agency_rate_fte",
        )
        .values(value=99.9)
    )
    published = measure_figures(plan_measure, date(2025, 12, 1), published_only=True).comparators
    provisional = measure_figures(plan_measure, MONTH, published_only=False).comparators
    assert published.frozen and published.dfe["england"] == 13.0
    assert not provisional.frozen and provisional.dfe["england"] == 99.9


def test_local_comparators_are_refused_for_a_measure_dfe_covers(plan_client, leader, dfe):
    strand = create_strand()
    data = {
        "measure_id": "turnover_rate_fte",
        "baseline_value": "20",
        "baseline_date": "2025-03-31",
        "target_value": "15",
        "target_date": "2026-03-31",
        "comparators": "England: 11.8",
    }
    page = plan_client.post("improvement.add_plan_measure", data, _expected_status=200, strand_id=strand.id)
    assert error_summary(page) == [
        "This measure is compared with the DfE figures for England, the region and statistical neighbours: "
        "leave the local comparators empty"
    ]
