"""`wpq notifications`: run a round of reminders by hand, list the rules and change their settings."""

from __future__ import annotations

import json

import click
from flask import current_app

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.dates import display_date
from workforce.kernel.notifications import rounds, services
from workforce.kernel.notifications.channels import configured_channel
from workforce.kernel.notifications.rules import collect, put_rule_setting, rule_settings, rules


@click.group("notifications", help="Reminders and escalations: send a round, list the rules.")
def notifications():
    pass


def _request_context():
    """Rules build links with url_for, which needs a request context outside the web."""
    return current_app.test_request_context("/")


@notifications.command("send", help="Run one round: record new reminders and send what is waiting.")
@click.option("--dry-run", is_flag=True, help="List what would be sent, by rule, and change nothing.")
@click.option("--digests", is_flag=True, help="Also build the daily and weekly digests that are due today.")
def send(dry_run: bool, digests: bool):
    on = clock.today()
    with _request_context(), audit_trail.acting_as("Command line: wpq notifications send"):
        channel = configured_channel()
        if dry_run:
            plan = services.plan_round(collect(on))
            click.echo(
                f"Dry run on {display_date(on)}; channel: {channel.name if channel else 'none (kept in the app)'}"
            )
            click.echo(f"{'Rule':<36} {'Found':>6} {'New':>6} {'Sent now':>9} {'To digests':>11}")
            for rule, found, new, now in plan:
                click.echo(f"{rule.key:<36} {found:>6} {new:>6} {now:>9} {new - now:>11}")
            click.echo(
                f"Total: {sum(row[1] for row in plan)} found, {sum(row[2] for row in plan)} new, "
                f"{sum(row[3] for row in plan)} to send now"
            )
            db.session.rollback()
            return
        report = rounds.send_round(on, digests=digests)
    click.echo(
        f"Recorded {report.recorded} new reminder(s), built {report.digests} digest(s); "
        f"sent {report.sent}, failed {report.failed}, kept in the app {report.kept}."
    )
    for error in sorted(set(report.errors))[:5]:
        click.echo(f"Failed: {error}", err=True)


@notifications.command("rules", help="List every reminder rule with its settings.")
def list_rules():
    for rule in rules():
        click.echo(f"{rule.key} ({rule.module}): {rule.title}")
        click.echo(f"    {rule.description}")
        click.echo(f"    settings: {json.dumps(rule_settings(rule), sort_keys=True)}")


@notifications.command(
    "set", help="Change a rule's setting, e.g. `wpq notifications set supervision-due days_before 5`."
)
@click.argument("rule_key")
@click.argument("name")
@click.argument("value")
def set_rule(rule_key: str, name: str, value: str):
    found = {rule.key: rule for rule in rules()}.get(rule_key)
    if found is None:
        raise click.ClickException(f"There is no rule {rule_key!r}; `wpq notifications rules` lists them.")
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    current = rule_settings(found).get(name)
    if current is not None and type(parsed) is not type(current):
        raise click.ClickException(f"{name} is a {type(current).__name__}; {value!r} is not.")
    try:
        put_rule_setting(found, name, parsed)
    except KeyError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{rule_key}: {name} = {json.dumps(parsed)}")
