"""`python -m viewer rekey [--data DATASET]`: annotations of sessions imported under old ids follow the new ids.

Earlier versions of the importers named AgentNet/DuckTrack sessions after their folder (which holds the
recorder's e-mail) and steps trajectories without a task_id after their file. Re-importing gives the new id and
records the old one in the manifest (`import.previous_session_id`, never exported); this command moves every
annotation from each previous id to the new one (viewer.team.rekey), recording the mapping.
"""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from viewer.command_errors import EXIT_OK, CommandError
from viewer.review.store import Store
from viewer.team.rekey import rekey
from viewer.trace.schema import MANIFEST_FILE


def previous_ids(dataset: Path) -> dict[str, str]:
    """{previous session id: current id} of the dataset's imported sessions whose id changed."""
    mapping = {}
    for child in sorted(Path(dataset).iterdir()):
        try:
            manifest = orjson.loads((child / MANIFEST_FILE).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        imported = manifest.get("import") if isinstance(manifest, dict) else None
        old = imported.get("previous_session_id") if isinstance(imported, dict) else None
        new = manifest.get("session_id")
        if isinstance(old, str) and isinstance(new, str) and old and old != new:
            mapping[old] = new
    return mapping


def run(dataset: Path, store: Store, who: str) -> int:
    if not Path(dataset).is_dir():
        raise CommandError(f"{dataset}: not a directory")
    mapping = previous_ids(dataset)
    moved = rekey(store, mapping, who)
    for old, rows in sorted(moved.items(), key=lambda kv: mapping[kv[0]]):
        click.echo(f"moved {rows} row(s) to {mapping[old]}")  # never the old id: it may hold an e-mail
    click.echo(f"{len(moved)} session(s) re-keyed, {len(mapping) - len(moved)} without annotations under "
               "their previous id", err=True)
    return EXIT_OK
