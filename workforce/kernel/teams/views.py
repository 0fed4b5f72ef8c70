"""Team pages: a list and a page per team, scoped to what the user may see; administrators edit."""

from flask import Blueprint, render_template, request, url_for

from workforce.kernel.forms import save_or_show
from workforce.kernel.models import Team, User
from workforce.kernel.permissions import current_scope, get_in_scope_or_404, permission_required
from workforce.kernel.roles import Permission
from workforce.kernel.teams import dao, services
from workforce.kernel.teams.forms import TeamForm

blueprint = Blueprint("teams", __name__, template_folder="templates")


def _manager_choices(form: TeamForm) -> None:
    managers = dao.list_active_team_managers()
    form.managers.choices = [(user.id, f"{user.name} ({user.email})") for user in managers]


def _selected_managers(form: TeamForm) -> list[User]:
    return dao.list_users_by_id(form.managers.data or [])


def _shown(team: Team) -> str:
    return url_for("teams.show_team", team_id=team.id)


@blueprint.route("/teams")
@permission_required(Permission.VIEW_TEAMS)
def list_teams():
    teams = dao.list_teams_in_scope(current_scope())
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

        def create():
            area = services.find_or_create_service_area(form.service_area.data)
            return services.create_team(form.name.data, area, _selected_managers(form))

        done = save_or_show(
            form, create, refused=services.TeamError, saved=lambda team: f"{team.name} created", then=_shown
        )
        if done:
            return done
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

        def change():
            area = services.find_or_create_service_area(form.service_area.data)
            services.update_team(team, form.name.data, area, _selected_managers(form), form.version.data or None)
            return team

        def show_conflict():
            # The wording names the team as it is now, so the conflict is told here rather than by the helper.
            form.version.data = team.version
            form.name.errors = [
                *form.name.errors,
                f"{team.name} was changed by someone else while you were editing. Your changes are below and "
                "have not been saved: check them and save again",
            ]

        done = save_or_show(
            form,
            change,
            refused=services.TeamError,
            saved=f"Changes to {team.name} saved",
            then=_shown(team),
            on_conflict=show_conflict,
        )
        if done:
            return done
    return render_template("teams/form.html", form=form, title=f"Change {team.name}", team=team)
