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
@click.option("--all", "every", is_flag=True, help="print every problem (default: repeated warnings of a file and "
              "code are grouped: the first three lines and the count)")
def validate(paths: tuple[Path, ...], long_gap: float, every: bool) -> None:
    """Check sessions (or datasets of them); problems as `path:line: code: message`, exit 1 on errors."""
    from viewer.trace import commands

    sys.exit(commands.validate(list(paths), long_gap, every))


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
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--screens", default=50, show_default=True, type=click.IntRange(1, 100000))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--split", type=click.Choice(["tuning", "heldout"]), default="tuning", show_default=True,
              help="tuning: what detectors may be tuned on; heldout: other locales and two more app templates")
@click.option("--chromium", default="/usr/bin/chromium", show_default=True, help="the Chromium executable")
@click.option("--palette", is_flag=True, help="256-colour PNGs (smaller; the subset kept in tests/data)")
def corpus(out: Path, screens: int, seed: int, split: str, chromium: str, palette: bool) -> None:
    """Render deterministic screens of work apps with gold boxes of their sensitive text (PNG + JSON each) to OUT."""
    from viewer.corpus import command

    sys.exit(command.run(out, screens, seed, split, chromium, palette))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--ocr", is_flag=True, help="also read changed screenshots with Tesseract")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per finding")
@click.option("--db", "db_url", help="annotation database URL (default: VIEWER_DB_URL, else beside the data)")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML/JSON file with extra patterns and window-title rules (default: VIEWER_CONFIG)")
@click.option("--no-store", is_flag=True, help="print only; store no flags")
@click.option("--engine", type=click.Choice(["local", "dask"]),
              help="one task per session on local worker processes or a Dask cluster; unchanged sessions are "
                   "skipped on the next run (default: this process)")
@click.option("--address", help="with --engine dask: a running Dask scheduler (default: a LocalCluster)")
@click.option("--workers", type=click.IntRange(1, 1024), help="with --engine: worker processes (default: CPUs, "
                                                              "at most 8)")
@_as_option
def suggest(paths: tuple[Path, ...], ocr: bool, as_json: bool, db_url: str | None, config_path: Path | None,
            no_store: bool, engine: str | None, address: str | None, workers: int | None) -> None:
    """Suggest sensitive flags (passwords, secrets, personal data) for sessions; stored as `suggested`."""
    from viewer import settings
    from viewer.sensitive import commands

    _allowed("view" if no_store else "annotate", db_url)
    if engine is not None:
        from viewer.engine import EngineOptions
        from viewer.sensitive import batch_command

        sys.exit(batch_command.run(list(paths), ocr, as_json, db_url, config_path or settings.load().config,
                                   not no_store, EngineOptions(engine, workers, address)))
    if address or workers:
        raise click.UsageError("--address and --workers go with --engine")
    sys.exit(commands.suggest(list(paths), ocr, as_json, db_url, config_path or settings.load().config,
                              store_flags=not no_store))


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
@click.option("--purpose", help="also check consent for this purpose: no-consent and out-of-scope problem codes")
@_as_option
def qa(dataset: Path, out: Path, engine: str, address: str | None, workers: int | None, db_url: str | None,
       full: bool, pairs: tuple[str, ...], purpose: str | None) -> None:
    """Scan DATASET for data-quality problems: one row of metrics and problem codes per session."""
    from viewer.quality import command

    _allowed("qa", db_url, dataset)
    sys.exit(command.run(dataset, out, engine, address, workers, db_url, full, pairs, purpose))


@cli.group()
def users() -> None:
    """Team-mode accounts: who may log in, and with which role (reviewer, researcher, admin)."""


