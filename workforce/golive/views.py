"""Going-live pages: first run, council settings, the teams import, linking and provisioning accounts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from workforce.caseloads import settings as caseload_settings
from workforce.extensions import db
from workforce.golive import council, dao, services, teams_import
from workforce.golive.constants import TEAMS_COLUMNS, TEAMS_NOTES, GoLivePermission
from workforce.golive.forms import (
    ConfirmTeamsImportForm,
    CouncilForm,
    FirstRunForm,
    LinkAccountForm,
    LinkMatchForm,
    ProvisionForm,
    ProvisionTeamForm,
    TeamsImportForm,
    UnlinkAccountForm,
)
from workforce.kernel.forms import save_or_show
from workforce.kernel.import_mappings import ImportMapping, preview
from workforce.kernel.import_mappings.services import list_mappings
from workforce.kernel.imports import discard_upload, hold_import_lock, keep_upload, read_kept_upload
from workforce.kernel.models import Team, User
from workforce.kernel.permissions import permission_required, public
from workforce.kernel.plurals import plural
from workforce.kernel.roles import Permission, Role
from workforce.kernel.spreadsheets import SpreadsheetError, read_table, send_workbook
from workforce.kernel.teams import dao as teams_dao
from workforce.kernel.users import services as users_services
from workforce.people import dao as people_dao
from workforce.people.imports import template_workbook
from workforce.people.models import StaffMember

blueprint = Blueprint("golive", __name__, template_folder="templates")


def _council_choices(form: CouncilForm) -> None:
    form.la_code.choices = [("", "Select your council")] + [
        (item.la_code, f"{item.name} ({item.la_code})") for item in council.council_choices()
    ]


def _no_users_yet() -> bool:
    return dao.no_users_yet()


# First run and council settings


@blueprint.route("/setup", methods=["GET", "POST"])
@public
def first_run():
    """Open only while WPQ has no account at all: the first administrator sets up the council."""
    if not _no_users_yet():
        abort(404)
    form = FirstRunForm()
    _council_choices(form)
    if request.method == "GET":
        form.name.data = None
        form.caseload_threshold.data = caseload_settings.get("caseload_threshold")
        form.caseload_amber_from.data = caseload_settings.get("caseload_amber_from")
    if form.validate_on_submit():

        def set_up():
            council.init_council(
                form.name.data,
                form.la_code.data,
                float(form.caseload_threshold.data),
                float(form.caseload_amber_from.data),
            )
            admin = users_services.create_user(
                email=form.admin_email.data,
                name=form.admin_name.data,
                role=Role.ADMINISTRATOR,
                password=form.password.data,
            )
            admin.break_glass = True

        done = save_or_show(
            form,
            set_up,
            refused=(council.CouncilError, users_services.UserError),
            saved=f"WPQ is set up for {form.name.data}. Sign in with the email and password you chose",
            then=url_for("auth.sign_in"),
            fields={"email": "admin_email"},
        )
        if done:
            return done
    return render_template("golive/first_run.html", form=form, summary=council.summary())


@blueprint.route("/admin/council", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def council_settings():
    form = CouncilForm()
    _council_choices(form)
    if request.method == "GET":
        current = council.summary()
        form.name.data = current.name if council.is_initialised() else None
        form.la_code.data = current.la_code or ""
        form.caseload_threshold.data = current.caseload_threshold
        form.caseload_amber_from.data = current.caseload_amber_from
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: council.init_council(
                form.name.data,
                form.la_code.data,
                float(form.caseload_threshold.data),
                float(form.caseload_amber_from.data),
                user_id=current_user.id,
            ),
            refused=council.CouncilError,
            saved="Council settings saved",
            then=url_for("pages.home"),
        )
        if done:
            return done
    return render_template("golive/council.html", form=form, summary=council.summary())


# Teams from a file


def _teams_mapping(mapping_id: str | None) -> ImportMapping | None:
    """The saved teams mapping chosen on the page; none for WPQ's own layout, 404 for any other id."""
    if not mapping_id:
        return None
    mapping = db.session.get(ImportMapping, int(mapping_id)) if str(mapping_id).isdigit() else None
    if mapping is None or mapping.kind != teams_import.TEAMS_LAYOUT.kind:
        abort(404)
    return mapping


