"""Helpers shared by the importer tests (tests/test_import_*.py): reading and checking a written session."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import orjson
import pyarrow.parquet as pq

from viewer.trace.check_event import check_object
from viewer.trace.manifest import read_manifest

SAMPLES = Path(__file__).resolve().parent / "data"  # real recordings of other tools, with their licences
DUCKTRACK = SAMPLES / "ducktrack"
OPENADAPT_SQL = SAMPLES / "openadapt" / "fixtures.sql"
STEPS_JSON = SAMPLES / "agentnet-steps" / "s_7f27a11115e596eb.json"
SCREENAGENT = SAMPLES / "screenagent" / "02ea503d419c440cbda9e42263706d6a"
BROWSER_AGENT = SAMPLES / "browser-agent"
RRWEB = SAMPLES / "rrweb" / "recording.json"


def load(session: Path) -> tuple[dict, list[dict]]:
    """The manifest and the events of a written session (events.parquet, as importers write it, or
    events.jsonl), each event with only the fields it has (as its JSON line would hold them)."""
    manifest = orjson.loads((session / "session.json").read_bytes())
    return manifest, read_events(session)


def read_events(session: Path) -> list[dict]:
    if (session / "events.parquet").is_file():
        rows = pq.read_table(session / "events.parquet").to_pylist()
        return [{k: v for k, v in row.items() if v is not None} for row in rows]
    return [orjson.loads(line) for line in (session / "events.jsonl").read_bytes().splitlines() if line]


def readable_bytes(path: Path) -> bytes:
    """A file's bytes, or for a Parquet file its decoded rows as JSON (its own bytes are compressed, so a
    search of them would find nothing whatever they hold)."""
    if path.suffix == ".parquet":
        return orjson.dumps(pq.read_table(path).to_pylist())
    return path.read_bytes()


def counts(events: list[dict]) -> Counter:
    return Counter(e["type"] for e in events)


def tree_digest(root: Path) -> str:
    """A digest of every file under root (names and bytes): shows a source was not modified."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def assert_valid(session: Path) -> None:
    """The session is valid trace/1: sorted times, every event and the manifest without errors.

    Uses the package's validator when it exists (viewer/trace/validate.py), else its building blocks.
    """
    manifest, events = load(session)
    times = [e["t"] for e in events]
    assert times == sorted(times), "events are not sorted by t"
    parsed, problems, _ = read_manifest(session)
    assert parsed is not None, [str(p) for p in problems]
    assert not [p for p in problems if p.is_error], [str(p) for p in problems]
    for event in events:
        errors = [f for f in check_object(event) if f[2] == "error"]
        assert not errors, (event, errors)
    for event in events:
        if event["type"] == "screenshot":
            assert (session / event["file"]).is_file(), event["file"]
    if "video" in manifest:
        assert (session / manifest["video"]["file"]).is_file()
    _validator(session)


def _validator(session: Path) -> None:
    try:
        from viewer.trace import validate
    except ImportError:
        return
    for name in ("validate_session", "validate_path", "validate"):
        fn = getattr(validate, name, None)
        if not callable(fn):
            continue
        try:
            result = fn(session)
        except TypeError:  # another signature than (path): this helper does not know it
            return
        problems = getattr(result, "problems", result)
        if isinstance(problems, (list, tuple)):
            errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
            assert not errors, [str(p) for p in errors]
        return


def identifier_forms(email: str) -> set[str]:
    """The ways an e-mail shows up in files: raw, `@` replaced, URL-encoded, lower-cased, and its two parts."""
    from urllib.parse import quote

    local, domain = email.split("@")
    forms = {email, email.replace("@", "_"), email.replace("@", "-"), email.replace("@", "-at-"), quote(email),
             quote(email, safe=""), local, domain}
    return forms | {f.lower() for f in forms}


def assert_no_identifier(session: Path, email: str) -> None:
    """The e-mail is the manifest's `user`, and no file name or other byte of the written session holds it in
    any form, except the verbatim source copies under source/ and the manifest's `import` provenance (which
    export drops)."""
    forms = identifier_forms(email)
    assert not [f for f in forms if f in session.name], session.name
    for path in session.rglob("*"):
        rel = path.relative_to(session)
        if rel.parts[0] == "source":
            continue
        assert not [f for f in forms if f in str(rel)], rel
        if path.is_file():
            data = path.read_bytes()
            if rel.as_posix() == "session.json":
                manifest = orjson.loads(data)
                assert manifest.pop("user") == email
                manifest.pop("import", None)
                data = orjson.dumps(manifest)
            assert not [f for f in forms if f.lower().encode() in data.lower()], rel
