"""The council's pay and incentive items for the LA-level block, kept as council settings."""

from __future__ import annotations

from workforce.census.constants import OTHER_ALLOWANCES, PAY_ITEMS, SETTING_PREFIX
from workforce.kernel import settings


def pay_items() -> dict[str, str | None]:
    """RecruitmentBonus ... CostDBS (codes 0-2) and OtherAllowances (text), None where not set."""
    values = {item: settings.get(SETTING_PREFIX + item) for item in PAY_ITEMS}
    values[OTHER_ALLOWANCES] = settings.get(SETTING_PREFIX + OTHER_ALLOWANCES)
    return values


def put_pay_items(values: dict[str, str | None], user_id: int | None) -> None:
    for item in (*PAY_ITEMS, OTHER_ALLOWANCES):
        settings.put(SETTING_PREFIX + item, values.get(item), user_id)