def _teams_form(**values) -> TeamsImportForm:
    form = TeamsImportForm(**values)
    form.mapping.choices = [("", "WPQ's own layout (the template's headers)")] + [
        (str(mapping.id), mapping.name) for mapping in list_mappings(teams_import.TEAMS_LAYOUT.kind)
    ]
    return form


def _teams_first_rows(data: bytes, filename: str, mapping: ImportMapping | None):
    try:
        table = read_table(data, filename)
    except SpreadsheetError:
        return None
    return preview(table, mapping, teams_import.TEAMS_LAYOUT)


@blueprint.route("/admin/teams/import", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_TEAMS)
def import_teams():
    form = _teams_form()
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not upload.filename:
            form.file.errors = ["Select an Excel or CSV file"]
        else:
            data = upload.read()
            mapping = _teams_mapping(form.mapping.data)
            token = keep_upload(data, upload.filename)
            first_rows = _teams_first_rows(data, upload.filename, mapping)
            report, rows = teams_import.check_teams(data, upload.filename, mapping)
            if not report.ok:
                return render_template(
                    "golive/import_teams.html",
                    form=form,
                    report=report,
                    token=token,
                    mapping=mapping,
                    first_rows=first_rows,
                )
            nested = db.session.begin_nested()
            outcome = teams_import.apply_teams(rows)
            nested.rollback()
            return render_template(
                "golive/import_teams_preview.html",
                outcome=outcome,
                rows=len(rows),
                mapping=mapping,
                first_rows=first_rows,
                report=None,
                confirm=ConfirmTeamsImportForm(token=token, mapping=str(mapping.id) if mapping else ""),
            )
    return render_template("golive/import_teams.html", form=form, report=None, token=None, mapping=None)


@blueprint.route("/admin/teams/import/confirm", methods=["POST"])
@permission_required(Permission.MANAGE_TEAMS)
def confirm_import_teams():
    form = ConfirmTeamsImportForm()
    token = form.token.data if form.validate_on_submit() else None
    data = read_kept_upload(token) if token else None
    if data is None:
        flash("The uploaded file has expired. Upload it again", "error")
        return redirect(url_for("golive.import_teams"))
    mapping = _teams_mapping(form.mapping.data)
    hold_import_lock("teams")
    report, rows = teams_import.check_teams(data, token, mapping)
    if not report.ok:
        return render_template(
            "golive/import_teams.html",
            form=_teams_form(mapping=form.mapping.data),
            report=report,
            token=token,
            mapping=mapping,
        )
    outcome = teams_import.apply_teams(rows)
    db.session.commit()
    discard_upload(token)
    flash(
        f"Imported {plural(len(rows), 'row')}: {plural(outcome.created, 'team')} added, {outcome.updated} moved",
        "success",
    )
    return redirect(url_for("teams.list_teams"))


@blueprint.route("/admin/teams/import/template")
@permission_required(Permission.MANAGE_TEAMS)
def import_teams_template():
    return send_workbook(template_workbook(TEAMS_COLUMNS, TEAMS_NOTES, "Teams"), "teams-import-template.xlsx")


@blueprint.route("/admin/teams/import/problems/<token>/<file_format>")
@permission_required(Permission.MANAGE_TEAMS)
def import_teams_problems(token: str, file_format: str):
    name = f"{token}.{request.args.get('source', 'csv')}"
    data = read_kept_upload(name)
    if data is None or file_format not in ("xlsx", "csv"):
        abort(404)
    report, _ = teams_import.check_teams(data, name, _teams_mapping(request.args.get("mapping")))
    if file_format == "xlsx":
        return report.send_xlsx("teams-import-problems.xlsx")
    return report.send_csv("teams-import-problems.csv")


# Linking accounts to staff records


def _staff_or_404(staff_id: int) -> StaffMember:
    staff_member = people_dao.get_staff_member(staff_id)
    if staff_member is None:
        abort(404)
    return staff_member


