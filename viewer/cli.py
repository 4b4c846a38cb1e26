"""The command line: one subcommand per job, each a thin call into the package.

Exit codes: 0 success, 1 the input is bad (problems printed as `path:line: code: message`), 2 usage error.
Errors leave through one mechanism: a CommandError (exit 1) or click's UsageError (exit 2). Commands that need
the database get it, and the identity of the user running them, from `@_with_store` (opened and checked once).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from viewer import settings
from viewer.command_errors import EXIT_BAD_INPUT, CommandError, NotAllowedError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trace-viewer")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Trace viewer: replay, review and redact recorded computer-use sessions."""
    ctx.obj = settings.load()  # the one read of the environment; commands take what they need from it


def _conf(data: Path | None = None, db_url: str | None = None) -> settings.Settings:
    """The settings read at the entry, for a command on `data` with `--db` `db_url` (settings.for_command)."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root().obj if ctx is not None else None
    return (root if isinstance(root, settings.Settings) else settings.load()).for_command(data, db_url)


def _with_store(action: str, data_option: str | None = None):
    """Give the command `store` (its database by Settings.for_command, opened and migrated once) and `who` (the
    `--as` user, whose role must allow `action` in that same database); `db_url` and `data_option` are read
    from the command's options. Database errors and refusals leave as CommandError."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            from viewer.review.errors import ReviewError
            from viewer.review.store import Store
            from viewer.team import cli_identity

            ctx = click.get_current_context()
            conf = _conf(kwargs.get(data_option) if data_option else None, kwargs.pop("db_url", None))
            try:
                with Store.open(conf.db_url) as store:
                    who = cli_identity.check_in(store, action, ctx.meta.get("viewer_as"), conf).name
                    return fn(*args, store=store, who=who, **kwargs)
            except cli_identity.NotAllowed as exc:
                raise NotAllowedError(str(exc)) from None
            except ReviewError as exc:
                raise CommandError(str(exc)) from None

        return run

    return wrap


def _remember_as(ctx: click.Context, _param, value: str | None) -> None:
    if value:
        ctx.meta["viewer_as"] = value


def _as_option(command):
    """`--as NAME` on a command whose role is checked (viewer.team.cli_identity)."""
    return click.option("--as", "as_user", expose_value=False, callback=_remember_as, metavar="NAME",
                        help="who runs this (default: VIEWER_USER, else your login name); "
                             "checked against the account's role when the database has accounts")(command)


def _allowed(action: str, db_url: str | None, data: Path | None = None) -> str:
    """The command-line user's name if their role may do `action`; else print why and exit 1. For the commands
    that open their database only when they need it (`qa` reads one only if it exists, `verify-export` only with
    --data, `suggest --no-store` none, `export` on its own job); the others get store and user from
    @_with_store."""
    from viewer.review.errors import ReviewError
    from viewer.team import cli_identity

    name = click.get_current_context().meta.get("viewer_as")
    try:
        return cli_identity.check(action, db_url, name, data, _conf()).name
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

    sys.exit(commands.info(session, as_json, _conf().cache))


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
    from viewer.sensitive import commands

    _allowed("view" if no_store else "annotate", db_url)
    conf = _conf(db_url=db_url)
    if engine is not None:
        from viewer.engine import EngineOptions
        from viewer.sensitive import batch_command

        sys.exit(batch_command.run(list(paths), ocr, as_json, conf.db_url, config_path or conf.config,
                                   not no_store, EngineOptions(engine, workers, address), conf=conf))
    if address or workers:
        raise click.UsageError("--address and --workers go with --engine")
    sys.exit(commands.suggest(list(paths), ocr, as_json, conf.db_url, config_path or conf.config,
                              store_flags=not no_store, conf=conf))


@cli.command()
@click.argument("session", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--start", default=0.0, show_default=True, type=float, help="first second of the clip")
@click.option("--end", type=float, help="last second of the clip (default: the end of the session)")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="the .mp4 to write")
@click.option("--fps", default=10.0, show_default=True, type=click.FloatRange(0.1, 60), help="frames per second")
def render(session: Path, start: float, end: float | None, out: Path, fps: float) -> None:
    """Write a video of SESSION from --start to --end with the replay overlays (cursor, clicks, keys, title)."""
    from viewer.replay import command

    sys.exit(command.render(session, start, end, out, fps, _conf().cache))


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
    sys.exit(command.run(dataset, out, engine, address, workers, db_url or _conf().explicit_db_url, full, pairs,
                         purpose, conf=_conf(dataset)))


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
@_with_store("manage_users")
def users_add(name: str, role: str, person: str | None, store, who: str) -> None:
    """Add an account; the password is read from stdin, or prompted for twice on a terminal."""
    from viewer.team import access, accounts
    from viewer.team.commands import read_password

    password = read_password()
    accounts.check_first_is_admin(store, role)
    user = accounts.add(store, name, role, password, person)
    access.record(store, who, "user_add", detail=f"{user.name} as {user.role}")
    click.echo(f"added {user.name} ({user.role})", err=True)


