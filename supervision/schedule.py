"""Each worker's supervision schedule: next due date, overdue days and month-by-month compliance.

One engine serves the schedule pages, the overdue count and the compliance measures, so a list and a
figure never disagree. Data is loaded in a few bulk queries; the rules are applied per worker.

Rules (LGA Standard 5 with the council's effective-dated policy):
- a schedule starts when a person starts in post and restarts when they return from a long absence;
- after each qualifying session (held, at least the minimum length, not a group session) the next is
  due within the frequency for the worker on that day (newly qualified: weekly, then fortnightly, then
  the standard frequency), or within the frequency of the worker's supervision agreement in force that
  day when it is stricter;
- a worker is overdue on each day past the due date until the next session (the day of a late session
  counts as overdue); days absent in a long absence, and days out of post, are never overdue;
- a worker-month counts when the worker was in post and not paused on at least one day of it, and is
  supervised as policy requires when none of those days was overdue.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, false, or_, select

from supervision.constants import Frequency, ScheduleStatus, SessionStatus, SupervisionType
from supervision.models import Supervision, SupervisionAgreement
from supervision.policy import PolicyTimeline, newly_qualified_check, next_due, stricter
from workforce.extensions import db
from workforce.kernel import freshness
from workforce.kernel.dates import months_between
from workforce.people.constants import CensusRole
from workforce.people.measures import days_between
from workforce.people.models import Absence, Assignment, StaffMember

#: Practitioners and first-line managers are supervised under the policy; senior and middle managers
#: have their own arrangements.
SUPERVISED_ROLES = (
    CensusRole.FIRST_LINE_MANAGER,
    CensusRole.SENIOR_PRACTITIONER,
    CensusRole.CASE_HOLDER,
    CensusRole.QUALIFIED_WITHOUT_CASES,
)
#: Group reflective sessions add to, but do not replace, individual supervision.
COUNTED_TYPES = (SupervisionType.INDIVIDUAL, SupervisionType.CASE, SupervisionType.ASYE)
#: "Due soon" means due within this many days.
DUE_SOON_DAYS = 7

Span = tuple[date, date]


@dataclass
class Posting:
    team_id: int
    start: date
    end: date | None


@dataclass
class WorkerHistory:
    """What the schedule of one worker depends on."""

    staff_id: int
    name: str
    qualification_date: date | None
    postings: list[Posting] = field(default_factory=list)
    absences: list[tuple[date, date | None]] = field(default_factory=list)
    #: Held sessions as (date, minutes, type), in date order.
    sessions: list[tuple[date, int | None, SupervisionType]] = field(default_factory=list)
    #: Supervision agreements as (first day, day ended or None, agreed frequency), in start order.
    agreements: list[tuple[date, date | None, Frequency]] = field(default_factory=list)

    def agreed_frequency(self, day: date) -> Frequency | None:
        """The frequency of the agreement in force on `day` (the latest started, when several overlap)."""
        agreed = None
        for start, end, frequency in self.agreements:
            if start <= day and (end is None or day <= end):
                agreed = frequency
        return agreed

    def team_on(self, day: date) -> int | None:
        for posting in reversed(self.postings):
            if posting.start <= day and (posting.end is None or posting.end >= day):
                return posting.team_id
        return None


def _merge(spans: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    merged: list[list] = []
    for start, end in sorted(spans, key=lambda span: span[0]):
        if merged and (merged[-1][1] is None or start <= merged[-1][1] + timedelta(days=1)):
            if merged[-1][1] is not None and (end is None or end > merged[-1][1]):
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    result = []
    for start, end in spans:
        pieces = [(start, end)]
        for hole_start, hole_end in holes:
            next_pieces = []
            for piece_start, piece_end in pieces:
                if hole_end < piece_start or hole_start > piece_end:
                    next_pieces.append((piece_start, piece_end))
                    continue
                if hole_start > piece_start:
                    next_pieces.append((piece_start, hole_start - timedelta(days=1)))
                if hole_end < piece_end:
                    next_pieces.append((hole_end + timedelta(days=1), piece_end))
            pieces = next_pieces
        result.extend(pieces)
    return result


def _intersect(spans: list[Span], start: date, end: date) -> list[Span]:
    return [(max(s, start), min(e, end)) for s, e in spans if s <= end and e >= start]


class WorkerSchedule:
    """The schedule of one worker up to `horizon`, under the policies and newly-qualified answers given."""

    def __init__(
        self,
        worker: WorkerHistory,
        policies: PolicyTimeline,
        horizon: date,
        newly_qualified: Callable[[int, date | None, date], bool],
    ):
        self.worker = worker
        self.horizon = horizon
        far = horizon
        self.employment = [(start, end or far) for start, end in _merge((p.start, p.end) for p in worker.postings)]
        self.employment = [(start, end) for start, end in self.employment if start <= far]
        self.first_start = self.employment[0][0] if self.employment else None
        self.long_absences: list[Span] = []
        for start, end in worker.absences:
            if start > far:
                continue
            last = min(end, far) if end else far
            if (last - start).days + 1 >= policies.on(start).long_absence_days:
                self.long_absences.append((start, last))
        self.eligible = _subtract(self.employment, self.long_absences)
        self.held = sorted(
            day
            for day, minutes, kind in worker.sessions
            if day <= far
            and kind in COUNTED_TYPES
            and minutes is not None
            and minutes >= policies.on(day).minimum_minutes
        )
        # Anchors: (date, is_session). Starts in post and returns from long absence restart the schedule.
        anchors = {start: False for start, _ in self.employment}
        for _, end in self.long_absences:
            if end < far:
                anchors.setdefault(end + timedelta(days=1), False)
        for day in self.held:
            anchors[day] = True
        self.anchors = sorted(anchors.items())
        self._anchor_days = [day for day, _ in self.anchors]
        self._policies, self._newly_qualified = policies, newly_qualified
        self._dues: list[date | None] = [None] * len(self.anchors)
        self._overdue: list[Span] | None = None

    def _due_after(self, index: int) -> date:
        """The due date after the anchor at `index`, worked out the first time it is asked for: the status on
        one day needs only the last anchor's, month-by-month compliance all of them."""
        due = self._dues[index]
        if due is None:
            day = self.anchors[index][0]
            since = self._newly_qualified_since(day, self._newly_qualified)
            frequency = stricter(self._policies.on(day).frequency_for(since, day), self.worker.agreed_frequency(day))
            due = self._dues[index] = next_due(day, frequency)
        return due

    @property
    def dues(self) -> list[date]:
        return [self._due_after(index) for index in range(len(self.anchors))]

    @property
    def overdue(self) -> list[Span]:
        """The days overdue up to the horizon (worked out once, when first asked for)."""
        if self._overdue is None:
            raw: list[Span] = []
            for index, due in enumerate(self.dues):
                if index + 1 < len(self.anchors):
                    next_day, is_session = self.anchors[index + 1]
                    last = next_day if is_session else next_day - timedelta(days=1)
                else:
                    last = self.horizon
                if last > due:
                    raw.append((due + timedelta(days=1), last))
            self._overdue = self._within(_subtract(raw, self.long_absences), self.employment)
        return self._overdue

    @staticmethod
    def _within(spans: list[Span], allowed: list[Span]) -> list[Span]:
        pieces = []
        for start, end in allowed:
            pieces.extend(_intersect(spans, start, end))
        return pieces

    def _newly_qualified_since(self, day: date, newly_qualified) -> date | None:
        if not newly_qualified(self.worker.staff_id, self.worker.qualification_date, day):
            return None
        candidates = [self.first_start or day]
        if self.worker.qualification_date:
            candidates.append(self.worker.qualification_date)
        return max(candidates)

    # -- questions on a day --------------------------------------------------------------------------

    def employed_on(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.employment)

    def paused_on(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.long_absences)

    def last_held_on(self, day: date) -> date | None:
        index = bisect.bisect_right(self.held, day)
        return self.held[index - 1] if index else None

    def due_on(self, day: date) -> date | None:
        """The date the next session is due by, as it stands on `day` (None when paused or out of post)."""
        if not self.employed_on(day) or self.paused_on(day):
            return None
        index = bisect.bisect_right(self._anchor_days, day)
        return self._due_after(index - 1) if index else None

    def status_on(self, day: date) -> ScheduleStatus | None:
        if not self.employed_on(day):
            return ScheduleStatus.LEFT if self.first_start and self.first_start < day else None
        if self.paused_on(day):
            return ScheduleStatus.PAUSED
        due = self.due_on(day)
        if due is None:
            return None
        if day > due:
            return ScheduleStatus.OVERDUE
        if (due - day).days <= DUE_SOON_DAYS:
            return ScheduleStatus.DUE_SOON
        return ScheduleStatus.ON_TRACK

    def month_result(self, month_start: date, month_end: date) -> bool | None:
        """True when supervised as policy requires in the month, False when not, None when not counted."""
        month_end = min(month_end, self.horizon)
        if month_end < month_start:
            return None
        eligible = _intersect(self.eligible, month_start, month_end)
        if not eligible:
            return None
        return not self._within(self.overdue, eligible)

    def last_eligible_day(self, month_start: date, month_end: date) -> date | None:
        eligible = _intersect(self.eligible, month_start, min(month_end, self.horizon))
        return eligible[-1][1] if eligible else None


