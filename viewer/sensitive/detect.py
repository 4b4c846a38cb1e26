"""Findings in a session's typed text and window titles (no OCR here: see ocr.py)."""

from __future__ import annotations

import re

import pandas as pd

from .config import Config
from .findings import Finding, mask
from .patterns import Hit
from .textscan import scan_text
from .titles import title_findings
from .typed import Segment, segments

LOGIN_TITLE = re.compile(r"(?i)\b(sign[ -]?in|log[ -]?in|login|logon|password|passphrase|passcode|unlock|"
                         r"authenticat\w*|credentials|2fa|verification)\b")
PASSWORD_PROMPT_CMD = re.compile(r"^\s*(sudo|su|ssh|scp|sftp|passwd|kinit|ssh-add|gpg|ssh-keygen|mysql\b.*\s-p\s*$|"
                                 r"psql|docker login|podman login|vault login|openssl|git push|git pull|git clone|"
                                 r"htpasswd|mount|rsync)\b")
SECRET_PROMPT_CMD = re.compile(r"^\s*aws\s+configure\b")
KEYWORD_VALUE = re.compile(r"(?i)\b[\w\-]*(password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key)[\w\-]*"
                           r"\s*[=:]\s*['\"]?([^\s'\"]{4,})")
EXPIRY = re.compile(r"^\s*(0[1-9]|1[0-2])\s*/\s*\d{2}(\d{2})?\s*$")
SINGLE_TOKEN = re.compile(r"\S{4,128}")


def typed_findings(session_id: str, segs: list[Segment], config: Config) -> list[Finding]:
    out: list[Finding] = []
    hits_of: dict[int, list[Hit]] = {}
    for seg in segs:
        text = seg.text
        hits = scan_text(text, config) if text.strip() else []
        for m in KEYWORD_VALUE.finditer(text):
            if not any(h.start <= m.start(2) < h.end for h in hits):
                cat = "password" if m.group(1).lower() in ("password", "passwd", "pwd") else "secret"
                hits.append(Hit(m.start(2), m.end(2), cat, "keyword", 0.8))
        hits_of[seg.index] = hits
        extra = _context_hit(seg, segs, hits_of)
        if extra is not None:
            hits.append(extra)
        for h in hits:
            t0, t1 = seg.span(h.start, h.end)
            detector = h.detector + ("+paste" if any(c.pasted for c in seg.chars[h.start:h.end]) else "")
            out.append(Finding(session_id, t0, t1, "events", h.category, detector, h.confidence, [],
                               mask(text[h.start:h.end], h.category)))
    return out


def _previous(seg: Segment, segs: list[Segment]) -> Segment | None:
    prev = segs[seg.index - 1] if seg.index > 0 else None
    return prev if prev is not None and prev.window == seg.window else None


def _context_hit(seg: Segment, segs: list[Segment], hits_of: dict[int, list[Hit]]) -> Hit | None:
    """Passwords and card codes have no pattern: they are recognised by where they are typed."""
    text = seg.text
    if hits_of[seg.index]:
        return None
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    prev = _previous(seg, segs)
    prev_hits = hits_of.get(prev.index, []) if prev else []
    # a card code: 3-4 digits right after a card number or an expiry date in the same window
    if re.fullmatch(r"\d{3,4}", text.strip()):
        earlier = [s for s in segs[max(0, seg.index - 3):seg.index] if s.window == seg.window]
        if any(h.category == "credit_card" for s in earlier for h in hits_of.get(s.index, [])) or \
                any(EXPIRY.match(s.text) for s in earlier):
            return Hit(start, end, "credit_card", "card-context", 0.75)
        return None
    if not SINGLE_TOKEN.fullmatch(text.strip() or "x"):
        return None
    # a terminal: the command before asked for a password or a key
    if prev is not None and prev.ended_by == "enter":
        command = prev.text
        if SECRET_PROMPT_CMD.match(command) or _chain_after(seg, segs, SECRET_PROMPT_CMD, 1):
            return Hit(start, end, "secret", "prompt-context", 0.6) if len(text.strip()) >= 12 else None
        if PASSWORD_PROMPT_CMD.match(command) and seg.ended_by == "enter":
            return Hit(start, end, "password", "prompt-context", 0.8)
    if LOGIN_TITLE.search(seg.title) and seg.ended_by != "tab":
        after_user = prev is not None and seg.started_by == "tab"
        if after_user or seg.ended_by in ("enter", "click", "focus"):
            return Hit(start, end, "password", "login-context", 0.9 if after_user else 0.6)
    # e-mail or user name, Tab, then this, then Enter: a sign-in form with an unhelpful title
    if prev is not None and seg.started_by == "tab" and seg.ended_by == "enter" and \
            any(h.category == "email" for h in prev_hits) and len(text.strip()) >= 6:
        return Hit(start, end, "password", "login-context", 0.7)
    return None


