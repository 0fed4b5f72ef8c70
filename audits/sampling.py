"""Audit programmes: the sample frame, sampling by rule, skipping recent audits, and allocation."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from audits.constants import RISK_WEIGHT, AuditStatus, CaseType, QuotaBasis, SampleSource, SamplingMethod
from audits.models import AuditProgramme, CaseAudit
from audits.services import AuditError, allocate_audit, setting, teams_of_auditor
from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.contract import registry
from workforce.kernel.models import Team, User
from workforce.kernel.providers import LATEST_CASELOAD_CASES
from workforce.kernel.refusals import Problems
from workforce.people.models import StaffMember


def caseload_provider():
    return registry().provided(LATEST_CASELOAD_CASES)


def snapshot_cases(on: date) -> list[dict] | None:
    """The latest caseload snapshot's cases, or None when no module provides them."""
    provider = caseload_provider()
    if provider is None:
        return None
    return list(provider(on))


def parse_hand_entered(text: str) -> list[dict]:
    """One case a line: case reference, case type, team name, and optionally the worker's employee number."""
    teams = {team.name.lower(): team.id for team in db.session.execute(select(Team)).scalars()}
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(",")]
        if len(parts) < 3:
            raise AuditError(
                f"Line {number}: enter the case reference, case type and team, separated by commas", "cases"
            )
        reference, case_type, team_name = parts[:3]
        if not reference:
            raise AuditError(f"Line {number}: enter the case reference", "cases")
        try:
            case_type = CaseType(case_type.upper())
        except ValueError:
            codes = ", ".join(code.value for code in CaseType)
            raise AuditError(f"Line {number}: the case type must be one of {codes}", "cases") from None
        team_id = teams.get(team_name.lower())
        if team_id is None:
            raise AuditError(f"Line {number}: there is no team called {team_name}", "cases")
        staff_id = None
        if len(parts) > 3 and parts[3]:
            staff_id = db.session.execute(
                select(StaffMember.id).where(StaffMember.employee_number == parts[3])
            ).scalar()
            if staff_id is None:
                raise AuditError(f"Line {number}: there is no staff member with employee number {parts[3]}", "cases")
        cases.append(
            {
                "case_reference": reference.upper(),
                "case_type": case_type.value,
                "team_id": team_id,
                "staff_id": staff_id,
                "allocation_date": None,
            }
        )
    if not cases:
        raise AuditError("Enter at least one case", "cases")
    return cases


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def recently_audited(references: Sequence[str], since: date) -> set[str]:
    """Case references with an audit allocated on or after `since`."""
    found: set[str] = set()
    references = sorted(set(references))
    for index in range(0, len(references), 500):
        chunk = references[index : index + 500]
        found.update(
            db.session.execute(
                select(CaseAudit.case_reference).where(
                    CaseAudit.case_reference.in_(chunk), CaseAudit.allocated_on >= since
                )
            ).scalars()
        )
    return found


@dataclass
class SampleResult:
    allocated: list[CaseAudit] = field(default_factory=list)
    skipped_recent: list[str] = field(default_factory=list)
    #: Sampled cases no auditor could take without auditing their own team.
    unallocated: list[str] = field(default_factory=list)


def _themed(cases: list[dict], programme: AuditProgramme) -> list[dict]:
    value = programme.sampling_value
    if programme.sampling_method is SamplingMethod.CASE_TYPE:
        return [case for case in cases if case["case_type"] == value]
    if programme.sampling_method is SamplingMethod.TEAM:
        return [case for case in cases if str(case.get("team_id")) == value]
    if programme.sampling_method is SamplingMethod.WORKER:
        return [case for case in cases if str(case.get("staff_id")) == value]
    return cases


def _ordered(cases: list[dict], programme: AuditProgramme, rng: random.Random) -> list[dict]:
    cases = sorted(cases, key=lambda case: case["case_reference"])
    rng.shuffle(cases)
    if programme.sampling_method is SamplingMethod.RISK:
        # Highest-risk case types first; within a type, the case allocated longest ago (drift) first.
        cases.sort(
            key=lambda case: (-RISK_WEIGHT[CaseType(case["case_type"])], case.get("allocation_date") or date.max)
        )
    return cases


