"""Window-title rules and an organisation's own patterns, built in and from a TOML or JSON file.

File format (TOML shown; JSON has the same keys):

    [[pattern]]                # extra text patterns, matched in typed text and OCR text
    name = "employee-id"       # shows as detector "config:employee-id"
    regex = "EMP-\\d{6}"       # Python regular expression
    category = "employee_id"
    confidence = 0.9           # optional, default 0.8

    [[title_rule]]             # a window whose title (or app) matches is flagged as a whole screen
    name = "hr-portal"
    regex = "(?i)\\bworkday\\b"
    category = "hr"
    field = "title"            # "title" (default) or "app"

    [[names]]                  # an organisation's own names (employees, customers, projects), matched in
    name = "employees"         # every text the detectors read, with OCR tolerance: one differing character
    category = "person"        # per eight (at most), case and accents ignored
    values = ["Maria Cruz Lopez", "Jonas Keller"]
    csv = "people.csv"         # and/or a CSV file (relative to this file): one name per row
    column = "name"            # the CSV column (a header row); default: the first column

    [settings]
    builtin_title_rules = true # false: use only the file's title rules

    [export]                   # what an export may keep beyond what its redaction knows (default: nothing)
    keep_fields = ["event.window_rect", "event_type.a11y", "manifest.source_metadata", "manifest.recorder.build"]
    keep_files = ["notes/*.txt"] # files no event or manifest entry names, as globs inside the session
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the field, never text from a trace."""


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern
    category: str
    confidence: float = 0.8


@dataclass(frozen=True)
class TitleRule:
    name: str
    regex: re.Pattern
    category: str
    field: str = "title"


BUILTIN_TITLE_RULES = [
    ("banking", r"(?i)\b(bank|banking|credit union|chase|barclays|santander|hsbc|wells fargo|revolut|n26|"
                r"monzo|paypal|online banking|account balance|brokerage|fidelity|vanguard)\b", "banking"),
    ("password-manager", r"(?i)\b(1password|bitwarden|lastpass|keepass(xc)?|dashlane|keychain access|"
                         r"password manager|passwords)\b", "password_manager"),
    # a direct-message or personal messenger window; a work chat channel ("#deploys - Acme - Slack") is not
    ("private-messaging", r"(?i)\b(whatsapp|signal|telegram|messenger|imessage|direct messages?|"
                          r"private message|dm|wechat)\b|^\s*messages\s*$|\(DM\)", "private_messaging"),
    ("health", r"(?i)\b(mychart|patient portal|medical records?|clinic|hospital|pharmacy|prescriptions?|"
               r"lab results|doctor|therapy|therapist|insurance claim|health (insurance|record|portal|plan))\b",
     "health"),
]


KEEP_PREFIXES = ("event", "event_type", "manifest")
KEEP_NAME = re.compile(r"[A-Za-z0-9_\-]{1,64}(\.[A-Za-z0-9_\-]{1,64}){0,7}")


@dataclass(frozen=True)
class ExportKeep:
    """What an export keeps beyond the fields, types and files its redaction knows (the allow-list)."""

    event_fields: frozenset[str] = frozenset()  # extra fields kept on any event: "window_rect"
    event_types: frozenset[str] = frozenset()   # event types the format does not define, kept: "a11y"
    manifest: frozenset[str] = frozenset()      # dotted manifest paths, whole subtree: "recorder.build"
    files: tuple[str, ...] = ()                 # globs of other files inside the session: "notes/*.txt"


@dataclass(frozen=True)
class NameList:
    name: str
    category: str
    values: tuple[str, ...]


@dataclass
class Config:
    patterns: list[Pattern] = field(default_factory=list)
    title_rules: list[TitleRule] = field(default_factory=list)
    export: ExportKeep = field(default_factory=ExportKeep)
    name_lists: list[NameList] = field(default_factory=list)


def default_config() -> Config:
    return Config([], [TitleRule(n, re.compile(rx), c) for n, rx, c in BUILTIN_TITLE_RULES])


def load_config(path: Path | str | None) -> Config:
    if path is None:
        return default_config()
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'TOML'}: "
                          f"{type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a table/object")
    settings = data.get("settings", {})
    cfg = default_config() if settings.get("builtin_title_rules", True) else Config()
    for i, item in enumerate(data.get("pattern", data.get("patterns", []))):
        name, rx, cat = _common(path, "pattern", i, item)
        conf = item.get("confidence", 0.8)
        if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
            raise ConfigError(f"{path}: pattern[{i}].confidence: must be a number in 0..1")
        cfg.patterns.append(Pattern(name, rx, cat, float(conf)))
    for i, item in enumerate(data.get("title_rule", data.get("title_rules", []))):
        name, rx, cat = _common(path, "title_rule", i, item)
        where = item.get("field", "title")
        if where not in ("title", "app"):
            raise ConfigError(f"{path}: title_rule[{i}].field: must be 'title' or 'app'")
        cfg.title_rules.append(TitleRule(name, rx, cat, where))
    cfg.export = _export_keep(path, data.get("export", {}))
    for i, item in enumerate(data.get("names", [])):
        cfg.name_lists.append(_name_list(path, i, item))
    return cfg


