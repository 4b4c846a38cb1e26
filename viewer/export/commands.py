"""CLI bodies for `export` and `verify-export`."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from viewer import settings
from viewer.engine import EngineError
from viewer.review import ReviewError, Store
from viewer.sensitive.config import ConfigError, load_config
from viewer.team import access

from .base import ExportError
from .dataset import export_dataset
from .manifest import verify_export

from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT


def _db(db_url: str | None, data: Path) -> str:
    from viewer.settings import default_db_url

    return db_url or default_db_url(data)


@contextmanager
def progress_bar(enabled: bool, console=None):
    """A rich progress bar on stderr (a terminal only); yields the export's progress callback."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress("exporting", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   TextColumn("{task.fields[session]}"), console=console or Console(stderr=True), transient=True)
    task = bar.add_task("exporting", total=None, session="")
    with bar:
        yield lambda done, total, sid: bar.update(task, completed=done, total=total, session=sid or "")


def export(dataset: Path, out: Path, statuses: tuple[str, ...], db_url: str | None, key_env: str, *,
           pending: str = "refuse", config_path: Path | None = None, who: str = "?",
           purpose: str = "agent-training", recipient: str = "", cache: Path | None = None, hf=None,
           engine: str | None = None, address: str | None = None, workers: int | None = None,
           conf: settings.Settings | None = None) -> int:
    """`db_url` as the command line resolved it (settings.Settings.for_command); the key is the variable
    `key_env` as `conf` read it (default: read the settings now)."""
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
    try:
        with Store.open(_db(db_url, Path(dataset))) as store, progress_bar(sys.stderr.isatty()) as progress:
            options = dict(pending=pending, config=config, purpose=purpose, recipient=recipient, who=who,
                           cache=cache, follow=True, engine=engine, address=address, workers=workers)
            if hf is None:
                body = export_dataset(dataset, out, store, key, statuses or ("approved",), progress=progress,
                                      **options)
            else:
                from .hf import export_hf

                body = export_hf(dataset, out, store, key, hf, progress=progress,
                                 statuses=statuses or ("approved",), **options)
            access.record(store, who, "export", detail=export_detail(body, Path(out).name))
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


def consent_note(said: dict) -> str:
    """What consent did to the export, in counts and fixed reasons (never a session id or a person)."""
    if not said["enforced"]:
        return f"note: consent is not enforced: the database holds no consent record (purpose {said['purpose']})"
    parts = [f"consent for {said['purpose']} enforced"]
    for reason, n in said["left_out"].items():
        parts.append(f"{n} session(s) left out: {reason}")
    if said["out_of_scope_stretches"]:
        parts.append(f"{said['out_of_scope_stretches']} stretch(es) outside the consent removed")
    return "; ".join(parts)


def undecided_note(body: dict) -> str:
    said = body["undecided_suggestions"]
    return f"{said['count']} undecided suggestion(s) in {said['sessions']} session(s) {said['treated']}"


def export_detail(body: dict, name: str) -> str:
    """The access log's line for an export: how many sessions, where, what happened to undecided suggestions."""
    said = body["undecided_suggestions"]
    detail = f"{len(body['sessions'])} session(s) to {name}"
    if said["count"]:
        detail += f"; {undecided_note(body)} (--{said['choice']}-pending)"
    return detail


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