@users.command("list")
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
@_with_store("manage_users")
def users_list(store, who: str) -> None:
    """List accounts: name, role, active/disabled/locked, created."""
    from viewer.team import accounts

    users = accounts.list_accounts(store)
    if not users:
        click.echo("no accounts (add one: python -m viewer users add NAME --role admin)", err=True)
        return
    width = max(4, *(len(u.name) for u in users))
    click.echo(f"{'name':<{width}}  {'role':<10}  {'status':<8}  created")
    for u in users:
        status = "disabled" if u.disabled else ("locked" if u.locked_until and u.locked_until > accounts.utcnow()
                                                else "active")
        created = u.created_at.strftime("%Y-%m-%d %H:%M") if u.created_at else ""
        click.echo(f"{u.name:<{width}}  {u.role:<10}  {status:<8}  {created}")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=_ROLE)
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
@_with_store("manage_users")
def users_set_role(name: str, role: str, store, who: str) -> None:
    """Change an account's role."""
    from viewer.team import access, accounts

    user = accounts.set_role(store, name, role)
    access.record(store, who, "user_set_role", detail=f"{user.name} to {user.role}")
    click.echo(f"{user.name} is now {user.role}", err=True)


@users.command("disable")
@click.argument("name")
@click.option("--db", "db_url", help=_USERS_DB_HELP)
@_as_option
@_with_store("manage_users")
def users_disable(name: str, store, who: str) -> None:
    """Disable an account: it can no longer log in (the last active admin cannot be disabled)."""
    from viewer.team import access, accounts

    user = accounts.disable(store, name)
    access.record(store, who, "user_disable", detail=user.name)
    click.echo(f"{user.name} is disabled", err=True)


@cli.command("auth-check")
@click.option("--address", help="the address the app will listen on (as --server.address)")
@click.option("--db", "db_url", help=_USERS_DB_HELP)
def auth_check(address: str | None, db_url: str | None) -> None:
    """Exit 1 when the app would refuse to start on ADDRESS with this VIEWER_AUTH, or needs login but has no
    active account."""
    from viewer.team import commands

    conf = _conf(db_url=db_url)
    sys.exit(commands.auth_check(address, conf.auth, conf.db_url))


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
    from viewer.export import commands

    if apply_pending and ignore_pending:
        raise click.UsageError("--apply-pending and --ignore-pending exclude each other: choose one")
    pending = "apply" if apply_pending else "ignore" if ignore_pending else "refuse"
    who = _allowed("export", db_url, dataset)
    conf = _conf(dataset, db_url)
    hf = None
    if fmt == "hf":
        from viewer.export.hf import SplitError, hf_options

        try:
            hf = hf_options(split_spec, seed, unknown_split, shard_mb)
        except SplitError as exc:
            raise click.UsageError(str(exc)) from None
    sys.exit(commands.export(dataset, out, statuses, conf.db_url, key_env, pending=pending, config_path=conf.config,
                             who=who, purpose=purpose or conf.purpose, recipient=recipient, cache=conf.cache,
                             hf=hf, engine=engine, address=address, workers=workers, conf=conf))


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

    conf = _conf(data)
    db_url = db_url or conf.explicit_db_url
    if db_url or data is not None:  # reads the annotations only then
        _allowed("view", db_url, data)
    sys.exit(commands.verify(out, db_url, data, conf=conf))


@cli.group()
def annotations() -> None:
    """Labels, flags, review status and comments in and out as JSONL (one object per line)."""


_DB_HELP = "annotation database URL (default: VIEWER_DB_URL, else a SQLite file beside the data)"


@annotations.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--session", "session_id", help="only this session")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("view")
def annotations_export(file: str, session_id: str | None, store, who: str) -> None:
    """Write live annotations to FILE ("-": stdout)."""
    from viewer.review import commands

    sys.exit(commands.export(file, session_id, store))


