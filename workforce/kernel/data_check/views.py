"""The data-check page: every module's consistency checks and the records that break them, for HR."""

from __future__ import annotations

from flask import Blueprint, render_template

from workforce.kernel.data_check import run_checks
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import Permission
from workforce.kernel.teams.dao import team_names

blueprint = Blueprint("data_check", __name__, template_folder="templates")


@blueprint.route("/data-check")
@permission_required(Permission.CHECK_DATA)
def show_data_check():
    return render_template("data_check/data_check.html", results=run_checks(), teams=team_names())
