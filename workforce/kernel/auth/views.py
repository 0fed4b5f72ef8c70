"""Sign-in and sign-out pages."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from workforce.extensions import db, limiter
from workforce.kernel import clock
from workforce.kernel.auth import services
from workforce.kernel.auth.forms import SignInForm
from workforce.kernel.permissions import public, signed_in

blueprint = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the home page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("pages.home")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = SignInForm()
    if form.validate_on_submit():
        outcome = services.attempt_sign_in(form.email.data, form.password.data)
        db.session.commit()
        if outcome.user is not None:
            session.clear()
            login_user(outcome.user)
            started = clock.now().timestamp()
            session["signed_in_at"] = started
            session["last_seen"] = started
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(outcome.message)
    return render_template("auth/sign_in.html", form=form)


@blueprint.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    logout_user()
    session.clear()
    flash("You have signed out", "success")
    return redirect(url_for("auth.sign_in"))
