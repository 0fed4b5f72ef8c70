"""What the benchmarks module answers for other modules through the registry (`modules.provide`).

"census-comparators": (measure_ids) -> {measure_id: comparators} gives, for each registry measure the DfE
figures cover, England, the council's region and the average of its statistical neighbours in the latest
DfE year. "census-benchmarks": () -> a table of every census measure for the council against them, with
its rank and trend since the first DfE year, for the committee pack. Both answer in plain values (numbers,
or DfE's symbol as text such as "[c]"), so that a caller can store them as JSON and freeze them.
"""

from __future__ import annotations

from typing import Any

from workforce.benchmarks import dao
from workforce.benchmarks.constants import CENSUS_MEASURES, CENSUS_MEASURES_BY_VARIABLE, LOCAL_VARIANTS
from workforce.kernel.contract import registry

SOURCE = (
    "Department for Education, Children's social work workforce statistics "
    "(explore-education-statistics.service.gov.uk), and DfE statistical neighbours; "
    "contains public sector information licensed under the Open Government Licence v3.0."
)


def census_variable(measure_id: str) -> str | None:
    """The DfE variable a registry measure compares with: its own identifier for a census-comparable measure,
    or the census measure a local variant (such as rolling 12 months) reports monthly; None otherwise."""
    if measure_id in LOCAL_VARIANTS:
        return LOCAL_VARIANTS[measure_id]
    measures = registry().measures
    if measure_id not in CENSUS_MEASURES_BY_VARIABLE or measure_id not in measures:
        return None
    return measure_id if measures.get(measure_id).census_comparable else None


def _plain(cell: dao.Cell) -> float | str:
    return cell.value if cell.value is not None else cell.text


def census_comparators(measure_ids: list[str]) -> dict[str, dict[str, Any]]:
    """England, region and statistical-neighbour average in the latest DfE year, for each measure the DfE
    figures cover (measures they do not cover are left out). Empty when no DfE figures are loaded."""
    variables = {measure_id: census_variable(measure_id) for measure_id in measure_ids}
    variables = {measure_id: variable for measure_id, variable in variables.items() if variable}
    years = dao.list_years()
    if not variables or not years:
        return {}
    year = years[-1]
    council = dao.get_council(dao.council_la_code())
    comparisons = dao.compare(year, council, sorted(set(variables.values())))
    answers = {}
    for measure_id, variable in variables.items():
        comparison = comparisons[variable]
        rank = comparison.rank
        answers[measure_id] = {
            "source": "DfE",
            "variable": variable,
            "year": year,
            "council_name": council.name if council else None,
            "council": _plain(comparison.council) if council else None,
            "england": _plain(comparison.england),
            "region_name": council.region_name if council else None,
            "region": _plain(comparison.region) if council else None,
            "neighbours": _plain(comparison.neighbour_average) if council else None,
            "neighbour_count": len(comparison.neighbours),
            "rank": list(rank) if rank else None,
        }
    return answers


def census_benchmarks() -> dict[str, Any] | None:
    """Every census measure for the council in the latest DfE year against England, its region and its
    statistical neighbours' average, with its rank among them and its figure in every DfE year.
    None when no DfE figures are loaded."""
    years = dao.list_years()
    if not years:
        return None
    council = dao.get_council(dao.council_la_code())
    variables = [measure.variable for measure in CENSUS_MEASURES]
    by_year = dao.compare_years(years, council, variables)
    latest = by_year[years[-1]]
    rows = []
    for measure in CENSUS_MEASURES:
        comparison = latest[measure.variable]
        rank = comparison.rank
        rows.append(
            {
                "variable": measure.variable,
                "title": measure.title,
                "unit": measure.unit,
                "council": _plain(comparison.council),
                "region": _plain(comparison.region),
                "england": _plain(comparison.england),
                "neighbours": _plain(comparison.neighbour_average),
                "rank": rank[0] if rank else None,
                "out_of": rank[1] if rank else None,
                "trend": {year: _plain(by_year[year][measure.variable].council) for year in years},
            }
        )
    return {
        "year": years[-1],
        "years": years,
        "council_name": council.name if council else None,
        "la_code": council.la_code if council else None,
        "region_name": council.region_name if council else None,
        "neighbours": [neighbour.name for neighbour in dao.neighbours_of(council.la_code)] if council else [],
        "rows": rows,
        "source": SOURCE,
    }