# -- loading --------------------------------------------------------------------------------------------


def supervised_staff_query(
    start: date, end: date, team_ids: Iterable[int] | None = None, staff_ids: Iterable[int] | None = None
):
    """Ids of staff in a supervised role in post at some time between the dates, in the teams given or
    among the people given (None for both: everyone)."""
    query = select(Assignment.staff_id).where(
        Assignment.census_role.in_(SUPERVISED_ROLES),
        Assignment.start_date <= end,
        (Assignment.end_date.is_(None)) | (Assignment.end_date >= start),
    )
    if team_ids is not None or staff_ids is not None:
        conditions = [false()]
        if team_ids:
            conditions.append(Assignment.team_id.in_(sorted(team_ids)))
        if staff_ids:
            conditions.append(Assignment.staff_id.in_(sorted(staff_ids)))
        query = query.where(or_(*conditions))
    return query.distinct()


def load_histories(
    start: date,
    end: date,
    team_ids: Iterable[int] | None = None,
    staff_ids: Iterable[int] | None = None,
    policies: PolicyTimeline | None = None,
) -> list[WorkerHistory]:
    """Everything the schedules of the workers in post between the dates depend on, in six queries.

    With `policies`, only each worker's last qualifying session on or before `end` is loaded (found in
    SQL, one aggregate per policy in force): enough for the status, due date and last session on `end`,
    which depend only on the last anchor, and the same however many years of sessions are on record."""
    staff_ids = supervised_staff_query(start, end, team_ids, staff_ids).subquery()
    workers = {
        row.id: WorkerHistory(row.id, f"{row.first_name} {row.last_name}", row.qualification_date)
        for row in db.session.execute(
            select(StaffMember.id, StaffMember.first_name, StaffMember.last_name, StaffMember.qualification_date)
            .where(StaffMember.id.in_(select(staff_ids.c.staff_id)))
            .order_by(StaffMember.last_name, StaffMember.first_name)
        )
    }
    for row in db.session.execute(
        select(Assignment.staff_id, Assignment.team_id, Assignment.start_date, Assignment.end_date)
        .where(Assignment.staff_id.in_(select(staff_ids.c.staff_id)), Assignment.census_role.in_(SUPERVISED_ROLES))
        .order_by(Assignment.start_date)
    ):
        workers[row.staff_id].postings.append(Posting(row.team_id, row.start_date, row.end_date))
    absences = select(Absence.staff_id, Absence.start_date, Absence.end_date).where(
        Absence.staff_id.in_(select(staff_ids.c.staff_id)), Absence.start_date <= end, Absence.withdrawn_at.is_(None)
    )
    if policies is not None:  # only a long absence changes the status on `end`: leave the short ones out
        counted_to = case((or_(Absence.end_date.is_(None), Absence.end_date > end), end), else_=Absence.end_date)
        absences = absences.where(days_between(Absence.start_date, counted_to) + 1 >= policies.shortest_long_absence())
    for row in db.session.execute(absences):
        workers[row.staff_id].absences.append((row.start_date, row.end_date))
    for row in db.session.execute(
        select(
            SupervisionAgreement.supervisee_id,
            SupervisionAgreement.starts_on,
            SupervisionAgreement.ended_on,
            SupervisionAgreement.frequency,
        )
        .where(
            SupervisionAgreement.supervisee_id.in_(select(staff_ids.c.staff_id)), SupervisionAgreement.starts_on <= end
        )
        .order_by(SupervisionAgreement.starts_on, SupervisionAgreement.id)
    ):
        workers[row.supervisee_id].agreements.append((row.starts_on, row.ended_on, row.frequency))
    if policies is not None:
        for staff_id, held_on in _last_qualifying_sessions(staff_ids, end, policies).items():
            minutes = policies.on(held_on).minimum_minutes
            workers[staff_id].sessions.append((held_on, minutes, SupervisionType.INDIVIDUAL))
        return list(workers.values())
    for row in db.session.execute(
        select(
            Supervision.supervisee_id, Supervision.held_on, Supervision.duration_minutes, Supervision.supervision_type
        )
        .where(
            Supervision.supervisee_id.in_(select(staff_ids.c.staff_id)),
            Supervision.status == SessionStatus.HELD,
            Supervision.superseded_at.is_(None),
            Supervision.held_on <= end,
        )
        .order_by(Supervision.held_on)
    ):
        workers[row.supervisee_id].sessions.append((row.held_on, row.duration_minutes, row.supervision_type))
    return list(workers.values())


