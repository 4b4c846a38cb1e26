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


@cli.group()
def annotations() -> None:
    """Labels, flags, review status and comments in and out as JSONL (one object per line)."""


_DB_HELP = "annotation database URL (default: VIEWER_DB_URL, else a SQLite file beside the data)"


@annotations.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--session", "session_id", help="only this session")
@click.option("--db", "db_url", help=_DB_HELP)
def annotations_export(file: str, session_id: str | None, db_url: str | None) -> None:
    """Write live annotations to FILE ("-": stdout)."""
    from viewer.review import commands

    sys.exit(commands.export(file, session_id, db_url))


@annotations.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--as", "who", help="who the audit log names (default: your login name)")
def annotations_import(file: str, db_url: str | None, who: str | None) -> None:
    """Import FILE in one transaction: all lines or none."""
    from viewer.review import commands

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
