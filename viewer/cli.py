"""The command line: one subcommand per job, each a thin call into the package.

Exit codes: 0 success, 1 the input is bad (problems printed as `path:line: code: message`), 2 usage error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trace-viewer")
def cli() -> None:
    """Trace viewer: replay, review and redact recorded computer-use sessions."""


def _remember_as(ctx: click.Context, _param, value: str | None) -> None:
    if value:
        ctx.meta["viewer_as"] = value


def _as_option(command):
    """`--as NAME` on a command whose role is checked (viewer.team.cli_identity)."""
    return click.option("--as", "as_user", expose_value=False, callback=_remember_as, metavar="NAME",
                        help="who runs this (default: VIEWER_USER, else your login name); "
                             "checked against the account's role when the database has accounts")(command)


def _allowed(action: str, db_url: str | None, data: Path | None = None, as_name: str | None = None) -> str:
    """The command-line user's name if their role may do `action`; else print why and exit 1."""
    from viewer.review.errors import ReviewError
    from viewer.team import cli_identity

    name = as_name or click.get_current_context().meta.get("viewer_as")
    try:
        return cli_identity.check(action, db_url, name, data).name
    except cli_identity.NotAllowed as exc:
        click.echo(f"not allowed: {exc}", err=True)
    except ReviewError as exc:
        click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--long-gap", default=300.0, show_default=True, help="warn about gaps longer than this (s)")
def validate(paths: tuple[Path, ...], long_gap: float) -> None:
    """Check sessions (or datasets of them); problems as `path:line: code: message`, exit 1 on errors."""
    from viewer.trace import commands

    sys.exit(commands.validate(list(paths), long_gap))


@cli.command()
@click.argument("session", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print the summary as JSON")
def info(session: Path, as_json: bool) -> None:
    """A one-screen summary of SESSION: duration, events by type, screens, apps, screenshots."""
    from viewer.trace import commands

    sys.exit(commands.info(session, as_json))


@cli.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--sessions", default=3, show_default=True, type=click.IntRange(1, 1000))
@click.option("--minutes", default=3.0, show_default=True, type=click.FloatRange(0.1, 240))
@click.option("--seed", default=0, show_default=True, type=int)
def sample(out: Path, sessions: int, minutes: float, seed: int) -> None:
    """Write deterministic synthetic sessions (with truth.json naming their sensitive moments) to OUT."""
    from viewer.sample import command

    sys.exit(command.run(out, sessions, minutes, seed))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--ocr", is_flag=True, help="also read changed screenshots with Tesseract")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per finding")
@click.option("--db", "db_url", help="annotation database URL (default: VIEWER_DB_URL, else beside the data)")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML/JSON file with extra patterns and window-title rules")
@click.option("--no-store", is_flag=True, help="print only; store no flags")
@_as_option
def suggest(paths: tuple[Path, ...], ocr: bool, as_json: bool, db_url: str | None, config_path: Path | None,
            no_store: bool) -> None:
    """Suggest sensitive flags (passwords, secrets, personal data) for sessions; stored as `suggested`."""
    from viewer.sensitive import commands

    _allowed("view" if no_store else "annotate", db_url)
    sys.exit(commands.suggest(list(paths), ocr, as_json, db_url, config_path, store_flags=not no_store))


@cli.command()
@click.argument("session", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--start", default=0.0, show_default=True, type=float, help="first second of the clip")
@click.option("--end", type=float, help="last second of the clip (default: the end of the session)")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="the .mp4 to write")
@click.option("--fps", default=10.0, show_default=True, type=click.FloatRange(0.1, 60), help="frames per second")
def render(session: Path, start: float, end: float | None, out: Path, fps: float) -> None:
    """Write a video of SESSION from --start to --end with the replay overlays (cursor, clicks, keys, title)."""
    from viewer.replay import command

    sys.exit(command.render(session, start, end, out, fps))