@annotations.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--as", "as_user", expose_value=False, callback=_remember_as, metavar="NAME",
              help="who imports (default: VIEWER_USER, else your login name): the audit log names them, and their "
                   "role is checked when the database has accounts")
@click.option("--data", "dataset", type=click.Path(path_type=Path),
              help="where lines without content_hash find their session's current one (default: VIEWER_DATA)")
@_with_store("annotate", data_option="dataset")
def annotations_import(file: str, dataset: Path | None, store, who: str) -> None:
    """Import FILE in one transaction: all lines or none."""
    from viewer.review import commands

    sys.exit(commands.import_(file, store, who, dataset or _conf().data))


@cli.command("import")
@click.argument("src", type=click.Path())
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--from", "source", type=click.Choice(["ducktrack", "openadapt", "steps", "screenagent", "browser-agent",
                                                          "osworld", "rrweb"]),
              help="the recorder's format (default: recognised from the files)")
@click.option("--events", "events_format", type=click.Choice(["parquet", "jsonl"]), default="parquet",
              show_default=True, help="events.parquet (typed, loads fastest) or events.jsonl (one JSON event a line)")
def import_recordings(src: str, dest: str, source: str | None, events_format: str) -> None:
    """Convert recordings at SRC (one, or a directory of many) into trace/1 sessions under DEST."""
    from pathlib import Path

    from viewer.importers import command

    sys.exit(command.run(Path(src), Path(dest), source, _conf().chromium, events_format))