def _last_qualifying_sessions(staff_ids, end: date, policies: PolicyTimeline) -> dict[int, date]:
    """Staff id -> the date of their last session on or before `end` that counts under the policy in force
    on its day (a counted type, at least the policy's minimum length).

    `staff_ids` is a subquery with a `staff_id` column. For each policy in force, one query asks, for each
    worker, for their latest such session (a correlated ORDER BY ... LIMIT 1, which walks the
    (supervisee, held on) index backwards from `end` and stops at the first that counts)."""
    latest: dict[int, date] = {}
    for first, last, minimum in policies.spans(end):
        conditions = [
            Supervision.supervisee_id == staff_ids.c.staff_id,
            Supervision.held_on <= last,
            Supervision.status == SessionStatus.HELD,
            Supervision.superseded_at.is_(None),
            Supervision.supervision_type.in_(COUNTED_TYPES),
            Supervision.duration_minutes >= minimum,
        ]
        if first is not None:
            conditions.append(Supervision.held_on >= first)
        held = (
            select(Supervision.held_on)
            .where(*conditions)
            .order_by(Supervision.held_on.desc())
            .limit(1)
            .correlate(staff_ids)
            .scalar_subquery()
        )
        for staff_id, held_on in db.session.execute(select(staff_ids.c.staff_id, held)):
            if held_on is not None and (staff_id not in latest or held_on > latest[staff_id]):
                latest[staff_id] = held_on
    return latest