@cli.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="the report: .parquet or .csv, one row per session")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local worker processes, or a Dask cluster")
@click.option("--address", help="a running Dask scheduler (default with --engine dask: a LocalCluster)")
@click.option("--workers", type=click.IntRange(1, 1024), help="worker processes (default: CPUs, at most 8)")
@click.option("--db", "db_url", help="annotation database for label coverage, flags and review status")
@click.option("--full", is_flag=True, help="read every session again, even unchanged ones")
@click.option("--set", "-T", "pairs", multiple=True, metavar="NAME=VALUE",
              help="override a threshold (also VIEWER_QA_<NAME>), e.g. -T long_gap=600")
@_as_option
def qa(dataset: Path, out: Path, engine: str, address: str | None, workers: int | None, db_url: str | None,
       full: bool, pairs: tuple[str, ...]) -> None:
    """Scan DATASET for data-quality problems: one row of metrics and problem codes per session."""
    from viewer.quality import command

    _allowed("qa", db_url, dataset)
    sys.exit(command.run(dataset, out, engine, address, workers, db_url, full, pairs))


@cli.group()
def users() -> None:
    """Team-mode accounts: who may log in, and with which role (reviewer, researcher, admin)."""


_ROLE = click.Choice(["reviewer", "researcher", "admin"])
_USERS_DB_HELP = "database URL (default: VIEWER_DB_URL, else a SQLite file beside the data)"


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=_ROLE)
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
def users_add(name: str, role: str, db_url: str | None) -> None:
    """Add an account; the password is read from stdin, or prompted for twice on a terminal."""
    from viewer.team import commands

    who = _allowed("manage_users", db_url)
    sys.exit(commands.add(name, role, db_url, who))


@users.command("list")
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
def users_list(db_url: str | None) -> None:
    """List accounts: name, role, active/disabled/locked, created."""
    from viewer.team import commands

    _allowed("manage_users", db_url)
    sys.exit(commands.list_(db_url))


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=_ROLE)
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
def users_set_role(name: str, role: str, db_url: str | None) -> None:
    """Change an account's role."""
    from viewer.team import commands

    who = _allowed("manage_users", db_url)
    sys.exit(commands.set_role(name, role, db_url, who))


@users.command("disable")
@click.argument("name")
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
def users_disable(name: str, db_url: str | None) -> None:
    """Disable an account: it can no longer log in (the last active admin cannot be disabled)."""
    from viewer.team import commands

    who = _allowed("manage_users", db_url)
    sys.exit(commands.disable(name, db_url, who))


@cli.command("auth-check")
@click.option("--address", help="the address the app will listen on (as --server.address)")
@click.option("--db", "db_url", help=_USERS_DB_HELP)
def auth_check(address: str | None, db_url: str | None) -> None:
    """Exit 1 when the app would refuse to start on ADDRESS with this VIEWER_AUTH, or needs login but has no
    active account."""
    from viewer.team import commands

    sys.exit(commands.auth_check(address, os.environ.get("VIEWER_AUTH"), db_url))


@cli.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--approved-only", "approved_only", is_flag=True, default=True,
              help="export only approved sessions (the default)")
@click.option("--include-status", "statuses", multiple=True,
              type=click.Choice(["unreviewed", "in_review", "approved", "rejected", "needs_changes"]),
              help="export sessions with this review status instead (repeatable)")
@click.option("--db", "db_url", help="annotation database URL (default: VIEWER_DB_URL, else beside the data)")
@click.option("--key-env", default="VIEWER_EXPORT_KEY", show_default=True,
              help="environment variable holding the secret key for pseudonymising users")
@_as_option
def export(dataset: Path, out: Path, approved_only: bool, statuses: tuple[str, ...], db_url: str | None,
           key_env: str) -> None:
    """Write a redacted copy of DATASET's approved sessions to OUT, with every accepted flag applied."""
    from viewer.export import commands

    _allowed("export", db_url, dataset)
    sys.exit(commands.export(dataset, out, statuses, db_url, key_env))


@cli.command("verify-export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--db", "db_url", help="annotation database: also check every accepted flag was applied")
@_as_option
def verify_export(out: Path, db_url: str | None) -> None:
    """Re-check OUT's file hashes and (with a database) that every accepted flag was applied."""
    from viewer.export import commands

    if db_url or os.environ.get("VIEWER_DB_URL"):  # reads the annotations only then
        _allowed("view", db_url)
    sys.exit(commands.verify(out, db_url))


