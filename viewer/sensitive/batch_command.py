"""The `suggest --engine` command's glue: a dataset's sessions through viewer.sensitive.batch on an engine,
with a progress line on a terminal (sessions, screenshots, rate, estimate) and a clean stop on Ctrl-C.

Nothing printed carries a detected value: counts, spans, categories and detectors only."""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import click
import orjson

from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERRUPTED
from viewer.engine import Cancelled, Engine, EngineError, EngineOptions

from .batch import BatchProgress, SuggestOptions, SuggestState, VersionMismatch, suggest_dataset
from .config import ConfigError, load_config
from .follow_batch import SessionUnreadable
from .ocr import OcrUnavailable
from .suggest import session_dirs


def describe(p: BatchProgress) -> str:
    """One line: sessions done of all (skipped), screenshots, rate and estimate."""
    eta = p.eta_s
    left = "" if eta is None else f", about {_duration(eta)} left"
    skipped = f" ({p.skipped} unchanged)" if p.skipped else ""
    follow = f", values followed in {p.followed}/{p.to_follow} session(s)" if p.to_follow else ""
    return (f"{p.sessions_done}/{p.sessions_total} session(s){skipped}, {p.screenshots} screenshot(s), "
            f"{p.rate:.1f} screenshot(s)/s{left}{follow}")


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


@contextmanager
def progress_line(enabled: bool):
    """A rich status line on stderr (a terminal only); yields the job's progress callback."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    bar = Progress(BarColumn(), TextColumn("{task.fields[line]}"), console=Console(stderr=True), transient=True)
    task = bar.add_task("suggest", total=None, line="starting workers")
    with bar:
        yield lambda p: bar.update(task, completed=p.sessions_done, total=p.sessions_total, line=describe(p))


def run(paths: list[Path], ocr: bool, as_json: bool, db_url: str | None, config_path: Path | None,
        store_flags: bool, engine: EngineOptions, cancel: threading.Event | None = None, conf=None) -> int:
    """`conf`: the settings the command line resolved (default: read them now)."""
    from viewer import settings
    from viewer.trace.commands import print_problems

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    dirs, problems = session_dirs(paths)
    print_problems(problems)
    if not dirs:
        return EXIT_BAD_INPUT
    conf = conf or settings.load()
    options = SuggestOptions(ocr=ocr, config=config, cache_dir=str(conf.cache))
    store, state = None, None
    if store_flags:
        from viewer.review.errors import ReviewError
        from viewer.review.store import Store

        try:
            store = Store.open(db_url)
        except ReviewError as exc:
            click.echo(f"error: {exc}", err=True)
            return EXIT_BAD_INPUT
        state = SuggestState.for_job(conf.cache, paths[0] if len(paths) == 1 else Path("."),
                                     db_url or conf.db_url)
    try:
        with Engine(engine, env={"OMP_THREAD_LIMIT": "1"}) as eng, progress_line(sys.stderr.isatty()) as bar:
            result = suggest_dataset(dirs, options, eng, store, state=state, progress=bar, cancel=cancel,
                                     keep_results=True)
    except KeyboardInterrupt:
        click.echo("interrupted: sessions finished so far are stored; run again to go on", err=True)
        return EXIT_INTERRUPTED
    except Cancelled:
        click.echo("cancelled: sessions finished so far are stored; run again to go on", err=True)
        return EXIT_INTERRUPTED
    except OcrUnavailable as exc:
        click.echo(f"error: {exc} (install Tesseract on every worker, or run without --ocr)", err=True)
        return EXIT_BAD_INPUT
    except (VersionMismatch, EngineError, SessionUnreadable) as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_BAD_INPUT
    finally:
        if store is not None:
            store.close()
    print_problems(result.problems)
    for r in sorted(result.results, key=lambda r: r.dir):
        for f in r.findings:
            if as_json:
                click.echo(orjson.dumps(f.to_json()).decode())
            else:
                click.echo(f"{f.session_id}  {f.t_start:9.3f}-{f.t_end:9.3f}  {f.scope:6}  {f.category:18} "
                           f"{f.detector:24} {f.confidence:.2f}  {f.preview}")
    p = result.progress
    stored = f", {p.added} new flag(s) stored" if store_flags else ""
    stored += f", {p.derived} other place(s) of their values suggested" if p.derived else ""
    skipped = f" ({p.skipped} unchanged, skipped)" if p.skipped else ""
    click.echo(f"{len(dirs)} session(s){skipped}: {p.findings} finding(s){stored}; "
               f"{p.screenshots} screenshot(s) at {p.rate:.1f}/s on {engine.kind}", err=True)
    return EXIT_BAD_INPUT if (problems or result.problems) else EXIT_OK


def job_name(data: Path) -> str:
    return f"suggest:{Path(data).resolve()}"


def start_job(jobs, dirs: list[Path], options: SuggestOptions, engine: EngineOptions, db_url: str,
              state: SuggestState | None = None, name: str = "suggest"):
    """The same work as a background job on `jobs` (viewer.jobs.Jobs, the runner the Quality page's scan uses)
    for a page: its detail is a BatchProgress, its result a BatchResult; cancel() stops it between sessions
    (what finished stays stored). The running job when `name` already runs."""
    from viewer.review.store import Store

    def work(job):
        with Store.open(db_url) as store, Engine(engine, env={"OMP_THREAD_LIMIT": "1"}) as eng:
            return suggest_dataset(dirs, options, eng, store, state=state, progress=job.report,
                                   cancel=job.cancelled)

    return jobs.start(name, work)