@blueprint.route("/staff/<int:staff_id>/account", methods=["GET", "POST"])
@permission_required(GoLivePermission.MANAGE_ACCOUNTS)
def link_account(staff_id: int):
    staff_member = _staff_or_404(staff_id)
    matches = [match.user for match in services.email_matches(staff_member)]
    candidates = matches + [user for user in services.unlinked_accounts() if user not in matches]
    form = LinkAccountForm()
    form.account.choices = [
        (
            user.id,
            f"{user.name} ({user.email}, {user.role.label.lower()})" + (" - same email" if user in matches else ""),
        )
        for user in candidates
    ]
    if request.method == "GET" and matches:
        form.account.data = matches[0].id
    if staff_member.user is None and form.validate_on_submit():
        user = db.session.get(User, form.account.data)
        done = save_or_show(
            form,
            lambda: services.link_account(staff_member, user),
            refused=services.AccountError,
            saved=f"{user.email} is now linked to the staff record of {staff_member}",
            then=url_for("people.show_staff", staff_id=staff_member.id),
            fallback="account",
        )
        if done:
            return done
    return render_template(
        "golive/link_account.html", person=staff_member, form=form, matches=matches, unlink=UnlinkAccountForm()
    )


@blueprint.route("/staff/<int:staff_id>/account/unlink", methods=["POST"])
@permission_required(GoLivePermission.MANAGE_ACCOUNTS)
def unlink_account(staff_id: int):
    staff_member = _staff_or_404(staff_id)
    form = UnlinkAccountForm()
    back = url_for("golive.link_account", staff_id=staff_member.id)
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.unlink_account(staff_member),
            saved=lambda user: (
                f"{user.email} is no longer linked to the staff record of {staff_member}" if user is not None else None
            ),
            then=back,
        )
    return redirect(back)


@blueprint.route("/admin/accounts/matches", methods=["GET"])
@permission_required(GoLivePermission.MANAGE_ACCOUNTS)
def email_matches():
    return render_template("golive/matches.html", matches=services.email_matches(), form=LinkMatchForm())


@blueprint.route("/admin/accounts/matches/<int:staff_id>/<int:user_id>", methods=["POST"])
@permission_required(GoLivePermission.MANAGE_ACCOUNTS)
def link_match(staff_id: int, user_id: int):
    staff_member = _staff_or_404(staff_id)
    match = next((m for m in services.email_matches(staff_member) if m.user.id == user_id), None)
    if match is None or not LinkMatchForm().validate_on_submit():
        abort(404)
    return save_or_show(
        None,
        lambda: services.link_account(staff_member, match.user, note="Linked by matching work email"),
        refused=services.AccountError,
        saved=f"{match.user.email} is now linked to the staff record of {staff_member}",
        then=url_for("golive.email_matches"),
    )


# Provisioning


def _team_from(value: str | None) -> Team | None:
    if not value:
        return None
    team = db.session.get(Team, int(value)) if str(value).isdigit() else None
    if team is None:
        abort(404)
    return team


@blueprint.route("/admin/accounts/provision", methods=["GET", "POST"])
@permission_required(GoLivePermission.MANAGE_ACCOUNTS)
def provision_accounts():
    """Accounts for imported staff: the role each would get, shown for confirmation before anything is made."""
    filter_form = ProvisionTeamForm(request.args)
    filter_form.team.choices = [("", "All teams")] + [(str(team.id), team.name) for team in teams_dao.list_teams()]
    form = ProvisionForm()
    team = _team_from(form.for_team.data if request.method == "POST" else filter_form.team.data)
    plan = services.plan_provisioning(team)
    form.staff.choices = [(planned.staff_member.id, str(planned.staff_member)) for planned in plan.to_create]
    if request.method == "GET":
        form.staff.data = [planned.staff_member.id for planned in plan.to_create]
        form.for_team.data = str(team.id) if team else ""
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.provision(plan, form.staff.data),
            saved=lambda created: f"Created {len(created)} accounts, each linked to its staff record",
            then=url_for("golive.provision_accounts", team=form.for_team.data or None),
        )
    return render_template(
        "golive/provision.html",
        plan=plan,
        form=form,
        filter_form=filter_form,
    )
