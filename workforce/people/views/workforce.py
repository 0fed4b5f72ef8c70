"""Workforce pages: establishment per team, who is absent on a date, and the registration renewal view."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request, url_for
from flask_login import current_user

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.forms import open_at_version, save_or_show
from workforce.kernel.models import Team
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import ALL_TEAM_ROLES
from workforce.people import dao, services
from workforce.people.constants import PeoplePermission, RegistrationStatus
from workforce.people.forms import AbsentOnForm, PostForm
from workforce.people.models import Post
from workforce.people.views import blueprint

#: Social Work England: registration year 1 December to 30 November; renewal window 1 September to 30 November.
RENEWAL_WINDOW = ((9, 1), (11, 30))


def _team_ids_in_scope() -> list[int] | None:
    if current_user.role in ALL_TEAM_ROLES:
        return None
    return [team.id for team in dao.list_teams_for_user(current_user)]


@blueprint.route("/establishment")
@permission_required(PeoplePermission.VIEW_ESTABLISHMENT)
def establishment():
    on = clock.today()
    rows = dao.establishment_by_team(on, _team_ids_in_scope())
    totals = [sum(float(row[index] or 0) for row in rows) for index in range(1, 5)]
    return render_template("people/establishment.html", rows=rows, totals=totals, on=on)


@blueprint.route("/establishment/<int:team_id>")
@permission_required(PeoplePermission.VIEW_ESTABLISHMENT)
def team_establishment(team_id: int):
    team_ids = _team_ids_in_scope()
    team = db.session.get(Team, team_id)
    if team is None or (team_ids is not None and team_id not in team_ids):
        abort(404)
    on = clock.today()
    return render_template("people/team_establishment.html", team=team, posts=dao.posts_with_occupants(team, on), on=on)


@blueprint.route("/absence")
@permission_required(PeoplePermission.VIEW_STAFF)
def absent_on():
    form = AbsentOnForm(request.args)
    on = clock.today()
    if request.args and form.validate() and form.on.data:
        on = form.on.data
    elif not request.args:
        form.on.data = on
    absent = dao.list_absent_on(on, current_user)
    return render_template("people/absent_on.html", form=form, absent=absent, on=on)


def renewal_window(today: date) -> tuple[date, date]:
    """The renewal window of the registration year `today` falls in (the one ending next 30 November)."""
    year = today.year if today <= date(today.year, 11, 30) else today.year + 1
    (start_month, start_day), (end_month, end_day) = RENEWAL_WINDOW
    return date(year, start_month, start_day), date(year, end_month, end_day)


@blueprint.route("/registration")
@permission_required(PeoplePermission.VIEW_STAFF)
def registration_renewals():
    today = clock.today()
    window_start, window_end = renewal_window(today)
    people = dao.list_registration_renewals(current_user, today)
    lapsed, unchecked, due, current = [], [], [], []
    for person in people:
        if person.registration_status is RegistrationStatus.NOT_REQUIRED:
            continue
        if person.registration_status is None or person.registration_checked_on is None:
            unchecked.append(person)
        elif person.registration_status is not RegistrationStatus.REGISTERED or (
            person.registered_until is not None and person.registered_until < today
        ):
            lapsed.append(person)
        elif person.registered_until is None or person.registered_until <= window_end:
            due.append(person)
        else:
            current.append(person)
    return render_template(
        "people/registration.html",
        lapsed=lapsed,
        unchecked=unchecked,
        due=due,
        current=current,
        window_start=window_start,
        window_end=window_end,
        in_window=window_start <= today <= window_end,
        today=today,
    )


def _post_form_choices(form: PostForm) -> None:
    form.team.choices = [("", "Select the team")] + [
        (str(team.id), team.name) for team in dao.list_teams_for_user(current_user)
    ]


@blueprint.route("/establishment/posts/new", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def create_post():
    form = PostForm()
    _post_form_choices(form)
    if request.method == "GET" and request.args.get("team", type=int):
        form.team.data = str(request.args.get("team", type=int))
    if form.validate_on_submit():
        response = save_or_show(
            form,
            lambda: services.create_post(**form.post_values()),
            refused=services.StaffError,
            saved=lambda post: f"Post {post.post_number} added",
            then=lambda post: url_for("people.team_establishment", team_id=post.team_id),
            fallback="post_number",
        )
        if response:
            return response
    return render_template("people/post_form.html", form=form, title="Add a post", post=None)


@blueprint.route("/establishment/posts/<int:post_id>/edit", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def edit_post(post_id: int):
    post = db.session.get(Post, post_id) or abort(404)
    form = PostForm(obj=post) if request.method == "GET" else PostForm()
    _post_form_choices(form)
    if request.method == "GET":
        form.team.data = str(post.team_id)
        form.census_role.data = str(post.census_role.value)
        open_at_version(form, post)
    if form.validate_on_submit():

        def update():
            post.save_edit(form.version.data)
            services.update_post(post, **form.post_values())

        response = save_or_show(
            form,
            update,
            refused=services.StaffError,
            saved=lambda _: f"Post {post.post_number} updated",
            then=lambda _: url_for("people.team_establishment", team_id=post.team_id),
            fallback="post_number",
            conflict=post,
        )
        if response:
            return response
    return render_template("people/post_form.html", form=form, title=f"Change post {post.post_number}", post=post)
