"""The `suggest` command's glue: load sessions, detect, print findings, store them as suggested flags.

Nothing printed carries a detected value: findings are printed as spans, categories and detectors.
"""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from viewer.command_errors import EXIT_OK, EXIT_BAD_INPUT, CommandError

from .config import ConfigError, load_config
from .ocr import OcrUnavailable
from .derived import sync_session
from .suggest import REVIEWER, session_dirs, store_findings, suggest_session


def suggest(paths: list[Path], ocr: bool, as_json: bool, db_url: str | None, config_path: Path | None,
            store_flags: bool = True, workers: int | None = None, conf=None) -> int:
    """`conf`: the settings the command line read (default: read them now); the cache and OCR workers."""
    from viewer import settings
    from viewer.trace import TraceError, load_session
    from viewer.trace.commands import print_problems

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    dirs, problems = session_dirs(paths)
    print_problems(problems)
    if not dirs:
        return EXIT_BAD_INPUT
    conf = conf or settings.load()
    workers = workers or conf.ocr_workers
    store = None
    if store_flags:
        from viewer.review.errors import ReviewError
        from viewer.review.store import Store

        try:
            store = Store.open(db_url)  # default: VIEWER_DB_URL, else beside VIEWER_DATA
        except ReviewError as exc:
            raise CommandError(str(exc)) from None
    bad = bool(problems)
    total = added = derived = 0
    try:
        for d in dirs:
            try:
                session = load_session(d, conf.cache)
            except TraceError as exc:
                print_problems(exc.problems)
                bad = True
                continue
            try:
                found = suggest_session(session, config, ocr=ocr, workers=workers, cache_dir=conf.cache)
                total += len(found)
                if store is not None:
                    added += store_findings(store, session, found)
                    if ocr:  # each finding's value, where else it shows: suggested too
                        derived += sync_session(store, session, conf.cache, reviewer=REVIEWER).added
            except OcrUnavailable as exc:
                raise CommandError(f"{exc} (install Tesseract, or run without --ocr)") from None
            for f in found:
                if as_json:
                    click.echo(orjson.dumps(f.to_json()).decode())
                else:
                    click.echo(f"{f.session_id}  {f.t_start:9.3f}-{f.t_end:9.3f}  {f.scope:6}  {f.category:18} "
                               f"{f.detector:24} {f.confidence:.2f}  {f.preview}")
    finally:
        if store is not None:
            store.close()
    stored = f", {added} new flag(s) stored" if store is not None else ""
    stored += f", {derived} other place(s) of their values suggested" if derived else ""
    click.echo(f"{len(dirs)} session(s): {total} finding(s){stored}", err=True)
    return EXIT_BAD_INPUT if bad else EXIT_OK
