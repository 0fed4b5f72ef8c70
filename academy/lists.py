"""The academy's sessions list: upcoming by default, searchable by course, venue or facilitator, filtered by
programme and dates, sortable, paged and downloadable (sessions hold no personal data)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import url_for
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy.models import Course, Programme, TrainingSession
from workforce.extensions import db
from workforce.kernel.dates import display_datetime
from workforce.kernel.lists import Column, Filter, ListDefinition


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
