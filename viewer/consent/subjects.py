"""Which sessions of a dataset belong to a person: the manifest's `user`, read without loading events."""

from __future__ import annotations

from pathlib import Path

from viewer.trace.dataset import find_sessions
from viewer.trace.manifest import read_manifest


def subject_sessions(root: Path, subject: str) -> tuple[list[tuple[Path, str]], int]:
    """(session directory, session id) of every session whose manifest `user` is `subject`, and how many
    sessions could not be read (counted, never named: they may be anyone's)."""
    paths, _ = find_sessions(Path(root))
    found, unreadable = [], 0
    for path in paths:
        manifest, _problems, _raw = read_manifest(path)
        if manifest is None:
            unreadable += 1
        elif manifest.user == subject:
            found.append((path, manifest.session_id))
    return found, unreadable




def held_people(root: Path) -> dict[str, int]:
    """Person (manifest `user`) -> how many of the dataset's sessions are theirs (unreadable ones not counted)."""
    paths, _ = find_sessions(Path(root))
    people: dict[str, int] = {}
    for path in paths:
        manifest, _problems, _raw = read_manifest(path)
        if manifest is not None and manifest.user:
            people[manifest.user] = people.get(manifest.user, 0) + 1
    return people
