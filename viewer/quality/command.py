"""`python -m viewer qa DATASET --out report.parquet|csv`: the scan behind the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from viewer import settings as app_settings
from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE

from . import config
from .consent_codes import add_consent
from .report import FORMATS, add_annotations, cached_report_path, read_report, write_report
from .scan import scan_dataset


def _progress(enabled: bool):
    if not enabled:
        return None, (lambda done, total: None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task("scanning", total=None)
    return bar, (lambda done, total: bar.update(task, completed=done, total=total))


def _store(db_url: str | None, data: Path):
    """The annotation store when there is one: `db_url` (--db, else VIEWER_DB_URL, as the command line passes it),
    else the default SQLite file beside the dataset if it exists (none is created)."""
    url = db_url
    if not url:
        url = app_settings.default_db_url(data)
        if not Path(url.removeprefix("sqlite:///")).is_file():
            return None
    from viewer.review import Store

    return Store.open(url)


def thresholds(pairs: tuple[str, ...], env=None) -> config.Thresholds:
    return config.from_env(env).with_overrides(config.parse_pairs(pairs))


def run(dataset: Path, out: Path, engine: str, address: str | None, workers: int | None, db_url: str | None,
        full: bool, pairs: tuple[str, ...], purpose: str | None = None,
        conf: app_settings.Settings | None = None) -> int:
    """`conf`: the settings the command line read (default: read them now): the cache, the VIEWER_QA_ variables."""
    conf = conf or app_settings.load()
    if out.suffix.lower() not in FORMATS:
        click.echo(f"{out}: usage: --out must end in .parquet or .csv", err=True)
        return EXIT_USAGE
    try:
        th = thresholds(pairs, conf.env)
    except ValueError as exc:
        click.echo(f"usage: {exc}", err=True)
        return EXIT_USAGE
    if address and engine != "dask":
        click.echo("usage: --address needs --engine dask", err=True)
        return EXIT_USAGE
    cache_dir = conf.cache
    cached = cached_report_path(dataset, cache_dir)
    previous = None
    if not full and cached.is_file():
        try:
            previous = read_report(cached)
        except Exception:  # noqa: BLE001 - an unreadable old report only costs a full scan
            previous = None
    bar, progress = _progress(sys.stderr.isatty())
    try:
        if bar:
            bar.start()
        result = scan_dataset(dataset, th, cache_dir=cache_dir, previous=previous, engine=engine,
                              workers=workers, address=address, progress=progress,
                              worker_threads=conf.qa_worker_threads)
    except OSError as exc:  # e.g. no scheduler at --address
        click.echo(f"{address or dataset}: error: cannot run the scan ({exc})", err=True)
        return EXIT_BAD_INPUT
    finally:
        if bar:
            bar.stop()
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if not len(result.report):
        return EXIT_BAD_INPUT
    report = result.report
    try:
        store = _store(db_url, dataset)
    except Exception as exc:  # noqa: BLE001 - StoreUnavailable and friends: say so, keep the scan
        click.echo(f"warning: annotations left out: {exc}", err=True)
        store = None
    if store is not None:
        with store:
            report = add_annotations(report, store)
            if purpose:
                report = add_consent(report, dataset, store, purpose, cache_dir)
    elif purpose:
        click.echo("note: no annotation database: consent was not checked", err=True)
    write_report(report, out)
    write_report(report, cached)
    bad = int((report["problem_count"] > 0).sum())
    click.echo(f"{len(report)} sessions: {result.scanned} scanned, {result.reused + result.rehashed} unchanged; "
               f"{bad} with problems; {result.seconds:.1f} s -> {out}", err=True)
    return EXIT_OK
