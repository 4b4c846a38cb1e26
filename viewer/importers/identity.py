"""Who was recorded, and keeping it out of everything but the manifest's `user`.

Sources hold the recorded person's identifier in folder names (the AgentNet tool names its folders
`<timestamp>_<e-mail>_<uuid>`), in metadata fields and in extra fields. An importer finds it with
`find_identity`; the person's first identifier becomes `user` (where erasure, consent and the export's
keyed pseudonyms work) and every identifier is scrubbed from whatever else the session holds
(`scrub_built`): event fields, manifest fields, file names. Session ids come from the recording's own
uuid or from its content (`session_id_for`), never from a name that could hold a person's identifier.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

PLACEHOLDER = "[user]"
# metadata fields whose value is the recorded person (first found becomes `user`; e-mails win)
IDENTITY_KEYS = ("user", "user_id", "username", "user_name", "email", "user_email", "e_mail", "mail",
                 "full_name", "display_name", "annotator", "recorder_email", "author", "owner")
EMAIL = re.compile(r"[A-Za-z0-9.%+_-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
# "20250101_120000_", "step_1_" before an e-mail in a folder or file name
TIMESTAMP_PREFIX = re.compile(r"^(?:[A-Za-z]+[_-])?(?:\d+[_-])+")
# a file's extension after an e-mail in its name ("step_1_jane@example.org.png")
FILE_SUFFIX = re.compile(r"\.(?:png|jpe?g|gif|webp|bmp|json|jsonl|txt|log|csv|mp4|webm|mkv|mov|avi|db|sql|html?)$",
                         re.IGNORECASE)
SEPARATOR = r"(?:@|%40|[\s_.-]*[\[(]?at[\])]?[\s_.-]*|[^A-Za-z0-9]{1,3})"  # "@" as names and URLs write it
MIN_PART = 3  # shorter parts (a one-letter local part) are only scrubbed as part of the whole e-mail
KEEP_MANIFEST = ("user", "import", "source_private")  # provenance, never exported


@dataclass(frozen=True)
class Identity:
    """The recorded person as the source names them: `user` (or None) and every identifier to scrub."""

    user: str | None = None
    identifiers: tuple[str, ...] = ()
    _pattern: re.Pattern | None = field(default=None, compare=False, repr=False)

    @property
    def pattern(self) -> re.Pattern | None:
        if self._pattern is None and self.identifiers:
            object.__setattr__(self, "_pattern", _compile(self.identifiers))
        return self._pattern

    def holds(self, text: str) -> bool:
        """Whether `text` holds one of the identifiers (or any e-mail address)."""
        return bool(EMAIL.search(text) or (self.pattern and self.pattern.search(text)))

    def scrub(self, text: str) -> str:
        return self.pattern.sub(PLACEHOLDER, text) if self.pattern else text


def find_identity(metadata: list[dict], names: list[str], texts: list[str] = ()) -> Identity:
    """The person from metadata fields (IDENTITY_KEYS, in each dict and one level below), from e-mail
    addresses in the source's folder and file names, then from e-mail addresses in `texts` (a task, an
    agent's responses, URLs; URL-encoded ones too). Typed text is not passed: what a person types may be
    someone else's address."""
    values: list[str] = []
    for meta in metadata:
        values += _metadata_values(meta)
    for name in [*names, *texts]:
        values += emails_in(name)
    first: dict[str, str] = {}
    for v in (v.strip() for v in values if v and v.strip()):
        first.setdefault(v.lower(), v)  # scrubbing ignores case: the first spelling of each is enough
    values = list(first.values())  # and an e-mail inside a longer one (a file name's) is the e-mail:
    values = [v for v in values if not (EMAIL.fullmatch(v) and any(
        o.lower() != v.lower() and o.lower() in v.lower() and EMAIL.fullmatch(o) for o in values))]
    if not values:
        return Identity()
    user = next((v for v in values if EMAIL.fullmatch(v)), values[0])
    return Identity(user, tuple(values))


