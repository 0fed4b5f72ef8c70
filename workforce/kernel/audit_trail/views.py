"""Browsing the audit trail."""

import math

from flask import Blueprint, render_template, request

from workforce.kernel.audit_trail import dao
from workforce.kernel.audit_trail.forms import AuditTrailFilterForm
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import Permission

blueprint = Blueprint("audit_trail", __name__, url_prefix="/admin/audit-trail", template_folder="templates")

PER_PAGE = 50


@blueprint.route("")
@permission_required(Permission.VIEW_AUDIT_TRAIL)
def browse():
    form = AuditTrailFilterForm(request.args)
    form.record_type.choices = [("", "Any")] + [(value, value) for value in dao.list_record_types()]
    form.action.choices = [("", "Any")] + [(value, value) for value in dao.list_actions()]
    valid = form.validate() if request.args else True
    criteria = dao.AuditTrailFilter()
    if valid:
        criteria = dao.AuditTrailFilter(
            record_type=form.record_type.data or None,
            record_id=(form.record_id.data or "").strip() or None,
            action=form.action.data or None,
            actor=form.actor.data or None,
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
    page = max(1, request.args.get("page", 1, type=int))
    events, total = dao.page_of_events(criteria, page, PER_PAGE)
    pages = max(1, math.ceil(total / PER_PAGE))
    return render_template(
        "audit_trail/browse.html", form=form, events=events, total=total, page=page, pages=pages, valid=valid
    )
