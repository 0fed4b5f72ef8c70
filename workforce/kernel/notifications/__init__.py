"""Notifications: who is told what (rules registered by the modules), the outbox, channels and digests."""

from flask import Flask

from workforce.kernel.contract import HomePanel, registry
from workforce.kernel.notifications import models  # noqa: F401  (the tables)
from workforce.kernel.roles import Role


def init_app(app: Flask) -> None:
    from workforce.kernel.notifications import commands, jobs, panels, views

    app.register_blueprint(views.blueprint)
    jobs.init_app(app)
    app.cli.add_command(commands.notifications)
    registry(app).add_home_panel(
        HomePanel("what-needs-you", "notifications/home_what_needs_you.html", frozenset(Role), panels.what_needs_you, 2)
    )
