"""Commands: ``flask --app wsgi portal <command>``."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.accounts import admin, services as account_services, session_records, throttle, twofactor
from portal.accounts.roles import INSPECTORATES, Role
from portal.core import audit, clock, forms, outbox, storage, storage_spool, storage_verify
from portal.demo import seed_demo
from portal.extensions import db
from portal.inspections import report_targets
from portal.monitoring_reports import gaps, reminders, services as monitoring_services
from portal.next_steps import reminders as next_step_reminders
from portal.notifications import services as notification_services
from portal.providers.models import Provider
from portal.providers.rules import REGIONS
from portal.requirements import reminders as compliance_reminders

portal_cli = AppGroup("portal", help="Commands of the provider portal.")


@portal_cli.command("seed-demo")
def seed_demo_command():
    """Create the demo providers, settings, users and inspections (safe to run again)."""

    accounts = seed_demo(clock.now())
    click.echo(f"Demo accounts (password for every account: {accounts.password})\n")
    click.echo(f"{'Role':<26} {'E-mail':<38} Works with")
    for role, email, scope in accounts.rows:
        click.echo(f"{role:<26} {email:<38} {scope}")


@portal_cli.command("send-outbox")
def send_outbox_command():
    """Deliver pending notifications over SMTP (needs SMTP_HOST)."""

    if not current_app.config.get("SMTP_HOST"):
        raise click.ClickException("SMTP_HOST is not set: messages stay in the outbox, readable in the portal.")
    sent, failed = outbox.deliver_pending(current_app.config, clock.now())
    click.echo(f"Sent {sent}, failed {failed}.")
    if failed:
        raise SystemExit(1)


@portal_cli.command("send-reminders")
@click.option("--days-before", default=7, show_default=True, help="Remind this many days before a report is due.")
def send_reminders_command(days_before):
    """Queue reminders of visit reports and reviews due soon or overdue, and of monitoring visits
    after compliance notices (safe to run again)."""
    now = clock.now()
    click.echo(f"Queued {reminders.send(now, days_before)} reminders.")
    click.echo(f"Queued {compliance_reminders.send(now)} reminders of monitoring visits after compliance notices.")
    click.echo(f"Queued {next_step_reminders.send(now)} reminders of next steps after inadequate judgements.")


@portal_cli.command("purge-pending")
@click.option("--days", default=7, show_default=True, help="Forget unsent answers older than this.")
def purge_pending_command(days):
    """Forget reports left on their check-your-answers page and never sent."""

    click.echo(f"Forgot {monitoring_services.purge_pending(clock.now(), days)} unsent reports.")
    click.echo(f"Forgot {notification_services.purge_drafts(clock.now(), days)} unsent notifications.")


@portal_cli.command("purge-sign-in-counts")
def purge_sign_in_counts_command():
    """Forget failed sign-in counts that no longer slow anyone down (safe to run at any time)."""

    click.echo(f"Forgot {throttle.purge(clock.now())} sign-in counts.")


@portal_cli.command("purge-sessions")
def purge_sessions_command():
    """Forget the records of sessions that ended over 30 days ago (safe to run at any time)."""
    from datetime import timedelta

    forgotten = session_records.purge(clock.now(), timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"]))
    db.session.commit()
    click.echo(f"Forgot {forgotten} ended sessions.")


@portal_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--provider", "provider_name", default=None, help="Provider name, for provider-side roles.")
@click.option(
    "--inspectorate",
    default="ofsted",
    show_default=True,
    type=click.Choice(list(INSPECTORATES)),
    help="For inspectorate roles: the inspectorate they inspect for (HMIP and CQC join STC inspections).",
)
@click.option(
    "--region",
    default=None,
    type=click.Choice(REGIONS),
    help="For inspectors: the region whose settings' visit reports and reviews they read, besides "
    "those of their inspections.",
)
@click.password_option()
def create_user_command(email, name, role, provider_name, inspectorate, region, password):
    """Create a user account."""

    problem = "Enter a name" if not name.strip() else forms.person_name_problem(name)  # as every form checks names
    if problem:
        raise click.ClickException(problem)
    name = " ".join(name.split())
    try:
        user = admin.create_user(
            email=email,
            name=name,
            role=role,
            provider_id=db.session.scalar(select(Provider.id).where(Provider.name == provider_name)),
            password=password,
            now=clock.now(),
            inspectorate=inspectorate,
            region=region,
        )
    except admin.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.email} ({user.role}).")


@portal_cli.command("set-region")
@click.option("--email", required=True)
@click.option(
    "--region",
    default=None,
    type=click.Choice(REGIONS),
    help="The region whose settings' visit reports and reviews the inspector reads; leave out for none.",
)
def set_region_command(email, region):
    """Move an inspector to another region (or to none: only their inspections' settings)."""

    try:
        admin.set_region(email, region, clock.now())
    except admin.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{email} now reads the visit reports of {region or 'their inspections only'}"
        f"{' and of their inspections' if region else ''}."
    )


