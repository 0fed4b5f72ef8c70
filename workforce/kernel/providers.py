"""The providers of the module contract: facts one module answers for others without being imported.

Each provider is a named constant with the type of the function behind it, so the module that answers and
the modules that ask agree on one name and one signature instead of repeating a string. A module that cannot
work without a provider says so in `register_module(..., requires=...)`; `create_app` then refuses to start
when no module provides it. A module that only uses a provider when there is one asks `provided()` and
handles None (for example, caseloads fall back to the qualification date without the academy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Provider(Generic[F]):
    """The name a provider is registered under and what it answers; `F` is the function's type."""

    name: str
    description: str

    def __str__(self) -> str:
        return self.name


class MissingProvider(RuntimeError):
    """A module requires a provider that no module registered."""


EARLY_CAREER_STATUS: Provider[Callable[[int, date], bool | None]] = Provider(
    "early-career-status",
    "(staff_id, on) -> whether the person is in their ASYE / early-career year on the day; None without a record",
)
EARLY_CAREER_PERIODS: Provider[Callable[[], dict[int, list[tuple[date, date | None]]]]] = Provider(
    "early-career-periods",
    "() -> every person's early-career periods (first day, day ended or None) by staff id, in one query",
)
LATEST_CASELOAD_CASES: Provider[Callable[[date], list[dict[str, Any]]]] = Provider(
    "latest-caseload-cases",
    "(on_date) -> the allocated cases in the latest caseload snapshot on or before the day",
)
AUDIT_THEMES: Provider[Callable[[], Iterable[dict[str, Any]]]] = Provider(
    "audit-themes", "() -> the case-file audit themes (id, name, audits, url)"
)
CENSUS_COMPARATORS: Provider[Callable[[list[str]], dict[str, dict[str, Any]]]] = Provider(
    "census-comparators",
    "(measure_ids) -> England, region and statistical-neighbour figures for the measures the DfE figures cover",
)
CENSUS_BENCHMARKS: Provider[Callable[[], dict[str, Any] | None]] = Provider(
    "census-benchmarks", "() -> every census measure for the council against its comparators; None without figures"
)
SUPERVISION_POLICY_SUMMARY: Provider[Callable[[], list[tuple[str, str]]]] = Provider(
    "supervision-policy-summary", "() -> the supervision policy in force today as (question, answer) lines"
)
LINK_STAFF_NUMBER: Provider[Callable[[Any, str], str]] = Provider(
    "link-staff-number", "(user, staff_number) -> links a new account to that staff record; returns the name"
)
ACCOUNT_FOR_COUNCIL_SIGN_IN: Provider[Callable[[str], Any]] = Provider(
    "account-for-council-sign-in",
    "(email) -> an account for someone the identity provider signed in who has none yet, or None",
)
