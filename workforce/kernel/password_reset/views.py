"""The "forgot your password" pages. Same answer whether or not the address has an account."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from workforce.extensions import db, limiter
from workforce.kernel import passwords
from workforce.kernel.notifications.jobs import hand_over
from workforce.kernel.password_reset import services
from workforce.kernel.password_reset.forms import RequestResetForm, ResetPasswordForm
from workforce.kernel.permissions import public

blueprint = Blueprint("password_reset", __name__, template_folder="templates")


@blueprint.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])
def request_reset():
    if current_user.is_authenticated:
        return redirect(url_for("pages.account"))
    form = RequestResetForm()
    if form.validate_on_submit():
        message = services.request_reset(form.email.data, request.remote_addr)
        if message is not None:
            # Sent by the queue, so the answer comes as fast whether or not the address has an account.
            hand_over([message])
        db.session.commit()
        return redirect(url_for("password_reset.reset_requested"))
    return render_template("password_reset/request.html", form=form)


@blueprint.route("/forgot-password/sent")
@public
def reset_requested():
    return render_template(
        "password_reset/sent.html",
        minutes=int(current_app.config["PASSWORD_RESET_VALID_FOR"].total_seconds() // 60),
    )


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])
def reset_password(token: str):
    reset = services.find_usable(token)
    if reset is None:
        return render_template("password_reset/unusable.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problem = passwords.password_problem(form.new_password.data, email=reset.user.email, name=reset.user.name)
        if problem:
            form.new_password.errors.append(problem)
        else:
            services.complete_reset(reset, form.new_password.data)
            db.session.commit()
            flash("Your password has been changed. Sign in with your new password.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("password_reset/reset.html", form=form)
