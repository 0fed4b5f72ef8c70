"""The demo council is set up as a real council would be: `init_council` with a borrowed LA code, and the
census pay items answered, so that its census return validates and its benchmarks have comparators."""

from __future__ import annotations

from workforce.census import settings as census_settings
from workforce.census.constants import OTHER_ALLOWANCES, PAY_ITEMS
from workforce.golive.council import init_council
from workforce.kernel import settings
from workforce.kernel.demo import COUNCIL_NAME

#: Demo Borough Council is not a real council: it borrows Stockport's DfE LA code, so its benchmarks show
#: Stockport's region (North West) and Stockport's statistical neighbours. Every benchmark page says so.
DEMO_LA_CODE = "356"
DEMO_BORROWED_SETTING = "demo_borrowed_la_code"

#: The demo's answers to the census pay and incentive items (0 no, 1 all, 2 some LA-employed social workers).
DEMO_PAY_ITEMS = {
    "RecruitmentBonus": "2",
    "RetentionBonus": "1",
    "PerformanceAward": "0",
    "CarAllowance": "2",
    "RelocationPackage": "2",
    "RegionalWeighting": "0",
    "CostSWE": "1",
    "CostDBS": "1",
    OTHER_ALLOWANCES: "Market supplement for experienced child protection social workers",
}


def seed_council(context) -> None:
    init_council(COUNCIL_NAME, DEMO_LA_CODE)
    settings.put(DEMO_BORROWED_SETTING, DEMO_LA_CODE)
    assert set(DEMO_PAY_ITEMS) == {*PAY_ITEMS, OTHER_ALLOWANCES}
    census_settings.put_pay_items(DEMO_PAY_ITEMS, None)
