"""The DfE workforce census measures WPQ compares, and the symbols DfE uses in place of numbers."""

from dataclasses import dataclass
from enum import StrEnum

from workforce.kernel.measures import Polarity


class BenchmarksPermission(StrEnum):
    VIEW = "benchmarks.view"
    MANAGE = "benchmarks.manage"


@dataclass(frozen=True)
class CensusMeasure:
    variable: str
    title: str
    unit: str
    polarity: Polarity


CENSUS_MEASURES = [
    CensusMeasure("inpost_fte", "Social workers in post (FTE)", "FTE", Polarity.HIGHER_IS_BETTER),
    CensusMeasure("inpost_headcount", "Social workers in post (headcount)", "people", Polarity.HIGHER_IS_BETTER),
    CensusMeasure("starters_fte", "Starters (FTE)", "FTE", Polarity.NEUTRAL),
    CensusMeasure("leavers_fte", "Leavers (FTE)", "FTE", Polarity.LOWER_IS_BETTER),
    CensusMeasure("turnover_rate_fte", "Turnover rate (FTE)", "%", Polarity.LOWER_IS_BETTER),
    CensusMeasure("agency_fte", "Agency workers (FTE)", "FTE", Polarity.LOWER_IS_BETTER),
    CensusMeasure("agency_rate_fte", "Agency worker rate (FTE)", "%", Polarity.LOWER_IS_BETTER),
    CensusMeasure("agency_cover_rate_fte", "Agency workers covering vacancies (FTE)", "%", Polarity.NEUTRAL),
    CensusMeasure("vacancy_fte", "Vacancies (FTE)", "FTE", Polarity.LOWER_IS_BETTER),
    CensusMeasure("vacancy_rate_fte", "Vacancy rate (FTE)", "%", Polarity.LOWER_IS_BETTER),
    CensusMeasure("case_holders_fte", "Case holders (FTE)", "FTE", Polarity.NEUTRAL),
    CensusMeasure("cases", "Cases held", "cases", Polarity.NEUTRAL),
    CensusMeasure("caseload_fte", "Average caseload (cases per FTE)", "cases", Polarity.LOWER_IS_BETTER),
    CensusMeasure("working_days_lost_fte", "Working days lost to sickness", "days", Polarity.LOWER_IS_BETTER),
    CensusMeasure("absence_rate_fte", "Sickness absence rate", "%", Polarity.LOWER_IS_BETTER),
]
CENSUS_MEASURES_BY_VARIABLE = {measure.variable: measure for measure in CENSUS_MEASURES}

#: Local variants of census measures, for monthly reporting, compared with the DfE figure they stand in for.
LOCAL_VARIANTS = {"turnover_rate_fte_rolling_12_months": "turnover_rate_fte"}

#: DfE's symbols in place of a number (GSS shorthand).
SYMBOLS = {
    "c": "[c] suppressed to protect confidentiality",
    "x": "[x] not available",
    "z": "[z] not applicable",
    "u": "[u] low reliability",
    "low": "[low] fewer than 0.5",
}

NATIONAL = "National"
REGIONAL = "Regional"
LOCAL_AUTHORITY = "Local authority"
INDICATOR_HEADERS = [
    "time_period",
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]