def _chain_after(seg: Segment, segs: list[Segment], command: re.Pattern, depth: int) -> bool:
    """True when one of the `depth` segments before (each ended by Enter, same window) was `command`."""
    i = seg.index - 1
    for _ in range(depth):
        i -= 1
        if i < 0 or segs[i].window != seg.window or segs[i].ended_by != "enter":
            return False
        if command.match(segs[i].text):
            return True
    return False


def window_findings(session, config: Config) -> list[Finding]:
    """Whole-screen flags (pixels and the keys typed there) for the time a window matching a title rule has focus."""
    ev = session.events
    end = session.duration
    focus = ev[ev["type"] == "focus"]
    periods = []
    times = focus["t"].to_numpy(dtype=float)
    for i, row in enumerate(focus.itertuples(index=False)):
        t1 = times[i + 1] - 0.001 if i + 1 < len(times) else end
        app, title = _s(row.app), _s(row.title)
        rule = next((r for r in config.title_rules if r.regex.search(app if r.field == "app" else title)), None)
        if rule is not None:
            periods.append([rule, float(row.t), float(t1)])
    merged: list[list] = []
    for p in periods:
        if merged and merged[-1][0] is p[0] and p[1] - merged[-1][2] < 0.01:
            merged[-1][2] = p[2]
        else:
            merged.append(p)
    out = []
    for rule, t0, t1 in merged:
        out.append(Finding(session.session_id, t0, t1, "both", rule.category, f"title:{rule.name}", 0.6,
                           _screens_used(session, t0, t1), ""))
    return out


def _s(v) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


def _screens_used(session, t0: float, t1: float) -> list[list[int]]:
    """The whole screen(s) the pointer pressed on in [t0, t1] (where the window is); all screens when unknown."""
    screens = session.manifest.screens
    ev = session.events
    if len(screens) > 1:
        sel = ev[(ev["t"] >= t0) & (ev["t"] <= t1) & ev["type"].isin(["down", "click"])]
        used = set()
        for x, y in zip(sel["x"].to_numpy(dtype=float, na_value=-1), sel["y"].to_numpy(dtype=float, na_value=-1)):
            for s in screens:
                if s.x <= x < s.x + s.width and s.y <= y < s.y + s.height:
                    used.add(s.id)
        if used:
            screens = [s for s in screens if s.id in used]
    return [[s.id, 0, 0, s.width, s.height] for s in screens]


def note_findings(session, config: Config) -> list[Finding]:
    """Values in recorder markers (at the marker's time) and in the manifest's task instructions (over the
    task's span); scope `events`: the text itself, not the pixels."""
    out = []
    ev = session.events
    if "label" in ev.columns:
        for t, label in zip(ev.loc[ev["type"] == "marker", "t"], ev.loc[ev["type"] == "marker", "label"]):
            text = _s(label)
            for h in scan_text(text, config):
                out.append(Finding(session.session_id, float(t), float(t), "events", h.category,
                                   f"marker:{h.detector}", h.confidence, [], mask(text[h.start:h.end], h.category)))
    for task in session.manifest.tasks:
        text = task.instruction
        for h in scan_text(text, config):
            out.append(Finding(session.session_id, float(task.t_start), float(task.t_end), "events", h.category,
                               f"instruction:{h.detector}", h.confidence, [], mask(text[h.start:h.end], h.category)))
    return out


def session_findings(session, config: Config) -> list[Finding]:
    """Typed text and text events, window titles (values in them, and whole-screen title rules), markers and
    task instructions."""
    segs = segments(session.events)
    return (typed_findings(session.session_id, segs, config) + window_findings(session, config) +
            title_findings(session, config) + note_findings(session, config))
