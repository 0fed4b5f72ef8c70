"""The council's first-run settings: its name, its DfE LA code (which picks the benchmarks' region and
statistical neighbours), and the local policies whose defaults it starts with."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.benchmarks import dao as benchmarks_dao
from workforce.benchmarks import services as benchmarks_services
from workforce.caseloads import settings as caseload_settings
from workforce.census import settings as census_settings
from workforce.extensions import db
from workforce.kernel import settings
from workforce.kernel.contract import registry
from workforce.kernel.providers import SUPERVISION_POLICY_SUMMARY


class CouncilError(ValueError):
    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CouncilSummary:
    name: str
    la_code: str | None
    council: benchmarks_dao.Council | None
    neighbours: list[benchmarks_dao.Council]
    caseload_threshold: float
    caseload_amber_from: float
    pay_items_set: int
    pay_items_total: int
    supervision_policy: list[tuple[str, str]]


def ensure_benchmarks() -> None:
    """The DfE figures shipped with WPQ, loaded once, so that an LA code can be checked against them."""
    if benchmarks_dao.latest_release() is None:
        benchmarks_services.load_shipped()
        db.session.flush()


def council_choices() -> list[benchmarks_dao.Council]:
    ensure_benchmarks()
    return benchmarks_dao.list_councils()


def init_council(
    name: str,
    la_code: str | None,
    caseload_threshold: float | None = None,
    caseload_amber_from: float | None = None,
    user_id: int | None = None,
) -> CouncilSummary:
    """Save the council's name and LA code, and the caseload thresholds when given (else their defaults)."""
    name = (name or "").strip()
    if not name:
        raise CouncilError("Enter the council's name")
    if len(name) > 120:
        raise CouncilError("The council's name must be 120 characters or fewer")
    la_code = (la_code or "").strip() or None
    if la_code is not None:
        ensure_benchmarks()
        if benchmarks_dao.get_council(la_code) is None:
            raise CouncilError(
                f"{la_code} is not a council's DfE LA code: use the three digits DfE publishes (for example 202)",
                "la_code",
            )
    threshold = caseload_threshold if caseload_threshold is not None else caseload_settings.get("caseload_threshold")
    amber = caseload_amber_from if caseload_amber_from is not None else caseload_settings.get("caseload_amber_from")
    if not 0 < amber <= threshold:
        raise CouncilError("The amber level must be more than 0 and no more than the threshold", "caseload_amber_from")
    settings.put("council_name", name, user_id)
    if la_code is not None:
        settings.put(benchmarks_dao.LA_CODE_SETTING, la_code, user_id)
    if caseload_threshold is not None:
        caseload_settings.put("caseload_threshold", float(caseload_threshold), user_id)
    if caseload_amber_from is not None:
        caseload_settings.put("caseload_amber_from", float(caseload_amber_from), user_id)
    db.session.flush()
    return summary()


def is_initialised() -> bool:
    return settings.get("council_name") != settings.DEFAULTS["council_name"] and bool(benchmarks_dao.council_la_code())


def summary() -> CouncilSummary:
    la_code = benchmarks_dao.council_la_code()
    council = benchmarks_dao.get_council(la_code)
    pay_items = census_settings.pay_items()
    policy = registry().provided(SUPERVISION_POLICY_SUMMARY)
    return CouncilSummary(
        name=settings.get("council_name"),
        la_code=la_code,
        council=council,
        neighbours=benchmarks_dao.neighbours_of(la_code) if council else [],
        caseload_threshold=float(caseload_settings.get("caseload_threshold")),
        caseload_amber_from=float(caseload_settings.get("caseload_amber_from")),
        pay_items_set=sum(1 for value in pay_items.values() if value is not None),
        pay_items_total=len(pay_items),
        supervision_policy=policy() if policy else [],
    )
