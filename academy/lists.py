"""The academy's lists: sessions (upcoming by default, searchable by course, venue or facilitator, filtered by
programme and dates; sessions hold no personal data) and training records (each course a person completed,
searchable by person or course, filtered by course, team and dates). Both sortable, paged and downloadable."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import url_for
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy.constants import CompletionSource
from academy.models import Completion, Course, Programme, TrainingSession
from workforce.extensions import db
from workforce.kernel.dates import display_datetime
from workforce.kernel.lists import ANY, DESCENDING, Column, Filter, ListDefinition, team_filter
from workforce.kernel.models import Team
from workforce.people.models import StaffMember


def places_text(session: TrainingSession) -> str:
    return "Cancelled" if session.cancelled_at else f"{session.places_left} of {session.capacity}"


def sessions_list(now: datetime) -> ListDefinition:
    course = select(Course.title).where(Course.id == TrainingSession.course_id).scalar_subquery()
    programme = select(Course.programme_id).where(Course.id == TrainingSession.course_id).scalar_subquery()

    def when(query, value):
        if value == "upcoming":
            return query.where(TrainingSession.starts_at >= now.replace(hour=0, minute=0, second=0, microsecond=0))
        if value == "past":
            return query.where(TrainingSession.starts_at < now)
        return query

    def programmes():
        rows = db.session.execute(select(Programme.id, Programme.name).order_by(Programme.name)).all()
        return [("", "Any")] + [(str(row.id), row.name) for row in rows]

    return ListDefinition(
        endpoint="academy.index",
        columns=[
            Column(
                "course",
                "Course",
                lambda item, context: item.course.title,
                sort=course,
                html=lambda item, context: Markup('<a class="govuk-link" href="{}">{}</a>').format(
                    url_for("academy.show_session", session_id=item.id), item.course.title
                ),
            ),
            Column(
                "starts",
                "Starts",
                lambda item, context: item.starts_at,
                sort=TrainingSession.starts_at,
                html=lambda item, context: display_datetime(item.starts_at),
            ),
            Column("where", "Where", lambda item, context: item.where, sort=func.coalesce(TrainingSession.venue, "")),
            Column(
                "facilitator", "Facilitator", lambda item, context: item.facilitator, sort=TrainingSession.facilitator
            ),
            Column("places", "Places left", lambda item, context: places_text(item)),
        ],
        id_column=TrainingSession.id,
        default_sort="starts",
        filters=[
            Filter(
                "when",
                "Sessions",
                when,
                choices=[("upcoming", "Upcoming"), ("past", "Past"), ("all", "All")],
                default="upcoming",
            ),
            Filter(
                "programme", "Programme", lambda query, value: query.where(programme == int(value)), choices=programmes
            ),
            Filter(
                "from",
                "From",
                lambda query, day: query.where(TrainingSession.starts_at >= datetime.combine(day, time(), UTC)),
                "date",
            ),
            Filter(
                "to",
                "To",
                lambda query, day: query.where(
                    TrainingSession.starts_at < datetime.combine(day + timedelta(days=1), time(), UTC)
                ),
                "date",
            ),
        ],
        search_columns=[course, func.coalesce(TrainingSession.venue, ""), TrainingSession.facilitator],
        search_label="Course, venue or facilitator",
        noun="session",
        plural="sessions",
        filename="training-sessions",
        sheet_title="Training sessions",
        options=(joinedload(TrainingSession.course), selectinload(TrainingSession.enrolments)),
    )


SOURCE_LABELS = {
    CompletionSource.ATTENDANCE: "Attended a session",
    CompletionSource.IMPORT: "Imported",
    CompletionSource.RECORDED: "Recorded by hand",
}


def training_records_list(teams_subquery, teams: list[Team], courses: list[tuple[int, str]]) -> ListDefinition:
    """`teams_subquery` gives each person's current team (the one the list is scoped and filtered by); `teams`
    are the teams the user may see, `courses` every course as (id, title)."""
    team_id = teams_subquery.c.team_id
    course = select(Course.title).where(Course.id == Completion.course_id).scalar_subquery()
    team_name = select(Team.name).where(Team.id == team_id).scalar_subquery()
    person = StaffMember.first_name + " " + StaffMember.last_name
    return ListDefinition(
        endpoint="academy.list_completions",
        columns=[
            Column(
                "person",
                "Person",
                lambda item, context: item.staff_member.name,
                sort=[StaffMember.last_name, StaffMember.first_name],
            ),
            Column("team", "Team", lambda item, context: context.get(item.staff_id, ""), sort=team_name),
            Column("course", "Course", lambda item, context: item.course.title, sort=course),
            Column("completed", "Completed", lambda item, context: item.completed_on, sort=Completion.completed_on),
            Column("expires", "Expires", lambda item, context: item.expires_on, sort=Completion.expires_on),
            Column("source", "How it was recorded", lambda item, context: SOURCE_LABELS[item.source]),
        ],
        id_column=Completion.id,
        default_sort="completed",
        default_order=DESCENDING,
        filters=[
            Filter(
                "course",
                "Course",
                lambda query, value: query.where(Completion.course_id == int(value)),
                choices=[ANY] + [(str(course_id), title) for course_id, title in courses],
            ),
            team_filter(team_id, teams),
            Filter("from", "Completed from", lambda query, day: query.where(Completion.completed_on >= day), "date"),
            Filter("to", "Completed to", lambda query, day: query.where(Completion.completed_on <= day), "date"),
        ],
        search_columns=[person, course],
        search_label="Person or course",
        noun="training record",
        plural="training records",
        filename="training-records",
        sheet_title="Training records",
        context=lambda items: _team_names(teams_subquery, items),
        options=(joinedload(Completion.course), joinedload(Completion.staff_member)),
    )


def _team_names(teams_subquery, items) -> dict[int, str]:
    """Each listed person's current team, in one query for the page (or batch of a download)."""
    staff_ids = sorted({item.staff_id for item in items})
    if not staff_ids:
        return {}
    rows = db.session.execute(
        select(teams_subquery.c.staff_id, Team.name)
        .join(Team, Team.id == teams_subquery.c.team_id)
        .where(teams_subquery.c.staff_id.in_(staff_ids))
    ).all()
    return {row.staff_id: row.name for row in rows}
