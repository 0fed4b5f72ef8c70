"""Team pages: a list and a page per team, scoped to what the user may see; administrators edit."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel.forms import show_refusal
from workforce.kernel.models import EditConflict, Team, User
from workforce.kernel.permissions import current_scope, get_in_scope_or_404, permission_required
from workforce.kernel.roles import Permission, Role
from workforce.kernel.teams import dao, services
from workforce.kernel.teams.forms import TeamForm

blueprint = Blueprint("teams", __name__, template_folder="templates")


def _manager_choices(form: TeamForm) -> None:
    managers = db.session.execute(
        select(User).where(User.role == Role.TEAM_MANAGER, User.deactivated_at.is_(None)).order_by(User.name)
    ).scalars()
    form.managers.choices = [(user.id, f"{user.name} ({user.email})") for user in managers]


def _selected_managers(form: TeamForm) -> list[User]:
    if not form.managers.data:
        return []
    return list(db.session.execute(select(User).where(User.id.in_(form.managers.data))).scalars())


@blueprint.route("/teams")
@permission_required(Permission.VIEW_TEAMS)
def list_teams():
    teams = list(db.session.execute(dao.list_teams_in_scope_query(current_scope())).scalars())
    counts = dao.count_members_by_team(team.id for team in teams)
    return render_template("teams/list.html", teams=teams, counts=counts)


@blueprint.route("/teams/<int:team_id>")
@permission_required(Permission.VIEW_TEAMS)
def show_team(team_id: int):
    team = get_in_scope_or_404(Team, team_id, lambda record: record.id)
    members = [member for member in team.members if member.is_active]
    return render_template("teams/show.html", team=team, members=members)


@blueprint.route("/admin/teams/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_TEAMS)
def create_team():
    form = TeamForm()
    _manager_choices(form)
    if form.validate_on_submit():
        try:
            area = services.find_or_create_service_area(form.service_area.data)
            team = services.create_team(form.name.data, area, _selected_managers(form))
        except services.TeamError as problem:
            db.session.rollback()
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"{team.name} created", "success")
            return redirect(url_for("teams.show_team", team_id=team.id))
    return render_template("teams/form.html", form=form, title="Create a team")


@blueprint.route("/admin/teams/<int:team_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_TEAMS)
def edit_team(team_id: int):
    team = get_in_scope_or_404(Team, team_id, lambda record: record.id)
    form = TeamForm(obj=team) if request.method == "GET" else TeamForm()
    _manager_choices(form)
    if request.method == "GET":
        form.service_area.data = team.service_area.name
        form.managers.data = [manager.id for manager in team.managers]
        form.version.data = team.version
    if form.validate_on_submit():
        try:
            area = services.find_or_create_service_area(form.service_area.data)
            services.update_team(team, form.name.data, area, _selected_managers(form), form.version.data or None)
        except EditConflict:
            db.session.rollback()
            form.version.data = team.version
            form.name.errors = [
                *form.name.errors,
                f"{team.name} was changed by someone else while you were editing. Your changes are below and "
                "have not been saved: check them and save again",
            ]
        except services.TeamError as problem:
            db.session.rollback()
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash(f"Changes to {team.name} saved", "success")
            return redirect(url_for("teams.show_team", team_id=team.id))
    return render_template("teams/form.html", form=form, title=f"Change {team.name}", team=team)
