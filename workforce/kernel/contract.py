"""The module contract: what a feature module contributes to WPQ, kept in a registry per app.

A module's `init_app(app)` calls `register_module`, then adds its blueprint, navigation entries,
permission grants, measures, demo seeders, export builders, home-page panels, reminder rules and
commands here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
from flask import Blueprint, Flask, current_app

from workforce.kernel.measures import MeasureRegistry
from workforce.kernel.providers import MissingProvider, Provider
from workforce.kernel.roles import KERNEL_GRANTS, Role

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ModuleInfo:
    name: str
    title: str
    description: str
    #: Providers the module cannot work without (`workforce.kernel.providers`), checked when the app starts.
    requires: tuple[Provider, ...] = ()


@dataclass(frozen=True)
class NavigationSection:
    """A top-level item of the header that groups related pages (`workforce.kernel.navigation`).

    It links to a page listing the section's pages the user may open, or straight to the only one."""

    key: str
    label: str
    order: int = 100
    #: One sentence under the section page's heading.
    description: str = ""


#: The sections every council has; a module adds its pages to one of these, or registers a section of its own.
PEOPLE = "people"
PRACTICE = "practice"
IMPROVEMENT = "improvement"
ADMINISTRATION = "administration"
KERNEL_SECTIONS = (
    NavigationSection(
        PEOPLE, "People", 20, "Staff records, posts, recruitment, agency workers, leavers and the census."
    ),
    NavigationSection(PRACTICE, "Practice", 30, "Supervision, case audits and caseloads."),
    NavigationSection(IMPROVEMENT, "Improvement", 70, "The improvement plan and how the council compares."),
    NavigationSection(
        ADMINISTRATION, "Administration", 90, "Users, teams, settings, background jobs and the audit trail."
    ),
)


@dataclass(frozen=True)
class NavigationEntry:
    """A page in the navigation: in its section's page (or, with no section, in the header itself)."""

    label: str
    endpoint: str
    #: Shown only to users holding this permission.
    permission: str
    order: int = 100
    #: Marked as the current section when the request path starts with this (the longest match wins).
    path_prefix: str | None = None
    #: The key of the `NavigationSection` it belongs to; None puts it in the header on its own.
    section: str | None = None
    #: One line on the section page saying what the page is for.
    description: str = ""


