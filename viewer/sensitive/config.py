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

    [settings]
    builtin_title_rules = true # false: use only the file's title rules

    [export]                   # what an export may keep beyond what its redaction knows (default: nothing)
    keep_fields = ["event.window_rect", "event_type.a11y", "manifest.source_metadata", "manifest.recorder.build"]
    keep_files = ["notes/*.txt"] # files no event or manifest entry names, as globs inside the session
"""

from __future__ import annotations

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
    ("private-messaging", r"(?i)\b(whatsapp|signal|telegram|messenger|imessage|messages|direct message|"
                          r"chat|slack|discord|wechat|line)\b", "private_messaging"),
    ("health", r"(?i)\b(mychart|patient portal|health|medical|clinic|hospital|pharmacy|prescription|"
               r"lab results|doctor|therapy|insurance claim)\b", "health"),
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


@dataclass
class Config:
    patterns: list[Pattern] = field(default_factory=list)
    title_rules: list[TitleRule] = field(default_factory=list)
    export: ExportKeep = field(default_factory=ExportKeep)


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
