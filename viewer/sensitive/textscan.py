"""Every text detector on one string: patterns (secrets, personal data), entities (people, organisations,
handles, channels, repositories, private URLs, ids, dates of birth, addresses), the config's patterns and name
lists; overlapping hits merged into one per value. The one call typed text, titles, markers, text events, task
instructions and OCR lines all go through."""

from __future__ import annotations

from .config import Config
from .entities import scan_entities
from .namelists import match_lists
from .patterns import Hit, merge, scan


def scan_text(text: str, config: Config, code_host: bool = False) -> list[Hit]:
    """All hits in `text`; `code_host`: the text is on a code host's screen (a bare owner/name is a repository)."""
    if not text or not text.strip():
        return []
    entities = scan_entities(text, code_host)
    urls = [h for h in entities if h.category in ("private_url", "repository")]
    # a high-entropy run inside a URL's path is the URL's id, not a key: the URL finding covers it
    patterns = [h for h in scan(text, config.patterns)
                if not (h.detector == "entropy" and any(u.start <= h.start and h.end <= u.end for u in urls))]
    return merge(patterns + entities + match_lists(text, config.name_lists))
