"""The audit trail as a list: filtered by record, action, who and when, sortable, paged and downloadable."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from markupsafe import Markup, escape

from workforce.kernel.audit_trail import dao
from workforce.kernel.audit_trail.wording import changes_in_words, record_words
from workforce.kernel.dates import display_datetime
from workforce.kernel.lists import DESCENDING, Column, Filter, ListDefinition
from workforce.kernel.models import AuditEvent


def changes_text(event: AuditEvent) -> str:
    lines = [
        f"{change.label}: {change.before} → {change.after}"
        for change in changes_in_words(event.record_type, event.changes)
    ]
    if event.note:
        lines.append(event.note)
    return "; ".join(lines)


def changes_html(event: AuditEvent, context) -> Markup:
    parts = []
    if event.changes:
        items = Markup("").join(
            Markup("<li><strong>{}</strong>: {} → {}</li>").format(change.label, change.before, change.after)
            for change in changes_in_words(event.record_type, event.changes)
        )
        parts.append(Markup('<ul class="wpq-changes">{}</ul>').format(items))
    if event.note:
        parts.append(Markup('<p class="govuk-body-s">{}</p>').format(event.note))
    return Markup("").join(parts) if parts else escape("")


def audit_trail_list() -> ListDefinition:
    return ListDefinition(
        endpoint="audit_trail.browse",
        columns=[
            Column(
                "when",
                "When",
                lambda item, context: item.occurred_at,
                sort=AuditEvent.occurred_at,
                html=lambda item, context: f"{display_datetime(item.occurred_at)} UTC",
            ),
            Column(
                "who", "Who", lambda item, context: f"{item.actor_label} ({item.origin})", sort=AuditEvent.actor_label
            ),
            Column("action", "Action", lambda item, context: item.action, sort=AuditEvent.action),
            Column(
                "record",
                "Record",
                lambda item, context: record_words(item.record_type, item.record_id, item.record_label),
                sort=[AuditEvent.record_type, AuditEvent.record_id],
            ),
            Column("changes", "What changed", lambda item, context: changes_text(item), html=changes_html),
        ],
        id_column=AuditEvent.id,
        default_sort="when",
        default_order=DESCENDING,
        filters=[
            Filter(
                "record_type",
                "Record type",
                lambda query, value: query.where(AuditEvent.record_type == value),
                choices=lambda: [("", "Any")] + [(value, value) for value in dao.list_record_types()],
            ),
            Filter("record_id", "Record ID", lambda query, value: query.where(AuditEvent.record_id == value), "text"),
            Filter(
                "action",
                "Action",
                lambda query, value: query.where(AuditEvent.action == value),
                choices=lambda: [("", "Any")] + [(value, value) for value in dao.list_actions()],
            ),
            Filter(
                "date_from",
                "From",
                lambda query, day: query.where(AuditEvent.occurred_at >= datetime.combine(day, time(), UTC)),
                "date",
            ),
            Filter(
                "date_to",
                "To",
                lambda query, day: query.where(
                    AuditEvent.occurred_at < datetime.combine(day + timedelta(days=1), time(), UTC)
                ),
                "date",
            ),
        ],
        search_columns=[AuditEvent.actor_label, AuditEvent.record_label],
        search_label="Who or record name",
        noun="change",
        plural="changes",
        filename="audit-trail",
        sheet_title="Audit trail",
    )