@dataclass(frozen=True)
class HomePanel:
    """A section of a role's home page; `context(user)` returns its template values, or None to hide it."""

    key: str
    template: str
    roles: frozenset[Role]
    context: Callable[[Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class DemoSeeder:
    """Adds one module's demo records; seeders run in order after the demo council's teams and users."""

    name: str
    order: int
    seed: Callable[[Any], None]


@dataclass(frozen=True)
class ExportBuilder:
    name: str
    title: str
    permission: str
    build: Callable[..., Any]


@dataclass(frozen=True)
class JobKind:
    """Work that runs in the worker (`workforce.kernel.jobs`): `run(context)` does it in one transaction and
    returns a `JobResult` (or None); `on_failure(context, reason)` marks the module's own records when it fails
    for good, in the transaction that records the failure."""

    name: str
    title: str
    run: Callable[[Any], Any]
    #: Attempts before the job is marked failed (a worker that dies counts as an attempt).
    max_attempts: int = 3
    #: Seconds to wait before another attempt after an error.
    retry_delay: int = 10
    on_failure: Callable[[Any, str], None] | None = None


@dataclass(frozen=True)
class Schedule:
    """Periodic work: the worker's scheduler starts a job of `kind` at the times `crontab` gives
    (Huey's crontab fields: minute, hour, day, month, day_of_week; "*" for every)."""

    name: str
    kind: str
    crontab: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ModuleRegistry:
    modules: dict[str, ModuleInfo] = field(default_factory=dict)
    navigation: list[NavigationEntry] = field(default_factory=list)
    sections: dict[str, NavigationSection] = field(default_factory=dict)
    home_panels: list[HomePanel] = field(default_factory=list)
    demo_seeders: list[DemoSeeder] = field(default_factory=list)
    exports: dict[str, ExportBuilder] = field(default_factory=dict)
    measures: MeasureRegistry = field(default_factory=MeasureRegistry)
    grants: dict[str, set[Role]] = field(default_factory=dict)
    #: Facts one module answers for others without being imported, by provider name: the typed constants
    #: of `workforce.kernel.providers`, for example `EARLY_CAREER_STATUS`, answered by the academy.
    providers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    #: JSON API resources and bulk imports (`workforce.api.resources.Resource`, `workforce.api.bulk.BulkImport`)
    #: by name; the API serves whatever modules add here, so a module needs no routes of its own.
    api_resources: dict[str, Any] = field(default_factory=dict)
    #: Checks that the data agrees with itself (`workforce.kernel.data_check.DataCheck`), run by
    #: `wpq data check` and on the data-check page.
    data_checks: list[Any] = field(default_factory=list)
    api_imports: dict[str, Any] = field(default_factory=dict)
    #: Reminder rules (`workforce.kernel.notifications.rules.NotificationRule`) by key: who is told what.
    notification_rules: dict[str, Any] = field(default_factory=dict)
    #: Kinds of background job and the schedules that start them (`workforce.kernel.jobs`).
    job_kinds: dict[str, JobKind] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)

    def add_job(self, kind: JobKind) -> None:
        if kind.name in self.job_kinds:
            raise ValueError(f"A job kind called {kind.name!r} is already registered.")
        if kind.max_attempts < 1:
            raise ValueError("A job kind needs at least one attempt.")
        self.job_kinds[kind.name] = kind

    def add_schedule(self, schedule: Schedule) -> None:
        if schedule.name in self.schedules:
            raise ValueError(f"A schedule called {schedule.name!r} is already registered.")
        self.schedules[schedule.name] = schedule

    def provide(self, provider: Provider[F], function: F) -> None:
        if not isinstance(provider, Provider):
            raise TypeError(f"Provide one of the providers in workforce.kernel.providers, not {provider!r}.")
        if provider.name in self.providers:
            raise ValueError(f"{provider.name!r} is already provided by another module.")
        self.providers[provider.name] = function

    def provided(self, provider: Provider[F]) -> F | None:
        """The function a module registered for `provider`, or None when no module provides it."""
        if not isinstance(provider, Provider):
            raise TypeError(f"Ask for one of the providers in workforce.kernel.providers, not {provider!r}.")
        return self.providers.get(provider.name)

    def required(self, provider: Provider[F]) -> F:
        """The function behind a provider the asking module declared in `requires` (so one is registered)."""
        function = self.provided(provider)
        if function is None:
            raise MissingProvider(f"No module provides {provider.name!r} ({provider.description}).")
        return function

    def check_requirements(self) -> None:
        """Refuse to start when a module requires a provider no module registered, so the gap shows at start-up
        and not on the first page that asks."""
        missing = [
            f"the {module.title} module requires {provider.name!r} ({provider.description})"
            for module in self.modules.values()
            for provider in module.requires
            if provider.name not in self.providers
        ]
        if missing:
            raise MissingProvider("No module provides what " + "; ".join(missing) + ".")

    def grant(self, permission: str, *roles: Role) -> None:
        self.grants.setdefault(str(permission), set()).update(roles)

    def role_has(self, role: Role, permission: str) -> bool:
        return role in self.grants.get(str(permission), ())

    def permissions_of(self, role: Role) -> list[str]:
        return sorted(permission for permission, roles in self.grants.items() if role in roles)

    def add_navigation(self, entry: NavigationEntry) -> None:
        if entry.section is not None and not entry.description:
            raise ValueError(f"The navigation entry {entry.label!r} needs a description for its section page.")
        self.navigation.append(entry)
        self.navigation.sort(key=lambda item: (item.order, item.label))

    def add_section(self, section: NavigationSection) -> None:
        if section.key in self.sections:
            raise ValueError(f"A navigation section called {section.key!r} is already registered.")
        self.sections[section.key] = section

    def check_navigation(self) -> None:
        """Refuse to start when a page names a section no module registered."""
        unknown = sorted({entry.section for entry in self.navigation} - set(self.sections) - {None})
        if unknown:
            raise ValueError("No module registers the navigation sections " + ", ".join(map(repr, unknown)) + ".")

    def add_home_panel(self, panel: HomePanel) -> None:
        self.home_panels.append(panel)
        self.home_panels.sort(key=lambda item: (item.order, item.key))

    def add_demo_seeder(self, seeder: DemoSeeder) -> None:
        if any(existing.name == seeder.name for existing in self.demo_seeders):
            raise ValueError(f"A demo seeder called {seeder.name!r} is already registered.")
        self.demo_seeders.append(seeder)
        self.demo_seeders.sort(key=lambda item: (item.order, item.name))

    def add_api_resource(self, resource: Any) -> None:
        if resource.name in self.api_resources:
            raise ValueError(f"An API resource called {resource.name!r} is already registered.")
        self.api_resources[resource.name] = resource

    def add_api_import(self, bulk_import: Any) -> None:
        if bulk_import.name in self.api_imports:
            raise ValueError(f"An API import called {bulk_import.name!r} is already registered.")
        self.api_imports[bulk_import.name] = bulk_import

    def add_notification_rule(self, rule: Any) -> None:
        if rule.key in self.notification_rules:
            raise ValueError(f"A notification rule called {rule.key!r} is already registered.")
        self.notification_rules[rule.key] = rule

    def add_export(self, builder: ExportBuilder) -> None:
        if builder.name in self.exports:
            raise ValueError(f"An export called {builder.name!r} is already registered.")
        self.exports[builder.name] = builder


def registry(app: Flask | None = None) -> ModuleRegistry:
    return (app or current_app).extensions["wpq"]


def create_registry(app: Flask) -> ModuleRegistry:
    modules = ModuleRegistry()
    for permission, roles in KERNEL_GRANTS.items():
        modules.grant(permission, *roles)
    for section in KERNEL_SECTIONS:
        modules.add_section(section)
    app.extensions["wpq"] = modules
    return modules


def register_module(
    app: Flask,
    name: str,
    title: str,
    description: str,
    blueprints: tuple[Blueprint, ...] = (),
    commands: tuple[click.Command, ...] = (),
    requires: tuple[Provider, ...] = (),
) -> ModuleRegistry:
    """Declare a module, register its blueprints and commands, and return the registry to add to.

    `requires` names the providers the module cannot work without; they may be registered by modules loaded
    later, and `create_app` checks them once every module is loaded."""
    modules = registry(app)
    if name in modules.modules:
        raise ValueError(f"The module {name!r} is already registered.")
    modules.modules[name] = ModuleInfo(name, title, description, tuple(requires))
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    for command in commands:
        app.cli.add_command(command)
    return modules
