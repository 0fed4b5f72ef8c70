"""A person's reminder settings and the messages WPQ has sent or kept for them."""

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from workforce.kernel.forms import save_or_show
from workforce.kernel.notifications import dao, services
from workforce.kernel.notifications.channels import configured_channel
from workforce.kernel.notifications.constants import DigestFrequency
from workforce.kernel.notifications.forms import ChooseDigestForm
from workforce.kernel.permissions import signed_in

blueprint = Blueprint("notifications", __name__, template_folder="templates")


@blueprint.route("/account/notifications", methods=["GET", "POST"])
@signed_in
def choose_digest():
    form = ChooseDigestForm()
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.set_preference(current_user._get_current_object(), DigestFrequency(form.frequency.data)),
            saved="Your reminder settings have been saved",
            then=url_for("notifications.choose_digest"),
        )
    if not form.is_submitted():
        form.frequency.data = dao.get_preference(current_user).value
    return render_template("notifications/choose_digest.html", form=form, channel=configured_channel())


@blueprint.route("/account/messages")
@signed_in
def list_messages():
    return render_template(
        "notifications/messages.html", messages=dao.list_messages_for(current_user), channel=configured_channel()
    )
