"""The demo council's workforce: posts per team and five years of starters, leavers, agency cover and absence.

Each post's history is a run of council-employed occupants separated by vacancies; some vacancies are
covered by agency workers. Rates land in the range councils report (England 2025: turnover 11.8%,
vacancy 14.2%, agency 13.0%, absence 3.5%). Everything comes from `context.rng`, so the same seed and
as-of date give the same workforce. Rows are bulk-inserted, so the large council loads in seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert, update

from workforce.extensions import db
from workforce.kernel.roles import Role
from workforce.kernel.working_days import add_working_days
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    LeaverDestination,
    QualificationLevel,
    ReasonForLeaving,
    RegistrationStatus,
    Sex,
    StartOrigin,
)
from workforce.people.demo.names import (
    DESTINATION_WEIGHTS,
    ETHNICITY_WEIGHTS,
    FIRST_NAMES,
    LAST_NAMES,
    REASON_WEIGHTS,
    ROLE_TITLES,
    START_ORIGIN_WEIGHTS,
)
from workforce.people.models import DEFAULT_STANDARD_HOURS, Absence, Assignment, Post, StaffMember, SurveyResult
from workforce.people.services import STAFF_FIELDS

YEARS = 5
#: Posts per team (besides the team manager): senior practitioners and case holders, by size.
POSTS_PER_TEAM = {"small": (2, 10), "large": (4, 21)}
#: Mean years a council-employed social worker stays in a post; with early leavers about 12% leave a year.
MEAN_TENURE_YEARS = 11.0
#: People in hard-to-fill posts move on sooner.
HARD_TO_FILL_TENURE_YEARS = 5.0
#: Agency workers engaged for extra capacity (not in a vacant post), as a share of each team's posts.
EXTRA_AGENCY_SHARE = 0.08
#: Share of posts that are hard to fill: their vacancies last long and are mostly covered by agency.
HARD_TO_FILL_SHARE = 0.3


def _weighted(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _seasonal_start(rng, day: date, origin: StartOrigin) -> date:
    """Newly qualified social workers mostly start in September or October, after graduating."""
    if origin is StartOrigin.NEWLY_QUALIFIED and rng.random() < 0.7:
        year = day.year if day.month <= 9 else day.year + 1
        return date(year, rng.choice((9, 10)), rng.randint(1, 28))
    return day


def _seasonal_leave(rng, day: date) -> date:
    """Many leave at the end of the summer or the year: pull some leaving dates to 31 August or 31 December."""
    if rng.random() < 0.3:
        for target in (date(day.year, 8, 31), date(day.year, 12, 31)):
            if day <= target <= day + timedelta(days=150):
                return target
    return day


@dataclass
class Workforce:
    """Rows made so far, inserted in bulk at the end."""

    staff: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)
    absences: list[dict] = field(default_factory=list)
    #: Index into `staff` of the occupant of each team manager post now, by team id.
    team_manager: dict[int, int] = field(default_factory=dict)
    sequence: int = 0


class WorkforceBuilder:
    def __init__(self, context) -> None:
        self.context = context
        self.rng = context.rng
        self.as_of: date = context.as_of
        self.first_day = self.as_of - timedelta(days=365 * YEARS)
        self.rows = Workforce()

    def new_person(self, started: date, origin: StartOrigin | None, agency: bool, role: CensusRole) -> int:
        rng = self.rng
        self.rows.sequence += 1
        number = self.rows.sequence
        qualified_years = 0.3 if origin is StartOrigin.NEWLY_QUALIFIED else rng.uniform(1, 20)
        if role is CensusRole.FIRST_LINE_MANAGER:
            qualified_years += 6
        qualification_date = started - timedelta(days=int(qualified_years * 365))
        part_time = not agency and rng.random() < 0.16
        contracted = rng.choice((18.5, 29.6, 30.0, 33.3, 33.3)) if part_time else DEFAULT_STANDARD_HOURS
        employment = EmploymentType.AGENCY
        if not agency:
            employment = _weighted(
                rng, [(EmploymentType.PERMANENT, 90), (EmploymentType.FIXED_TERM, 7), (EmploymentType.SECONDMENT, 3)]
            )
        self.rows.staff.append(
            {
                "employee_number": f"{'AG' if agency else 'E'}{number:06d}",
                "first_name": rng.choice(FIRST_NAMES),
                "last_name": rng.choice(LAST_NAMES),
                "swe_number": f"SW{70000 + number * 7}",
                "date_of_birth": qualification_date - timedelta(days=rng.randint(22, 40) * 365 + rng.randint(0, 364)),
                "sex": Sex.FEMALE if rng.random() < 0.84 else Sex.MALE,
                "ethnicity": _weighted(rng, ETHNICITY_WEIGHTS),
                "qualification_level": _weighted(
                    rng,
                    [
                        (QualificationLevel.UNDERGRADUATE, 55),
                        (QualificationLevel.POSTGRADUATE, 40),
                        (QualificationLevel.OTHER, 5),
                    ],
                ),
                "qualification_date": qualification_date,
                "step_up": rng.random() < 0.04,
                "frontline": rng.random() < 0.05,
                "employment_type": employment,
                "contracted_hours": contracted,
                "standard_hours": DEFAULT_STANDARD_HOURS,
            }
        )
        return len(self.rows.staff) - 1

    def assign(self, person: int, post: dict, start: date, end: date | None, origin, leaving: bool) -> None:
        staff = self.rows.staff[person]
        fte = round(min(1.0, staff["contracted_hours"] / staff["standard_hours"], post["budgeted_fte"]), 4)
        # DfE: FTE is contracted hours / standard hours. A person in post in a part-time post is contracted
        # for its hours, so the staff record and the assignment agree (`wpq data check`).
        in_post = end is None or end > self.as_of
        if in_post and abs(staff["contracted_hours"] / staff["standard_hours"] - fte) > 0.0005:
            staff["contracted_hours"] = round(fte * staff["standard_hours"], 2)
        self.rows.assignments.append(
            {
                "person": person,
                "post": post,
                "census_role": post["census_role"],
                "employment_type": staff["employment_type"],
                "fte": fte,
                "case_holding": post["case_holding"],
                "start_date": start,
                "start_origin": origin,
                "end_date": end,
                "is_leaving": leaving,
                "reason_for_leaving": _weighted(self.rng, REASON_WEIGHTS) if leaving else None,
                "leaver_destination": _weighted(self.rng, DESTINATION_WEIGHTS) if leaving else None,
            }
        )
        staff["last_day"] = end
        staff.setdefault("posts", []).append(post)

    def occupant_history(self, post: dict) -> None:
        """Occupants and vacancies of one post from five years ago to the as-of date."""
        rng = self.rng
        hard = post["hard_to_fill"]
        day = self.first_day
        occupied = rng.random() < (0.55 if hard else 0.92)
        while day <= self.as_of:
            if occupied:
                origin = _weighted(rng, START_ORIGIN_WEIGHTS)
                if day == self.first_day:
                    # Already in post when the history begins: started some years before.
                    start = day - timedelta(days=rng.randint(30, 365 * 12))
                else:
                    start = _seasonal_start(rng, day, origin)
                tenure = rng.expovariate(1 / (HARD_TO_FILL_TENURE_YEARS if hard else MEAN_TENURE_YEARS)) * 365
                if rng.random() < 0.05:
                    tenure = rng.uniform(60, 360)  # some leave within their first year
                end = _seasonal_leave(rng, start + timedelta(days=int(tenure)))
                person = self.new_person(start, origin, agency=False, role=post["census_role"])
                if end >= self.as_of:
                    self.assign(person, post, start, None, origin, leaving=False)
                    if post["census_role"] is CensusRole.FIRST_LINE_MANAGER:
                        self.rows.team_manager[post["team_id"]] = person
                    return
                self.assign(person, post, start, end, origin, leaving=True)
                day = end + timedelta(days=1)
                occupied = False
            else:
                months = rng.uniform(8, 30) if hard else rng.uniform(1, 6)
                vacant_until = day + timedelta(days=int(months * 30))
                if rng.random() < (0.95 if hard else 0.8):
                    self.agency_cover(post, day + timedelta(days=rng.randint(7, 30)), vacant_until)
                day = vacant_until + timedelta(days=1)
                occupied = True

    def extra_capacity(self, team_id: int, posts: int) -> None:
        """Agency workers engaged for extra capacity in a team, in no post: they cover no vacancy."""
        rng = self.rng
        slots = sum(1 for _ in range(posts) if rng.random() < EXTRA_AGENCY_SHARE)
        capacity = {
            "id": None,
            "team_id": team_id,
            "census_role": CensusRole.CASE_HOLDER,
            "budgeted_fte": 1.0,
            "case_holding": True,
        }
        for _ in range(slots):
            start = self.first_day + timedelta(days=rng.randint(0, 365 * YEARS))
            self.agency_cover(capacity, start, start + timedelta(days=rng.randint(120, 900)))

    def agency_cover(self, post: dict, start: date, vacant_until: date) -> None:
        """Agency workers covering a vacancy, one after another (they often change every few months)."""
        rng = self.rng
        while start <= min(vacant_until, self.as_of):
            stint_end = start + timedelta(days=int(rng.uniform(90, 420)))
            end = min(stint_end, vacant_until)
            person = self.new_person(start, None, agency=True, role=post["census_role"])
            self.assign(person, post, start, None if end >= self.as_of else end, None, leaving=end < self.as_of)
            start = end + timedelta(days=1)

    def absences_for(self, person: int, start: date, end: date | None) -> None:
        """Sickness (short spells and some long-term), training, and some maternity leave."""
        rng = self.rng
        first = max(start, self.first_day)
        last = min(end or self.as_of, self.as_of)
        years = max(0.0, (last - first).days / 365)
        if years <= 0:
            return
        spells: list[tuple[AbsenceReason, int]] = []
        for _ in range(self._poisson(1.6 * years)):
            spells.append((AbsenceReason.SICKNESS, rng.choice((1, 1, 2, 3, 3, 5))))
        for _ in range(self._poisson(0.1 * years)):
            spells.append((AbsenceReason.SICKNESS, rng.randint(20, 90)))
        for _ in range(self._poisson(0.6 * years)):
            spells.append((AbsenceReason.TRAINING, rng.randint(1, 3)))
        if rng.random() < 0.03 * years:
            spells.append((AbsenceReason.MATERNITY_PATERNITY, rng.randint(60, 200)))
        if rng.random() < 0.05 * years:
            spells.append((rng.choice((AbsenceReason.OTHER_PAID, AbsenceReason.UNPAID_AUTHORISED)), 1))
        taken: list[tuple[date, date]] = []
        for reason, length in spells:
            begin = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
            finish = add_working_days(begin, length - 1) if length < 20 else begin + timedelta(days=int(length * 1.4))
            finish = min(finish, last)
            ongoing = finish >= self.as_of
            if ongoing and reason is not AbsenceReason.SICKNESS:
                continue
            if any(begin <= other_end and finish >= other_start for other_start, other_end in taken):
                continue
            taken.append((begin, finish))
            self.rows.absences.append(
                {"person": person, "reason": reason, "start_date": begin, "end_date": None if ongoing else finish}
            )

    def _poisson(self, mean: float) -> int:
        # Knuth's method: small means only.
        limit, count, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            count += 1
            product *= self.rng.random()
        return count


def seed_workforce(context) -> None:
    if not context.teams:
        return
    builder = WorkforceBuilder(context)
    rng = context.rng
    senior_count, case_holder_count = POSTS_PER_TEAM["large" if context.large else "small"]
    post_rows: list[dict] = []
    for team_index, team in enumerate(context.teams, start=1):
        roles = [CensusRole.FIRST_LINE_MANAGER] + [CensusRole.SENIOR_PRACTITIONER] * senior_count
        roles += [CensusRole.CASE_HOLDER] * (case_holder_count + rng.randint(-2, 2))
        builder.extra_capacity(team.id, len(roles))
        for number, role in enumerate(roles, start=1):
            title, grade = ROLE_TITLES[role]
            post_rows.append(
                {
                    "post_number": f"CSC-{team_index:03d}-{number:03d}",
                    "team_id": team.id,
                    "census_role": role,
                    "job_title": title,
                    "grade": grade,
                    "budgeted_fte": 0.5 if role is CensusRole.CASE_HOLDER and rng.random() < 0.05 else 1.0,
                    "case_holding": role is not CensusRole.FIRST_LINE_MANAGER,
                    "funded_from": date(2015, 4, 1),
                    "funded_to": None,
                    "hard_to_fill": role is not CensusRole.FIRST_LINE_MANAGER and rng.random() < HARD_TO_FILL_SHARE,
                }
            )
    post_ids = db.session.execute(
        insert(Post).returning(Post.id, sort_by_parameter_order=True),
        [{key: value for key, value in row.items() if key != "hard_to_fill"} for row in post_rows],
    ).scalars()
    for row, post_id in zip(post_rows, post_ids, strict=True):
        row["id"] = post_id
    demo_posts = _demo_posts(context, post_rows)
    for index, post in enumerate(post_rows):
        if index in demo_posts:
            _demo_post_history(context, builder, post, demo_posts[index])
        else:
            builder.occupant_history(post)
    for assignment in builder.rows.assignments:
        staff = builder.rows.staff[assignment["person"]]
        if staff["employment_type"] is not EmploymentType.AGENCY:
            builder.absences_for(assignment["person"], assignment["start_date"], assignment["end_date"])
    _every_code_used(builder)
    _registration(builder)
    _insert(builder)
    _survey_results(context)


SURVEY_QUESTIONS = (
    "I feel valued for the work I do",
    "My caseload is manageable",
    "I receive regular, good quality supervision",
    "I would recommend this council as a place to work",
)


def _survey_results(context) -> None:
    """Two staff surveys a year for three years; a few small teams fall under the suppression threshold."""
    rng, rows = context.rng, []
    for years_ago in range(3):
        for month in (3, 9):
            survey_date = date(context.as_of.year - years_ago, month, 30 if month == 9 else 31)
            if survey_date > context.as_of:
                continue
            for team in context.teams:
                responses = rng.randint(3, 14)
                for question in SURVEY_QUESTIONS:
                    base = {"My caseload is manageable": 48}.get(question, 66)
                    rows.append(
                        {
                            "team_id": team.id,
                            "survey_date": survey_date,
                            "question": question,
                            "percent_agreeing": round(min(100.0, max(0.0, rng.gauss(base + years_ago * -3, 12))), 0),
                            "responses": responses,
                        }
                    )
    if rows:
        db.session.execute(insert(SurveyResult), rows)


def _every_code_used(builder: WorkforceBuilder) -> None:
    """Make sure the demo has leavers with every census reason and destination, and starters from every origin."""
    leavers = [
        row
        for row in builder.rows.assignments
        if row["is_leaving"] and row["employment_type"] is not EmploymentType.AGENCY
    ]
    for row, reason in zip(leavers, ReasonForLeaving, strict=False):
        row["reason_for_leaving"] = reason
    for row, destination in zip(reversed(leavers), LeaverDestination, strict=False):
        row["leaver_destination"] = destination


DEMO_ROLES = (
    (Role.TEAM_MANAGER, CensusRole.FIRST_LINE_MANAGER),
    (Role.PRACTICE_SUPERVISOR, CensusRole.SENIOR_PRACTITIONER),
    (Role.SOCIAL_WORKER, CensusRole.CASE_HOLDER),
)


def _demo_posts(context, post_rows: list[dict]) -> dict[int, Role]:
    """The home-team posts the demo team manager, practice supervisor and social worker hold, by post index."""
    manager_user = context.users.get(Role.TEAM_MANAGER)
    if manager_user is None or not manager_user.managed_teams:
        return {}
    home_team_id = manager_user.managed_teams[0].id
    chosen: dict[int, Role] = {}
    for role, census_role in DEMO_ROLES:
        if context.users.get(role) is None:
            continue
        for index, row in enumerate(post_rows):
            if row["team_id"] == home_team_id and row["census_role"] is census_role and index not in chosen:
                chosen[index] = role
                row["hard_to_fill"] = False
                break
    return chosen


def _demo_post_history(context, builder: WorkforceBuilder, post: dict, role: Role) -> None:
    """A previous holder who left, then the demo user from two years before the as-of date."""
    user = context.users[role]
    start = builder.as_of - timedelta(days=730)
    previous_start = start - timedelta(days=builder.rng.randint(900, 2500))
    previous = builder.new_person(previous_start, StartOrigin.DIFFERENT_LA_IN_ENGLAND, False, post["census_role"])
    builder.assign(
        previous, post, previous_start, start - timedelta(days=1), StartOrigin.DIFFERENT_LA_IN_ENGLAND, leaving=True
    )
    person = builder.new_person(start, StartOrigin.DIFFERENT_LA_IN_ENGLAND, agency=False, role=post["census_role"])
    first, _, last = user.name.partition(" ")
    builder.rows.staff[person].update(
        {
            "first_name": first,
            "last_name": last or first,
            "contracted_hours": DEFAULT_STANDARD_HOURS,
            "employment_type": EmploymentType.PERMANENT,
            "user_id": user.id,
        }
    )
    builder.assign(person, post, start, None, StartOrigin.DIFFERENT_LA_IN_ENGLAND, leaving=False)
    if role is Role.TEAM_MANAGER:
        builder.rows.team_manager[post["team_id"]] = person
    if role is Role.PRACTICE_SUPERVISOR:
        builder.rows.staff[person]["supervises_in_team"] = post["team_id"]


def _registration(builder: WorkforceBuilder) -> None:
    """Most registrations run to the next 30 November; a few have lapsed or were never checked."""
    rng, as_of = builder.rng, builder.as_of
    year_end = date(as_of.year if as_of < date(as_of.year, 12, 1) else as_of.year + 1, 11, 30)
    for staff in builder.rows.staff:
        roll = rng.random()
        if roll < 0.03:
            staff["registration_status"] = RegistrationStatus.LAPSED
            staff["registered_until"] = year_end.replace(year=year_end.year - 1)
            staff["registration_checked_on"] = as_of - timedelta(days=rng.randint(5, 120))
        elif roll < 0.07:
            staff["registration_status"] = None
            staff["registered_until"] = None
            staff["registration_checked_on"] = None
        else:
            staff["registration_status"] = RegistrationStatus.REGISTERED
            staff["registered_until"] = year_end
            staff["registration_checked_on"] = as_of - timedelta(days=rng.randint(5, 300))


#: The staff columns the demo writes in bulk: what a form or import may set, and the registration check.
STAFF_COLUMNS = [
    *STAFF_FIELDS,
    "registration_status",
    "registered_until",
    "registration_checked_on",
    "user_id",
]


def _insert(builder: WorkforceBuilder) -> None:
    rows = builder.rows
    staff_ids = list(
        db.session.execute(
            insert(StaffMember).returning(StaffMember.id, sort_by_parameter_order=True),
            [{column: staff.get(column) for column in STAFF_COLUMNS} for staff in rows.staff],
        ).scalars()
    )
    line_managers = []
    for index, staff in enumerate(rows.staff):
        manager = None
        if staff.get("last_day") is None and staff["employment_type"] is not EmploymentType.AGENCY:
            posts = staff.get("posts", [])
            team_id = posts[-1]["team_id"] if posts else None
            manager = rows.team_manager.get(team_id)
        if manager is not None and manager != index:
            line_managers.append({"id": staff_ids[index], "line_manager_id": staff_ids[manager]})
    # The demo practice supervisor line-manages a few of the home team's case holders.
    supervisor = next((index for index, staff in enumerate(rows.staff) if staff.get("supervises_in_team")), None)
    if supervisor is not None:
        team_id = rows.staff[supervisor]["supervises_in_team"]
        supervisees = [
            row["person"]
            for row in rows.assignments
            if row["post"]["team_id"] == team_id
            and row["end_date"] is None
            and row["census_role"] is CensusRole.CASE_HOLDER
            and rows.staff[row["person"]].get("user_id") is None
            and row["employment_type"] is not EmploymentType.AGENCY
        ][:3]
        chosen = {staff_ids[person] for person in supervisees}
        line_managers = [row for row in line_managers if row["id"] not in chosen]
        line_managers += [{"id": staff_id, "line_manager_id": staff_ids[supervisor]} for staff_id in sorted(chosen)]
    if line_managers:
        db.session.execute(update(StaffMember), line_managers)
    assignment_rows = []
    for row in rows.assignments:
        values = {key: value for key, value in row.items() if key not in ("person", "post")}
        values.update(staff_id=staff_ids[row["person"]], post_id=row["post"]["id"], team_id=row["post"]["team_id"])
        assignment_rows.append(values)
    for batch in range(0, len(assignment_rows), 2000):
        db.session.execute(insert(Assignment), assignment_rows[batch : batch + 2000])
    absence_rows = [
        {key: value for key, value in row.items() if key != "person"} | {"staff_id": staff_ids[row["person"]]}
        for row in rows.absences
    ]
    for batch in range(0, len(absence_rows), 2000):
        db.session.execute(insert(Absence), absence_rows[batch : batch + 2000])
    builder.context.progress(
        f"{len(rows.staff)} staff records, {len(assignment_rows)} assignments, {len(absence_rows)} absences"
    )
