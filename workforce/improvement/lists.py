"""The list of improvement-plan actions: searchable by title (and owner, for staff), filtered by strand, status,
rating and whether overdue, sortable, paged and downloadable."""

from __future__ import annotations

from datetime import date

from flask import url_for
from markupsafe import Markup
from sqlalchemy import and_, not_
from sqlalchemy.orm import joinedload

from workforce.improvement.constants import ActionStatus, Rating
from workforce.improvement.models import Action, Strand
from workforce.improvement.reminders import OPEN_STATUSES
from workforce.kernel.lists import ANY, Column, Filter, ListDefinition, enum_filter
from workforce.kernel.models import User

OVERDUE_CHOICES = [ANY, ("overdue", "Overdue"), ("not-overdue", "Not overdue")]


def is_overdue(action: Action, today: date) -> bool:
    """Not started or in progress, and past its due date (as the overdue reminder counts it)."""
    return action.status in OPEN_STATUSES and action.due_date < today


def actions_list(today: date, strands: list[tuple[int, str]], staff_view: bool) -> ListDefinition:
    """`staff_view` is False for committee viewers: owners are shown by role, never by name, and are not searched."""
    overdue = and_(Action.status.in_(OPEN_STATUSES), Action.due_date < today)

    def by_overdue(query, value):
        return query.where(overdue if value == "overdue" else not_(overdue))

    def owner(item, context):
        return item.owner.name if staff_view else item.owner.role.label

    return ListDefinition(
        endpoint="improvement.list_actions",
        columns=[
            Column(
                "title",
                "Action",
                lambda item, context: item.title,
                sort=Action.title,
                html=lambda item, context: Markup('<a class="govuk-link" href="{}">{}</a>').format(
                    url_for("improvement.show_action", action_id=item.id), item.title
                ),
            ),
            Column("strand", "Strand", lambda item, context: item.strand.title, sort=Strand.title),
            Column("owner", "Owner", owner, sort=User.name if staff_view else User.role),
            Column("due", "Due", lambda item, context: item.due_date, sort=Action.due_date),
            Column("status", "Status", lambda item, context: item.status.label, sort=Action.status),
            Column("rating", "Rating", lambda item, context: item.rating.meaning, sort=Action.rating),
            Column("overdue", "Overdue", lambda item, context: is_overdue(item, today)),
        ],
        id_column=Action.id,
        default_sort="due",
        filters=[
            Filter(
                "strand",
                "Strand",
                lambda query, value: query.where(Action.strand_id == int(value)),
                choices=[ANY] + [(str(strand_id), name) for strand_id, name in strands],
            ),
            enum_filter("status", "Status", Action.status, ActionStatus),
            enum_filter("rating", "Rating", Action.rating, Rating, labels=lambda member: member.meaning),
            Filter("overdue", "Overdue", by_overdue, choices=OVERDUE_CHOICES),
        ],
        search_columns=[Action.title, User.name] if staff_view else [Action.title],
        search_label="Title or owner" if staff_view else "Title",
        noun="action",
        plural="actions",
        filename="improvement-actions",
        sheet_title="Improvement actions",
        options=(joinedload(Action.strand), joinedload(Action.owner)),
    )
