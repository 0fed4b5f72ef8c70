"""Caseload settings, read with their defaults (docs/caseloads.md: local policy is a setting, not a constant)."""

from typing import Any

from workforce.caseloads.constants import SETTINGS_DEFAULTS
from workforce.kernel import settings as kernel_settings


def get(key: str) -> Any:
    if key not in SETTINGS_DEFAULTS:
        raise KeyError(f"{key!r} is not a caseload setting.")
    value = kernel_settings.get(key)
    return SETTINGS_DEFAULTS[key] if value is None else value


def put(key: str, value: Any, user_id: int | None = None) -> None:
    if key not in SETTINGS_DEFAULTS:
        raise KeyError(f"{key!r} is not a caseload setting.")
    kernel_settings.put(key, value, user_id)
