"""Window titles and app names through the detectors: a title holding a person, a handle, an e-mail, a channel,
a repository... gets a suggestion (scope `events`: the value inside the title) over the time its window has focus.

The title's own structure is evidence too: "DM: x", "Chat with x", "x (DM)", "Conversation with x"; a segment
between separators (" - ", " | ", " · ", " — ") that is the app's own name or a public vendor is chrome and never
a finding ("Slack" in "#deploys - Acme - Slack").
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from .config import Config, NameList
from .entities import NAME, PUBLIC_CHANNELS, PUBLIC_ORGS, PUBLIC_OWNERS, first_names, fold, trim_name
from .findings import Finding, mask
from .ner import entity_hits, without_overlap
from .patterns import Hit, merge
from .textscan import scan_text

CONVERSATION = re.compile(rf"(?i:^\s*(?:dm|direct message|message|messages|chat|conversation|call|meeting|"
                          rf"1:1|one-on-one)(?:\s+with)?\s*[:\-–]?\s+)(@?[\w.+\-]+@[\w.\-]+|@[\w.\-]+|{NAME})")
DM_SUFFIX = re.compile(rf"({NAME})\s*\((?i:dm|direct message)\)")
SEPARATORS = re.compile(r"\s+[-|·—–]\s+")
CHAT_APPS = re.compile(r"(?i)^(?:slack|microsoft teams|teams|discord|mattermost|rocket\.chat|zulip|element|"
                       r"google chat|chat)$")
BY_USER = re.compile(r"\bby\s+@?([a-z][a-z0-9_\-]{2,38})(?=\s+[-|·—–]|\s*$)")
CHANNEL_SEGMENT = re.compile(r"^[#*!]?\s*([a-z0-9][a-z0-9_.\-]{2,79})(?:\s*\((?:channel|private channel)\))?$")


def _segments(title: str) -> list[tuple[int, int]]:
    """(start, end) of each part of a title between separators, stripped."""
    out, pos = [], 0
    for m in [*SEPARATORS.finditer(title), None]:
        end = m.start() if m else len(title)
        part = title[pos:end]
        lead = len(part) - len(part.lstrip())
        out.append((pos + lead, pos + len(part.rstrip())))
        pos = m.end() if m else pos
    return [(a, b) for a, b in out if b > a]


def _chat_body(title: str, app: str) -> list[tuple[int, int]]:
    """The parts of a chat app's title that are not the app's name ("<channel or person> - <workspace>"); none
    when the title is not a chat app's."""
    segs = _segments(title)
    if not segs or not (CHAT_APPS.match(app.strip()) or CHAT_APPS.match(title[segs[-1][0]:segs[-1][1]])):
        return []
    return [seg for seg in segs if not CHAT_APPS.match(title[seg[0]:seg[1]])]


def _chat_title(title: str, app: str) -> list[Hit]:
    """In a chat app's title, "<channel or person> - <workspace> - <app>": the channel and the person of a
    direct message (the workspace is the app's chrome: the recorded person's own employer on every screen)."""
    body = _chat_body(title, app)
    out = []
    if body:
        a, b = body[0]
        first = title[a:b]
        m = CHANNEL_SEGMENT.match(first)
        if m and m.group(1) not in PUBLIC_CHANNELS and re.search(r"[a-z]", m.group(1)):
            out.append(Hit(a + m.start(1), a + m.end(1), "channel", "title-chat-channel", 0.75))
        else:
            m = re.match(rf"^({NAME})(?:\s*\((?i:dm|direct message)\))?$", first)
            span = trim_name((a + m.start(1), a + m.end(1)), title) if m else None
            if span and _names_a_person(title[span[0]:span[1]]):
                out.append(Hit(*span, "person", "title-chat-dm", 0.7))
    return out


PROFILE_SITES = re.compile(r"(?i)^(?:linkedin|facebook|instagram|x|twitter|xing|github|gitlab|mastodon|threads|"
                           r"bluesky|medium|substack|about\.me)$")
REPO_FIRST = re.compile(r"^(?:github\s*-\s*)?([A-Za-z0-9][\w\-]{0,38}/[A-Za-z0-9][\w.\-]{0,99})(?=:|$)", re.I)


def _names_a_person(value: str) -> bool:
    words = value.split()
    return fold(value) not in PUBLIC_ORGS and (len(words) >= 2 or fold(words[0]) in first_names())


def _site_title(title: str) -> list[Hit]:
    """A profile page ("Oluwaseun Adeyemi | LinkedIn") and a repository page ("owner/repo: description")."""
    segs = _segments(title)
    out = []
    if len(segs) >= 2 and PROFILE_SITES.match(title[segs[-1][0]:segs[-1][1]]):
        a, b = segs[0]
        m = re.match(rf"^({NAME})(?:\s*\(@?[\w.\-]+\))?$", title[a:b])
        if m and _names_a_person(m.group(1)):
            out.append(Hit(a + m.start(1), a + m.end(1), "person", "title-profile", 0.75))
    a, _b = segs[0] if segs else (0, 0)
    m = REPO_FIRST.match(title[a:])
    if m and m.group(1).split("/")[0].lower() not in PUBLIC_OWNERS:
        out.append(Hit(a + m.start(1), a + m.end(1), "repository", "title-repo", 0.75))
    return out


