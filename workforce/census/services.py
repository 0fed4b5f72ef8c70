"""Changing the census settings, with the audit trail."""

from __future__ import annotations

from workforce.census import settings as census_settings
from workforce.census.constants import SETTING_PREFIX
from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.models import Setting


def save_pay_items(values: dict[str, str | None], user_id: int | None) -> None:
    """Store the pay and incentive items and record each change in the audit trail (flushes, never commits)."""
    before = census_settings.pay_items()
    census_settings.put_pay_items(values, user_id)
    db.session.flush()
    for item, old in before.items():
        new = values.get(item)
        if old != new:
            row = db.session.get(Setting, SETTING_PREFIX + item)
            audit_trail.record(row, audit_trail.Action.UPDATED, {"value": {"before": old, "after": new}})
