"""CLI bodies for `export` and `verify-export`."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT
from viewer import settings
from viewer.engine import EngineError
from viewer.review import ReviewError, Store
from viewer.sensitive.config import ConfigError, load_config

from .base import ExportError
from .manifest import verify_export
from .run import ExportRequest, consent_note, export_detail, run_export, undecided_note

__all__ = ["consent_note", "export", "export_detail", "progress_bar", "undecided_note", "verify"]


def _db(db_url: str | None, data: Path) -> str:
    from viewer.settings import default_db_url

    return db_url or default_db_url(data)


@contextmanager
def progress_bar(enabled: bool, console=None):
    """A rich progress bar on stderr (a terminal only); yields the export's progress callback (ExportProgress)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.fields[stage]}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   TextColumn("{task.fields[session]}"), console=console or Console(stderr=True), transient=True)
    task = bar.add_task("exporting", total=None, stage="starting", session="")
    with bar:
        yield lambda p: bar.update(task, completed=p.sessions_done, total=p.sessions_total or None,
                                   stage=p.stage, session=p.session or "")


def export(dataset: Path, out: Path, statuses: tuple[str, ...], db_url: str | None, key_env: str, *,
           pending: str = "refuse", config_path: Path | None = None, who: str = "?",
           purpose: str = "agent-training", recipient: str = "", cache: Path | None = None, hf=None,
           engine: str | None = None, address: str | None = None, workers: int | None = None,
           conf: settings.Settings | None = None) -> int:
    """`db_url` as the command line resolved it (settings.Settings.for_command); the key is the variable
    `key_env` as `conf` read it (default: read the settings now). The export itself is run_export's, as the
    Export page's is."""
    key = (conf or settings.load()).value(key_env).encode()
    if not key:
        click.echo(f"error: {key_env} is not set: a secret key is required to pseudonymise users", err=True)
        return EXIT_BAD_INPUT
    if Path(out).exists():
        click.echo(f"error: {out}: already exists; choose a new output directory", err=True)
        return EXIT_BAD_INPUT
    if not Path(dataset).is_dir():
        click.echo(f"error: {dataset}: not a directory", err=True)
        return EXIT_BAD_INPUT
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    request = ExportRequest(Path(dataset), Path(out), statuses or ("approved",), pending=pending, config=config,
                            purpose=purpose, recipient=recipient, who=who, cache=cache, hf=hf, engine=engine,
                            address=address, workers=workers)
    try:
        with Store.open(_db(db_url, Path(dataset))) as store, progress_bar(sys.stderr.isatty()) as progress:
            body = run_export(request, store, key, progress)
    except (ExportError, ReviewError) as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    except OSError as exc:
        click.echo(f"error: {out}: cannot write the export: {exc}", err=True)
        return EXIT_BAD_INPUT
    except EngineError as exc:
        click.echo(f"error: {exc}; nothing was written", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"exported {len(body['sessions'])} session(s) to {out}", err=True)
    click.echo(consent_note(body["consent"]), err=True)
    if body["undecided_suggestions"]["count"]:
        click.echo(f"note: {undecided_note(body)}", err=True)
    return EXIT_OK


def verify(out: Path, db_url: str | None, data: Path | None = None, conf: settings.Settings | None = None) -> int:
    """Hashes and applied flags (with a database), then every applied flag's value re-read from the source
    sessions under `data` (default VIEWER_DATA) and searched in the export. `db_url`: --db, else VIEWER_DB_URL
    as `conf` read it (default: read the settings now)."""
    from viewer.settings import default_db_url

    if not (Path(out) / "manifest.json").is_file():
        click.echo(f"error: {out}: no manifest.json (not an export, or an unfinished one)", err=True)
        return EXIT_BAD_INPUT
    conf = conf or settings.load()
    strict = data is not None
    data = Path(data) if data is not None else conf.data
    url = db_url or conf.explicit_db_url
    default = default_db_url(data)
    if url is None and strict and Path(default.removeprefix("sqlite:///")).is_file():
        url = default  # the dataset's own annotations: rejected places and categories
    try:
        if url:  # --db, else VIEWER_DB_URL, else (with --data) the dataset's own database
            with Store.open(url) as store:
                problems = verify_export(out, store)
                more, notes = _values(out, data, store, conf.cache, strict)
        else:
            problems = verify_export(out)
            click.echo("note: no --db given: flags were not re-checked", err=True)
            more, notes = _values(out, data, None, conf.cache, strict)
    except (ReviewError, ExportError) as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    for note in notes:
        click.echo(f"note: {note}", err=True)
    problems += more
    for p in problems:
        click.echo(p)
    if problems:
        return EXIT_BAD_INPUT
    click.echo(f"{out}: ok", err=True)
    return EXIT_OK


def _values(out: Path, data: Path, store, cache: Path, strict: bool) -> tuple[list[str], list[str]]:
    from .manifest import read_manifest
    from .verify_values import value_problems

    try:
        body = read_manifest(Path(out))
    except ExportError:
        return [], []  # verify_export reported it
    if body.get("layout") == "hf":
        from .hf.verify_values import hf_value_problems

        return hf_value_problems(Path(out), body, data, store, cache, strict)
    return value_problems(Path(out), body, data, store, cache, strict)
