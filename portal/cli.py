"""Command-line tools: `flask --app app seed-demo`, `create-admin`, `worker` and `housekeeping`."""
from __future__ import annotations

import click
from flask import Flask, current_app

from portal.auth.services import find_user_by_email, normalize_email
from portal.core import audit, jobs
from portal.core.passwords import hash_password, password_problems
from portal.demo import DEFAULT_PASSWORD, seed_demo
from portal.extensions import db
from portal.models.users import Role, User, UserStatus


@click.command("seed-demo")
@click.option("--password", default=DEFAULT_PASSWORD, show_default=True, help="Password of every demo login.")
def seed_demo_command(password: str) -> None:
    """Create two demo customers and provider staff, and print the logins as ROLE EMAIL PASSWORD."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):  # links in e-mails
        logins = seed_demo(password)
        db.session.commit()
    for label, email in logins:
        click.echo(f"{label} {email} {password}")


@click.command("create-admin")
@click.option("--email", prompt="E-mail address")
@click.option("--name", prompt="Full name")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create the first administrator of a real installation."""
    problems = password_problems(password, email)
    if problems:
        raise click.UsageError(" ".join(problems))
    if find_user_by_email(email) is not None:
        raise click.UsageError(f"{email} already has an account.")
    admin = User(email=normalize_email(email), name=name, role=Role.ADMIN, status=UserStatus.ACTIVE,
                 password_hash=hash_password(password))
    db.session.add(admin)
    db.session.flush()
    audit.record("user.created", admin, note="create-admin command")
    db.session.commit()
    click.echo(f"Administrator {admin.email} created. Log in at /login.")


@click.command("housekeeping")
def housekeeping_command() -> None:
    """Run the daily housekeeping now (the worker runs it every night by itself): expired drafts,
    orphaned files, old sent e-mails."""
    click.echo("\n".join(jobs.housekeeping()))


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at the same time in this process.")
@click.option("--no-periodic", is_flag=True, help="Leave the sweeper and housekeeping to another worker.")
def worker_command(threads: int, no_periodic: bool) -> None:
    """Run the background jobs (e-mail, documents, the sweeper, housekeeping) until stopped."""
    jobs.run_worker(threads, periodic=not no_periodic)


def init_cli(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(housekeeping_command)
    app.cli.add_command(worker_command)
