"""Council settings stored in the database, each with its default here."""

from __future__ import annotations

from typing import Any

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import Setting

DEFAULTS: dict[str, Any] = {
    #: The council's name as shown in the header and on exports.
    "council_name": "Your council",
    #: True while the database holds the generated demo council (shown on every page).
    "demo_mode": False,
}


def get(key: str) -> Any:
    row = db.session.get(Setting, key)
    if row is None:
        return DEFAULTS.get(key)
    return row.value


def put(key: str, value: Any, user_id: int | None = None) -> None:
    row = db.session.get(Setting, key)
    if row is None:
        row = Setting(key=key)
        db.session.add(row)
    row.value = value
    row.updated_at = clock.now()
    row.updated_by_id = user_id