def schedules(
    start: date,
    end: date,
    team_ids: Iterable[int] | None = None,
    staff_ids: Iterable[int] | None = None,
    status_only: bool = False,
) -> list[WorkerSchedule]:
    """The schedules, to `end`, of workers in a supervised role between the dates (in the teams or among
    the people given).

    `status_only` loads just what the status on `end` needs (see `load_histories`): the working lists use
    it; month-by-month compliance needs the whole history."""
    policies = PolicyTimeline.load()
    check = newly_qualified_check()
    histories = load_histories(start, end, team_ids, staff_ids, policies if status_only else None)
    return [WorkerSchedule(worker, policies, end, check) for worker in histories]


def each_worker_month(
    items: list[WorkerSchedule], start: date, end: date, team_ids: frozenset[int] | None
) -> Iterator[tuple[WorkerSchedule, date, int | None, bool, bool]]:
    """(schedule, month start, team the month counts in, supervised as required, newly qualified) for each
    counted worker-month in the teams: what the figures count and their drill-down lists."""
    check = newly_qualified_check()
    for schedule in items:
        for month_start, month_end in months_between(start, end):
            outcome = schedule.month_result(month_start, month_end)
            if outcome is None:
                continue
            last_day = schedule.last_eligible_day(month_start, month_end)
            team = schedule.worker.team_on(last_day)
            if team_ids is not None and team not in team_ids:
                continue
            newly_qualified = check(schedule.worker.staff_id, schedule.worker.qualification_date, last_day)
            yield schedule, month_start, team, outcome, newly_qualified


def counted_months(items: list[WorkerSchedule], start: date, end: date) -> list[tuple[int | None, bool, bool]]:
    """(team the month counts in, supervised as required, newly qualified) for every counted worker-month,
    in every team (the measures keep their scope's)."""
    return [
        (team, outcome, newly_qualified)
        for _, _, team, outcome, newly_qualified in each_worker_month(items, start, end, None)
    ]


def schedule_rows(on: date, team_ids=None, staff_ids=None) -> list[dict]:
    """One row per worker in post on the date, with their last session, next due date and status.

    A working list: a team's or a supervisor's is read from the records on every request (each worker's
    last qualifying session is found in SQL), so it is right the moment a session is saved. The whole
    council's (senior leaders, HR) covers every worker, so it is kept with the generations of the tables it
    reads (`freshness.kept`): just as right the moment a save to one of them commits, and not recomputed for
    a sign-in or a save elsewhere."""
    teams = None if team_ids is None else frozenset(team_ids)
    staff = None if staff_ids is None else frozenset(staff_ids)
    if teams is None and staff is None:
        rows = freshness.kept(("supervision.schedule-rows", on), lambda: _compute_schedule_rows(on))
        return [dict(row) for row in rows]
    rows = freshness.for_this_request(
        ("supervision.schedule-rows", on, teams, staff), lambda: _compute_schedule_rows(on, teams, staff)
    )
    return [dict(row) for row in rows]


def _compute_schedule_rows(on: date, team_ids=None, staff_ids=None) -> list[dict]:
    rows = []
    for item in schedules(on, on, team_ids, staff_ids, status_only=True):
        status = item.status_on(on)
        if status in (None, ScheduleStatus.LEFT):
            continue
        team_id = item.worker.team_on(on)
        if team_ids is not None and team_id not in team_ids and item.worker.staff_id not in (staff_ids or ()):
            continue
        rows.append(
            {
                "staff_id": item.worker.staff_id,
                "name": item.worker.name,
                "team_id": team_id,
                "last_held_on": item.last_held_on(on),
                "due_on": item.due_on(on),
                "status": status,
            }
        )
    rows.sort(key=lambda row: (row["due_on"] or date.max, row["name"]))
    return rows