def _named(title: str, start: int, end: int) -> list[Hit]:
    """People and organisations the named-entity model finds in one part of a title (between separators); a lone
    word is not enough there (a workspace, a page's name)."""
    part = title[start:end]
    return [Hit(start + h.start, start + h.end, h.category, h.detector, h.confidence)
            for h in entity_hits([part])[0] if h.category in ("person", "organisation") and
            len(part[h.start:h.end].split()) >= 2]


def title_hits(title: str, app: str, config: Config) -> list[Hit]:
    """Hits in one title; chrome (the app's name, a public vendor) is dropped."""
    if not title or not title.strip():
        return []
    hits = scan_text(title, config) + _chat_title(title, app) + _site_title(title)
    named = [h for part in _segments(title) for h in _named(title, *part)]
    hits += without_overlap(named, hits)
    hits += [Hit(m.start(1), m.end(1), "handle", "title-by-user", 0.7) for m in BY_USER.finditer(title)]
    for rx, detector in ((CONVERSATION, "title-conversation"), (DM_SUFFIX, "title-dm")):
        for m in rx.finditer(title):
            span = trim_name(m.span(1), title) if not m.group(1).startswith("@") and "@" not in m.group(1) \
                else m.span(1)
            if span:
                cat = "handle" if title[span[0]] == "@" else "email" if "@" in title[span[0]:span[1]] else "person"
                hits.append(Hit(*span, cat, detector, 0.8))
    chrome = {fold(app)} | {fold(seg) for seg in SEPARATORS.split(title) if fold(seg.strip()) in PUBLIC_ORGS}
    segs = _segments(title)
    site = fold(title[segs[-1][0]:segs[-1][1]]) if len(segs) >= 2 else None
    # "Order confirmed – Kestrel & Co": an organisation that is the title's last part names the site or app
    return [h for h in merge(hits) if h.detector.startswith("list:") or
            fold(title[h.start:h.end].strip()) not in chrome | PUBLIC_ORGS and
            not (h.category == "organisation" and fold(title[h.start:h.end].strip()) == site)]


def title_findings(session, config: Config) -> list[Finding]:
    """One finding per value per focus period (consecutive focus events on the same title are one period)."""
    ev = session.events
    focus = ev[ev["type"] == "focus"]
    times = focus["t"].to_numpy(dtype=float)
    periods: list[list] = []
    for i, row in enumerate(focus.itertuples(index=False)):
        t1 = float(times[i + 1] - 0.001 if i + 1 < len(times) else session.duration)
        app, title = _s(getattr(row, "app", "")), _s(getattr(row, "title", ""))
        if periods and periods[-1][0] == (app, title) and float(row.t) - periods[-1][2] < 0.01:
            periods[-1][2] = t1
        else:
            periods.append([(app, title), float(row.t), t1])
    out = []
    cache: dict[tuple[str, str], list[Hit]] = {}
    for (app, title), t0, t1 in periods:
        key = (app, title)
        if key not in cache:
            cache[key] = title_hits(title, app, config) + _app_hits(app, config)
        for h in cache[key]:
            text = title if h.detector != "app" else app
            out.append(Finding(session.session_id, t0, max(t0, t1), "events", h.category, f"title:{h.detector}",
                               h.confidence, [], mask(text[h.start:h.end], h.category)))
    return out


def _app_hits(app: str, config: Config) -> list[Hit]:
    """An app name holding a value (a person's or customer's name as the app, from the config lists)."""
    if not app or fold(app) in PUBLIC_ORGS:
        return []
    from .namelists import match_lists

    return [Hit(h.start, h.end, h.category, "app", h.confidence) for h in match_lists(app, config.name_lists)]


def chat_workspace(title: str, app: str) -> str | None:
    """The workspace of a chat app's title ("#deploys - Acme - Slack": "Acme"), the recorded person's employer: not
    flagged in the title (it is there on every screen) but an organisation where the screen shows it."""
    body = [title[a:b] for a, b in _chat_body(title, app)]
    if len(body) != 2 or fold(body[1]) in PUBLIC_ORGS or not re.search(r"[^\W\d_]{2}", body[1]):
        return None
    return body[1]


def title_values(title: str, app: str, config: Config) -> list[NameList]:
    """The sensitive values of a title as name lists (one per category), to find the title bar on a screenshot;
    a chat title's workspace too (chat_workspace)."""
    by_cat: dict[str, list[str]] = {}
    for h in title_hits(title, app, config):
        value = title[h.start:h.end].strip()
        if len(value) >= 3:
            by_cat.setdefault(h.category, []).append(value)
    workspace = chat_workspace(title, app)
    if workspace and len(workspace) >= 3 and workspace not in by_cat.get("organisation", []):
        by_cat.setdefault("organisation", []).append(workspace)
    return [NameList(f"title-{cat}", cat, tuple(values)) for cat, values in by_cat.items()]


def _s(v) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


def with_title(config: Config, title: str | None, app: str = "") -> Config:
    """`config` plus the title's values as name lists: the title bar (or the same value elsewhere on the
    screenshot) is then found on screen with OCR tolerance."""
    if not title:
        return config
    extra = title_values(title, app, config)
    if not extra:
        return config
    return dataclasses.replace(config, name_lists=[*config.name_lists, *extra])