_ROLE = click.Choice(["reviewer", "researcher", "admin", "subject"])
_USERS_DB_HELP = "database URL (default: VIEWER_DB_URL, else a SQLite file beside the data)"


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=_ROLE)
@click.option("--person", help="with --role subject: the `user` the person's sessions are recorded under")
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
def users_add(name: str, role: str, person: str | None, db_url: str | None) -> None:
    """Add an account; the password is read from stdin, or prompted for twice on a terminal."""
    from viewer.team import commands

    who = _allowed("manage_users", db_url)
    sys.exit(commands.add(name, role, db_url, who, person))


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
@click.option("--apply-pending", is_flag=True,
              help="redact suggestions nobody decided as if they were accepted")
@click.option("--ignore-pending", is_flag=True,
              help="export without the suggestions nobody decided (recorded in the manifest and the access log)")
@click.option("--purpose", help="what the data is for; consent is checked for it (default: VIEWER_PURPOSE, "
                                "else agent-training)")
@click.option("--recipient", default="", help="to whom the export goes (recorded with whom it included)")
@click.option("--format", "fmt", type=click.Choice(["trace", "hf"]), default="trace", show_default=True,
              help="trace: redacted session directories; hf: Parquet shards and a card that `datasets` loads")
@click.option("--split", "split_spec", default="train=0.8,validation=0.1,test=0.1", show_default=True,
              help="with --format hf: split ratios; each person's sessions stay in one split")
@click.option("--seed", default=0, show_default=True, type=int, help="with --format hf: the split's seed")
@click.option("--unknown-split", help="with --format hf: the split for sessions whose person is unknown "
                                      "(without it they are refused)")
@click.option("--shard-size", "shard_mb", default=256, show_default=True, type=click.IntRange(1, 100_000),
              help="with --format hf: MB per Parquet shard")
@click.option("--db", "db_url", help="annotation database URL (default: VIEWER_DB_URL, else beside the data)")
@click.option("--key-env", default="VIEWER_EXPORT_KEY", show_default=True,
              help="environment variable holding the secret key for pseudonymising users")
@click.option("--engine", type=click.Choice(["local", "dask"]),
              help="read screens and write sessions in parallel on local worker processes or a Dask cluster "
                   "(default: this process)")
@click.option("--address", help="with --engine dask: a running Dask scheduler (default: a LocalCluster)")
@click.option("--workers", type=click.IntRange(1, 1024), help="with --engine: worker processes (default: CPUs, "
                                                              "at most 8)")
@_as_option
def export(dataset: Path, out: Path, approved_only: bool, statuses: tuple[str, ...], apply_pending: bool,
           ignore_pending: bool, purpose: str | None, recipient: str, fmt: str, split_spec: str, seed: int,
           unknown_split: str | None, shard_mb: int, db_url: str | None, key_env: str, engine: str | None,
           address: str | None, workers: int | None) -> None:
    """Write a redacted copy of DATASET's approved sessions to OUT, with every accepted flag applied.
    Refused while a chosen session has suggestions nobody decided, unless --apply-pending or --ignore-pending."""
    from viewer import settings
    from viewer.export import commands

    if apply_pending and ignore_pending:
        raise click.UsageError("--apply-pending and --ignore-pending exclude each other: choose one")
    pending = "apply" if apply_pending else "ignore" if ignore_pending else "refuse"
    who = _allowed("export", db_url, dataset)
    conf = settings.load()
    hf = None
    if fmt == "hf":
        from viewer.export.hf import HfOptions, SplitError, parse

        try:
            said = f"python -m viewer export DATASET OUT --format hf --split {split_spec} --seed {seed}"
            hf = HfOptions(parse(split_spec), seed, unknown_split, shard_mb << 20,
                           command=said + (f" --unknown-split {unknown_split}" if unknown_split else ""))
        except SplitError as exc:
            raise click.UsageError(str(exc)) from None
    sys.exit(commands.export(dataset, out, statuses, db_url, key_env, pending=pending, config_path=conf.config,
                             who=who, purpose=purpose or conf.purpose, recipient=recipient, cache=conf.cache,
                             hf=hf, engine=engine, address=address, workers=workers))


