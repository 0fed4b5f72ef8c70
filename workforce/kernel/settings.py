"""Council settings stored in the database, each with its default here."""

from __future__ import annotations

from typing import Any

from flask import g, has_app_context
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.models import Setting

DEFAULTS: dict[str, Any] = {
    #: The council's name as shown in the header and on exports.
    "council_name": "Your council",
    #: True while the database holds the generated demo council (shown on every page).
    "demo_mode": False,
}


def _cache() -> dict | None:
    """Every stored setting, read in one query once per request (or app context): the layout asks for some
    on every page and the home page's reminder rules for one each; the table holds a few dozen rows."""
    if not has_app_context():
        return None
    if "wpq_settings" not in g:
        g.wpq_settings = dict(db.session.execute(select(Setting.key, Setting.value)).all())
    return g.wpq_settings


def get(key: str) -> Any:
    cache = _cache()
    if cache is not None:
        freshness.note_read(Setting.__tablename__)
        return cache.get(key, DEFAULTS.get(key))
    row = db.session.get(Setting, key)
    return DEFAULTS.get(key) if row is None else row.value


def put(key: str, value: Any, user_id: int | None = None) -> None:
    row = db.session.get(Setting, key)
    if row is None:
        row = Setting(key=key)
        db.session.add(row)
    row.value = value
    row.updated_at = clock.now()
    row.updated_by_id = user_id
    cache = _cache()
    if cache is not None:
        cache[key] = value
