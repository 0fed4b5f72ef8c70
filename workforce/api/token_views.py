"""Pages to create, list and revoke API tokens (your own, or any user's for administrators), and the API docs."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, url_for
from flask_login import current_user

from workforce.api import dao, openapi, services
from workforce.api.constants import ApiPermission
from workforce.api.forms import CreateTokenForm, CreateTokenForUserForm
from workforce.api.models import ApiToken
from workforce.extensions import db
from workforce.kernel.forms import save_or_show
from workforce.kernel.permissions import permission_required, signed_in

blueprint = Blueprint("api_tokens", __name__, template_folder="templates")


def _show_created(token: ApiToken, secret: str, back: str):
    # The only time the secret is ever shown: the page is not cached (the kernel sets no-store).
    return render_template("api/token_created.html", token=token, secret=secret, back=back)


@blueprint.route("/account/api-tokens")
@permission_required(ApiPermission.USE_API)
def list_own_tokens():
    return render_template("api/tokens.html", tokens=dao.list_tokens_of(current_user), administering=False)


@blueprint.route("/account/api-tokens/new", methods=["GET", "POST"])
@permission_required(ApiPermission.USE_API)
def create_own_token():
    form = CreateTokenForm()
    form.scopes.choices = dao.available_scopes()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        token, secret = services.create_token(user, form.name.data, form.scopes.data, int(form.lifetime.data), user)
        db.session.commit()
        return _show_created(token, secret, url_for("api_tokens.list_own_tokens"))
    return render_template("api/token_form.html", form=form, title="Create an API token")


@blueprint.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required(ApiPermission.USE_API)
def revoke_own_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    return _revoke(token, url_for("api_tokens.list_own_tokens"))


@blueprint.route("/admin/api-tokens")
@permission_required(ApiPermission.MANAGE_TOKENS)
def list_all_tokens():
    return render_template("api/tokens.html", tokens=dao.list_all_tokens(), administering=True)


@blueprint.route("/admin/api-tokens/new", methods=["GET", "POST"])
@permission_required(ApiPermission.MANAGE_TOKENS)
def create_token_for_user():
    form = CreateTokenForUserForm()
    form.scopes.choices = dao.available_scopes()
    users = dao.list_active_users()
    form.user.choices = [(user.id, f"{user.name} ({user.role.label})") for user in users]
    if form.validate_on_submit():
        user = next(user for user in users if user.id == form.user.data)
        token, secret = services.create_token(
            user, form.name.data, form.scopes.data, int(form.lifetime.data), current_user._get_current_object()
        )
        db.session.commit()
        return _show_created(token, secret, url_for("api_tokens.list_all_tokens"))
    return render_template("api/token_form.html", form=form, title="Create an API token for a user")


@blueprint.route("/admin/api-tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required(ApiPermission.MANAGE_TOKENS)
def revoke_any_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None:
        abort(404)
    return _revoke(token, url_for("api_tokens.list_all_tokens"))


def _revoke(token: ApiToken, back: str):
    return save_or_show(
        None,
        lambda: services.revoke_token(token, current_user._get_current_object()),
        saved=f"The token {token.name} has been revoked",
        then=back,
    )


@blueprint.route("/api-documentation")
@signed_in
def api_documentation():
    return render_template("api/documentation.html", description=openapi.build_description())


@blueprint.route("/api-documentation/download/openapi.json")
@signed_in
def openapi_for_download():
    response = jsonify(openapi.build_description())
    response.headers["Content-Disposition"] = 'attachment; filename="wpq-openapi.json"'
    return response