@cli.command("rekey")
@click.option("--data", "dataset", type=click.Path(path_type=Path),
              help="the dataset of re-imported sessions (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("delete", data_option="dataset")  # moves everyone's annotations: an admin's job
def rekey(dataset: Path | None, store, who: str) -> None:
    """Move annotations of sessions imported under an earlier id (one that could hold the recorder's e-mail)
    to the id the importer gives them now; the mapping is recorded (old ids only as SHA-256) and audited."""
    from viewer.importers import rekey_command

    sys.exit(rekey_command.run(dataset or _conf().data, store, who))


@cli.command("erase-user")
@click.argument("name")
@click.option("--data", "dataset", type=click.Path(path_type=Path),
              help="the dataset holding NAME's sessions (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@click.option("--dry-run", is_flag=True, help="only show what would be erased (the default without --yes)")
@click.option("--yes", is_flag=True, help="really erase")
@_as_option
@_with_store("delete", data_option="dataset")
def erase_user(name: str, dataset: Path | None, dry_run: bool, yes: bool, store, who: str) -> None:
    """Erase a data subject: NAME's sessions (manifest `user`) and every annotation, audit row and cache entry
    about them. Previews unless --yes."""
    from viewer.team import erase_command

    if dry_run and yes:
        raise click.UsageError("--dry-run and --yes contradict each other")
    sys.exit(erase_command.run(name, dataset or _conf().data, store, _conf().cache, who, apply=yes))


@cli.group("queue")
def queue_group() -> None:
    """The review queue: take the next session to review, give it back, see who holds what."""


def _lease_line(held) -> str:
    kind = "second-review" if held.round == 2 else "review"
    return f"{held.session_id}\t{held.reviewer}\t{kind}\tuntil {held.expires_at:%Y-%m-%d %H:%M:%S} UTC"


@queue_group.command("next")
@click.option("--data", type=click.Path(path_type=Path), help="the dataset (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("annotate", data_option="data")
def queue_next(data: Path | None, store, who: str) -> None:
    """Lease the next session to review (or your current one) and print it."""
    from viewer.team import queue, workflow_settings
    from viewer.trace import catalog
    from viewer.trace.dataset import find_sessions

    conf = _conf(data)
    try:
        workflow = workflow_settings.settings(conf.env)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    dirs, problems = find_sessions(conf.data)
    for problem in problems:
        click.echo(str(problem), err=True)
    if not dirs:
        raise CommandError("")
    broken = catalog.scan(conf.data, conf.cache).failures  # sessions that fail to load are never offered
    held = queue.next_session(store, who, queue.offerable([d.name for d in dirs], broken), workflow.lease_minutes,
                              double_share=workflow.double_share)
    if held is None:
        click.echo("nothing to review: every session is reviewed or held by someone else", err=True)
        return
    click.echo(_lease_line(held))


@queue_group.command("release")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("annotate")
def queue_release(store, who: str) -> None:
    """Give your leased session back without a verdict."""
    from viewer.team import queue

    released = queue.release(store, who)
    click.echo(f"{who}: lease released" if released else f"{who} holds no session", err=True)


@queue_group.command("list")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("view")
def queue_list(store, who: str) -> None:
    """Every live lease: session, reviewer, round, expiry."""
    from viewer.team import queue

    held = queue.leases(store)
    for lease in held:
        click.echo(_lease_line(lease))
    if not held:
        click.echo("nobody holds a session", err=True)


@cli.group()
def consent() -> None:
    """Consent per recorded person and purpose: grant, withdraw, list, and check a dataset against it."""


_PURPOSE_HELP = "the purpose (default: VIEWER_PURPOSE, else agent-training)"


def _purpose(value: str | None) -> str:

    return value or _conf().purpose


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
@_with_store("consent")
def consent_grant(user: str, purpose: str | None, apps: str | None, titles: str | None, weekdays: str | None,
                  hours: str | None, valid_from, valid_until, evidence: str, store, who: str) -> None:
    """Record USER's consent for a purpose, with its scope and validity (append-only; audited)."""
    from viewer.team import consent_commands as commands

    sys.exit(commands.grant(store, who, user, _purpose(purpose), apps, titles, weekdays,
                            hours, valid_from.date() if valid_from else None,
                            valid_until.date() if valid_until else None, evidence))


@consent.command("withdraw")
@click.argument("user")
@click.option("--purpose", help=_PURPOSE_HELP)
@click.option("--evidence", default="", help="how the withdrawal reached you (a document reference)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("consent")
def consent_withdraw(user: str, purpose: str | None, evidence: str, store, who: str) -> None:
    """Record that USER withdrew consent for a purpose: their sessions leave every later export."""
    from viewer.team import consent_commands as commands

    sys.exit(commands.withdraw(store, who, user, _purpose(purpose), evidence))


@consent.command("list")
@click.argument("user", required=False)
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("consent")
def consent_list(user: str | None, store, who: str) -> None:
    """The consent history (of USER, or everyone), oldest first."""
    from viewer.team import consent_commands as commands

    sys.exit(commands.list_(store, user))


@consent.command("check")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--purpose", help=_PURPOSE_HELP)
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("consent", data_option="dataset")
def consent_check(dataset: Path, purpose: str | None, store, who: str) -> None:
    """Per session: covered or not and why; stretches outside the consent become `out_of_scope` flags.
    Exit 1 when any session is not covered."""
    from viewer.team import consent_commands as commands

    sys.exit(commands.check_dataset(dataset, store, who, _purpose(purpose), _conf().cache))


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
@_with_store("delete", data_option="dataset")
def retention_apply(dataset: Path, days: int | None, purpose: str | None, dry_run: bool, yes: bool, store,
                    who: str) -> None:
    """Erase DATASET's sessions recorded more than the retention period ago, through the erasure path.
    Previews unless --yes."""
    from viewer.team import erase_command

    if dry_run and yes:
        raise click.UsageError("--dry-run and --yes contradict each other")
    conf = _conf()
    days = days or conf.retention_for(_purpose(purpose))
    if not days:
        raise click.UsageError(f"no retention period for purpose {_purpose(purpose)}: give --older-than DAYS "
                               "or set VIEWER_RETENTION_DAYS")
    sys.exit(erase_command.run_retention(dataset, days, store, conf.cache, who, apply=yes))


@cli.command("access-report")
@click.argument("user")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="report.html (for the person) or report.json")
@click.option("--data", "dataset", type=click.Path(path_type=Path), help="the dataset (default: VIEWER_DATA)")
@click.option("--db", "db_url", help=_DB_HELP)
@_as_option
@_with_store("consent", data_option="dataset")
def access_report(user: str, out: Path, dataset: Path | None, store, who: str) -> None:
    """What is held about USER: sessions (no content), annotation counts, views, exports, consent, erasures."""
    from viewer.team import consent_commands as commands

    sys.exit(commands.access_report(user, dataset or _conf().data, store, who, out, _conf().cache))


def main() -> None:
    try:
        cli.main(prog_name="python -m viewer", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback; the type says what broke
        if settings.load().debug:
            raise
        click.echo(f"error: unexpected {type(exc).__name__}; set VIEWER_DEBUG=1 for details", err=True)
        sys.exit(EXIT_BAD_INPUT)