@cli.command("verify-export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--db", "db_url", help="annotation database: also check every accepted flag was applied")
@click.option("--data", "data", type=click.Path(path_type=Path),
              help="the dataset exported from (default: VIEWER_DATA): each applied flag's value is read back "
                   "from it and must not be readable in OUT")
@_as_option
def verify_export(out: Path, db_url: str | None, data: Path | None) -> None:
    """Re-check OUT's file hashes, (with a database) that every accepted flag was applied, and that no applied
    flag's value can still be read in OUT's text fields, screenshots or video (names the file and the flag,
    never the value)."""
    from viewer.export import commands

    if db_url or os.environ.get("VIEWER_DB_URL") or data is not None:  # reads the annotations only then
        _allowed("view", db_url, data)
    sys.exit(commands.verify(out, db_url, data))


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
@click.option("--data", "dataset", type=click.Path(path_type=Path),
              help="where lines without content_hash find their session's current one (default: VIEWER_DATA)")
def annotations_import(file: str, db_url: str | None, who: str | None, dataset: Path | None) -> None:
    """Import FILE in one transaction: all lines or none."""
    from viewer import settings
    from viewer.review import commands

    who = _allowed("annotate", db_url, as_name=who)
    sys.exit(commands.import_(file, db_url, who, dataset or settings.load().data))


@cli.command("import")
@click.argument("src", type=click.Path())
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--from", "source", type=click.Choice(["ducktrack", "openadapt", "steps", "screenagent", "browser-agent",
                                                          "osworld", "rrweb"]),
              help="the recorder's format (default: recognised from the files)")
def import_recordings(src: str, dest: str, source: str | None) -> None:
    """Convert recordings at SRC (one, or a directory of many) into trace/1 sessions under DEST."""
    from pathlib import Path

    from viewer import settings
    from viewer.importers import command

    sys.exit(command.run(Path(src), Path(dest), source, settings.load().chromium))


