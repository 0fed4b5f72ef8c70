"""Home page per role, the header sections' pages, your account, accessibility statement and privacy notice."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from workforce.kernel.contract import registry
from workforce.kernel.forms import save_or_show
from workforce.kernel.freshness import kept_page
from workforce.kernel.navigation import section_entries
from workforce.kernel.pages import services
from workforce.kernel.pages.forms import ChangePasswordForm
from workforce.kernel.permissions import public, signed_in, user_can

blueprint = Blueprint("pages", __name__, template_folder="templates")


@blueprint.route("/")
@signed_in
@kept_page
def home():
    panels = []
    for panel in registry().home_panels:
        if current_user.role not in panel.roles:
            continue
        context = panel.context(current_user)
        if context is not None:
            panels.append((panel, context))
    return render_template("pages/home.html", panels=panels)


@blueprint.route("/sections/<key>")
@signed_in
def section(key: str):
    """A section of the header: the pages in it the user may open, each with what it is for.

    Deny by default: a section holding no page the user may open is refused, as its pages are."""
    modules = registry()
    found = modules.sections.get(key)
    if found is None:
        abort(404)
    entries = section_entries(modules, key, user_can)
    if not entries:
        abort(403)
    if len(entries) == 1:
        return redirect(url_for(entries[0].endpoint))
    return render_template("pages/section.html", section=found, entries=entries)


@blueprint.route("/account", methods=["GET", "POST"])
@signed_in
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.change_own_password(current_user._get_current_object(), form.new_password.data),
            saved="Your password has been changed. You are signed out everywhere else.",
            then=url_for("pages.account"),
        )
    permissions = registry().permissions_of(current_user.role)
    return render_template("pages/account.html", form=form, permissions=permissions)


@blueprint.route("/accessibility-statement")
@public
def accessibility_statement():
    return render_template("pages/accessibility_statement.html")


@blueprint.route("/privacy-notice")
@public
def privacy_notice():
    return render_template("pages/privacy_notice.html")