def _metadata_values(meta, depth: int = 0) -> list[str]:
    if not isinstance(meta, dict):
        return []
    out = [str(meta[k]) for k in IDENTITY_KEYS if isinstance(meta.get(k), (str, int)) and meta.get(k) != ""]
    out += [e for v in meta.values() if isinstance(v, str) for e in emails_in(v)]
    if depth == 0:
        out += [x for v in meta.values() if isinstance(v, dict) for x in _metadata_values(v, 1)]
    return out


def emails_in(text: str) -> list[str]:
    """E-mail addresses in a name or value, URL-encoded ones too (a leading `<timestamp>_` of a folder name
    is not part of one)."""
    decoded = unquote(text) if "%" in text else text
    found = [m.group(0) for t in dict.fromkeys((text, decoded)) for m in EMAIL.finditer(t)]
    return list(dict.fromkeys(FILE_SUFFIX.sub("", TIMESTAMP_PREFIX.sub("", e)).strip("._-") for e in found))


def strings_in(value) -> list[str]:
    """Every string inside `value` (walking lists and dicts, keys too): the texts to search for e-mails."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*strings_in(k), *strings_in(v)]]
    return []


def _variants(identifier: str) -> list[str]:
    """Regex alternatives for one identifier: an e-mail whole (any separator for `@`, URL-encoded) and
    its local part and domain alone; a name with any separator between its words."""
    if "@" in identifier:
        local, _, domain = identifier.rpartition("@")
        out = [re.escape(local) + SEPARATOR + re.escape(domain), re.escape(quote(identifier, safe=""))]
        return out + [_alone(p) for p in (local, domain) if len(p) >= MIN_PART]
    words = [re.escape(w) for w in re.split(r"[^\w]+", identifier) if w]
    if not words or len("".join(words)) < MIN_PART:
        return []
    return [r"(?:[^A-Za-z0-9]|%[0-9A-Fa-f]{2}){0,3}".join(words)]  # "Jane Doe", "jane_doe", "Jane%20Doe"


def _alone(part: str) -> str:
    """A part on its own, not inside a longer word ("jane" is scrubbed, "janet" is not)."""
    return r"(?<![A-Za-z0-9])" + re.escape(part) + r"(?![A-Za-z0-9])"


def _compile(identifiers: tuple[str, ...]) -> re.Pattern | None:
    alternatives = sorted({v for i in identifiers for v in _variants(i)}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def scrub_value(value, identity: Identity):
    """`value` with every identifier replaced by PLACEHOLDER (strings, and inside lists and dicts)."""
    if isinstance(value, str):
        return identity.scrub(value)
    if isinstance(value, list):
        return [scrub_value(v, identity) for v in value]
    if isinstance(value, dict):
        return {scrub_value(k, identity): scrub_value(v, identity) for k, v in value.items()}
    return value


def scrub_manifest(manifest: dict, identity: Identity) -> dict:
    """The manifest with identifiers scrubbed everywhere but `user` and the never-exported provenance."""
    if identity.pattern is None:
        return manifest
    return {k: v if k in KEEP_MANIFEST else scrub_value(v, identity) for k, v in manifest.items()}


def recording_uuid(name: str) -> str | None:
    """The uuid a recorder put in a folder name (the AgentNet tool ends its folder names with one)."""
    found = UUID.findall(name)
    return found[-1].lower().replace("-", "") if found else None


def content_id(path: Path) -> str:
    """A short id from a file's bytes: stable across re-imports, and no one's name."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:16]


def session_id_for(candidate: str | None, identity: Identity, fallback: str) -> str:
    """`candidate` (a source's own id) as a session id when it holds no identifier, else `fallback`."""
    from .common import safe_id

    if candidate and not identity.holds(candidate) and not _looks_personal(candidate):
        return safe_id(candidate)
    return safe_id(fallback)


def _looks_personal(candidate: str) -> bool:
    return "@" in candidate or "%40" in candidate.lower()