def _strings(path: Path, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{path}: export.{key}: must be a list of non-empty strings")
    return value


def _export_keep(path: Path, table: object) -> ExportKeep:
    """`[export] keep_fields` ("event.NAME", "event_type.NAME", "manifest.PATH") and `keep_files` (globs)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: export: must be a table/object")
    found: dict[str, set[str]] = {p: set() for p in KEEP_PREFIXES}
    for i, entry in enumerate(_strings(path, "keep_fields", table.get("keep_fields", []))):
        prefix, _, name = entry.partition(".")
        if prefix not in found or not KEEP_NAME.fullmatch(name) or (prefix != "manifest" and "." in name):
            raise ConfigError(f"{path}: export.keep_fields[{i}]: must be event.NAME, event_type.NAME or "
                              "manifest.NAME[.NAME...] (letters, digits, '_', '-')")
        found[prefix].add(name)
    files = _strings(path, "keep_files", table.get("keep_files", []))
    for i, glob in enumerate(files):
        if glob.startswith("/") or ".." in glob.split("/"):
            raise ConfigError(f"{path}: export.keep_files[{i}]: must be a relative glob inside the session")
    return ExportKeep(frozenset(found["event"]), frozenset(found["event_type"]), frozenset(found["manifest"]),
                      tuple(files))


MAX_NAMES = 200_000


def _name_list(path: Path, i: int, item: object) -> NameList:
    where = f"{path}: names[{i}]"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a table/object")
    name, category = item.get("name"), item.get("category")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.\-]{1,48}", name):
        raise ConfigError(f"{where}.name: missing, or not letters, digits, '_', '-'")
    if not isinstance(category, str) or not re.fullmatch(r"[a-z0-9_\-]{1,48}", category):
        raise ConfigError(f"{where}.category: missing, or not lower-case letters, digits, '_', '-'")
    values = item.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}.values: must be a list of strings")
    if "csv" in item:
        values = values + _csv_names(path, where, item["csv"], item.get("column"))
    clean = tuple(dict.fromkeys(v.strip() for v in values if len(v.strip()) >= 3))
    if not clean:
        raise ConfigError(f"{where}: no names (values or csv), or all shorter than 3 characters")
    if len(clean) > MAX_NAMES:
        raise ConfigError(f"{where}: more than {MAX_NAMES} names")
    return NameList(name, category, clean)


def _csv_names(path: Path, where: str, rel: object, column: object) -> list[str]:
    """Names from a CSV beside the config file; errors name the CSV's line, never a value from it."""
    if not isinstance(rel, str) or not rel:
        raise ConfigError(f"{where}.csv: must be a file name")
    if column is not None and not isinstance(column, str):
        raise ConfigError(f"{where}.column: must be a string")
    file = (path.parent / rel) if not Path(rel).is_absolute() else Path(rel)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror} (from {where}.csv)") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text (from {where}.csv)") from None
    rows = csv.reader(text.splitlines())
    out, col = [], 0
    for n, row in enumerate(rows, start=1):
        if n == 1 and column is not None:
            if column not in row:
                raise ConfigError(f"{file}:1: no column {column!r} in the header (from {where}.column)")
            col = row.index(column)
            continue
        if not row or not any(c.strip() for c in row):
            continue
        if col >= len(row):
            raise ConfigError(f"{file}:{n}: row has {len(row)} column(s), the name is in column {col + 1}")
        out.append(row[col])
    return out


def _common(path: Path, kind: str, i: int, item: object) -> tuple[str, re.Pattern, str]:
    if not isinstance(item, dict):
        raise ConfigError(f"{path}: {kind}[{i}]: must be a table/object")
    for key in ("name", "regex", "category"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise ConfigError(f"{path}: {kind}[{i}].{key}: missing or not a string")
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,48}", item["name"]) or not re.fullmatch(r"[a-z0-9_\-]{1,48}",
                                                                                    item["category"]):
        raise ConfigError(f"{path}: {kind}[{i}]: name/category: letters, digits, '_', '-' only")
    try:
        rx = re.compile(item["regex"])
    except re.error as exc:
        raise ConfigError(f"{path}: {kind}[{i}].regex: invalid: {exc.msg}") from None
    return item["name"], rx, item["category"]