def draw_sample(
    programme: AuditProgramme,
    cases: Sequence[dict],
    auditors: Sequence[User],
    source: SampleSource,
    seed: int | None = None,
) -> SampleResult:
    """Sample the programme's cases and allocate them, each to the least-loaded auditor outside its team."""
    if not auditors:
        raise AuditError("Select at least one auditor", "auditors")
    if programme.sampled_at is not None:
        raise AuditError("This programme has already been sampled")
    rng = random.Random(programme.id if seed is None else seed)
    unique = list({str(case["case_reference"]).upper(): case for case in cases}.values())
    since = months_before(programme.start_date, int(setting("audits_skip_recent_months")))
    recent = recently_audited([str(case["case_reference"]).upper() for case in unique], since)
    result = SampleResult(skipped_recent=sorted(recent))
    candidates = _ordered(
        [case for case in _themed(unique, programme) if str(case["case_reference"]).upper() not in recent],
        programme,
        rng,
    )
    load: dict[int, int] = defaultdict(int)
    own_teams = {auditor.id: teams_of_auditor(auditor) for auditor in auditors}

    def auditor_for(case: dict, limit: int | None) -> User | None:
        eligible = [
            auditor
            for auditor in auditors
            if case.get("team_id") not in own_teams[auditor.id] and (limit is None or load[auditor.id] < limit)
        ]
        if not eligible:
            return None
        return min(eligible, key=lambda auditor: (load[auditor.id], auditor.name, auditor.id))

    if programme.quota_basis is QuotaBasis.PER_AUDITOR:
        wanted = programme.quota * len(auditors)
        for case in candidates:
            if len(result.allocated) >= wanted:
                break
            auditor = auditor_for(case, programme.quota)
            if auditor is None:
                result.unallocated.append(case["case_reference"])
                continue
            load[auditor.id] += 1
            result.allocated.append(allocate_audit(case, auditor, programme.due_date, programme=programme))
    else:
        taken: dict[int | None, int] = defaultdict(int)
        for case in candidates:
            if taken[case.get("team_id")] >= programme.quota:
                continue
            auditor = auditor_for(case, None)
            if auditor is None:
                result.unallocated.append(case["case_reference"])
                continue
            taken[case.get("team_id")] += 1
            load[auditor.id] += 1
            result.allocated.append(allocate_audit(case, auditor, programme.due_date, programme=programme))
    before = audit_trail.snapshot(programme)
    programme.sample_source = source
    programme.sampled_at = clock.now()
    db.session.flush()
    audit_trail.record_updated(
        programme,
        before,
        note=f"{len(result.allocated)} cases allocated, {len(result.skipped_recent)} skipped as recently audited",
    )
    return result


def create_programme(**values) -> AuditProgramme:
    if values["end_date"] < values["start_date"]:
        raise AuditError("The end of the programme must be on or after its start", "end_date")
    if values["quota"] < 1:
        raise AuditError("Enter a quota of 1 or more", "quota")
    if values["sampling_method"] in (SamplingMethod.CASE_TYPE, SamplingMethod.TEAM, SamplingMethod.WORKER) and not (
        values.get("sampling_value")
    ):
        raise AuditError("Select what to sample on", "sampling_value")
    programme = AuditProgramme(**values)
    db.session.add(programme)
    audit_trail.record_created(programme)
    return programme


#: The settings the sample is drawn by: fixed once it has been drawn, since the audits came from them.
SAMPLE_SETTINGS = ("period", "start_date", "quota_basis", "quota", "sampling_method", "sampling_value")
SAMPLE_DRAWN_REASON = "The sample has been drawn with these settings, so they cannot change once audits exist"
#: The type of audit decides the form each audit is recorded on: fixed once any audit has started.
AUDIT_STARTED_REASON = "An audit of this programme has started, so the type of audit cannot change"


def sample_drawn(programme: AuditProgramme) -> bool:
    return programme.sampled_at is not None or bool(programme.audits)


def audit_started(programme: AuditProgramme) -> bool:
    return any(audit.status is not AuditStatus.ALLOCATED for audit in programme.audits)


def locked_fields(programme: AuditProgramme) -> dict[str, str]:
    """The programme's fields that cannot change now, each with the reason shown beside it."""
    locked = dict.fromkeys(SAMPLE_SETTINGS, SAMPLE_DRAWN_REASON) if sample_drawn(programme) else {}
    if audit_started(programme):
        locked["audit_type"] = AUDIT_STARTED_REASON
    return locked


def update_programme(programme: AuditProgramme, **values) -> AuditProgramme:
    """Change a programme's name, dates, quota, sampling or type of audit, refusing what can no longer
    change (`locked_fields`) and reporting every problem at once. Audits not yet started follow a new type of
    audit, and those not submitted that were due on the programme's date follow a new due date; the audit
    trail keeps what each said before."""
    problems = Problems()
    for name, reason in locked_fields(programme).items():
        if name in values and values[name] != getattr(programme, name):
            problems.add(reason, name)
    merged = {name: getattr(programme, name) for name in ("start_date", "end_date", "quota", "sampling_method")}
    merged.update(values)
    if merged["end_date"] < merged["start_date"]:
        problems.add("The end of the programme must be on or after its start", "end_date")
    if merged["quota"] < 1:
        problems.add("Enter a quota of 1 or more", "quota")
    needs_value = merged["sampling_method"] in (SamplingMethod.CASE_TYPE, SamplingMethod.TEAM, SamplingMethod.WORKER)
    if needs_value and not values.get("sampling_value", programme.sampling_value):
        problems.add("Select what to sample on", "sampling_value")
    problems.raise_as(AuditError)
    before = audit_trail.snapshot(programme)
    old_due, old_type = programme.due_date, programme.audit_type
    for name, value in values.items():
        setattr(programme, name, value)
    followers = []
    for audit in programme.audits:
        follows_type = audit.status is AuditStatus.ALLOCATED and audit.audit_type is old_type
        follows_due = audit.status is not AuditStatus.SUBMITTED and audit.due_date == old_due
        if (follows_type and programme.audit_type is not old_type) or (follows_due and programme.due_date != old_due):
            followers.append((audit, audit_trail.snapshot(audit)))
            if follows_type:
                audit.audit_type = programme.audit_type
            if follows_due:
                audit.due_date = programme.due_date
    db.session.flush()
    audit_trail.record_updated(programme, before, note="Programme changed")
    audit_trail.record_updated_many(followers, note=f"{programme.name} changed")
    return programme
