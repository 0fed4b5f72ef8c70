"""Administrators' pages for user accounts."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from workforce.extensions import db
from workforce.kernel.auth.services import unlock
from workforce.kernel.auth.sessions import live_sessions
from workforce.kernel.confirm import Consequence, ask_to_confirm, confirmed
from workforce.kernel.forms import save_or_show
from workforce.kernel.models import User
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import Permission, Role
from workforce.kernel.teams import dao as teams_dao
from workforce.kernel.users import dao, services
from workforce.kernel.users.forms import NewUserForm, SetPasswordForm, UserFilterForm, UserForm

blueprint = Blueprint("users", __name__, url_prefix="/admin/users", template_folder="templates")


def _get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _team_choices(form: UserForm) -> None:
    form.teams.choices = [(team.id, team.name) for team in teams_dao.list_teams()]


def _selected_teams(form: UserForm):
    by_id = {team.id: team for team in teams_dao.list_teams()}
    return [by_id[team_id] for team_id in form.teams.data or [] if team_id in by_id]


def _shown(user: User) -> str:
    return url_for("users.show_user", user_id=user.id)


@blueprint.route("")
@permission_required(Permission.MANAGE_USERS)
def list_users():
    form = UserFilterForm(request.args)
    role = Role(form.role.data) if form.role.data in {r.value for r in Role} else None
    include_deactivated = request.args.get("show") == "all"
    users = dao.list_users(role=role, search=form.search.data, include_deactivated=include_deactivated)
    return render_template("users/list.html", users=users, form=form, include_deactivated=include_deactivated)


@blueprint.route("/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def create_user():
    form = NewUserForm()
    _team_choices(form)
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.create_user(
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                teams=_selected_teams(form),
                password=form.password.data,
            ),
            refused=services.UserError,
            saved=lambda user: f"{user.name} can now sign in as {user.role.label.lower()}",
            then=_shown,
            fallback="email",
        )
        if done:
            return done
    return render_template("users/form.html", form=form, title="Create a user")


@blueprint.route("/<int:user_id>")
@permission_required(Permission.MANAGE_USERS)
def show_user(user_id: int):
    user = _get_user_or_404(user_id)
    return render_template("users/show.html", user=user, live_sessions=len(live_sessions(user)))


@blueprint.route("/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    user = _get_user_or_404(user_id)
    conflict = False
    form = UserForm(obj=user) if request.method == "GET" else UserForm()
    _team_choices(form)
    if request.method == "GET":
        form.version.data = user.version
        form.role.data = user.role.value
        managed = [team.id for team in user.managed_teams]
        form.teams.data = managed or ([user.team_id] if user.team_id else [])
    if form.validate_on_submit():

        def show_conflict():
            # This page shows the saved details beside the form, so the conflict is told here: keep what they
            # typed, show what is saved now, and let them save again on purpose.
            nonlocal conflict
            conflict = True
            form.version.data = user.version
            form.name.errors = [
                *form.name.errors,
                f"{user.name} was changed by someone else while you were editing. Your changes are below and have "
                "not been saved: check them against the saved details and save again",
            ]

        done = save_or_show(
            form,
            lambda: services.update_user(
                user,
                name=form.name.data,
                email=form.email.data,
                role=Role(form.role.data),
                teams=_selected_teams(form),
                opened_at_version=form.version.data,
            ),
            refused=services.UserError,
            saved=f"Changes to {user.name} saved",
            then=_shown(user),
            fallback="email",
            on_conflict=show_conflict,
        )
        if done:
            return done
    return render_template("users/form.html", form=form, title=f"Change {user.name}", user=user, conflict=conflict)


@blueprint.route("/<int:user_id>/password", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def set_user_password(user_id: int):
    user = _get_user_or_404(user_id)
    form = SetPasswordForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.set_password(user, form.password.data),
            refused=services.UserError,
            saved=f"New password set for {user.name}",
            then=_shown(user),
            fallback="password",
        )
        if done:
            return done
    return render_template("users/set_password.html", form=form, user=user)


@blueprint.route("/<int:user_id>/unlock", methods=["POST"])
@permission_required(Permission.MANAGE_USERS)
def unlock_user(user_id: int):
    user = _get_user_or_404(user_id)
    return save_or_show(
        None,
        lambda: unlock(user),
        saved=f"{user.name} can sign in again",
        then=url_for("users.show_user", user_id=user.id),
    )


@blueprint.route("/<int:user_id>/sign-out-everywhere", methods=["POST"])
@permission_required(Permission.MANAGE_USERS)
def sign_out_user_everywhere(user_id: int):
    user = _get_user_or_404(user_id)
    return save_or_show(
        None,
        lambda: services.sign_out_everywhere(user),
        saved=lambda ended: (
            f"{user.name} has been signed out everywhere ({ended} session{'' if ended == 1 else 's'} ended)"
        ),
        then=url_for("users.show_user", user_id=user.id),
    )


@blueprint.route("/<int:user_id>/deactivate", methods=["POST"])
@permission_required(Permission.MANAGE_USERS)
def deactivate_user(user_id: int):
    user = _get_user_or_404(user_id)
    if user.is_active and user.id != current_user.id and not confirmed():
        return ask_to_confirm(
            f"Deactivate {user.name}?",
            caption="Users",
            consequences=[
                Consequence("Name", user.name),
                Consequence("Email address", user.email),
                Consequence("Role", user.role.label),
                Consequence("Signing in", "Signed out now, and cannot sign in until an administrator reactivates them"),
                Consequence("Their records", "Everything they recorded stays, with their name on it"),
            ],
            warning="They lose access straight away, including to work in progress.",
            button=f"Deactivate {user.name}",
            cancel_url=url_for("users.show_user", user_id=user.id),
        )
    return save_or_show(
        None,
        lambda: services.deactivate(user, by=current_user),
        refused=services.UserError,
        saved=f"{user.name} has been deactivated and signed out",
        then=url_for("users.show_user", user_id=user.id),
    )


@blueprint.route("/<int:user_id>/reactivate", methods=["POST"])
@permission_required(Permission.MANAGE_USERS)
def reactivate_user(user_id: int):
    user = _get_user_or_404(user_id)
    return save_or_show(
        None,
        lambda: services.reactivate(user),
        saved=f"{user.name} can sign in again",
        then=url_for("users.show_user", user_id=user.id),
    )
