"""Browsing the audit trail."""

from flask import Blueprint
from sqlalchemy import select

from workforce.kernel.audit_trail.lists import audit_trail_list
from workforce.kernel.lists import show_list
from workforce.kernel.models import AuditEvent
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import Permission

blueprint = Blueprint("audit_trail", __name__, url_prefix="/admin/audit-trail", template_folder="templates")


@blueprint.route("")
@permission_required(Permission.VIEW_AUDIT_TRAIL)
def browse():
    # Administrators see every entry: the trail is theirs to read whole.
    return show_list(audit_trail_list(), select(AuditEvent), "audit_trail/browse.html")