@portal_cli.command("verify-audit")
def verify_audit_command():
    """Check the audit trail's hash chain and report the first broken link."""

    result = audit.verify()
    if result.reason is None:
        click.echo(f"The audit trail is intact: {result.checked} events checked.")
        return
    where = f"at event {result.broken_at}" if result.broken_at else "at its end"
    raise click.ClickException(
        f"The audit trail is broken {where}: {result.reason}. {result.checked} events before it are intact."
    )


@portal_cli.command("recount-report-targets")
def recount_report_targets_command():
    """Work out every ended inspection's report targets again (after upgrading ``holidays``)."""

    changed = report_targets.recount()
    click.echo(f"Report targets recounted: {changed} inspection{'s' if changed != 1 else ''} changed.")


@portal_cli.command("recount-monitoring-gaps")
def recount_monitoring_gaps_command():
    """Count every setting's late and missing reports for today (nightly, after midnight UK time)."""

    counted = gaps.recount_all(clock.now())
    click.echo(f"Late and missing reports counted for {counted} setting{'s' if counted != 1 else ''}.")


@portal_cli.command("verify-files")
def verify_files_command():
    """Re-hash every stored file on the configured store; name any missing or altered one."""

    try:
        result = storage_verify.verify_all()
    except storage.StorageUnavailable as error:
        raise click.ClickException(f"The file store cannot be read: {error}") from None
    for kind, shas in (("Missing", result.missing), ("Altered", result.altered)):
        for sha256 in shas:
            click.echo(f"{kind}: {sha256}, used by {', '.join(result.names[sha256])}")
    if not result.sound:
        raise click.ClickException(
            f"{len(result.missing)} missing and {len(result.altered)} altered of {result.checked} stored files."
        )
    click.echo(f"Every stored file is intact: {result.checked} checked.")


@portal_cli.command("sweep-uploads")
@click.option("--hours", default=24.0, show_default=True, help="Remove spooled uploads untouched for this long.")
def sweep_uploads_command(hours):
    """Remove spooled uploads left behind by a process killed while receiving them."""

    swept = storage_spool.sweep(clock.now(), hours)
    click.echo(f"Removed {swept.removed} abandoned uploads; {swept.kept} newer ones left in place.")


@portal_cli.command("reset-two-factor")
@click.option("--email", required=True, help="The e-mail address of the person who lost their phone.")
def reset_two_factor_command(email):
    """Clear someone's two-factor sign-in, recovery codes and remembered browsers."""

    user = account_services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the e-mail address {email}.")
    twofactor.reset(user, None, clock.now())
    then = "set it up again at their next sign-in" if twofactor.is_required(user) else "sign in with their password"
    click.echo(f"Two-factor sign-in is reset for {user.email}: they {then}.")


def register(app: Flask) -> None:
    app.cli.add_command(portal_cli)