@cli.command("rekey")
@click.option("--data", "dataset", type=click.Path(path_type=Path),
              help="the dataset of re-imported sessions (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def rekey(dataset: Path | None, db_url: str | None) -> None:
    """Move annotations of sessions imported under an earlier id (one that could hold the recorder's e-mail)
    to the id the importer gives them now; the mapping is recorded (old ids only as SHA-256) and audited."""
    from viewer import settings
    from viewer.importers import rekey_command
    from viewer.team import cli_identity

    dataset = dataset or settings.load().data
    who = _allowed("delete", db_url, dataset)  # moves everyone's annotations: an admin's job
    sys.exit(rekey_command.run(dataset, cli_identity.database_url(db_url, dataset), who))


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


@cli.group()
def consent() -> None:
    """Consent per recorded person and purpose: grant, withdraw, list, and check a dataset against it."""


_PURPOSE_HELP = "the purpose (default: VIEWER_PURPOSE, else agent-training)"


def _purpose(value: str | None) -> str:
    from viewer import settings

    return value or settings.load().purpose


@consent.command("grant")
@click.argument("user")
@click.option("--purpose", help=_PURPOSE_HELP)
@click.option("--apps", help="apps allowed: comma-separated case-insensitive glob patterns (default: every app)")
@click.option("--titles", help="window titles allowed: glob patterns; APP=GLOB narrows only apps matching APP")
@click.option("--weekdays", help="days allowed, e.g. mon-fri (default: every day)")
@click.option("--hours", help="local hours allowed, e.g. 09:00-18:00 (default: all day)")
@click.option("--from", "valid_from", type=click.DateTime(["%Y-%m-%d"]), help="first valid day (session's time zone)")
@click.option("--until", "valid_until", type=click.DateTime(["%Y-%m-%d"]), help="last valid day, inclusive")
@click.option("--evidence", default="", help="who recorded the consent and a document reference")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def consent_grant(user: str, purpose: str | None, apps: str | None, titles: str | None, weekdays: str | None,
                  hours: str | None, valid_from, valid_until, evidence: str, db_url: str | None) -> None:
    """Record USER's consent for a purpose, with its scope and validity (append-only; audited)."""
    from viewer.consent import commands
    from viewer.team import cli_identity

    who = _allowed("consent", db_url)
    sys.exit(commands.grant(cli_identity.database_url(db_url), who, user, _purpose(purpose), apps, titles, weekdays,
                            hours, valid_from.date() if valid_from else None,
                            valid_until.date() if valid_until else None, evidence))


@consent.command("withdraw")
@click.argument("user")
@click.option("--purpose", help=_PURPOSE_HELP)
@click.option("--evidence", default="", help="how the withdrawal reached you (a document reference)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def consent_withdraw(user: str, purpose: str | None, evidence: str, db_url: str | None) -> None:
    """Record that USER withdrew consent for a purpose: their sessions leave every later export."""
    from viewer.consent import commands
    from viewer.team import cli_identity

    who = _allowed("consent", db_url)
    sys.exit(commands.withdraw(cli_identity.database_url(db_url), who, user, _purpose(purpose), evidence))


@consent.command("list")
@click.argument("user", required=False)
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def consent_list(user: str | None, db_url: str | None) -> None:
    """The consent history (of USER, or everyone), oldest first."""
    from viewer.consent import commands
    from viewer.team import cli_identity

    _allowed("consent", db_url)
    sys.exit(commands.list_(cli_identity.database_url(db_url), user))


@consent.command("check")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--purpose", help=_PURPOSE_HELP)
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def consent_check(dataset: Path, purpose: str | None, db_url: str | None) -> None:
    """Per session: covered or not and why; stretches outside the consent become `out_of_scope` flags.
    Exit 1 when any session is not covered."""
    from viewer import settings
    from viewer.consent import commands
    from viewer.team import cli_identity

    who = _allowed("consent", db_url, dataset)
    sys.exit(commands.check_dataset(dataset, cli_identity.database_url(db_url, dataset), who, _purpose(purpose),
                                    settings.load().cache))


@cli.group()
def retention() -> None:
    """Retention: erase what was recorded longer ago than a purpose's retention period."""


@retention.command("apply")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--older-than", "days", type=click.IntRange(1, 36500),
              help="days (default: VIEWER_RETENTION_DAYS for the purpose)")
@click.option("--purpose", help=_PURPOSE_HELP)
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--dry-run", is_flag=True, help="only show what would be erased (the default without --yes)")
@click.option("--yes", is_flag=True, help="really erase")
@_as_option
def retention_apply(dataset: Path, days: int | None, purpose: str | None, db_url: str | None, dry_run: bool,
                    yes: bool) -> None:
    """Erase DATASET's sessions recorded more than the retention period ago, through the erasure path.
    Previews unless --yes."""
    from viewer import settings
    from viewer.team import cli_identity, erase_command

    if dry_run and yes:
        raise click.UsageError("--dry-run and --yes contradict each other")
    conf = settings.load()
    days = days or conf.retention_for(_purpose(purpose))
    if not days:
        raise click.UsageError(f"no retention period for purpose {_purpose(purpose)}: give --older-than DAYS "
                               "or set VIEWER_RETENTION_DAYS")
    who = _allowed("delete", db_url, dataset)
    sys.exit(erase_command.run_retention(dataset, days, cli_identity.database_url(db_url, dataset), conf.cache,
                                         who, apply=yes))


@cli.command("access-report")
@click.argument("user")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="report.html (for the person) or report.json")
@click.option("--data", "dataset", type=click.Path(path_type=Path), help="the dataset (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
def access_report(user: str, out: Path, dataset: Path | None, db_url: str | None) -> None:
    """What is held about USER: sessions (no content), annotation counts, views, exports, consent, erasures."""
    from viewer import settings
    from viewer.consent import commands
    from viewer.team import cli_identity

    dataset = dataset or settings.load().data
    who = _allowed("consent", db_url, dataset)
    sys.exit(commands.access_report(user, dataset, cli_identity.database_url(db_url, dataset), who, out,
                                    settings.load().cache))


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