@cli.group()
def annotations() -> None:
    """Labels, flags, review status and comments in and out as JSONL (one object per line)."""


_DB_HELP = "annotation database URL (default: VIEWER_DB_URL, else a SQLite file beside the data)"


@annotations.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--session", "session_id", help="only this session")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def annotations_export(file: str, session_id: str | None, db_url: str | None) -> None:
    """Write live annotations to FILE ("-": stdout)."""
    from viewer.review import commands

    _allowed("view", db_url)
    sys.exit(commands.export(file, session_id, db_url))


@annotations.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--as", "who", help="who imports (default: VIEWER_USER, else your login name): the audit log names "
              "them, and their role is checked when the database has accounts")
def annotations_import(file: str, db_url: str | None, who: str | None) -> None:
    """Import FILE in one transaction: all lines or none."""
    from viewer.review import commands

    who = _allowed("annotate", db_url, as_name=who)
    sys.exit(commands.import_(file, db_url, who))


@cli.command("import")
@click.argument("src", type=click.Path())
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--from", "source", type=click.Choice(["ducktrack", "openadapt", "steps"]),
              help="the recorder's format (default: recognised from the files)")
def import_recordings(src: str, dest: str, source: str | None) -> None:
    """Convert recordings at SRC (one, or a directory of many) into trace/1 sessions under DEST."""
    from pathlib import Path

    from viewer.importers import command

    sys.exit(command.run(Path(src), Path(dest), source))


@cli.command("erase-user")
@click.argument("name")
@click.option("--data", "dataset", type=click.Path(path_type=Path),
              help="the dataset holding NAME's sessions (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--dry-run", is_flag=True, help="only show what would be erased (the default without --yes)")
@click.option("--yes", is_flag=True, help="really erase")
@_as_option
def erase_user(name: str, dataset: Path | None, db_url: str | None, dry_run: bool, yes: bool) -> None:
    """Erase a data subject: NAME's sessions (manifest `user`) and every annotation, audit row and cache entry
    about them. Previews unless --yes."""
    from viewer import settings
    from viewer.team import cli_identity, erase_command

    if dry_run and yes:
        raise click.UsageError("--dry-run and --yes contradict each other")
    dataset = dataset or settings.load().data
    who = _allowed("delete", db_url, dataset)
    sys.exit(erase_command.run(name, dataset, cli_identity.database_url(db_url, dataset), settings.load().cache,
                               who, apply=yes))


@cli.group("queue")
def queue_group() -> None:
    """The review queue: take the next session to review, give it back, see who holds what."""


@queue_group.command("next")
@click.option("--data", type=click.Path(path_type=Path), help="the dataset (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def queue_next(data: Path | None, db_url: str | None) -> None:
    """Lease the next session to review (or your current one) and print it."""
    from viewer import settings
    from viewer.team import cli_identity, queue_command

    conf = settings.load()
    data = data or conf.data
    who = _allowed("annotate", db_url, data)
    sys.exit(queue_command.next_(cli_identity.database_url(db_url, data), data, who, conf.cache))


@queue_group.command("release")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def queue_release(db_url: str | None) -> None:
    """Give your leased session back without a verdict."""
    from viewer.team import cli_identity, queue_command

    who = _allowed("annotate", db_url)
    sys.exit(queue_command.release(cli_identity.database_url(db_url), who))


@queue_group.command("list")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def queue_list(db_url: str | None) -> None:
    """Every live lease: session, reviewer, round, expiry."""
    from viewer.team import cli_identity, queue_command

    _allowed("view", db_url)
    sys.exit(queue_command.list_(cli_identity.database_url(db_url)))


def main() -> None:
    try:
        cli.main(prog_name="python -m viewer", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback; the type says what broke
        if os.environ.get("VIEWER_DEBUG"):
            raise
        click.echo(f"error: unexpected {type(exc).__name__}; set VIEWER_DEBUG=1 for details", err=True)
        sys.exit(EXIT_BAD_INPUT)
