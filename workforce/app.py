"""The application factory: the only module that loads the feature modules."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from workforce import config as wpq_config
from workforce.extensions import csrf, db, limiter, login_manager, migrate
from workforce.kernel import (
    database,
    freshness,  # noqa: F401  (its session events note which tables each commit changes)
    jobs,
    rate_limits,
    stored_figures,
    web,
)
from workforce.kernel.audit_trail import safety_net
from workforce.kernel.contract import create_registry

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
KERNEL = Path(__file__).resolve().parent / "kernel"


def create_app(config: dict | str | None = None) -> Flask:
    """Build a WPQ app. `config` is a config name ("testing", "production") or a dict of overrides,
    whose optional "WPQ_ENV" key names the config class."""
    overrides = {"WPQ_ENV": config} if isinstance(config, str) else dict(config or {})
    app = Flask(
        "workforce",
        template_folder=str(KERNEL / "templates"),
        static_folder=str(KERNEL / "static"),
        static_url_path="/static",
        instance_relative_config=True,
    )
    register_config(app, overrides)
    register_templates(app)
    register_extensions(app)
    register_modules(app)
    return app


def register_config(app: Flask, overrides: dict) -> None:
    config_class = wpq_config.config_for(overrides.pop("WPQ_ENV", None))
    app.config.from_object(config_class)
    app.config.update(wpq_config.environment_overrides())
    app.config.update(overrides)
    if config_class is wpq_config.ProductionConfig:
        wpq_config.ProductionConfig.check(app.config.get("SECRET_KEY"))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "wpq.sqlite3")
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **wpq_config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    rate_limits.configure(app.config)


def register_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(KERNEL / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    WTFormsHelpers(app)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(MIGRATIONS),
        render_as_batch=True,
        compare_type=True,
        render_item=database.render_migration_item,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    safety_net.init_app(app)


def register_modules(app: Flask) -> None:
    """The composition root: the kernel first, then the workforce features, then the other modules."""
    modules = create_registry(app)
    web.init_app(app)
    stored_figures.init_app(app)
    for module in feature_modules():
        module.init_app(app)
    # Last: the queue registers every module's job kinds and schedules.
    jobs.init_app(app)
    modules.check_requirements()
    modules.check_navigation()


def feature_modules() -> tuple:
    """Every module that contributes to WPQ through the module contract, in load order."""
    import academy
    import audits
    import supervision
    from workforce import (
        agency,
        api,
        benchmarks,
        caseloads,
        census,
        golive,
        improvement,
        people,
        recruitment,
        retention,
    )

    # agency after improvement: both add to the one `wpq export` command group.
    return (
        people,
        caseloads,
        recruitment,
        retention,
        benchmarks,
        census,
        supervision,
        audits,
        academy,
        improvement,
        agency,
        api,
        golive,
    )
